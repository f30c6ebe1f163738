"""`report kpis` on the command line: JSON, CSV and text of the known data set, filters, bad
input with its field, and the per-person figures for supervisors only."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.cli.conftest import Cli
from tests.helpers.workspace import PASSWORD, Workspace
from tests.services.test_kpis import known_cases

PERIOD = ("--from", "2026-11-23", "--to", "2026-11-30")


def _ready(tmp_path: Path) -> Cli:
    path = tmp_path / "kpis.db"
    ws = Workspace.create(f"sqlite:///{path}")
    try:
        known_cases(ws)
    finally:
        ws.close()
    return Cli(f"sqlite:///{path}", path)


def test_json_csv_and_text(tmp_path: Path) -> None:
    cli = _ready(tmp_path)
    data = cli.ok("report", "kpis", *PERIOD, "--by", "week", user="maria", password=PASSWORD)
    assert data["volume"] == 3 and data["by"] == "week"
    assert data["first_response_time"] == {
        "count": 3,
        "median_seconds": 7200,
        "p90_seconds": 108000,
    }
    assert data["reopen_rate"]["part"] == 1 and data["per_tier"] is not None
    assert [p["start"] for p in data["periods"]] == ["2026-11-23", "2026-11-30"]

    out = cli("report", "kpis", *PERIOD, "--csv", user="maria", password=PASSWORD, json_mode=False)
    assert out.code == 0, out.err
    rows = list(csv.reader(io.StringIO(out.out)))
    assert rows[0] == ["figure", "key", "measure", "value"]
    assert ["volume", "", "cases", "3"] in rows
    assert ["resolution_time", "", "median_seconds", "7200"] in rows
    assert ["reopen_rate", "", "part", "1"] in rows

    text = cli("report", "kpis", *PERIOD, user="alice", password=PASSWORD, json_mode=False)
    assert text.code == 0, text.err
    assert "Cases received: 3" in text.out and "Per assignee" not in text.out


def test_filters_and_bad_input(tmp_path: Path) -> None:
    cli = _ready(tmp_path)
    only = cli.ok(
        "report", "kpis", *PERIOD, "--category", "shipping-problem", user="alice", password=PASSWORD
    )
    assert only["volume"] == 1 and only["per_assignee"] is None
    assert only["filters"] == {"categories": ["shipping-problem"]}
    bad = cli("report", "kpis", *PERIOD, "--by", "year", user="alice", password=PASSWORD)
    assert bad.code != 0 and bad.error["field"] == "by"
    backwards = cli(
        "report",
        "kpis",
        "--from",
        "2026-12-01",
        "--to",
        "2026-11-01",
        user="alice",
        password=PASSWORD,
    )
    assert backwards.code != 0 and backwards.error["field"] == "to"
