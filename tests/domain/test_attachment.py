"""The attachment value: names cleaned, types from content, limits stated."""

from __future__ import annotations

import pytest

from resolution_center.domain.attachment import (
    MAX_BYTES,
    MAX_NAME_BYTES,
    MAX_NAME_CHARS,
    clean_file_name,
    detect_media_type,
    prepare,
    size_text,
)
from resolution_center.domain.errors import ValidationError


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("photo.jpg", "photo.jpg"),
        ("/etc/passwd", "passwd"),
        ("..\\..\\boot.ini", "boot.ini"),
        ("../", "attachment"),
        ("", "attachment"),
        ("..", "attachment"),
        (".bashrc", "bashrc"),
        ("report.pdf.", "report.pdf"),
        ("in\u202egnp.exe", "ingnp.exe"),  # a right-to-left override would show 'inexe.png'
        ("tab\tand\nnewline.txt", "tab and newline.txt"),
        ("bell\x07\x00.txt", "bell.txt"),
        ('what?<>:"|*.txt', "what_______.txt"),
        ("CON.txt", "_CON.txt"),
        ("lpt1", "_lpt1"),
        ("  spaced   out  .png ", "spaced out.png"),
        ("Zoë’s Fotos.jpeg", "Zoë’s Fotos.jpeg"),
    ],
)
def test_file_names_are_cleaned(raw: str, clean: str) -> None:
    assert clean_file_name(raw) == clean


def test_long_names_keep_their_extension() -> None:
    name = clean_file_name("x" * 500 + ".pdf")
    assert name.endswith(".pdf") and len(name) == MAX_NAME_CHARS
    wide = clean_file_name("ж" * 200 + ".png")  # two bytes each in UTF-8
    assert wide.endswith(".png") and len(wide.encode()) <= MAX_NAME_BYTES


@pytest.mark.parametrize(
    "content, media_type",
    [
        (b"\x89PNG\r\n\x1a\n....", "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"GIF89a....", "image/gif"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"%PDF-1.4\n", "application/pdf"),
        (b"Hello, the parcel arrived broken.\n", "text/plain"),
        ("Grüße aus Köln\r\n".encode(), "text/plain"),
        (b"\xef\xbb\xbfwith a BOM", "text/plain"),
        (
            b"From: Zoe <zoe@example.com>\nTo: support@example.com\nSubject: Kettle\n\nIt leaks.\n",
            "message/rfc822",
        ),
        (
            b"Received: from mx.example.com\n\tby mail; Mon, 23 Nov 2026\nMIME-Version: 1.0\n"
            b"Content-Type: text/plain\n\nbody",
            "message/rfc822",
        ),
        (b"Subject: only a subject line\n\ntext", "text/plain"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "application/octet-stream"),
        (b"text with a \x00 NUL", "application/octet-stream"),
        (b"\xff\xfe\x00b\x00a\x00d", "application/octet-stream"),
    ],
)
def test_media_type_comes_from_the_content(content: bytes, media_type: str) -> None:
    assert detect_media_type(content) == media_type


def test_an_exe_named_png_is_not_an_image() -> None:
    value = prepare("cute-cat.png", b"MZ\x90\x00 windows program")
    assert value.media_type == "application/octet-stream"
    assert value.file_name == "cute-cat.png"


def test_limits_are_stated() -> None:
    with pytest.raises(ValidationError, match="empty"):
        prepare("a.txt", b"")
    with pytest.raises(ValidationError, match=r"25\.0 MB; evidence files may be at most 25 MB"):
        prepare("a.bin", b"\0" * (MAX_BYTES + 1))
    assert prepare("a.bin", b"\0" * MAX_BYTES).size == MAX_BYTES
    with pytest.raises(ValidationError, match="control character") as err:
        prepare("a.txt", b"x", "bad\x1b[31m")
    assert err.value.field == "evidence_description"


def test_size_text() -> None:
    assert size_text(12) == "12 bytes"
    assert size_text(2048) == "2.0 KB"
    assert size_text(3 * 1024 * 1024 + 1) == "3.0 MB"
