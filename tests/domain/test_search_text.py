"""Stored search words: SQLite's full-text index holds them as they are (its tokenizer splits and
folds nothing more), and they fold what PostgreSQL's `unaccent` folds."""

from __future__ import annotations

import sqlite3

import pytest

from resolution_center.domain import search_text

SAMPLES = [
    "Καλημέρα φίλε, Ελλάδα",
    "Привет ёлка",
    "Łódź żółć",
    "straße STRASSE",
    "İstanbul ılık",
    "café naïve Crème brûlée",
    "Việt Nam",
    "中文测试 日本語 한국어",
    "ﬁnance Ǆemal",
    "don't_stop x²",
    "ÅNGSTRÖM Øresund Ærø",
    "e\u0301te\u0301 (decomposed)",
    "RC-2026-000123 ORD-77/B",
    "zoe+test@example.com",
    "Robert'); DROP TABLE cases;--",
    "tab\tnew\nline",
    "",
]


def _fts_words(text: str) -> set[str]:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE f USING fts5(t, tokenize = 'unicode61 remove_diacritics 2')")
    db.execute("INSERT INTO f (t) VALUES (?)", (text,))
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(f, 'row')")
    return {r[0] for r in db.execute("SELECT term FROM v")}


@pytest.mark.parametrize("text", SAMPLES)
def test_the_index_holds_the_word_list_as_it_is(text: str) -> None:
    words = search_text.word_list(text)
    assert set(words.split()) == _fts_words(words)
    # The index's own folding of the raw text is never more than the word list's.
    assert {search_text.fold(w) for w in _fts_words(text)} == set(words.split())


def test_letters_without_an_accent_mark_fold_as_unaccent_folds_them() -> None:
    assert search_text.word_list("Łukasiewicz-Ørsted Straße Ærø Καλημέρα ёлка ﬁnance") == (
        " lukasiewicz orsted strasse aero καλημερα елка finance "
    )
    assert search_text.folded_terms(["ŁÓDŹ", "żółć"]) == ["lodz", "zolc"]


def test_word_list_is_padded_so_a_prefix_means_a_word_start() -> None:
    words = search_text.word_list("Refund", None, "nonrefundable item")
    assert words == " refund nonrefundable item "
    assert [p in words for p in search_text.word_prefixes("REFUND")] == [True]
    assert [p in words for p in search_text.word_prefixes("fund")] == [False]


def test_search_box_words_drop_operators_and_keep_twelve() -> None:
    assert search_text.terms('"kettle" AND (leaks)* -x') == ["kettle", "AND", "leaks", "x"]
    assert search_text.terms("foo_bar") == ["foo", "bar"]
    assert len(search_text.terms(" ".join(f"w{i}" for i in range(30)))) == 12
    assert search_text.word_prefixes("Crème") == [" creme"]
    assert search_text.word_prefixes("Ελλάδα") == [" ελλαδα"]  # as unaccent folds Greek
