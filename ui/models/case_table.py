"""The case list's model: the ordered ids of a SQL query, rows loaded lazily in cached pages."""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from resolution_center.domain.case import CaseQuery, CaseRow, Status
from resolution_center.domain.ids import CaseId
from resolution_center.domain.sla import SlaState, sla_state

from ..formatting import local_time
from ..labels import channel_label, priority_label, sla_label, status_label, tier_label
from ..style import PRIORITY_COLOURS, SLA_COLOURS, dot_icon

translate = QCoreApplication.translate  # a name pyside6-lupdate recognises

RowsFetcher = Callable[[list[CaseId]], dict[CaseId, CaseRow]]
IdsFetcher = Callable[[CaseQuery, int, int], list[CaseId]]
"""(query, offset, limit) -> that stretch of the query's ids."""
Index = QModelIndex | QPersistentModelIndex

PAGE_SIZE = 200
MAX_PAGES = 25  # 5,000 rows kept: several screens of scrolling back and forth
ID_CHUNK = 5_000  # ids read at a time where the list is scrolled to (one offset walk each)
MAX_CHUNKS = 8  # 40,000 ids kept

CaseIdRole = Qt.ItemDataRole.UserRole + 1
ReferenceRole = Qt.ItemDataRole.UserRole + 2
StatusRole = Qt.ItemDataRole.UserRole + 3
PriorityRole = Qt.ItemDataRole.UserRole + 4
SlaStateRole = Qt.ItemDataRole.UserRole + 5
CaseRowRole = Qt.ItemDataRole.UserRole + 6
"""The whole CaseRow, or None while (or if) it is not loaded."""

ROLE_NAMES = {
    CaseIdRole: b"caseId",
    ReferenceRole: b"reference",
    StatusRole: b"status",
    PriorityRole: b"priority",
    SlaStateRole: b"slaState",
    CaseRowRole: b"caseRow",
}

CLOSED = (Status.RESOLVED, Status.CLOSED)


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: Callable[[], str]
    sort: str | None  # the CaseQuery sort key, None where SQL cannot sort by it yet


COLUMNS: tuple[Column, ...] = (
    Column("reference", lambda: translate("CaseTableModel", "Reference"), "reference"),
    Column("subject", lambda: translate("CaseTableModel", "Subject"), None),
    Column("customer", lambda: translate("CaseTableModel", "Customer"), None),
    Column("order", lambda: translate("CaseTableModel", "Order"), None),
    Column("category", lambda: translate("CaseTableModel", "Category"), None),
    Column("priority", lambda: translate("CaseTableModel", "Priority"), "priority"),
    Column("status", lambda: translate("CaseTableModel", "Status"), "status"),
    Column("tier", lambda: translate("CaseTableModel", "Tier"), None),
    Column("channel", lambda: translate("CaseTableModel", "Channel"), None),
    Column("assignee", lambda: translate("CaseTableModel", "Assignee"), None),
    Column("sla", lambda: translate("CaseTableModel", "SLA"), "due"),
    Column("due", lambda: translate("CaseTableModel", "Resolution due"), "due"),
    Column("created", lambda: translate("CaseTableModel", "Created"), "created"),
    Column("updated", lambda: translate("CaseTableModel", "Updated"), "updated"),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)
DEFAULT_HIDDEN = ("order", "tier", "channel", "due", "created")


def column_index(key: str) -> int:
    return COLUMN_KEYS.index(key)


def row_sla(row: CaseRow, now: datetime) -> SlaState:
    return sla_state(row, now)


def nearest_due(row: CaseRow) -> datetime:
    if row.first_responded_at is None:
        return min(row.resolution_due, row.first_response_due)
    return row.resolution_due


class CaseTableModel(QAbstractTableModel):
    """Holds the ids of the rows around those shown; a row is fetched with its page of 200 when
    first shown.

    Sorting and filtering are new SQL queries (the view runs them and calls `set_first_rows`
    with their first page, then `set_total` with their count). The ids below the first page
    are read a stretch of ID_CHUNK at a time where the list is scrolled to, on a worker
    (`ids_wanted`, answered by `add_ids`): 100,000 cases cost a page, a count and the
    stretches looked at, never every id or 100,000 row objects.
    """

    load_failed = Signal(object)
    """A page could not be loaded (the exception); the view hands it to the error presenter."""
    sort_requested = Signal(str)
    """The user clicked a sortable header: the CaseQuery sort key ('-due' for descending)."""
    ids_wanted = Signal(int, int, int)
    """(generation, offset, limit): rows are shown whose ids are not read yet. The view reads
    them on a worker and hands them to `add_ids` with the same generation."""

    def __init__(
        self,
        fetch_rows: RowsFetcher,
        clock: Callable[[], datetime],
        *,
        fetch_ids: IdsFetcher | None = None,
        category_label: Callable[[str], str] = str,
        page_size: int = PAGE_SIZE,
        max_pages: int = MAX_PAGES,
        id_chunk: int = ID_CHUNK,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch_rows
        self._fetch_ids = fetch_ids
        self._clock = clock
        self._category_label = category_label
        self.page_size = page_size
        self.max_pages = max_pages
        self.id_chunk = max(page_size, id_chunk - id_chunk % page_size)  # whole pages
        self.generation = 0
        self._rows = 0
        self.total_exact = True  # false: more rows than `rowCount` may follow
        self._chunks: OrderedDict[int, list[CaseId]] = OrderedDict()
        self._whole: set[int] = set()  # chunks read to their end (the first may be one page)
        self._wanted: set[int] = set()
        self._unread: set[int] = set()  # chunks whose reading failed (shown as not available)
        self._positions: dict[CaseId, int] | None = None
        self._pages: OrderedDict[int, dict[CaseId, CaseRow]] = OrderedDict()
        self._failed: set[int] = set()
        self._now = clock()
        self.query = CaseQuery(limit=1)
        self.sort_column = column_index("updated")

    # ---- feeding -----------------------------------------------------------------------------
    def set_ids(self, ids: Sequence[CaseId], query: CaseQuery) -> None:
        """A whole list of ids (tests, and lists known whole)."""
        self._reset(query, len(ids))
        for first in range(0, len(ids), self.id_chunk):
            self._chunks[first // self.id_chunk] = list(ids[first : first + self.id_chunk])
            self._whole.add(first // self.id_chunk)
        self.endResetModel()

    def set_first_rows(
        self, rows: Sequence[CaseRow], total: int, query: CaseQuery, *, exact: bool = True
    ) -> None:
        """Show a query's first rows, and room for `total` of them.

        `rows` (at most a page, in the query's order) become the first cached page; the
        other rows read as loading until their ids are read (`ids_wanted`). `set_total`
        corrects the number of rows once the query is counted; not `exact`: more may match.
        """
        rows = rows[: self.page_size]
        self._reset(query, max(total, len(rows)))
        self.total_exact = exact
        if rows:
            self._chunks[0] = [CaseId(r.id) for r in rows]
            self._pages[0] = {CaseId(r.id): r for r in rows}
            if len(rows) >= self._rows:
                self._whole.add(0)
        self.endResetModel()

    def _reset(self, query: CaseQuery, rows: int) -> None:
        self.beginResetModel()
        self.generation += 1  # ids still being read for the list before are dropped
        self._rows = rows
        self.total_exact = True
        self._chunks.clear()
        self._whole.clear()
        self._wanted.clear()
        self._unread.clear()
        self._positions = None
        self._pages.clear()
        self._failed.clear()
        self._now = self._clock()
        self.query = query

    def set_total(self, total: int, *, exact: bool = True) -> None:
        """The query's count: rows are added below those shown, or taken off the end, and
        what is shown does not move (selection, scroll position, painted rows). Not `exact`:
        at least `total` (a word search counted up to its bound); the list then grows as the
        ids below are read, until a stretch of them ends."""
        self.total_exact = exact
        shown = self._rows
        if total > shown:
            self.beginInsertRows(QModelIndex(), shown, total - 1)
            self._rows = total
            # A stretch that ended with the list no longer does: the ids past it are asked for.
            full = self.id_chunk
            self._whole = {c for c in self._whole if len(self._chunks.get(c, ())) == full}
            self.endInsertRows()
        elif total < shown:
            self.beginRemoveRows(QModelIndex(), total, shown - 1)
            self._rows = total
            self._forget_rows_from(total)
            self.endRemoveRows()

    def _forget_rows_from(self, row: int) -> None:
        for chunk in [c for c in self._chunks if (c + 1) * self.id_chunk > row]:
            first = chunk * self.id_chunk
            if first >= row:
                del self._chunks[chunk]
            else:
                del self._chunks[chunk][row - first :]
        self._positions = None

    def add_ids(self, generation: int, offset: int, ids: Sequence[CaseId]) -> bool:
        """The ids `ids_wanted` asked for, from row `offset` on. False (nothing changed) for
        a list replaced since. Fewer than asked for means the list ends there (cases
        changed since it was counted): rows past them are taken off."""
        if generation != self.generation:
            return False
        chunk = offset // self.id_chunk
        self._wanted.discard(chunk)
        self._unread.discard(chunk)
        for page in range(offset // self.page_size, (offset + self.id_chunk) // self.page_size):
            cached = self._pages.get(page)
            first = page * self.page_size - offset
            if cached is not None and list(cached) != ids[first : first + self.page_size]:
                del self._pages[page]  # other cases there now: their rows are read again
        self._chunks[chunk] = list(ids)
        self._chunks.move_to_end(chunk)
        self._whole.add(chunk)
        while len(self._chunks) > MAX_CHUNKS:
            dropped, _ = self._chunks.popitem(last=False)
            self._whole.discard(dropped)
        self._positions = None
        asked = min(self.id_chunk, self._rows - offset) if self.total_exact else self.id_chunk
        if len(ids) < asked:
            self.set_total(offset + len(ids))  # the list ends there
        elif not self.total_exact and offset + len(ids) >= self._rows:
            # It may go on: one row more, whose id is asked for when it is shown.
            self.set_total(offset + len(ids) + 1, exact=False)
        last = min(offset + len(ids), self._rows) - 1
        if last >= offset:
            self.dataChanged.emit(self.index(offset, 0), self.index(last, len(COLUMNS) - 1))
        return True

    def ids_of_rows(self, rows: Iterable[int]) -> list[CaseId]:
        """The cases of these rows in the list's order, reading on this thread the stretches of
        ids not read yet (a bulk action on a selection reaching far down the list). Rows past
        the list's end are left out."""
        wanted = sorted(r for r in set(rows) if 0 <= r < self._rows)
        out: list[CaseId] = []
        for chunk, group in itertools.groupby(wanted, key=lambda r: r // self.id_chunk):
            offset = chunk * self.id_chunk
            ids = self._chunks.get(chunk)
            if chunk not in self._whole and self._fetch_ids is not None:
                ids = self._fetch_ids(self.query, offset, self.id_chunk)
                self.add_ids(self.generation, offset, ids)
            # Collected as they are read: the stretches kept are bounded (MAX_CHUNKS), and a
            # selection of every row of 100,000 reaches more of them than are kept.
            out.extend(ids[r - offset] for r in group if ids is not None and r - offset < len(ids))
        return out

    def ids_complete(self) -> bool:
        """Whether every row's id is read (false for a long list until it is scrolled through)."""
        return sum(len(c) for c in self._chunks.values()) >= self._rows

    def invalidate(self, case_ids: Iterable[int] | None = None) -> None:
        """Forget cached rows (all, or the pages holding these ids) and repaint them."""
        self._now = self._clock()
        if case_ids is None:
            pages = set(self._pages) | self._failed
            self._unread.clear()
        else:
            pages = {
                row // self.page_size
                for i in case_ids
                if (row := self.row_of(CaseId(i))) is not None
            }
        for page in pages:
            self._pages.pop(page, None)
            self._failed.discard(page)
            first = page * self.page_size
            last = min(first + self.page_size, self._rows) - 1
            if last >= first:
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def tick(self) -> None:
        """Time moved on: SLA states and countdowns are recomputed (no database access)."""
        self._now = self._clock()
        if self._rows:
            column = column_index("sla")
            self.dataChanged.emit(self.index(0, column), self.index(self._rows - 1, column))

    # ---- lookups -----------------------------------------------------------------------------
    def case_id(self, row: int) -> CaseId | None:
        """The row's case, None if there is no such row or its id is not read yet (it is then
        asked for)."""
        if not 0 <= row < self._rows:
            return None
        chunk, at = divmod(row, self.id_chunk)
        ids = self._chunks.get(chunk)
        if ids is not None and at < len(ids):
            return ids[at]
        if chunk not in self._whole and chunk not in self._unread:
            self._want(chunk)
        return None

    def ids_failed(self, generation: int, offset: int) -> None:
        """The ids `ids_wanted` asked for could not be read: their rows say so (as a page that
        fails to load does) instead of loading for ever, and are not asked for again until
        the list is reloaded or refreshed (or the error's Retry reads them)."""
        if generation != self.generation:
            return
        chunk = offset // self.id_chunk
        self._wanted.discard(chunk)
        self._unread.add(chunk)
        last = min(offset + self.id_chunk, self._rows) - 1
        if last >= offset:
            self.dataChanged.emit(self.index(offset, 0), self.index(last, len(COLUMNS) - 1))

    def _want(self, chunk: int) -> None:
        if chunk in self._wanted:
            return
        self._wanted.add(chunk)
        offset = chunk * self.id_chunk
        generation = self.generation
        # Never from inside data(): after this paint.
        QTimer.singleShot(0, self, lambda: self.ids_wanted.emit(generation, offset, self.id_chunk))

    def row_of(self, case_id: CaseId) -> int | None:
        """The row of a case among the ids read (None: not listed, or not read yet)."""
        if self._positions is None:
            self._positions = {
                cid: chunk * self.id_chunk + at
                for chunk, ids in self._chunks.items()
                for at, cid in enumerate(ids)
            }
        return self._positions.get(case_id)

    def cached_pages(self) -> list[int]:
        return list(self._pages)

    def case_row(self, row: int) -> CaseRow | None:
        if self.case_id(row) is None:
            return None
        page = row // self.page_size
        rows = self._pages.get(page)
        if rows is None:
            if page in self._failed:
                return None
            rows = self._load(page)
            if rows is None:
                return None
        else:
            self._pages.move_to_end(page)
        return rows.get(self._ids_of_page(page)[row - page * self.page_size])

    def _ids_of_page(self, page: int) -> list[CaseId]:
        first = page * self.page_size
        chunk, at = divmod(first, self.id_chunk)
        return self._chunks.get(chunk, [])[at : at + self.page_size]

    def _load(self, page: int) -> dict[CaseId, CaseRow] | None:
        try:
            rows = self._fetch(self._ids_of_page(page))
        except Exception as exc:
            # Never raise or open a dialog inside data(): report once, after this paint.
            self._failed.add(page)
            QTimer.singleShot(0, lambda error=exc: self.load_failed.emit(error))
            return None
        self._pages[page] = rows
        while len(self._pages) > self.max_pages:
            self._pages.popitem(last=False)
        return rows

    # ---- Qt model API ------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    # No flags() here: QAbstractTableModel's own (enabled, selectable) answers in C++. Qt asks
    # for the flags of every cell a selection touches, and each call into Python waited for the
    # interpreter lock while a worker loaded the case just selected (selectRow: 22 ms).

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        column = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title()
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.sort is None:
                return translate(
                    "CaseTableModel", "{title}: sorting by this column is not available"
                ).format(title=column.title())
            return translate("CaseTableModel", "{title}: click to sort").format(
                title=column.title()
            )
        return None

    def roleNames(self) -> dict[int, QByteArray]:
        names = dict(super().roleNames())
        names.update({role: QByteArray(name) for role, name in ROLE_NAMES.items()})
        return names

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Ask for a new SQL query in this order; columns SQL cannot sort by are ignored."""
        if not 0 <= column < len(COLUMNS) or COLUMNS[column].sort is None:
            return
        self.sort_column = column
        descending = order == Qt.SortOrder.DescendingOrder
        self.sort_requested.emit(("-" if descending else "") + str(COLUMNS[column].sort))

    def sort_indicator(self) -> tuple[int, Qt.SortOrder]:
        """The header indicator matching the current query's order."""
        key = self.query.sort.lstrip("-")
        order = (
            Qt.SortOrder.DescendingOrder
            if self.query.sort.startswith("-")
            else Qt.SortOrder.AscendingOrder
        )
        if COLUMNS[self.sort_column].sort == key:
            return self.sort_column, order
        for position, column in enumerate(COLUMNS):
            if column.sort == key:
                return position, order
        return -1, order

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._rows:
            return None
        if role == CaseIdRole:
            case_id = self.case_id(index.row())
            return None if case_id is None else int(case_id)
        if role not in _ROW_ROLES:
            return None
        row = self.case_row(index.row())
        if row is None:
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return (
                    translate("CaseTableModel", "(not available)")
                    if index.row() // self.page_size in self._failed
                    or index.row() // self.id_chunk in self._unread
                    else "…"
                )
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, COLUMNS[index.column()].key)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._decoration(row, COLUMNS[index.column()].key)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, COLUMNS[index.column()].key)
        if role == ReferenceRole:
            return row.reference
        if role == StatusRole:
            return row.status.value
        if role == PriorityRole:
            return row.priority.value
        if role == SlaStateRole:
            return row_sla(row, self._now).value
        if role == CaseRowRole:
            return row
        return None

    def _display(self, row: CaseRow, key: str) -> str:
        match key:
            case "reference":
                return row.reference
            case "subject":
                return row.subject
            case "customer":
                return row.customer_name
            case "order":
                return row.order_number
            case "category":
                return self._category_label(row.category)
            case "priority":
                return priority_label(row.priority)
            case "status":
                return status_label(row.status)
            case "tier":
                return tier_label(row.tier)
            case "channel":
                return channel_label(row.channel)
            case "assignee":
                return row.assignee or translate("CaseTableModel", "Unassigned")
            case "sla":
                return sla_label(row_sla(row, self._now))
            case "due":
                return local_time(row.resolution_due)
            case "created":
                return local_time(row.created_at)
            case "updated":
                return local_time(row.updated_at)
        return ""

    def _decoration(self, row: CaseRow, key: str) -> Any:
        if key == "priority":
            return dot_icon(PRIORITY_COLOURS[row.priority][0])
        if key == "sla":
            return dot_icon(SLA_COLOURS[row_sla(row, self._now)][0])
        return None

    def _tooltip(self, row: CaseRow, key: str) -> str | None:
        if key == "sla":
            state = row_sla(row, self._now)
            if state in (SlaState.MET, SlaState.MISSED):
                return translate(
                    "CaseTableModel", "The SLA clock stopped when the case was resolved"
                )
            if state is SlaState.PAUSED:
                return translate("CaseTableModel", "The SLA clock is paused while the case waits")
            # The due time, not a countdown: the time left is working time on the case's
            # calendar, which the header shows (a list row does not carry the calendar).
            return translate("CaseTableModel", "Due {when}").format(
                when=local_time(nearest_due(row))
            )
        if key == "status":
            return status_label(row.status)
        if key == "subject":
            return row.subject
        return None


_ROW_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.ToolTipRole,
        ReferenceRole,
        StatusRole,
        PriorityRole,
        SlaStateRole,
        CaseRowRole,
    }
)
