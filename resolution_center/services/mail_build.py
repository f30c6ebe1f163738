"""A message to a customer as an RFC 5322 mail: the bytes the outbox delivers and `.eml` exports.

Built with the standard library's `EmailMessage` under the default policy, which encodes UTF-8
names and subjects (RFC 2047) and refuses a header value with a line break in it: what would
add a header is turned into a ValidationError naming the field, before anything is queued.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime

from ..domain.errors import ValidationError
from ..domain.outbox import SmtpSettings


@dataclass(frozen=True, slots=True)
class MailFile:
    """An attachment as mailed."""

    file_name: str
    media_type: str
    content: bytes


@dataclass(frozen=True, slots=True)
class MailHeaders:
    mail_id: str
    to_name: str
    to_address: str
    subject: str
    date: datetime
    in_reply_to: str | None = None
    references: str = ""
    # A received mail's export: From is the customer as they wrote it (else the team's address)
    sender: str | None = None


def _address(name: str, address: str, field: str) -> Address:
    local, at, domain = address.strip().rpartition("@")
    if not at or not local or not domain:
        raise ValidationError(f"{address!r} is not an e-mail address", field=field)
    if not local.isascii():
        # would need SMTPUTF8 end to end; the standard library would otherwise write an
        # encoded word into the address, which no server delivers
        raise ValidationError(
            f"{address!r}: a mailbox name with characters beyond ASCII cannot be mailed from "
            "here; send from your own mail program, or ask the customer for another address",
            field=field,
        )
    try:
        # an internationalised domain travels as its ASCII (punycode) form
        domain = domain.encode("idna").decode("ascii")
        return Address(display_name=name, username=local, domain=domain)
    except (ValueError, TypeError, UnicodeError) as exc:
        raise ValidationError(
            f"the {field.replace('_', ' ')} cannot go into a mail header: {exc}", field=field
        ) from None


def _received_from(sender: str) -> Address | str:
    """A received mail's sender as mail in stores it, `name <address>` with the name unquoted
    ("Doe, John <j@x.com>"), as one mailbox again; what is no usable address stays as text."""
    name, address = "", sender.strip()
    if address.endswith(">") and " <" in address:
        name, address = address[:-1].rsplit(" <", 1)
    try:
        return _address(name.strip(), address, "sender")
    except ValidationError:
        return sender


def check_headers(to_name: str, to_address: str, subject: str) -> None:
    """Refuses a recipient or subject that would not make exactly the headers it names."""
    build(MailHeaders("<check@example.invalid>", to_name, to_address, subject, _EPOCH), "", None)


def build(
    headers: MailHeaders,
    body: str,
    sender: SmtpSettings | None,
    files: Sequence[MailFile] = (),
) -> EmailMessage:
    msg = EmailMessage(policy=policy.default)
    try:
        if headers.sender is not None:
            msg["From"] = _received_from(headers.sender)
        elif sender is not None and sender.from_address:
            msg["From"] = _address(sender.from_name, sender.from_address, "from_address")
        if headers.to_address:
            msg["To"] = _address(headers.to_name, headers.to_address, "customer_email")
        try:
            msg["Subject"] = headers.subject
        except ValueError as exc:
            raise ValidationError(
                f"the subject cannot go into a mail header: {exc}", field="subject"
            ) from None
        msg["Date"] = format_datetime(headers.date)
        msg["Message-ID"] = headers.mail_id
        if headers.in_reply_to:
            msg["In-Reply-To"] = headers.in_reply_to
        if headers.references:
            msg["References"] = headers.references
        msg.set_content(body)
        for f in files:
            maintype, _, subtype = (f.media_type or "application/octet-stream").partition("/")
            msg.add_attachment(
                f.content,
                maintype=maintype,
                subtype=subtype or "octet-stream",
                filename=f.file_name,
            )
        msg.as_bytes()  # a header that only fails when written fails here, not at delivery
    except ValidationError:
        raise
    except (ValueError, TypeError, UnicodeError) as exc:
        raise ValidationError(
            f"this message cannot be made into a mail: {exc}", field="message"
        ) from None
    return msg


_EPOCH = datetime(2000, 1, 1).astimezone()


def parse(data: bytes) -> EmailMessage:
    """An .eml's bytes read back (tests, the window's preview)."""
    parsed = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(parsed, EmailMessage)  # the default policy's factory
    return parsed
