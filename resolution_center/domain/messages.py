"""Messages to the customer: their states, the templates they come from, and the text rules.

A message is drafted, then sent or discarded. Today "sent" means recorded on the case (the
customer is reached outside the app); an outbox that delivers mail adds its own states after
`sent` without changing these. A subject is one line whatever a placeholder holds: a customer
name with a line break in it must never add a header line to a mail made from it later.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from .errors import PolicyRefusal, ValidationError
from .ids import CaseId


class MessageState(StrEnum):
    DRAFT = "draft"
    SENT = "sent"  # recorded on the case as sent to the customer
    DISCARDED = "discarded"  # a draft nobody will send (an acknowledgement made needless)
    RECEIVED = "received"  # a mail from the customer, imported (services/mail_in.py)


class Direction(StrEnum):
    OUT = "out"  # to the customer
    IN = "in"  # from the customer: a received mail


class AckMode(StrEnum):
    """What intake does with the acknowledgement (the `messages.acknowledge` setting)."""

    DRAFT = "draft"  # drafted; a person sends it with a click
    SEND = "send"  # recorded as sent at once
    OFF = "off"  # none


ACKNOWLEDGEMENT = "acknowledgement"
# The templates every database has (resources/templates/messages/<name>.<language>.toml).
SHIPPED_TEMPLATES = (
    ACKNOWLEDGEMENT,
    "request-for-information",
    "status-update",
    "escalation-notice",
    "remedy-decision",
    "agreement-sent",
    "resolution-summary",
    "satisfaction-survey",
)
DEFAULT_LANGUAGE = "en"

SUBJECT_LIMIT = 200
BODY_LIMIT = 20_000

_LANGUAGE = re.compile(r"^[a-z]{2}(-[A-Z]{2})?\Z")
_TEMPLATE_NAME = re.compile(r"^[a-z][a-z0-9-]{1,39}\Z")
# Every character that starts a new line somewhere (mail headers, terminals, Qt labels).
_LINE_BREAKS = re.compile("[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")
_CONTROL_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")


def check_language(code: str | None) -> str:
    text = (code or "").strip()
    if not _LANGUAGE.match(text):
        raise ValidationError(
            f"{code!r} is not a language code: two lower-case letters such as en or de",
            field="language",
        )
    return text


def check_template_name(name: str | None) -> str:
    text = (name or "").strip().lower()
    if not _TEMPLATE_NAME.match(text):
        raise ValidationError(
            f"{name!r} is not a template name: lower-case letters, digits and '-', 2 to 40",
            field="template",
        )
    return text


def one_line(value: str) -> str:
    """`value` as one line: every line break and control character becomes a space. What a
    placeholder puts into a subject goes through this, so it can never start a new line."""
    flat = _CONTROL.sub(" ", _LINE_BREAKS.sub(" ", value))
    return " ".join(flat.split())


def clean(value: str | None, field: str, limit: int, *, multiline: bool, required: bool) -> str:
    """NFC, CRLF -> LF, trimmed; refuses control characters (a multi-line text keeps line feeds
    and tabs) and text over `limit` characters, naming the field."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text).strip()
    label = field.replace("_", " ")
    if required and not text:
        raise ValidationError(f"the {label} is required", field=field)
    if len(text) > limit:
        raise ValidationError(
            f"the {label} is too long: {len(text):,} characters, at most {limit:,}", field=field
        )
    bad = (_CONTROL_MULTILINE if multiline else _CONTROL).search(text)
    if bad:
        what = "a line break" if bad.group() in "\n\u2028\u2029" else "a control character"
        raise ValidationError(
            f"the {label} contains {what} (U+{ord(bad.group()):04X}); "
            + ("a subject is one line" if field == "subject" else "remove it"),
            field=field,
        )
    return text


def clean_subject(value: str | None) -> str:
    return clean(value, "subject", SUBJECT_LIMIT, multiline=False, required=True)


def clean_body(value: str | None, field: str = "body") -> str:
    return clean(value, field, BODY_LIMIT, multiline=True, required=True)


def template_sha256(subject: str, body: str) -> str:
    """What a sent message names its template's text by (the version number says which; the
    digest proves the text)."""
    return hashlib.sha256(f"{subject}\x1f{body}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class MessageTemplate:
    """One version of a template in one language. Shipped versions come from the package's
    files; versions an administrator saved come from the database and number on from them."""

    name: str
    language: str
    version: int
    subject: str
    body: str
    created_by: str
    created_at: datetime | None
    shipped: bool = False

    @property
    def sha256(self) -> str:
        return template_sha256(self.subject, self.body)

    @property
    def ref(self) -> str:
        return f"{self.name}/{self.language} v{self.version}"


@dataclass(frozen=True, slots=True)
class Message:
    id: int
    case_id: CaseId
    state: MessageState
    language: str
    subject: str
    body: str
    template_name: str | None
    template_version: int | None
    template_sha256: str | None
    answer_versions: tuple[int, ...]  # ids of the approved-answer versions inserted
    drafted_by: str
    drafted_at: datetime
    sent_by: str | None = None
    sent_at: datetime | None = None
    direction: Direction = Direction.OUT
    rfc_message_id: str | None = None  # a received mail's Message-ID (or its bytes' hash)
    sender: str | None = None  # a received mail's From, as read
    mail_date: datetime | None = None  # a received mail's Date

    @property
    def template_ref(self) -> str:
        if self.template_name is None:
            return ""
        return f"{self.template_name}/{self.language} v{self.template_version}"


def change_refusal(message: Message) -> PolicyRefusal | None:
    """Only a draft changes: a sent message is a record of what the customer was told."""
    if message.state is MessageState.DRAFT:
        return None
    return PolicyRefusal(
        f"message {message.id} was {message.state.value}: it can no longer change",
        field="message",
    )


# What a template may name, and what each holds (the editor and `template show` list them).
PLACEHOLDERS: dict[str, str] = {
    "reference": "the case reference (RC-2026-000123)",
    "customer_name": "the customer's name",
    "order_number": "the order number",
    "case_subject": "the case's subject line",
    "category": "the complaint's category",
    "status": "the case's status",
    "assignee": "who handles the case (display name), or the team",
    "agent": "who writes the message (display name)",
    "company": "the company's name (settings)",
    "first_response_due": "when the first response is due (the SLA)",
    "resolution_due": "when the resolution is due (the SLA)",
    "remedies": "the agreed remedies: each with .kind, .amount, .reference",
    "remedies_total": "the agreed remedies' total in the order's currency",
    "agreement_number": "the number of the case's issued agreement, if any",
    "currency": "the order's currency",
}
LIST_PLACEHOLDERS = frozenset({"remedies"})
