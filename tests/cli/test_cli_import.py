"""`import cfpb`: a CFPB-shaped CSV written here (never the shared data), dry run, limit, rights."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.helpers.cfpb import CFPB_COLUMNS

from .conftest import Cli


def _complaint(cid: str, **fields: str) -> dict[str, str]:
    row = dict.fromkeys(CFPB_COLUMNS, "")
    row.update(
        {
            "Date received": "2024-03-01",
            "Date sent to company": "2024-03-02",
            "Product": "Credit card",
            "Issue": "Problem with a purchase shown on your statement",
            "Sub-issue": "Card was charged for something you did not purchase",
            "Consumer complaint narrative": "I was charged twice,\nonce in store and once online.",
            "Company": "EXAMPLE BANK",
            "State": "CA",
            "Submitted via": "Web",
            "Company response to consumer": "Closed with monetary relief",
            "Complaint ID": cid,
        }
    )
    row.update(fields)
    return row


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=CFPB_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _sample(tmp_path: Path) -> Path:
    return _write(
        tmp_path / "complaints.csv",
        [
            _complaint("9000001"),
            _complaint("9000002", **{"Issue": "Fraud or scam", "Submitted via": "Phone"}),
            _complaint("not-a-number"),
            _complaint("9000004", **{"Date received": "31/31/2024", "Date sent to company": ""}),
            _complaint("9000005", **{"Company response to consumer": "In progress"}),
        ],
    )


def test_an_admin_imports_and_bad_rows_are_listed(ready: Cli, tmp_path: Path) -> None:
    data = ready.ok("import", "cfpb", str(_sample(tmp_path)), user="root")
    assert (data["read"], data["imported"], data["dry_run"]) == (5, 3, False)
    assert [(r["row"], r["source_id"]) for r in data["rejected"]] == [
        (3, "not-a-number"),
        (4, "9000004"),
    ]
    assert data["events"] >= 3 and data["first_reference"] and data["last_reference"]
    found = ready.ok("case", "list", "--search", "9000002", user="alice")
    assert found["total"] == 1 and found["items"][0]["category"] == "fraud-suspicion"
    assert ready.ok("case", "list", user="alice")["total"] == 3
    assert ready.ok("verify")["ok"] is True


def test_dry_run_and_limit_write_nothing(ready: Cli, tmp_path: Path) -> None:
    path = str(_sample(tmp_path))
    data = ready.ok("import", "cfpb", path, "--dry-run", "--limit", "2", user="root")
    assert (data["read"], data["imported"], data["events"], data["dry_run"]) == (2, 2, 0, True)
    assert ready.ok("case", "list", user="alice")["total"] == 0
    text = ready("import", "cfpb", path, "--limit", "1", user="root", json_mode=False)
    assert text.code == 0, text.err
    assert text.out.startswith("imported 1 of 1 complaints as ")
    assert ready.ok("case", "list", user="alice")["total"] == 1


def test_without_a_user_it_acts_as_system(ready: Cli, tmp_path: Path) -> None:
    data = ready.ok("import", "cfpb", str(_sample(tmp_path)), "--limit", "1")
    assert data["imported"] == 1
    shown = ready.ok("case", "show", data["first_reference"], user="alice")
    assert shown["trail"][0]["actor"] == "system"


def test_refusals_have_their_exit_codes(ready: Cli, tmp_path: Path) -> None:
    sample = str(_sample(tmp_path))
    assert ready("import", "cfpb", sample, user="alice").code == 6  # only an admin imports
    assert ready("import", "cfpb", str(tmp_path / "missing.csv"), user="root").code == 2
    limit = ready("import", "cfpb", sample, "--limit", "0", user="root")
    assert limit.code == 3 and "from 1 to" in limit.error["message"]
    other = tmp_path / "other.csv"
    other.write_text("name,email\nZoë,z@example.com\n", encoding="utf-8")
    result = ready("import", "cfpb", str(other), user="root")
    assert result.code == 3
    assert "column 'Complaint ID' is not in other.csv" in result.error["message"]
    assert ready("import", "cfpb", sample, user="root", password="wrong-pass").code == 6
    assert ready.ok("case", "list", user="alice")["total"] == 0


def test_a_non_utf8_byte_refuses_the_whole_file_before_anything_is_written(
    ready: Cli, tmp_path: Path
) -> None:
    path = _write(
        tmp_path / "complaints.csv",
        [
            _complaint("9000001"),
            _complaint("9000002"),
            _complaint("9000003"),
            _complaint("9000004", **{"Company": "CAFE_BYTE BANK"}),
            _complaint("9000005"),
        ],
    )
    raw = path.read_bytes().replace(b"CAFE_BYTE", b"CAF\xc9")  # one Latin-1 byte: not UTF-8
    path.write_bytes(raw)
    offset = raw.index(b"\xc9")
    line = raw[:offset].count(b"\n") + 1
    events = ready.ok("verify")["events"]
    for dry in ((), ("--dry-run",)):
        result = ready("import", "cfpb", str(path), "--batch", "1", *dry, user="root")
        assert result.code == 3, result.err
        message = result.error["message"]
        assert "not UTF-8" in message and "0xC9" in message
        assert f"line {line} " in message and f"byte offset {offset} " in message
        assert "Nothing was imported" in message and result.out == ""
    text = ready("import", "cfpb", str(path), "--batch", "1", user="root", json_mode=False)
    assert text.code == 3 and f"line {line} " in text.err and text.out == ""
    assert ready.ok("case", "list", user="alice")["total"] == 0  # the earlier batches too
    after = ready.ok("verify")
    assert after["ok"] is True and after["events"] == events


MARKET = Path(__file__).resolve().parents[1] / "services" / "data" / "marketplace"
REVIEWS = str(MARKET / "olist_order_reviews_dataset.csv")


def test_import_csv_with_a_preset_reports_a_dry_run_row_by_row(ready: Cli) -> None:
    dry = ready.ok("import", "csv", REVIEWS, "--mapping", "marketplace", "--dry-run", user="root")
    assert (dry["imported"], dry["skipped"], dry["source"], dry["encoding"]) == (
        6,
        2,
        "marketplace",
        "utf-8",
    )
    assert [(r["row"], r["outcome"]) for r in dry["rows"]] == [
        (1, "would create"),
        (3, "would create"),
        (4, "would create"),
        (5, "would create"),
        (6, "would create"),
        (8, "would create"),
        (9, "refused"),
        (10, "already present"),
    ]
    assert ready.ok("case", "list", user="alice")["total"] == 0
    text = ready(
        "import",
        "csv",
        REVIEWS,
        "--mapping",
        "marketplace",
        "--dry-run",
        user="root",
        json_mode=False,
    )
    assert text.code == 0, text.err
    assert text.out.startswith("dry run: 6 of 8 rows would be imported, 1 already present, 1 ")
    assert "2 rows skipped (kept: review_score is at most 2)" in text.out
    assert "shipping-problem/delay: Atrasado" in text.out  # the row table


def test_a_second_import_of_the_same_file_adds_nothing(ready: Cli, tmp_path: Path) -> None:
    path = str(_sample(tmp_path))
    first = ready.ok("import", "cfpb", path, user="root")
    assert first["imported"] == 3 and first["already_present"] == []
    text = ready("import", "cfpb", path, user="root", json_mode=False)
    assert text.code == 0, text.err
    assert text.out.startswith("imported 0 of 5 complaints, 3 already present, 2 refused")
    again = ready.ok("import", "csv", path, "--mapping", "cfpb", user="root")
    assert [p["source_id"] for p in again["already_present"]] == ["9000001", "9000002", "9000005"]
    assert ready.ok("case", "list", user="alice")["total"] == 3
    assert ready.ok("verify")["ok"] is True


def test_joins_encodings_and_the_progress_bar(ready: Cli, tmp_path: Path) -> None:
    bad_join = ready(
        "import", "csv", REVIEWS, "--mapping", "marketplace", "--join", "x=y.csv", user="root"
    )
    assert bad_join.code == 3 and "joins no file named 'x'" in bad_join.error["message"]
    moved = tmp_path / "orders.csv"
    moved.write_bytes((MARKET / "olist_orders_dataset.csv").read_bytes())
    lost = ready(
        "import", "csv", str(tmp_path / "reviews.csv"), "--mapping", "marketplace", user="root"
    )
    assert lost.code == 2  # no such file
    encoding = ready(
        "import", "csv", REVIEWS, "--mapping", "marketplace", "--encoding", "klingon", user="root"
    )
    assert encoding.code == 3 and "unknown encoding 'klingon'" in encoding.error["message"]
    done = ready(
        "import",
        "csv",
        REVIEWS,
        "--mapping",
        "marketplace",
        "--join",
        f"orders={moved}",
        "--progress",
        user="root",
        json_mode=False,
    )
    assert done.code == 0, done.err
    assert "importing: [" in done.err and "100% 8 of 8" in done.err
    assert ready.ok("case", "list", user="alice")["total"] == 6
    unknown = ready("import", "csv", REVIEWS, "--mapping", "nosuch", user="root")
    assert unknown.code == 3 and "cfpb, marketplace" in unknown.error["message"]
