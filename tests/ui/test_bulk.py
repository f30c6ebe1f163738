"""Several cases selected in the list: assign, change status with one reason, export to CSV."""

from __future__ import annotations

import csv

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox

from resolution_center.domain.case import Status
from tests.ui.conftest import cases
from ui.dialogs.bulk import BulkAssignDialog, BulkStatusDialog
from ui.views.case_list import CaseListView


def _list(qtbot, ops, settings) -> CaseListView:  # type: ignore[no-untyped-def]
    settings.saved_view = "all"
    widget = CaseListView(ops, settings)
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    widget.show()
    with qtbot.waitSignal(widget.cases_reloaded):
        widget.apply_saved_view("all")
    return widget


def _select(widget: CaseListView, rows: list[int]) -> None:
    selection = widget.table.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(
            widget.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def test_bulk_assign_and_status_each_write_their_own_event(  # type: ignore[no-untyped-def]
    qtbot, ws, make_ops, settings
) -> None:
    alice = ws.login("alice")
    made = cases(alice, ["Kettle leaks", "Late parcel", "Blender jar"])
    widget = _list(qtbot, make_ops(alice), settings)
    assert not widget.bulk_bar.isVisible()
    _select(widget, [0, 1, 2])
    assert widget.bulk_bar.isVisible() and widget.bulk_label.text() == "3 selected:"
    assert sorted(widget.selected_case_ids()) == sorted(c.id for c in made)

    dialog = widget.assign_selected()
    assert isinstance(dialog, BulkAssignDialog)
    dialog.user.setCurrentIndex(dialog.user.findData("bob"))
    with (
        qtbot.waitSignal(widget.cases_reloaded, timeout=10_000),
        qtbot.waitSignal(dialog.succeeded) as done,
    ):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert len(done.args[0].changed) == 3 and done.args[0].failed == ()
    for case in made:
        assert alice.cases.get(case.id).assignee == "bob"
        actions = [e.event.action for e in alice.audit.case_trail(case.id)]
        assert actions.count("case.assigned") == 1
    box = widget.window().findChild(QMessageBox, "bulkOutcome")
    assert box is not None and box.text() == "All 3 cases changed."
    box.close()

    # One case is closed: it cannot go to "waiting on customer"; the other two still do.
    alice.cases.change_status(
        made[0].id, Status.RESOLVED.value, code="explained", summary="Explained the delay"
    )
    alice.cases.change_status(made[0].id, Status.CLOSED.value)
    _select(widget, [0, 1, 2])
    dialog = widget.change_status_of_selected()
    assert isinstance(dialog, BulkStatusDialog)
    dialog.target.setCurrentIndex(dialog.target.findData(Status.WAITING_CUSTOMER.value))
    dialog.reason.setPlainText("Asked each customer for photos")
    with qtbot.waitSignal(dialog.succeeded, timeout=10_000) as done:
        dialog.submit()
    outcome = done.args[0]
    assert len(outcome.changed) == 2
    assert [ref for ref, _why in outcome.failed] == [made[0].reference]
    box = widget.window().findChild(QMessageBox, "bulkOutcome")
    assert box is not None and box.text() == "2 changed, 1 not changed."
    assert made[0].reference in box.informativeText()
    box.close()


def test_the_selection_exports_to_csv(qtbot, ws, make_ops, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    alice = ws.login("alice")
    cases(alice, ["Kettle leaks", "Late parcel"])
    widget = _list(qtbot, make_ops(alice), settings)
    _select(widget, [0, 1])
    target = tmp_path / "two.csv"
    with qtbot.waitSignal(widget.exported) as done:
        widget.export_to(widget.selected_case_ids(), str(target))
    assert done.args[0].cases == 2
    rows = list(csv.DictReader(target.read_text("utf-8-sig").splitlines()))
    assert [r["order_total_minor"] for r in rows] == ["12000", "12000"]
    assert "Exported 2 cases to" in widget.bulk_note.text()
