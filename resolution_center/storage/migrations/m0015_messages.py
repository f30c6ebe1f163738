"""Messages to customers, message templates and approved answers (frozen DDL:
0015_messages.<backend>.sql)."""

from __future__ import annotations

import peewee

from . import ddl


def up(db: peewee.Database, backend: str) -> None:
    ddl.run(db, "0015_messages", backend)
