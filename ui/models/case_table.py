"""The case list's model: the ordered ids of a SQL query, rows loaded lazily in cached pages."""

from __future__ import annotations

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
Index = QModelIndex | QPersistentModelIndex

PAGE_SIZE = 200
MAX_PAGES = 25  # 5,000 rows kept: several screens of scrolling back and forth

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
    """Holds only ids in query order; a row is fetched with its page of 200 when first shown.

    Sorting and filtering are new SQL queries (the view runs them and calls `set_ids`), so
    100,000 cases cost one id query and one page, never 100,000 row objects. A first load can
    show its first page before the id query has run (`set_first_rows`, then `complete_ids`).
    """

    load_failed = Signal(object)
    """A page could not be loaded (the exception); the view hands it to the error presenter."""
    sort_requested = Signal(str)
    """The user clicked a sortable header: the CaseQuery sort key ('-due' for descending)."""

    def __init__(
        self,
        fetch_rows: RowsFetcher,
        clock: Callable[[], datetime],
        *,
        category_label: Callable[[str], str] = str,
        page_size: int = PAGE_SIZE,
        max_pages: int = MAX_PAGES,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch_rows
        self._clock = clock
        self._category_label = category_label
        self.page_size = page_size
        self.max_pages = max_pages
        self._ids: list[CaseId] = []
        self._rows = 0  # len(self._ids), or more while `set_first_rows` waits for the ids
        self._positions: dict[int, int] | None = None
        self._pages: OrderedDict[int, dict[CaseId, CaseRow]] = OrderedDict()
        self._failed: set[int] = set()
        self._now = clock()
        self.query = CaseQuery(limit=1)
        self.sort_column = column_index("updated")

    # ---- feeding -----------------------------------------------------------------------------
    def set_ids(self, ids: Sequence[CaseId], query: CaseQuery) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._rows = len(self._ids)
        self._positions = None
        self._pages.clear()
        self._failed.clear()
        self._now = self._clock()
        self.query = query
        self.endResetModel()

    def set_first_rows(self, rows: Sequence[CaseRow], total: int, query: CaseQuery) -> None:
        """Show a query's first rows, and room for all `total` of them, before its ids are in.

        `rows` (at most a page, in the query's order) become the first cached page; the
        other rows read as loading until `complete_ids` brings their ids. The scroll bar is
        sized for the whole list from the start.
        """
        rows = rows[: self.page_size]
        self.beginResetModel()
        self._ids = [CaseId(r.id) for r in rows]
        self._rows = max(total, len(rows))
        self._positions = None
        self._pages.clear()
        self._failed.clear()
        if rows:
            self._pages[0] = {CaseId(r.id): r for r in rows}
        self._now = self._clock()
        self.query = query
        self.endResetModel()

    def ids_complete(self) -> bool:
        """Whether every row's id is known (false between `set_first_rows` and the ids)."""
        return len(self._ids) == self._rows

    def complete_ids(self, ids: Sequence[CaseId]) -> bool:
        """All the ids of the query whose first rows are shown, filled in below them.

        The rows stay where they are, so the selection, the scroll position and what is
        painted do not move; the rows below them grow or shrink to the ids' number (a search
        whose first page said only "more than 200"). False, and nothing changed, when the
        rows shown are not the first of `ids` (a change landed between the first page and the
        ids): then use `set_ids`.
        """
        known = len(self._ids)
        if len(ids) < known or list(ids[:known]) != self._ids:
            return False
        shown = self._rows
        # Rows change count first, with what they show unchanged (Qt's model checks hold the
        # neighbours of inserted or removed rows to that); the ids come in after.
        if len(ids) > shown:
            self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)
            self._rows = len(ids)
            self.endInsertRows()
        elif len(ids) < shown:
            self.beginRemoveRows(QModelIndex(), len(ids), shown - 1)
            self._rows = len(ids)
            self.endRemoveRows()
        self._ids = list(ids)
        self._positions = None
        if known < self._rows:
            last = self.index(self._rows - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(known, 0), last)
        return True

    def invalidate(self, case_ids: Iterable[int] | None = None) -> None:
        """Forget cached rows (all, or the pages holding these ids) and repaint them."""
        self._now = self._clock()
        if case_ids is None:
            pages = set(self._pages) | self._failed
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
            last = min(first + self.page_size, len(self._ids)) - 1
            if last >= first:
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def tick(self) -> None:
        """Time moved on: SLA states and countdowns are recomputed (no database access)."""
        self._now = self._clock()
        if self._ids:
            for key in ("sla",):
                column = column_index(key)
                self.dataChanged.emit(self.index(0, column), self.index(len(self._ids) - 1, column))

    # ---- lookups -----------------------------------------------------------------------------
    def case_id(self, row: int) -> CaseId | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, case_id: CaseId) -> int | None:
        if self._positions is None:
            self._positions = {cid: pos for pos, cid in enumerate(self._ids)}
        return self._positions.get(case_id)

    def cached_pages(self) -> list[int]:
        return list(self._pages)

    def case_row(self, row: int) -> CaseRow | None:
        if not 0 <= row < len(self._ids):
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
        return rows.get(self._ids[row])

    def _load(self, page: int) -> dict[CaseId, CaseRow] | None:
        first = page * self.page_size
        try:
            rows = self._fetch(self._ids[first : first + self.page_size])
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
        if index.row() >= len(self._ids):  # its id is still loading
            loading = role == Qt.ItemDataRole.DisplayRole and index.column() == 0
            return "…" if loading else None
        if role == CaseIdRole:
            return int(self._ids[index.row()])
        if role not in _ROW_ROLES:
            return None
        row = self.case_row(index.row())
        if row is None:
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return (
                    translate("CaseTableModel", "(not available)")
                    if index.row() // self.page_size in self._failed
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
