"""The main window: status bar in words, shortcuts, remembered layout, the chain check."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from tests.ui.conftest import cases
from ui.chain_state import ChainStatus
from ui.mainwindow import MainWindow
from ui.settings import Settings


@pytest.fixture
def open_window(qtbot, make_ops, settings):  # type: ignore[no-untyped-def]
    def make(ctx, settings_: Settings | None = None) -> MainWindow:  # type: ignore[no-untyped-def]
        window = MainWindow(make_ops(ctx), settings_ or settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        with qtbot.waitSignal(
            window.chain.changed,
            check_params_cb=lambda: window.chain.status is not ChainStatus.VERIFYING,
        ):
            window.start()
        window.activateWindow()
        return window

    return make


def press(qtbot, window: MainWindow, keys: str) -> None:  # type: ignore[no-untyped-def]
    QTest.keySequence(window, keys)


def test_the_status_bar_says_who_where_and_the_chain_state(qtbot, ws, open_window) -> None:
    alice = ws.login("alice")
    cases(alice, ["Kettle leaks"])
    window = open_window(alice)
    assert window.user_label.text() == "Alice (alice) · Specialist"
    assert window.database_label.full_text() == f"SQLite file {ws.url.removeprefix('sqlite:///')}"
    events = alice.audit.verify().events
    # Short in the status bar, whole in the tooltip.
    assert window.chain_label.text() == "Chain verified"
    assert window.chain_label.toolTip() == f"Audit chain verified ({events} events)"
    assert not window.chain_progress.isVisible()


def test_a_broken_chain_is_said_in_words(qtbot, ws, open_window) -> None:
    alice = ws.login("alice")
    cases(alice, ["Kettle leaks"])
    ws.tamper("UPDATE audit_events SET actor = 'mallory' WHERE seq = 3")
    window = open_window(alice)
    assert window.chain_label.text() == "Chain BROKEN at event 3"
    tip = window.chain_label.toolTip()
    assert tip.startswith("Audit chain BROKEN at event 3:")
    assert "edited" in tip
    assert "#c62828" in window.chain_label.styleSheet()  # red, but never red alone


def test_shortcuts_move_between_cases_and_focus_search(qtbot, demo, open_window) -> None:
    window = open_window(demo.login("sofia"))
    with qtbot.waitSignal(window.case_list.cases_reloaded):
        window.case_list.apply_saved_view("all")
    qtbot.waitUntil(lambda: window.viewer.case is not None)
    model = window.case_list.model
    start = window.case_list.table.currentIndex().row()
    assert window.viewer.case.id == model.case_id(start)  # kept selected across the views
    with qtbot.waitSignal(window.viewer.case_loaded):
        press(qtbot, window, "Ctrl+]")
    assert window.viewer.case.id == model.case_id(start + 1)
    with qtbot.waitSignal(window.viewer.case_loaded):
        press(qtbot, window, "Alt+Down")
    assert window.viewer.case.id == model.case_id(start + 2)
    with qtbot.waitSignal(window.viewer.case_loaded):
        press(qtbot, window, "Ctrl+[")
    assert window.viewer.case.id == model.case_id(start + 1)

    press(qtbot, window, "Ctrl+F")
    qtbot.waitUntil(window.case_list.filters.search.hasFocus)
    press(qtbot, window, "Ctrl+4")
    assert window.viewer.tabs.currentWidget() is window.viewer.audit

    ids_before: list[Any] = []
    window.case_list.cases_reloaded.connect(ids_before.append)
    # F5 reloads the list and the open case; the list's ids below its first page come from a
    # worker, so either may finish first.
    with qtbot.waitSignals([window.case_list.cases_reloaded, window.viewer.case_loaded]):
        press(qtbot, window, "F5")
    assert len(ids_before) == 1


def test_case_actions_need_a_case(qtbot, ws, open_window) -> None:
    alice = ws.login("alice")
    window = open_window(alice)
    assert window.viewer.case is None
    assert not window.action_set["change-status"].isEnabled()
    case = cases(alice, ["Kettle leaks"])[0]
    with qtbot.waitSignal(window.viewer.case_loaded):
        window.open_case(case.id)
    assert window.action_set["change-status"].isEnabled()
    with qtbot.waitSignal(window.viewer.case_loaded):
        press(qtbot, window, "Ctrl+Shift+M")  # take the case
    assert window.viewer.case.assignee == "alice"


def test_window_layout_is_remembered(qtbot, tmp_path, ws, open_window) -> None:
    path = str(tmp_path / "layout.ini")
    alice = ws.login("alice")
    first = open_window(alice, Settings(QSettings(path, QSettings.Format.IniFormat)))
    screen = first.screen().availableGeometry()  # restoreGeometry keeps windows on screen
    wanted = (screen.width() * 9 // 10, screen.height() * 8 // 10)
    first.resize(*wanted)
    first.splitter.setSizes([200, 400])
    sizes = first.splitter.sizes()
    first.close()

    again = open_window(alice, Settings(QSettings(path, QSettings.Format.IniFormat)))
    assert (again.width(), again.height()) == wanted
    assert again.splitter.sizes() == sizes


def test_closing_with_unsaved_typing_asks_first(qtbot, ws, open_window) -> None:
    alice = ws.login("alice")
    case = cases(alice, ["Kettle leaks"])[0]
    window = open_window(alice)
    with qtbot.waitSignal(window.viewer.case_loaded):
        window.open_case(case.id)
    window.viewer.details.subject.setText("half-typed")
    assert not window.close()
    assert window.isVisible()
    assert window.viewer.details.subject.text() == "half-typed"


def test_the_chain_check_starts_once_the_list_has_its_ids(  # type: ignore[no-untyped-def]
    qtbot, demo, make_ops, settings, monkeypatch
) -> None:
    # No work of her own, so the remembered view shows: 300 cases, the first page paints
    # before the other ids.
    monkeypatch.setattr("ui.views.case_list.view_with_work", lambda ctx: "open")
    settings.saved_view = "all"
    window = MainWindow(make_ops(demo.login("sofia")), settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    loaded: list[Any] = []
    window.viewer.case_loaded.connect(loaded.append)
    window.start()
    assert window.case_list.ids_loading()
    assert window.chain.status is ChainStatus.UNKNOWN  # its processes would slow the paint
    with qtbot.waitSignal(
        window.chain.changed,
        check_params_cb=lambda: window.chain.status is ChainStatus.VERIFIED,
        timeout=30_000,
    ):
        pass
    assert not window.case_list.ids_loading()
    # The viewer follows the first row: let its load land here, not in a later test.
    qtbot.waitUntil(lambda: bool(loaded) and not window.ops.tasks._running, timeout=10_000)


def test_the_viewer_arrives_after_the_list_in_the_split_the_user_left(
    qtbot, tmp_path, ws, make_ops
) -> None:  # type: ignore[no-untyped-def]
    from ui.views.case_viewer import CaseViewer

    path = str(tmp_path / "split.ini")
    alice = ws.login("alice")
    settings = Settings(QSettings(path, QSettings.Format.IniFormat))
    first = MainWindow(make_ops(alice), settings)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.build_viewer()
    first.splitter.setSizes([420, 180])  # a tall list, dragged by the user
    dragged = first.splitter.sizes()
    first.save_layout()
    first.close()

    window = MainWindow(make_ops(alice), Settings(QSettings(path, QSettings.Format.IniFormat)))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # The list paints first: the viewer (its tabs and their modules) is not built yet.
    assert window.findChild(CaseViewer) is None
    window.build_viewer()
    assert window.findChild(CaseViewer) is window.viewer
    assert window.splitter.sizes() == dragged
    go = [a for a in window.tab_actions if a.shortcut().toString()]
    tabs = min(len(window.viewer.tab_widgets), 9)  # Ctrl+1..9 for the first nine tabs
    assert [a.shortcut().toString() for a in go] == [f"Ctrl+{n}" for n in range(1, tabs + 1)]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    press(qtbot, window, "Ctrl+4")
    assert window.viewer.tabs.currentWidget() is window.viewer.audit


def test_the_signoff_queue_has_its_own_place_and_the_list_keeps_its_rows(  # type: ignore[no-untyped-def]
    qtbot, demo, open_window
) -> None:
    window = open_window(demo.login("maria"))
    window.resize(1024, 700)
    rows_before = window.case_list.table.viewport().height()
    with qtbot.waitSignal(window.queue.loaded) as loaded:
        window.action_set["signoff-queue"].trigger()
    assert window.places.currentWidget() is window.queue
    assert window.places.tabText(1) == f"Sign-off queue ({loaded.args[0]})"
    queue = window.queue
    header = queue.table.horizontalHeader()
    policy = queue.model.column("explanation")
    # The table has the window's width: every column, the Policy one too, is on screen.
    right = header.sectionViewportPosition(policy) + header.sectionSize(policy)
    assert right <= queue.table.viewport().width()
    # ...and its text wraps rather than being cut off.
    index = queue.model.index(0, policy)
    needed = queue.table.fontMetrics().boundingRect(
        0, 0, header.sectionSize(policy) - 8, 10_000, Qt.TextFlag.TextWordWrap, index.data()
    )
    assert queue.table.rowHeight(0) >= needed.height()
    window.show_cases()
    assert window.case_list.table.viewport().height() == rows_before


def test_a_small_window_keeps_ten_rows_and_the_case_header(qtbot, demo, make_ops, settings) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(make_ops(demo.login("sofia")), settings)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    window.start()
    qtbot.waitUntil(lambda: window._viewer is not None and window.viewer.case is not None)
    header = window.viewer.header

    # Once the loaded case's header is laid out (the next pass of the event loop):
    def laid_out() -> bool:
        # a wrapping chip's header needs the height its width gives it, not its one-line hint
        if header.hasHeightForWidth():
            return header.height() >= header.heightForWidth(header.width())
        return header.height() >= header.sizeHint().height()

    qtbot.waitUntil(laid_out)
    assert window.case_list.visible_rows() >= 10
    bottom = header.mapTo(window.viewer, header.rect().bottomLeft()).y()
    assert header.isVisible() and bottom <= window.viewer.height()


def test_the_split_is_remembered_per_size_of_window(qtbot, ws, make_ops, settings) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(make_ops(ws.login("alice")), settings)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    total = sum(window.splitter.sizes())
    window.splitter.setSizes([total // 3, total - total // 3])
    window.splitter.splitterMoved.emit(total // 3, 1)  # as a drag ends
    short = window.splitter.sizes()
    window.resize(1440, 1100)
    qtbot.waitUntil(lambda: sum(window.splitter.sizes()) > total)
    assert window.splitter.sizes()[0] != short[0]  # a tall window has its own split
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: sum(window.splitter.sizes()) == total)
    assert window.splitter.sizes() == short
    assert not settings.splitter_for("short").isEmpty()
    assert settings.splitter_for("tall").isEmpty()
