"""The state the trail vouches for: replay row images (event format 2) and compare with tables.

Each event that wrote rows carries their images (see storage/vouched.py). Replaying the trail in
sequence order leaves, for every row, the image of the last event that wrote it: the state the
trail promises. `StateCheck` keeps only a short digest and the event's sequence per row, so a
million events cost memory per row, not per event; a disagreement is explained afterwards by
re-reading the one event that should vouch for the row.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .audit import ROWS_KEY

_MARK = f'"{ROWS_KEY}":'


# An image as its values in column-name order: its values as parsed, since event data is
# canonical JSON (keys sorted) and an image holds scalars only (a personal column is a
# "pd:<digest>" string), and what storage/vouched.py builds straight from a row, without a dict.
# The names are left out: an image with other columns (a schema step added one) has another
# length. None: a deleted row.
Values = tuple[Any, ...] | None


def stable_digest(values: Values) -> Any:
    """16 bytes standing for an image, the same in every process (parallel verification)."""
    return hashlib.blake2b(repr(values).encode(), digest_size=16).digest()


@dataclass(frozen=True, slots=True)
class Disagreement:
    """One row that is not what the trail says: named for `verify --json`."""

    table: str
    key: str
    column: str | None  # None: the whole row (missing, unexpected, deleted)
    expected: Any
    found: Any
    seq: int | None  # the event that should vouch for the row; None: no event ever wrote it

    def describe(self) -> str:
        row = f"{self.table} {self.key}"
        if self.seq is None:
            return f"{row}: no event vouches for this row (written outside the app)"
        if self.column is None:
            if self.found is None:
                return f"{row}: the trail says it exists, but it is gone"
            return f"{row}: the trail says it was deleted, but it exists"
        return (
            f"{row}: column {self.column} is {_short(self.found)}, but the trail says "
            f"{_short(self.expected)}"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "key": self.key,
            "column": self.column,
            "expected": self.expected,
            "found": self.found,
            "event_seq": self.seq,
        }


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


class ExpectedState:
    """Row -> (seq, digest) of the last image the trail holds for it.

    `stable` digests are the same in every process (chunks verified by separate processes are
    merged); otherwise Python's own hash of the values is used, several times faster, and as
    unforgeable within one process: its key is random per process (SipHash), so nobody can
    prepare a row whose values collide with what the trail promised.
    """

    def __init__(self, stable: bool = False) -> None:
        self.rows: dict[tuple[str, str], tuple[int, Any]] = {}
        self.digest = stable_digest if stable else hash

    def feed(self, seq: int, data: str) -> None:
        if _MARK not in data:  # most events of an old trail, and cheap to rule out
            return
        rows, digest = self.rows, self.digest
        for table, key, image in json.loads(data).get(ROWS_KEY, ()):
            rows[(table, key)] = (seq, digest(None if image is None else tuple(image.values())))

    def merge(self, other: dict[tuple[str, str], tuple[int, Any]]) -> None:
        """Add a later (or earlier) chunk's rows: the higher sequence wins."""
        rows = self.rows
        for key, value in other.items():
            mine = rows.get(key)
            if mine is None or mine[0] < value[0]:
                rows[key] = value


def compare(
    expected: ExpectedState,
    tables: Iterable[tuple[str, Iterator[tuple[str, Values]]]],
    limit: int = 50,
) -> list[tuple[str, str, int | None, bool]]:
    """Rows whose stored values differ from the trail's image: (table, key, seq, exists).

    `tables` yields, per vouched table, its rows' current values (`Values`). Rows
    the trail says exist but that are gone come last. At most `limit` findings (the first are
    what matter).
    """
    found: list[tuple[str, str, int | None, bool]] = []
    seen: set[tuple[str, str]] = set()
    rows, digest = expected.rows, expected.digest
    names: set[str] = set()
    for table, images in tables:
        names.add(table)
        for key, values in images:
            seen.add((table, key))
            want = rows.get((table, key))
            if want is None:
                found.append((table, key, None, True))
            elif want[1] != digest(values):
                found.append((table, key, want[0], True))
            if len(found) >= limit:
                return found
    deleted = digest(None)
    for (table, key), (seq, value) in rows.items():
        if table in names and (table, key) not in seen and value != deleted:
            found.append((table, key, seq, False))
            if len(found) >= limit:
                break
    return found


def explain(
    table: str,
    key: str,
    seq: int | None,
    stored: dict[str, Any] | None,
    promised: dict[str, Any] | None,
) -> Disagreement:
    """Name the first column where the stored row and the trail's image part."""
    if seq is None or stored is None or promised is None:
        return Disagreement(table, key, None, promised, stored, seq)
    for column in sorted(set(stored) | set(promised)):
        if stored.get(column, "<absent>") != promised.get(column, "<absent>"):
            return Disagreement(
                table, key, column, promised.get(column), stored.get(column), seq
            )
    return Disagreement(table, key, None, promised, stored, seq)  # pragma: no cover


def promised_image(data: str, table: str, key: str) -> dict[str, Any] | None:
    """The image an event's data holds for one row."""
    for t, k, image in json.loads(data).get(ROWS_KEY, ()):
        if t == table and str(k) == key:
            return image  # type: ignore[no-any-return]
    return None
