"""Every Qt model passes qtmodeltester; the case table holds ids and loads rows by the page."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from resolution_center.domain.case import CaseQuery, CaseRow, Channel, Priority, Status, Tier
from resolution_center.domain.errors import EnvironmentFault
from resolution_center.domain.ids import CaseId
from resolution_center.domain.trail_text import TrailText
from tests.ui.conftest import cases
from ui.models.audit_trail import (
    COLUMNS,
    ActionRole,
    ActorRole,
    AuditTrailFilter,
    AuditTrailModel,
    HashOkRole,
    SeqRole,
    prepare,
)
from ui.models.case_table import (
    MAX_CHUNKS,
    CaseIdRole,
    CaseRowRole,
    CaseTableModel,
    PriorityRole,
    ReferenceRole,
    SlaStateRole,
    StatusRole,
    column_index,
)
from ui.models.notes import NotesModel, ToCustomerRole
from ui.models.order_items import OrderItemsModel

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def fake_row(case_id: int) -> CaseRow:
    return CaseRow(
        CaseId(case_id),
        f"RC-2026-{case_id:06d}",
        f"Subject {case_id}",
        "Zoë",
        "ORD-1",
        "product-defect",
        Priority.HIGH,
        Status.OPEN,
        Tier.FRONTLINE,
        Channel.EMAIL,
        None,
        NOW,
        NOW,
        NOW + timedelta(hours=2),
        NOW + timedelta(hours=1),
        None,
    )


class CountingFetcher:
    """Stands in for CaseService.rows and records what the model asked for."""

    def __init__(self, fail: bool = False) -> None:
        self.calls: list[list[CaseId]] = []
        self.fail = fail

    def __call__(self, ids: list[CaseId]) -> dict[CaseId, CaseRow]:
        self.calls.append(list(ids))
        if self.fail:
            raise EnvironmentFault("the database went away")
        return {i: fake_row(i) for i in ids}


def test_case_table_passes_modeltester_on_real_rows(qtmodeltester, ws) -> None:
    alice = ws.login("alice")
    cases(alice, [f"Kettle {n}" for n in range(7)])
    model = CaseTableModel(alice.cases.rows, alice.now, page_size=3)
    query = CaseQuery()
    model.set_ids(alice.cases.ids(query), query)
    qtmodeltester.check(model)
    assert model.rowCount() == 7
    first = model.index(0, 0)
    assert model.data(first, ReferenceRole).startswith("RC-")
    assert model.data(first, CaseIdRole) == model.case_id(0)
    assert model.data(first, StatusRole) == "new"
    assert model.data(first, PriorityRole) == "normal"
    assert model.data(first, SlaStateRole) in ("on-time", "due-soon", "overdue")
    assert isinstance(model.data(first, CaseRowRole), CaseRow)
    assert model.roleNames()[CaseIdRole].data() == b"caseId"
    # Rows are picked, never edited in place (Qt's own flags: no call into Python for them).
    flags = model.flags(first)
    assert flags & Qt.ItemFlag.ItemIsSelectable and flags & Qt.ItemFlag.ItemIsEnabled
    assert not flags & Qt.ItemFlag.ItemIsEditable


def test_a_hundred_thousand_ids_load_one_page_only(qtbot) -> None:
    fetch = CountingFetcher()
    model = CaseTableModel(fetch, lambda: NOW)
    ids = [CaseId(i) for i in range(100_000, 0, -1)]
    started = time.perf_counter()
    model.set_ids(ids, CaseQuery())
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(800, 400)
    view.show()
    qtbot.waitUntil(lambda: bool(fetch.calls))
    elapsed = time.perf_counter() - started
    view.viewport().repaint()  # a whole synchronous paint of every visible row
    assert model.rowCount() == 100_000
    assert len(fetch.calls) == 1 and len(fetch.calls[0]) == 200
    assert fetch.calls[0][0] == CaseId(100_000)
    assert elapsed < 2.0, elapsed

    view.scrollToBottom()
    view.viewport().repaint()
    assert fetch.calls[1][-1] == CaseId(1)  # the last page, nothing in between
    assert model.cached_pages() == [0, 499]


def test_page_cache_forgets_the_least_recently_used_page() -> None:
    fetch = CountingFetcher()
    model = CaseTableModel(fetch, lambda: NOW, page_size=10, max_pages=2)
    model.set_ids([CaseId(i) for i in range(1, 101)], CaseQuery())
    for row in (0, 15, 5, 25):  # pages 0, 1, 0 (cached), 2
        model.data(model.index(row, 0))
    assert len(fetch.calls) == 3
    assert model.cached_pages() == [0, 2]  # page 1 was used least recently
    model.data(model.index(15, 0))
    assert len(fetch.calls) == 4


def test_invalidate_reloads_only_the_page_holding_the_case() -> None:
    fetch = CountingFetcher()
    model = CaseTableModel(fetch, lambda: NOW, page_size=10)
    model.set_ids([CaseId(i) for i in range(1, 31)], CaseQuery())
    for row in (0, 10, 20):
        model.data(model.index(row, 0))
    model.invalidate([15])  # row 14: page 1
    assert sorted(model.cached_pages()) == [0, 2]


def test_a_page_that_fails_to_load_is_reported_once(qtbot) -> None:
    model = CaseTableModel(CountingFetcher(fail=True), lambda: NOW, page_size=10)
    model.set_ids([CaseId(i) for i in range(1, 21)], CaseQuery())
    with qtbot.waitSignal(model.load_failed) as blocker:
        assert model.data(model.index(0, 0)) == "(not available)"
        assert model.data(model.index(1, 0)) == "(not available)"
    assert isinstance(blocker.args[0], EnvironmentFault)
    assert len(model._failed) == 1


def test_first_rows_show_at_once_and_the_ids_below_are_read_where_shown(
    qtbot, qtmodeltester
) -> None:
    fetch = CountingFetcher()
    model = CaseTableModel(fetch, lambda: NOW, page_size=10, id_chunk=20)
    ids = [CaseId(i) for i in range(50, 0, -1)]
    model.set_first_rows([fake_row(i) for i in ids[:10]], 50, CaseQuery())
    qtmodeltester.check(model)
    assert model.rowCount() == 50  # the scroll bar is sized for the whole list at once
    assert not model.ids_complete()
    assert model.data(model.index(0, 0), ReferenceRole) == "RC-2026-000050"
    with qtbot.waitSignal(model.ids_wanted) as wanted:
        assert model.data(model.index(30, 0)) == "…"  # no id yet: shown as loading
        assert model.data(model.index(30, 1)) is None
        assert model.case_id(31) is None
    # One stretch asked for, once (rows 20-39), after the paint that needed it.
    assert wanted.args == [model.generation, 20, 20]
    assert fetch.calls == []  # the first page came with the rows

    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b: changed.append((a.row(), b.row())))
    with qtbot.assertNotEmitted(model.modelReset), qtbot.assertNotEmitted(model.rowsInserted):
        assert model.add_ids(model.generation, 20, ids[20:40])
    assert changed == [(20, 39)]  # only the rows read
    assert model.case_id(30) == CaseId(20) and model.row_of(CaseId(20)) == 30
    assert model.data(model.index(30, 0), ReferenceRole) == "RC-2026-000020"
    assert fetch.calls == [ids[30:40]]
    assert model.case_id(15) is None  # rows 10-19 (the first stretch past the page) not read
    assert not model.ids_complete()
    qtmodeltester.check(model)


def test_ids_that_cannot_be_read_show_as_not_available_until_a_refresh(qtbot) -> None:
    model = CaseTableModel(CountingFetcher(), lambda: NOW, page_size=10, id_chunk=20)
    ids = [CaseId(i) for i in range(50, 0, -1)]
    model.set_first_rows([fake_row(i) for i in ids[:10]], 50, CaseQuery())
    with qtbot.waitSignal(model.ids_wanted) as wanted:
        model.data(model.index(30, 0))
    model.ids_failed(*wanted.args[:2])  # the database went away meanwhile
    assert model.data(model.index(30, 0)) == "(not available)"
    with qtbot.assertNotEmitted(model.ids_wanted, wait=20):
        assert model.case_id(30) is None  # not asked for again (no error after every paint)
    model.invalidate()  # F5: asked for again
    with qtbot.waitSignal(model.ids_wanted):
        assert model.data(model.index(30, 0)) == "…"
    assert model.add_ids(model.generation, 20, ids[20:40])
    assert model.data(model.index(30, 0), ReferenceRole) == "RC-2026-000020"


def test_ids_read_for_a_list_replaced_since_change_nothing(qtbot) -> None:
    model = CaseTableModel(CountingFetcher(), lambda: NOW, page_size=10, id_chunk=20)
    ids = [CaseId(i) for i in range(50, 0, -1)]
    model.set_first_rows([fake_row(i) for i in ids[:10]], 50, CaseQuery())
    old = model.generation
    model.set_first_rows([fake_row(i) for i in ids[1:11]], 49, CaseQuery())
    with qtbot.assertNotEmitted(model.dataChanged):
        assert not model.add_ids(old, 20, ids[20:40])
    assert model.case_id(30) is None and model.case_id(0) == CaseId(49)


def test_the_ids_kept_are_bounded_and_read_again_when_shown_again(qtbot) -> None:
    model = CaseTableModel(CountingFetcher(), lambda: NOW, page_size=10, id_chunk=10)
    total = (MAX_CHUNKS + 2) * 10
    ids = [CaseId(i) for i in range(total, 0, -1)]
    model.set_first_rows([fake_row(i) for i in ids[:10]], total, CaseQuery())
    for first in range(10, total, 10):
        model.add_ids(model.generation, first, ids[first : first + 10])
    assert model.case_id(total - 1) == CaseId(1)
    assert model.case_id(5) is None  # the first stretches were dropped, oldest first
    with qtbot.waitSignal(model.ids_wanted) as wanted:
        model.data(model.index(5, 0))
    assert wanted.args == [model.generation, 0, 10]


def test_the_count_grows_or_shrinks_the_list_below_what_is_shown(qtbot, qtmodeltester) -> None:
    """A common word's first page says only "more than 10": its count brings the rest as new
    rows below it, so what is shown, selected and scrolled to does not move; a stretch of ids
    that ends early (cases changed since the count) takes the rows past it off."""
    model = CaseTableModel(CountingFetcher(), lambda: NOW, page_size=10, id_chunk=100)
    ids = [CaseId(i) for i in range(500, 0, -1)]
    model.set_first_rows([fake_row(i) for i in ids[:10]], 10, CaseQuery())
    assert model.rowCount() == 10 and model.ids_complete()
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    with qtbot.assertNotEmitted(model.modelReset):
        model.set_total(500)
    assert inserted == [(10, 499)]
    assert model.rowCount() == 500 and model.case_id(0) == CaseId(500)
    qtmodeltester.check(model)

    removed: list[tuple[int, int]] = []
    model.rowsRemoved.connect(lambda _parent, first, last: removed.append((first, last)))
    with qtbot.assertNotEmitted(model.modelReset):
        assert model.add_ids(model.generation, 400, ids[400:499])  # one case fewer now
    assert removed == [(499, 499)] and model.rowCount() == 499
    assert model.case_id(498) == CaseId(2)
    qtmodeltester.check(model)


def test_a_list_of_more_than_its_count_grows_as_its_ids_are_read(qtbot, qtmodeltester) -> None:
    """A common word is counted only up to a bound: its list says "more than" and grows by
    the stretches of ids read below, until a stretch ends; then its total is exact."""
    model = CaseTableModel(CountingFetcher(), lambda: NOW, page_size=10, id_chunk=20)
    ids = [CaseId(i) for i in range(35, 0, -1)]
    model.set_first_rows([fake_row(i) for i in ids[:10]], 10, CaseQuery(), exact=False)
    model.set_total(15, exact=False)  # the bound
    assert model.rowCount() == 15 and not model.total_exact
    assert model.add_ids(model.generation, 0, ids[:20])
    assert model.rowCount() == 21 and not model.total_exact  # one row more: it may go on
    with qtbot.waitSignal(model.ids_wanted) as wanted:
        assert model.case_id(20) is None
    assert wanted.args == [model.generation, 20, 20]
    assert model.add_ids(model.generation, 20, ids[20:])  # 15 of 20: the list ends there
    assert model.rowCount() == 35 and model.total_exact
    assert model.case_id(34) == CaseId(1)
    qtmodeltester.check(model)


def test_the_ids_of_a_selection_beyond_the_kept_stretches_are_all_given() -> None:
    """A bulk action on every row of a long list reads the stretches not read yet, more than
    the model keeps, and gets every case in the list's order."""
    total = (MAX_CHUNKS + 3) * 10
    ids = [CaseId(i) for i in range(total, 0, -1)]
    reads: list[tuple[int, int]] = []

    def fetch_ids(_query: CaseQuery, offset: int, limit: int) -> list[CaseId]:
        reads.append((offset, limit))
        return ids[offset : offset + limit]

    model = CaseTableModel(
        CountingFetcher(), lambda: NOW, fetch_ids=fetch_ids, page_size=10, id_chunk=10
    )
    model.set_first_rows([fake_row(i) for i in ids[:10]], total, CaseQuery())
    assert model.ids_of_rows(reversed(range(total + 5))) == ids  # past the end: left out
    assert len(reads) == MAX_CHUNKS + 3
    assert model.ids_of_rows([3, 105]) == [ids[3], ids[105]]


def test_a_short_first_page_is_the_whole_list() -> None:
    model = CaseTableModel(CountingFetcher(), lambda: NOW, page_size=10)
    model.set_first_rows([fake_row(i) for i in (3, 2, 1)], 3, CaseQuery())
    assert model.ids_complete() and model.rowCount() == 3


def test_sort_asks_for_sql_and_ignores_unsortable_columns(qtbot) -> None:
    model = CaseTableModel(CountingFetcher(), lambda: NOW)
    with qtbot.waitSignal(model.sort_requested) as blocker:
        model.sort(column_index("priority"), Qt.SortOrder.DescendingOrder)
    assert blocker.args == ["-priority"]
    with qtbot.assertNotEmitted(model.sort_requested):
        model.sort(column_index("subject"), Qt.SortOrder.AscendingOrder)


@pytest.fixture
def busy_case(ws):  # type: ignore[no-untyped-def]
    alice, bob = ws.login("alice"), ws.login("bob")
    case = cases(alice, ["Kettle leaks"])[0]
    alice.cases.update(case.id, 1, {"subject": "Kettle leaks badly", "tags": "wet,kitchen"})
    bob.cases.assign(case.id, "bob")
    alice.cases.add_note(case.id, "Called the customer", to_customer=True)
    bob.cases.escalate(case.id, "needs a senior")
    return alice, case


def test_audit_trail_model_and_filter_pass_modeltester(qtmodeltester, busy_case) -> None:
    alice, case = busy_case
    trail = alice.audit.case_trail(case.id)
    model = AuditTrailModel()
    model.set_entries(trail)
    qtmodeltester.check(model)
    assert [model.data(model.index(r, 0), SeqRole) for r in range(model.rowCount())] == [
        e.event.seq for e in trail
    ]
    assert all(model.data(model.index(r, 0), HashOkRole) for r in range(model.rowCount()))
    assert model.roleNames()[SeqRole].data() == b"seq"
    changes = [model.data(model.index(r, 5)) for r in range(model.rowCount())]
    assert "Subject Kettle leaks → Kettle leaks badly; Tags — → wet, kitchen" in changes
    assert "Escalated to the senior tier (from frontline), waiting in its queue" in changes

    proxy = AuditTrailFilter()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.set_actor("bob")
    assert {proxy.data(proxy.index(r, 0), ActorRole) for r in range(proxy.rowCount())} == {"bob"}
    assert proxy.rowCount() == 2
    proxy.set_actor(None)
    proxy.set_action("note.added")
    assert [proxy.data(proxy.index(r, 0), ActionRole) for r in range(proxy.rowCount())] == [
        "note.added"
    ]
    qtmodeltester.check(proxy)


def test_a_trails_words_are_worked_out_for_the_rows_shown_only(busy_case) -> None:
    """A case of 5,000 events spent half its load working out every event's words; a view
    asks only for the rows it paints."""
    alice, case = busy_case
    asked: list[int] = []
    text = TrailText(alice.taxonomy)
    summary = text.summary

    def counted(entry):  # type: ignore[no-untyped-def]
        asked.append(entry.event.seq)
        return summary(entry)

    text.summary = counted  # type: ignore[method-assign]
    trail = alice.audit.case_trail(case.id)
    model = AuditTrailModel()
    model.set_entries(prepare(trail, text))
    assert asked == []
    last = model.index(model.rowCount() - 1, COLUMNS.index("change"))
    first = model.data(last)
    assert model.data(last) == first and model.data(last, Qt.ItemDataRole.ToolTipRole) == first
    assert asked == [trail[-1].event.seq]  # once, and only that row's
    assert "Escalated to the senior tier" in first


def test_notes_and_order_items_pass_modeltester(qtmodeltester, busy_case) -> None:
    alice, case = busy_case
    notes = NotesModel()
    notes.set_notes(alice.cases.notes(case.id))
    qtmodeltester.check(notes)
    assert notes.rowCount() == 1
    assert notes.data(notes.index(0, 0), ToCustomerRole) is True
    assert "Called the customer" in notes.data(notes.index(0, 0))

    items = OrderItemsModel()
    items.set_items(alice.cases.get(case.id).order.items)
    qtmodeltester.check(items)
    assert items.data(items.index(0, 5)) == "120.00 EUR"  # Money.format()
