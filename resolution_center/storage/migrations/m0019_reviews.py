"""Recorded periodic reviews: reviews, their notes on findings, their actions (frozen DDL:
0019_reviews.<backend>.sql)."""

from __future__ import annotations

import peewee

from . import ddl


def up(db: peewee.Database, backend: str) -> None:
    ddl.run(db, "0019_reviews", backend)
