"""An agreement in German: decided when it is drafted, recorded in its content (so the hash
and every verification cover it), printed with German labels, dates and money, and a
tampered language fails verification like any other change."""

from __future__ import annotations

import io
import string
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from resolution_center.domain.agreement import AgreementState
from resolution_center.domain.errors import ValidationError, VerificationFailed
from resolution_center.domain.money import Money
from resolution_center.export import agreement_words
from resolution_center.export.agreement_pdf import render_agreement
from resolution_center.export.pdf_proof import read_proof
from tests.export.samples import sample_agreement
from tests.helpers.agreements import negotiated
from tests.helpers.workspace import Workspace


def text_of(data: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)


def test_german_dates_and_money_are_written_without_a_locale() -> None:
    assert agreement_words.day(date(2026, 12, 7), "de") == "7. Dezember 2026"
    assert agreement_words.day(date(2026, 12, 7), "en") == "7 December 2026"
    assert agreement_words.money(Money(123_456, "EUR"), "de") == "1.234,56\u00a0€"
    assert agreement_words.money(Money(-5, "JPY"), "de") == "-5\u00a0JPY"
    assert agreement_words.money(Money(123_456, "EUR"), "en") == "1,234.56 EUR"


def _names(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def test_every_label_has_its_german_word() -> None:
    assert set(agreement_words.DE) == set(agreement_words.EN)
    for key, english in agreement_words.EN.items():
        assert _names(agreement_words.DE[key]) == _names(english), key


def test_english_content_has_no_language_key_so_old_hashes_stand() -> None:
    a = sample_agreement()
    assert a.language == "en" and "language" not in a.content()
    german = sample_agreement().__class__(**{**_fields(a), "language": "de"})
    assert german.content()["language"] == "de"
    assert german.content_hash() != a.content_hash()


def _fields(a):  # type: ignore[no-untyped-def]
    return {f: getattr(a, f) for f in a.__dataclass_fields__ if f != "audit_summary"}


def test_a_language_that_is_not_a_code_is_refused() -> None:
    with pytest.raises(ValidationError):
        sample_agreement().__class__(**{**_fields(sample_agreement()), "language": "Deutsch"})


@pytest.fixture
def german_setting(workspace: Workspace) -> Workspace:
    """The company writes to its customers in German (the messages' language setting)."""
    admin = workspace.login("root")
    admin.messages.set_ack_mode(admin.messages.ack_mode().value, language="de")
    return workspace


def test_a_german_agreement_is_drafted_issued_exported_and_verified(
    workspace: Workspace, tmp_path: Path
) -> None:
    n = negotiated(workspace)
    draft = n.sofia.agreements.create(n.case_ref, n.offer.reference, "email", language="de")
    assert draft.language == "de"
    assert draft.terms[0].startswith("Gegenstand. Diese Vereinbarung hält fest")
    assert draft.terms_version == "2026-1-de"
    assert "Kundennr." in draft.customer.reference
    # the company's part, one line per remedy, in German with German money
    duties = [o.text for o in draft.obligations if "RM-" in o.text]
    assert duties and all("€" in text and "EUR" not in text for text in duties), duties
    n.sofia.agreements.issue(draft.number)
    a = n.sofia.agreements.get(draft.number)
    assert a.state is AgreementState.ISSUED and a.language == "de"

    files = n.sofia.agreement_files
    files.export(a.number, path=tmp_path / "vereinbarung.pdf")
    data = (tmp_path / "vereinbarung.pdf").read_bytes()
    text = text_of(data)
    for expected in (
        "Vereinbarung zur Beschwerde",
        "Vereinbarte Abhilfen",
        "Unterschriften",
        "Bestellsumme",
        "Seite 1 von",
        "€",
    ):
        assert expected in text, expected
    assert "Agreed remedies" not in text and "Page 1 of" not in text
    issued_day = agreement_words.day(a.issued_at.date(), "de")  # type: ignore[union-attr]
    assert issued_day in text
    assert read_proof(data).content_hash == a.content_hash()

    result = files.verify_file(tmp_path / "vereinbarung.pdf")
    assert result.kind == "genuine", result.message
    # the same agreement printed in English is not this file: the language is part of it
    english = render_agreement(a.__class__(**{**_fields(a), "language": "en"}))
    (tmp_path / "english.pdf").write_bytes(english)
    assert files.verify_file(tmp_path / "english.pdf").kind != "genuine"
    assert n.sofia.audit.verify().ok

    # a new version keeps the language
    revised = n.sofia.agreements.revise(a.number, reason="Betrag korrigiert")
    assert revised.language == "de" and revised.version == 2


def test_the_customers_language_setting_decides_by_default(german_setting: Workspace) -> None:
    n = negotiated(german_setting)
    draft = n.sofia.agreements.create(n.case_ref, n.offer.reference, "email")
    assert draft.language == "de"


def test_an_agreement_language_without_wording_is_refused(workspace: Workspace) -> None:
    n = negotiated(workspace)
    with pytest.raises(ValidationError) as refused:
        n.sofia.agreements.create(n.case_ref, n.offer.reference, "email", language="fr")
    assert refused.value.field == "language"


def test_a_stored_language_changed_behind_the_apps_back_is_refused(
    workspace: Workspace, tmp_path: Path
) -> None:
    """The stored value's language flipped to English in the database: the app refuses to
    render it (its value no longer hashes to what was issued) and `verify` names the row."""
    n = negotiated(workspace)
    draft = n.sofia.agreements.create(n.case_ref, n.offer.reference, "email", language="de")
    n.sofia.agreements.issue(draft.number)
    record = n.sofia.agreements.record(draft.number, 1)
    assert '"language":"de"' in record.value
    workspace.tamper(
        (
            "UPDATE agreements SET value = ? WHERE id = ?",
            (record.value.replace('"language":"de"', '"language":"en"'), record.id),
        )
    )
    with pytest.raises(VerificationFailed) as refused:
        n.sofia.agreement_files.export(draft.number, path=tmp_path / "after.pdf")
    assert "its stored record was altered" in refused.value.message
    report = workspace.login("root").audit.verify()
    named = [p.what for p in report.problems if "agreements" in p.what]
    assert not report.ok and named, [p.what for p in report.problems]
