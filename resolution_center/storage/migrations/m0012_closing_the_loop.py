"""Closing the loop: resolution code and summary and the merge pointer on cases, follow-up
tasks, links between cases (frozen DDL: 0012_closing_the_loop.<backend>.sql)."""

from __future__ import annotations

import peewee

from . import ddl


def up(db: peewee.Database, backend: str) -> None:
    ddl.run(db, "0012_closing_the_loop", backend)
