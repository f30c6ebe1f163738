"""The Patterns and Reviews places, driven like a user: a finding opens exactly its cases in the
case list; a supervisor opens a review, notes a finding, sets an action, signs it off with the
password (a wrong one keeps the dialog and what was typed), and the owner finishes the action
from "My review actions". Screenshots at 1024x700 go to $RC_SHOTS when set."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import QDialog

from tests.helpers.workspace import PASSWORD
from tests.services.test_patterns import known_cases
from ui.mainwindow import MainWindow

SHOTS = os.environ.get("RC_SHOTS")


def shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        for _ in range(3):  # posted layout requests first: the grab shows the laid-out window
            QCoreApplication.processEvents()
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def dialog_named(window: MainWindow, name: str) -> Any:
    found = window.findChild(QDialog, name)
    assert found is not None, name
    return found


def window_for(qtbot, make_ops, settings, ctx) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(make_ops(ctx), settings)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_finding_opens_its_cases(qtbot, ws, make_ops, settings) -> None:  # type: ignore[no-untyped-def]
    refs = known_cases(ws)
    window = window_for(qtbot, make_ops, settings, ws.login("maria"))
    view = window.patterns
    view.from_edit.setDate(QDate(2026, 11, 30))
    view.to_edit.setDate(QDate(2026, 12, 6))
    window.places.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.tree.topLevelItemCount() == 6, timeout=10_000)
    view.show_button.click()
    qtbot.waitUntil(lambda: "findings" in view.status.text(), timeout=10_000)
    sellers = view.tree.topLevelItem(1)
    assert sellers.child(0).text(0) == "Acme" and sellers.child(0).text(1) == "3"
    assert "orders seen 5" in sellers.child(0).text(2)
    shot(window, "patterns")

    view.tree.setCurrentItem(sellers.child(0))
    view.open_button.click()
    assert window.places.currentWidget() is window.splitter
    qtbot.waitUntil(lambda: window.case_list.model.rowCount() == 3, timeout=10_000)
    shown = {window.case_list.model.case_row(i).reference for i in range(3)}
    assert shown == {refs["C1"], refs["C2"], refs["C3"]}
    assert "Acme" in window.statusBar().currentMessage()

    # A category's jump opens as the case list's own filter: that category, that period.
    window.places.setCurrentWidget(view)
    jumps = view.tree.topLevelItem(5)
    assert jumps.child(0).text(0) == "Shipping problem"
    view.tree.setCurrentItem(jumps.child(0))
    view.open_button.click()
    assert window.case_list.filters.categories.selected() == ("shipping-problem",)
    qtbot.waitUntil(lambda: window.case_list.model.rowCount() == 3, timeout=10_000)
    shown = {window.case_list.model.case_row(i).reference for i in range(3)}
    assert shown == {refs["C5"], refs["C6"], refs["C7"]}


def test_a_review_from_opening_to_sign_off(qtbot, ws, make_ops, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    known_cases(ws)
    maria = ws.login("maria")
    review = maria.reviews.open(date(2026, 11, 30), date(2026, 12, 6))
    window = window_for(qtbot, make_ops, settings, maria)
    view = window.reviews
    window.places.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.review is not None, timeout=10_000)
    assert view.review.id == review.id and view.sign_button.isEnabled()

    # A note on the selected finding.
    sellers = view.findings.topLevelItem(1)
    view.findings.setCurrentItem(sellers.child(0))
    view.note_button.click()
    dialog = dialog_named(window, "reviewNoteDialog")
    assert dialog.finding.currentData() == "sellers:Acme"
    dialog.text.setPlainText("Acme's defect rate doubled.")
    with qtbot.waitSignal(dialog.succeeded):
        dialog.ok_button.click()
    qtbot.waitUntil(lambda: view.notes.topLevelItemCount() == 1)
    assert view.notes.topLevelItem(0).text(0) == "Acme"

    # An action for alice.
    view.action_button.click()
    dialog = dialog_named(window, "reviewActionDialog")
    dialog.text.setPlainText("Raise SKU-A's defect rate with Acme")
    dialog.owner.setCurrentIndex(dialog.owner.findData("alice"))
    with qtbot.waitSignal(dialog.succeeded):
        dialog.ok_button.click()
    qtbot.waitUntil(lambda: view.action_tree.topLevelItemCount() == 1)
    shot(window, "reviews")

    # Sign-off: a wrong password keeps the dialog and the note typed; the right one signs.
    view.sign_button.click()
    dialog = dialog_named(window, "signReviewDialog")
    dialog.note.setPlainText("Agreed with the team.")
    dialog.password.setText("wrong")
    dialog.ok_button.click()
    assert dialog.isVisible() and dialog.note.toPlainText() == "Agreed with the team."
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(dialog.succeeded):
        dialog.ok_button.click()
    qtbot.waitUntil(lambda: view.review is not None and view.review.state.value == "signed")
    assert not view.note_button.isEnabled() and not view.sign_button.isEnabled()
    assert "read-only" in view.status.text()
    shot(window, "reviews-signed")

    # Exports: the PDF written on a worker, the CSV folder at once.
    pdf = tmp_path / "review.pdf"
    view.export_pdf(str(pdf))
    qtbot.waitUntil(lambda: "PDF written" in view.exported.text(), timeout=30_000)
    assert pdf.read_bytes().startswith(b"%PDF")
    view.export_csv(str(tmp_path / "csv"))
    assert "6 CSV files written" in view.exported.text()


def test_the_owner_finishes_an_action_from_my_review_actions(qtbot, ws, make_ops, settings) -> None:  # type: ignore[no-untyped-def]
    known_cases(ws)
    maria = ws.login("maria")
    review = maria.reviews.open(date(2026, 11, 30), date(2026, 12, 6))
    action = maria.reviews.add_action(review.id, "Call Acme", "alice", date(2026, 12, 20))
    alice = ws.login("alice")
    window = window_for(qtbot, make_ops, settings, alice)
    view = window.reviews
    window.places.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.mine.topLevelItemCount() == 1, timeout=10_000)
    assert not view.open_button.isEnabled()  # specialists do not open reviews
    assert not view.note_button.isEnabled()
    view.mine.setCurrentItem(view.mine.topLevelItem(0))  # type: ignore[arg-type]
    view.done_button.click()
    qtbot.waitUntil(lambda: view.mine.topLevelItemCount() == 0)
    assert alice.reviews.action(action.id).done_by == "alice"
    assert view.action_tree.topLevelItem(0).text(2) == "done"
