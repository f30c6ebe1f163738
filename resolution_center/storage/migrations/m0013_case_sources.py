"""Where imported cases came from: (source system, source id), unique (frozen DDL:
0013_case_sources.<backend>.sql)."""

from __future__ import annotations

import peewee

from . import ddl


def up(db: peewee.Database, backend: str) -> None:
    ddl.run(db, "0013_case_sources", backend)
