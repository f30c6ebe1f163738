"""Reading received mail: the shapes real mail comes in, read as a person would read them, and
mail that cannot be read refused with a reason (it goes to quarantine, never lost)."""

from __future__ import annotations

from pathlib import Path

import pytest

from resolution_center.services.mail_parse import (
    NO_SUBJECT,
    MailUnreadable,
    decode_text,
    html_to_text,
    parse_any,
    parse_mail,
)
from tests.helpers import mail_fixtures as fx

# An Outlook message made from fx.with_attachment("outlook1", "receipt.txt", ...) by the
# aspose-email-foss package's MapiMessage.from_email_message (a compound file, as Outlook
# saves one; its header names the sender without an address, as Outlook's often do).
OUTLOOK = Path(__file__).parent / "data" / "outlook-kettle.msg"


def test_html_only_mail_reads_as_text_without_markup_scripts_or_styles() -> None:
    mail = parse_mail(fx.html_only("h1"))
    assert "the lid of my kettle broke & I want a refund." in mail.body
    assert "- Order 4711" in mail.body
    assert "my order (https://shop.example/o/4711)" in mail.body
    assert "<" not in mail.body and "alert" not in mail.body and "color" not in mail.body
    assert (mail.sender_email, mail.sender_name) == ("ana@example.com", "Ana")


def test_multipart_alternative_prefers_the_plain_text() -> None:
    mail = parse_mail(fx.alternative("a1"))
    assert mail.body == "PLAIN: my parcel is two weeks late."
    assert mail.attachments == ()


def test_quoted_printable_latin1_subject_and_body() -> None:
    mail = parse_mail(fx.quoted_printable_latin1("q1"))
    assert mail.subject == "Wasserkocher undicht ß"
    assert mail.body.startswith("Grüße aus Köln: der Wasserkocher ist undicht")
    assert mail.sender_name == "Jürgen"


def test_undeclared_windows_1252_is_recognised() -> None:
    body = parse_mail(fx.undeclared_cp1252("c1")).body
    assert "“deluxe” kettle cost 49 € and it’s already broken" in body
    assert "\ufffd" not in body


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("koi8-r", "Чайник протекает, прошу заменить."),
        ("shift_jis", "ケトルが水漏れしています。交換してください。"),
        ("windows-1252", "Le thé était froid – déçu."),
        ("iso-8859-1", "Die Tür klemmt, schöne Grüße."),
    ],
)
def test_declared_charsets_decode(name: str, text: str) -> None:
    assert parse_mail(fx.charset(f"cs-{name}", name, text, "Charset test")).body == text


def test_a_wrong_declared_charset_falls_back_to_what_the_bytes_are() -> None:
    assert decode_text("Grüße".encode(), "us-ascii") == "Grüße"
    assert decode_text("Grüße".encode("latin-1"), "utf-8") != ""
    assert decode_text(b"plain", "x-no-such-charset") == "plain"


def test_inline_image_becomes_an_attachment_and_the_text_stays() -> None:
    mail = parse_mail(fx.inline_image("i1"))
    assert mail.body == "See the photo of the damage below."
    [image] = mail.attachments
    assert (image.file_name, image.media_type, image.content) == (
        "damage.png",
        "image/png",
        fx.PNG,
    )


def test_a_forwarded_mail_is_kept_whole_as_an_eml_attachment() -> None:
    mail = parse_mail(fx.forwarded("f1"))
    assert mail.body == "Forwarding my earlier mail, nobody answered it."
    [eml] = mail.attachments
    assert eml.file_name == "Original complaint.eml" and eml.media_type == "message/rfc822"
    inner = parse_mail(eml.content)
    assert inner.body == "The original words of my complaint."


def test_a_display_name_in_another_script() -> None:
    mail = parse_mail(fx.foreign_name("n1"))
    assert (mail.sender_name, mail.sender_email) == ("Иван Петров", "ivan@example.ru")
    assert mail.subject == "Чайник протекает"


def test_header_injection_in_name_and_subject_stays_on_one_line() -> None:
    mail = parse_mail(fx.header_injection("x1"))
    for value in (mail.subject, mail.sender_name, mail.sender):
        assert "\n" not in value and "\r" not in value
    assert mail.subject == "Refund Bcc: all@example.net X-Evil: 1"
    assert mail.sender_email == "mallory@example.com"


def test_mail_without_a_sender_or_with_broken_mime_is_refused_with_the_reason() -> None:
    with pytest.raises(MailUnreadable, match="no sender"):
        parse_mail(fx.no_sender("s1"))
    with pytest.raises(MailUnreadable, match="malformed MIME: StartBoundaryNotFoundDefect"):
        parse_mail(fx.malformed("m1"))
    with pytest.raises(MailUnreadable, match="no mail headers"):
        parse_mail(b"just some text\nwith lines\n")
    with pytest.raises(MailUnreadable, match="not an Outlook message"):
        parse_any(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 broken compound file", "x.msg")


def test_identity_is_the_message_id_or_a_stable_hash_of_the_bytes() -> None:
    assert parse_mail(fx.plain("id1")).identity == "<id1@mail.example>"
    raw = fx.plain("id2").replace(b"Message-ID: <id2@mail.example>\r\n", b"")
    first, second = parse_mail(raw), parse_mail(raw)
    assert first.identity.startswith("sha256:") and first.identity == second.identity
    assert parse_mail(raw + b"x").identity != first.identity
    # The same mail with the other line ends (fetched over IMAP, saved to a file) is one mail.
    assert parse_mail(raw.replace(b"\r\n", b"\n")).identity == first.identity


def test_missing_subject_and_text_get_a_placeholder() -> None:
    raw = b"From: a@example.com\r\nMessage-ID: <e@x>\r\n\r\n"
    mail = parse_mail(raw)
    assert mail.subject == NO_SUBJECT and mail.body == "(the mail has no text)"


def test_html_to_text_survives_broken_markup() -> None:
    assert html_to_text("<p>one<p>two</div></b>&unknown; <br>three") == (
        "one\ntwo\n&unknown;\nthree"
    )


def test_an_outlook_msg_file_is_read_with_its_sender_text_and_attachment() -> None:
    mail = parse_any(OUTLOOK.read_bytes(), OUTLOOK.name)
    assert (mail.sender_email, mail.sender_name) == ("gus@example.com", "Gus")
    assert (mail.identity, mail.subject, mail.body) == (
        "<outlook1@mail.example>",
        "Kettle from Outlook",
        "The file is attached.",
    )
    [receipt] = mail.attachments
    assert (receipt.file_name, receipt.content) == ("receipt.txt", b"Receipt 4711: 49.00 EUR")
    assert mail.date is not None and mail.date.isoformat() == "2026-12-07T09:15:00+00:00"
