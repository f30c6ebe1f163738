"""Stored values and their Python form: times as the trail's text, enums, bulk inserts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

from ..domain import audit

if TYPE_CHECKING:  # the store imports the audit chain, which uses these values
    from .store import Sql

ts = audit.format_time  # stored times are the audit trail's text


def dt(text: str | None) -> datetime | None:
    # fromisoformat is C code and ~20x faster than strptime; list pages parse thousands of these.
    # Stored times are always the fixed-width UTC form, which it reads exactly ('Z' = UTC).
    return datetime.fromisoformat(text) if text else None


def bulk_insert(
    sql: Sql, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert many rows in the current transaction, as the dialect does it fastest."""
    sql.bulk_insert(table, columns, rows)


E = TypeVar("E", bound=Enum)


def time_of(text: str) -> datetime:
    """A stored time that is never NULL."""
    return datetime.fromisoformat(text)


def enum_reader(kind: type[E]) -> Callable[[Any], E]:
    """`_enum` for one kind, as a column conversion."""
    lookup = kind._value2member_map_

    def read(value: Any) -> E:
        try:
            return lookup[value]  # type: ignore[return-value]  # the map holds E's members
        except (KeyError, TypeError):
            return kind(value)

    return read


def _enum(kind: type[E], value: Any) -> E:
    """kind(value) as a dict lookup: calling an Enum class costs ~1 us and a page of 200 list
    rows makes 800 of them. Unknown values still raise Enum's own ValueError."""
    try:
        return kind._value2member_map_[value]  # type: ignore[return-value]  # holds E's members
    except (KeyError, TypeError):
        return kind(value)
