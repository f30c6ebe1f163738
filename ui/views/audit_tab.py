"""The Audit trail tab: every event of the case, filterable, with a chain badge and details."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QItemSelection, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QFontDatabase, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.actions import Action
from resolution_center.domain.case import Case
from resolution_center.domain.trail_text import Field, TrailText, short_hash, time_text
from resolution_center.services.audit import TrailEntry
from resolution_center.services.session import Session

from ..chain_state import ChainStatus
from ..formatting import count_text, local_time
from ..labels import action_label, role_label, trail_summary_text
from ..models.audit_trail import (
    COLUMNS,
    AuditTrailFilter,
    AuditTrailModel,
    PreparedTrail,
    SeqRole,
    detail_text,
    hash_matches,
    prepare,
)
from ..style import DANGER, NEUTRAL, SUCCESS, Chip
from .case_tab import CaseTab, TabEnv

# A long trail's first page: shown with the case; the rest is read after it on a worker.
TRAIL_PAGE = 200


class AuditTab(CaseTab):
    key = "audit"

    event_selected = Signal(object)
    """The TrailEntry now shown in the detail pane (None when nothing is selected)."""
    rest_shown = Signal()
    """The events below a long trail's first page are in (see `load`)."""

    def __init__(self, env: TabEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self._generation = 0  # each case shown (or cleared): a late rest of another is dropped
        self.text = TrailText(env.ops.ctx.taxonomy)
        self.model = AuditTrailModel(self, self.text)
        self.proxy = AuditTrailFilter(self)
        self.proxy.setSourceModel(self.model)

        self.badge = Chip()
        self.badge.setObjectName("chainBadge")
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Show events of kind"))
        self.actor = QComboBox()
        self.actor.setAccessibleName(self.tr("Show events by actor"))
        # As wide as a usual label, not the longest one (German event names run to 40
        # characters and would widen the window past a small screen); the list shows them all.
        for combo in (self.kind, self.actor):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(18)
            combo.view().setMinimumWidth(combo.fontMetrics().averageCharWidth() * 45)
        self.shown = QLabel()

        self.table = QTableView()
        self.table.setObjectName("auditTable")
        self.table.setAccessibleName(self.tr("Audit trail events"))
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(int(self.fontMetrics().height() * 1.5))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        metrics = self.fontMetrics()
        pad = metrics.averageCharWidth() * 3
        samples = {
            "seq": ["000000"],
            "time": [local_time(datetime(2026, 12, 28, 23, 58, 59, tzinfo=UTC), seconds=True)],
            "actor": ["M" * 8],
            "role": [role_label("senior-specialist")],
            "action": [
                action_label(a)
                for a in (Action.CASE_STATUS_CHANGED, Action.REMEDY_PROPOSED, Action.OFFER_MADE)
            ],
            "change": ["M" * 40],
        }
        for key, texts in samples.items():
            header.resizeSection(
                COLUMNS.index(key), max(metrics.horizontalAdvance(t) for t in texts) + pad
            )

        self.detail_title = QLabel()
        self.detail_title.setObjectName("auditDetailTitle")
        self.detail_title.setWordWrap(True)
        self.detail_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fields = QTableWidget(0, 2)
        self.fields.setObjectName("auditFields")
        self.fields.setAccessibleName(self.tr("Event details"))
        self.fields.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Value")])
        self.fields.verticalHeader().setVisible(False)
        # "Field | Value" says nothing the rows do not; the row it took shows a field instead.
        self.fields.horizontalHeader().setVisible(False)
        self.fields.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.fields.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.fields.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.fields.setWordWrap(True)
        self.fields.setTabKeyNavigation(False)
        self.fields.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        fields_header = self.fields.horizontalHeader()
        fields_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        fields_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.copy_button = QPushButton(self.tr("&Copy value"))
        self.copy_button.setObjectName("auditCopy")
        self.copy_button.setToolTip(
            self.tr("Copy the selected row's whole value (a shortened hash is copied in full)")
        )
        self.copy_button.setEnabled(False)
        self.copy_action = QAction(self.tr("&Copy value"), self.fields)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.fields.addAction(self.copy_action)
        self.raw_toggle = QPushButton(self.tr("Show &raw data"))
        self.raw_toggle.setObjectName("auditRawToggle")
        self.raw_toggle.setCheckable(True)
        self.raw_toggle.setEnabled(False)
        self.raw = QPlainTextEdit()
        self.raw.setObjectName("auditDetail")
        self.raw.setAccessibleName(self.tr("Event as stored"))
        self.raw.setReadOnly(True)
        self.raw.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.raw.setVisible(False)
        self.placeholder = QLabel(self.tr("Select an event to see what it records."))
        self.placeholder.setObjectName("auditPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setEnabled(False)

        detail_buttons = QHBoxLayout()
        detail_buttons.addWidget(self.detail_title, 1)
        detail_buttons.addWidget(self.copy_button)
        detail_buttons.addWidget(self.raw_toggle)
        self.detail = QWidget()
        self.detail.setObjectName("auditDetailPane")
        detail_layout = QVBoxLayout(self.detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addLayout(detail_buttons)
        detail_layout.addWidget(self.placeholder, 1)
        detail_layout.addWidget(self.fields, 1)
        detail_layout.addWidget(self.raw, 1)
        self._show_entry(None)

        kind_label = QLabel(self.tr("&Kind:"))
        kind_label.setBuddy(self.kind)
        actor_label = QLabel(self.tr("Ac&tor:"))
        actor_label.setBuddy(self.actor)
        filters = QHBoxLayout()
        filters.addWidget(self.badge)
        filters.addStretch(1)
        filters.addWidget(kind_label)
        filters.addWidget(self.kind)
        filters.addWidget(actor_label)
        filters.addWidget(self.actor)
        filters.addWidget(self.shown)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("auditSplitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        if not env.settings.audit_splitter.isEmpty():
            self.splitter.restoreState(env.settings.audit_splitter)
        else:
            self.splitter.setSizes([1, 1])  # as many events as detail rows, until the user drags
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)

        self._reset_filters()
        self._connect()
        self._update_badge()

    def _connect(self) -> None:
        self.kind.currentIndexChanged.connect(self._filter_changed)
        self.actor.currentIndexChanged.connect(self._filter_changed)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.fields.itemSelectionChanged.connect(self._field_selection_changed)
        self.fields.customContextMenuRequested.connect(self._fields_menu)
        self.fields.horizontalHeader().sectionResized.connect(self._fit_field_rows)
        self.copy_button.clicked.connect(self.copy_value)
        self.copy_action.triggered.connect(self.copy_value)
        self.raw_toggle.toggled.connect(self._show_raw)
        self.splitter.splitterMoved.connect(self._save_splitter)
        self.env.chain.changed.connect(self._update_badge)

    def title(self) -> str:
        return self.tr("Audit &trail")

    @staticmethod
    def load(ctx: Session, case: Case) -> PreparedTrail:
        # The first page only, with its hash checks, on the worker that reads it: reading,
        # decoding and checking all 5,000 events of a long case took 0.1 s before the case
        # could be shown. The rest follows on a worker once the page is shown (`show_case`).
        page = ctx.audit.case_trail(case.id, limit=TRAIL_PAGE)
        return prepare(page, TrailText(ctx.taxonomy), complete=len(page) < TRAIL_PAGE)

    def show_case(self, case: Case, data: Any) -> None:
        switched = self.case is None or self.case.id != case.id
        selected = self.selected_seq()
        super().show_case(case, data)
        self._generation += 1
        kind, actor = self.kind.currentData(), self.actor.currentData()
        self.model.set_entries(data or [])
        self._reset_filters(kind if not switched else None, actor if not switched else None)
        self._update_badge()
        if selected is not None and not switched:
            self.select_seq(selected)
        else:
            self._show_entry(None)
        if isinstance(data, PreparedTrail) and not data.complete:
            self._load_the_rest(case.id, None if switched else selected)

    def _load_the_rest(self, case_id: int, selected: int | None) -> None:
        generation, after = self._generation, self.model.last_seq()

        def read(ctx: Session, _progress: Any) -> PreparedTrail:
            return prepare(ctx.audit.case_trail(case_id, after=after), TrailText(ctx.taxonomy))

        def show(rest: PreparedTrail) -> None:
            if generation != self._generation:
                return  # another case, or this one again, was shown meanwhile
            kind, actor = self.kind.currentData(), self.actor.currentData()
            self.model.append_entries(rest)
            self._reset_filters(kind, actor)  # kinds and actors of the whole trail
            self._update_badge()
            if selected is not None and self.selected_seq() is None:
                self.select_seq(selected)  # it was beyond the first page
            self.rest_shown.emit()

        self.ops.run_in_background(read, parent=self, on_done=show)

    def clear(self) -> None:
        super().clear()
        self._generation += 1
        self.model.set_entries([])
        self._reset_filters()
        self._show_entry(None)
        self._update_badge()

    # ---- filters and selection ---------------------------------------------------------------
    def _reset_filters(self, kind: str | None = None, actor: str | None = None) -> None:
        for combo, everything, values, keep, label in (
            (self.kind, self.tr("All kinds"), self.model.actions(), kind, action_label),
            (self.actor, self.tr("Everyone"), self.model.actors(), actor, str),
        ):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for value in values:
                combo.addItem(label(value), value)
            combo.setCurrentIndex(max(0, combo.findData(keep)) if keep else 0)
            combo.blockSignals(False)
        self._filter_changed()

    def _filter_changed(self) -> None:
        self.proxy.set_action(self.kind.currentData())
        self.proxy.set_actor(self.actor.currentData())
        self.shown.setText(
            self.tr("{shown} of {total} events").format(
                shown=self.proxy.rowCount(), total=self.model.rowCount()
            )
        )

    def set_kind_filter(self, action: str | None) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(action)))

    def set_actor_filter(self, actor: str | None) -> None:
        self.actor.setCurrentIndex(max(0, self.actor.findData(actor)))

    def selected_seq(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.data(rows[0], SeqRole) if rows else None

    def select_seq(self, seq: int) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if self.proxy.data(index, SeqRole) == seq:
                self.table.selectRow(row)
                self.table.scrollTo(index)
                return True
        return False

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        entry = None
        if rows:
            entry = self.model.entry(self.proxy.mapToSource(rows[0]).row())
        self._show_entry(entry)
        self.event_selected.emit(entry)

    # ---- the detail pane -----------------------------------------------------------------------
    def _show_entry(self, entry: TrailEntry | None) -> None:
        """The event as a table of label -> value, its stored form behind "Show raw data"."""
        self.fields.setRowCount(0)
        self.raw.setPlainText(detail_text(entry) if entry else "")
        self.raw_toggle.setEnabled(entry is not None)
        # Buttons about an event only once there is one; the placeholder says how to get one.
        self.raw_toggle.setVisible(entry is not None)
        self.copy_button.setVisible(entry is not None)
        self.placeholder.setVisible(entry is None)
        self.fields.setVisible(entry is not None and not self.raw_toggle.isChecked())
        self.raw.setVisible(entry is not None and self.raw_toggle.isChecked())
        self.copy_button.setEnabled(False)
        if entry is None:
            self.detail_title.clear()
            return
        event = entry.event
        self.detail_title.setText(
            self.tr("Event {seq}: {label}").format(seq=event.seq, label=action_label(event.action))
        )
        ok = hash_matches(event)
        # What the event says first; who and when are on its row above, so they come last,
        # with the UTC time the record keeps.
        rows = [
            Field(self.tr("Summary"), trail_summary_text(self.text.summary(entry))),
            *self.text.fields(entry),
            Field(
                self.tr("Time"),
                self.tr("{local} (your time); {utc}").format(
                    local=local_time(event.moment, seconds=True), utc=time_text(event.moment)
                ),
            ),
            Field(self.tr("Actor"), f"{event.actor} ({role_label(event.role)})"),
            Field(self.tr("Record"), f"{event.target_type} {event.target_id}"),
            Field(self.tr("Hash"), short_hash(event.hash), event.hash),
            Field(self.tr("Previous hash"), short_hash(event.prev_hash), event.prev_hash),
            Field(
                self.tr("Content matches its hash"),
                self.tr("yes")
                if ok
                else self.tr("NO: this event was altered after it was written"),
            ),
        ]
        self.fields.setRowCount(len(rows))
        for row, field in enumerate(rows):
            name = QTableWidgetItem(field.label)
            value = QTableWidgetItem(field.value)
            # What Copy copies: the whole value where the table shows it shortened.
            value.setData(Qt.ItemDataRole.UserRole, field.full or field.value)
            if field.full:
                value.setToolTip(field.full)
            self.fields.setItem(row, 0, name)
            self.fields.setItem(row, 1, value)
        self._fit_field_rows()

    def _fit_field_rows(self) -> None:
        # Wrapped values (policy rules, long notes) need their rows as tall as their text.
        self.fields.resizeRowsToContents()

    def _show_raw(self, raw: bool) -> None:
        has_entry = self.raw_toggle.isEnabled()
        self.raw.setVisible(raw and has_entry)
        self.fields.setVisible(not raw and has_entry)
        self.raw_toggle.setText(self.tr("Show &fields") if raw else self.tr("Show &raw data"))

    def _field_selection_changed(self) -> None:
        self.copy_button.setEnabled(self.selected_value() is not None)

    def selected_value(self) -> str | None:
        """The whole value of the selected detail row (a hash in full), None when none is."""
        rows = self.fields.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.fields.item(rows[0].row(), 1)
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def copy_value(self) -> None:
        value = self.selected_value()
        if value is not None:
            QGuiApplication.clipboard().setText(value)

    def _fields_menu(self, pos: QPoint) -> None:
        row = self.fields.rowAt(pos.y())
        if row < 0:
            return
        self.fields.selectRow(row)
        menu = QMenu(self)
        menu.addAction(self.copy_action)
        menu.exec(self.fields.viewport().mapToGlobal(pos))

    def _save_splitter(self) -> None:
        self.env.settings.audit_splitter = self.splitter.saveState()

    # ---- the badge ---------------------------------------------------------------------------
    def _update_badge(self) -> None:
        chain = self.env.chain
        altered = self.model.altered_seqs()
        count = self.model.rowCount()
        if altered:
            text = self.tr(
                "Altered: event(s) {seqs} of this case no longer match their hash"
            ).format(seqs=", ".join(str(s) for s in altered))
            self.badge.show_text(text, DANGER, chain.details())
        elif chain.status is ChainStatus.BROKEN:
            self.badge.show_text(chain.text(), DANGER, chain.details())
        elif chain.status is ChainStatus.VERIFIED:
            text = self.tr("Chain verified · events of this case intact: {count}").format(
                count=count_text(count)
            )
            self.badge.show_text(text, SUCCESS, chain.text())
        elif chain.status is ChainStatus.FAILED:
            self.badge.show_text(chain.text(), DANGER, chain.details())
        else:
            text = self.tr("Events matching their hashes: {count}; chain not verified yet").format(
                count=count_text(count)
            )
            self.badge.show_text(text if count else chain.text(), NEUTRAL, chain.text())
