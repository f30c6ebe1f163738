"""Imports through a mapping, on both backends: the real CFPB sample through its preset, the
marketplace preset over an Olist-like export, idempotency, dry runs, encodings, mapping errors."""

from __future__ import annotations

import csv
import threading
from pathlib import Path
from typing import Any

import pytest

from resolution_center.domain.case import CaseFilter, CaseQuery, Channel, Priority
from resolution_center.domain.errors import PermissionDenied, ValidationError
from resolution_center.services.import_files import import_export
from resolution_center.services.import_mapping import load_mapping, parse_mapping
from tests.helpers.cfpb import CFPB_COLUMNS
from tests.helpers.workspace import PASSWORD, Workspace

ROOT = Path(__file__).resolve().parents[2]
CFPB_CSV = ROOT.parent / "shared" / "data" / "cfpb" / "complaints_sample.csv"
MARKET = Path(__file__).parent / "data" / "marketplace"
REVIEWS = MARKET / "olist_order_reviews_dataset.csv"


@pytest.fixture
def cfpb_csv() -> Path:
    if not CFPB_CSV.is_file():
        pytest.skip(f"the shared CFPB sample is not here: {CFPB_CSV}")
    return CFPB_CSV


def _count(ctx: Any) -> int:
    return int(ctx.cases.list(CaseQuery(CaseFilter(), limit=1)).total)


def test_the_real_sample_imports_once_and_a_re_import_adds_nothing(
    workspace: Workspace, cfpb_csv: Path
) -> None:
    root = workspace.login("root")
    mapping = load_mapping("cfpb")
    seen: list[tuple[int, int]] = []
    _, first = import_export(
        root, cfpb_csv, mapping, batch=250, progress=lambda done, total: seen.append((done, total))
    )
    assert (first.read, first.imported, first.rejected, first.present) == (600, 600, (), ())
    assert seen[0] == (0, 600) and seen[-1] == (600, 600)
    head = root.audit.head().seq
    _, again = import_export(root, cfpb_csv, mapping, batch=250, report=True)
    assert (again.read, again.imported, again.events, again.batches) == (600, 0, 0, 0)
    assert len(again.present) == 600
    assert {o.outcome for o in again.outcomes} == {"already present"}
    assert again.present[0].reference == first.first_reference
    assert _count(root) == 600
    assert root.audit.head().seq == head  # not even an empty batch event
    report = root.audit.verify()
    assert report.ok, report.problems
    # Each case knows where it came from (the import event's source section).
    case = root.cases.get(first.first_reference)
    trail = root.audit.case_trail(case.id)
    assert trail[0].data["source"]["system"] == "cfpb"


def test_a_dry_run_reports_row_by_row_and_writes_nothing(
    workspace: Workspace, cfpb_csv: Path
) -> None:
    root = workspace.login("root")
    mapping = load_mapping("cfpb")
    head = root.audit.head().seq
    _, dry = import_export(root, cfpb_csv, mapping, dry_run=True, report=True, limit=40)
    assert (dry.read, dry.imported, dry.events) == (40, 40, 0)
    assert [o.row for o in dry.outcomes] == list(range(1, 41))
    assert all(o.outcome == "would create" for o in dry.outcomes)
    assert dry.outcomes[0].detail.startswith("order-issue: Trouble using the card")
    assert _count(root) == 0 and root.audit.head().seq == head
    import_export(root, cfpb_csv, mapping, limit=10)
    _, after = import_export(root, cfpb_csv, mapping, dry_run=True, report=True, limit=12)
    assert [o.outcome for o in after.outcomes] == ["already present"] * 10 + ["would create"] * 2
    assert after.outcomes[0].detail.startswith("as RC-2026-")
    assert _count(root) == 10


def test_the_marketplace_preset_makes_one_case_per_low_review_with_its_order(
    workspace: Workspace,
) -> None:
    root = workspace.login("root")
    mapping = load_mapping("marketplace")
    export, result = import_export(root, REVIEWS, mapping, report=True)
    assert (export.rows, export.selected, export.skipped) == (10, 8, 2)  # 4 and 5 stars
    assert result.imported == 6
    [refused] = result.rejected
    assert refused.row == 9 and "no row of orders has order_id" in refused.message
    [repeated] = result.present
    assert (repeated.row, repeated.first_row) == (10, 4)
    by_subject = {
        r.subject: root.cases.get(r.id) for r in root.cases.list(CaseQuery(CaseFilter())).items
    }
    assert set(by_subject) == {
        "Não recebi",
        "Atrasado",
        "Veio faltando",
        "1-star review of order ebf1a55ea4e886e3d2ded9fa7692b3bb",
        "Produto com defeito",
        "Produto errado",
    }
    two = by_subject["Veio faltando"]  # two items, the sum of their freight as shipping
    assert (two.category, two.subcategory) == ("order-issue", "missing-component")
    assert two.order.currency == "BRL" and two.channel is Channel.MARKETPLACE
    assert [(i.unit_price.minor, i.quantity) for i in two.order.items] == [(1299, 1), (14595, 1)]
    assert two.order.shipping.minor == 1279 + 1185
    assert two.order.total.minor == 1299 + 14595 + 1279 + 1185
    assert two.priority is Priority.HIGH and "one-star" in two.tags and "delivered" in two.tags
    assert two.customer.email.endswith("@marketplace.invalid")
    # Times are Sao Paulo's: midnight was 02:00 UTC under its summer time of 2017-18.
    assert two.created_at.isoformat() == "2017-12-03T02:00:00+00:00"
    assert str(two.order.placed_on) == "2017-11-18"
    delay = by_subject["Atrasado"]
    assert (delay.category, delay.subcategory, delay.priority) == (
        "shipping-problem",
        "delay",
        Priority.NORMAL,
    )
    assert delay.created_at.isoformat() == "2018-03-06T03:00:00+00:00"
    assert by_subject["Não recebi"].subcategory == "lost"
    assert by_subject["Produto errado"].subcategory == "wrong-item"
    assert by_subject["Produto com defeito"].category == "product-defect"
    _, again = import_export(root, REVIEWS, mapping)
    assert (again.imported, len(again.present)) == (0, 7)
    assert _count(root) == 6
    assert root.audit.verify().ok


def _cfpb_like(path: Path, companies: list[str], encoding: str = "utf-8") -> Path:
    with open(path, "w", encoding=encoding, newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=CFPB_COLUMNS)
        writer.writeheader()
        for n, company in enumerate(companies, 1):
            row = dict.fromkeys(CFPB_COLUMNS, "")
            row.update(
                {
                    "Date received": "2024-03-01",
                    "Issue": "Fee charged",
                    "Company": company,
                    "Complaint ID": str(9_000_000 + n),
                }
            )
            writer.writerow(row)
    return path


def _without_encoding() -> Any:
    text = load_mapping("cfpb").path.read_text(encoding="utf-8")  # type: ignore[union-attr]
    return parse_mapping(text.replace('encoding = "utf-8"', ""), "cfpb-any")


def test_the_encoding_is_detected_or_given(workspace: Workspace, tmp_path: Path) -> None:
    root = workspace.login("root")
    names = ["Banco Ñandú, Asunción", "Caixa Econômica Federal", "Müller & Söhne"] * 10
    path = _cfpb_like(tmp_path / "latin.csv", names, encoding="cp1252")
    export, result = import_export(root, path, _without_encoding())
    assert export.encoding == "cp1252" and result.imported == 30
    case = root.cases.get(result.first_reference)
    assert root.audit.case_trail(case.id)[0].data["source"]["company"] == names[0]
    # Given, it wins: the same bytes read as UTF-8 are refused at the first one that is not.
    with pytest.raises(ValidationError) as err:
        import_export(root, path, _without_encoding(), encoding="utf-8")
    assert err.value.details["line"] == 2 and "Nothing was imported" in err.value.message


def test_a_bad_byte_refuses_the_whole_file_naming_its_line(
    workspace: Workspace, tmp_path: Path
) -> None:
    root = workspace.login("root")
    path = _cfpb_like(tmp_path / "c.csv", ["EXAMPLE BANK"] * 9 + ["CAFE_BYTE BANK"])
    path.write_bytes(path.read_bytes().replace(b"CAFE_BYTE", b"CAF\xc9"))
    head = root.audit.head().seq
    for dry in (False, True):
        with pytest.raises(ValidationError) as err:
            import_export(root, path, load_mapping("cfpb"), batch=2, dry_run=dry)
        assert err.value.details["line"] == 11 and "0xC9" in err.value.message
    assert _count(root) == 0 and root.audit.head().seq == head


def test_a_broken_csv_row_late_in_the_file_writes_nothing(
    workspace: Workspace, tmp_path: Path
) -> None:
    root = workspace.login("root")
    path = _cfpb_like(tmp_path / "c.csv", ["EXAMPLE BANK"] * 12)
    text = path.read_text(encoding="utf-8")
    path.write_text(text + '2024-03-01,"Credit card" x,broken\n', encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        import_export(root, path, load_mapping("cfpb"), batch=1)
    assert "line 14" in err.value.message and "not readable as CSV" in err.value.message
    assert _count(root) == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("[fields]", '[fields]\nrefund_amount = "X"'), "unknown case field 'refund_amount'"),
        (
            ('order_number = "Complaint ID"', 'order_number = "Complaint No"'),
            "column 'Complaint No'",
        ),
        (("[fields]", '[amounts]\ndecimal = ","\nthousands = ","\n\n[fields]'), "ambiguous"),
        (("[fields]", '[amounts]\ndecimal = "12"\n\n[fields]'), "decimal must be one character"),
        (('value = "return-refund"', 'value = "refunds"'), "'refunds'"),
        (('default = "new"', 'default = "pending"'), "'pending' is not a status"),
        (("[source]", "[source]\nsytem = 1"), "unknown key 'sytem'"),
        (("[fields]", "[fields"), "not readable as TOML"),
    ],
)
def test_mapping_errors_name_what_is_wrong(
    workspace: Workspace, tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    root = workspace.login("root")
    text = load_mapping("cfpb").path.read_text(encoding="utf-8")  # type: ignore[union-attr]
    assert change[0] in text
    mapping_file = tmp_path / "mine.toml"
    mapping_file.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    path = _cfpb_like(tmp_path / "c.csv", ["EXAMPLE BANK"])
    with pytest.raises(ValidationError) as err:
        import_export(root, path, load_mapping(mapping_file))
    assert message in err.value.message
    assert _count(root) == 0


def test_a_row_with_a_bad_amount_is_refused_with_the_reason(
    workspace: Workspace, tmp_path: Path
) -> None:
    root = workspace.login("root")
    text = load_mapping("cfpb").path.read_text(encoding="utf-8")  # type: ignore[union-attr]
    text = text.replace(
        'currency = { fixed = "USD" }', 'currency = { fixed = "USD" }\norder_total = "ZIP code"'
    )
    path = _cfpb_like(tmp_path / "c.csv", ["A", "B", "C"])
    with open(path, encoding="utf-8", newline="") as fh:
        cells = list(csv.reader(fh))
    zip_at = CFPB_COLUMNS.index("ZIP code")
    for line, value in zip(cells[1:], ["12.50", "12,50", "1.005"], strict=True):
        line[zip_at] = value
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(cells)
    _, result = import_export(root, path, parse_mapping(text, "amounts"))
    assert result.imported == 1
    assert [(r.row, r.message.split(":")[0]) for r in result.rejected] == [
        (2, "order_total"),
        (3, "order_total"),
    ]
    assert "more decimal places than USD allows" in result.rejected[1].message
    assert root.cases.get(result.first_reference).order.total.minor == 1250


def test_only_an_admin_imports(workspace: Workspace, cfpb_csv: Path) -> None:
    with pytest.raises(PermissionDenied):
        import_export(workspace.login("maria"), cfpb_csv, load_mapping("cfpb"))


def test_two_imports_of_one_export_at_once_write_each_case_once(
    workspace: Workspace, cfpb_csv: Path
) -> None:
    """Each import waits for the other's batch at the counter, then finds its cases."""
    results: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            ctx = workspace.login("root")
            results.append(import_export(ctx, cfpb_csv, load_mapping("cfpb"), batch=50)[1])
        except BaseException as exc:  # reported by the assert below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=240)
    assert not errors, errors
    assert sorted(r.imported + len(r.present) for r in results) == [600, 600]
    assert sum(r.imported for r in results) == 600
    root = workspace.login("root")
    assert _count(root) == 600
    assert root.audit.verify().ok


def test_a_source_row_edited_behind_the_app_s_back_is_named_by_verify(
    workspace: Workspace, tmp_path: Path
) -> None:
    root = workspace.login("root")
    path = _cfpb_like(tmp_path / "c.csv", ["A", "B"])
    _, result = import_export(root, path, load_mapping("cfpb"))
    case = root.cases.get(result.first_reference)
    workspace.tamper(("UPDATE case_sources SET source_id = ? WHERE case_id = ?", ("1", case.id)))
    report = root.audit.verify()
    assert not report.ok
    assert any("case_sources" in str(p) and str(case.id) in str(p) for p in report.problems)


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("user", "sql"),
    [
        ("alice", "INSERT INTO case_sources (case_id, system, source_id) VALUES ({id}, 'x', 'y')"),
        ("alice", "UPDATE case_sources SET source_id = 'y'"),
        ("alice", "DELETE FROM case_sources"),
        ("root", "UPDATE case_sources SET source_id = 'y'"),
        ("root", "DELETE FROM case_sources"),
    ],
)
def test_on_postgresql_only_an_import_writes_a_source_and_never_changes_one(
    pg_server: Any, pg_workspace: Workspace, tmp_path: Path, user: str, sql: str
) -> None:
    root = pg_workspace.login("root")
    path = _cfpb_like(tmp_path / "c.csv", ["A"])
    _, result = import_export(root, path, load_mapping("cfpb"))
    case = root.cases.get(result.first_reference)
    dbname = pg_workspace.url.rsplit("/", 1)[1]
    done = pg_server.psql(sql.format(id=case.id), dbname, user, PASSWORD)
    assert done.returncode != 0 and "permission denied" in done.stderr
    assert root.audit.verify().ok
    _, again = import_export(root, path, load_mapping("cfpb"))
    assert (again.imported, len(again.present)) == (0, 1)


def test_the_readme_s_worked_example_imports_as_it_says(
    workspace: Workspace, tmp_path: Path
) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Importing other systems' exports", 1)[1].split("\n## ", 1)[0]
    blocks = section.split("```")
    tickets, lines = (b.removeprefix("csv\n") for b in blocks if b.startswith("csv\n"))
    [mapping] = (b.removeprefix("toml\n") for b in blocks if b.startswith("toml\n"))
    (tmp_path / "tickets.csv").write_text(tickets, encoding="cp1252")
    (tmp_path / "lines.csv").write_text(lines, encoding="cp1252")
    (tmp_path / "helpdesk.toml").write_text(mapping, encoding="utf-8")
    root = workspace.login("root")
    export, result = import_export(
        root, tmp_path / "tickets.csv", load_mapping(tmp_path / "helpdesk.toml"), report=True
    )
    assert (export.skipped, result.imported, result.rejected) == (1, 2, ())  # T-1003 is closed
    first = root.cases.get(result.first_reference)
    assert first.customer.name == "Zoë Martin" and first.order.total.minor == 124950
    assert (first.category, first.status.value, first.subject) == (
        "return-refund",
        "open",
        "Refund: T-1001",
    )
    assert first.created_at.isoformat() == "2024-11-03T13:02:00+00:00"  # Paris, UTC+1
    assert [(i.product, i.quantity, i.unit_price.minor) for i in first.order.items] == [
        ("Electric kettle (KT-2)", 1, 124950)
    ]
    assert set(first.tags) == {"helpdesk", "web", "repeat"}
    second = root.cases.get(result.last_reference)
    assert (second.category, second.status.value) == ("product-defect", "waiting-on-customer")
    assert "vip" in second.tags and second.order.items[0].quantity == 2
    _, again = import_export(
        root, tmp_path / "tickets.csv", load_mapping(tmp_path / "helpdesk.toml")
    )
    assert (again.imported, len(again.present)) == (0, 2)


def test_the_fast_iso_dates_read_exactly_what_strptime_reads() -> None:
    from datetime import datetime

    from resolution_center.services.import_mapping import _ISO_SHAPES, _parse_time

    samples = [
        "2024-03-01",
        "2024-3-1",
        "2024-02-30",
        "2024-03-01 10:56:33",
        "2024-03-01T10:56:33",
        "2024-03-01 10:56",
        "2024-03-01 24:00:00",
        "2024-03-01 10:56:33.5",
        " 2024-03-01",
        "0001-01-01 00:00:00",
    ]
    for fmt in _ISO_SHAPES:
        for text in samples:
            try:
                want: object = datetime.strptime(text, fmt)
            except ValueError:
                want = "refused"
            try:
                got: object = _parse_time(text, fmt)
            except ValueError:
                got = "refused"
            assert got == want, (text, fmt)


def test_a_cancelled_import_keeps_whole_batches_and_a_re_run_adds_the_rest(
    workspace: Workspace, cfpb_csv: Path
) -> None:
    root = workspace.login("root")
    asked: list[int] = []

    def cancelled() -> bool:  # asked before each batch: yes before the third
        asked.append(1)
        return len(asked) >= 3

    _, stopped = import_export(root, cfpb_csv, load_mapping("cfpb"), batch=100, cancelled=cancelled)
    assert stopped.cancelled and (stopped.imported, stopped.batches) == (200, 2)
    assert _count(root) == 200
    assert root.audit.verify().ok
    _, rest = import_export(root, cfpb_csv, load_mapping("cfpb"), batch=100)
    assert (rest.imported, len(rest.present), rest.cancelled) == (400, 200, False)
    assert _count(root) == 600


def test_an_id_longer_than_its_column_is_refused_by_row_on_both_backends(
    workspace: Workspace, tmp_path: Path
) -> None:
    root = workspace.login("root")
    text = load_mapping("cfpb").path.read_text(encoding="utf-8")  # type: ignore[union-attr]
    text = text.replace('id = "Complaint ID"\nid_digits = true', 'id = "Company"')
    path = _cfpb_like(tmp_path / "c.csv", ["Short Bank", "x" * 201])
    _, result = import_export(root, path, parse_mapping(text, "by-company"))
    assert result.imported == 1
    [long] = result.rejected
    assert long.row == 2 and long.field == "source_id" and "at most 200" in long.message
    joined = text.replace(
        "[source]\n", '[source]\nfilter = { column = "orders.x", values = ["1"] }\n'
    )
    joined += '\n[[join]]\nname = "orders"\nfile = "c.csv"\nkey = "Company"\non = "Company"\n'
    with pytest.raises(ValidationError) as err:
        import_export(root, path, parse_mapping(joined, "filtered"))
    assert "the filter reads the main file's columns" in err.value.message
