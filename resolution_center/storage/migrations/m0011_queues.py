"""Escalation queues (frozen DDL: 0011_queues.<backend>.sql): queue members and routing.

Members of a database upgraded to this step are added by `init` afterwards, as events
(services/setup.py), so the trail vouches for them like any other row.
"""

from __future__ import annotations

import peewee

from . import ddl


def up(db: peewee.Database, backend: str) -> None:
    ddl.run(db, "0011_queues", backend)
