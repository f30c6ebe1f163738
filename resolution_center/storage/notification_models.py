"""Schema step 18 (migrations/m0018_notifications_satisfaction.py), its notification half.

Notifications themselves are not stored: they are events of the trail (storage/notifications.py
reads them). What is stored is each user's read state: the events they marked read one by one,
and the event up to which they marked everything read. No foreign key to the trail: backups
restore the trail last, after every table that points at it.
"""

from __future__ import annotations

import peewee as pw

from .models import BaseModel, User


class NotificationRead(BaseModel):
    user = pw.ForeignKeyField(User, on_delete="RESTRICT", index=False)
    seq = pw.BigIntegerField()  # the event's
    read_at = pw.CharField(max_length=27)

    class Meta:
        table_name = "notification_reads"
        primary_key = pw.CompositeKey("user", "seq")


class NotificationMark(BaseModel):
    """Everything up to `seq` is read for this user ("mark all read")."""

    user = pw.ForeignKeyField(User, primary_key=True, on_delete="RESTRICT")
    seq = pw.BigIntegerField()
    marked_at = pw.CharField(max_length=27)

    class Meta:
        table_name = "notification_marks"


NOTIFICATION_MODELS = (NotificationRead, NotificationMark)
