"""The case list: a page of rows, sorting and filtering in SQL, safe search, remembered columns."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest

from resolution_center.domain.case import CaseQuery, Status
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
    rows = Spy(sofia.cases, "rows")
    widget = make_list(sofia)
    qtbot.waitUntil(lambda: bool(rows.calls))
    widget.table.viewport().repaint()  # every visible row painted, synchronously
    assert widget.model.rowCount() == 300
    assert len(rows.calls) == 1
    assert len(rows.calls[0][0]) == 200  # one page, though only a screenful is shown


def test_header_click_sorts_with_a_new_sql_query(qtbot, sofia, make_list) -> None:
    ids = Spy(sofia.cases, "ids")
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
    ids = Spy(sofia.cases, "ids")
    widget = make_list(sofia)
    escalated = widget.filters.statuses._actions[Status.ESCALATED.value]
    with qtbot.waitSignal(widget.cases_reloaded):
        escalated.trigger()  # what clicking it in the drop-down does
    assert ids.calls[-1][0].filter.statuses == (Status.ESCALATED,)
    assert set(shown_column(widget, "status")) == {"escalated"}
    assert widget.filters.statuses.text() == "Status: Escalated"
    assert widget.side.current_view() is None  # no longer the "All cases" view


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
    ids = Spy(sofia.cases, "ids")
    widget = make_list(sofia)
    reference = widget.model.data(widget.model.index(5, 0), ReferenceRole)
    before = len(ids.calls)
    with qtbot.waitSignal(widget.cases_reloaded) as blocker:
        qtbot.keyClicks(widget.filters.search, reference)
    assert len(ids.calls) == before + 1  # one query for the whole burst of typing
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
