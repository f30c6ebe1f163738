"""The outbox's rows (schema step 16): queued with their message, claimed by a delivery pass,
updated with each attempt's outcome, made due again by a retry.

Plain SQL on both backends; PostgreSQL's triggers (sql/outbox.sql) refuse what the services
never do. Each write to `outbox` names its row for the change's event; a claim
(`outbox_claims`) is bookkeeping the trail leaves out.
"""

from __future__ import annotations

import builtins  # the class has a list() method, which annotations would name
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import peewee

from ..domain.ids import CaseId
from ..domain.outbox import OutboxEntry, OutboxState
from .dialect import Repository
from .messages import ids_text, reraise
from .rows import Columns
from .values import dt, enum_reader, time_of, ts


def _ids(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split(",") if x)


_ENTRY = Columns(
    OutboxEntry,
    id="o.id",
    message_id="o.message_id",
    case_id="o.case_id",
    reference="c.reference",
    state=("o.state", enum_reader(OutboxState)),
    mail_id="o.mail_id",
    in_reply_to="o.in_reply_to",
    references="o.thread",
    to_name="o.to_name",
    to_address="o.to_address",
    subject="o.subject",
    attachments=("o.attachments", _ids),
    attempts="o.attempts",
    next_attempt_at=("o.next_attempt_at", time_of),
    last_answer="o.last_answer",
    queued_by="o.queued_by",
    queued_at=("o.queued_at", time_of),
    delivered_at=("o.delivered_at", dt),
)
_FROM = "FROM outbox o JOIN cases c ON c.id = o.case_id"


class OutboxRepository(Repository):
    def insert(
        self,
        *,
        message_id: int,
        case_id: CaseId,
        mail_id: str,
        in_reply_to: str | None,
        references: str,
        to_name: str,
        to_address: str,
        subject: str,
        attachments: Sequence[int],
        actor: str,
        now: datetime,
    ) -> int:
        try:
            row = self.sql.one(
                "INSERT INTO outbox (message_id, case_id, state, mail_id, in_reply_to, thread, "
                "to_name, to_address, subject, attachments, attempts, next_attempt_at, "
                "queued_by, queued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?) "
                "RETURNING id",
                (
                    message_id,
                    case_id,
                    OutboxState.QUEUED.value,
                    mail_id,
                    in_reply_to,
                    references,
                    to_name,
                    to_address,
                    subject,
                    ids_text(attachments),
                    ts(now),
                    actor,
                    ts(now),
                ),
            )
        except peewee.DatabaseError as exc:
            reraise(exc)
        assert row is not None  # RETURNING gives the row or the insert raised
        self.store.touch("outbox", row[0])
        return int(row[0])

    def get(self, entry_id: int) -> OutboxEntry | None:
        row = self.sql.one(f"SELECT {_ENTRY.sql} {_FROM} WHERE o.id = ?", (entry_id,))
        return _ENTRY.read(row) if row else None

    def for_message(self, message_id: int) -> OutboxEntry | None:
        row = self.sql.one(f"SELECT {_ENTRY.sql} {_FROM} WHERE o.message_id = ?", (message_id,))
        return _ENTRY.read(row) if row else None

    def mail_ids(self, case_id: CaseId) -> builtins.list[str]:
        """The Message-IDs of the case's mail so far, ours and the customer's, oldest first (the
        thread a new one joins: a reply names the customer's mail it answers, so their mail
        program threads it too). A received mail without a Message-ID of its own (known by its
        bytes' hash) has nothing to name."""
        return [
            r[0]
            for r in self.sql.all(
                "SELECT mail_id, message_id FROM outbox WHERE case_id = ? "
                "UNION ALL SELECT rfc_message_id, id FROM messages WHERE case_id = ? "
                "AND direction = 'in' AND rfc_message_id LIKE ? ORDER BY 2",
                (case_id, case_id, "<%"),
            )
        ]

    def list(
        self, state: OutboxState | None = None, limit: int = 500, case_id: CaseId | None = None
    ) -> list[OutboxEntry]:
        """Newest first: what waits is what a person looks for."""
        where: list[str] = []
        params: list[Any] = []
        if state is not None:
            where.append("o.state = ?")
            params.append(state.value)
        if case_id is not None:
            where.append("o.case_id = ?")
            params.append(case_id)
        clause = f"WHERE {' AND '.join(where)} " if where else ""
        rows = self.sql.all(
            f"SELECT {_ENTRY.sql} {_FROM} {clause}ORDER BY o.id DESC LIMIT ?", (*params, limit)
        )
        return [_ENTRY.read(r) for r in rows]

    def counts(self) -> dict[OutboxState, int]:
        rows = self.sql.all("SELECT state, COUNT(*) FROM outbox GROUP BY state")
        return {OutboxState(r[0]): int(r[1]) for r in rows}

    def due(self, now: datetime, limit: int, only: Sequence[int] = ()) -> builtins.list[int]:
        """Queued mail whose next attempt is due and that no live pass has claimed."""
        extra = f" AND o.id IN ({', '.join('?' for _ in only)})" if only else ""
        rows = self.sql.all(
            "SELECT o.id FROM outbox o LEFT JOIN outbox_claims k ON k.outbox_id = o.id "
            "WHERE o.state = ? AND o.next_attempt_at <= ? "
            f"AND (k.claimed_until IS NULL OR k.claimed_until < ?){extra} "
            "ORDER BY o.next_attempt_at, o.id LIMIT ?",
            (OutboxState.QUEUED.value, ts(now), ts(now), *only, limit),
        )
        return [int(r[0]) for r in rows]

    def claim(self, entry_id: int, actor: str, now: datetime, until: datetime) -> bool:
        """This pass's hold on a row while it talks to the server; False when another live
        pass holds it. Its own statement, committed at once, outside any change."""
        try:
            cursor = self.sql.execute(
                "INSERT INTO outbox_claims (outbox_id, claimed_by, claimed_until) VALUES (?, ?, ?) "
                "ON CONFLICT (outbox_id) DO UPDATE SET claimed_by = excluded.claimed_by, "
                "claimed_until = excluded.claimed_until WHERE outbox_claims.claimed_until < ?",
                (entry_id, actor, ts(until), ts(now)),
            )
        except peewee.DatabaseError as exc:
            reraise(exc)
        return bool(cursor.rowcount)

    def release(self, entry_id: int, actor: str) -> None:
        self.sql.execute(
            "DELETE FROM outbox_claims WHERE outbox_id = ? AND claimed_by = ?", (entry_id, actor)
        )

    def record_attempt(
        self,
        entry_id: int,
        *,
        attempts: int,
        state: OutboxState,
        next_attempt_at: datetime,
        answer: str,
        actor: str,
        now: datetime,
    ) -> bool:
        """An attempt's outcome on a row this pass claimed (False: it was not, or it changed)."""
        delivered = state is OutboxState.DELIVERED
        try:
            cursor = self.sql.execute(
                "UPDATE outbox SET state = ?, attempts = ?, next_attempt_at = ?, last_answer = ?, "
                "delivered_at = ?, delivered_by = ? WHERE id = ? AND state = ? AND attempts = ?",
                (
                    state.value,
                    attempts,
                    ts(next_attempt_at),
                    answer,
                    ts(now) if delivered else None,
                    actor if delivered else None,
                    entry_id,
                    OutboxState.QUEUED.value,
                    attempts - 1,
                ),
            )
        except peewee.DatabaseError as exc:
            reraise(exc)
        if not cursor.rowcount:
            return False
        self.store.touch("outbox", entry_id)
        return True

    def make_due(self, entry_id: int, now: datetime) -> bool:
        """Waiting mail (queued or failed) due now; False when it was delivered meanwhile."""
        try:
            cursor = self.sql.execute(
                "UPDATE outbox SET state = ?, next_attempt_at = ? WHERE id = ? AND state IN (?, ?)",
                (
                    OutboxState.QUEUED.value,
                    ts(now),
                    entry_id,
                    OutboxState.QUEUED.value,
                    OutboxState.FAILED.value,
                ),
            )
        except peewee.DatabaseError as exc:
            reraise(exc)
        if not cursor.rowcount:
            return False  # delivered meanwhile: nothing written, no row for the event to carry
        self.store.touch("outbox", entry_id)
        return True
