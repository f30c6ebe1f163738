"""Reading the proof back: bad files refused cleanly, forged content caught by re-rendering."""

from __future__ import annotations

import io
import random
from dataclasses import replace

import pikepdf
import pytest
from reportlab.pdfgen.canvas import Canvas

from resolution_center.domain.agreement import AgreementState
from resolution_center.domain.errors import RCError, ValidationError, VerificationFailed
from resolution_center.export.agreement_check import check_against
from resolution_center.export.agreement_pdf import render_agreement
from resolution_center.export.pdf_proof import Proof, file_sha256, read_proof
from tests.export.samples import sample_agreement


def test_reads_the_proof_of_each_copy(internal_a4: bytes, customer_letter: bytes) -> None:
    a = sample_agreement()
    assert a.chain_head is not None
    for data, copy, paper in (
        (internal_a4, "internal", "a4"),
        (customer_letter, "customer", "letter"),
    ):
        proof = read_proof(data)
        assert (proof.number, proof.version, proof.copy, proof.paper, proof.state) == (
            a.number,
            a.version,
            copy,
            paper,
            "issued",
        )
        assert proof.content_hash == a.content_hash()
        assert (proof.chain_seq, proof.chain_hash) == (a.chain_head.seq, a.chain_head.hash)
        assert proof.creator.startswith("Resolution Center ")
        assert proof.producer.startswith("ReportLab PDF Library ")


def test_a_draft_has_no_chain_position() -> None:
    proof = read_proof(render_agreement(sample_agreement(state=AgreementState.DRAFT)))
    assert proof.state == "draft" and proof.chain_seq is None and proof.chain_hash is None
    assert Proof.parse(proof.payload()) == replace(proof, creator="", producer="")


def test_file_sha256() -> None:
    assert file_sha256(b"") == ("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")


def _plain_pdf() -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, invariant=1)
    c.drawString(72, 720, "Just a letter, no proof here.")
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda good: b"", "not a PDF"),
        (lambda good: b"Dear customer,\nthis is a text file.\n", "not a PDF"),
        (lambda good: random.Random(7).randbytes(20_000), "not a PDF"),
        (lambda good: good[: len(good) // 2], "truncated"),
        (lambda good: good[:-200], "truncated"),
        (lambda good: b"%PDF-1.4\n" + random.Random(8).randbytes(5_000) + b"\n%%EOF\n", "damaged"),
        (lambda good: good[:400] + bytes(2_000) + good[2_400:], "damaged"),
        (lambda good: _plain_pdf(), "no Resolution Center proof"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(
    internal_a4: bytes,
    make,  # type: ignore[no-untyped-def]
    message: str,
) -> None:
    with pytest.raises(ValidationError, match=message):
        read_proof(make(internal_a4))


def test_mangled_files_never_raise_anything_unexpected(internal_a4: bytes) -> None:
    rng = random.Random(2026)
    outcomes = set()
    for _ in range(40):
        data = bytearray(internal_a4)
        for _ in range(rng.choice((1, 8, 64))):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            read_proof(bytes(data))
            outcomes.add("proof")
        except RCError as e:  # ValidationError or VerificationFailed, nothing else
            outcomes.add(type(e).__name__)
    assert outcomes <= {"proof", "ValidationError", "VerificationFailed"}


def _with_pdf(data: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        change(pdf)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def test_metadata_proof_edited_apart_from_the_page_is_caught(internal_a4: bytes) -> None:
    def forge(pdf: pikepdf.Pdf) -> None:
        pdf.docinfo["/Keywords"] = str(pdf.docinfo["/Keywords"]).replace(":v2:", ":v3:")

    with pytest.raises(VerificationFailed, match="differs from the one in the file's metadata"):
        read_proof(_with_pdf(internal_a4, forge))


def test_metadata_removed_is_no_proof(internal_a4: bytes) -> None:
    def strip(pdf: pikepdf.Pdf) -> None:
        del pdf.docinfo["/Keywords"]

    with pytest.raises(ValidationError, match="no Resolution Center proof"):
        read_proof(_with_pdf(internal_a4, strip))


def test_a_forged_amount_with_the_hash_text_left_alone_fails(internal_a4: bytes) -> None:
    a = sample_agreement()

    def forge(pdf: pikepdf.Pdf) -> None:
        for page in pdf.pages:
            data = page.Contents.read_bytes()
            if b"(120.00 EUR)" in data:
                page.Contents.write(data.replace(b"(120.00 EUR)", b"(920.00 EUR)", 1))
                return
        raise AssertionError("the amount is not in any content stream")

    forged = _with_pdf(internal_a4, forge)
    assert file_sha256(forged) != file_sha256(internal_a4)
    # the proof still claims to be the genuine agreement...
    assert read_proof(forged) == read_proof(internal_a4)
    # ...so verification re-renders the stored one and compares the whole file
    check = check_against(forged, a)
    assert not check.ok
    assert check.rendered_sha256 == file_sha256(internal_a4) != check.file_sha256
    assert "content differs from the stored agreement" in check.problems[0]


def test_a_genuine_file_checks_out_against_the_stored_agreement(
    internal_a4: bytes, customer_letter: bytes
) -> None:
    a = sample_agreement()
    for data in (internal_a4, customer_letter):
        check = check_against(data, a)
        assert check.ok, check.problems
        assert check.file_sha256 == check.rendered_sha256 == file_sha256(data)


def test_a_genuine_issued_copy_still_matches_after_the_agreement_is_voided(
    internal_a4: bytes,
) -> None:
    voided = replace(sample_agreement(), state=AgreementState.VOIDED, void_reason="wrong order")
    assert check_against(internal_a4, voided).ok  # the caller reports the current state


def test_another_agreement_or_version_is_named_as_the_problem(internal_a4: bytes) -> None:
    other = replace(sample_agreement(), version=3)
    check = check_against(internal_a4, other)
    assert not check.ok
    assert check.problems[0] == (
        "the file is AG-2026-000001 version 2, not AG-2026-000001 version 3"
    )
    changed = sample_agreement(currency="USD")
    assert "content hash is not the stored" in " ".join(
        check_against(internal_a4, changed).problems
    )


def test_a_file_from_another_renderer_version_is_explained_not_accused(internal_a4: bytes) -> None:
    def older(pdf: pikepdf.Pdf) -> None:
        pdf.docinfo["/Creator"] = "Resolution Center 0.0.9"

    check = check_against(_with_pdf(internal_a4, older), sample_agreement())
    assert not check.ok
    assert "another version made it (Resolution Center 0.0.9" in check.problems[0]


def test_an_encrypted_copy_is_refused(internal_a4: bytes) -> None:
    with pikepdf.open(io.BytesIO(internal_a4)) as pdf:
        out = io.BytesIO()
        pdf.save(out, encryption=pikepdf.Encryption(owner="o", user="u"))
    with pytest.raises(ValidationError, match="encrypted"):
        read_proof(out.getvalue())
