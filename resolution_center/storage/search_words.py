"""SQLite's stored word list per case (`cases.search_words`): filling it in and bulk rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import peewee

from ..domain import search_text

# What a search looks in, in the order `search_text.word_list` and the FTS columns take it.
SEARCH_FIELD_NAMES = (
    "reference",
    "customer_name",
    "customer_email",
    "order_number",
    "subject",
    "description",
)


def fill_search_words(db: peewee.Database, batch: int = 5_000) -> None:
    """Work out every case's word list (after the column is added, or after a restore)."""
    last = 0
    while rows := db.execute_sql(
        f"SELECT id, {', '.join(SEARCH_FIELD_NAMES)} FROM cases WHERE id > ? ORDER BY id LIMIT ?",
        (last, batch),
    ).fetchall():
        db.cursor().executemany(
            "UPDATE cases SET search_words = ? WHERE id = ?",
            [(search_text.word_list(*r[1:]), r[0]) for r in rows],
        )
        last = rows[-1][0]


def with_search_words(
    columns: Sequence[str], cases: Sequence[Sequence[Any]]
) -> tuple[tuple[str, ...], list[Sequence[Any]]]:
    """Bulk case columns and rows with each case's word list added."""
    at = [columns.index(c) for c in SEARCH_FIELD_NAMES]
    word_list = search_text.word_list
    return (*columns, "search_words"), [(*row, word_list(*(row[i] for i in at))) for row in cases]
