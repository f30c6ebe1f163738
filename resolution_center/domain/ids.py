"""Typed ids and the human references cases, remedies and agreements carry."""

from __future__ import annotations

import re
from typing import NewType

from .errors import ValidationError

CaseId = NewType("CaseId", int)
UserId = NewType("UserId", int)
CustomerId = NewType("CustomerId", int)
NoteId = NewType("NoteId", int)

_CASE_REF = re.compile(r"^RC-(\d{4})-(\d{6})$", re.ASCII)

# The largest id a 64-bit signed integer column holds (SQLite INTEGER, PostgreSQL bigint).
MAX_ID = 2**63 - 1
_NUMBER = re.compile(r"[+-]?\d+")  # any script's digits: a number, not necessarily one we take
_ASCII_NUMBER = re.compile(r"[+-]?[0-9]+", re.ASCII)


def looks_like_number(text: str) -> bool:
    """Whether `text` is written as a whole number, in any script's digits ('12', '-3', '١٢')."""
    return bool(_NUMBER.fullmatch((text or "").strip()))


def has_foreign_digits(text: str) -> bool:
    """Whether `text` holds a digit other than ASCII 0-9 ('١', '１', '²')."""
    return any(ch.isdigit() and not ch.isascii() for ch in text or "")


def parse_whole(
    text: str, what: str, *, low: int = 1, high: int = MAX_ID, field: str | None = None
) -> int:
    """A whole number typed by a person: ASCII digits 0-9 only, within low..high.

    The one parser of the ids, limits, offsets and versions typed on the command line, and of
    the ids the services accept as text. `what` names it in messages ('case id', '--limit').
    '١٢٣' and '１２' are refused rather than read as 123 and 12, and a number beyond the range
    is refused with the range instead of reaching the database (where more than 64 bits is an
    OverflowError on SQLite and 'bigint out of range' on PostgreSQL).
    """
    raw = (text or "").strip()
    span = f"a whole number from {low} to {high}"
    shown = raw if len(raw) <= 40 else raw[:20] + "…" + raw[-8:]
    if not _ASCII_NUMBER.fullmatch(raw):
        problem = (
            "write it with the ASCII digits 0-9" if has_foreign_digits(raw) else f"give {span}"
        )
        raise ValidationError(f"{shown!r} is not a valid {what}: {problem}", field=field)
    digits = raw.lstrip("+-").lstrip("0")
    # Compared by length first: int() of thousands of digits is slow (and refused past 4300).
    value = int(raw) if len(digits) <= len(str(max(abs(low), abs(high)))) else None
    if value is None or not low <= value <= high:
        raise ValidationError(f"{what} {shown} is out of range: give {span}", field=field)
    return value


def check_id(value: int, what: str, field: str | None = None) -> int:
    """An id given as an int (by the window or a service): refused outside 1..MAX_ID."""
    if type(value) is not int or not 1 <= value <= MAX_ID:
        raise ValidationError(
            f"{what} {value!r} is out of range: give a whole number from 1 to {MAX_ID}", field=field
        )
    return value


def case_reference(year: int, number: int) -> str:
    if not 0 < number <= 999_999:
        raise ValidationError(f"case counter for {year} is exhausted")
    return f"RC-{year:04d}-{number:06d}"


def parse_case_reference(text: str) -> str:
    ref = (text or "").strip().upper()
    if not _CASE_REF.match(ref):
        raise ValidationError(
            f"{text!r} is not a case reference (expected RC-YYYY-NNNNNN{ascii_only(ref)})",
            field="reference",
        )
    return ref


def ascii_only(text: str) -> str:
    """A hint for a reference's error message when it was typed with non-ASCII digits."""
    return ", with the ASCII digits 0-9" if has_foreign_digits(text) else ""


def is_case_reference(text: str) -> bool:
    return bool(_CASE_REF.match((text or "").strip().upper()))
