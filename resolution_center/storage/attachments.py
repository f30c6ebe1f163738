"""Evidence files: written once, read as metadata lists or as bytes one file at a time.

Plain SQL on both backends. Withdrawing goes through `rc_withdraw_attachment` on PostgreSQL,
where users may not update the table (storage/pg_attachments.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, NoReturn

import peewee

from ..domain.attachment import Attachment, AttachmentId, NewAttachment
from ..domain.ids import CaseId
from .agreements import guard_error
from .dialect import PostgresDialect, Repository
from .rows import Columns
from .values import dt, time_of, ts

# verify reads the bytes in batches of about this much, so memory stays bounded.
INTEGRITY_BATCH_BYTES = 64 * 1024 * 1024


def _reraise(exc: peewee.DatabaseError) -> NoReturn:
    """A PostgreSQL guard's refusal as the error it stands for; any other error as it was."""
    err = guard_error(exc)
    if err is None:
        raise exc
    raise err from exc


_ATTACHMENT = Columns(
    Attachment,
    id=("id", AttachmentId),
    case_id=("case_id", CaseId),
    file_name="file_name",
    media_type="media_type",
    size=("size_bytes", int),
    sha256="sha256",
    description="description",
    added_by="added_by",
    added_at=("added_at", time_of),
    withdrawn_at=("withdrawn_at", dt),
    withdrawn_by="withdrawn_by",
    withdraw_reason="withdraw_reason",
)
_COLUMNS = _ATTACHMENT.sql
_attachment = _ATTACHMENT.read


class AttachmentRepository(Repository):
    def insert(
        self, case_id: CaseId, new: NewAttachment, added_by: str, now: datetime
    ) -> AttachmentId | None:
        """The new row's id; None when the case already holds a file with these bytes."""
        try:
            row = self.sql.one(
                "INSERT INTO attachments (case_id, file_name, media_type, size_bytes, sha256, "
                "description, content, added_by, added_at, withdraw_reason) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '') ON CONFLICT DO NOTHING RETURNING id",
                (
                    case_id,
                    new.file_name,
                    new.media_type,
                    new.size,
                    new.sha256,
                    new.description,
                    new.content,
                    added_by,
                    ts(now),
                ),
            )
        except peewee.DatabaseError as exc:
            _reraise(exc)
        if row:
            self.store.touch("attachments", row[0])
        return AttachmentId(int(row[0])) if row else None

    def find(self, case_id: CaseId, sha256: str) -> Attachment | None:
        row = self.sql.one(
            f"SELECT {_COLUMNS} FROM attachments WHERE case_id = ? AND sha256 = ?",
            (case_id, sha256),
        )
        return _attachment(row) if row else None

    def get(self, attachment_id: int) -> Attachment | None:
        row = self.sql.one(f"SELECT {_COLUMNS} FROM attachments WHERE id = ?", (attachment_id,))
        return _attachment(row) if row else None

    def list(self, case_id: CaseId, limit: int | None = None, offset: int = 0) -> list[Attachment]:
        page = "" if limit is None else " LIMIT ? OFFSET ?"
        params: tuple[Any, ...] = (case_id,) if limit is None else (case_id, limit, offset)
        return [
            _attachment(r)
            for r in self.sql.all(
                f"SELECT {_COLUMNS} FROM attachments WHERE case_id = ? ORDER BY id{page}", params
            )
        ]

    def count(self, case_id: CaseId) -> int:
        return int(
            self.sql.scalar("SELECT count(*) FROM attachments WHERE case_id = ?", (case_id,))
        )

    def content(self, attachment_id: int) -> bytes | None:
        value = self.sql.scalar("SELECT content FROM attachments WHERE id = ?", (attachment_id,))
        return None if value is None else bytes(value)

    def withdraw(
        self, attachment_id: int, reason: str, actor: str, now: datetime
    ) -> tuple[datetime, str]:
        """Mark withdrawn, keeping the bytes; (when, by whom) as stored."""
        self.sql.execute(
            "UPDATE attachments SET withdrawn_at = ?, withdrawn_by = ?, withdraw_reason = ? "
            "WHERE id = ? AND withdrawn_at IS NULL",
            (ts(now), actor, reason, attachment_id),
        )
        self.store.touch("attachments", attachment_id)
        return now, actor

    def integrity(self) -> Iterator[tuple[int, int, str, int, bool, bytes]]:
        """Every attachment as (id, case_id, sha256, size, withdrawn, content), in id order,
        reading the bytes in bounded batches."""
        meta = self.sql.all(
            "SELECT id, case_id, sha256, size_bytes, withdrawn_at IS NOT NULL FROM attachments "
            "ORDER BY id"
        )
        start = 0
        while start < len(meta):
            end, total = start, 0
            while end < len(meta) and (
                end == start or total + int(meta[end][3]) <= INTEGRITY_BATCH_BYTES
            ):
                total += int(meta[end][3])
                end += 1
            batch = meta[start:end]
            contents = dict(
                self.sql.all(
                    "SELECT id, content FROM attachments WHERE id >= ? AND id <= ?",
                    (batch[0][0], batch[-1][0]),
                )
            )
            for att_id, case_id, sha, size, withdrawn in batch:
                stored = contents.get(att_id)
                yield (
                    int(att_id),
                    int(case_id),
                    sha,
                    int(size),
                    bool(withdrawn),
                    b"" if stored is None else bytes(stored),
                )
            start = end


@PostgresDialect.variant
class PgAttachmentRepository(AttachmentRepository):
    """Users may not update attachments: a guard function withdraws one, stamping the server's
    time and the session's user."""

    def withdraw(
        self, attachment_id: int, reason: str, actor: str, now: datetime
    ) -> tuple[datetime, str]:
        try:
            at, by = self.sql.one(  # type: ignore[misc]  # the function returns a row or raises
                "SELECT * FROM rc_withdraw_attachment(?, ?)", (attachment_id, reason)
            )
        except peewee.DatabaseError as exc:
            _reraise(exc)
        self.store.touch("attachments", attachment_id)  # the service's event names it
        return dt(at), by  # type: ignore[return-value]  # never NULL
