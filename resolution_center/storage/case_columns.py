"""A case's fields as its columns hold them: times as fixed-width UTC text, enums as their
values, tags joined, the assignee as a user id. The one place that encoding lives on the way in
(rows.py reads it back out)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import Enum
from typing import Any

from .values import ts


def case_columns(fields: Mapping[str, Any], assignee_id: int | None = None) -> dict[str, Any]:
    """Columns for changed Case fields (`assignee` stays named so for the write, holding the
    id given, since the field holds a user name)."""
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "assignee":
            out[name] = assignee_id
        elif name == "tags":
            out[name] = ",".join(value)
        elif isinstance(value, datetime):
            out[name] = ts(value)
        elif isinstance(value, Enum):
            out[name] = value.value
        else:
            out[name] = value
    return out
