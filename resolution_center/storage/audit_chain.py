"""The audit chain: the only code that appends events (no update or delete exists), reads of
the trail, personal values; PostgreSQL's variant, where the server stamps and chains."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..domain import audit
from . import vouched
from .dialect import PostgresDialect, Repository, pg_array, pg_text_array
from .rows import Columns

if TYPE_CHECKING:  # the store appends through this module
    from .store import Actor
from .values import bulk_insert, ts
from .vouched import ROWS_KEY


class AuditRepository(Repository):
    """Append-only: there is no update or delete here, by design."""

    PERSONAL_CHUNK = 5_000
    EVENT = Columns(
        audit.AuditEvent,
        seq="seq",
        prev_hash="prev_hash",
        time="time",
        actor="actor",
        role="role",
        action="action",
        target_type="target_type",
        target_id="target_id",
        data="data",
        hash="hash",
        case_id="case_id",
    )
    EVENT_COLUMNS = EVENT.sql  # also the columns an event is inserted with, in this order

    def append(self, pending: audit.PendingEvent, actor: Actor, now: datetime) -> audit.AuditEvent:
        text = None
        if pending.rows:
            images = json.dumps(
                self.images(pending.rows),
                sort_keys=True,
                separators=(",", ":"),
                ensure_ascii=False,
                allow_nan=False,
            )
            text = audit.canonical_json_spliced(pending.data, ROWS_KEY, images)
        seq, prev = self.sql.one("SELECT seq, hash FROM chain_head WHERE id = 1")  # type: ignore[misc]  # one head row
        event = audit.seal(int(seq) + 1, prev, now, actor.username, actor.role, pending, text)
        self.sql.execute(
            f"INSERT INTO audit_events ({self.EVENT_COLUMNS}) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                event.seq,
                event.prev_hash,
                event.time,
                event.actor,
                event.role,
                event.action,
                event.target_type,
                event.target_id,
                event.data,
                event.hash,
                event.case_id,
            ),
        )
        self.sql.execute(
            "UPDATE chain_head SET seq = ?, hash = ?, time = ? WHERE id = 1",
            (event.seq, event.hash, event.time),
        )
        return event

    def images(self, rows: Sequence[tuple[str, str]]) -> list[list[Any]]:
        """[[table, key, image], ...] of rows as stored now, in the order named (format 2)."""
        by_table: dict[str, list[str]] = {}
        for table, key in rows:
            by_table.setdefault(table, []).append(key)
        found = {
            table: vouched.row_images(self.sql, vouched.BY_NAME[table], keys, create_salts=True)
            for table, keys in by_table.items()
        }
        return [[table, key, found[table][key]] for table, key in rows]

    def append_many(
        self,
        events: Sequence[tuple[Any, ...]],
        actor: Actor,
        now: datetime,
    ) -> audit.ChainHead | None:
        """Append many events under one chain-head lock, in order (bulk intake); returns the new
        head (None when there was nothing to append).

        Each event is (action, target_type, target_id, case_id, data), data being the text
        `audit.canonical_json` makes of the event's payload. SQLite: sealed here under the write
        lock, one executemany, the head moved once. PostgreSQL: one call of `rc_append_events`,
        which stamps and chains them on the server (and checks each data text is JSON).
        """
        if not events:
            return None
        seq, prev = self.sql.one("SELECT seq, hash FROM chain_head WHERE id = 1")  # type: ignore[misc]  # one head row
        seq = int(seq)
        time = ts(now)
        who, role = actor.username, actor.role
        rows_out: list[tuple[Any, ...]] = []
        append = rows_out.append
        sha256 = hashlib.sha256
        join = audit.SEP.join
        fmt = audit.HASH_FORMAT
        for action, target_type, target_id, case_id, data in events:
            seq += 1
            # audit.canonical_bytes, inlined: this loop runs once per imported event.
            case_text = "" if case_id is None else str(case_id)
            digest = sha256(
                join(
                    (
                        fmt,
                        str(seq),
                        prev,
                        time,
                        who,
                        role,
                        action,
                        target_type,
                        target_id,
                        case_text,
                        data,
                    )
                ).encode("utf-8")
            ).hexdigest()
            append(
                (seq, prev, time, who, role, action, target_type, target_id, data, digest, case_id)
            )
            prev = digest
        bulk_insert(
            self.sql, "audit_events", [c.strip() for c in self.EVENT_COLUMNS.split(",")], rows_out
        )
        self.sql.execute(
            "UPDATE chain_head SET seq = ?, hash = ?, time = ? WHERE id = 1", (seq, prev, time)
        )
        return audit.ChainHead(seq, prev, time)

    def add_personal_bulk(self, rows: Sequence[tuple[str, str, str]]) -> None:
        """(digest, salt, value) rows: personal values named by digest inside events."""
        bulk_insert(self.sql, "personal_values", ("digest", "salt", "value"), rows)

    def for_case(
        self, case_id: int, after: int = 0, limit: int | None = None
    ) -> list[audit.AuditEvent]:
        """A case's events in sequence order: those after sequence `after`, at most `limit`."""
        page = " LIMIT ?" if limit is not None else ""
        params = (case_id, after) if limit is None else (case_id, after, limit)
        return [
            self.EVENT.read(r)
            for r in self.sql.all(
                f"SELECT {self.EVENT_COLUMNS} FROM audit_events WHERE case_id = ? AND seq > ? "
                f"ORDER BY seq{page}",
                params,
            )
        ]

    def next_of(self, action: str, after_seq: int) -> audit.AuditEvent | None:
        """The first `action` event after `after_seq` (an import batch's event, which follows its
        cases' own)."""
        row = self.sql.one(
            f"SELECT {self.EVENT_COLUMNS} FROM audit_events WHERE seq > ? AND action = ? "
            "ORDER BY seq LIMIT 1",
            (after_seq, action),
        )
        return self.EVENT.read(row) if row else None

    def for_target(self, target_type: str, target_id: str) -> list[audit.AuditEvent]:
        return [
            self.EVENT.read(r)
            for r in self.sql.all(
                f"SELECT {self.EVENT_COLUMNS} FROM audit_events WHERE target_type = ? AND "
                "target_id = ? ORDER BY seq",
                (target_type, target_id),
            )
        ]

    def recent(self, limit: int = 100) -> list[audit.AuditEvent]:
        return [
            self.EVENT.read(r)
            for r in self.sql.all(
                f"SELECT {self.EVENT_COLUMNS} FROM audit_events ORDER BY seq DESC LIMIT ?", (limit,)
            )
        ]

    def iter_rows(
        self, batch: int = 20_000, after: int = 0, upto: int | None = None
    ) -> Iterator[list[audit.EventRow]]:
        """Events with after < seq (<= upto), in sequence order, in batches by key range (never
        OFFSET)."""
        last = after
        bound = "" if upto is None else " AND seq <= ?"
        extra: tuple[int, ...] = () if upto is None else (upto,)
        while True:
            rows = self.sql.all(
                "SELECT seq, prev_hash, time, actor, role, action, target_type, target_id, "
                f"case_id, data, hash FROM audit_events WHERE seq > ?{bound} ORDER BY seq "
                "LIMIT ?",
                (last, *extra, batch),
            )
            if not rows:
                return
            yield rows
            last = rows[-1][0]

    def event_data(self, seq: int) -> str | None:
        return self.sql.scalar("SELECT data FROM audit_events WHERE seq = ?", (seq,))

    def last_at_or_before(self, seq: int) -> tuple[int, str] | None:
        """The stored (seq, hash) of the newest event at or before `seq` (chunk boundaries)."""
        row = self.sql.one(
            "SELECT seq, hash FROM audit_events WHERE seq <= ? ORDER BY seq DESC LIMIT 1", (seq,)
        )
        return (int(row[0]), row[1]) if row else None

    def head(self) -> audit.ChainHead | None:
        row = self.sql.one("SELECT seq, hash, time FROM chain_head WHERE id = 1")
        return audit.ChainHead(int(row[0]), row[1], row[2]) if row else None

    def hash_at(self, seq: int) -> str | None:
        return self.sql.scalar("SELECT hash FROM audit_events WHERE seq = ?", (seq,))

    def created_case_ids(self) -> set[int]:
        return {
            r[0]
            for r in self.sql.all(
                "SELECT case_id FROM audit_events WHERE action IN ('case.created', 'case.imported')"
            )
        }

    def personal_values(
        self, after_rowid: int | None = None, upto_rowid: int | None = None
    ) -> Iterator[tuple[str, str, str]]:
        """All personal values in storage order; on SQLite optionally a rowid slice (one
        verification worker's share, read sequentially)."""
        if after_rowid is None and upto_rowid is None:
            yield from self.sql.all("SELECT digest, salt, value FROM personal_values")
            return
        clauses, params = [], []
        if after_rowid is not None:
            clauses.append("rowid > ?")
            params.append(after_rowid)
        if upto_rowid is not None:
            clauses.append("rowid <= ?")
            params.append(upto_rowid)
        yield from self.sql.all(
            f"SELECT digest, salt, value FROM personal_values WHERE {' AND '.join(clauses)}",
            params,
        )

    def personal_rowid_bounds(self) -> tuple[int, int] | None:
        """(min, max) rowid of the personal values on SQLite; None elsewhere or when empty."""
        return self.sql.rowid_bounds("personal_values")

    def resolve_personal(self, digests: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        # Chunked: SQLite caps the parameters of one statement, and a long case has many values.
        for start in range(0, len(digests), self.PERSONAL_CHUNK):
            chunk = list(digests[start : start + self.PERSONAL_CHUNK])
            marks = ", ".join("?" for _ in chunk)
            found.update(
                self.sql.all(
                    f"SELECT digest, value FROM personal_values WHERE digest IN ({marks})", chunk
                )
            )
        return found


@PostgresDialect.variant
class PgAuditRepository(AuditRepository):
    """Events are stamped, chained and sealed by the server (storage/pg_vouch.py)."""

    def append(self, pending: audit.PendingEvent, actor: Actor, now: datetime) -> audit.AuditEvent:
        # The server reads the rows named, adds their images under "rows" and seals them
        # (storage/pg_vouch.py): the stored data comes back.
        seq, digest, time, who, role, data = self.sql.one(  # type: ignore[misc]  # the event exists
            "SELECT * FROM rc_append_event(?, ?, ?, ?, ?, ?::text[], ?::text[])",
            (
                pending.action,
                pending.target_type,
                pending.target_id,
                pending.case_id,
                audit.canonical_json(pending.data),
                pg_text_array([t for t, _ in pending.rows]),
                pg_text_array([k for _, k in pending.rows]),
            ),
        )
        return audit.AuditEvent(
            int(seq),
            "",
            time,
            who,
            role,
            pending.action,
            pending.target_type,
            pending.target_id,
            data,
            digest,
            pending.case_id,
        )

    def append_many(
        self,
        events: Sequence[tuple[Any, ...]],
        actor: Actor,
        now: datetime,
    ) -> audit.ChainHead | None:
        if not events:
            return None
        # A 6th element names rows the event wrote, as (table, key) pairs: the server adds
        # their images (storage/pg_vouch.py).
        columns = list(zip(*(e[:5] for e in events), strict=True))
        tables: list[str] = []
        keys: list[str] = []
        owners: list[int] = []
        for number, event in enumerate(events, start=1):
            for table, key in event[5] if len(event) > 5 else ():
                tables.append(table)
                keys.append(str(key))
                owners.append(number)
        rows = self.sql.all(
            "SELECT * FROM rc_append_events(?::text[], ?::text[], ?::text[], ?::bigint[], "
            "?::text[], ?::text[], ?::text[], ?::integer[])",
            (*(pg_array(c) for c in columns), pg_array(tables), pg_array(keys), pg_array(owners)),
        )
        last_seq, last_hash, last_time = rows[-1][:3]
        return audit.ChainHead(int(last_seq), last_hash, last_time)
