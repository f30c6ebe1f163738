"""Each case's search words, stored on SQLite so a search can check a row without the index.

PostgreSQL checks a row against its generated tsvector column: its file holds no statement.
Frozen DDL per backend (0005_search_words.<backend>.sql); existing cases get their words here.
"""

from __future__ import annotations

import peewee

from ..search_words import fill_search_words
from . import ddl


def up(db: peewee.Database, backend: str) -> None:
    ddl.run(db, "0005_search_words", backend)
    if "search_words" in {c.name for c in db.get_columns("cases")}:
        fill_search_words(db)
