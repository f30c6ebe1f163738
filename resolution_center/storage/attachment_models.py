"""Schema step 4 (migrations/m0004_attachments.py): evidence files attached to cases.

The bytes live in the database (BLOB on SQLite, bytea on PostgreSQL), so a backup carries them.
Rows are never updated except once, to mark them withdrawn; PostgreSQL's guard enforces that.
"""

from __future__ import annotations

import peewee as pw

from .models import BaseModel, Case


class Attachment(BaseModel):
    case = pw.ForeignKeyField(Case, backref="attachments", on_delete="RESTRICT")
    file_name = pw.CharField(max_length=255)
    media_type = pw.CharField(max_length=100)
    size_bytes = pw.BigIntegerField(constraints=[pw.Check("size_bytes > 0")])
    sha256 = pw.CharField(max_length=64)
    description = pw.TextField(default="")
    content = pw.BlobField()
    added_by = pw.CharField(max_length=64)
    added_at = pw.CharField(max_length=27)
    withdrawn_at = pw.CharField(max_length=27, null=True)
    withdrawn_by = pw.CharField(max_length=64, null=True)
    withdraw_reason = pw.TextField(default="")

    class Meta:
        table_name = "attachments"
        # One copy of a file per case; also the index the case's list reads by.
        indexes = ((("case", "sha256"), True),)
        constraints = [pw.SQL("CHECK (length(content) = size_bytes)")]  # noqa: RUF012


ATTACHMENT_MODELS = (Attachment,)
