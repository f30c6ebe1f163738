"""Mail in (schema step 17): received mails as messages, the mail quarantine, IMAP cursors.

A received mail is a `messages` row with direction 'in' and state 'received', unique by its
Message-ID (the partial index `messages_inbound_rfc_message_id`): a second import of the same
mail writes nothing. A quarantined mail keeps its bytes, unique by their SHA-256. PostgreSQL's
triggers (sql/mail_in.sql, sql/messages.sql) hold every row in its writer's name and keep
received mails and quarantined bytes as they came. Each write names its row for the event.
"""

from __future__ import annotations

from datetime import datetime

import peewee

from ..domain.ids import CaseId
from ..domain.mail_in import QuarantinedMail, QuarantineState
from ..domain.messages import Direction, MessageState
from .dialect import Repository
from .messages import reraise
from .rows import Columns
from .values import dt, time_of, ts

HELD, IMPORTED, DISCARDED = (s.value for s in QuarantineState)


_QUARANTINE = Columns(
    QuarantinedMail,
    id="id",
    identity="identity",
    state="state",
    reason="reason",
    sender="sender",
    subject="subject",
    mail_date=("mail_date", dt),
    source="source",
    size=("size_bytes", int),
    sha256="sha256",
    held_by="held_by",
    held_at=("held_at", time_of),
    resolved_by="resolved_by",
    resolved_at=("resolved_at", dt),
    message_id="message_id",
)


class MailRepository(Repository):
    # ---- received mails ---------------------------------------------------------------------
    def insert_received(
        self,
        case_id: CaseId,
        *,
        identity: str,
        sender: str,
        subject: str,
        body: str,
        language: str,
        mail_date: datetime | None,
        actor: str,
        now: datetime,
    ) -> int | None:
        """The mail as a message of the case; None when a mail with its identity is here."""
        try:
            row = self.sql.one(
                "INSERT INTO messages (case_id, state, language, subject, body, "
                "answer_versions, drafted_by, drafted_at, direction, rfc_message_id, sender, "
                "mail_date) VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (rfc_message_id) WHERE direction = 'in' DO NOTHING RETURNING id",
                (
                    case_id,
                    MessageState.RECEIVED.value,
                    language,
                    subject,
                    body,
                    actor,
                    ts(now),
                    Direction.IN.value,
                    identity,
                    sender,
                    ts(mail_date) if mail_date else None,
                ),
            )
        except peewee.DatabaseError as exc:
            reraise(exc)
        if row is None:
            return None
        self.store.touch("messages", row[0])
        return int(row[0])

    def received(self, identity: str) -> tuple[int, CaseId] | None:
        """(message id, case id) of the mail imported with this identity, if any."""
        row = self.sql.one(
            "SELECT id, case_id FROM messages WHERE direction = 'in' AND rfc_message_id = ?",
            (identity,),
        )
        return (int(row[0]), CaseId(row[1])) if row else None

    def received_identities(self, identities: list[str]) -> set[str]:
        """Which of these identities are imported already (one query for a fetch's batch)."""
        found: set[str] = set()
        for start in range(0, len(identities), 500):
            chunk = identities[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self.sql.all(
                    "SELECT rfc_message_id FROM messages WHERE direction = 'in' "
                    f"AND rfc_message_id IN ({marks})",
                    tuple(chunk),
                )
            )
        return found

    def customer_name(self, email_norm: str) -> str | None:
        """The name on the customer record of this (normalised) address, if there is one."""
        value = self.sql.scalar("SELECT name FROM customers WHERE email_norm = ?", (email_norm,))
        return str(value) if value else None

    # ---- the quarantine ---------------------------------------------------------------------
    def hold(
        self,
        *,
        identity: str,
        reason: str,
        sender: str,
        subject: str,
        mail_date: datetime | None,
        source: str,
        sha256: str,
        content: bytes,
        actor: str,
        now: datetime,
    ) -> int | None:
        """The mail kept with the reason; None when these bytes are in quarantine already."""
        try:
            row = self.sql.one(
                "INSERT INTO mail_quarantine (identity, state, reason, sender, subject, "
                "mail_date, source, size_bytes, sha256, content, held_by, held_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (sha256) DO NOTHING RETURNING id",
                (
                    identity,
                    HELD,
                    reason,
                    sender,
                    subject,
                    ts(mail_date) if mail_date else None,
                    source,
                    len(content),
                    sha256,
                    content,
                    actor,
                    ts(now),
                ),
            )
        except peewee.DatabaseError as exc:
            reraise(exc)
        if row is None:
            return None
        self.store.touch("mail_quarantine", row[0])
        return int(row[0])

    def quarantined(self, state: str | None = HELD) -> list[QuarantinedMail]:
        where, params = ("WHERE state = ? ", (state,)) if state else ("", ())
        return [
            _QUARANTINE.read(r)
            for r in self.sql.all(
                f"SELECT {_QUARANTINE.sql} FROM mail_quarantine {where}ORDER BY id", params
            )
        ]

    def quarantined_mail(self, quarantine_id: int) -> QuarantinedMail | None:
        row = self.sql.one(
            f"SELECT {_QUARANTINE.sql} FROM mail_quarantine WHERE id = ?", (quarantine_id,)
        )
        return _QUARANTINE.read(row) if row else None

    def quarantined_by_sha256(self, sha256: str) -> QuarantinedMail | None:
        row = self.sql.one(
            f"SELECT {_QUARANTINE.sql} FROM mail_quarantine WHERE sha256 = ?", (sha256,)
        )
        return _QUARANTINE.read(row) if row else None

    def quarantined_bytes(self, quarantine_id: int) -> bytes:
        value = self.sql.scalar(
            "SELECT content FROM mail_quarantine WHERE id = ?", (quarantine_id,)
        )
        return bytes(value) if value is not None else b""

    def resolve(
        self,
        quarantine_id: int,
        state: str,
        message_id: int | None,
        actor: str,
        now: datetime,
    ) -> bool:
        """A held mail imported (as `message_id`) or discarded; False when it was not held."""
        try:
            cursor = self.sql.execute(
                "UPDATE mail_quarantine SET state = ?, message_id = ?, resolved_by = ?, "
                "resolved_at = ? WHERE id = ? AND state = ?",
                (state, message_id, actor, ts(now), quarantine_id, HELD),
            )
        except peewee.DatabaseError as exc:
            reraise(exc)
        self.store.touch("mail_quarantine", quarantine_id)
        return bool(cursor.rowcount)

    # ---- where each IMAP folder's fetch left off --------------------------------------------
    def cursor(self, account: str) -> tuple[int, int] | None:
        """(UIDVALIDITY, last UID taken) of `account` (user@host:port/folder)."""
        row = self.sql.one(
            "SELECT uidvalidity, last_uid FROM mail_cursors WHERE account = ?", (account,)
        )
        return (int(row[0]), int(row[1])) if row else None

    def put_cursor(
        self, account: str, uidvalidity: int, last_uid: int, actor: str, now: datetime
    ) -> None:
        try:
            self.sql.execute(
                "INSERT INTO mail_cursors (account, uidvalidity, last_uid, updated_by, "
                "updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (account) DO UPDATE SET "
                # Two windows fetching the same folder: the one that got less never moves the
                # cursor back (a new UIDVALIDITY starts it again).
                "last_uid = CASE WHEN mail_cursors.uidvalidity = excluded.uidvalidity "
                "AND mail_cursors.last_uid > excluded.last_uid THEN mail_cursors.last_uid "
                "ELSE excluded.last_uid END, uidvalidity = excluded.uidvalidity, "
                "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                (account, uidvalidity, last_uid, actor, ts(now)),
            )
        except peewee.DatabaseError as exc:
            reraise(exc)
        self.store.touch("mail_cursors", account)
