"""The case list: a page of rows, sorting and filtering in SQL, safe search, remembered columns."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest

from resolution_center.domain.case import CaseFilter, CaseQuery, Status
from tests.helpers.workspace import draft
from tests.ui.conftest import watch
from ui.models.case_table import COLUMNS, ReferenceRole, StatusRole, column_index
from ui.settings import Settings
from ui.views.case_list import CaseListView


class Spy:
    """Wraps a service method, counting calls and keeping their arguments."""

    def __init__(self, target: Any, name: str) -> None:
        self.calls: list[tuple[Any, ...]] = []
        original = getattr(target, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(args)
            return original(*args, **kwargs)

        setattr(target, name, wrapper)


@pytest.fixture
def sofia(demo):  # type: ignore[no-untyped-def]
    return demo.login("sofia")


@pytest.fixture
def make_list(qtbot, make_ops, settings):  # type: ignore[no-untyped-def]
    def make(ctx, view: str = "all", settings_: Settings | None = None) -> CaseListView:  # type: ignore[no-untyped-def]
        ops = make_ops(ctx)
        widget = CaseListView(ops, settings_ or settings)
        qtbot.addWidget(widget)
        widget.resize(1200, 600)
        widget.show()
        with qtbot.waitSignal(widget.cases_reloaded):
            widget.apply_saved_view(view)
        return widget

    return make


def header_click(qtbot, widget: CaseListView, key: str) -> None:  # type: ignore[no-untyped-def]
    header = widget.table.horizontalHeader()
    logical = column_index(key)
    x = header.sectionViewportPosition(logical) + header.sectionSize(logical) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def shown_column(widget: CaseListView, key: str) -> list[Any]:
    model = widget.model
    role = ReferenceRole if key == "reference" else StatusRole
    return [model.data(model.index(r, 0), role) for r in range(model.rowCount())]


def test_the_list_loads_only_the_visible_page(qtbot, sofia, make_list) -> None:
    pages = Spy(sofia.cases, "list")
    rows = Spy(sofia.cases, "rows")
    ids = Spy(sofia.cases, "ids")
    widget = make_list(sofia)
    widget.table.viewport().repaint()  # every visible row painted, synchronously
    assert widget.model.rowCount() == 300
    assert [(q.limit, q.offset) for (q,) in pages.calls] == [(200, 0)]  # one page...
    assert rows.calls == []  # ...which came with its query, though only a screenful is shown
    assert ids.calls == []  # and no id below it: none of those rows was shown
    with qtbot.waitSignal(widget.ids_read):
        widget.table.scrollTo(widget.model.index(250, 0))
        widget.table.viewport().repaint()  # rows without their ids yet: read on a worker
    assert len(ids.calls) == 1  # one stretch, from the top (a first page is not a stretch)
    widget.table.viewport().repaint()
    assert [len(page) for (page,) in rows.calls] == [100]  # the page below, when scrolled to
    assert widget.model.data(widget.model.index(250, 0), ReferenceRole) is not None


def test_header_click_sorts_with_a_new_sql_query(qtbot, sofia, make_list) -> None:
    ids = Spy(sofia.cases, "list")
    widget = make_list(sofia)
    with qtbot.waitSignal(widget.cases_reloaded):
        header_click(qtbot, widget, "reference")
    query: CaseQuery = ids.calls[-1][0]
    assert query.sort in ("reference", "-reference")
    references = shown_column(widget, "reference")
    assert references == sorted(references, reverse=query.sort.startswith("-"))
    with qtbot.waitSignal(widget.cases_reloaded):
        header_click(qtbot, widget, "reference")
    assert ids.calls[-1][0].sort == ("reference" if query.sort.startswith("-") else "-reference")

    before = len(ids.calls)
    header_click(qtbot, widget, "subject")  # SQL cannot sort by it: nothing is queried
    qtbot.waitUntil(
        lambda: widget.table.horizontalHeader().sortIndicatorSection() == column_index("reference")
    )
    assert len(ids.calls) == before


def test_filters_become_sql_conditions(qtbot, sofia, make_list) -> None:
    pages = Spy(sofia.cases, "list")
    widget = make_list(sofia)
    escalated = widget.filters.statuses._actions[Status.ESCALATED.value]
    with qtbot.waitSignal(widget.cases_reloaded):
        escalated.trigger()  # what clicking it in the drop-down does
    assert pages.calls[-1][0].filter.statuses == (Status.ESCALATED,)
    assert set(shown_column(widget, "status")) == {"escalated"}
    assert widget.filters.statuses.text() == "Status: Escalated"
    assert widget.side.current_view() is None  # no longer the "All cases" view


def test_a_later_list_opens_no_case_nobody_picked(qtbot, sofia, make_list) -> None:
    """The first load selects its first row; once a search has left nothing selected, later
    lists leave it so (selecting their first row read a case, at 100,000 cases one of 5,000
    events, at every search or filter change), and the case picked is kept while listed."""
    widget = make_list(sofia)
    assert widget.current_case_id() == widget.model.case_id(0) is not None
    with qtbot.waitSignal(widget.cases_reloaded):
        widget.filters.search.setText("no case says zyzzyva")
        widget.filters.apply_search_now()
    assert widget.model.rowCount() == 0 and widget.current_case_id() is None
    with qtbot.waitSignal(widget.cases_reloaded):
        widget.apply_saved_view("all")
    assert widget.model.rowCount() > 0 and widget.current_case_id() is None
    widget.table.selectRow(2)
    picked = widget.current_case_id()
    with qtbot.waitSignal(widget.cases_reloaded):
        widget.apply_saved_view("open")
    assert picked is not None and widget.current_case_id() in (picked, None)
    assert (widget.current_case_id() is None) == (widget.model.row_of(picked) is None)


def test_a_filter_change_shows_its_first_page_before_its_count_off_the_gui_thread(
    qtbot, sofia, make_list
) -> None:
    """At 100,000 cases counting a view takes up to 100 ms: the window shows the page at once
    and counts on a worker, as on the first load; a case selected below the new list's first
    page stays selected (its place is looked up with the count, not by reading every id)."""
    threads: list[bool] = []
    original = sofia.cases.count

    def count(f: Any) -> Any:
        threads.append(threading.current_thread() is threading.main_thread())
        return original(f)

    sofia.cases.count = count  # type: ignore[method-assign]
    ids = Spy(sofia.cases, "ids")
    widget = make_list(sofia, view="escalated")
    picked = widget.current_case_id()
    widget.apply_saved_view("all")
    assert widget.model.rowCount() == 200 and widget.summary.text() == "Cases: more than 200"
    assert widget.ids_loading()
    with qtbot.waitSignal(widget.cases_reloaded) as loaded:
        pass
    assert loaded.args == [300] and not widget.ids_loading()
    assert widget.model.rowCount() == 300 and widget.summary.text() == "Cases: 300"
    assert threads == [False]  # once, on a worker
    everything = sofia.cases.ids(widget.model.query)
    if everything.index(picked) >= 200:  # below the first page: its stretch was read with it
        assert len(ids.calls) == 2
    assert widget.current_case_id() == picked  # the escalated case stays selected
    assert widget.model.case_id(widget.table.currentIndex().row()) == picked
    assert shown_ids(qtbot, widget) == everything


def test_search_with_quotes_and_operators_never_shows_an_error(qtbot, sofia, make_list) -> None:
    widget = make_list(sofia)
    seen: list[Any] = []
    watch(widget.ops, seen)
    found = {}
    for text in (
        '"tracking says',
        "deliver* OR (",
        "'); DROP TABLE cases;--",
        "NEAR(a b) AND -x",
        "*",
        "\\%_",
    ):
        widget.filters.search.clear()
        with qtbot.waitSignal(widget.cases_reloaded, timeout=3000) as reloaded:
            qtbot.keyClicks(widget.filters.search, text)
        found[text] = reloaded.args[0]
        assert seen == []
        assert widget.filter_error.isHidden()
    # Quotes and operators are ignored, the words still search.
    assert found['"tracking says'] > 0
    assert found["deliver* OR ("] > 0
    assert widget.model.rowCount() == found["\\%_"]


def test_search_is_debounced_and_finds_a_reference(qtbot, sofia, make_list) -> None:
    pages = Spy(sofia.cases, "list")
    widget = make_list(sofia)
    reference = widget.model.data(widget.model.index(5, 0), ReferenceRole)
    before = len(pages.calls)
    with qtbot.waitSignal(widget.cases_reloaded) as blocker:
        qtbot.keyClicks(widget.filters.search, reference)
    assert len(pages.calls) == before + 1  # one query for the whole burst of typing
    assert blocker.args == [1]
    assert widget.model.data(widget.model.index(0, 0), ReferenceRole) == reference


def test_saved_views_and_counts(qtbot, sofia, make_list) -> None:
    widget = make_list(sofia, view="escalated")
    qtbot.waitUntil(lambda: widget.side._status_group.childCount() > 0)
    assert set(shown_column(widget, "status")) == {"escalated"}
    counts = sofia.cases.counts(widget.filters.case_filter().__class__())
    group = widget.side._status_group
    shown = {group.child(i).text(0): group.child(i).text(1) for i in range(group.childCount())}
    assert shown["Escalated"] == str(counts["status"]["escalated"])

    signoff = next(
        widget.side.views.item(r)
        for r in range(widget.side.views.count())
        if widget.side.views.item(r).text() == "Awaiting my sign-off"
    )
    assert signoff.flags() & Qt.ItemFlag.ItemIsEnabled  # specialists are ranked in the policy
    with qtbot.waitSignal(widget.cases_reloaded) as shown:
        widget.apply_saved_view("awaiting-signoff")
    assert shown.args == [len(sofia.remedies.signable_case_ids())]

    with qtbot.waitSignal(widget.cases_reloaded):
        widget.apply_saved_view("my-open")
    assert widget.filters.case_filter().assignee == "sofia"
    assert not set(shown_column(widget, "status")) & {"resolved", "closed"}


def test_column_order_and_visibility_survive_recreating_the_view(
    qtbot, tmp_path, sofia, make_list
) -> None:
    path = str(tmp_path / "columns.ini")
    first = make_list(sofia, settings_=Settings(QSettings(path, QSettings.Format.IniFormat)))
    header = first.table.horizontalHeader()
    header.moveSection(header.visualIndex(column_index("assignee")), 0)
    menu = first.column_menu()
    channel = next(a for a in menu.actions() if a.text() == "Channel")
    channel.trigger()  # shown: it is hidden by default
    category = next(a for a in menu.actions() if a.text() == "Category")
    category.trigger()  # hidden
    order = [header.logicalIndex(v) for v in range(header.count())]
    first.save_columns()
    first.settings.sync()
    first.close()

    again = make_list(sofia, settings_=Settings(QSettings(path, QSettings.Format.IniFormat)))
    header = again.table.horizontalHeader()
    assert [header.logicalIndex(v) for v in range(header.count())] == order
    assert header.logicalIndex(0) == column_index("assignee")
    assert not header.isSectionHidden(column_index("channel"))
    assert header.isSectionHidden(column_index("category"))
    assert header.count() == len(COLUMNS)


def test_keyboard_moves_through_cases(qtbot, sofia, make_list) -> None:
    widget = make_list(sofia)
    first = widget.current_case_id()
    with qtbot.waitSignal(widget.current_case_changed) as blocker:
        widget.select_relative(1)
    assert blocker.args[0] == widget.model.case_id(1) != first
    widget.table.setFocus()
    with qtbot.waitSignal(widget.current_case_changed):
        QTest.keyClick(widget.table, Qt.Key.Key_Down)
    assert widget.current_case_id() == widget.model.case_id(2)


def test_tab_goes_from_search_through_the_filters_to_the_table(qtbot, sofia, make_list) -> None:
    widget = make_list(sofia)
    filters = widget.filters
    widget.activateWindow()
    filters.search.setFocus()
    qtbot.waitUntil(filters.search.hasFocus)
    qtbot.keyClick(filters.search, Qt.Key.Key_Tab)
    assert filters.statuses.hasFocus()
    filters.clear_button.setFocus()
    qtbot.keyClick(filters.clear_button, Qt.Key.Key_Tab)
    assert widget.table.hasFocus()
    qtbot.keyClick(widget.table, Qt.Key.Key_Tab)
    assert widget.side.views.hasFocus()
    assert widget.table.accessibleName() == "Cases"
    assert filters.search.accessibleName() == "Search cases"


# ---- the first load: a page at once, the other ids after the first paint ---------------------


@pytest.fixture
def first_load(qtbot, make_ops, settings, monkeypatch):  # type: ignore[no-untyped-def]
    """A shown list whose start() ran (the remembered view: all cases); the ids still load."""
    made: list[CaseListView] = []
    # As for a user with no work of their own: the remembered view is shown.
    monkeypatch.setattr("ui.views.case_list.view_with_work", lambda ctx: "open")

    def make(ctx) -> CaseListView:  # type: ignore[no-untyped-def]
        settings.saved_view = "all"
        widget = CaseListView(make_ops(ctx), settings)
        qtbot.addWidget(widget)
        widget.resize(1200, 600)
        widget.show()
        qtbot.waitExposed(widget)
        widget.start()
        made.append(widget)
        return widget

    yield make
    for widget in made:  # results still on their way would land in a later test
        qtbot.waitUntil(lambda w=widget: not w.ops.tasks._running, timeout=10_000)


def all_ids(ctx, widget: CaseListView) -> list[Any]:  # type: ignore[no-untyped-def]
    return ctx.cases.ids(widget.model.query)


def shown_ids(qtbot, widget: CaseListView) -> list[Any]:  # type: ignore[no-untyped-def]
    """Every row's case, its ids read where they were not yet (as scrolling there does)."""
    model = widget.model
    if any(model.case_id(r) is None for r in range(model.rowCount())):
        with qtbot.waitSignal(widget.ids_read):
            pass
    return [model.case_id(r) for r in range(model.rowCount())]


def test_the_first_load_shows_a_page_at_once_and_the_ids_after_it(qtbot, sofia, first_load) -> None:
    pages = Spy(sofia.cases, "list")
    ids = Spy(sofia.cases, "ids")
    rows = Spy(sofia.cases, "rows")
    widget = first_load(sofia)
    # Before the event loop ran: one page, "more than" it, the first case selected.
    assert [(q.limit, q.offset) for (q,) in pages.calls] == [(200, 0)]
    assert ids.calls == []
    assert widget.model.rowCount() == 200 and widget.ids_loading()
    assert widget.summary.text() == "Cases: more than 200"
    assert widget.current_case_id() == widget.model.case_id(0) is not None
    with qtbot.waitSignal(widget.cases_reloaded) as loaded:
        pass  # counted on a worker thread once the page has painted
    assert loaded.args == [300]
    assert not widget.ids_loading()
    assert widget.model.rowCount() == 300 and widget.summary.text() == "Cases: 300"
    assert ids.calls == []  # the ids below the page are read where the list is scrolled to
    assert shown_ids(qtbot, widget) == all_ids(sofia, widget)
    assert len(ids.calls) == 2  # one stretch (and the test's own all_ids)
    assert rows.calls == []  # the first page came with the page query
    assert widget.current_case_id() == widget.model.case_id(0)


def test_selection_and_scrolling_survive_the_ids_coming_in(qtbot, sofia, first_load) -> None:
    widget = first_load(sofia)
    widget.table.selectRow(150)
    widget.table.scrollTo(widget.model.index(150, 0))
    picked = widget.current_case_id()
    scrolled = widget.table.verticalScrollBar().value()
    assert picked is not None and scrolled > 0
    with (
        qtbot.assertNotEmitted(widget.current_case_changed),
        qtbot.assertNotEmitted(widget.model.modelReset),
        qtbot.waitSignal(widget.cases_reloaded),
    ):
        pass  # the ids come in
    assert widget.current_case_id() == picked
    assert widget.table.currentIndex().row() == 150
    assert widget.table.verticalScrollBar().value() == scrolled


def test_a_row_below_the_first_page_gets_its_case_when_its_ids_are_read(
    qtbot, sofia, make_list
) -> None:
    """A search whose total is known with its first page ("example", every demo customer's
    e-mail domain: 300 of 300) sizes the list for all of them; a row below the page has no
    id until its stretch of ids is read."""
    widget = make_list(sofia)
    widget.filters.search.setText("example")
    widget.filters.apply_search_now()
    assert widget.model.rowCount() == 300 and not widget.ids_loading()
    assert widget.summary.text() == "Cases: 300"
    assert widget.model.data(widget.model.index(250, 0)) == "…"
    widget.table.selectRow(250)  # no id there yet
    assert widget.current_case_id() is None
    with qtbot.waitSignal(widget.current_case_changed) as changed:
        pass
    assert changed.args == [widget.model.case_id(250)]
    assert widget.current_case_id() == all_ids(sofia, widget)[250]


def test_a_case_added_between_the_page_and_the_count_is_shown_where_it_belongs(
    qtbot, sofia, first_load
) -> None:
    widget = first_load(sofia)
    selected = widget.current_case_id()
    sofia.cases.create(draft("Added by a colleague meanwhile"))  # not through this window
    with qtbot.waitSignal(widget.cases_reloaded) as loaded:
        pass
    assert loaded.args == [301]
    assert shown_ids(qtbot, widget) == all_ids(sofia, widget)  # it comes first, read with them
    assert widget.model.data(widget.model.index(0, 0), ReferenceRole) is not None  # its row too
    assert widget.summary.text() == "Cases: 301"
    assert widget.current_case_id() == selected  # the selection followed its case
    assert widget.model.case_id(widget.table.currentIndex().row()) == selected


def test_a_reload_while_the_count_runs_is_not_undone_by_it(qtbot, sofia, first_load) -> None:
    started, release = threading.Event(), threading.Event()
    original = sofia.cases.count

    def count_held_on_workers(f: Any) -> Any:
        if threading.current_thread() is not threading.main_thread():
            started.set()
            release.wait(10)
        return original(f)

    sofia.cases.count = count_held_on_workers  # type: ignore[method-assign]
    widget = first_load(sofia)
    qtbot.waitUntil(started.is_set)  # the first load's count runs on a worker
    escalated = widget.filters.statuses._actions[Status.ESCALATED.value]
    with qtbot.waitSignal(widget.cases_reloaded) as filtered:
        escalated.trigger()
    release.set()
    widget.ops.shutdown()  # the held count finishes, its result comes back...
    qtbot.wait(50)
    assert set(shown_column(widget, "status")) == {"escalated"}  # ...and is dropped
    assert widget.model.rowCount() == filtered.args[0] < 300


def test_a_search_is_counted_up_to_a_bound_and_grows_as_it_is_scrolled(
    qtbot, sofia, make_list, monkeypatch
) -> None:
    """A word search says "more than" its bound instead of counting every match (a common
    word at 100,000 cases: 60,000); scrolled to its end, the ids read below make it whole."""
    from resolution_center.services import cases

    monkeypatch.setattr(cases, "SEARCH_COUNT_BOUND", 250)
    widget = make_list(sofia)
    every_status = CaseFilter(search="example", statuses=tuple(Status))
    with qtbot.waitSignal(widget.cases_reloaded) as counted:
        # Every demo customer's e-mail (300 of 300); with a status filter beside the word, its
        # first page is read without counting (a word alone may be counted with its page).
        widget.filters.set_filter(every_status)
    assert counted.args == [250] and widget.model.rowCount() == 250
    assert widget.summary.text() == "Cases: more than 250"
    with qtbot.waitSignal(widget.ids_read):
        widget.table.scrollToBottom()
        widget.table.viewport().repaint()
    assert widget.model.rowCount() == 300 and widget.summary.text() == "Cases: 300"
    assert shown_ids(qtbot, widget) == all_ids(sofia, widget)


def test_ids_that_cannot_be_read_say_so_once(qtbot, sofia, make_list) -> None:
    """The database goes away while the list is scrolled: the rows below say "(not
    available)" and one error says why (with Retry), not "…" for ever or an error a paint."""
    from resolution_center.domain.errors import EnvironmentFault

    widget = make_list(sofia)
    seen: list[Any] = []
    watch(widget.ops, seen)

    def gone(*_args: Any, **_kwargs: Any) -> Any:
        raise EnvironmentFault("the database file is gone")

    sofia.cases.ids = gone  # type: ignore[method-assign]
    widget.table.scrollTo(widget.model.index(250, 0))
    widget.table.viewport().repaint()
    qtbot.waitUntil(lambda: len(seen) == 1)
    qtbot.waitUntil(lambda: widget.model.data(widget.model.index(250, 0)) == "(not available)")
    widget.table.viewport().repaint()
    qtbot.wait(100)
    assert len(seen) == 1
    assert seen[0].objectName() == "environmentError" and "gone" in seen[0].text()
