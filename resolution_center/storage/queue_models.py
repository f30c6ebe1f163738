"""Schema step 11 (migrations/m0011_queues.py): escalation queues, one per tier.

A queue is a tier (domain/queues.py), so the tables hold only what is data: who is in each
queue, and how each routes new cases. Both are written by admins only (PostgreSQL: by grant).
"""

from __future__ import annotations

import peewee as pw

from .models import BaseModel, User


class QueueMember(BaseModel):
    tier = pw.CharField(max_length=12)
    user = pw.ForeignKeyField(User, backref="queues", on_delete="RESTRICT")
    added_at = pw.CharField(max_length=27)
    added_by = pw.CharField(max_length=64)

    class Meta:
        table_name = "queue_members"
        primary_key = pw.CompositeKey("tier", "user")


class QueueRouting(BaseModel):
    tier = pw.CharField(primary_key=True, max_length=12)
    mode = pw.CharField(max_length=16)
    categories = pw.TextField(default="")  # by-category: JSON {category: username}
    changed_at = pw.CharField(max_length=27)
    changed_by = pw.CharField(max_length=64)

    class Meta:
        table_name = "queue_routing"


QUEUE_MODELS = (QueueMember, QueueRouting)
