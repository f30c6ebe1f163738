"""The Notifications place: what concerns the logged-in user, newest first (sign-offs they may
give, cases given to them, escalations into their queues, SLA alerts and customer replies on
their cases). Open a case from here (it is marked read), mark one or all read."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from resolution_center.domain.actions import Action
from resolution_center.domain.notifications import Notification, NotificationKind

from ..formatting import local_time
from ..labels import action_label
from ..models.rows import Column, RowsModel
from ..ops import Ops
from ..widgets import rows_table

translate = QCoreApplication.translate  # a name pyside6-lupdate recognises


def kind_label(n: Notification) -> str:
    if n.kind is NotificationKind.SLA:
        return (
            translate("Notifications", "SLA breached")
            if n.action == Action.SLA_BREACHED
            else translate("Notifications", "SLA warning")
        )
    return {
        NotificationKind.SIGNOFF: translate("Notifications", "Sign-off requested"),
        NotificationKind.ASSIGNED: translate("Notifications", "Assigned to you"),
        NotificationKind.ESCALATED: translate("Notifications", "Escalated to your queue"),
        NotificationKind.REPLY: translate("Notifications", "Customer replied"),
        NotificationKind.FOLLOW_UP: translate("Notifications", "Follow-up for you"),
    }.get(n.kind, n.kind.value)


def summary(n: Notification) -> str:
    """One line for a desktop notification: 'Assigned to you: RC-2026-000012 (by bob)'."""
    return translate("Notifications", "{kind}: {case} (by {who})").format(
        kind=kind_label(n), case=n.case_reference or n.target_id, who=n.actor
    )


def notification_columns() -> list[Column]:
    return [
        Column("read", lambda: "", lambda n: "" if n.read else "●"),
        Column("kind", lambda: translate("Notifications", "What"), kind_label),
        Column("case", lambda: translate("Notifications", "Case"), lambda n: n.case_reference),
        Column("actor", lambda: translate("Notifications", "By"), lambda n: n.actor),
        Column("time", lambda: translate("Notifications", "When"), lambda n: local_time(n.time)),
        Column(
            "event",
            lambda: translate("Notifications", "Event"),
            lambda n: (
                action_label(n.action)
                + (f" {n.target_id}" if n.target_id != n.case_reference else "")
            ),
        ),
    ]


class NotificationsView(QWidget):
    open_case_requested = Signal(int)

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notificationsView")
        self.ops = ops
        self._all: list[Notification] = []
        self.model = RowsModel(notification_columns(), self)
        self.table = rows_table(self.model, "notificationTable", self.tr("Your notifications"))
        self.open_button = QPushButton(self.tr("&Open case"))
        self.open_button.setObjectName("openNotification")
        self.read_button = QPushButton(self.tr("&Mark read"))
        self.read_button.setObjectName("markNotificationRead")
        self.all_button = QPushButton(self.tr("Mark &all read"))
        self.all_button.setObjectName("markAllNotificationsRead")
        self.unread_only = QCheckBox(self.tr("&Unread only"))
        self.unread_only.setObjectName("unreadOnly")
        self.count = QLabel()
        self.count.setObjectName("notificationCount")
        self.empty = QLabel()
        self.empty.setObjectName("noNotifications")
        self.empty.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.open_button, self.read_button, self.all_button):
            buttons.addWidget(button)
        buttons.addWidget(self.unread_only)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        self.open_button.clicked.connect(self.open_current)
        self.read_button.clicked.connect(self.mark_current_read)
        self.all_button.clicked.connect(self.mark_all_read)
        self.unread_only.toggled.connect(lambda _on: self._show())
        self.table.activated.connect(lambda _index: self.open_current())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.set_items([])

    # ---- what is shown -----------------------------------------------------------------------
    def unread(self) -> int:
        return sum(1 for n in self._all if not n.read)

    def set_items(self, items: Sequence[Notification]) -> None:
        """The poller's latest list; the selection stays on the notification it was on."""
        self._all = list(items)
        self._show()

    def _show(self) -> None:
        keep = self.current()
        shown = [n for n in self._all if not n.read] if self.unread_only.isChecked() else self._all
        self.model.set_rows(shown)
        row = next((i for i, n in enumerate(shown) if keep and n.seq == keep.seq), 0)
        if shown:
            self.table.selectRow(row)
        unread = self.unread()
        self.count.setText(self.tr("%n unread", "", unread))
        self.empty.setText(
            self.tr(
                "Nothing to tell you. Sign-offs you may give, cases and follow-ups given to you, "
                "escalations into your queues, SLA warnings and customer replies on your cases "
                "show here."
            )
        )
        self.empty.setVisible(not shown)
        self.table.setVisible(bool(shown))
        self.all_button.setEnabled(unread > 0)
        self._update_buttons()

    def current(self) -> Notification | None:
        index = self.table.currentIndex()
        value = self.model.row_value(index.row()) if index.isValid() else None
        return value if isinstance(value, Notification) else None

    def _update_buttons(self) -> None:
        n = self.current()
        self.open_button.setEnabled(n is not None and n.case_id is not None)
        self.read_button.setEnabled(n is not None and not n.read)

    # ---- actions -----------------------------------------------------------------------------
    def open_current(self) -> None:
        n = self.current()
        if n is None or n.case_id is None:
            return
        if not n.read:
            self._mark([n.seq])
        self.open_case_requested.emit(int(n.case_id))

    def mark_current_read(self) -> None:
        n = self.current()
        if n is not None and not n.read:
            self._mark([n.seq])

    def _mark(self, seqs: list[int]) -> None:
        self.ops.run(lambda ctx: ctx.notifications.mark_read(seqs), parent=self)

    def mark_all_read(self) -> None:
        self.ops.run(lambda ctx: ctx.notifications.mark_all_read(), parent=self)
