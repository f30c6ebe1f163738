"""The Audit trail tab: every event of the case, filterable, with a chain badge and details."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.actions import Action
from resolution_center.domain.case import Case
from resolution_center.services.audit import TrailEntry
from resolution_center.services.session import Session

from ..chain_state import ChainStatus
from ..formatting import count_text, local_time
from ..labels import action_label, role_label
from ..models.audit_trail import (
    COLUMNS,
    AuditTrailFilter,
    AuditTrailModel,
    SeqRole,
    detail_text,
)
from ..style import DANGER, NEUTRAL, SUCCESS, Chip
from .case_tab import CaseTab, TabEnv


class AuditTab(CaseTab):
    key = "audit"

    event_selected = Signal(object)
    """The TrailEntry now shown in the detail pane (None when nothing is selected)."""

    def __init__(self, env: TabEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.model = AuditTrailModel(self)
        self.proxy = AuditTrailFilter(self)
        self.proxy.setSourceModel(self.model)

        self.badge = Chip()
        self.badge.setObjectName("chainBadge")
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Show events of kind"))
        self.actor = QComboBox()
        self.actor.setAccessibleName(self.tr("Show events by actor"))
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
            "action": [action_label(a) for a in (Action.CASE_STATUS_CHANGED, Action.CASE_UPDATED)],
            "change": ["M" * 34],
        }
        for key, texts in samples.items():
            header.resizeSection(
                COLUMNS.index(key), max(metrics.horizontalAdvance(t) for t in texts) + pad
            )

        self.detail = QPlainTextEdit()
        self.detail.setObjectName("auditDetail")
        self.detail.setAccessibleName(self.tr("Event details"))
        self.detail.setReadOnly(True)
        self.detail.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.detail.setPlaceholderText(self.tr("Select an event to see its payload and hashes."))

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
        self.splitter.splitterMoved.connect(self._save_splitter)
        self.env.chain.changed.connect(self._update_badge)

    def title(self) -> str:
        return self.tr("Audit &trail")

    @staticmethod
    def load(ctx: Session, case: Case) -> list[TrailEntry]:
        return ctx.audit.case_trail(case.id)

    def show_case(self, case: Case, data: Any) -> None:
        switched = self.case is None or self.case.id != case.id
        selected = self.selected_seq()
        super().show_case(case, data)
        kind, actor = self.kind.currentData(), self.actor.currentData()
        self.model.set_entries(data or [])
        self._reset_filters(kind if not switched else None, actor if not switched else None)
        self._update_badge()
        if selected is not None and not switched:
            self.select_seq(selected)
        else:
            self.detail.clear()

    def clear(self) -> None:
        super().clear()
        self.model.set_entries([])
        self._reset_filters()
        self.detail.clear()
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
        self.detail.setPlainText(detail_text(entry) if entry else "")
        self.event_selected.emit(entry)

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
