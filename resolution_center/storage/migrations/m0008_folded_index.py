"""SQLite's search folds as PostgreSQL's: ł, ø, ß, æ, Greek accents... (search_text.fold).

Each case's word list is worked out again with today's folding, then the full-text index is
rebuilt from the word lists (frozen DDL per backend: 0008_folded_index.<backend>.sql), so the
index, the word lists and PostgreSQL's `rc_search` configuration find the same cases.
"""

from __future__ import annotations

import peewee

from ..search_words import fill_search_words
from . import ddl


def up(db: peewee.Database, backend: str) -> None:
    if "search_words" in {c.name for c in db.get_columns("cases")}:  # SQLite's
        fill_search_words(db)
    ddl.run(db, "0008_folded_index", backend)
