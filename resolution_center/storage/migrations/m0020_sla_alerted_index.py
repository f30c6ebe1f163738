"""An index of the open cases with an SLA warning or breach recorded (frozen DDL:
0020_sla_alerted_index.<backend>.sql)."""

from __future__ import annotations

import peewee

from . import ddl


def up(db: peewee.Database, backend: str) -> None:
    ddl.run(db, "0020_sla_alerted_index", backend)
