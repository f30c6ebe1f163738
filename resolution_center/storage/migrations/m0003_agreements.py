"""Negotiated agreements: offers, agreement versions (the frozen value) and their exports.
Frozen DDL per backend (0003_agreements.<backend>.sql)."""

from __future__ import annotations

import peewee

from . import ddl


def up(db: peewee.Database, backend: str) -> None:
    ddl.run(db, "0003_agreements", backend)
