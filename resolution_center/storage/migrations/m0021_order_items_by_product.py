"""Order lines by product on SQLite, for the KPI report's top products (frozen DDL:
0021_order_items_by_product.<backend>.sql; PostgreSQL's has no statement)."""

from __future__ import annotations

import peewee

from . import ddl


def up(db: peewee.Database, backend: str) -> None:
    ddl.run(db, "0021_order_items_by_product", backend)
