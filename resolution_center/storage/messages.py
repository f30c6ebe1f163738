"""Messages to customers and the template versions administrators saved (schema step 15).

Plain SQL on both backends; PostgreSQL's triggers (sql/messages.sql) refuse what the services
never do. Each write names its row for the change's event.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, NoReturn

import peewee

from ..domain.ids import CaseId
from ..domain.messages import Direction, Message, MessageState, MessageTemplate
from .agreements import guard_error
from .dialect import Repository
from .rows import Columns
from .values import dt, enum_reader, time_of, ts


def reraise(exc: peewee.DatabaseError) -> NoReturn:
    """A PostgreSQL guard's refusal as the error it stands for; any other error as it was."""
    err = guard_error(exc)
    if err is None:
        raise exc
    raise err from exc


def _ids(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split(",") if x)


def ids_text(ids: Sequence[int]) -> str:
    return ",".join(str(int(i)) for i in ids)


_MESSAGE = Columns(
    Message,
    id="id",
    case_id=("case_id", CaseId),
    state=("state", enum_reader(MessageState)),
    language="language",
    subject="subject",
    body="body",
    template_name="template_name",
    template_version="template_version",
    template_sha256="template_sha256",
    answer_versions=("answer_versions", _ids),
    drafted_by="drafted_by",
    drafted_at=("drafted_at", time_of),
    sent_by="sent_by",
    sent_at=("sent_at", dt),
    direction=("direction", enum_reader(Direction)),
    rfc_message_id="rfc_message_id",
    sender="sender",
    mail_date=("mail_date", dt),
)


def _saved(row: tuple[Any, ...]) -> MessageTemplate:
    return MessageTemplate(
        name=row[0],
        language=row[1],
        version=int(row[2]),
        subject=row[3],
        body=row[4],
        created_by=row[5],
        created_at=time_of(row[6]),
    )


_TEMPLATE_COLUMNS = "name, language, version, subject, body, created_by, created_at"


class MessageRepository(Repository):
    # ---- messages ---------------------------------------------------------------------------
    def insert(
        self,
        case_id: CaseId,
        *,
        state: MessageState,
        language: str,
        subject: str,
        body: str,
        template: MessageTemplate | None,
        answer_versions: Sequence[int],
        actor: str,
        now: datetime,
    ) -> int:
        sent = state is MessageState.SENT
        try:
            row = self.sql.one(
                "INSERT INTO messages (case_id, state, language, template_name, "
                "template_version, template_sha256, subject, body, answer_versions, drafted_by, "
                "drafted_at, sent_by, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "RETURNING id",
                (
                    case_id,
                    state.value,
                    language,
                    template.name if template else None,
                    template.version if template else None,
                    template.sha256 if template else None,
                    subject,
                    body,
                    ids_text(answer_versions),
                    actor,
                    ts(now),
                    actor if sent else None,
                    ts(now) if sent else None,
                ),
            )
        except peewee.DatabaseError as exc:
            reraise(exc)
        assert row is not None  # RETURNING gives the row or the insert raised
        self.store.touch("messages", row[0])
        return int(row[0])

    def update_draft(
        self,
        message_id: int,
        *,
        language: str,
        subject: str,
        body: str,
        template: MessageTemplate | None,
        answer_versions: Sequence[int],
    ) -> bool:
        """False when the message is no longer a draft (someone sent or discarded it)."""
        try:
            cursor = self.sql.execute(
                "UPDATE messages SET language = ?, template_name = ?, template_version = ?, "
                "template_sha256 = ?, subject = ?, body = ?, answer_versions = ? "
                "WHERE id = ? AND state = ?",
                (
                    language,
                    template.name if template else None,
                    template.version if template else None,
                    template.sha256 if template else None,
                    subject,
                    body,
                    ids_text(answer_versions),
                    message_id,
                    MessageState.DRAFT.value,
                ),
            )
        except peewee.DatabaseError as exc:
            reraise(exc)
        self.store.touch("messages", message_id)
        return bool(cursor.rowcount)

    def set_state(self, message_id: int, state: MessageState, actor: str, now: datetime) -> bool:
        """A draft sent (by `actor`, now) or discarded; False when it was no longer a draft."""
        sent = state is MessageState.SENT
        try:
            cursor = self.sql.execute(
                "UPDATE messages SET state = ?, sent_by = ?, sent_at = ? "
                "WHERE id = ? AND state = ?",
                (
                    state.value,
                    actor if sent else None,
                    ts(now) if sent else None,
                    message_id,
                    MessageState.DRAFT.value,
                ),
            )
        except peewee.DatabaseError as exc:
            reraise(exc)
        self.store.touch("messages", message_id)
        return bool(cursor.rowcount)

    def get(self, message_id: int) -> Message | None:
        row = self.sql.one(f"SELECT {_MESSAGE.sql} FROM messages WHERE id = ?", (message_id,))
        return _MESSAGE.read(row) if row else None

    def for_case(self, case_id: CaseId) -> list[Message]:
        return [
            _MESSAGE.read(r)
            for r in self.sql.all(
                f"SELECT {_MESSAGE.sql} FROM messages WHERE case_id = ? ORDER BY id", (case_id,)
            )
        ]

    # ---- template versions ------------------------------------------------------------------
    def insert_template(self, template: MessageTemplate, now: datetime) -> int:
        try:
            row = self.sql.one(
                "INSERT INTO message_templates (name, language, version, subject, body, sha256, "
                "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    template.name,
                    template.language,
                    template.version,
                    template.subject,
                    template.body,
                    template.sha256,
                    template.created_by,
                    ts(now),
                ),
            )
        except peewee.DatabaseError as exc:
            reraise(exc)
        assert row is not None  # RETURNING gives the row or the insert raised
        self.store.touch("message_templates", row[0])
        return int(row[0])

    def saved_templates(self, name: str | None = None) -> list[MessageTemplate]:
        """Every saved version (of `name`), oldest first."""
        where, params = ("WHERE name = ? ", (name,)) if name else ("", ())
        return [
            _saved(r)
            for r in self.sql.all(
                f"SELECT {_TEMPLATE_COLUMNS} FROM message_templates {where}"
                "ORDER BY name, language, version",
                params,
            )
        ]
