"""Initial schema: the tables as first released, the search index, the chain head.

Frozen DDL per backend (0001_initial.<backend>.sql): SQLite keeps a full-text index the case
repository maintains (not triggers: bulk paths and PostgreSQL do it the same explicit way; rowid =
case id); PostgreSQL a generated tsvector column, split on non-word characters before the parser
sees the text, exactly as the search box splits what is typed.
"""

from __future__ import annotations

import peewee

from . import ddl


def up(db: peewee.Database, backend: str) -> None:
    ddl.run(db, "0001_initial", backend)
