"""The window's notifications (the place, the count on its button, the poll off the GUI thread,
no tray offscreen) and the satisfaction score dialog and tab, driven like a user."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSystemTrayIcon

from resolution_center.domain.notifications import NotificationKind
from tests.helpers.workspace import draft
from ui.chain_state import ChainStatus
from ui.dialogs.score_dialog import ScoreDialog
from ui.mainwindow import MainWindow

SHOTS = os.environ.get("RC_SHOTS")  # a folder: the test saves what it shows there


def _window(qtbot, make_ops, settings, ctx) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(make_ops(ctx), settings)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(
        window.chain.changed,
        check_params_cb=lambda: window.chain.status is not ChainStatus.VERIFYING,
        timeout=20_000,
    ):
        window.start()
    return window


def _polled(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.notification_center.poller.updated, timeout=10_000):
        window.notification_center.poller.poll()


def test_the_notification_list_counts_opens_and_marks_read(  # type: ignore[no-untyped-def]
    qtbot, ws, make_ops, settings
) -> None:
    bob = ws.login("bob")
    refs = []
    for subject in ("Kettle leaks", "Toaster sparks"):
        case = bob.cases.create(draft(subject))
        bob.cases.assign(case.reference, "alice")
        refs.append(case.reference)
    window = _window(qtbot, make_ops, settings, ws.login("alice"))
    center = window.notification_center
    # Offscreen there is no system tray: the window does without it.
    assert QSystemTrayIcon.isSystemTrayAvailable() is False and center.tray is None
    _polled(qtbot, window)
    assert center.button.text() == "Notifications (2)" and center.button.font().bold()
    places = window.places
    assert places.tabText(places.indexOf(center.view)) == "Notifications (2)"
    qtbot.keyClick(
        window,
        Qt.Key.Key_B,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    view = center.view
    assert places.currentWidget() is view
    assert [view.model.row_value(r).case_reference for r in range(2)] == refs[::-1]
    assert view.model.data(view.model.index(0, 1)) == "Assigned to you"
    if SHOTS:
        window.grab().save(str(Path(SHOTS) / "notifications.png"))
    # Opening the older one shows its case and marks it read.
    view.table.selectRow(1)
    with qtbot.waitSignal(
        window.viewer.case_loaded,
        timeout=10_000,
        check_params_cb=lambda case: case.reference == refs[0],
    ):
        view.open_button.click()
    assert window.places.currentWidget() is window.splitter
    assert window.viewer.case is not None and window.viewer.case.reference == refs[0]
    _polled(qtbot, window)
    assert center.button.text() == "Notifications (1)"
    assert [n.read for n in view._all] == [False, True]
    view.unread_only.setChecked(True)
    assert view.model.rowCount() == 1
    view.all_button.click()
    _polled(qtbot, window)
    assert center.button.text() == "Notifications" and not center.button.font().bold()
    assert not view.empty.isHidden() and view.table.isHidden()


def test_what_arrives_between_polls_is_announced(  # type: ignore[no-untyped-def]
    qtbot, ws, make_ops, settings
) -> None:
    window = _window(qtbot, make_ops, settings, ws.login("alice"))
    poller = window.notification_center.poller
    _polled(qtbot, window)  # the first poll announces nothing: it is what was there
    bob = ws.login("bob")
    case = bob.cases.create(draft("Late parcel"))
    bob.cases.escalate(case.reference, "needs a senior")  # not alice's queue: nothing for her
    other = bob.cases.create(draft("Broken lid"))
    bob.cases.assign(other.reference, "alice")
    with qtbot.waitSignal(poller.arrived, timeout=10_000) as arrived:
        poller.poll()
    [fresh] = arrived.args[0]
    assert (fresh.kind, fresh.case_reference) == (NotificationKind.ASSIGNED, other.reference)


def test_a_score_recorded_from_the_case_viewer(  # type: ignore[no-untyped-def]
    qtbot, ws, make_ops, settings
) -> None:
    alice = ws.login("alice")
    case = alice.cases.create(draft())
    alice.cases.change_status(case.reference, "resolved", code="refunded", summary="Refunded")
    window = _window(qtbot, make_ops, settings, alice)
    with qtbot.waitSignal(window.viewer.case_loaded, timeout=10_000):
        window.open_case(case.id)
    window.viewer.show_tab("satisfaction")
    tab = window.viewer.tab("satisfaction")
    assert tab is not None and tab.current.text() == "No score yet"
    assert "Survey sent" in tab.survey.text() and not tab.send_button.isVisible()
    dialog = tab.record()
    assert isinstance(dialog, ScoreDialog)
    qtbot.waitExposed(dialog)
    dialog.comment.setPlainText("The lid still rattles")
    dialog.ok_button.click()  # no score chosen: refused next to the field, input kept
    assert dialog.isVisible() and "1 to 5" in dialog.errors.message_for("score")
    assert dialog.comment.toPlainText() == "The lid still rattles"
    dialog.set_score(2)
    dialog.source.setCurrentIndex(dialog.source.findData("chat"))
    if SHOTS:
        dialog.grab().save(str(Path(SHOTS) / "score_dialog.png"))
    with qtbot.waitSignal(window.viewer.case_loaded, timeout=10_000):
        dialog.ok_button.click()
    assert tab.current.text() == "2 of 5"
    assert "Chat" in tab.detail.text() and "The lid still rattles" in tab.comment.text()
    if SHOTS:
        window.grab().save(str(Path(SHOTS) / "satisfaction_tab.png"))
    [task] = alice.follow_ups.for_case(case.reference)  # a low score's follow-up
    assert "Satisfaction score 2 of 5" in task.note
