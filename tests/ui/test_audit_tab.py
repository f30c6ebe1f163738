"""The audit trail reads like a record: labels, summaries, reasons, fields, raw on request."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from tests.helpers.remedies import eur, new_case
from tests.helpers.workspace import PASSWORD
from ui.chain_state import ChainState
from ui.models.audit_trail import COLUMNS, ActionRole
from ui.views import audit_tab
from ui.views.audit_tab import AuditTab
from ui.views.case_viewer import CaseViewer


@pytest.fixture
def approved_trail(qtbot, ws, make_ops, settings):  # type: ignore[no-untyped-def]
    """A case whose 150.00 EUR partial refund a supervisor approved with a note."""
    alice, maria = ws.login("alice"), ws.login("maria")
    case = new_case(alice)
    remedy = alice.remedies.propose(
        case.reference, "partial-refund", eur("150.00"), reason="Leaks."
    )
    maria.remedies.approve(remedy.reference, PASSWORD, note="Photos convincing.")
    ops = make_ops(alice)
    viewer = CaseViewer(ops, settings, ChainState(ops))
    qtbot.addWidget(viewer)
    viewer.resize(1200, 800)
    viewer.show()
    with qtbot.waitSignal(viewer.case_loaded):
        viewer.show_case(case.id)
    viewer.show_tab("audit")
    return viewer.audit, remedy


def _row(audit: AuditTab, action: str) -> int:
    for row in range(audit.proxy.rowCount()):
        if audit.proxy.data(audit.proxy.index(row, 0), ActionRole) == action:
            return row
    raise AssertionError(f"no {action} event")


def _cell(audit: AuditTab, row: int, column: str) -> str:
    return str(audit.proxy.index(row, COLUMNS.index(column)).data())


def test_event_label_summary_and_the_approvers_note(approved_trail) -> None:
    audit, remedy = approved_trail
    titles = [audit.proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(len(COLUMNS))]
    assert titles[4:] == ["Event", "Summary", "Reason"]

    proposed = _row(audit, "remedy.proposed")
    assert _cell(audit, proposed, "action") == "Remedy proposed"
    summary = _cell(audit, proposed, "change")
    assert "Partial refund 150.00 EUR proposed" in summary and "sign-off" in summary
    assert "minor" not in summary and "{" not in summary
    assert _cell(audit, proposed, "reason") == "Leaks."

    approved = _row(audit, "remedy.approved")
    assert _cell(audit, approved, "action") == "Remedy approved"
    assert _cell(audit, approved, "reason") == "Photos convincing."
    assert _cell(audit, approved, "change").startswith(f"{remedy.reference}: Approved by")


def test_the_detail_pane_is_a_field_table_with_raw_data_behind_a_toggle(qtbot, approved_trail):  # type: ignore[no-untyped-def]
    audit, _remedy = approved_trail
    assert audit.fields.isHidden() and not audit.placeholder.isHidden()
    assert not audit.raw_toggle.isEnabled()

    audit.table.selectRow(_row(audit, "remedy.proposed"))
    rows = {
        audit.fields.item(r, 0).text(): audit.fields.item(r, 1).text()
        for r in range(audit.fields.rowCount())
    }
    assert rows["Amount"] == "150.00 EUR"
    assert rows["Remedy"] == "Partial refund"
    assert rows["Reason"] == "Leaks."
    assert rows["Content matches its hash"] == "yes"
    assert rows["Hash"].endswith("…") and len(rows["Hash"]) == 13
    assert audit.isVisible() and audit.fields.isVisible()
    assert audit.raw.isHidden()

    qtbot.mouseClick(audit.raw_toggle, Qt.MouseButton.LeftButton)
    assert audit.raw.isVisible() and audit.fields.isHidden()
    assert '"minor": 15000' in audit.raw.toPlainText()
    qtbot.mouseClick(audit.raw_toggle, Qt.MouseButton.LeftButton)
    assert audit.raw.isHidden() and audit.fields.isVisible()


def test_copy_puts_the_whole_hash_on_the_clipboard(approved_trail) -> None:
    audit, _remedy = approved_trail
    row = _row(audit, "remedy.approved")
    audit.table.selectRow(row)
    entry = audit.model.entry(audit.proxy.mapToSource(audit.proxy.index(row, 0)).row())
    assert entry is not None
    hash_row = next(
        r for r in range(audit.fields.rowCount()) if audit.fields.item(r, 0).text() == "Hash"
    )
    assert not audit.copy_button.isEnabled()
    audit.fields.selectRow(hash_row)
    assert audit.copy_button.isEnabled()
    assert audit.fields.item(hash_row, 1).toolTip() == entry.event.hash
    audit.copy_button.click()
    assert QGuiApplication.clipboard().text() == entry.event.hash


def test_a_long_trail_shows_its_first_page_then_the_rest_below_it(
    qtbot, ws, make_ops, settings, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A case of 5,000 events waited 0.1 s for all of them before it was shown: its first page
    comes with the case, the rest follows below it (kinds, actors and the count with it), and
    an event selected beyond the first page stays selected when the case is shown again."""
    monkeypatch.setattr(audit_tab, "TRAIL_PAGE", 3)
    alice, bob = ws.login("alice"), ws.login("bob")
    case = new_case(alice)
    for i in range(4):
        alice.cases.add_note(case.id, f"Called back {i}")
    bob.cases.escalate(case.id, "needs a senior")
    events = [e.event.seq for e in alice.audit.case_trail(case.id)]
    assert len(events) > 6
    ops = make_ops(alice)
    viewer = CaseViewer(ops, settings, ChainState(ops))
    qtbot.addWidget(viewer)
    viewer.show()
    audit = viewer.audit
    with qtbot.waitSignal(audit.rest_shown):
        with qtbot.waitSignal(viewer.case_loaded):
            viewer.show_case(case.id)
        assert audit.model.rowCount() == 3  # the first page, shown with the case
    assert [audit.model.entry(r).event.seq for r in range(audit.model.rowCount())] == events
    assert audit.actor.findData("bob") > 0  # bob's event was in the rest
    assert audit.shown.text() == f"{len(events)} of {len(events)} events"
    audit.set_actor_filter("bob")
    assert audit.proxy.rowCount() == 1
    audit.set_actor_filter(None)
    assert audit.select_seq(events[-1])
    with qtbot.waitSignal(audit.rest_shown):
        viewer.reload()
    assert audit.selected_seq() == events[-1]
    # A case shown while the rest of the first is still read never gets that rest.
    other = new_case(alice)
    with qtbot.waitSignal(viewer.case_loaded):
        viewer.show_case(case.id, force=True)
    with qtbot.waitSignal(viewer.case_loaded):
        viewer.show_case(other.id)
    qtbot.wait(300)
    shown = {audit.model.entry(r).event.case_id for r in range(audit.model.rowCount())}
    assert shown == {other.id}
