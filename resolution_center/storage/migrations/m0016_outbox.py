"""Mail out: the outbox (frozen DDL: 0016_outbox.<backend>.sql)."""

from __future__ import annotations

import peewee

from . import ddl


def up(db: peewee.Database, backend: str) -> None:
    ddl.run(db, "0016_outbox", backend)
