"""Agreement PDFs: what they show, embedded fonts, valid structure, pagination, determinism."""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

import resolution_center
from resolution_center.domain.agreement import AgreementState, Approval, ApprovalAction
from resolution_center.domain.errors import ValidationError
from resolution_center.domain.money import Money
from resolution_center.export.agreement_pdf import check_printable, render_agreement
from tests.export.samples import (
    COMPANY,
    CUSTOMER,
    INTERNAL_NOTE,
    OFFER,
    SELLER,
    SPECIALIST,
    SUPERVISOR,
    sample_agreement,
)

ROOT = Path(__file__).resolve().parents[2]


def pages_text(data: bytes) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages]


def text_of(data: bytes) -> str:
    return "\n".join(pages_text(data))


def test_shows_parties_amounts_hash_number_and_page_numbers(internal_a4: bytes) -> None:
    a = sample_agreement()
    text = text_of(internal_a4)
    for name in (CUSTOMER, SPECIALIST, SUPERVISOR, COMPANY, SELLER):
        assert name in text, name
    for amount in ("120.00 EUR", "549.00 EUR", "599.70 EUR", "5.90 EUR", "0.00 EUR"):
        assert amount in text
    assert a.content_hash() in text
    assert a.number in text and a.case.reference in text
    assert a.chain_head is not None and a.chain_head.hash in text
    pages = pages_text(internal_a4)
    assert re.search(rf"page 1 of {len(pages)}\b", pages[0], re.I)
    assert all(f"of {len(pages)}" in p for p in pages)
    assert all(a.content_hash() in p for p in pages)  # the footer carries it on every page
    assert "Internal record" in pages[0]
    # user text is printed literally, never read as markup
    assert "<Nothing> in this summary is markup & it must print literally" in " ".join(text.split())


def _section(text: str, start: str, end: str) -> str:
    flat = " ".join(text.split())
    return flat[flat.index(start) : flat.index(end, flat.index(start))]


def test_the_customer_accepted_the_offer_not_the_agreement(internal_a4: bytes) -> None:
    text = " ".join(text_of(internal_a4).split())
    assert f"{CUSTOMER} accepted offer {OFFER}, on which this agreement is based" in text
    assert "issued on 23 November 2026" in text and "accepted this agreement" not in text


def test_obligations_list_every_party(internal_a4: bytes) -> None:
    obligations = _section(text_of(internal_a4), "Obligations Each party", "Terms")
    for name in (COMPANY, SELLER, CUSTOMER):
        assert name in obligations, name
    no_customer = replace(
        sample_agreement(),
        obligations=tuple(o for o in sample_agreement().obligations if o.party != "customer"),
    )
    bare = _section(text_of(render_agreement(no_customer)), "Obligations Each party", "Terms")
    assert f"{CUSTOMER} Customer No obligation under this agreement." in bare


def test_signature_boxes_follow_who_signed() -> None:
    both = _section(text_of(render_agreement(sample_agreement())), "Signatures", "Verification")
    assert "the specialist who proposed it and the supervisor who approved it" in both
    assert both.count("FOR THE COMPANY") == 2 and "MARKETPLACE SELLER" in both
    # An expert within their own authority: one company box, labelled with their role, and no
    # empty supervisor line; no seller box when the seller is not a party.
    alone = replace(
        sample_agreement(seller=False),
        approvals=(
            Approval(
                "Kenji Watanabe",
                "expert",
                ApprovalAction.AUTHORIZED,
                sample_agreement().approvals[0].at,
            ),
        ),
    )
    one = _section(text_of(render_agreement(alone)), "Signatures", "Verification")
    assert one.count("FOR THE COMPANY") == 1 and "Kenji Watanabe Expert" in one
    assert "supervisor" not in one.lower() and "specialist" not in one.lower()
    assert "MARKETPLACE SELLER" not in one and "the expert who authorized it" in one


def test_the_audit_appendix_prints_action_labels(internal_a4: bytes) -> None:
    appendix = _section(text_of(internal_a4), "Appendix A", "Page")
    assert "case.note" not in appendix and "Remedy proposed" in appendix


def test_every_font_is_embedded_dejavu(internal_a4: bytes, long_internal: bytes) -> None:
    for data in (internal_a4, long_internal):
        with pikepdf.open(io.BytesIO(data)) as pdf:
            seen = set()
            for page in pdf.pages:
                for font in page.Resources.get("/Font", {}).values():
                    seen.add(str(font.BaseFont))
                    assert font.Subtype == "/TrueType", font.BaseFont
                    assert "/FontFile2" in font.FontDescriptor, font.BaseFont
            assert {re.sub(r"^/[A-Z]{6}\+", "/", s) for s in seen} == {
                "/DejaVuSans",
                "/DejaVuSans-Bold",
                "/DejaVuSansMono",
            }


def test_structure_is_clean(
    internal_a4: bytes, customer_letter: bytes, long_internal: bytes
) -> None:
    for data in (internal_a4, customer_letter, long_internal):
        with pikepdf.open(io.BytesIO(data)) as pdf:
            assert pdf.check_pdf_syntax() == []


def test_metadata_comes_from_the_agreement(internal_a4: bytes) -> None:
    with pikepdf.open(io.BytesIO(internal_a4)) as pdf:
        info = {k: str(v) for k, v in pdf.docinfo.items()}
    assert info["/Title"] == "Resolution agreement AG-2026-000001 version 2"
    assert info["/Author"] == COMPANY
    assert info["/Subject"].startswith("Case RC-2026-000317: Espresso machine")
    assert info["/Creator"] == f"Resolution Center {resolution_center.__version__}"
    assert info["/CreationDate"] == "D:20261123094107+00'00'"
    assert info["/Keywords"].startswith("rc-agreement:AG-2026-000001:v2:")


def test_a_draft_has_a_fixed_date_and_a_watermark() -> None:
    draft = sample_agreement(state=AgreementState.DRAFT)
    data = render_agreement(draft)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.docinfo["/CreationDate"]) == "D:20000101000000+00'00'"
    text = text_of(data)
    assert "DRAFT" in text and "not binding until it is issued" in text
    assert "DRAFT" not in text_of(render_agreement(sample_agreement()))


@pytest.mark.parametrize(
    "state, mark", [(AgreementState.SUPERSEDED, "SUPERSEDED"), (AgreementState.VOIDED, "VOIDED")]
)
def test_superseded_and_voided_are_marked(state: AgreementState, mark: str) -> None:
    text = " ".join(
        text_of(render_agreement(sample_agreement(state=state), copy="customer")).split()
    )
    assert mark in text
    assert (
        "Superseded by version 3" in text
        if mark == "SUPERSEDED"
        else "Issued to the wrong order" in text
    )


@pytest.mark.parametrize("copy", ["internal", "customer"])
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_same_agreement_renders_to_the_same_bytes(copy: str, paper: str) -> None:
    first = render_agreement(sample_agreement(), copy=copy, paper=paper)  # type: ignore[arg-type]
    render_agreement(sample_agreement(items=7, currency="JPY"))  # unrelated render in between
    second = render_agreement(sample_agreement(), copy=copy, paper=paper)  # type: ignore[arg-type]
    assert first == second


def test_bytes_do_not_depend_on_the_process_clock_or_locale(internal_a4: bytes) -> None:
    script = (
        "import hashlib, sys\n"
        "from tests.export.samples import sample_agreement\n"
        "from resolution_center.export.agreement_pdf import render_agreement\n"
        "sys.stdout.write(hashlib.sha256(render_agreement(sample_agreement())).hexdigest())"
    )
    env = {
        **os.environ,
        "PYTHONHASHSEED": "4242",
        "SOURCE_DATE_EPOCH": "1700000000",
        "TZ": "Pacific/Auckland",
        "LC_ALL": "C.UTF-8",
    }
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert out == hashlib.sha256(internal_a4).hexdigest()


def test_paper_sizes(internal_a4: bytes, customer_letter: bytes) -> None:
    for data, (w, h) in ((internal_a4, (595.28, 841.89)), (customer_letter, (612, 792))):
        for page in PdfReader(io.BytesIO(data)).pages:
            box = page.mediabox
            assert (round(float(box.width), 2), round(float(box.height), 2)) == (w, h)


def test_customer_copy_leaves_out_internal_detail_and_verifies_the_same(
    internal_a4: bytes, customer_letter: bytes
) -> None:
    a = sample_agreement()
    internal, customer = text_of(internal_a4), text_of(customer_letter)
    assert INTERNAL_NOTE[:40] in " ".join(internal.split())
    flat = " ".join(customer.split())
    assert INTERNAL_NOTE[:20] not in flat and "Internal notes" not in flat
    assert "customer wrote again" in internal and "customer wrote again" not in customer
    assert "Customer copy" in customer and "21 events" in flat
    assert a.content_hash() in internal and a.content_hash() in customer
    assert CUSTOMER in customer and SUPERVISOR in customer


def test_long_order_and_history_paginate_without_losing_or_repeating_rows(
    long_internal: bytes,
) -> None:
    a = sample_agreement(items=50, audit_lines=300)
    pages = pages_text(long_internal)
    assert len(pages) > 5
    text = "\n".join(pages)
    for item in a.case.order.items:
        assert len(re.findall(rf"\b{re.escape(item.sku)}\b", text)) == 1, item.sku
    history = text.split("Appendix A: case history", 1)[1].split("Time (UTC)", 1)[1]
    for line in a.audit_lines:
        assert len(re.findall(rf"(?<![0-9a-f]){line.seq}(?![0-9a-f])", history)) == 1, line.seq
    # the items table and the history repeat their header rows on every page they run over
    item_pages = [p for p in pages if "SKU-00" in p]
    assert len(item_pages) > 1 and all("Unit price" in p for p in item_pages)
    start = next(i for i, p in enumerate(pages) if "Appendix A: case history" in p)
    history_pages = pages[start:]
    assert len(history_pages) > 5 and all("Time (UTC)" in p for p in history_pages)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm is not here")
def test_every_page_rasterises(long_internal: bytes, tmp_path: Path) -> None:
    src = tmp_path / "long.pdf"
    src.write_bytes(long_internal)
    result = subprocess.run(
        ["pdftoppm", "-r", "50", "-png", str(src), str(tmp_path / "p")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0 and result.stderr == ""
    assert len(list(tmp_path.glob("p-*.png"))) == len(PdfReader(io.BytesIO(long_internal)).pages)


@pytest.mark.skipif(
    shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None,
    reason="needs zbarimg and pdftoppm",
)
def test_qr_code_scans_to_the_proof(customer_letter: bytes, tmp_path: Path) -> None:
    src = tmp_path / "c.pdf"
    src.write_bytes(customer_letter)
    subprocess.run(
        ["pdftoppm", "-r", "100", "-gray", "-png", str(src), str(tmp_path / "p")],
        check=True,
        timeout=120,
    )
    found = set()
    for png in sorted(tmp_path.glob("p-*.png")):
        out = subprocess.run(
            ["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True, timeout=60
        ).stdout
        found.update(line for line in out.splitlines() if line)
    a = sample_agreement()
    assert found == {
        f"rc-agreement:{a.number}:v2:{a.content_hash()}:{a.chain_head.seq}:"  # type: ignore[union-attr]
        f"{a.chain_head.hash}:issued:customer:letter"
    }  # type: ignore[union-attr]


def test_yen_has_no_decimals() -> None:
    text = text_of(render_agreement(sample_agreement(currency="JPY")))
    assert "12,000 JPY" in text and "54,900 JPY" in text
    assert "12,000.00" not in text and not re.search(r"\d\.\d\d JPY", text)


def test_three_decimal_currencies_and_large_totals_fit() -> None:
    a = sample_agreement(currency="KWD")
    big = replace(a.remedies[0], amount=Money(987_654_321, "KWD"))
    text = text_of(render_agreement(replace(a, remedies=(big, *a.remedies[1:]))))
    assert "987,654.321 KWD" in " ".join(text.split())


def test_characters_the_font_lacks_are_refused_not_printed_as_boxes() -> None:
    a = sample_agreement()
    cjk = replace(a, customer=replace(a.customer, name="山田 太郎"))
    with pytest.raises(ValidationError, match="cannot print these characters"):
        check_printable(cjk)
    with pytest.raises(ValidationError, match="山"):
        render_agreement(cjk)


def test_copy_and_paper_are_checked() -> None:
    a = sample_agreement()
    with pytest.raises(ValidationError, match="unknown copy"):
        render_agreement(a, copy="everyone")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="unknown paper"):
        render_agreement(a, paper="a5")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="cannot be rendered as the internal record"):
        render_agreement(a.customer_copy(), copy="internal")
    assert render_agreement(a.customer_copy(), copy="customer") == render_agreement(
        a, copy="customer"
    )


def test_long_unbroken_text_wraps_inside_the_page() -> None:
    a = sample_agreement()
    long_word = "X" * 600
    r = replace(a.remedies[0], description=long_word)
    data = render_agreement(replace(a, remedies=(r, *a.remedies[1:])))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.check_pdf_syntax() == []
    assert "".join(text_of(data).split()).count(long_word) == 1


def test_every_field_at_its_longest_still_lays_out() -> None:
    """Rows of a table cannot break across pages: the domain's limits keep each row printable."""
    a = sample_agreement(items=4, audit_lines=30)
    wide = "Ü" + "x" * 198 + "."
    company = replace(a.company, name=wide, address=tuple(wide for _ in range(8)))
    items = tuple(
        replace(i, sku="S" * 64, product="Product " * 37, seller="Seller " * 28)
        for i in a.case.order.items
    )
    case = replace(
        a.case,
        summary=("A long summary sentence. " * 79 + "\n\n") * 10,
        order=replace(a.case.order, items=items, total=Money(99_999_999_99, "EUR")),
    )
    remedies = tuple(replace(r, description="Long description " * 117) for r in a.remedies)
    obligations = tuple(replace(o, text="Do something important " * 86) for o in a.obligations)
    big = replace(
        a,
        company=company,
        customer=replace(a.customer, name=wide),
        case=case,
        remedies=remedies,
        obligations=obligations,
        terms=a.terms * 5,
        internal_notes=("Note " * 3999,),
        audit_lines=tuple(replace(line, summary="Z" * 5000) for line in a.audit_lines),
    )
    for paper in ("a4", "letter"):
        data = render_agreement(big, paper=paper)  # type: ignore[arg-type]
        with pikepdf.open(io.BytesIO(data)) as pdf:
            assert pdf.check_pdf_syntax() == []
            assert len(pdf.pages) > 10
