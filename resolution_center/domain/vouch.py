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
import marshal
from collections.abc import Callable, Iterable, Iterator
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


def exact_bytes(values: Values) -> bytes:
    """The values as bytes that differ whenever the values do.

    Python's own hash of a tuple is not that: an int hashes to itself modulo 2**61 - 1 and -1
    hashes as -2, so an amount raised by 2**61 - 1 would hash as before. marshal's version 2
    writes each value with its type and exact digits and, unlike later versions, never refers
    back to an object met earlier in the tuple, so equal values always give equal bytes.
    """
    return marshal.dumps(values, 2)


def stable_digest(values: Values) -> Any:
    """16 bytes standing for an image, the same in every process (parallel verification)."""
    return hashlib.blake2b(marshal.dumps(values, 2), digest_size=16).digest()


def process_digest(values: Values) -> int:
    """Python's hash of the exact bytes: SipHash under a key random per process, so nobody can
    prepare a row whose values collide with what the trail promised, and several times faster
    than a stable digest."""
    return hash(marshal.dumps(values, 2))


@dataclass(frozen=True, slots=True)
class Disagreement:
    """One row that is not what the trail says: named for `verify --json`."""

    table: str
    key: str
    column: str | None  # None: the whole row (missing, unexpected, deleted)
    expected: Any
    found: Any
    seq: int | None  # the event that should vouch for the row; None: no event ever wrote it
    # The event's image has no such column: written before a schema step added it, and the
    # row never sealed since (an upgrade that forgot to seal the table).
    unimaged: bool = False

    def describe(self) -> str:
        row = f"{self.table} {self.key}"
        if self.seq is None:
            return f"{row}: no event vouches for this row (written outside the app)"
        if self.column is None:
            if self.found is None:
                return f"{row}: the trail says it exists, but it is gone"
            return f"{row}: the trail says it was deleted, but it exists"
        if self.unimaged:
            return (
                f"{row}: column {self.column} is {_short(self.found)}, but the trail's image of "
                f"the row (event {self.seq}) has no such column: the row was not sealed when a "
                "schema step added it"
            )
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
    """Table -> row key -> (seq, digest) of the last image the trail holds for the row.

    `stable` digests are the same in every process (chunks verified by separate processes are
    merged); otherwise `process_digest`, as unforgeable within one process and faster.
    """

    def __init__(self, stable: bool = False) -> None:
        self.tables: dict[str, dict[str, tuple[int, Any]]] = {}
        self.digest: Callable[[Values], Any] = stable_digest if stable else process_digest

    def feed(self, seq: int, data: str) -> None:
        if _MARK not in data:  # most events of an old trail, and cheap to rule out
            return
        tables, digest = self.tables, self.digest
        for table, key, image in json.loads(data).get(ROWS_KEY, ()):
            rows = tables.get(table)
            if rows is None:
                rows = tables[table] = {}
            rows[key] = (seq, digest(None if image is None else tuple(image.values())))

    def merge(self, other: dict[str, dict[str, tuple[int, Any]]]) -> None:
        """Add a later (or earlier) chunk's rows: the higher sequence wins."""
        for table, theirs in other.items():
            rows = self.tables.setdefault(table, {})
            for key, value in theirs.items():
                mine = rows.get(key)
                if mine is None or mine[0] < value[0]:
                    rows[key] = value


def compare(
    expected: ExpectedState,
    tables: Iterable[tuple[str, Iterator[tuple[str, Values]]]],
    keys_of: Callable[[str], Iterable[str]],
    limit: int = 50,
) -> list[tuple[str, str, int | None, bool]]:
    """Rows whose stored values differ from the trail's image: (table, key, seq, exists).

    `tables` yields, per vouched table, its rows' current values (`Values`); `keys_of(table)`
    lists a table's keys again, asked only when rows the trail says exist are missing (so the
    common case keeps no set of the keys seen). Missing rows come last. At most `limit`
    findings (the first are what matter).
    """
    found: list[tuple[str, str, int | None, bool]] = []
    digest = expected.digest
    deleted = digest(None)
    short: list[str] = []  # tables with rows the trail promised that the scan did not meet
    for table, images in tables:
        rows = expected.tables.get(table, {})
        get = rows.get
        met = 0
        for key, values in images:
            want = get(key)
            if want is None:
                found.append((table, key, None, True))
            else:
                if want[1] != digest(values):
                    found.append((table, key, want[0], True))
                if want[1] != deleted:
                    met += 1
            if len(found) >= limit:
                return found
        if met < sum(1 for _seq, value in rows.values() if value != deleted):
            short.append(table)
    for table in short:
        present = set(keys_of(table))
        for key, (seq, value) in expected.tables[table].items():
            if value != deleted and key not in present:
                found.append((table, key, seq, False))
                if len(found) >= limit:
                    return found
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
                table,
                key,
                column,
                promised.get(column),
                stored.get(column),
                seq,
                unimaged=column not in promised,
            )
    return Disagreement(table, key, None, promised, stored, seq)  # pragma: no cover


def promised_image(data: str, table: str, key: str) -> dict[str, Any] | None:
    """The image an event's data holds for one row."""
    for t, k, image in json.loads(data).get(ROWS_KEY, ()):
        if t == table and str(k) == key:
            return image
    return None
