"""How case text splits into search words: one definition for the search box and the stored words.

SQLite's full-text index (FTS5, tokenizer `unicode61 remove_diacritics 2`) is the reference: a word
is a run of letters and digits (an underscore separates), folded to lower case, with accents
removed from Latin letters only (Greek and Cyrillic keep theirs, as FTS5 keeps them). The stored
word list lets a search check one case row without the index (see CaseRepository.list), so it has
to fold exactly as the index does; a test holds the two to the same answers.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 12  # words of one search box that are used; the rest are ignored


def terms(text: str) -> list[str]:
    """The words of a search box as typed: quotes and operators never reach an engine."""
    return _WORD.findall(text or "")[:MAX_TERMS]


def _latin(ch: str) -> bool:
    return ch < "\u0250" or "\u1e00" <= ch <= "\u1eff"


def fold(text: str) -> str:
    """Lower case, with accents taken off Latin letters (é -> e, ł stays ł, έ stays έ)."""
    low = text.lower()
    if low.isascii():
        return low
    kept: list[str] = []
    base_latin = False
    for ch in unicodedata.normalize("NFD", low):
        if unicodedata.combining(ch):
            if base_latin:
                continue
        else:
            base_latin = _latin(ch)
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


def word_list(*fields: str | None) -> str:
    """The folded words of a case's searchable fields, space-separated with a space at each end,
    so that ' ' + prefix found anywhere in it means a word starts with that prefix."""
    return " " + " ".join(_WORD.findall(fold(" ".join(f for f in fields if f)))) + " "


def word_prefixes(text: str) -> list[str]:
    """What `word_list` must contain for a case to match the search box text: ' ' + each word."""
    return [" " + w for w in _WORD.findall(fold(" ".join(terms(text))))]
