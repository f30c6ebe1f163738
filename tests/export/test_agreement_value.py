"""The agreement value: its number, validation, the customer copy and what the hash covers."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from resolution_center.domain.agreement import (
    AgreedRemedy,
    Agreement,
    AgreementState,
    AuditLine,
    Obligation,
    Party,
    PartyRole,
    agreement_number,
    agreement_number_parts,
    is_agreement_number,
    parse_agreement_number,
)
from resolution_center.domain.audit import ChainHead
from resolution_center.domain.errors import ValidationError
from resolution_center.domain.money import Money
from resolution_center.export.terms import load_terms_template, parse_terms_template
from tests.export.samples import CUSTOMER, INTERNAL_NOTE, sample_agreement


def test_numbers_are_formatted_and_parsed_strictly() -> None:
    assert agreement_number(2026, 1) == "AG-2026-000001"
    assert parse_agreement_number(" ag-2026-000042 ") == "AG-2026-000042"
    assert agreement_number_parts("AG-2026-000042") == (2026, 42)
    for bad in ("AG-2026-0001", "RC-2026-000001", "AG-2026-000000", "", "AG-26-000001"):
        assert not is_agreement_number(bad)
        with pytest.raises(ValidationError, match="expected AG-YYYY-NNNNNN"):
            parse_agreement_number(bad)
    with pytest.raises(ValidationError):
        agreement_number(2026, 1_000_000)


def test_content_hash_is_sha256_of_canonical_json_with_money_and_utc_times() -> None:
    a = sample_agreement()
    text = a.canonical_content()
    doc = json.loads(text)
    assert doc["format"] == "rc-agreement-content/1"
    assert doc["remedies"][0]["amount"] == {"currency": "EUR", "minor": 12000}
    assert doc["approvals"][0]["time"] == "2026-11-20T15:02:11.000000Z"
    assert doc["case"]["order"]["date"] == "2026-10-28"
    assert text == json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    import hashlib

    assert a.content_hash() == hashlib.sha256(text.encode()).hexdigest()
    assert a.content_hash() == sample_agreement().content_hash()


def test_hash_covers_what_was_agreed() -> None:
    a = sample_agreement()
    r = a.remedies[0]
    changed = [
        replace(a, remedies=(replace(r, amount=Money(92000, "EUR")), *a.remedies[1:])),
        replace(a, customer=replace(a.customer, name="Zoe Orsted")),
        replace(a, version=3),
        replace(a, terms=(*a.terms[:-1], a.terms[-1] + " Amended.")),
        replace(a, obligations=a.obligations[:-1]),
        replace(a, acceptance=replace(a.acceptance, channel="phone")),
    ]
    assert len({a.content_hash(), *(c.content_hash() for c in changed)}) == len(changed) + 1


def test_hash_leaves_out_life_cycle_anchors_and_internal_detail() -> None:
    a = sample_agreement()
    same = [
        a.customer_copy(),
        replace(a, state=AgreementState.SUPERSEDED, superseded_by=3),
        replace(a, state=AgreementState.VOIDED, void_reason="wrong order"),
        replace(a, internal_notes=("something else",)),
        replace(a, audit_lines=a.audit_lines[:5]),
        replace(
            a,
            issued_at=a.issued_at + timedelta(seconds=1),  # type: ignore[operator]
            chain_head=ChainHead(a.chain_head.seq + 9, "f" * 64),
        ),  # type: ignore[union-attr]
    ]
    assert {c.content_hash() for c in same} == {a.content_hash()}


def test_text_is_normalised_so_another_unicode_form_hashes_the_same() -> None:
    a = sample_agreement()
    nfd = replace(a, customer=replace(a.customer, name=unicodedata.normalize("NFD", CUSTOMER)))
    assert nfd.customer.name == CUSTOMER
    assert nfd.content_hash() == a.content_hash()


def test_customer_copy_drops_internal_detail_but_keeps_a_summary() -> None:
    a = sample_agreement(audit_lines=20)
    c = a.customer_copy()
    assert c.redacted and not c.internal_notes and not c.audit_lines
    assert a.internal_notes == (INTERNAL_NOTE,)
    assert c.audit_summary == a.audit_summary
    assert c.audit_summary is not None and c.audit_summary.events == 21
    assert c.customer_copy() is c
    assert c.content_hash() == a.content_hash()


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda a: replace(a, state=AgreementState.DRAFT), "a draft has no issue time"),
        (lambda a: replace(a, chain_head=None), "needs its issue time and the audit chain head"),
        (lambda a: replace(a, issued_at=datetime(2026, 11, 23, 10, 0)), "aware UTC"),
        (
            lambda a: replace(
                a, issued_at=datetime(2026, 11, 23, 10, 0, tzinfo=timezone(timedelta(hours=1)))
            ),
            "in UTC",
        ),
        (
            lambda a: replace(
                a,
                audit_lines=(
                    *a.audit_lines,
                    AuditLine(
                        a.chain_head.seq + 1, a.issued_at, "x", "system", "case.note", "after"
                    ),
                ),
            ),
            "must stop at the issue event",
        ),
        (lambda a: replace(a, audit_lines=tuple(reversed(a.audit_lines))), "increasing sequence"),
        (
            lambda a: replace(
                a, remedies=(AgreedRemedy("RM-000001", "Refund", "", Money(1, "USD")),)
            ),
            "is in USD but the order is in EUR",
        ),
        (lambda a: replace(a, remedies=a.remedies[:1] * 2), "listed twice"),
        (lambda a: replace(a, seller=None), "not a party to this agreement"),
        (lambda a: replace(a, customer=replace(a.company)), "role customer"),
        (lambda a: replace(a, superseded_by=3), "only a superseded agreement"),
        (lambda a: replace(a, void_reason="x"), "only a voided agreement"),
        (lambda a: replace(a, number="AG-2026-1"), "not an agreement number"),
        (lambda a: replace(a, version=0), "version 0 is invalid"),
        (lambda a: replace(a, internal_notes=("bell\x07",)), "control character"),
    ],
)
def test_invalid_agreements_are_refused(change, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match=message):
        change(sample_agreement())


def test_parts_validate_themselves() -> None:
    with pytest.raises(ValidationError, match="not a remedy reference"):
        AgreedRemedy("R-1", "Refund", "", Money(1, "EUR"))
    with pytest.raises(ValidationError, match="unknown party role"):
        Obligation("courier", "deliver", datetime(2026, 1, 1, tzinfo=UTC).date())  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="more than 8 lines"):
        Party(PartyRole.CUSTOMER, "A", tuple(str(i) for i in range(9)))
    with pytest.raises(ValidationError, match="is required"):
        Party(PartyRole.CUSTOMER, "  ")


def test_terms_template_fills_every_placeholder() -> None:
    template = load_terms_template()
    assert template.version == "2026-1" and len(template.paragraphs) >= 5
    a = sample_agreement()
    assert a.terms_version == template.version
    assert all("{" not in t and "}" not in t for t in a.terms)
    assert any(CUSTOMER in t for t in a.terms)
    with pytest.raises(ValidationError, match="terms need values for"):
        template.fill(company="x")


@pytest.mark.parametrize(
    "text, message",
    [
        ('format = 1\nversion = "1"\nparagraphs = ["Hello {nobody}"]', "unknown placeholder"),
        ('format = 1\nversion = "1"\nparagraphs = ["Hello {"]', "write a brace"),
        ('format = 2\nversion = "1"\nparagraphs = ["x"]', "unknown format"),
        ('format = 1\nparagraphs = ["x"]', "'version' must be text"),
        ("format = = 1", "not valid TOML"),
    ],
)
def test_bad_terms_templates_are_refused_on_load(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_terms_template(text)


@pytest.mark.parametrize("currency", ["EUR", "JPY"])
def test_stored_content_rebuilds_the_same_value(currency: str) -> None:
    a = sample_agreement(currency=currency)
    back = Agreement.from_content(
        a.canonical_content(),
        state=a.state,
        issued_at=a.issued_at,
        chain_head=a.chain_head,
        internal_notes=a.internal_notes,
        audit_lines=a.audit_lines,
    )
    assert back == a and back.content_hash() == a.content_hash()
    draft = sample_agreement(state=AgreementState.DRAFT, seller=False)
    assert Agreement.from_content(draft.content(), state="draft").content_hash() == (
        draft.content_hash()
    )


@pytest.mark.parametrize(
    "mangle",
    [
        lambda d: d.pop("remedies"),
        lambda d: d.update(format="rc-agreement-content/9"),
        lambda d: d["case"]["order"].update(date="yesterday"),
        lambda d: d["remedies"][0].update(amount={"minor": 1.5, "currency": "EUR"}),
        lambda d: d["parties"].update(company=None),
    ],
)
def test_malformed_stored_content_is_refused(mangle) -> None:  # type: ignore[no-untyped-def]
    doc = json.loads(sample_agreement().canonical_content())
    mangle(doc)
    with pytest.raises(ValidationError):
        Agreement.from_content(doc, state="draft")
