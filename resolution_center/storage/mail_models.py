"""Schema step 17 (migrations/m0017_mail_in.py): mail in.

Received mails are rows of `messages` (direction 'in', state 'received'; their columns are in
message_models.py). Here: the quarantine of mail that could not be imported, its bytes kept so
nothing is lost and it can be imported again, and where each IMAP folder's fetch left off.
"""

from __future__ import annotations

import peewee as pw

from .message_models import Message
from .models import BaseModel


class MailQuarantine(BaseModel):
    identity = pw.TextField()  # its Message-ID, or "sha256:<hex>" of its bytes
    state = pw.CharField(
        max_length=12, constraints=[pw.Check("state IN ('held', 'imported', 'discarded')")]
    )
    reason = pw.TextField()
    sender = pw.TextField()
    subject = pw.TextField()
    mail_date = pw.CharField(max_length=27, null=True)
    source = pw.TextField()  # a file's name or "imap:<folder> uid <n>"
    size_bytes = pw.BigIntegerField(constraints=[pw.Check("size_bytes >= 0")])
    sha256 = pw.CharField(max_length=64, unique=True)
    content = pw.BlobField()
    held_by = pw.CharField(max_length=64)
    held_at = pw.CharField(max_length=27)
    resolved_by = pw.CharField(max_length=64, null=True)
    resolved_at = pw.CharField(max_length=27, null=True)
    message = pw.ForeignKeyField(Message, null=True, on_delete="RESTRICT")

    class Meta:
        table_name = "mail_quarantine"
        constraints = [pw.SQL("CHECK (length(content) = size_bytes)")]  # noqa: RUF012


class MailCursor(BaseModel):
    account = pw.TextField(primary_key=True)  # user@host:port/folder
    uidvalidity = pw.BigIntegerField()
    last_uid = pw.BigIntegerField(constraints=[pw.Check("last_uid >= 0")])
    updated_by = pw.CharField(max_length=64)
    updated_at = pw.CharField(max_length=27)

    class Meta:
        table_name = "mail_cursors"


MAIL_MODELS = (MailQuarantine, MailCursor)
