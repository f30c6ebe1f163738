"""How a mail names its case: the Message-ID the outbox gives every message and the subject tag,
and how a reply is traced back to its case from them. One place for the format, so the mail
going out and the mail coming in read it the same way.

Message-ID: `<{reference}.{message id}.{random hex}@{domain of the team's address}>`, e.g.
`<RC-2026-000123.42.9f2c4e1ab07d3e55@support.example.com>`. The random part keeps the id unique
across databases that number their cases and messages alike (a restored backup, a test copy).
Subject: carries `[RC-2026-000123]`; added in front when the template's subject lacks it.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from .errors import ValidationError
from .ids import is_case_reference

_REFERENCE = r"RC-\d{4}-\d{6}"
# One id inside angle brackets, as Message-ID, In-Reply-To and References hold them.
_MAIL_ID = re.compile(
    rf"<\s*(?P<reference>{_REFERENCE})\.(?P<message>[1-9]\d{{0,18}})\.(?P<token>[0-9a-f]{{8,64}})"
    r"@(?P<domain>[^<>@\s]+)\s*>",
    re.ASCII | re.IGNORECASE,
)
# "[RC-…]" as helpdesks tag, or "(RC-…)" as the shipped templates end their subjects: both name
# the case, so a template's own subject gets no second tag and its reply is routed by it.
_SUBJECT_TAG = re.compile(
    rf"\[\s*(?P<reference>{_REFERENCE})\s*\]|\(\s*(?P<bare>{_REFERENCE})\s*\)",
    re.ASCII | re.IGNORECASE,
)
_DOMAIN = re.compile(
    r"^[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\Z"
)


@dataclass(frozen=True, slots=True)
class MailId:
    """What one of our Message-IDs says."""

    reference: str  # the case, upper case: RC-2026-000123
    message_id: int  # the message's row in `messages`
    token: str
    domain: str

    def __str__(self) -> str:
        return f"<{self.reference}.{self.message_id}.{self.token}@{self.domain}>"


def address_domain(address: str) -> str:
    """The domain of an e-mail address (`help@Support.Example.com` -> `support.example.com`);
    refused unless it is a plain DNS name, since it goes into every Message-ID."""
    _, at, domain = (address or "").strip().rpartition("@")
    domain = domain.strip().rstrip(">").lower()
    if not at or not _DOMAIN.match(domain) or "." not in domain:
        raise ValidationError(
            f"{address!r} has no domain a Message-ID can carry (name@example.com)",
            field="from_address",
        )
    return domain


def make_message_id(reference: str, message_id: int, from_address: str) -> MailId:
    """A new Message-ID for message `message_id` of case `reference`, sent from `from_address`."""
    if not is_case_reference(reference):
        raise ValidationError(f"{reference!r} is not a case reference", field="reference")
    return MailId(
        reference.strip().upper(),
        int(message_id),
        secrets.token_hex(8),
        address_domain(from_address),
    )


def parse_message_id(text: str | None) -> MailId | None:
    """`text` (one id, with its angle brackets) read as one of ours; None for anyone else's."""
    found = _MAIL_ID.fullmatch((text or "").strip())
    return _mail_id(found) if found else None


def mail_ids_in(header: str | None) -> list[MailId]:
    """Every id of ours in a Message-ID, In-Reply-To or References header, in header order
    (References lists the thread oldest first)."""
    return [_mail_id(m) for m in _MAIL_ID.finditer(header or "")]


def subject_with_reference(subject: str, reference: str) -> str:
    """`subject` tagged `[reference]` in front, unless it already names that case."""
    if any(_tagged(m) == reference.upper() for m in _SUBJECT_TAG.finditer(subject)):
        return subject
    return f"[{reference.upper()}] {subject}".rstrip()


def reference_in_subject(subject: str | None) -> str | None:
    """The case a subject names by its tag (`Re: [RC-2026-000123] Your complaint`); the first
    tag wins, as a reply prefixes and forwards keep the original's."""
    found = _SUBJECT_TAG.search(subject or "")
    return _tagged(found) if found else None


def _tagged(found: re.Match[str]) -> str:
    return (found.group("reference") or found.group("bare")).upper()


def reference_in_headers(*headers: str | None) -> str | None:
    """The case named by our ids in the given headers (pass In-Reply-To, then References):
    the first header with one of ours decides, and in it the newest id (the last)."""
    for header in headers:
        found = mail_ids_in(header)
        if found:
            return found[-1].reference
    return None


def find_reference(
    subject: str | None, *, in_reply_to: str | None = None, references: str | None = None
) -> str | None:
    """The case a received mail belongs to: our ids in In-Reply-To or References first (a
    customer may edit the subject; mail clients keep these), then the subject's tag."""
    return reference_in_headers(in_reply_to, references) or reference_in_subject(subject)


def _mail_id(found: re.Match[str]) -> MailId:
    return MailId(
        found.group("reference").upper(),
        int(found.group("message")),
        found.group("token").lower(),
        found.group("domain").lower(),
    )
