"""Schema step 16 (migrations/m0016_outbox.py): mail out.

One row per message mailed to a customer, written in the change that records the message as
sent. It holds what the mail's headers need to stay the same on every attempt and in every
export (the Message-ID, the thread, the recipient, the tagged subject) and how its delivery
goes. Rows are never deleted; a delivered row never changes again (PostgreSQL's guards in
sql/outbox.sql, for users at a SQL prompt too).
"""

from __future__ import annotations

import peewee as pw

from .message_models import Message
from .models import BaseModel, Case


class OutboxMail(BaseModel):
    message = pw.ForeignKeyField(Message, unique=True, on_delete="RESTRICT")
    case = pw.ForeignKeyField(Case, on_delete="RESTRICT")
    state = pw.CharField(
        max_length=12, constraints=[pw.Check("state IN ('queued', 'failed', 'delivered')")]
    )
    mail_id = pw.CharField(max_length=250, unique=True)  # the Message-ID header
    in_reply_to = pw.CharField(max_length=250, null=True)
    thread = pw.TextField()  # the References header: earlier Message-IDs, oldest first
    to_name = pw.TextField()
    to_address = pw.TextField()
    subject = pw.TextField()  # as mailed, tagged [RC-...]
    attachments = pw.TextField(default="")  # comma-separated attachment ids of the case
    attempts = pw.IntegerField(default=0, constraints=[pw.Check("attempts >= 0")])
    next_attempt_at = pw.CharField(max_length=27)
    last_answer = pw.TextField(null=True)  # the server's last answer (or why there was none)
    queued_by = pw.CharField(max_length=64)
    queued_at = pw.CharField(max_length=27)
    delivered_at = pw.CharField(max_length=27, null=True)
    delivered_by = pw.CharField(max_length=64, null=True)

    class Meta:
        table_name = "outbox"
        indexes = ((("state", "next_attempt_at"), False),)


class OutboxClaim(BaseModel):
    """A delivery pass's hold on a mail while it talks to the server, so two passes (two
    windows, a window and cron) never send the same mail. Bookkeeping, not state: the trail
    does not vouch for it, and an expired claim is anyone's."""

    outbox = pw.ForeignKeyField(OutboxMail, primary_key=True, on_delete="RESTRICT")
    claimed_by = pw.CharField(max_length=64)
    claimed_until = pw.CharField(max_length=27)

    class Meta:
        table_name = "outbox_claims"


OUTBOX_MODELS: tuple[type[BaseModel], ...] = (OutboxMail, OutboxClaim)
