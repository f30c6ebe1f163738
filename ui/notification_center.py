"""The window's notifications: a poll off the GUI thread every minute (and soon after any change
the window makes), the Notifications place, a tool button whose text carries the unread
count (in the menu bar's corner: a toolbar of one button would cost the case list a row at
1024x700), and a desktop notification through the system tray for what arrived since the last poll
(where the desktop has a tray; offscreen and on some desktops it has none, and the window works
the same without it)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QIcon
from PySide6.QtWidgets import QApplication, QMenuBar, QSystemTrayIcon, QToolButton, QWidget

from resolution_center.domain.changes import Changes
from resolution_center.domain.notifications import Notification
from resolution_center.services.session import Session

from .ops import Ops
from .periodic import PeriodicWork
from .views.notifications_view import NotificationsView, summary

POLL_MS = 60_000
FIRST_POLL_MS = 2_000  # after the list's first page: the badge should not wait a minute
AFTER_CHANGE_MS = 500  # a change the window made (a case assigned, a notification read)
SHOWN_IN_ONE_MESSAGE = 3


class NotificationPoller(PeriodicWork[list[Notification]]):
    """Reads the user's notifications on a worker thread; `updated` with each list, `arrived`
    with the unread ones newer than anything the previous poll saw (none on the first)."""

    updated = Signal(object)
    arrived = Signal(object)
    what = "reading notifications"

    def __init__(self, ops: Ops, parent: QObject | None = None, interval_ms: int = POLL_MS):
        super().__init__(ops, parent, interval_ms)
        self.again = False  # a change came while a poll ran: poll once more after it
        self.stopped = True  # until the window starts it: a change before then polls nothing
        self.newest: int | None = None  # the newest event seen; None before the first poll
        self.soon = QTimer(self)
        self.soon.setSingleShot(True)
        self.soon.setInterval(AFTER_CHANGE_MS)
        self.soon.timeout.connect(self.poll)
        ops.changed.connect(self._changed)

    def start(self, first_ms: int = FIRST_POLL_MS) -> None:
        super().start(first_ms)

    def stop(self) -> None:
        super().stop()
        self.soon.stop()

    def _changed(self, _changes: Changes) -> None:
        if not self.stopped:
            self.soon.start()

    def poll(self) -> None:
        self.run_once()

    def busy(self) -> None:
        self.again = True

    def work(self, ctx: Session) -> list[Notification]:
        return ctx.notifications.list()  # the sign-off read model expires what fell due (a write)

    def finished(self, result: list[Notification]) -> None:
        newest = max((n.seq for n in result), default=0)
        fresh = (
            [] if self.newest is None else [n for n in result if not n.read and n.seq > self.newest]
        )
        self.newest = max(newest, self.newest or 0)
        self.updated.emit(result)
        if fresh:
            self.arrived.emit(fresh)
        if self.again:
            self.again = False
            self.soon.start()


class NotificationCenter(QObject):
    """Builds the place, the tool button and the tray icon for a window, and keeps them in
    step with the poller."""

    unread_changed = Signal(int)

    def __init__(
        self, ops: Ops, window: QWidget, show_place: Callable[[], None], bar: QMenuBar
    ) -> None:
        super().__init__(window)
        self.view = NotificationsView(ops)
        self.poller = NotificationPoller(ops, self)
        self.show_place = show_place
        self.action = QAction(self.tr("Notifications"), self)
        self.action.setObjectName("action-notifications")
        self.action.setToolTip(self.tr("Your notifications (Ctrl+Shift+B)"))
        self.action.setShortcut("Ctrl+Shift+B")
        self.action.triggered.connect(show_place)
        window.addAction(self.action)  # its shortcut works with the menu bar hidden too
        self.button = QToolButton()
        self.button.setObjectName("notificationsButton")
        self.button.setDefaultAction(self.action)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.button.setAutoRaise(True)
        self.bar = bar
        bar.setCornerWidget(self.button, Qt.Corner.TopRightCorner)
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(_icon(window), self)
            self.tray.setToolTip(self.tr("Resolution Center"))
            self.tray.messageClicked.connect(show_place)
            self.tray.activated.connect(lambda _reason: show_place())
            self.tray.show()
        self.messages_shown = 0  # desktop notifications this window gave (for tests, the bench)
        self.poller.updated.connect(self._updated)
        self.poller.arrived.connect(self._arrived)
        self._badge(0)

    def start(self) -> None:
        self.poller.start()

    def stop(self) -> None:
        self.poller.stop()
        if self.tray is not None:
            self.tray.hide()

    def _updated(self, found: list[Notification]) -> None:
        self.view.set_items(found)
        self._badge(self.view.unread())

    def _badge(self, unread: int) -> None:
        """The count on the toolbar button: in its text, so it reads without colour too."""
        self.action.setText(
            self.tr("Notifications ({count})").format(count=unread)
            if unread
            else self.tr("Notifications")
        )
        font = QFont(self.button.font())
        font.setBold(unread > 0)
        self.action.setFont(font)
        self.button.setFont(font)
        # The menu bar lays its corner out when it is given one, not when the button's text
        # grows: given it again, the count is never cut off at the window's edge.
        self.bar.setCornerWidget(self.button, Qt.Corner.TopRightCorner)
        self.unread_changed.emit(unread)
        if self.tray is not None:
            self.tray.setToolTip(self.tr("Resolution Center: %n unread", "", unread))

    def _arrived(self, fresh: list[Notification]) -> None:
        if self.tray is None or not self.tray.supportsMessages():
            return
        lines = [summary(n) for n in fresh[:SHOWN_IN_ONE_MESSAGE]]
        if len(fresh) > SHOWN_IN_ONE_MESSAGE:
            lines.append(self.tr("and %n more", "", len(fresh) - SHOWN_IN_ONE_MESSAGE))
        self.tray.showMessage(
            self.tr("%n new notification(s)", "", len(fresh)),
            "\n".join(lines),
            QSystemTrayIcon.MessageIcon.Information,
        )
        self.messages_shown += 1


def _icon(window: QWidget) -> QIcon:
    icon = window.windowIcon()
    if icon.isNull():
        icon = QApplication.windowIcon()
    return icon
