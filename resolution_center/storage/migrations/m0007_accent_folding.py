"""Accent folding in PostgreSQL's search, as SQLite's index has had from the start.

Frozen DDL per backend (0007_accent_folding.<backend>.sql): on PostgreSQL a text-search
configuration `rc_search` runs each word through `unaccent` before the `simple` dictionary, and
the generated search column is rebuilt with it; SQLite's file holds no statement.
"""

from __future__ import annotations

import peewee

from . import ddl


def up(db: peewee.Database, backend: str) -> None:
    ddl.run(db, "0007_accent_folding", backend)
