"""A first login lands on work: views with counts, empty lists that say what to do, search."""

from __future__ import annotations

from tests.helpers.workspace import draft
from tests.ui.conftest import cases
from ui.chain_state import ChainStatus
from ui.mainwindow import MainWindow
from ui.views.saved_views import TitleRole


def _window(qtbot, ops, settings) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(ops, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    with (
        qtbot.waitSignal(
            window.chain.changed,
            check_params_cb=lambda: window.chain.status is not ChainStatus.VERIFYING,
        ),
        qtbot.waitSignal(window.case_list.view_counts_shown),
    ):
        window.start()
    return window


def test_a_supervisor_lands_on_the_signoffs_waiting(qtbot, demo, make_ops, settings) -> None:  # type: ignore[no-untyped-def]
    maria = demo.login("maria")
    window = _window(qtbot, make_ops(maria), settings)
    side = window.case_list.side
    assert side.current_view() == "awaiting-signoff"
    waiting = side.view_count("awaiting-signoff")
    assert waiting and window.case_list.model.rowCount() == waiting
    for row in range(side.views.count()):
        item = side.views.item(row)
        if item.flags() & item.flags().ItemIsEnabled:
            assert item.text().startswith(item.data(TitleRole) + " (")  # a count beside each


def test_nothing_assigned_lands_on_all_open_cases_and_empty_says_what_to_do(  # type: ignore[no-untyped-def]
    qtbot, ws, make_ops, settings
) -> None:
    bob = ws.login("bob")
    cases(bob, ["Kettle leaks", "Late parcel"])
    alice = ws.login("alice")
    window = _window(qtbot, make_ops(alice), settings)
    case_list = window.case_list
    assert case_list.side.current_view() == "open"
    assert case_list.model.rowCount() == 2
    assert case_list.side.view_count("my-open") == 0
    assert not case_list.empty_hint.isVisible()
    with qtbot.waitSignal(case_list.cases_reloaded):
        case_list.apply_saved_view("my-open")
    assert case_list.empty_hint.isVisible()
    assert "No open cases are assigned to you" in case_list.empty_hint.text()
    window.build_viewer()
    assert "the list has none" in window.viewer.placeholder.text()


def test_a_search_that_names_one_case_opens_it(qtbot, ws, make_ops, settings) -> None:  # type: ignore[no-untyped-def]
    bob = ws.login("bob")
    cases(bob, ["Kettle leaks"])
    target = bob.cases.create(draft("Late parcel", email="ines@example.org"))
    cases(bob, ["Blender jar"])
    window = _window(qtbot, make_ops(bob), settings)
    case_list = window.case_list
    with qtbot.waitSignal(case_list.cases_reloaded):
        case_list.apply_saved_view("all")
    qtbot.waitUntil(lambda: window.viewer.case is not None)
    assert window.viewer.case.id != target.id  # the newest is selected first
    for search in (target.reference, "ines@example.org"):
        case_list.select_relative(-1)
        qtbot.waitUntil(lambda: window.viewer.case.id != target.id)
        with qtbot.waitSignal(case_list.cases_reloaded):
            case_list.filters.search.setText(search)
            case_list.filters.apply_search_now()
        qtbot.waitUntil(lambda: window.viewer.case.id == target.id)
        with qtbot.waitSignal(case_list.cases_reloaded):
            case_list.filters.search.clear()
            case_list.filters.apply_search_now()


def test_first_start_reports_each_step_and_is_full_only_when_the_login_shows(  # type: ignore[no-untyped-def]
    qtbot, tmp_path, settings, close_later
) -> None:
    from ui.app import AppController

    url = "sqlite:///" + str(tmp_path / "data" / "resolution-center.db")
    controller = AppController(settings, url, quit_app=lambda: None)
    seen: list[tuple[str, int, int, str]] = []

    def record(key: str) -> None:
        dialog = controller.demo.dialog
        assert dialog is not None
        seen.append((key, dialog.value(), dialog.maximum(), dialog.labelText()))

    controller.demo.step_started.connect(record)
    with qtbot.waitSignal(controller.login_shown, timeout=60_000) as shown:
        controller.start()
    close_later(shown.args[0])
    assert [key for key, *_ in seen] == ["users", "history", "saving", "agreements", "login"]
    for key, value, maximum, label in seen:
        assert value < maximum, key  # never full while there is work left
        assert label.endswith("…")
    assert seen[-1][3] == "Opening the login…"
    # The saving and the agreements have their share of the bar (not a last 0.1%).
    history_end = next(v for k, v, *_ in seen if k == "saving")
    agreements_start = next(v for k, v, *_ in seen if k == "agreements")
    assert agreements_start - history_end >= 100
    assert controller.demo.dialog is None  # closed once the login showed


def test_an_empty_signoff_queue_says_what_shows_there(qtbot, ws, make_ops) -> None:  # type: ignore[no-untyped-def]
    from ui.views.signoff_queue import SignoffQueue

    queue = SignoffQueue(make_ops(ws.login("alice")))
    qtbot.addWidget(queue)
    with qtbot.waitSignal(queue.loaded) as loaded:
        queue.reload()
    assert loaded.args == [0]
    assert queue.reason.text().startswith("No remedy is waiting for sign-off.")
