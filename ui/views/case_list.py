"""The case list: saved views and counts, the filter bar, and the lazily loaded case table."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, datetime
from typing import TypeVar

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.case import CaseFilter, CaseQuery, Priority, Status
from resolution_center.domain.changes import CASE, REMEDY, Changes
from resolution_center.domain.ids import CaseId
from resolution_center.domain.sla import SlaState
from resolution_center.services.case_selection import CsvExport
from resolution_center.services.session import Session

from ..dialogs.bulk import BulkAssignDialog, BulkDialog, BulkStatusDialog
from ..formatting import count_text, local_time
from ..forms import FormErrors, error_label
from ..labels import category_text, priority_label, sla_label, status_label
from ..models.case_table import COLUMNS, DEFAULT_HIDDEN, CaseTableModel, column_index
from ..ops import Ops
from ..settings import Settings
from ..widgets import after_first_paint
from .case_filters import FilterBar
from .saved_views import WORK_VIEWS, SavedViewsPanel, saved_view, view_counts, view_with_work

BulkDialogT = TypeVar("BulkDialogT", bound=BulkDialog)
SLA_TICK_MS = 60_000
COUNT_LATEST_MS = 250
# Typical content per column, measured in the user's font on first start (before the user
# resized anything); columns with an icon get room for it.
SAMPLE_TEXT = {
    "reference": "RC-2026-000000",
    "subject": "M" * 17,
    "customer": "M" * 11,
    "order": "MP-261107-761358",
    "category": "Return or refund",
    "tier": "Frontline",
    "channel": "Marketplace",
    "assignee": "Unassigned",
}
WITH_ICON = ("priority", "sla")
SAMPLE_MOMENT = datetime(2026, 12, 28, 23, 58, tzinfo=UTC)


class CaseListView(QWidget):
    """Shows the cases of the current filters; the table only ever holds ids plus a few pages."""

    current_case_changed = Signal(object)
    """The selected case id (an int), or None when nothing is selected."""
    case_activated = Signal(int)
    """Enter or double-click on a case: the window moves the focus to the viewer."""
    cases_reloaded = Signal(int)
    """The query ran again and its cases are counted; the number of cases."""
    ids_read = Signal()
    """A stretch of ids below the first page was read (the rows there can show their cases)."""
    counts_shown = Signal()
    """The side panel shows the counts of the latest reload (they load on a worker thread)."""
    exported = Signal(object)
    """The CsvExport of the selection just written."""
    view_counts_shown = Signal()
    """Each saved view shows its number of cases (counted on a worker thread)."""

    def __init__(self, ops: Ops, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.settings = settings
        ctx = ops.ctx
        self._current: CaseId | None = None
        self._listed_once = False  # a list was shown (its first row then selected)
        self._applying_view = False
        self._counts_generation = 0
        self._list_generation = 0
        self._view_counts_due = False
        self._counting = False  # the list's count is on its way

        users = (
            ops.run(lambda c: [u.username for u in c.users.list() if not u.disabled], parent=self)
            or []
        )
        self.filters = FilterBar(ctx.taxonomy, ctx.actor.username, users)
        self.filter_error = error_label(self)
        self.errors = FormErrors(self.filter_error)
        self.side = SavedViewsPanel(ctx)

        self.model = CaseTableModel(
            lambda ids: ctx.cases.rows(ids),
            ctx.now,
            fetch_ids=lambda query, offset, limit: ctx.cases.ids(query, offset=offset, limit=limit),
            category_label=lambda slug: category_text(ctx.taxonomy, slug),
            parent=self,
        )
        self.table = QTableView()
        self.table.setObjectName("caseTable")
        self.table.setAccessibleName(self.tr("Cases"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Ctrl/Shift-click select several for the bulk bar; the current row stays the one shown.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        # Fixed row heights: Qt never asks 100,000 rows for their size.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(int(self.fontMetrics().height() * 1.6))
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.setSortIndicatorShown(True)
        self._restore_columns()
        self.table.setSortingEnabled(True)

        self.summary = QLabel()
        self.summary.setObjectName("caseCount")
        self.bulk_bar = QWidget()
        self.bulk_bar.setObjectName("bulkBar")
        self.bulk_label = QLabel()
        self.bulk_label.setObjectName("bulkCount")
        self.bulk_assign = QPushButton(self.tr("Assign selected…"))
        self.bulk_assign.setObjectName("bulkAssign")
        self.bulk_status = QPushButton(self.tr("Change their status…"))
        self.bulk_status.setObjectName("bulkStatus")
        self.bulk_export = QPushButton(self.tr("Export to CSV…"))
        self.bulk_export.setObjectName("bulkExport")
        self.bulk_note = QLabel()
        self.bulk_note.setObjectName("bulkNote")
        self.bulk_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bulk_layout = QHBoxLayout(self.bulk_bar)
        bulk_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.bulk_label, self.bulk_assign, self.bulk_status, self.bulk_export):
            bulk_layout.addWidget(widget)
        bulk_layout.addWidget(self.bulk_note, 1)
        self.bulk_bar.setVisible(False)
        self.empty_hint = QLabel()
        self.empty_hint.setObjectName("emptyListHint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setVisible(False)

        table_side = QWidget()
        table_layout = QVBoxLayout(table_side)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.filters)
        table_layout.addWidget(self.filter_error)
        table_layout.addWidget(self.bulk_bar)
        table_layout.addWidget(self.empty_hint)
        table_layout.addWidget(self.table, 1)
        table_layout.addWidget(self.summary)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("caseListSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.side)
        self.splitter.addWidget(table_side)
        self.splitter.setStretchFactor(1, 1)
        side = max(
            self.fontMetrics().horizontalAdvance(t)
            for t in ("Waiting on third party 00,000", "Awaiting my sign-off (00,000)")
        )
        self.side.setMinimumWidth(side // 2)
        self.splitter.setSizes([side + self.fontMetrics().height() * 3, side * 5])
        if not settings.list_splitter.isEmpty():
            self.splitter.restoreState(settings.list_splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self._tick = QTimer(self)
        self._tick.setInterval(SLA_TICK_MS)
        self._save_columns_later = QTimer(self)
        self._save_columns_later.setSingleShot(True)
        self._save_columns_later.setInterval(400)
        self._connect()
        self._tick.start()
        # Search first, then what narrows it, then the results; the side panel last.
        chain = [*self.filters.focus_chain(), self.table, self.side.views, self.side.counts]
        for before, after in itertools.pairwise(chain):
            self.setTabOrder(before, after)

    def _connect(self) -> None:
        header = self.table.horizontalHeader()
        header.customContextMenuRequested.connect(self._column_menu)
        header.sectionMoved.connect(self._save_columns_later.start)
        header.sectionResized.connect(self._save_columns_later.start)
        header.sortIndicatorChanged.connect(self._sort_indicator_moved)
        self._save_columns_later.timeout.connect(self.save_columns)
        self.model.sort_requested.connect(self._sort)
        self.model.load_failed.connect(lambda exc: self.ops.presenter.present(exc, parent=self))
        self.model.ids_wanted.connect(self._read_ids)
        self.filters.filter_changed.connect(self._filters_edited)
        self.side.view_chosen.connect(self.apply_saved_view)
        self.side.count_chosen.connect(self._count_chosen)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.model.modelReset.connect(self._selection_changed)
        self.bulk_assign.clicked.connect(self.assign_selected)
        self.bulk_status.clicked.connect(self.change_status_of_selected)
        self.bulk_export.clicked.connect(self.export_selected)
        self.splitter.splitterMoved.connect(self._save_splitter)
        self._tick.timeout.connect(self.model.tick)
        self.ops.changed.connect(self.on_changes)
        self.model.modelReset.connect(self._update_empty_hint)

    # ---- loading -----------------------------------------------------------------------------
    def start(self) -> None:
        """First load: the view with the user's work (see `view_with_work`), else the one
        remembered; its first page first, every view's count after it."""
        key = self.ops.run(view_with_work, parent=self) or "open"
        remembered = saved_view(self.settings.saved_view)
        if (
            key == "open"
            and remembered is not None
            and remembered.key not in WORK_VIEWS  # just found empty
            and remembered.available(self.ops.ctx)
        ):
            key = remembered.key  # nothing of the user's own waits: back where they were
        # Every view's count once the list has all its ids: started beside the ids and the
        # status counts, its connection's page cache and its reads raised the client's peak
        # memory by about 90 MB at 100,000 cases.
        self._view_counts_due = True
        self.apply_saved_view(key)

    def refresh_view_counts(self) -> None:
        def show(counts: dict[str, int]) -> None:
            self.side.show_view_counts(counts)
            self.view_counts_shown.emit()

        self.ops.run_in_background(
            lambda ctx, _progress: view_counts(ctx), parent=self, on_done=show
        )

    def apply_saved_view(self, key: str) -> None:
        view = saved_view(key)
        if view is None or not view.available(self.ops.ctx):
            return
        self.settings.saved_view = key
        self._applying_view = True
        try:
            self.filters.set_filter(view.case_filter(self.ops.ctx))
        finally:
            self._applying_view = False
        self.side.select_view(key)
        self.reload()

    def _filters_edited(self) -> None:
        if self._applying_view:
            return
        current = self.filters.case_filter()
        key = self.side.current_view()
        view = saved_view(key) if key else None
        if view is not None and not _same_filter(view.case_filter(self.ops.ctx), current):
            self.side.select_view(None)
        self.reload()

    def query(self) -> CaseQuery:
        return CaseQuery(filter=self.filters.case_filter(), sort=self.model.query.sort)

    def reload(self) -> None:
        """Run the query again (new filters, order, or someone's change) and keep the
        selected case selected if it still matches.

        One page of rows is queried and shown at once (its total only if the page holds them
        all, else "more than 200"); the count follows from a worker thread, and the ids
        below the first page are read where the list is scrolled to (`CaseTableModel`). At
        100,000 cases the count of "open" takes 46 ms and reading every id of a common word
        35-100 ms, the page 1 ms: every search and filter change used to wait for them on
        the GUI thread, and then the list held every id.
        """
        query = self.query()
        self._list_generation += 1  # a count still running for an earlier query is dropped
        self._load_first_page(query)

    def _load_first_page(self, query: CaseQuery) -> None:
        size = self.model.page_size
        page = self.ops.run(
            # Counted on a worker: at 100,000 cases counting 48,000 open cases took 46-550 ms
            # on the GUI thread, their first page 1 ms.
            lambda ctx: ctx.cases.list(replace(query, limit=size, offset=0), count=False),
            parent=self,
            form=self.errors,
        )
        if page is None:
            return
        keep = self._current
        whole = len(page.items) < size
        known = whole or page.total_exact  # a rare word's page comes with its exact total
        self._counting = not known
        self.model.set_first_rows(
            page.items, len(page.items) if whole else page.total, query, exact=known
        )
        self._show_sort_indicator()
        self._update_summary()
        if whole:
            self.refresh_counts()
            if len(page.items) == 1 and _names_one_case(query.filter.search):
                keep = page.items[0].id  # a reference, order number or e-mail: open its case
            self._select_after_reload(keep)
            self.cases_reloaded.emit(len(page.items))
            self._count_views_if_due()
            return
        generation = self._list_generation
        seek = keep if keep is not None and self.model.row_of(keep) is None else None
        model_generation = self.model.generation
        chunk = self.model.id_chunk

        def count(
            ctx: Session, _progress: object
        ) -> tuple[tuple[int, bool] | None, int | None, list[CaseId]]:
            total = None if known else ctx.cases.list_total(query.filter)
            found = None if seek is None else ctx.cases.position(query, seek)
            if found is None:
                return total, None, []
            first = found - found % chunk
            return total, found, ctx.cases.ids(query, offset=first, limit=chunk)

        def count_it() -> None:
            if generation != self._list_generation:
                return  # a later reload has replaced the list meanwhile
            # Started before the side panel's counts: the pool runs two tasks at a time, and
            # the total is what the list is waiting for.
            self.ops.run_in_background(
                count,
                parent=self,
                on_done=lambda found: self._counted(generation, model_generation, seek, *found),
                form=self.errors,
            )
            self.refresh_counts()

        # After the first page is on screen: a worker holds the interpreter lock off and on,
        # and each of the paint's thousands of data() calls would wait for it.
        after_first_paint(self.table.viewport(), count_it, COUNT_LATEST_MS)
        if seek is None:
            self._select_after_reload(keep)
        # else: the selected case may be further down; its place comes with the count.

    def _count_views_if_due(self) -> None:
        if self._view_counts_due:
            self._view_counts_due = False
            self.refresh_view_counts()

    def _counted(
        self,
        generation: int,
        model_generation: int,
        seek: CaseId | None,
        total: tuple[int, bool] | None,
        position: int | None,
        ids: list[CaseId],
    ) -> None:
        if generation != self._list_generation:
            return  # a later reload has replaced the list meanwhile
        self._counting = False
        if total is not None:  # else the first page had it
            count, exact = total
            self.model.set_total(count, exact=exact)
        if position is not None:
            self.model.add_ids(model_generation, position - position % self.model.id_chunk, ids)
        if seek is not None:
            self._select_after_reload(seek)
        self._update_summary()
        self.cases_reloaded.emit(self.model.rowCount())
        self._count_views_if_due()

    def _read_ids(self, generation: int, offset: int, limit: int) -> None:
        """Rows are shown whose ids are not read yet (`CaseTableModel.ids_wanted`)."""
        query = self.model.query
        self.ops.run_in_background(
            lambda ctx, _progress: ctx.cases.ids(query, offset=offset, limit=limit),
            parent=self,
            on_done=lambda ids: self._ids_read(generation, offset, ids),
            on_failed=lambda _exc: self.model.ids_failed(generation, offset),
            priority=1,  # rows on screen wait for them: before counts and background reads
        )

    def _ids_read(self, generation: int, offset: int, ids: list[CaseId]) -> None:
        if not self.model.add_ids(generation, offset, ids):
            return
        self._update_summary()  # a search's list "of more than" may have grown or ended
        current = self.table.currentIndex()
        if current.isValid() and self._current is None:
            # A row picked where the ids were not read yet: it has its case now.
            self._set_current(self.model.case_id(current.row()))
        elif current.isValid() and self.model.case_id(current.row()) != self._current:
            # Cases changed above it since the first page: the selection follows its case.
            row = self.model.row_of(self._current) if self._current is not None else None
            if row is not None:
                self.table.selectRow(row)
        self.ids_read.emit()

    def ids_loading(self) -> bool:
        """Whether the list still waits for its count (after a page that said "more than
        200"), and with it for the place of a selected case below its first page."""
        return self._counting

    def _show_sort_indicator(self) -> None:
        column, order = self.model.sort_indicator()
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(column, order)
        header.blockSignals(False)

    def _select_after_reload(self, keep: CaseId | None) -> None:
        """Select the case that was selected if it is still listed, else the first row on a
        first load, else nothing.

        Only on the first load: once a filter has left nothing selected, selecting the first
        row of every later list opened a case nobody asked for at each search or filter change
        (at 100,000 cases the first row by last update was a case of 5,000 events, read on a
        worker for 130-260 ms while the next action waited for the interpreter lock)."""
        row = self.model.row_of(keep) if keep is not None else None
        if row is None and self.model.rowCount() and keep is None and not self._listed_once:
            row = 0
        self._listed_once = True
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        else:
            self._set_current(None)

    def refresh_counts(self) -> None:
        """Count per status and SLA state on a worker thread: at 100,000 cases the GROUP BY
        takes longer than the list's first page, which must not wait for the side panel."""
        f = replace(self.filters.case_filter(), statuses=(), sla_states=(), open_only=False)
        self._counts_generation += 1
        generation = self._counts_generation

        def show(counts: dict[str, dict[str, int]]) -> None:
            if generation == self._counts_generation:  # a later reload's counts supersede
                self.side.show_counts(counts)
                self.counts_shown.emit()

        self.ops.run_in_background(
            lambda ctx, _progress: ctx.cases.counts(f),
            parent=self,
            on_done=show,
            form=self.errors,
        )

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(CASE):
            self.reload()
        if changes.touches(CASE) or changes.touches(REMEDY):
            self.refresh_view_counts()  # a sign-off moves a case out of "Awaiting my sign-off"

    def _update_empty_hint(self) -> None:
        empty = self.model.rowCount() == 0
        if empty:
            key = self.side.current_view()
            view = saved_view(key) if key else None
            self.empty_hint.setText(
                view.empty_text()
                if view is not None
                else self.tr(
                    "No cases match these filters. Clear the filters or choose a view on the left."
                )
            )
        self.empty_hint.setVisible(empty)

    def empty_text(self) -> str:
        """What the list says when it is empty ("" while it has cases)."""
        return self.empty_hint.text() if self.model.rowCount() == 0 else ""

    def _update_summary(self) -> None:
        count = count_text(self.model.rowCount())
        if not self.model.total_exact:
            count = self.tr("more than {count}").format(count=count)
        if self.filters.awaiting_my_signoff:
            text = self.tr("Cases awaiting your sign-off: {count}").format(count=count)
        else:
            text = self.tr("Cases: {count}").format(count=count)
        self.summary.setText(text)

    def _sort(self, key: str) -> None:
        self.model.query = replace(self.model.query, sort=key)
        self.reload()

    def _sort_indicator_moved(self, column: int, _order: Qt.SortOrder) -> None:
        if 0 <= column < len(COLUMNS) and COLUMNS[column].sort is None:
            # SQL cannot order by this column: put the indicator back where the order really is.
            QTimer.singleShot(0, self._show_sort_indicator)

    def _count_chosen(self, kind: str, value: str) -> None:
        f = self.filters.case_filter()
        if kind == "status":
            f = replace(f, statuses=(Status(value),))
        else:
            f = replace(f, sla_states=(value,))
        self.filters.set_filter(f)

    # ---- selection and navigation ------------------------------------------------------------
    def current_case_id(self) -> CaseId | None:
        return self._current

    def select_case(self, case_id: int) -> bool:
        row = self.model.row_of(CaseId(case_id))
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def select_relative(self, step: int) -> None:
        """Next (+1) or previous (-1) case in the list's order."""
        if not self.model.rowCount():
            return
        current = self.table.currentIndex().row()
        row = 0 if current < 0 else max(0, min(self.model.rowCount() - 1, current + step))
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._set_current(self.model.case_id(current.row()) if current.isValid() else None)

    def _set_current(self, case_id: CaseId | None) -> None:
        if case_id != self._current:
            self._current = case_id
            self.current_case_changed.emit(case_id)

    def _activated(self, index: QModelIndex) -> None:
        case_id = self.model.case_id(index.row())
        if case_id is not None:
            self.case_activated.emit(int(case_id))

    def height_for_rows(self, rows: int) -> int:
        """The list's height that shows `rows` rows: its filters, header and summary as they
        are laid out now, plus the rows."""
        chrome = max(0, self.height() - self.table.viewport().height())
        return chrome + rows * self.table.verticalHeader().defaultSectionSize()

    def visible_rows(self) -> int:
        return self.table.viewport().height() // self.table.verticalHeader().defaultSectionSize()

    # ---- several cases -----------------------------------------------------------------------
    def selected_case_ids(self) -> list[CaseId]:
        """The selected cases in the list's order (ids not read yet, of rows selected with
        Shift far down the list, are read first)."""
        rows = [index.row() for index in self.table.selectionModel().selectedRows()]
        return self.ops.run(lambda _ctx: self.model.ids_of_rows(rows), parent=self) or []

    def _selection_changed(self) -> None:
        count = len(self.table.selectionModel().selectedRows())
        self.bulk_bar.setVisible(count > 1)
        self.bulk_label.setText(self.tr("%n selected:", "", count))
        self.bulk_note.clear()  # a note was about the selection before

    def assign_selected(self) -> BulkAssignDialog | None:
        ids = self.selected_case_ids()
        if not ids:
            return None
        users = self.ops.run(
            lambda ctx: [
                (u.username, f"{u.display_name} ({u.username})")
                for u in ctx.users.list()
                if not u.disabled and u.role != "admin"
            ],
            parent=self,
        )
        if users is None:
            return None
        return self._open(BulkAssignDialog(self.ops, ids, users, self.window()))

    def change_status_of_selected(self) -> BulkStatusDialog | None:
        ids = self.selected_case_ids()
        return self._open(BulkStatusDialog(self.ops, ids, self.window())) if ids else None

    def _open(self, dialog: BulkDialogT) -> BulkDialogT:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def export_selected(self) -> QFileDialog | None:
        ids = self.selected_case_ids()
        if not ids:
            return None
        dialog = QFileDialog(self.window(), self.tr("Export {n} cases").format(n=len(ids)))
        dialog.setObjectName("exportCasesDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("CSV files (*.csv)"))
        dialog.setDefaultSuffix("csv")
        dialog.selectFile("cases.csv")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: self.export_to(ids, path))
        dialog.open()
        return dialog

    def export_to(self, ids: list[CaseId], path: str) -> None:
        def done(result: CsvExport) -> None:
            self.bulk_note.setText(
                self.tr("Exported {n} cases to {path} (SHA-256 {digest}).").format(
                    n=result.cases, path=result.path, digest=result.file_sha256[:12] + "…"
                )
            )
            self.bulk_note.setToolTip(result.file_sha256)
            self.exported.emit(result)

        self.ops.run_in_background(
            lambda ctx, _progress: ctx.case_selection.export_csv(ids, path),
            parent=self,
            on_done=done,
        )

    def focus_search(self) -> None:
        self.filters.focus_search()

    # ---- columns -----------------------------------------------------------------------------
    def _restore_columns(self) -> None:
        header = self.table.horizontalHeader()
        state = self.settings.case_columns
        if not state.isEmpty() and header.restoreState(state) and header.count() == len(COLUMNS):
            return
        self._default_columns()

    def _default_columns(self) -> None:
        header = self.table.horizontalHeader()
        for column in COLUMNS:
            header.resizeSection(column_index(column.key), self._default_width(column.key))
        for key in DEFAULT_HIDDEN:
            header.setSectionHidden(column_index(key), True)

    def _default_width(self, key: str) -> int:
        metrics = self.table.fontMetrics()
        # Only this column's samples are made: this runs for every column as the window opens.
        if key == "priority":
            samples = [priority_label(p) for p in Priority]
        elif key == "status":
            # Sized for all but the longest status, which elides (its tooltip has it whole):
            # one rare label should not cost every other column its width.
            samples = [status_label(s) for s in Status if s is not Status.WAITING_THIRD_PARTY]
        elif key == "sla":
            samples = [sla_label(s) for s in SlaState]
        elif key in ("due", "created", "updated"):
            samples = [local_time(SAMPLE_MOMENT)]
        else:
            samples = [SAMPLE_TEXT.get(key, "M" * 10)]
        text_width = max(metrics.horizontalAdvance(t) for t in samples)
        title_width = (
            metrics.horizontalAdvance(COLUMNS[column_index(key)].title()) + metrics.height() * 2
        )  # room for the sort indicator
        padding = metrics.averageCharWidth() * 3
        icon = self.table.iconSize().width()
        if icon <= 0:
            icon = self.table.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        return max(text_width + padding + (icon + padding if key in WITH_ICON else 0), title_width)

    def save_columns(self) -> None:
        self.settings.case_columns = self.table.horizontalHeader().saveState()

    def _save_splitter(self) -> None:
        self.settings.list_splitter = self.splitter.saveState()

    def column_menu(self) -> QMenu:
        """Checkable columns, in the order the user arranged them."""
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        visible = [i for i in range(header.count()) if not header.isSectionHidden(i)]
        for visual in range(header.count()):
            logical = header.logicalIndex(visual)
            action = menu.addAction(COLUMNS[logical].title())
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(logical))
            # The last visible column cannot be hidden: an empty table helps nobody.
            action.setEnabled(not (len(visible) == 1 and logical in visible))
            action.toggled.connect(lambda on, i=logical: self.set_column_visible(i, on))
        menu.addSeparator()
        menu.addAction(self.tr("Reset columns"), self.reset_columns)
        return menu

    def set_column_visible(self, logical: int, visible: bool) -> None:
        self.table.horizontalHeader().setSectionHidden(logical, not visible)
        self.save_columns()

    def reset_columns(self) -> None:
        header = self.table.horizontalHeader()
        for logical in range(header.count()):
            header.moveSection(header.visualIndex(logical), logical)
            header.setSectionHidden(logical, False)
        self._default_columns()
        self.save_columns()

    def _column_menu(self, pos: QPoint) -> None:
        header = self.table.horizontalHeader()
        self.column_menu().popup(header.mapToGlobal(pos))


def _names_one_case(search: str) -> bool:
    """Whether a search reads as one case's name (a reference, an order number, an e-mail)
    rather than words: one word with a digit or an @."""
    text = search.strip()
    return bool(text) and " " not in text and any(c.isdigit() or c == "@" for c in text)


def _same_filter(a: CaseFilter, b: CaseFilter) -> bool:
    """Whether the filter bar still shows a saved view (open_only shows as open statuses)."""

    def norm(f: CaseFilter) -> CaseFilter:
        if f.open_only and not f.statuses:
            f = replace(
                f,
                open_only=False,
                statuses=tuple(s for s in Status if s not in (Status.RESOLVED, Status.CLOSED)),
            )
        return replace(
            f, statuses=tuple(sorted(f.statuses)), categories=tuple(sorted(f.categories))
        )

    return norm(a) == norm(b)
