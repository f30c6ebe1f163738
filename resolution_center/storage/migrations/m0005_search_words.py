"""Each case's search words, stored on SQLite so a search can check a row without the index."""

from __future__ import annotations

import peewee

from ..search_words import fill_search_words


def up(db: peewee.Database, backend: str) -> None:
    # PostgreSQL checks a row against its generated tsvector column; nothing to add there.
    if backend != "sqlite":
        return
    db.execute_sql("ALTER TABLE cases ADD COLUMN search_words TEXT NOT NULL DEFAULT ''")
    fill_search_words(db)
