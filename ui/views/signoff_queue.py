"""The sign-off queue: pending remedies across cases, oldest first, to approve or reject."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.changes import REMEDY, Changes
from resolution_center.domain.remedy_record import QueueItem
from resolution_center.services.session import Session

from ..dialogs.signoff import SignoffDialog
from ..formatting import local_time, money_text
from ..models.remedies import QueueModel
from ..ops import Ops
from ..policy_banner import PolicyBanner
from ..remedy_labels import kind_label, state_label
from ..widgets import rows_table, table_with_detail, text_label


def load_queue(ctx: Session) -> tuple[list[QueueItem], Any]:
    return ctx.remedies.queue(), ctx.now()


class SignoffQueue(QWidget):
    """Reloads itself when remedies change anywhere; one's own requests cannot be approved."""

    loaded = Signal(int)
    """The number of pending remedies now shown."""
    open_case_requested = Signal(int)

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signoffQueue")
        self.ops = ops
        self._token = 0  # the latest reload: an older one finishing later is stale
        self.model = QueueModel(self)
        self.table = rows_table(self.model, "queueTable", self.tr("Remedies awaiting sign-off"))
        # The Policy column wraps instead of eliding: the queue is short (what waits for
        # sign-off), so rows sized to their text cost little, and the reason is the point.
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(
            self.model.column("explanation"), QHeaderView.ResizeMode.Stretch
        )

        self.approve_button = QPushButton(self.tr("&Approve…"))
        self.approve_button.setObjectName("approveRemedy")
        self.reject_button = QPushButton(self.tr("Re&ject…"))
        self.reject_button.setObjectName("rejectRemedy")
        self.open_button = QPushButton(self.tr("&Open case"))
        self.open_button.setObjectName("openQueueCase")
        self.refresh_button = QPushButton(self.tr("Re&load"))
        self.count = QLabel()
        self.count.setObjectName("queueCount")
        buttons = QHBoxLayout()
        for button in (self.approve_button, self.reject_button, self.open_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        buttons.addWidget(self.refresh_button)

        self.banner = PolicyBanner()
        self.banner.setAccessibleName(self.tr("Policy decision of the selected remedy"))
        self.history = text_label("queueHistory")
        self.reason = text_label()
        splitter = table_with_detail(self.table, self.reason, self.banner, self.history)
        # As the cases are: the table above its detail, so its columns get the whole width.
        splitter.setOrientation(Qt.Orientation.Vertical)
        splitter.setObjectName("queueSplitter")
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        self.setTabOrder(self.table, self.approve_button)
        self.setTabOrder(self.approve_button, self.reject_button)
        self.setTabOrder(self.reject_button, self.open_button)

        shortcut = QShortcut(QKeySequence("Ctrl+Shift+Return"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.approve)
        enter = QShortcut(QKeySequence("Ctrl+Shift+Enter"), self)
        enter.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        enter.activated.connect(self.approve)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.approve_button.clicked.connect(self.approve)
        self.reject_button.clicked.connect(self.reject)
        self.open_button.clicked.connect(self._open_case)
        self.refresh_button.clicked.connect(self.reload)
        ops.changed.connect(self._on_changes)
        self._show_current()

    # ---- loading -----------------------------------------------------------------------------
    def reload(self) -> None:
        self._token += 1
        token = self._token
        self.ops.run_in_background(
            lambda ctx, _progress: load_queue(ctx),
            parent=self,
            on_done=lambda result: self._loaded(token, result),
        )

    def _loaded(self, token: int, result: tuple[list[QueueItem], Any]) -> None:
        if token != self._token:
            return  # read before a later change: the newer reload shows the queue
        items, now = result
        current = self.current()
        self.model.set_queue(items, now)
        self.count.setText(self.tr("%n waiting", "", len(items)))
        row = 0
        if current is not None:
            row = next((i for i, q in enumerate(items) if q.remedy.id == current.remedy.id), 0)
        if items:
            self.table.selectRow(row)
        self._show_current()
        self.loaded.emit(len(items))

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches(REMEDY) or changes.every_case:
            self.reload()

    # ---- the selected remedy -----------------------------------------------------------------
    def current(self) -> QueueItem | None:
        index = self.table.currentIndex()
        return self.model.row_value(index.row()) if index.isValid() else None

    def is_own(self, item: QueueItem | None) -> bool:
        me = self.ops.ctx.actor.username.casefold()
        return item is not None and item.remedy.requester.casefold() == me

    def _show_current(self) -> None:
        item = self.current()
        own = self.is_own(item)
        self.approve_button.setEnabled(item is not None and not own)
        self.reject_button.setEnabled(item is not None and not own)
        self.open_button.setEnabled(item is not None)
        why = self.tr("You requested this remedy: someone else must sign it off.") if own else ""
        self.approve_button.setToolTip(why or self.tr("Approve (Ctrl+Shift+Enter)"))
        self.reject_button.setToolTip(why)
        if item is None:
            if self.model.rowCount():
                self.reason.clear()
            else:
                self.reason.setText(
                    self.tr(
                        "No remedy is waiting for sign-off. A remedy above its proposer's "
                        "limit shows here when it is proposed; approve or reject it here."
                    )
                )
            self.banner.clear(self.tr("Nothing selected."))
            self.history.clear()
            return
        r = item.remedy
        self.reason.setText(
            self.tr("{ref} on {case}, requested by {who} {when}.\nReason: {reason}").format(
                ref=r.reference,
                case=r.case_reference,
                who=r.requester,
                when=local_time(r.created_at),
                reason=r.reason,
            )
        )
        self.banner.show_decision(r.decision)
        lines = [
            f"{o.reference} {kind_label(o.kind)} {money_text(o.amount)} – {state_label(o.state)}"
            f" ({o.requester}, {local_time(o.created_at)})"
            for o in item.case_history
        ]
        self.history.setText(
            self.tr("Remedies of this case so far:") + "\n" + "\n".join(lines)
            if lines
            else self.tr("No other remedies on this case.")
        )

    # ---- actions -----------------------------------------------------------------------------
    def _sign(self, approve: bool) -> SignoffDialog | None:
        item = self.current()
        if item is None or self.is_own(item):
            return None
        dialog = SignoffDialog(self.ops, item.remedy, approve, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def approve(self) -> SignoffDialog | None:
        return self._sign(True)

    def reject(self) -> SignoffDialog | None:
        return self._sign(False)

    def _open_case(self) -> None:
        if (item := self.current()) is not None:
            self.open_case_requested.emit(int(item.remedy.case_id))
