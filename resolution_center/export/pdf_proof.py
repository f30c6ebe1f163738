"""The proof an agreement PDF carries, and reading it back out of a file someone hands us.

Every agreement PDF carries one proof string, in the document info's /Keywords and printed in
its verification block (also as the QR code):

    rc-agreement:AG-2026-000001:v2:<content sha256>:<chain seq>:<chain hash>:<state>:<copy>:<paper>

(a draft has no chain position: `-:-`). The proof only says which agreement the file claims to
be; trusting it would let someone edit an amount and leave the hash text alone. A file verifies
when (see `check_against`):

1. the proof names the stored agreement, number and version, and its content hash equals the
   stored agreement's content hash; and
2. re-rendering the stored agreement with the proof's state, copy and paper gives a file with the
   same SHA-256 as the file in hand (and as the export record's file hash). Rendering is
   deterministic, so any change to what the file shows, down to one digit, fails this step.

A re-render can only match byte for byte while the renderer (app, reportlab and font versions,
recorded in /Creator and /Producer) is the same; `Proof.creator` tells the verifier which one made
the file so it can say so instead of calling an old genuine file forged.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal, cast

from resolution_center.domain.errors import EnvironmentFault, ValidationError, VerificationFailed

if TYPE_CHECKING:
    from resolution_center.domain.agreement import Agreement

Copy = Literal["internal", "customer"]
Paper = Literal["a4", "letter"]

SCHEME = "rc-agreement"
COPIES: tuple[Copy, ...] = ("internal", "customer")
PAPERS: tuple[Paper, ...] = ("a4", "letter")
STATES = ("draft", "issued", "superseded", "voided")
MAX_PDF_BYTES = 256 * 1024 * 1024  # far above any agreement; refuse before parsing a monster

_PROOF = re.compile(
    r"rc-agreement:(AG-\d{4}-\d{6}):v(\d{1,4}):([0-9a-f]{64}):(\d{1,18}|-):([0-9a-f]{64}|-)"
    r":(draft|issued|superseded|voided):(internal|customer):(a4|letter)"
)


@dataclass(frozen=True, slots=True)
class Proof:
    number: str
    version: int
    content_hash: str
    chain_seq: int | None  # None for a draft
    chain_hash: str | None
    state: str
    copy: Copy
    paper: Paper
    creator: str = ""  # /Creator of the file read, e.g. "Resolution Center 0.1.0"
    producer: str = ""  # /Producer: the reportlab version that wrote it

    def payload(self) -> str:
        seq = "-" if self.chain_seq is None else str(self.chain_seq)
        return (
            f"{SCHEME}:{self.number}:v{self.version}:{self.content_hash}:{seq}:"
            f"{self.chain_hash or '-'}:{self.state}:{self.copy}:{self.paper}"
        )

    @classmethod
    def parse(cls, text: str) -> Proof | None:
        """The first proof found in text (whitespace inside it ignored), or None."""
        m = _PROOF.search(re.sub(r"\s+", "", text or ""))
        if not m:
            return None
        number, version, content, seq, chain, state, copy, paper = m.groups()
        if (seq == "-") != (chain == "-"):
            return None
        return cls(
            number,
            int(version),
            content,
            None if seq == "-" else int(seq),
            None if chain == "-" else chain,
            state,
            cast(Copy, copy),  # the pattern admits only a Copy and a Paper
            cast(Paper, paper),
        )


def proof_for(agreement: Agreement, copy: Copy, paper: Paper) -> Proof:
    head = agreement.chain_head
    return Proof(
        agreement.number,
        agreement.version,
        agreement.content_hash(),
        None if head is None else head.seq,
        None if head is None else head.hash,
        agreement.state.value,
        copy,
        paper,
    )


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_proof(data: bytes) -> Proof:
    """The proof a Resolution Center agreement PDF carries.

    Raises ValidationError for anything that is not such a file (not a PDF, a damaged PDF, a PDF
    without a proof), and VerificationFailed when the proof in the metadata and the one printed
    on the page disagree (someone edited one of them). Nothing else, whatever the bytes (but
    EnvironmentFault when pypdf itself is not installed).
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ValidationError("expected the file's bytes", field="file")
    data = bytes(data)
    if len(data) > MAX_PDF_BYTES:
        raise ValidationError("the file is too large to be an agreement PDF", field="file")
    if b"%PDF-" not in data[:1024]:
        raise ValidationError("the file is not a PDF", field="file")
    try:
        import pypdf  # noqa: F401 - a missing reader is the installation's fault, not the file's
    except ImportError:
        raise EnvironmentFault(
            "reading PDF files needs the pypdf package, which is not installed"
        ) from None
    if b"%%EOF" not in data[-2048:]:
        raise ValidationError(
            "the PDF is damaged: it is truncated (no end-of-file marker)", field="file"
        )
    try:
        info_text, pages = _read(data)
    except RecursionError:
        raise ValidationError(
            "the PDF is damaged: its structure is unreadable", field="file"
        ) from None
    except Exception as e:  # untrusted input: any parser failure means damaged
        raise ValidationError(
            f"the PDF is damaged: {type(e).__name__}: {e}"[:300], field="file"
        ) from None
    keywords, creator, producer = info_text
    proof = Proof.parse(keywords)
    if proof is None:
        raise ValidationError(
            "the PDF has no Resolution Center proof (it was not exported by "
            "Resolution Center, or its metadata was removed)",
            field="file",
        )
    proof = replace(proof, creator=creator, producer=producer)
    printed = None
    try:
        for page_text in pages:
            printed = Proof.parse(page_text)
            if printed is not None:
                break
    except RecursionError:
        raise ValidationError("the PDF is damaged: a page is unreadable", field="file") from None
    except Exception as e:  # as above
        raise ValidationError(
            f"the PDF is damaged: a page is unreadable ({type(e).__name__})", field="file"
        ) from None
    if printed is None:
        raise VerificationFailed(
            "the proof printed on the page is missing: the file was edited", proof=proof.payload()
        )
    if printed.payload() != proof.payload():
        raise VerificationFailed(
            "the proof printed on the page differs from the one in the file's metadata: "
            "the file was edited",
            metadata=proof.payload(),
            printed=printed.payload(),
        )
    return proof


def _read(data: bytes) -> tuple[tuple[str, str, str], Iterator[str]]:
    from pypdf import PdfReader

    # strict: our own files are clean, so anything pypdf would have to repair is damage
    reader = PdfReader(io.BytesIO(data), strict=True)
    if reader.is_encrypted:
        raise ValueError("it is encrypted, which an agreement export never is")
    meta: Mapping[str, Any] = reader.metadata or {}

    def text(key: str) -> str:
        value = meta.get(key)
        return str(value) if value is not None else ""

    info = (text("/Keywords"), text("/Creator"), text("/Producer"))
    if not reader.pages:
        raise ValueError("it has no pages")
    return info, (page.extract_text() or "" for page in reader.pages)
