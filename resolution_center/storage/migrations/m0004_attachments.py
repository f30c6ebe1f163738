"""Evidence and attachments: files attached to cases, stored in the database.
Frozen DDL per backend (0004_attachments.<backend>.sql)."""

from __future__ import annotations

import peewee

from . import ddl


def up(db: peewee.Database, backend: str) -> None:
    ddl.run(db, "0004_attachments", backend)
