"""The KPI report on the real CFPB complaints after import, on both backends: its counts per
product and issue, the share of timely responses and the share per company response equal what
this test reads from the CSV itself. Skips when the shared data is not beside the clone."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from resolution_center.services.import_files import import_export
from resolution_center.services.import_mapping import load_mapping
from tests.helpers.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
CFPB_CSV = ROOT.parent / "shared" / "data" / "cfpb" / "complaints_sample.csv"


@pytest.fixture
def cfpb_csv() -> Path:
    if not CFPB_CSV.is_file():
        pytest.skip(f"the shared CFPB sample is not here: {CFPB_CSV}")
    return CFPB_CSV


def test_report_matches_the_csv(workspace: Workspace, cfpb_csv: Path) -> None:
    root = workspace.login("root")
    _, result = import_export(root, cfpb_csv, load_mapping("cfpb"), batch=250)
    assert result.rejected == ()
    with cfpb_csv.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == result.imported

    report = workspace.login("maria").kpis.report(date(2000, 1, 1), date(2009, 12, 31))
    assert report.received == 0  # the sample's complaints are later: the period counts
    # A period spanning the whole export.
    days = sorted(r["Date sent to company"] or r["Date received"] for r in rows)
    first, last = date.fromisoformat(days[0][:10]), date.fromisoformat(days[-1][:10])
    maria = workspace.login("maria")
    assert maria.kpis.report(first, last).sources == ()  # only when asked: a pass over events
    report = maria.kpis.report(first, last, sources=True)
    assert report.received == len(rows)

    def counted(name: str) -> Counter[str]:
        return Counter({c.value: c.count for c in report.sources if c.field == name})

    def from_csv(column: str) -> Counter[str]:
        return Counter(r[column].strip() for r in rows if r[column].strip())

    assert counted("product") == from_csv("Product")
    assert counted("issue") == from_csv("Issue")
    timely, csv_timely = counted("timely_response"), from_csv("Timely response?")
    assert timely["Yes"] / sum(timely.values()) == csv_timely["Yes"] / sum(csv_timely.values())
    responses, csv_responses = counted("company_response"), from_csv("Company response to consumer")
    total = sum(csv_responses.values())
    assert {k: v / sum(responses.values()) for k, v in responses.items()} == {
        k: v / total for k, v in csv_responses.items()
    }
