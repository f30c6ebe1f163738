"""Schema step 15 (migrations/m0015_messages.py): messages to customers, their templates, and
the library of approved answers.

Template and answer versions are written once (an approval fills in who approved a version,
once); a message changes only while it is a draft. PostgreSQL's guards (sql/messages.sql)
enforce that, and who may approve, for users at a SQL prompt too. The text index of answers is
the backend's own: FTS5 `answer_fts` on SQLite, the generated `search_doc` on PostgreSQL.
"""

from __future__ import annotations

import peewee as pw

from .models import BaseModel, Case


class MessageTemplateVersion(BaseModel):
    name = pw.CharField(max_length=40)
    language = pw.CharField(max_length=8)
    version = pw.IntegerField(constraints=[pw.Check("version > 0")])
    subject = pw.TextField()
    body = pw.TextField()
    sha256 = pw.CharField(max_length=64)
    created_by = pw.CharField(max_length=64)
    created_at = pw.CharField(max_length=27)

    class Meta:
        table_name = "message_templates"
        indexes = ((("name", "language", "version"), True),)


class Message(BaseModel):
    case = pw.ForeignKeyField(Case, backref="messages", on_delete="RESTRICT")
    state = pw.CharField(max_length=12)
    language = pw.CharField(max_length=8)
    template_name = pw.CharField(max_length=40, null=True)
    template_version = pw.IntegerField(null=True)
    template_sha256 = pw.CharField(max_length=64, null=True)
    subject = pw.TextField()
    body = pw.TextField()
    answer_versions = pw.TextField(default="")  # comma-separated answer_versions ids
    drafted_by = pw.CharField(max_length=64)
    drafted_at = pw.CharField(max_length=27)
    sent_by = pw.CharField(max_length=64, null=True)
    sent_at = pw.CharField(max_length=27, null=True)
    # step 17 (mail in): a received mail's identity, sender and Date
    direction = pw.CharField(
        max_length=3, default="out", constraints=[pw.Check("direction IN ('out', 'in')")]
    )
    rfc_message_id = pw.TextField(null=True)
    sender = pw.TextField(null=True)
    mail_date = pw.CharField(max_length=27, null=True)

    class Meta:
        table_name = "messages"


class AnswerRecord(BaseModel):
    kind = pw.CharField(
        max_length=16,
        constraints=[pw.Check("kind IN ('reply', 'faq', 'troubleshooting', 'policy')")],
    )
    created_by = pw.CharField(max_length=64)
    created_at = pw.CharField(max_length=27)
    in_use_version = pw.IntegerField(null=True)  # the answer_versions id in use
    uses = pw.IntegerField(default=0, constraints=[pw.Check("uses >= 0")])
    retired_at = pw.CharField(max_length=27, null=True)
    retired_by = pw.CharField(max_length=64, null=True)

    class Meta:
        table_name = "answers"


class AnswerVersionRecord(BaseModel):
    answer = pw.ForeignKeyField(AnswerRecord, backref="versions", on_delete="RESTRICT")
    version = pw.IntegerField(constraints=[pw.Check("version > 0")])
    title = pw.CharField(max_length=200)
    body = pw.TextField()
    tags = pw.TextField(default="")  # comma-separated
    category = pw.CharField(max_length=64, default="")
    language = pw.CharField(max_length=8)
    created_by = pw.CharField(max_length=64)
    created_at = pw.CharField(max_length=27)
    approved_by = pw.CharField(max_length=64, null=True)
    approved_at = pw.CharField(max_length=27, null=True)

    class Meta:
        table_name = "answer_versions"
        indexes = ((("answer", "version"), True),)


MESSAGE_MODELS = (MessageTemplateVersion, Message, AnswerRecord, AnswerVersionRecord)
