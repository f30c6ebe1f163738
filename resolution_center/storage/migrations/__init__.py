"""Schema migrations: an ordered list of steps; the database records the version it reached.

Each step is a function (db, backend) -> None run inside one transaction. Steps are never edited
once released; a change is a new step.
"""

from __future__ import annotations

from collections.abc import Callable

import peewee

from . import m0001_initial

Step = Callable[[peewee.Database, str], None]

MIGRATIONS: tuple[tuple[int, str, Step], ...] = (
    (1, "initial schema, search index and audit chain", m0001_initial.up),
)
LATEST = MIGRATIONS[-1][0]
