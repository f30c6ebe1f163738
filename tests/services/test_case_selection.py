"""Several cases at once: each its own change and event, refusals reported, CSV without floats."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

from resolution_center.domain.case import Status
from resolution_center.services.case_selection import CSV_COLUMNS
from tests.helpers.workspace import Workspace, draft


def _events(ws: Workspace, reference: str, action: str) -> list[dict]:  # type: ignore[type-arg]
    ctx = ws.login("root")
    return [
        json.loads(e.event.data)
        for e in ctx.audit.case_trail(ctx.cases.resolve(reference))
        if e.event.action == action
    ]


def test_bulk_assign_and_status_write_one_event_per_case_and_report_refusals(
    workspace: Workspace,
) -> None:
    alice = workspace.login("alice")
    cases = [alice.cases.create(draft(s)) for s in ("Kettle leaks", "Late parcel", "Blender")]
    ids = [c.id for c in cases]
    outcome = alice.case_selection.assign(ids, "bob")
    assert outcome.changed == tuple(c.reference for c in cases) and outcome.failed == ()
    for case in cases:
        assert len(_events(workspace, case.reference, "case.assigned")) == 1
    # The second case moved on meanwhile: the version the user saw conflicts; the others go.
    seen = {c.id: alice.cases.get(c.id).version for c in cases}
    alice.cases.change_status(cases[1].id, Status.WAITING_CUSTOMER.value)
    outcome = alice.case_selection.change_status(
        ids, Status.WAITING_CUSTOMER.value, "Asked for photos", expected=seen
    )
    assert outcome.changed == (cases[0].reference, cases[2].reference)
    assert [ref for ref, _why in outcome.failed] == [cases[1].reference]
    assert outcome.conflicts == 1
    for case in (cases[0], cases[2]):
        assert alice.cases.get(case.id).status is Status.WAITING_CUSTOMER


def test_the_csv_has_minor_units_and_a_currency_and_no_formulas(
    workspace: Workspace, tmp_path: Path
) -> None:
    alice = workspace.login("alice")
    yen = alice.cases.create(draft('=HYPERLINK("x")', currency="JPY", total=12_345))
    euro = alice.cases.create(draft("Kettle leaks", total=12_000))
    target = tmp_path / "cases.csv"
    result = alice.case_selection.export_csv([yen.id, euro.id], target)
    data = target.read_bytes()
    assert result.cases == 2 and result.file_sha256 == hashlib.sha256(data).hexdigest()
    rows = list(csv.DictReader(data.decode("utf-8-sig").splitlines()))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [(r["order_total_minor"], r["order_currency"]) for r in rows] == [
        ("12345", "JPY"),
        ("12000", "EUR"),
    ]
    assert rows[0]["subject"] == '\'=HYPERLINK("x")'
    assert rows[1]["customer"] == "Zoë Łukasiewicz-Ørsted"
