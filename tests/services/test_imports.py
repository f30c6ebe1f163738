"""Bulk intake on both backends: the real CFPB export, bad records skipped, events and search."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest

from resolution_center.domain.case import (
    CaseDraft,
    CaseFilter,
    CaseQuery,
    Channel,
    Customer,
    Order,
    Priority,
    Status,
)
from resolution_center.domain.errors import PermissionDenied, ValidationError
from resolution_center.domain.money import Money
from resolution_center.services.import_files import first_non_utf8
from resolution_center.services.imports import ImportNote, ImportRecord, import_cases
from tests.helpers.cfpb import CFPB_COLUMNS, cfpb_records
from tests.helpers.workspace import Workspace, draft

ROOT = Path(__file__).resolve().parents[2]
CFPB_CSV = ROOT.parent / "shared" / "data" / "cfpb" / "complaints_sample.csv"

# What the cfpb preset (resources/import_mappings/cfpb.toml) makes of the 600 real complaints.
EXPECTED_CATEGORIES = {
    "billing-dispute": 393,
    "fraud-suspicion": 146,
    "order-issue": 57,
    "pre-sale-inquiry": 3,
    "return-refund": 1,
}
EXPECTED_STATUSES = {"closed": 579, "new": 19, "open": 2}


@pytest.fixture
def cfpb_csv() -> Path:
    if not CFPB_CSV.is_file():
        pytest.skip(f"the shared CFPB sample is not here: {CFPB_CSV}")
    return CFPB_CSV


def _total(ctx, **filters) -> int:  # type: ignore[no-untyped-def]
    return ctx.cases.list(CaseQuery(CaseFilter(**filters), limit=1)).total


def _source_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_real_cfpb_export_imports_with_its_trail(workspace: Workspace, cfpb_csv: Path) -> None:
    root = workspace.login("root")
    seen: list[tuple[int, int]] = []
    result = import_cases(
        root,
        cfpb_records(cfpb_csv),
        batch=250,
        progress=lambda read, done: seen.append((read, done)),
    )
    assert (result.read, result.imported, result.rejected, result.batches) == (600, 600, (), 3)
    assert seen[-1] == (600, 600)
    assert result.customers_created == 600  # one placeholder complainant per complaint id
    assert result.events == 1200  # case.imported + customer.created each
    assert result.first_reference == "RC-2026-000001"
    assert result.last_reference == "RC-2026-000600"

    by_category = {c: _total(root, categories=(c,)) for c in EXPECTED_CATEGORIES}
    assert by_category == EXPECTED_CATEGORIES
    assert sum(by_category.values()) == _total(root) == 600
    assert root.cases.counts(CaseFilter())["status"] == EXPECTED_STATUSES
    rows = _source_rows(cfpb_csv)
    phone = sum(1 for r in rows if r["Submitted via"] == "Phone")
    assert _total(root, channels=(Channel.PHONE,)) == phone == 10
    # Fraud is critical whatever the source said (the category's priority floor).
    assert _total(root, categories=("fraud-suspicion",), priorities=(Priority.CRITICAL,)) == 146

    report = root.audit.verify()
    assert report.ok, report.problems
    assert report.events == result.events + workspace_setup_events(root)

    # One complaint, end to end: identity, mapping, and its import event in the trail.
    row = next(r for r in rows if r["Complaint ID"] == "9052609")
    page = root.cases.list(CaseQuery(CaseFilter(search="9052609")))
    assert page.total == 1
    case = root.cases.get(page.items[0].id)
    assert case.customer.name == "CFPB complainant 9052609"
    assert case.customer.email == "cfpb-9052609@complaints.invalid"
    assert case.order.number == "9052609"
    assert case.description == row["Consumer complaint narrative"]
    assert case.subject == f"{row['Issue']}: {row['Sub-issue']}"
    assert case.channel is Channel.WEB_FORM and case.status is Status.CLOSED
    assert case.created_at == datetime(2024, 5, 21, tzinfo=UTC)
    assert "cfpb" in case.tags and "closed-with-non-monetary-relief" in case.tags
    trail = root.audit.case_trail(case.id)
    assert [t.event.action for t in trail] == ["case.imported", "customer.created"]
    imported = trail[0].data
    assert imported["new"]["reference"] == case.reference
    assert imported["new"]["customer"]["name"] == "CFPB complainant 9052609"  # resolved value
    assert imported["new"]["description"] == row["Consumer complaint narrative"]
    assert imported["source"]["id"] == "9052609" and imported["source"]["system"] == "cfpb"
    assert imported["source"]["company"] == row["Company"]
    # ...while the stored event itself holds only digests of personal values.
    assert "9052609@" not in trail[0].event.data and "creditworthiness" not in trail[0].event.data

    # Search finds words of the narratives (the index was filled by the bulk path).
    hits = root.cases.list(CaseQuery(CaseFilter(search="creditworthiness")))
    with_word = {
        r["Complaint ID"]
        for r in rows
        if "creditworthiness" in r["Consumer complaint narrative"].lower()
    }
    assert hits.total == len(with_word) == 3
    assert {row.order_number for row in hits.items} == with_word
    assert root.cases.list(CaseQuery(CaseFilter(search="lexisnexis"))).total == 1


def workspace_setup_events(ctx) -> int:  # type: ignore[no-untyped-def]
    """Events the workspace fixture wrote before the import (init, users)."""
    return sum(
        1 for e in ctx.audit.repo.recent(10_000) if not e.action.startswith(("case.", "customer."))
    )


def _record(
    subject: str,
    *,
    currency: str = "EUR",
    description: str = "It broke.",
    email: str = "buyer@example.com",
    **extra: object,
) -> ImportRecord:
    base = draft(subject, email=email, currency=currency, description=description)
    return ImportRecord(base, **extra)  # type: ignore[arg-type]


def test_bad_records_are_reported_and_skipped_while_the_others_land(workspace: Workspace) -> None:
    root = workspace.login("root")
    head_before = root.audit.head().seq
    bad_currency = ImportRecord(
        CaseDraft(
            Customer("Ana Bad", "ana@example.com"),
            Order("ORD-9", "ZZZ", Money(100, "EUR"), Money(0, "EUR")),
            "order-issue",
            "Wrong thing",
        )
    )
    records = [
        _record("Kettle leaks", email="one@example.com"),
        bad_currency,
        _record("Too much text", email="two@example.com", description="x" * 100_000),
        _record("Blender sparks", email="three@example.com"),
        _record("Unknown kind", email="four@example.com", status="half-done"),
    ]
    result = import_cases(root, records, batch=2)
    assert result.imported == 2
    assert [(r.row, r.field) for r in result.rejected] == [
        (2, "currency"),
        (3, "description"),
        (5, "status"),
    ]
    assert "ZZZ" in result.rejected[0].message
    assert "too long" in result.rejected[1].message and "100,000" in result.rejected[1].message
    assert str(result.rejected[0]).startswith("row 2: ")
    assert _total(root) == 2
    subjects = {r.subject for r in root.cases.list(CaseQuery()).items}
    assert subjects == {"Kettle leaks", "Blender sparks"}
    # Nothing of the skipped records was written: no customer, no personal value, no event.
    emails = {r[0] for r in root.store.sql.all("SELECT email_norm FROM customers")}
    assert emails == {"one@example.com", "three@example.com"}
    # 2 cases and 2 new customers, and the batch's event vouching for the rows it wrote
    assert root.audit.head().seq == head_before + 5
    report = root.audit.verify()
    assert report.ok, report.problems


def test_history_status_and_times_come_along(workspace: Workspace) -> None:
    root = workspace.login("root")
    received = datetime(2026, 10, 1, 8, 30, tzinfo=UTC)
    replied = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)
    record = _record(
        "Parcel lost",
        status=Status.RESOLVED,
        received_at=received,
        resolved_at=datetime(2026, 10, 3, tzinfo=UTC),
        source="helpdesk",
        source_id="HD-77",
        notes=(
            ImportNote("We are looking for it.", replied, True, "Old Agent"),
            ImportNote("Carrier confirms loss.", datetime(2026, 10, 2, tzinfo=UTC)),
        ),
    )
    result = import_cases(root, [record])
    assert (result.imported, result.notes) == (1, 2)
    case = root.cases.get(result.first_reference)
    assert case.status is Status.RESOLVED and case.version == 1
    assert case.created_at == received and case.first_responded_at == replied
    assert case.updated_at == datetime(2026, 10, 2, tzinfo=UTC)
    notes = root.cases.notes(case.id)
    assert [(n.body, n.internal, n.author) for n in notes] == [
        ("We are looking for it.", False, "root"),
        ("Carrier confirms loss.", True, "root"),
    ]
    trail = root.audit.case_trail(case.id)
    assert [t.event.action for t in trail] == [
        "case.imported",
        "customer.created",
        "note.imported",
        "note.imported",
    ]
    assert trail[2].data["body"] == "We are looking for it."
    assert trail[2].data["author"] == "Old Agent"
    assert trail[0].data["source"] == {"system": "helpdesk", "id": "HD-77"}
    assert root.audit.verify().ok


def test_references_share_the_case_counter_and_customers_are_reused(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    root = workspace.login("root")
    first = alice.cases.create(draft("Before", email="same@example.com"))
    result = import_cases(
        root,
        [
            _record("Imported A", email="same@example.com"),
            _record("Imported B", email="SAME@example.com"),
            _record("Imported C", email="new@example.com"),
        ],
        batch=2,
    )
    after = alice.cases.create(draft("After", email="new@example.com"))
    assert first.reference.endswith("000001")
    assert (result.first_reference, result.last_reference) == ("RC-2026-000002", "RC-2026-000004")
    assert after.reference.endswith("000005")
    assert result.customers_created == 1  # same@ existed; new@ is created once
    ids = {root.cases.get(r).customer.id for r in ("RC-2026-000002", "RC-2026-000003")}
    assert ids == {first.customer.id}
    assert root.cases.get("RC-2026-000004").customer.id == after.customer.id
    assert root.audit.verify().ok


def test_only_an_admin_may_import(workspace: Workspace) -> None:
    with pytest.raises(PermissionDenied):
        import_cases(workspace.login("maria"), [_record("Nope")])


def test_the_fast_paths_write_the_domain_s_exact_bytes(workspace: Workspace) -> None:
    """The import writes its events' data texts itself and the repositories format times their
    own way: they must be audit.canonical_json's and audit.format_time's bytes exactly."""
    import json
    import re
    from datetime import timedelta, timezone

    from resolution_center.bench import synthetic
    from resolution_center.domain import audit
    from resolution_center.services.imports import plan_import
    from resolution_center.storage.repositories import ts

    root = workspace.login("root")
    spec = synthetic.Spec(40, 6)
    west = timezone(timedelta(hours=-7))
    odd = ImportRecord(
        draft(
            'Ünïcødé "quotes" \\ back',
            email="Q@X.org",
            category="fraud-suspicion",
            priority=Priority.LOW,
            tags=("Tag-Ä", 'x"y'),
            subcategory=None,
            description="",
        ),
        status="Open",
        received_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=west),
        resolved_at=datetime(2026, 1, 9, tzinfo=west),
        source='sys"',
        source_id="ID\\1",
        source_data={'ké"y': "vä\nl\u2028", "empty": ""},
        notes=(
            ImportNote("first \u00e9", None, True, 'Äuthor "A"'),
            ImportNote("second", datetime(999, 1, 1, tzinfo=UTC)),
            ImportNote("third", datetime(2026, 1, 1, tzinfo=west), True, "B"),
        ),
    )
    hazard = ImportRecord(
        draft("Sparks", email="bo@example.com", safety_hazard=True, description="line\r\nnext"),
        status=Status.CLOSED,
    )
    records = [
        *synthetic.records(spec),
        _record('Ünïcødé "quotes" \\ back', email="q@x.org"),
        odd,
        hazard,
    ]
    plan = plan_import(root, records, now=datetime(2026, 11, 23, tzinfo=UTC), author_id=1)
    assert not plan.rejected and len(plan.rows.events) > 200
    digests = set()
    for *_, data in plan.rows.events:
        assert audit.canonical_json(json.loads(data)) == data
        digests.update(re.findall(r'\{"pii":"([0-9a-f]{64})"\}', data))
    # Every digest in the events names a personal value stored beside them, and nothing more.
    assert digests == {digest for digest, _, _ in plan.rows.personal}
    for digest, salt, value in plan.rows.personal:
        assert digest == audit.pii_digest(salt, value)
    for moment in (
        datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC),
        datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=-7))),
        datetime(999, 12, 31, 23, 59, tzinfo=UTC),
        datetime(2026, 6, 1, tzinfo=UTC),
    ):
        assert ts(moment) == audit.format_time(moment)
    with pytest.raises(ValueError):
        ts(datetime(2026, 1, 1))


def _clean_text_by_category(
    value: str | None, name: str, *, multiline: bool, required: bool
) -> str:
    """clean_text as first written: every character's Unicode category, one by one."""
    import unicodedata

    from resolution_center.domain.case import LIMITS
    from resolution_center.domain.errors import ValidationError

    text = unicodedata.normalize("NFC", (value or "").replace("\r\n", "\n").replace("\r", "\n"))
    text = text.strip()
    label = name.replace("_", " ")
    if required and not text:
        raise ValidationError(f"{label} is required", field=name)
    limit = LIMITS.get(name, 2_000)
    if len(text) > limit:
        raise ValidationError(
            f"{label} is too long: {len(text):,} characters, at most {limit:,}", field=name
        )
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cs") and not (multiline and ch in "\n\t"):
            raise ValidationError(
                f"{label} contains a control character (U+{ord(ch):04X}); remove it", field=name
            )
    return text


@pytest.mark.parametrize("multiline", [False, True])
@pytest.mark.parametrize("required", [False, True])
def test_the_fast_text_check_refuses_exactly_what_unicode_categories_refuse(
    multiline: bool, required: bool
) -> None:
    """clean_text's one regex (bulk intake's hot path) against the per-character definition."""
    from resolution_center.domain.case import clean_text
    from resolution_center.domain.errors import ValidationError

    samples = [
        None,
        "",
        "   ",
        "plain",
        "  padded  ",
        "Zoë",
        "Zoe\u0308",
        "a\r\nb",
        "a\rb",
        "a\nb\tc",
        "bell\x07",
        "del\x7f",
        "c1\x85x",
        "x\x1f",
        "\x1fx\x1f",
        "nul\x00",
        "sur\ud800",
        "\u2028line",
        "n\u00a0b",
        "x" * 200,
        "x" * 201,
        " " + "x" * 200,
        "ÅΩ 漢字 🙂",
        "tab\tend",
        "\n\nlead",
        "\x9f end",
        "\v",
        "\x0c",
    ]
    samples += [chr(c) + "x" for c in range(0, 0xA0)]
    for value in samples:
        for name in ("subject", "note", "source", "name"):
            try:
                want: object = _clean_text_by_category(
                    value, name, multiline=multiline, required=required
                )
            except ValidationError as exc:
                want = ("refused", exc.message, exc.field)
            try:
                got: object = clean_text(value, name, multiline=multiline, required=required)
            except ValidationError as exc:
                got = ("refused", exc.message, exc.field)
            assert got == want, (value, name)


def _cfpb_file(path: Path, ids: list[str], *, company: str = "EXAMPLE BANK") -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=CFPB_COLUMNS)
        writer.writeheader()
        for cid in ids:
            row = dict.fromkeys(CFPB_COLUMNS, "")
            row.update(
                {
                    "Date received": "2024-03-01",
                    "Issue": "Fee charged",
                    "Company": company,
                    "Complaint ID": cid,
                }
            )
            writer.writerow(row)
    return path


def test_a_file_with_a_non_utf8_byte_is_refused_before_any_batch(
    workspace: Workspace, tmp_path: Path
) -> None:
    root = workspace.login("root")
    head_before = root.audit.head().seq
    ids = [str(9_000_000 + n) for n in range(1, 11)]
    path = _cfpb_file(tmp_path / "complaints.csv", ids)
    raw = path.read_bytes()
    at = raw.rindex(b"EXAMPLE BANK")  # the last complaint's company, after nine good rows
    path.write_bytes(raw[:at] + b"CAF\xc9 BANK" + raw[at + len(b"EXAMPLE BANK") :])
    offset = at + 3
    with pytest.raises(ValidationError) as err:
        import_cases(root, cfpb_records(path), batch=2)  # four batches would land first
    assert err.value.details == {"line": 11, "offset": offset}
    assert "line 11 " in err.value.message and f"byte offset {offset} " in err.value.message
    assert _total(root) == 0
    assert root.store.sql.scalar("SELECT count(*) FROM customers") == 0
    assert root.audit.head().seq == head_before


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 64, 1 << 20])
def test_the_utf8_check_finds_the_first_bad_byte_across_chunks(tmp_path: Path, chunk: int) -> None:
    path = tmp_path / "x.csv"
    good = "Zoë,€ 12,日本\r\n".encode()  # two- and three-byte characters cut at any boundary
    path.write_bytes(good * 3 + b"ok," + b"\xe2\x82" + b",x\n")  # a cut euro sign
    bad = first_non_utf8(path, chunk=chunk)
    assert bad is not None
    assert (bad.line, bad.offset, bad.column) == (4, len(good) * 3 + 3, 4)
    path.write_bytes(good * 3)
    assert first_non_utf8(path, chunk=chunk) is None
    path.write_bytes(good + "€".encode()[:2])  # cut by the end of the file
    cut = first_non_utf8(path, chunk=chunk)
    assert cut is not None and (cut.line, cut.offset) == (2, len(good))


def test_a_complaint_id_in_other_digits_is_rejected(workspace: Workspace, tmp_path: Path) -> None:
    path = _cfpb_file(tmp_path / "complaints.csv", ["9000001", "٩٠٠٠٠٠٢", "９０００００３"])
    result = import_cases(workspace.login("root"), cfpb_records(path))
    assert result.imported == 1
    assert [(r.row, "is not a number" in r.message) for r in result.rejected] == [
        (2, True),
        (3, True),
    ]
