"""SLA in business hours: calendar versions and each case's SLA clock (frozen DDL:
0010_sla_calendars.<backend>.sql). Cases opened before this step keep their calendar-hour due
times and no warning times; their state reads as it always did (domain/sla.py)."""

from __future__ import annotations

import peewee

from . import ddl


def up(db: peewee.Database, backend: str) -> None:
    ddl.run(db, "0010_sla_calendars", backend)
