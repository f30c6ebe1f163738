"""How case text splits into search words: one definition for the search box and the stored words.

A word is a run of letters and digits (an underscore separates), folded to lower case, with
accents taken off Latin letters and, as PostgreSQL's `unaccent` does (its search configuration
`rc_search`), the letters in `fold_table.EXTRA_FOLDS` folded too (ł -> l, ß -> ss, ά -> α). On
SQLite the stored word list is what the full-text index holds (FTS5, `unicode61
remove_diacritics 2`, which changes nothing more in it) and what a search checks one case row
against without the index (see CaseRepository.list); the search box's words are folded the same
way. Tests hold the index, the word list and PostgreSQL to the same answers.
"""

from __future__ import annotations

import re
import unicodedata

from .fold_table import EXTRA_FOLDS

_WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 12  # words of one search box that are used; the rest are ignored
_EXTRA = str.maketrans(EXTRA_FOLDS)


def terms(text: str) -> list[str]:
    """The words of a search box as typed: quotes and operators never reach an engine."""
    return _WORD.findall(text or "")[:MAX_TERMS]


def _latin(ch: str) -> bool:
    return ch < "\u0250" or "\u1e00" <= ch <= "\u1eff"


def fold(text: str) -> str:
    """Lower case, accents taken off Latin letters (é -> e), and the letters PostgreSQL's
    `unaccent` folds besides (ł -> l, ß -> ss, έ -> ε)."""
    low = text.lower()
    if low.isascii():
        return low
    # Word by word: a case's text is mostly ASCII around a few accented names, and only the
    # words with other letters need the per-character work (an accent never crosses a space:
    # a space is a starter that combining marks cannot attach across).
    words = low.split(" ")
    # A combining mark after a space follows a Latin base (the space) and goes, as in one
    # pass over the whole text; only the text's very first character has no base before it.
    return " ".join(
        w if w.isascii() else _fold_word(w, after_space=i > 0) for i, w in enumerate(words)
    )


def _fold_word(low: str, *, after_space: bool) -> str:
    kept: list[str] = []
    base_latin = after_space
    for ch in unicodedata.normalize("NFD", low):
        if unicodedata.combining(ch):
            if base_latin:
                continue
        else:
            base_latin = _latin(ch)
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)).translate(_EXTRA)


def word_list(*fields: str | None) -> str:
    """The folded words of a case's searchable fields, space-separated with a space at each end,
    so that ' ' + prefix found anywhere in it means a word starts with that prefix."""
    return " " + " ".join(_WORD.findall(fold(" ".join(f for f in fields if f)))) + " "


def folded_terms(terms: list[str]) -> list[str]:
    """The search box's words as the word list holds them (what SQLite's index is asked)."""
    return _WORD.findall(fold(" ".join(terms)))


def word_prefixes(text: str) -> list[str]:
    """What `word_list` must contain for a case to match the search box text: ' ' + each word."""
    return [" " + w for w in _WORD.findall(fold(" ".join(terms(text))))]
