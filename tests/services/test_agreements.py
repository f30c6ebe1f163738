"""Agreements on both backends: drafting, issuing, exporting, verifying files, revising, voiding."""

from __future__ import annotations

import hashlib
import io
import json
import os
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from resolution_center.domain.agreement import AgreementState
from resolution_center.domain.audit import canonical_json
from resolution_center.domain.errors import (
    EnvironmentFault,
    PermissionDenied,
    PolicyRefusal,
    ValidationError,
    VerificationFailed,
)
from resolution_center.domain.offer import OfferState
from resolution_center.export.agreement_pdf import render_agreement
from resolution_center.export.pdf_proof import file_sha256, read_proof
from resolution_center.services.backup import backup, restore
from tests.export.samples import sample_agreement
from tests.helpers.agreements import (
    COMPANY,
    CUSTOMER,
    SELLER,
    SPECIALIST,
    SUPERVISOR,
    Negotiated,
    eur,
    multiplied,
    negotiated,
)
from tests.helpers.workspace import PASSWORD, Workspace


def issued(ws: Workspace) -> tuple[Negotiated, str]:
    n = negotiated(ws)
    draft = n.sofia.agreements.create(
        n.case_ref, n.offer.reference, "email", acceptance_reference="MSG-20261122-88412"
    )
    n.sofia.agreements.issue(draft.number)
    return n, draft.number


def text_of(data: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)


def events(ws: Workspace, case_ref: str, prefix: str = "agreement.") -> list[tuple[str, dict]]:  # type: ignore[type-arg]
    ctx = ws.login("root")
    return [
        (t.event.action, t.data)
        for t in ctx.audit.case_trail(ctx.cases.get(case_ref).id)
        if t.event.action.startswith(prefix)
    ]


def forge_amount(data: bytes, old: str = "150.00", new: str = "950.00") -> bytes:
    """Change one digit of an amount in the page's content, left uncompressed; the proof (in
    the metadata and printed on the page) and every hash text stay as they were."""
    pdf = pikepdf.open(io.BytesIO(data))
    for page in pdf.pages:
        instructions = list(pikepdf.parse_content_stream(page))
        for i, (operands, op) in enumerate(instructions):
            text = bytes(operands[0]) if str(op) == "Tj" else b""
            if old.encode() in text:
                forged = pikepdf.String(text.replace(old.encode(), new.encode(), 1))
                instructions[i] = pikepdf.ContentStreamInstruction([forged], op)
                page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
                out = io.BytesIO()
                pdf.save(out, compress_streams=False)
                return out.getvalue()
    raise AssertionError(f"{old} is not on any page")


# ---- drafting -------------------------------------------------------------------------------


def test_a_seller_who_countered_is_a_party_without_obligations(workspace: Workspace) -> None:
    n = negotiated(workspace, accept=False)
    no_seller = [o for o in n.terms()["obligations"] if o["party"] != "seller"]
    counter = n.sofia.offers.answer(
        n.offer.reference, "counter", "The seller proposes this.", n.terms(), by="seller"
    )
    # The company's last round leaves the seller out; the seller still took part.
    last = n.sofia.offers.answer(
        counter.reference,
        "counter",
        "Our final offer.",
        n.terms(obligations=no_seller),
        by="company",
    )
    assert last.proposed_by.value == "company"
    accepted = n.sofia.offers.answer(last.reference, "accept", "Fine.", by="customer")
    a = n.sofia.agreements.create(n.case_ref, accepted.reference, "email")
    assert a.seller is not None and a.seller.name == SELLER
    assert {o.party.value for o in a.obligations} == {"company", "customer"}
    assert a.acceptance is not None and a.acceptance.offer == accepted.reference


def test_a_draft_is_assembled_from_the_accepted_offer(workspace: Workspace) -> None:
    n = negotiated(workspace)
    a = n.sofia.agreements.create(n.case_ref, n.offer.reference, "email")
    assert a.number.startswith("AG-2026-") and a.version == 1
    assert a.state is AgreementState.DRAFT and a.issued_at is None and a.audit_lines == ()
    assert a.company.name == COMPANY and a.customer.name == CUSTOMER
    assert a.seller is not None and a.seller.name == SELLER
    assert [(r.remedy_id, r.amount.minor) for r in a.remedies] == [
        (n.small, 4_000),
        (n.large, 15_000),
    ]
    assert a.remedies[1].description == "Partial refund for a week without the machine."
    # The company's part first: one line per remedy with its amount, due by the offer's date
    # for the company; then the offer's own obligations.
    assert [(o.party.value, o.deadline) for o in a.obligations] == [
        ("company", date(2026, 12, 7)),
        ("company", date(2026, 12, 7)),
        ("company", date(2026, 12, 7)),
        ("seller", date(2026, 12, 4)),
        ("customer", date(2026, 12, 21)),
    ]
    kind = a.remedies[0].kind.lower()
    assert a.obligations[0].text == (
        f"Refund 40.00 EUR to the original method of payment ({kind}, {n.small})."
    )
    assert "150.00 EUR" in a.obligations[1].text and n.large in a.obligations[1].text
    # The approval chain: Σοφία authorized the small one and proposed the large one, Дмитрий
    # approved it; names, roles and times as stored.
    assert [(x.name, x.role, x.action.value) for x in a.approvals] == [
        (SPECIALIST, "specialist", "authorized"),
        (SPECIALIST, "specialist", "proposed"),
        (SUPERVISOR, "supervisor", "approved"),
    ]
    assert a.acceptance is not None and a.acceptance.channel == "email"
    assert a.acceptance.at == n.offer.answered_at
    assert a.acceptance.offer == n.offer.reference  # what the customer said yes to
    assert a.terms[-1].startswith("Return conditions. The cracked tray")
    assert "190.00 EUR" in a.terms[1] and f"sold by {SELLER}" in a.terms[0]
    assert "Round 1" in a.internal_notes[0]
    assert events(workspace, n.case_ref)[-1][0] == "agreement.drafted"
    with pytest.raises(ValidationError, match="already the basis of"):
        n.sofia.agreements.create(n.case_ref, n.offer.reference, "email")


def test_only_an_accepted_offer_makes_an_agreement(workspace: Workspace) -> None:
    n = negotiated(workspace, accept=False)
    with pytest.raises(ValidationError, match="open: an agreement is drafted only from an acc"):
        n.sofia.agreements.create(n.case_ref, n.offer.reference, "email")
    assert n.sofia.agreements.list(n.case_ref) == []


def test_no_agreement_without_authorized_remedies(workspace: Workspace) -> None:
    n = negotiated(workspace, accept=False)
    n.sofia.offers.withdraw(n.offer.reference)
    pending = n.sofia.remedies.propose(
        n.case_ref, "partial-refund", n.offer.terms.remedies[1].amount, reason="Another week."
    )  # type: ignore[arg-type]
    assert pending.state.value == "pending-signoff"
    offer = n.sofia.offers.add(n.case_ref, "company", {"remedies": [n.small, pending.reference]})
    n.sofia.offers.answer(offer.reference, "accept")
    with pytest.raises(
        ValidationError, match=f"remedy {pending.reference} is pending-signoff"
    ) as caught:
        n.sofia.agreements.create(n.case_ref, offer.reference, "email")
    assert caught.value.details == {"remedy": pending.reference, "state": "pending-signoff"}
    assert n.sofia.agreements.list(n.case_ref) == []


def test_a_remedy_withdrawn_after_drafting_stops_the_issue(workspace: Workspace) -> None:
    n = negotiated(workspace)
    a = n.sofia.agreements.create(n.case_ref, n.offer.reference, "email")
    n.sofia.remedies.withdraw(n.small, "The customer changed their mind.")
    with pytest.raises(ValidationError, match=f"remedy {n.small} is withdrawn"):
        n.sofia.agreements.issue(a.number)
    assert n.sofia.agreements.get(a.number).state is AgreementState.DRAFT
    assert n.sofia.remedies.show(n.large).frozen_by is None  # nothing was frozen


# ---- issue, export, verify ---------------------------------------------------------------------


def test_issue_export_verify_genuine(workspace: Workspace, tmp_path: Path) -> None:
    n, number = issued(workspace)
    svc = n.sofia.agreements
    files = n.sofia.agreement_files
    a = svc.get(number)
    assert a.state is AgreementState.ISSUED and a.issued_at is not None
    # The appendix stops at the issue event, which is the chain head at issue.
    assert a.chain_head is not None and a.audit_lines[-1].seq == a.chain_head.seq
    assert a.audit_lines[-1].action == "agreement.issued"
    head = n.sofia.audit.repo.hash_at(a.chain_head.seq)
    assert head == a.chain_head.hash
    issue_events = [d for act, d in events(workspace, n.case_ref) if act == "agreement.issued"]
    assert issue_events[0]["content_hash"] == a.content_hash()
    for ref in (n.small, n.large):
        assert n.sofia.remedies.show(ref).frozen_by == number

    out = files.export(number, path=tmp_path / "agreement.pdf")
    data = (tmp_path / "agreement.pdf").read_bytes()
    assert out["file_sha256"] == file_sha256(data) and out["bytes"] == len(data)
    text = text_of(data)
    shown = (CUSTOMER, SPECIALIST, SUPERVISOR, "150.00", "190.00 EUR", a.content_hash()[:16])
    for expected in shown:
        assert expected in text, expected
    assert read_proof(data).content_hash == a.content_hash()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 2
    result = files.verify_file(tmp_path / "agreement.pdf")
    assert result.kind == "genuine", result.message
    assert result.ok and result.content_hash == a.content_hash()
    assert result.exports[0]["exported_by"] == "sofia"

    # Exports are deterministic, later events do not change an issued version.
    files.export(number, path=tmp_path / "again.pdf")
    assert (tmp_path / "again.pdf").read_bytes() == data
    assert n.dmitri.agreements.get(number) == a

    files.export(number, copy="customer", paper="letter", path=tmp_path / "customer.pdf")
    customer = (tmp_path / "customer.pdf").read_bytes()
    assert SUPERVISOR in text_of(customer) and "Round 1" not in text_of(customer)
    checked = files.verify_file(tmp_path / "customer.pdf")
    assert (checked.kind, checked.copy, checked.paper) == ("genuine", "customer", "letter")

    exported = [d for act, d in events(workspace, n.case_ref) if act == "agreement.exported"]
    assert [(d["copy"], d["paper"], d["file_sha256"]) for d in exported] == [
        ("internal", "a4", file_sha256(data)),
        ("internal", "a4", file_sha256(data)),
        ("customer", "letter", file_sha256(customer)),
    ]
    assert [e["exported_by"] for e in svc.exports(number)] == ["sofia"] * 3
    assert n.sofia.audit.verify().ok


def test_printing_is_recorded(workspace: Workspace) -> None:
    n, number = issued(workspace)
    record = n.dmitri.agreement_files.printed(number, 1, "customer")
    printed = [d for act, d in events(workspace, n.case_ref) if act == "agreement.printed"]
    assert printed == [
        {
            "version": 1,
            "state": "issued",
            "copy": "customer",
            "paper": "a4",
            "file_sha256": record["file_sha256"],
            "content_hash": n.sofia.agreements.get(number).content_hash(),
        }
    ]
    assert n.sofia.agreements.exports(number)[0]["path"] is None


def test_a_changed_digit_is_altered(workspace: Workspace, tmp_path: Path) -> None:
    n, number = issued(workspace)
    n.sofia.agreement_files.export(number, path=tmp_path / "a.pdf")
    forged = forge_amount((tmp_path / "a.pdf").read_bytes())
    (tmp_path / "forged.pdf").write_bytes(forged)
    assert "950.00" in text_of(forged)  # still a valid PDF with the original proof
    assert read_proof(forged).content_hash == n.sofia.agreements.get(number).content_hash()
    result = n.sofia.agreement_files.verify_file(tmp_path / "forged.pdf")
    assert result.kind == "altered", result.message
    assert "content differs" in result.message


@pytest.mark.parametrize(
    "mangle, kind",
    [
        (lambda d: os.urandom(4096), "not-a-pdf"),
        (lambda d: d[: len(d) // 2], "damaged"),
        (lambda d: d.replace(b"/Keywords", b"/Keyworxx"), "no-proof"),
    ],
)
def test_files_that_are_not_agreements(workspace: Workspace, tmp_path: Path, mangle, kind) -> None:  # type: ignore[no-untyped-def]
    n, number = issued(workspace)
    n.sofia.agreement_files.export(number, path=tmp_path / "a.pdf")
    (tmp_path / "x.pdf").write_bytes(mangle((tmp_path / "a.pdf").read_bytes()))
    result = n.sofia.agreement_files.verify_file(tmp_path / "x.pdf")
    assert result.kind == kind, result.message
    assert not result.ok


def test_unknown_agreement_and_draft_previews(workspace: Workspace, tmp_path: Path) -> None:
    n = negotiated(workspace)
    draft = n.sofia.agreements.create(n.case_ref, n.offer.reference, "email")
    n.sofia.agreement_files.export(draft.number, path=tmp_path / "draft.pdf")
    assert "DRAFT" in text_of((tmp_path / "draft.pdf").read_bytes())
    assert n.sofia.agreement_files.verify_file(tmp_path / "draft.pdf").kind == "draft"
    n.sofia.agreements.issue(draft.number)
    result = n.sofia.agreement_files.verify_file(tmp_path / "draft.pdf")
    assert result.kind == "draft" and "issued since" in result.message
    # A genuine file from another database is unknown here.
    other = replace(sample_agreement(), number="AG-2026-000042")
    (tmp_path / "other.pdf").write_bytes(render_agreement(other))
    assert n.sofia.agreement_files.verify_file(tmp_path / "other.pdf").kind == "unknown-agreement"


# ---- revise and void ---------------------------------------------------------------------------


def test_a_new_version_supersedes_the_old(workspace: Workspace, tmp_path: Path) -> None:
    n, number = issued(workspace)
    svc = n.sofia.agreements
    files = n.sofia.agreement_files
    files.export(number, path=tmp_path / "v1.pdf")
    with pytest.raises(ValidationError, match="revise it"):
        svc.issue(number)
    v2 = svc.revise(number, reason="The customer's name was misspelt.")
    assert (v2.version, v2.state) == (2, AgreementState.DRAFT)
    assert svc.get(number, 1).state is AgreementState.ISSUED  # until version 2 is issued
    v2 = svc.issue(number)
    assert v2.state is AgreementState.ISSUED and v2.version == 2
    v1 = svc.get(number, 1)
    assert v1.state is AgreementState.SUPERSEDED and v1.superseded_by == 2
    assert [(i.version, i.state) for i in svc.versions(number)] == [
        (1, "superseded"),
        (2, "issued"),
    ]
    old = files.verify_file(tmp_path / "v1.pdf")
    assert old.kind == "superseded" and "version 2 superseded it" in old.message
    files.export(number, path=tmp_path / "v2.pdf")
    assert files.verify_file(tmp_path / "v2.pdf").kind == "genuine"
    assert n.sofia.remedies.show(n.small).frozen_by == number
    actions = [a for a, _ in events(workspace, n.case_ref)]
    assert actions[-5:] == [
        "agreement.revised",
        "agreement.superseded",
        "agreement.issued",
        "agreement.recorded",
        "agreement.exported",
    ]
    assert [i.state for i in svc.list(state="issued")] == ["issued"]
    assert n.sofia.audit.verify().ok


def test_voiding(workspace: Workspace, tmp_path: Path) -> None:
    n, number = issued(workspace)
    svc = n.sofia.agreements
    files = n.sofia.agreement_files
    files.export(number, copy="customer", path=tmp_path / "a.pdf")
    with pytest.raises(ValidationError, match="reason is required"):
        n.dmitri.agreements.void(number, "  ")
    with pytest.raises(PermissionDenied, match="supervisor"):
        svc.void(number, "Wrong order.")
    voided = n.dmitri.agreements.void(number, "Issued to the wrong order.")
    assert voided.state is AgreementState.VOIDED
    assert voided.void_reason == "Issued to the wrong order."
    result = files.verify_file(tmp_path / "a.pdf")
    assert result.kind == "voided" and "wrong order" in result.message
    with pytest.raises(ValidationError, match="voided and cannot be voided"):
        n.dmitri.agreements.void(number, "Again.")
    with pytest.raises(ValidationError, match="only the issued version is revised"):
        svc.revise(number)
    assert events(workspace, n.case_ref)[-1] == (
        "agreement.voided",
        {
            "version": 1,
            "reason": "Issued to the wrong order.",
            "old": {"state": "issued"},
            "new": {"state": "voided"},
        },
    )
    # The remedies stay bound by the voided agreement: their terms never change, but what
    # was promised under it can now be withdrawn, so it stops counting against the caps.
    assert n.sofia.remedies.show(n.large).frozen_by == number
    large = n.sofia.remedies.show(n.large)
    with pytest.raises(PolicyRefusal, match=f"bound by voided agreement {number} and keeps"):
        n.sofia.remedies.edit(n.large, large.version, amount=eur(9_000))
    withdrawn = n.sofia.remedies.withdraw(n.large, "The agreement was voided.")
    assert withdrawn.state.value == "withdrawn" and withdrawn.frozen_by == number
    assert events(workspace, n.case_ref, "remedy.")[-1][1]["reason"] == "The agreement was voided."
    assert n.sofia.audit.verify().ok


def test_a_draft_can_be_discarded(workspace: Workspace, tmp_path: Path) -> None:
    n = negotiated(workspace)
    draft = n.sofia.agreements.create(n.case_ref, n.offer.reference, "email")
    n.sofia.agreements.void(draft.number, "Drafted too early.")
    assert n.sofia.agreements.list(n.case_ref)[0].state == "voided"
    with pytest.raises(ValidationError, match="discarded draft"):
        n.sofia.agreement_files.export(draft.number, path=tmp_path / "x.pdf")
    assert n.sofia.offers.get(n.offer.reference).state is OfferState.ACCEPTED


# ---- files that cannot be written -------------------------------------------------------------


@pytest.mark.parametrize("where", ["missing/agreement.pdf", "folder"])
def test_export_to_an_unwritable_path(workspace: Workspace, tmp_path: Path, where: str) -> None:
    n, number = issued(workspace)
    (tmp_path / "folder").mkdir()
    before = sorted(p.name for p in tmp_path.rglob("*"))
    with pytest.raises(EnvironmentFault, match=f"cannot write {tmp_path / where}"):
        n.sofia.agreement_files.export(number, path=tmp_path / where)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # no partial file anywhere
    assert n.sofia.agreements.exports(number) == []
    assert "agreement.exported" not in [a for a, _ in events(workspace, n.case_ref)]


def test_export_batch(workspace: Workspace, tmp_path: Path) -> None:
    n, number = issued(workspace)
    seen: list[tuple[int, int]] = []
    # The periods are built around the day the record says it was issued, never today's date:
    # SQLite stamps the workspace's clock, PostgreSQL the server's own, and either may be any day.
    day = n.sofia.agreements.record(number).issued_at.date()
    result = n.sofia.agreement_files.export_batch(
        (day, day), tmp_path / "out", lambda d, t: seen.append((d, t))
    )
    assert result["count"] == 1 and seen == [(1, 1)]
    path = Path(result["files"][0]["path"])
    assert path.name == f"{number}-v1-internal-a4.pdf"
    assert n.sofia.agreement_files.verify_file(path).kind == "genuine"
    for before_or_after in (
        (day - timedelta(days=30), day - timedelta(days=1)),
        (day + timedelta(days=1), day + timedelta(days=30)),
    ):
        none = n.sofia.agreement_files.export_batch(before_or_after, tmp_path / "none")
        assert none["count"] == 0
    with pytest.raises(ValidationError, match="before it starts"):
        n.sofia.agreement_files.export_batch((day, day - timedelta(days=1)), tmp_path)


# ---- PostgreSQL: the database keeps issued versions as issued ----------------------------------


def _psql(ws: Workspace, server, sql: str, user: str | None = None):  # type: ignore[no-untyped-def]
    """psql as an app user (their own role), or as the superuser owning the database."""
    dbname = ws.url.rsplit("/", 1)[1]
    if user is None:
        return server.psql(sql, dbname, server.superuser, server.superuser_password)
    return server.psql(sql, dbname, user, PASSWORD)


REFUSED_FOR_EVERYONE = [
    ("UPDATE agreements SET value = replace(value, '15000', '95000')", "cannot be changed"),
    ("UPDATE agreements SET content_hash = repeat('0', 64)", "cannot be changed"),
    ("UPDATE agreements SET state = 'draft'", "cannot go from issued to draft"),
    ("UPDATE agreements SET chain_seq = 1", "cannot be changed"),
    ("UPDATE agreements SET state = 'voided', void_reason = ''", "only with a reason"),
    ("DELETE FROM agreements", "never deleted"),
    ("TRUNCATE agreements CASCADE", "is a record"),
    ("UPDATE agreement_exports SET file_sha256 = repeat('0', 64)", "is a record"),
    ("UPDATE offers SET terms = '{}'", "cannot be changed"),
    ("UPDATE remedies SET frozen_by = NULL", "bound by agreement"),
    ("UPDATE remedies SET amount_minor = amount_minor + 1", "bound by agreement"),
]


@pytest.mark.postgres
def test_even_the_owner_cannot_change_an_issued_agreement(  # type: ignore[no-untyped-def]
    pg_server, pg_workspace: Workspace, tmp_path: Path
) -> None:
    n, number = issued(pg_workspace)
    n.sofia.agreement_files.export(number, path=tmp_path / "a.pdf")
    before = n.sofia.agreements.get(number)
    for sql, message in REFUSED_FOR_EVERYONE:
        owner = _psql(pg_workspace, pg_server, sql)  # the superuser that owns the database
        assert owner.returncode != 0 and message in owner.stderr, (sql, owner.stderr)
        user = _psql(pg_workspace, pg_server, sql, "sofia")  # the user's own role
        assert user.returncode != 0, (sql, user.stdout)
        if sql.startswith(("DELETE", "TRUNCATE")) or "remedies" in sql or "exports" in sql:
            assert "permission denied" in user.stderr, (sql, user.stderr)
        else:  # app roles may write these tables: the trigger is what refuses
            assert message in user.stderr, (sql, user.stderr)
    assert n.dmitri.agreements.get(number) == before
    assert n.dmitri.agreement_files.verify_file(tmp_path / "a.pdf").kind == "genuine"
    assert n.dmitri.remedies.show(n.small).frozen_by == number


@pytest.mark.postgres
def test_the_database_checks_what_is_frozen_and_issued(  # type: ignore[no-untyped-def]
    pg_server, pg_workspace: Workspace
) -> None:
    n = negotiated(pg_workspace)
    draft = n.sofia.agreements.create(n.case_ref, n.offer.reference, "email")
    pending = n.sofia.remedies.propose(
        n.case_ref, "partial-refund", n.offer.terms.remedies[1].amount, reason="More."
    )  # type: ignore[arg-type]
    remedy_id = {r.reference: r.id for r in n.sofia.remedies.list(case_ref=n.case_ref).items}
    cases = [
        (
            f"SELECT rc_freeze_remedies('{draft.number}', ARRAY[{remedy_id[pending.reference]}])",
            "pending-signoff, not authorized or approved",
        ),
        (
            f"SELECT rc_freeze_remedies('AG-2026-999999', ARRAY[{remedy_id[n.small]}])",
            "has no draft being issued",
        ),
        (f"SELECT rc_freeze_remedies('{draft.number}', ARRAY[424242])", "does not exist"),
        # Issuing without the issue event in the chain is refused.
        (
            f"UPDATE agreements SET state = 'issued', chain_seq = 1, chain_hash = "
            f"(SELECT hash FROM audit_events WHERE seq = 1) WHERE number = '{draft.number}'",
            "only be issued together with its issue event",
        ),
    ]
    for sql, message in cases:
        result = _psql(pg_workspace, pg_server, sql, "sofia")
        assert result.returncode != 0 and message in result.stderr, (sql, result.stderr)
    assert n.sofia.remedies.show(n.small).frozen_by is None
    n.sofia.agreements.issue(draft.number)
    assert n.sofia.remedies.show(n.small).frozen_by == draft.number
    assert n.sofia.audit.verify().ok


@pytest.mark.postgres
def test_an_agreement_survives_backup_and_restore(pg_workspace: Workspace, tmp_path: Path) -> None:
    n, number = issued(pg_workspace)
    n.sofia.agreements.revise(number)
    n.sofia.agreements.issue(number)
    n.sofia.agreement_files.export(number, version=1, path=tmp_path / "v1.pdf")
    n.sofia.agreement_files.export(number, path=tmp_path / "v2.pdf")
    backup(pg_workspace.login("root"), tmp_path / "team.backup")
    url = "sqlite:///" + str(tmp_path / "copy.db")
    restore(url, tmp_path / "team.backup", config=pg_workspace.config, clock=pg_workspace.clock)
    copy = Workspace(url, pg_workspace.clock, pg_workspace.config)
    try:
        copy.login(None).users.change_password("sofia", "a-new-password")
        sofia = copy.login("sofia", "a-new-password")
        assert sofia.agreements.get(number) == n.sofia.agreements.get(number)
        assert sofia.agreement_files.verify_file(tmp_path / "v2.pdf").kind == "genuine"
        assert sofia.agreement_files.verify_file(tmp_path / "v1.pdf").kind == "superseded"
        assert [o.reference for o in sofia.offers.list(n.case_ref)] == [n.offer.reference]
        assert len(sofia.agreements.exports(number)) == 2
        assert sofia.audit.verify().ok
    finally:
        copy.close()


# ---- a stored record changed around the app: the audit trail decides ---------------------------
#
# On SQLite whoever owns the file, on PostgreSQL a superuser with the triggers switched off, can
# rewrite agreements.value. Exports refuse such a version; files are checked against the chained
# agreement.issued and agreement.exported events, never against a hash of the row.


def _forge_row(ws: Workspace, svc, number: str, version: int = 1) -> None:  # type: ignore[no-untyped-def]
    record = svc.record(number, version)
    ws.tamper(
        ("UPDATE agreements SET value = ? WHERE id = ?", (multiplied(record.value), record.id))
    )


def _trail_event(ws: Workspace, number: str, action: str):  # type: ignore[no-untyped-def]
    found = [
        e for e in ws.login("root").audit.repo.for_target("agreement", number) if e.action == action
    ]
    return found[0]


def _refusals(svc, files, number: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Every way the app renders a version: export, batch export, preview, print record."""
    day = svc.record(number).issued_at.date()  # PostgreSQL stamps events with its own clock
    return [
        lambda: files.export(number, path=tmp_path / "after.pdf"),
        lambda: files.export_batch((day, day), tmp_path / "batch"),
        lambda: files.render(number),
        lambda: files.printed(number, 1, "customer"),
    ]


def test_a_forged_stored_amount_is_never_rendered_nor_verified(
    workspace: Workspace, tmp_path: Path
) -> None:
    n, number = issued(workspace)
    svc = n.sofia.agreements
    files = n.sofia.agreement_files
    out = files.export(number, path=tmp_path / "genuine.pdf")
    issued_hash = svc.get(number).content_hash()

    _forge_row(workspace, svc, number)
    forged = svc.get(number)  # the row as it reads now: ten times the money
    assert forged.remedies_total == eur(190_000) and forged.content_hash() != issued_hash

    for attempt in _refusals(svc, files, number, tmp_path):
        with pytest.raises(VerificationFailed) as refused:
            attempt()
        message = refused.value.message
        assert message.startswith(
            f"{number} version 1 is not rendered, exported or printed: "
            "its stored record was altered"
        ), message
        assert (
            "the agreement row was changed after issue: its value no longer hashes to the "
            f"issued content hash {issued_hash}"
        ) in message
        assert refused.value.exit_code == 1 and refused.value.details["number"] == number
    assert not (tmp_path / "after.pdf").exists() and list((tmp_path / "batch").iterdir()) == []
    assert len(svc.exports(number)) == 1
    assert [a for a, _ in events(workspace, n.case_ref)].count("agreement.exported") == 1

    # The file exported before the forgery is what the trail recorded: still genuine, and the
    # changed row is reported beside it.
    result = files.verify_file(tmp_path / "genuine.pdf")
    assert result.kind == "genuine" and result.ok, result.message
    assert result.file_sha256 == out["file_sha256"]
    assert f"file SHA-256 {out['file_sha256']} recorded by agreement.exported" in result.message
    assert result.issued_content_hash == issued_hash and result.content_hash == issued_hash
    assert "its value no longer hashes to the issued content hash" in result.warnings[0]
    assert "WARNING" in result.message and result.to_json()["warnings"] == list(result.warnings)

    # A PDF rendered from the forged row by hand (the export module directly) is NOT genuine.
    hand = render_agreement(forged)
    (tmp_path / "hand.pdf").write_bytes(hand)
    assert "1,500.00" in text_of(hand) and read_proof(hand).content_hash == forged.content_hash()
    result = files.verify_file(tmp_path / "hand.pdf")
    assert result.kind == "altered" and not result.ok, result.message
    digest = file_sha256(hand)
    assert result.file_sha256 == digest and f"file SHA-256 {digest}" in result.message
    assert (
        f"the file's content hash {forged.content_hash()} is not the one the trail recorded "
        f"when {number} version 1 was issued ({issued_hash}"
    ) in result.message
    assert f"no agreement.exported event records this file's SHA-256 ({digest})" in result.message
    assert "the agreement row was changed after issue: its value no longer hashes" in result.message

    # The genuine file with one digit changed, its proof left as it was: not genuine either.
    (tmp_path / "digit.pdf").write_bytes(forge_amount((tmp_path / "genuine.pdf").read_bytes()))
    result = files.verify_file(tmp_path / "digit.pdf")
    assert result.kind == "altered" and "no agreement.exported event records" in result.message


def test_resealing_the_issue_event_does_not_launder_a_forgery(
    workspace: Workspace, tmp_path: Path
) -> None:
    n, number = issued(workspace)
    svc = n.sofia.agreements
    files = n.sofia.agreement_files
    files.export(number, path=tmp_path / "genuine.pdf")
    _forge_row(workspace, svc, number)
    forged = svc.get(number)
    hand = render_agreement(forged)
    (tmp_path / "hand.pdf").write_bytes(hand)
    # The forger also makes the issue event name the forged hash, and re-seals that event...
    issue = _trail_event(workspace, number, "agreement.issued")
    data = json.loads(issue.data)
    data["content_hash"] = forged.content_hash()
    resealed = replace(issue, data=canonical_json(data))
    new_hash = hashlib.sha256(resealed.canonical_bytes()).hexdigest()
    # ...and makes the export event record the forged file (it cannot re-seal the whole chain).
    export = _trail_event(workspace, number, "agreement.exported")
    exported = json.loads(export.data)
    exported["file_sha256"] = file_sha256(hand)
    workspace.tamper(
        (
            "UPDATE audit_events SET data = ?, hash = ? WHERE seq = ?",
            (resealed.data, new_hash, issue.seq),
        ),
        ("UPDATE audit_events SET data = ? WHERE seq = ?", (canonical_json(exported), export.seq)),
    )
    for attempt in _refusals(svc, files, number, tmp_path):
        with pytest.raises(
            VerificationFailed,
            match=f"the event after event {issue.seq} \\(agreement.issued\\) does not link to it",
        ):
            attempt()
    result = files.verify_file(tmp_path / "hand.pdf")
    assert result.kind == "unverifiable" and not result.ok, result.message
    assert f"file SHA-256 {file_sha256(hand)}" in result.message
    assert f"event {export.seq} (agreement.exported) does not match its hash" in result.message
    genuine = files.verify_file(tmp_path / "genuine.pdf")
    assert not genuine.ok and "does not link to it" in genuine.message


def test_a_voided_agreement_stays_voided_whatever_its_row_says(
    workspace: Workspace, tmp_path: Path
) -> None:
    n, number = issued(workspace)
    svc = n.sofia.agreements
    files = n.sofia.agreement_files
    files.export(number, copy="customer", path=tmp_path / "a.pdf")
    n.dmitri.agreements.void(number, "Issued to the wrong order.")
    workspace.tamper(
        ("UPDATE agreements SET state = 'issued', void_reason = '' WHERE number = ?", (number,))
    )
    assert svc.get(number).state is AgreementState.ISSUED  # what the row claims
    result = files.verify_file(tmp_path / "a.pdf")
    assert result.kind == "voided" and "wrong order" in result.message, result.message
    assert "it says issued where the audit trail says voided" in result.warnings[0]
    with pytest.raises(VerificationFailed, match="it says issued where the audit trail says"):
        files.export(number, path=tmp_path / "b.pdf")


def test_a_file_never_exported_is_not_genuine(workspace: Workspace, tmp_path: Path) -> None:
    n, number = issued(workspace)
    files = n.sofia.agreement_files
    (tmp_path / "preview.pdf").write_bytes(files.render(number))  # a preview records nothing
    result = files.verify_file(tmp_path / "preview.pdf")
    assert result.kind == "altered" and "no agreement.exported event records" in result.message
    assert "exactly what the issued version renders to" in result.message
    files.export(number, path=tmp_path / "exported.pdf")
    assert (tmp_path / "exported.pdf").read_bytes() == (tmp_path / "preview.pdf").read_bytes()
    assert files.verify_file(tmp_path / "preview.pdf").kind == "genuine"


@pytest.mark.postgres
def test_a_superuser_forgery_with_the_triggers_disabled(  # type: ignore[no-untyped-def]
    pg_server, pg_workspace: Workspace, tmp_path: Path
) -> None:
    n, number = issued(pg_workspace)
    svc = n.sofia.agreements
    files = n.sofia.agreement_files
    out = files.export(number, path=tmp_path / "genuine.pdf")
    record = svc.record(number, 1)
    forgery = multiplied(record.value)
    assert "$forged$" not in forgery
    done = _psql(
        pg_workspace,
        pg_server,
        "ALTER TABLE agreements DISABLE TRIGGER USER; "
        f"UPDATE agreements SET value = $forged${forgery}$forged$ WHERE id = {record.id}; "
        "ALTER TABLE agreements ENABLE TRIGGER USER",
    )
    assert done.returncode == 0, done.stderr
    forged = n.dmitri.agreements.get(number)
    assert forged.remedies_total == eur(190_000)
    with pytest.raises(VerificationFailed, match=f"{number} version 1 .*stored record was altered"):
        files.export(number, path=tmp_path / "after.pdf")
    assert not (tmp_path / "after.pdf").exists()
    genuine = n.dmitri.agreement_files.verify_file(tmp_path / "genuine.pdf")
    assert genuine.kind == "genuine" and genuine.warnings, genuine.message
    assert out["file_sha256"] in genuine.message
    (tmp_path / "hand.pdf").write_bytes(render_agreement(forged))
    result = n.dmitri.agreement_files.verify_file(tmp_path / "hand.pdf")
    assert result.kind == "altered" and not result.ok, result.message
    assert f"file SHA-256 {result.file_sha256}" in result.message
    assert "no agreement.exported event records this file's SHA-256" in result.message
