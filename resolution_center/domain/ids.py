"""Typed ids and the human references cases, remedies and agreements carry."""

from __future__ import annotations

import re
from typing import NewType

from .errors import ValidationError

CaseId = NewType("CaseId", int)
UserId = NewType("UserId", int)
CustomerId = NewType("CustomerId", int)
NoteId = NewType("NoteId", int)

_CASE_REF = re.compile(r"^RC-(\d{4})-(\d{6})$")


def case_reference(year: int, number: int) -> str:
    if not 0 < number <= 999_999:
        raise ValidationError(f"case counter for {year} is exhausted")
    return f"RC-{year:04d}-{number:06d}"


def parse_case_reference(text: str) -> str:
    ref = (text or "").strip().upper()
    if not _CASE_REF.match(ref):
        raise ValidationError(
            f"{text!r} is not a case reference (expected RC-YYYY-NNNNNN)", field="reference"
        )
    return ref


def is_case_reference(text: str) -> bool:
    return bool(_CASE_REF.match((text or "").strip().upper()))
