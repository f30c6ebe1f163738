"""Satisfaction scores, notification read state, and the trail's index by action (frozen DDL:
0018_notifications_satisfaction.<backend>.sql)."""

from __future__ import annotations

import peewee

from . import ddl


def up(db: peewee.Database, backend: str) -> None:
    ddl.run(db, "0018_notifications_satisfaction", backend)
