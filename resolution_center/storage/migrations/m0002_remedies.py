"""Remedy authorization: versioned policies (flattened for the database to check), remedies and
their sign-offs. Frozen DDL per backend (0002_remedies.<backend>.sql)."""

from __future__ import annotations

import peewee

from . import ddl


def up(db: peewee.Database, backend: str) -> None:
    ddl.run(db, "0002_remedies", backend)
