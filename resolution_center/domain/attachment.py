"""Evidence attached to a case: a cleaned file name, the type its bytes show, size and SHA-256.

Nothing here trusts what a file calls itself: the name is reduced to a plain base name safe on
every platform, and the media type comes from the content's magic bytes, never the extension.
What the app opens in a viewer is written under the suffix of that detected type, so a file
named 'invoice.pdf.exe' or 'photo.html' is never handed to the desktop as a program or a page.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NewType

from .audit import format_time
from .case import clean_text
from .errors import ValidationError
from .ids import CaseId

AttachmentId = NewType("AttachmentId", int)

MAX_BYTES = 25 * 1024 * 1024
"""25 MiB per file: a phone photo, a scanned label or a PDF mail fits; a video does not."""
MAX_BYTES_TEXT = "25 MB"
MAX_NAME_CHARS = 120
MAX_NAME_BYTES = 240  # UTF-8: below the 255-byte file-name limit of common file systems
DESCRIPTION_FIELD = "evidence_description"  # LIMITS has none: clean_text's 2,000 characters
FALLBACK_NAME = "attachment"

OCTET_STREAM = "application/octet-stream"
PLAIN_TEXT = "text/plain"
EMAIL = "message/rfc822"
# Types the app recognises, and the suffix a copy is written under for a viewer.
SUFFIXES: dict[str, str] = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
    PLAIN_TEXT: ".txt",
    EMAIL: ".eml",
}
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})

_RESERVED = re.compile(r'[<>:"/\\|?*]')
_SPACES = re.compile(r"\s+")
# Windows device names are reserved with any extension: 'con.txt' cannot be created there.
_DEVICE = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)
# RFC 5322 header names that open a stored mail (a plain text that starts like these is a mail).
_MAIL_HEADERS = frozenset(
    {
        "from",
        "received",
        "return-path",
        "message-id",
        "mime-version",
        "delivered-to",
        "date",
        "subject",
        "to",
        "cc",
        "reply-to",
        "sender",
        "x-mailer",
        "dkim-signature",
        "arc-seal",
        "authentication-results",
        "content-type",
    }
)
_HEADER_LINE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9-]*):[ \t]")
_MAIL_ANCHORS = frozenset({"from", "received", "return-path", "message-id", "mime-version"})


def clean_file_name(raw: str | None) -> str:
    """A plain base name: no folders, control or format characters, reserved names or excess.

    Cleans instead of refusing: the name only labels the evidence, and the user should not have
    to rename a customer's file to attach it. The extension is kept when the name is shortened.
    """
    text = unicodedata.normalize("NFC", raw or "")
    text = re.split(r"[/\\]", text)[-1]  # a path's last part, whichever separator it uses
    text = "".join(
        " " if ch in "\t\n\r" else ch
        for ch in text
        # Cc control, Cf format (bidi overrides that flip 'gpj.exe' into 'exe.jpg'),
        # Cs/Co/Cn surrogates, private use, unassigned.
        if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn") or ch in "\t\n\r"
    )
    text = _RESERVED.sub("_", text)
    text = _SPACES.sub(" ", text).strip(" .")  # no hidden files, no '..', no trailing dot
    if _DEVICE.match(text):
        text = "_" + text
    stem, dot, ext = text.rpartition(".")
    if not dot or not stem or len(ext) > 16:
        stem, ext = text, ""
    suffix = f".{ext}" if ext else ""
    while stem and (
        len(stem) + len(suffix) > MAX_NAME_CHARS
        or len((stem + suffix).encode("utf-8")) > MAX_NAME_BYTES
    ):
        stem = stem[:-1]
    stem = stem.rstrip(" .")
    if not stem:
        return FALLBACK_NAME + suffix
    return stem + suffix


def _looks_like_text(content: bytes) -> str | None:
    """The content decoded when it is UTF-8 text without binary controls, else None."""
    if b"\x00" in content:
        return None
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    return None if controls else text


def _looks_like_mail(text: str) -> bool:
    names: set[str] = set()
    for line in text.splitlines()[:60]:
        if not line.strip():
            break  # the end of the header block
        if line[0] in " \t":
            continue  # a folded header line
        match = _HEADER_LINE.match(line)
        if not match:
            return False
        names.add(match.group(1).lower())
    return bool(names & _MAIL_ANCHORS) and len(names & _MAIL_HEADERS) >= 2


def detect_media_type(content: bytes) -> str:
    """The media type the bytes show; application/octet-stream when none is recognised."""
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if len(content) >= 12 and content.startswith(b"RIFF") and content[8:12] == b"WEBP":
        return "image/webp"
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    text = _looks_like_text(content)
    if text is None:
        return OCTET_STREAM
    return EMAIL if _looks_like_mail(text) else PLAIN_TEXT


def size_text(size: int) -> str:
    """A size as people read it (1.4 MB); the user interface uses the locale's own form."""
    value = float(size)
    for unit in ("bytes", "KB", "MB"):
        if value < 1024 or unit == "MB":
            return f"{size:,} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def check_size(size: int, name: str) -> None:
    """Refuse an empty or too large file before anything reads it whole."""
    if size <= 0:
        raise ValidationError(f"{name} is empty: there is nothing to attach", field="file")
    if size > MAX_BYTES:
        raise ValidationError(
            f"{name} is {size_text(size)}; evidence files may be at most {MAX_BYTES_TEXT} "
            "(shrink the photo or split the document)",
            field="file",
        )


@dataclass(frozen=True, slots=True)
class NewAttachment:
    """A file checked and ready to store: what the service writes and the trail records."""

    file_name: str
    media_type: str
    size: int
    sha256: str
    description: str
    content: bytes


def prepare(file_name: str | None, content: bytes, description: str | None = "") -> NewAttachment:
    name = clean_file_name(file_name)
    check_size(len(content), name)
    return NewAttachment(
        name,
        detect_media_type(content),
        len(content),
        hashlib.sha256(content).hexdigest(),
        clean_text(description, DESCRIPTION_FIELD, multiline=True),
        bytes(content),
    )


@dataclass(frozen=True, slots=True)
class Attachment:
    """A stored piece of evidence, without its bytes (lists never carry them)."""

    id: AttachmentId
    case_id: CaseId
    file_name: str
    media_type: str
    size: int
    sha256: str
    description: str
    added_by: str
    added_at: datetime
    withdrawn_at: datetime | None = None
    withdrawn_by: str | None = None
    withdraw_reason: str = ""

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_image(self) -> bool:
        return self.media_type in IMAGE_TYPES

    @property
    def viewable(self) -> bool:
        """Whether a viewer may open it: a recognised type, opened under that type's suffix."""
        return self.media_type in SUFFIXES

    def viewer_file_name(self) -> str:
        """The name a copy for the viewer gets: the stem, and the detected type's suffix."""
        stem = self.file_name.rpartition(".")[0] or self.file_name
        return clean_file_name(stem + SUFFIXES.get(self.media_type, ".bin"))

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "file_name": self.file_name,
            "media_type": self.media_type,
            "size": self.size,
            "sha256": self.sha256,
            "description": self.description,
            "added_by": self.added_by,
            "added_at": format_time(self.added_at),
            "withdrawn": self.withdrawn,
            "withdrawn_at": format_time(self.withdrawn_at) if self.withdrawn_at else None,
            "withdrawn_by": self.withdrawn_by,
            "withdraw_reason": self.withdraw_reason,
        }
