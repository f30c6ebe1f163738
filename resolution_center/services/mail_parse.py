"""A received mail read into what a case needs: who sent it, its subject and text, the headers
that name a case, and its attachments; or the reason it cannot be read (it goes to quarantine).

Mail is read with the standard library's `email` (policy.default) and is never trusted: every
header value is made one line (a newline in a display name or subject must never become a header
when the text is used again), text parts are decoded with their declared charset and, where that
is missing or wrong, with the one `charset_normalizer` finds. HTML-only mail is turned into
readable text. Outlook `.msg` files are read with `extract-msg`.
"""

from __future__ import annotations

import email
import email.header
import email.policy
import email.utils
import hashlib
import html
import mailbox
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage, Message
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ..domain.case import normalize_email
from ..domain.errors import ValidationError
from ..domain.messages import BODY_LIMIT, SUBJECT_LIMIT, one_line

NO_SUBJECT = "(no subject)"
NO_TEXT = "(the mail has no text)"
_TRUNCATED = "\n\n[... the rest of the mail's text is longer than a message holds ...]"
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")
# The defects that leave a multipart mail without its parts: nothing can be split reliably.
_FATAL_DEFECTS = ("StartBoundaryNotFoundDefect", "NoBoundaryInMultipartDefect")
# Printable ASCII without < and >, at most 250 characters with its brackets: what our replies'
# In-Reply-To holds (RFC 5322 lines stop at 998; real ids are far shorter). A longer one is no
# usable id: the mail is known by its bytes' hash and our replies do not name it.
MAIL_ID_MAX = 250
_ID_TEXT = re.compile(rf"^<[!-;=?-~]{{1,{MAIL_ID_MAX - 2}}}>\Z")
_HEADERS = ("from", "to", "subject", "date", "message-id", "received", "mime-version")


class MailUnreadable(Exception):
    """Mail that cannot be imported; `reason` says why, for the quarantine list."""

    def __init__(self, reason: str, *, sender: str = "", subject: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.sender = sender
        self.subject = subject


@dataclass(frozen=True, slots=True)
class MailAttachment:
    file_name: str
    media_type: str
    content: bytes


@dataclass(frozen=True, slots=True)
class ParsedMail:
    identity: str  # the Message-ID, or "sha256:<hex>" of the bytes for a mail without one
    sender_email: str  # normalised
    sender_name: str
    subject: str
    body: str
    date: datetime | None
    in_reply_to: str
    references: str
    attachments: tuple[MailAttachment, ...] = ()
    defects: tuple[str, ...] = field(default=())

    @property
    def sender(self) -> str:
        if self.sender_name and self.sender_email:
            return f"{self.sender_name} <{self.sender_email}>"
        return self.sender_email or self.sender_name


def identity_of(raw: bytes, message_id: str | None) -> str:
    """A mail's identity: its Message-ID where it has a usable one, else a stable hash of its
    bytes (the same file imported twice is the same mail). Line ends are CRLF on the wire and
    in IMAP, LF in most files: the hash takes them as LF, so the same mail fetched and saved
    is one mail."""
    text = "".join((message_id or "").split())
    if _ID_TEXT.match(text):
        return text
    return "sha256:" + hashlib.sha256(raw.replace(b"\r\n", b"\n")).hexdigest()


def decode_text(data: bytes, declared: str | None) -> str:
    """Bytes as text: the declared charset when it decodes them cleanly, else the one
    charset_normalizer finds (a missing or wrong declaration is common), else UTF-8 with
    replacement characters rather than nothing."""
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("ascii")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # imported when a mail needs it

    best = from_bytes(data).best()
    if best is not None:
        return str(best)
    return data.decode("utf-8", errors="replace")


class _TextOfHtml(HTMLParser):
    _BLOCKS = frozenset(
        {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"}
        | {"table", "ul", "ol", "section", "article", "header", "footer", "hr"}
    )
    _SKIP = frozenset(("script", "style", "head", "title"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping = 0
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCKS:
            self.out.append("\n")
            if tag == "li":
                self.out.append("- ")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.out.append(f"[{alt}]")
        if tag == "a":
            self.links.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BLOCKS:
            self.out.append("\n")
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href.startswith(("http://", "https://")):
                self.out.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(data)


def html_to_text(markup: str) -> str:
    """HTML as a person would read it: blocks on their own lines, scripts and styles left out,
    entities decoded, links kept after their text."""
    parser = _TextOfHtml()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # html.parser is lenient; anything else still reads as its text
        return html.unescape(re.sub(r"<[^>]*>", " ", markup))
    lines = (" ".join(line.split()) for line in "".join(parser.out).splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def clean_received_text(text: str) -> str:
    """A received mail's text as a message body: NFC, LF line ends, no control characters,
    within the message's limit (the whole mail stays as it came, in its event's source)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", unicodedata.normalize("NFC", text)).strip()
    if len(text) > BODY_LIMIT:
        text = text[: BODY_LIMIT - len(_TRUNCATED)].rstrip() + _TRUNCATED
    return text or NO_TEXT


def clean_subject_line(text: str | None) -> str:
    return one_line(unicodedata.normalize("NFC", text or ""))[:SUBJECT_LIMIT] or NO_SUBJECT


def _unescaped(text: str) -> str:
    """Raw 8-bit header bytes (UTF-8 by RFC 6532, or a legacy charset) read as text: the
    parser keeps them as surrogate escapes."""
    if not any("\udc80" <= c <= "\udcff" for c in text):
        return text
    return decode_text(text.encode("utf-8", "surrogateescape"), None)


def _header(msg: Message, name: str) -> str:
    """A header as one line of text; a header too broken to read is empty."""
    try:
        value = msg.get(name)
    except Exception:
        return ""
    return one_line(_unescaped(str(value))) if value is not None else ""


def _sender(msg: Message) -> tuple[str, str]:
    """(normalised address, display name) of the From header; MailUnreadable without one."""
    try:
        header = msg.get("From")
        addresses = getattr(header, "addresses", ()) if header is not None else ()
    except Exception:  # e.g. a display name that decodes to a line break: read it by hand
        return _raw_sender(msg)
    if not addresses or not addresses[0].addr_spec or "@" not in addresses[0].addr_spec:
        shown = one_line(str(header)) if header is not None else ""
        reason = (
            f"the sender's address ({shown!r}) cannot be read"
            if shown
            else "the mail has no sender (From) address: it cannot be matched to a customer"
        )
        raise MailUnreadable(reason, sender=shown, subject=_header(msg, "Subject"))
    first = addresses[0]
    try:
        address = normalize_email(first.addr_spec)
    except ValidationError as exc:
        raise MailUnreadable(
            f"the sender's address is not an e-mail address: {exc}",
            sender=one_line(first.addr_spec),
            subject=_header(msg, "Subject"),
        ) from None
    name = _unescaped(first.display_name or "")
    return address, one_line(unicodedata.normalize("NFC", name))[:200]


def _raw_sender(msg: Message) -> tuple[str, str]:
    """The From header the structured parser refused, read with the lenient utilities; the
    display name decoded and made one line (whatever line breaks it decodes to)."""
    raw = next((str(v) for k, v in msg.raw_items() if k.lower() == "from"), "")
    bracketed = re.search(r"^(.*)<\s*([^<>\s]+@[^<>\s]+)\s*>\s*$", raw, re.DOTALL)
    if bracketed:  # the usual `Name <address>`: the name may hold anything, even a colon
        name, address = bracketed.group(1).strip().strip('"'), bracketed.group(2)
    else:
        name, address = email.utils.parseaddr(raw)
    try:
        address = normalize_email(address)
    except ValidationError:
        raise MailUnreadable(
            f"the sender's address ({one_line(raw)!r}) cannot be read",
            sender=one_line(raw),
            subject=_header(msg, "Subject"),
        ) from None
    try:
        decoded = str(email.header.make_header(email.header.decode_header(name)))
    except Exception:
        decoded = name
    return address, one_line(unicodedata.normalize("NFC", _unescaped(decoded)))[:200]


def _date(msg: Message) -> datetime | None:
    try:
        header = msg.get("Date")
        moment = getattr(header, "datetime", None) if header is not None else None
    except Exception:
        return None
    if not isinstance(moment, datetime):
        return None
    if moment.tzinfo is None:  # "-0000": the time is UTC, the zone unknown
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _part_text(part: Message) -> str:
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return ""
    text = decode_text(data, part.get_content_charset())
    return html_to_text(text) if part.get_content_type() == "text/html" else text


def _file_name(part: Message, index: int) -> str:
    try:
        name = part.get_filename()
    except Exception:
        name = None
    if name:
        return one_line(name)[:200] or f"attachment-{index}"
    ctype = part.get_content_type()
    if ctype == "message/rfc822":
        inner = _inner(part)
        subject = _header(inner, "Subject") if inner is not None else ""
        return (re.sub(r"[^\w .,()-]+", "_", subject).strip()[:80] or "forwarded") + ".eml"
    extension = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif"}.get(ctype, "")
    return f"attachment-{index}{extension or '.bin'}"


def _inner(part: Message) -> Message | None:
    """The mail a message/rfc822 part carries."""
    payload = part.get_payload()
    first = payload[0] if isinstance(payload, list) and payload else None
    return first if isinstance(first, Message) else None


class _Walk:
    """The body texts and attachments of a mail, in the order a reader meets them."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.attachments: list[MailAttachment] = []

    def attach(self, part: Message) -> None:
        ctype = part.get_content_type()
        if ctype == "message/rfc822":
            inner = _inner(part)
            content = inner.as_bytes(policy=email.policy.SMTP) if inner is not None else b""
        else:
            data = part.get_payload(decode=True)
            content = data if isinstance(data, bytes) else b""
        if content:
            name = _file_name(part, len(self.attachments) + 1)
            self.attachments.append(MailAttachment(name, ctype, content))

    def visit(self, part: Message, *, texts: bool = True) -> None:
        ctype = part.get_content_type()
        if ctype == "message/rfc822":
            self.attach(part)  # a forwarded mail stays whole, as a .eml
            return
        if part.is_multipart():
            children = [c for c in part.get_payload() if isinstance(c, Message)]
            if ctype == "multipart/alternative" and texts:
                best = _best_alternative(children)
                for child in children:
                    self.visit(child, texts=child is best)
            else:
                for child in children:
                    self.visit(child, texts=texts)
            return
        try:
            disposition = part.get_content_disposition()
        except Exception:
            disposition = None
        named = bool(part.get_filename()) if disposition != "inline" else False
        if ctype in ("text/plain", "text/html") and disposition != "attachment" and not named:
            if texts:
                self.texts.append(_part_text(part))
            return
        self.attach(part)


def _best_alternative(children: list[Message]) -> Message | None:
    """Plain text first (the sender's own words), then HTML, then whatever comes last."""
    for wanted in ("text/plain", "text/html"):
        for child in children:
            if child.get_content_type() == wanted and child.get_payload(decode=True):
                return child
    for child in children:
        if child.is_multipart():
            return child
    return children[-1] if children else None


def parse_mail(raw: bytes, *, require_sender: bool = True) -> ParsedMail:
    """An RFC 5322 mail (.eml) read for import; MailUnreadable says why it cannot be.
    Without `require_sender` a mail with no From is read too (a person chose its case)."""
    if not raw.strip():
        raise MailUnreadable("the file is empty")
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
    except Exception as exc:  # the parser is lenient; this is a mail it could not even start
        raise MailUnreadable(f"not a mail: {exc}") from None
    if not any(name in (k.lower() for k in msg) for name in _HEADERS):
        raise MailUnreadable("not a mail: it has no mail headers (From, Subject, Date, ...)")
    defects = [type(d).__name__ for p in msg.walk() for d in getattr(p, "defects", ())]
    subject = _header(msg, "Subject")
    fatal = [d for d in defects if d in _FATAL_DEFECTS]
    if fatal:
        raise MailUnreadable(
            f"malformed MIME: {', '.join(sorted(set(fatal)))} (its parts cannot be told apart)",
            sender=_header(msg, "From"),
            subject=subject,
        )
    try:
        address, name = _sender(msg)
    except MailUnreadable:
        if require_sender:
            raise
        address, name = "", _header(msg, "From")[:200]
    walk = _Walk()
    walk.visit(msg)
    body = "\n\n".join(t.strip() for t in walk.texts if t.strip())
    return ParsedMail(
        identity=identity_of(raw, _header(msg, "Message-ID")),
        sender_email=address,
        sender_name=name,
        subject=clean_subject_line(subject),
        body=clean_received_text(body),
        date=_date(msg),
        in_reply_to=_header(msg, "In-Reply-To"),
        references=_header(msg, "References"),
        attachments=tuple(walk.attachments),
        defects=tuple(defects),
    )


def parse_outlook(raw: bytes) -> ParsedMail:
    """An Outlook .msg file read for import (extract-msg); MailUnreadable says why not."""
    import extract_msg  # imported when an Outlook file arrives: it loads a dozen modules

    try:
        msg: Any = extract_msg.openMsg(raw)
    except Exception as exc:
        raise MailUnreadable(f"not an Outlook message (.msg): {exc}") from None
    try:
        header_text = str(getattr(msg, "header", "") or "")
        sender_text = str(msg.sender or "")
        subject = clean_subject_line(str(msg.subject or ""))
        headers = email.message_from_string(
            header_text or f"From: {sender_text}\n\n", policy=email.policy.default
        )
        address = _outlook_sender_address(msg)
        if address and "@" not in str(headers.get("From", "")):
            # Outlook's own header often names the sender without an address; the SMTP address
            # is in the sender properties (an Exchange sender's PR_SENDER_EMAIL_ADDRESS is an
            # X.500 name, hence the order).
            del headers["From"]
            headers["From"] = email.utils.formataddr((sender_text.split("<")[0].strip(), address))
        elif "From" not in headers and sender_text:
            headers["From"] = sender_text
        address, name = _sender(headers)
        body = str(msg.body or "")
        if not body.strip() and getattr(msg, "htmlBody", None):
            html_body = msg.htmlBody
            body = html_to_text(
                html_body.decode("utf-8", "replace") if isinstance(html_body, bytes) else html_body
            )
        attachments = []
        for i, att in enumerate(msg.attachments, start=1):
            data = getattr(att, "data", None)
            if isinstance(data, bytes) and data:
                file_name = one_line(str(att.longFilename or att.shortFilename or ""))
                attachments.append(MailAttachment(file_name or f"attachment-{i}.bin", "", data))
        return ParsedMail(
            identity=identity_of(raw, str(getattr(msg, "messageId", "") or "")),
            sender_email=address,
            sender_name=name,
            subject=subject,
            body=clean_received_text(body),
            date=_date(headers),
            in_reply_to=_header(headers, "In-Reply-To"),
            references=_header(headers, "References"),
            attachments=tuple(attachments),
        )
    finally:
        msg.close()


# PR_SENDER_SMTP_ADDRESS, PR_SENT_REPRESENTING_SMTP_ADDRESS, PR_SENDER_EMAIL_ADDRESS,
# PR_SENT_REPRESENTING_EMAIL_ADDRESS (Unicode string streams of an Outlook message).
_OUTLOOK_SENDER_STREAMS = ("5D01", "5D02", "0C1F", "0065")


def _outlook_sender_address(msg: Any) -> str:
    for code in _OUTLOOK_SENDER_STREAMS:
        try:
            value = msg.getStringStream(f"__substg1.0_{code}")
        except Exception:  # a property stream the file does not have, or cannot decode
            value = None
        if value and "@" in str(value) and not str(value).startswith("/"):
            return str(value).strip()
    return ""


def parse_any(raw: bytes, file_name: str = "", *, require_sender: bool = True) -> ParsedMail:
    """A mail in either form: Outlook's compound file by its signature, else RFC 5322."""
    if raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or file_name.lower().endswith(".msg"):
        return parse_outlook(raw)
    return parse_mail(raw, require_sender=require_sender)


def mbox_messages(path: Path) -> Iterator[bytes]:
    """The mails of an mbox file, as their bytes."""
    box = mailbox.mbox(str(path), create=False)
    try:
        for key in box.iterkeys():
            yield box.get_bytes(key)
    finally:
        box.close()


def is_mbox(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(5) == b"From "


def peek(raw: bytes) -> tuple[str, str, datetime | None]:
    """(sender, subject, date) as well as they can be read, for a quarantined mail's row."""
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
    except Exception:
        return "", "", None
    if isinstance(msg, EmailMessage | Message):
        return _header(msg, "From")[:300], _header(msg, "Subject")[:SUBJECT_LIMIT], _date(msg)
    return "", "", None
