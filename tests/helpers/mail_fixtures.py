"""Real-world mail shapes, made in the test (nothing large is committed): HTML only,
multipart/alternative, quoted-printable, charsets other than UTF-8 (declared and not), inline
images, a forwarded mail, a display name in another script, header injection attempts, mail
without a sender and malformed MIME, and an attachment over the evidence limit."""

from __future__ import annotations

import base64
import os
from email.message import EmailMessage
from email.policy import SMTP

# A 1x1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
DATE = "Mon, 07 Dec 2026 10:15:00 +0100"


def _head(msg: EmailMessage, mid: str, sender: str, subject: str, **extra: str) -> EmailMessage:
    msg["From"] = sender
    msg["To"] = "help@shop.example"
    msg["Subject"] = subject
    msg["Date"] = DATE
    msg["Message-ID"] = f"<{mid}@mail.example>"
    for name, value in extra.items():
        msg[name.replace("_", "-")] = value
    return msg


def plain(
    mid: str,
    subject: str = "My kettle leaks",
    body: str = "The kettle I bought leaks from the bottom.",
    sender: str = "Zoë Kowalski <zoe@example.com>",
    **extra: str,
) -> bytes:
    msg = _head(EmailMessage(), mid, sender, subject, **extra)
    msg.set_content(body)
    return msg.as_bytes(policy=SMTP)


def html_only(mid: str) -> bytes:
    msg = _head(EmailMessage(), mid, "Ana <ana@example.com>", "Broken lid")
    msg.set_content(
        "<html><head><style>p {color: red}</style><script>alert(1)</script></head><body>"
        "<p>Dear team,</p><p>the lid of my <b>kettle</b> broke &amp; I want a refund.</p>"
        "<ul><li>Order 4711</li><li>Bought in May</li></ul>"
        '<p>See <a href="https://shop.example/o/4711">my order</a>.</p></body></html>',
        subtype="html",
    )
    return msg.as_bytes(policy=SMTP)


def alternative(mid: str) -> bytes:
    msg = _head(EmailMessage(), mid, "Ben <ben@example.com>", "Late parcel")
    msg.set_content("PLAIN: my parcel is two weeks late.")
    msg.add_alternative("<p>HTML: my parcel is <i>two weeks</i> late.</p>", subtype="html")
    return msg.as_bytes(policy=SMTP)


def quoted_printable_latin1(mid: str) -> bytes:
    text = "Grüße aus Köln: der Wasserkocher ist undicht, bitte um Ersatz. Straße 5."
    return (
        f"From: Jürgen <juergen@example.de>\r\nTo: help@shop.example\r\n"
        f"Subject: =?iso-8859-1?q?Wasserkocher_undicht_=DF?=\r\nDate: {DATE}\r\n"
        f"Message-ID: <{mid}@mail.example>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=iso-8859-1\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
    ).encode() + _qp(text.encode("iso-8859-1"))


def _qp(data: bytes) -> bytes:
    import quopri

    return quopri.encodestring(data)


def undeclared_cp1252(mid: str) -> bytes:
    """8-bit windows-1252 text with no charset declared (common from old clients)."""
    text = (
        "Hello, the “deluxe” kettle cost 49 € and it’s already broken — "
        "I’d like my money back. Café Müller, naïve résumé."
    )
    return (
        f"From: Chloé <chloe@example.fr>\r\nTo: help@shop.example\r\nSubject: Refund please\r\n"
        f"Date: {DATE}\r\nMessage-ID: <{mid}@mail.example>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    ).encode() + text.encode("cp1252")


def charset(mid: str, name: str, text: str, subject: str) -> bytes:
    msg = _head(EmailMessage(), mid, "Client <client@example.org>", subject)
    msg.set_content(text.encode(name), maintype="text", subtype="plain")
    msg.replace_header("Content-Type", f"text/plain; charset={name}")
    return msg.as_bytes(policy=SMTP)


def inline_image(mid: str) -> bytes:
    msg = _head(EmailMessage(), mid, "Dee <dee@example.com>", "Photo of the damage")
    msg.set_content("See the photo of the damage below.")
    msg.add_alternative(
        '<p>See the photo of the damage below.</p><img src="cid:dmg@x" alt="damage">',
        subtype="html",
    )
    html_part = list(msg.iter_parts())[1]
    assert isinstance(html_part, EmailMessage)
    html_part.add_related(PNG, "image", "png", cid="<dmg@x>", filename="damage.png")
    return msg.as_bytes(policy=SMTP)


def forwarded(mid: str) -> bytes:
    inner = plain("inner-" + mid, "Original complaint", "The original words of my complaint.")
    msg = _head(EmailMessage(), mid, "Eve <eve@example.com>", "Fwd: Original complaint")
    msg.set_content("Forwarding my earlier mail, nobody answered it.")
    from email import message_from_bytes
    from email.policy import default

    msg.add_attachment(message_from_bytes(inner, policy=default))
    return msg.as_bytes(policy=SMTP)


def foreign_name(mid: str) -> bytes:
    return plain(
        mid,
        "Чайник протекает",
        "Здравствуйте, чайник протекает.",
        sender="=?utf-8?b?0JjQstCw0L0g0J/QtdGC0YDQvtCy?= <ivan@example.ru>",
    )


def header_injection(mid: str) -> bytes:
    """A subject and a display name that decode to line breaks and headers."""
    return (
        "From: =?utf-8?q?Mallory=0D=0ABcc:_victim@example.net?= <mallory@example.com>\r\n"
        "To: help@shop.example\r\n"
        "Subject: =?utf-8?q?Refund=0D=0ABcc:_all@example.net=0AX-Evil:_1?=\r\n"
        f"Date: {DATE}\r\nMessage-ID: <{mid}@mail.example>\r\n\r\nPlease refund me.\r\n"
    ).encode()


def no_sender(mid: str) -> bytes:
    return (
        f"To: help@shop.example\r\nSubject: Who am I\r\nDate: {DATE}\r\n"
        f"Message-ID: <{mid}@mail.example>\r\n\r\nA mail without a From header.\r\n"
    ).encode()


def malformed(mid: str) -> bytes:
    """Declares a multipart whose boundary never appears."""
    return (
        f"From: Finn <finn@example.com>\r\nTo: help@shop.example\r\nSubject: Broken mail\r\n"
        f"Date: {DATE}\r\nMessage-ID: <{mid}@mail.example>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="never-there"\r\n\r\n'
        "--wrong\r\nContent-Type: text/plain\r\n\r\nhello\r\n--wrong--\r\n"
    ).encode()


def with_attachment(mid: str, name: str, content: bytes, subject: str = "Receipt") -> bytes:
    msg = _head(EmailMessage(), mid, "Gus <gus@example.com>", subject)
    msg.set_content("The file is attached.")
    msg.add_attachment(content, maintype="application", subtype="octet-stream", filename=name)
    return msg.as_bytes(policy=SMTP)


def huge_attachment(mid: str, size: int = 25 * 1024 * 1024 + 4096) -> bytes:
    """A mail with an attachment just over the 25 MB evidence limit, and a small one."""
    msg = _head(EmailMessage(), mid, "Hal <hal@example.com>", "Video of the fault")
    msg.set_content("A video of the fault and the receipt.")
    msg.add_attachment(
        os.urandom(size), maintype="video", subtype="mp4", filename="fault-video.mp4"
    )
    msg.add_attachment(
        b"Receipt 4711: 49.00 EUR", maintype="text", subtype="plain", filename="receipt.txt"
    )
    return msg.as_bytes(policy=SMTP)
