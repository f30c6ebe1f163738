"""The main window: case list over the case viewer, menus, status bar (who, where, chain)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QTabWidget,
    QWidget,
)

from resolution_center import __version__
from resolution_center.domain.case import Case, CaseFilter
from resolution_center.services.service_text import localize

from .actions import MENUS, ActionSet, show_customer_page
from .chain_state import ChainState, ChainStatus
from .formatting import count_text
from .labels import role_label
from .mail_in import MailDrop, MailFetcher, summary
from .notification_center import NotificationCenter
from .ops import Ops
from .outbox_sender import OutboxSender
from .settings import Settings
from .sla_sweeper import SlaSweeper
from .style import Chip
from .views.case_list import CaseListView
from .views.dashboard_place import DashboardPlace
from .views.outbox_view import OutboxView
from .views.patterns_view import PatternsView
from .views.reviews_view import ReviewsView
from .views.signoff_queue import SignoffQueue
from .widgets import ElidedLabel

if TYPE_CHECKING:
    from .views.case_viewer import CaseViewer

BUSY_DELAY_MS = 400
SELECTION_REST_MS = 120
HEADER_ACTIONS = ("change-status", "assign", "take", "escalate", "customer-page")
LIST_ROWS = 10
"""Case rows the list keeps when the window lays its panes out (at 1024×700 too)."""
SHORT_HEIGHT = 800
TALL_HEIGHT = 1000


def size_class(height: int) -> str:
    """Windows are remembered by height: a split dragged on a laptop screen would leave the
    list a few rows on a short one, or far too many on a tall one."""
    if height < SHORT_HEIGHT:
        return "short"
    return "medium" if height < TALL_HEIGHT else "tall"


"""The case actions the viewer's header offers as buttons."""
VERIFY_LATEST_MS = 3_000


class MainWindow(QMainWindow):
    """The composition of one logged-in session; owns nothing global."""

    logout_requested = Signal()
    """The user chose Log out: the window closed and the app shows the login again."""
    closed = Signal()
    """The window closed for good (not to log out): the app quits."""

    def __init__(self, ops: Ops, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.ops = ops
        self.settings = settings
        self._closing_confirmed = False
        self._log_out_on_close = False
        # What must outlive the window (its AppController: the ops' parent, and the receiver
        # of closed/logout_requested). Collected while the window was open, it took the ops
        # with it and closing the window crashed.
        self.owner: QObject | None = None
        ctx = ops.ctx
        self.chain = ChainState(ops, self)
        self.sla_sweeper = SlaSweeper(ops, self)  # started with the list (start())

        self.case_list = CaseListView(ops, settings)
        # The viewer (its tabs, their modules) is built once the list has painted, or when
        # first wanted: a login shows its list without waiting for ~0.1 s of viewer.
        self._viewer: CaseViewer | None = None
        slot = QWidget()
        slot.setObjectName("viewerSlot")
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.case_list)
        self.splitter.addWidget(slot)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)

        # The queue has a place of its own beside the cases: docked under them it took the
        # list's rows and its own columns' width.
        self.queue = SignoffQueue(ops)
        self.places = QTabWidget()
        self.places.setObjectName("places")
        self.places.setDocumentMode(True)
        self.places.addTab(self.splitter, self.tr("Cases"))
        self.places.addTab(self.queue, self.tr("Sign-off queue"))
        # Built when first opened: the charts' library loads then, not at login.
        self.dashboard = DashboardPlace(ops)
        self.places.addTab(self.dashboard, self.tr("Dashboard"))
        self.outbox = OutboxView(ops)
        self.places.addTab(self.outbox, self.tr("Outbox"))
        # Pattern review and periodic reviews load when first shown.
        self.patterns = PatternsView(ops)
        self.places.addTab(self.patterns, self.tr("Patterns"))
        self.reviews = ReviewsView(ops)
        self.places.addTab(self.reviews, self.tr("Reviews"))
        # Mail in: fetched every few minutes (ui/mail_in.py); what cannot be read waits here.
        from .views.mail_quarantine import QuarantineView

        self.mail_fetcher = MailFetcher(ops, self)
        self.quarantine = QuarantineView(ops, self.mail_fetcher)
        self.places.addTab(self.quarantine, self.tr("Mail quarantine"))
        self.mail_drop = MailDrop(ops, self)
        self.mail_drop.watch(self)
        self.mail_drop.watch(self.case_list)
        # An administrator's window delivers the outbox's mail (others' do not: ui/outbox_sender)
        self.outbox_sender = OutboxSender(ops, self)
        self.setCentralWidget(self.places)
        self.notification_center = NotificationCenter(
            ops, self, self.show_notifications, self.menuBar()
        )
        self.places.addTab(self.notification_center.view, self.tr("Notifications"))

        self.action_set = ActionSet(self, self)
        self._list_actions()
        self.tab_actions: list[QAction] = []
        self._go_menu: QMenu | None = None
        self._build_menus()

        # Status bar: who, where, and the chain, each in words.
        self.user_label = QLabel(
            self.tr("{name} ({user}) · {role}").format(
                name=ctx.actor.display_name or ctx.actor.username,
                user=ctx.actor.username,
                role=role_label(ctx.actor.role),
            )
        )
        self.user_label.setObjectName("statusUser")
        self.database_label = ElidedLabel(localize(ctx.store.target.display))
        self.database_label.setObjectName("statusDatabase")
        self.chain_label = Chip()
        self.chain_label.setObjectName("statusChain")
        self.chain_progress = QProgressBar()
        self.chain_progress.setObjectName("chainProgress")
        self.chain_progress.setAccessibleName(self.tr("Audit chain verification progress"))
        self.chain_progress.setMaximumWidth(self.fontMetrics().averageCharWidth() * 24)
        self.chain_progress.setVisible(False)
        self.busy_label = QLabel(self.tr("Working…"))
        self.busy_label.setObjectName("statusBusy")
        self.busy_label.setVisible(False)
        # Only work that takes a noticeable while says so; a quick case load would flicker.
        # The viewer follows the list's selection once it rests: holding an arrow key (or the
        # list's first selection while it is still being scrolled) loads one case, not each.
        self._selection_rest = QTimer(self)
        self._selection_rest.setSingleShot(True)
        self._selection_rest.setInterval(SELECTION_REST_MS)
        self._selection_rest.timeout.connect(lambda: self.viewer.show_case(self._selected))
        self._selected: int | None = None
        self._busy_delay = QTimer(self)
        self._busy_delay.setSingleShot(True)
        self._busy_delay.setInterval(BUSY_DELAY_MS)
        status = self.statusBar()
        status.addWidget(self.user_label)
        status.addWidget(self.database_label, 1)
        status.addPermanentWidget(self.busy_label)
        status.addPermanentWidget(self.chain_progress)
        status.addPermanentWidget(self.chain_label)

        self.setWindowTitle(self.tr("Resolution Center – {user}").format(user=ctx.actor.username))
        self._restore_layout()
        self._connect()
        self._chain_changed()

    def _list_actions(self) -> None:
        """The case list's context menu: the customer page of the row under the cursor."""
        table = self.case_list.table
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        action = QAction(self.tr("Customer page…"), table)
        action.setObjectName("list-customer-page")

        def show() -> None:
            case_id = self.case_list.current_case_id()
            if case_id is not None:
                show_customer_page(self, case_id)

        action.triggered.connect(show)
        table.addAction(action)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        admin = self.ops.ctx.actor.role == "admin"
        self.action_set.set_admin(admin)
        for key, title in MENUS:
            if key == "admin" and not admin:
                continue  # administrators only; the services refuse everyone else as well
            menu = bar.addMenu(title())
            menu.setObjectName(f"menu-{key}")
            for action in self.action_set.in_menu(key):
                menu.addAction(action)
            if key == "go":
                menu.addSeparator()
                self._go_menu = menu
        for action in self.action_set.actions.values():
            self.addAction(action)  # shortcuts work even while the menu bar is hidden

    @property
    def viewer(self) -> CaseViewer:
        """The case viewer, built on first use (see `build_viewer`)."""
        if self._viewer is None:
            self.build_viewer()
        assert self._viewer is not None
        return self._viewer

    def build_viewer(self) -> None:
        """Put the case viewer in its place under the list, with its tabs in the Go menu."""
        if self._viewer is not None:
            return
        from .views.case_viewer import CaseViewer

        viewer = CaseViewer(self.ops, self.settings, self.chain)
        self._viewer = viewer
        sizes = self.splitter.sizes()  # as restored or dragged: the viewer takes its slot's
        placeholder = self.splitter.replaceWidget(1, viewer)
        if placeholder is not None:
            placeholder.deleteLater()
        self.splitter.setSizes(sizes)
        viewer.case_loaded.connect(self._case_loaded)
        # Mail dropped on an open case goes onto that case.
        self.mail_drop.watch(viewer, lambda: viewer.case.id if viewer.case else None)
        self._list_reloaded()
        viewer.header.add_actions([self.action_set[key] for key in HEADER_ACTIONS])
        for position, tab in enumerate(viewer.tab_widgets):
            action = QAction(tab.title(), self)
            action.setObjectName(f"action-tab-{tab.key}")
            if position < 9:
                action.setShortcut(QKeySequence(f"Ctrl+{position + 1}"))
            action.triggered.connect(lambda _checked=False, k=tab.key: viewer.show_tab(k))
            if self._go_menu is not None:
                self._go_menu.addAction(action)
            self.tab_actions.append(action)

    def _connect(self) -> None:
        self.mail_fetcher.fetched.connect(self._mail_imported)
        self.mail_fetcher.failed.connect(
            lambda why: self.statusBar().showMessage(
                self.tr("Fetching mail failed: {why}").format(why=why), 15_000
            )
        )
        self.mail_drop.imported.connect(self._mail_imported)
        self.case_list.current_case_changed.connect(self._follow_selection)
        self.case_list.case_activated.connect(lambda _id: self.viewer.tabs.setFocus())
        self.case_list.current_case_changed.connect(self._current_changed)
        self.case_list.cases_reloaded.connect(self._list_reloaded)
        self.queue.open_case_requested.connect(self.open_case)
        self.places.currentChanged.connect(self._place_changed)
        self.queue.loaded.connect(self._queue_loaded)
        self.outbox.waiting.connect(self._outbox_counted)
        self.notification_center.view.open_case_requested.connect(self.open_case)
        self.notification_center.unread_changed.connect(self._notifications_counted)
        self.patterns.open_cases.connect(self.show_finding_cases)
        self.reviews.open_cases.connect(self.show_finding_cases)
        self.chain.changed.connect(self._chain_changed)
        self.chain.progress.connect(self._chain_progress)
        self.splitter.splitterMoved.connect(self._save_splitter)
        self.ops.busy_changed.connect(self._busy_changed)
        self._busy_delay.timeout.connect(lambda: self.busy_label.setVisible(True))

    def start(self) -> None:
        """Load the list, then verify the chain in the background.

        The check's worker processes keep both cores of a small machine busy for a while, so
        it starts once the list has all its ids, not while its first page is being painted
        (at the latest after VERIFY_LATEST_MS, should the list not load).
        """
        self.case_list.cases_reloaded.connect(
            self._verify_chain, Qt.ConnectionType.SingleShotConnection
        )
        QTimer.singleShot(VERIFY_LATEST_MS, self, self._verify_chain)
        self.case_list.start()
        self.sla_sweeper.start()
        self.outbox_sender.start()
        self.outbox.reload()  # its tab says how much mail waits
        self.mail_fetcher.start()
        self.notification_center.start()

    def _verify_chain(self) -> None:
        if self.chain.status is ChainStatus.UNKNOWN:  # not started yet (by this or the user)
            self.chain.verify(self)

    # ---- Workbench (what the actions use) ----------------------------------------------------
    def window_widget(self) -> QWidget:
        return self

    def open_case(self, case_id: int) -> None:
        self.show_cases()
        if not self.case_list.select_case(case_id):
            self.viewer.show_case(case_id)

    def show_signoff_queue(self) -> None:
        self.places.setCurrentWidget(self.queue)
        self.queue.reload()
        self.queue.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_mail_quarantine(self) -> None:
        self.places.setCurrentWidget(self.quarantine)  # reloads as it is shown
        self.quarantine.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def fetch_mail_now(self) -> None:
        self.statusBar().showMessage(self.tr("Fetching mail…"), 5_000)
        self.mail_fetcher.fetch()

    def import_mail_files(self) -> None:
        """File → Import mail files…: the chosen files imported as a drop on the window is."""
        dialog = QFileDialog(self, self.tr("Import mail files"))
        dialog.setObjectName("importMailFiles")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilter(self.tr("Mail (*.eml *.msg *.mbox *.mbx)"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.filesSelected.connect(lambda paths: self.mail_drop.drop(list(paths)))
        dialog.open()
        self.mail_files_dialog = dialog  # tests and screenshots drive it

    def _mail_imported(self, results: object) -> None:
        found = getattr(results, "results", results)
        text = summary(list(found)) if found else self.tr("No new mail.")  # type: ignore[call-overload]
        self.statusBar().showMessage(text, 15_000)

    def show_outbox(self) -> None:
        self.places.setCurrentWidget(self.outbox)  # reloads as it is shown
        self.outbox.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_finding_cases(self, found: CaseFilter, label: str) -> None:
        """A pattern finding's cases in the case list: its filter is those cases alone (no
        filter widget shows a list of ids, so the status bar says what the list holds)."""
        self.case_list.filters.set_filter(found)
        self.show_cases()
        self.statusBar().showMessage(
            self.tr("The cases of {finding}; Clear filters shows every case").format(finding=label),
            20_000,
        )

    def show_cases(self) -> None:
        self.places.setCurrentWidget(self.splitter)

    def show_notifications(self) -> None:
        view = self.notification_center.view
        self.places.setCurrentWidget(view)
        view.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def log_out(self) -> None:
        self._log_out_on_close = True
        self.close()

    def close_window(self) -> None:
        self.close()

    def show_about(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("About Resolution Center"),
            self.tr(
                "Resolution Center {version}\nCases, a tamper-evident audit "
                "trail, remedy sign-off and agreements."
            ).format(version=__version__),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def show_log(self) -> None:
        from .dialogs.log_viewer import LogDialog  # rarely opened: not loaded with the window

        dialog = LogDialog(parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # ---- reactions ---------------------------------------------------------------------------
    def _case_loaded(self, case: Case) -> None:
        self.action_set.set_case_available(True)
        take = self.action_set["take"]
        mine = case.assignee == self.ops.ctx.actor.username
        take.setEnabled(not mine)
        take.setToolTip(
            self.tr("This case is assigned to you already.")
            if mine
            else self.tr("Assign this case to yourself ({keys})").format(
                keys=take.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            )
        )
        self.setWindowTitle(
            self.tr("Resolution Center – {user} – {ref}").format(
                user=self.ops.ctx.actor.username, ref=case.reference
            )
        )

    def _busy_changed(self, busy: bool) -> None:
        if busy:
            self._busy_delay.start()
        else:
            self._busy_delay.stop()
            self.busy_label.setVisible(False)

    def _follow_selection(self, case_id: int | None) -> None:
        self._selected = case_id
        if case_id is None:
            self._selection_rest.stop()
            self.viewer.show_case(None)
        else:
            self._selection_rest.start()

    def _current_changed(self, case_id: int | None) -> None:
        if case_id is None:
            self.action_set.set_case_available(False)
            self.setWindowTitle(
                self.tr("Resolution Center – {user}").format(user=self.ops.ctx.actor.username)
            )

    def _list_reloaded(self) -> None:
        if self._viewer is None:
            return
        empty = self.case_list.empty_text()
        self._viewer.set_placeholder_text(
            self.tr("No case is shown: the list has none. {hint}").format(hint=empty)
            if empty
            else self.tr(
                "Select a case in the list to see it here. Its header has the actions: "
                "change status, assign, escalate, take it yourself."
            )
        )

    def _place_changed(self, index: int) -> None:
        if self.places.widget(index) is self.queue and self.queue.model.rowCount() == 0:
            self.queue.reload()
        if self.places.widget(index) is self.outbox:
            self.outbox.reload()
        if self.places.widget(index) is self.quarantine:
            self.quarantine.reload()

    def _queue_loaded(self, count: int) -> None:
        self.places.setTabText(
            self.places.indexOf(self.queue),
            self.tr("Sign-off queue ({count})").format(count=count_text(count)),
        )

    def _outbox_counted(self, waiting: int) -> None:
        self.places.setTabText(
            self.places.indexOf(self.outbox),
            self.tr("Outbox ({count} waiting)").format(count=count_text(waiting))
            if waiting
            else self.tr("Outbox"),
        )

    def _notifications_counted(self, unread: int) -> None:
        self.places.setTabText(
            self.places.indexOf(self.notification_center.view),
            self.tr("Notifications ({count})").format(count=count_text(unread))
            if unread
            else self.tr("Notifications"),
        )

    def _chain_changed(self) -> None:
        chain = self.chain
        full = chain.text()
        details = chain.details()
        self.chain_label.show_text(
            chain.short_text(), chain.colours(), full if details == full else f"{full}\n{details}"
        )
        self.chain_label.setAccessibleDescription(full)
        self.chain_progress.setVisible(chain.status is ChainStatus.VERIFYING)
        if chain.status is ChainStatus.VERIFYING:
            self.chain_progress.setRange(0, 0)

    def _chain_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.chain_progress.setRange(0, total)
            self.chain_progress.setValue(min(done, total))
            self.chain_progress.setFormat(self.tr("Verifying %v of %m events"))

    # ---- layout memory -----------------------------------------------------------------------
    def _restore_layout(self) -> None:
        if not self.settings.main_geometry.isEmpty():
            self.restoreGeometry(self.settings.main_geometry)
        else:
            metrics = self.fontMetrics()
            self.resize(metrics.averageCharWidth() * 190, metrics.height() * 50)
        if not self.settings.main_state.isEmpty():
            self.restoreState(self.settings.main_state)
        self._size_class = ""
        self._fit_panes()

    def _fit_panes(self) -> None:
        """The split remembered for this size of window, else one that keeps LIST_ROWS rows
        of the list and gives the viewer the rest (2:3 where there is room)."""
        self._size_class = size_class(self.height())
        state = self.settings.splitter_for(self._size_class)
        if not state.isEmpty() and self.splitter.restoreState(state):
            return
        total = max(1, sum(self.splitter.sizes()) or self.splitter.height())
        wanted = self.case_list.height_for_rows(LIST_ROWS)
        viewer_floor = self._viewer.minimumSizeHint().height() if self._viewer else 0
        list_height = max(wanted, total * 2 // 5)
        list_height = min(list_height, max(wanted, total - viewer_floor))
        self.splitter.setSizes([list_height, max(0, total - list_height)])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if size_class(self.height()) != self._size_class:
            self._fit_panes()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Laid out now: the list's filters and header have their real heights.
        if self.settings.splitter_for(self._size_class).isEmpty():
            self._fit_panes()

    def _save_splitter(self) -> None:
        self.settings.set_splitter_for(self._size_class, self.splitter.saveState())

    def save_layout(self) -> None:
        self.settings.main_geometry = self.saveGeometry()
        self.settings.main_state = self.saveState()
        self._save_splitter()
        self.case_list.save_columns()
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        viewer = self._viewer
        if viewer is not None and viewer.has_unsaved_input() and not self._closing_confirmed:
            event.ignore()
            self._confirm_close()
            return
        self.save_layout()
        self.sla_sweeper.stop()
        self.outbox_sender.stop()
        self.mail_fetcher.stop()
        self.notification_center.stop()
        self.ops.shutdown()
        event.accept()
        if self._log_out_on_close:
            self.logout_requested.emit()
        else:
            self.closed.emit()

    def _confirm_close(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Unsaved changes"),
            self.tr(
                "This case has edits or a note you have not saved. Close anyway and lose them?"
            ),
            parent=self,
        )
        box.setObjectName("confirmClose")
        discard = box.addButton(
            self.tr("&Close and discard"), QMessageBox.ButtonRole.DestructiveRole
        )
        keep = box.addButton(self.tr("&Keep working"), QMessageBox.ButtonRole.RejectRole)
        keep.clicked.connect(lambda: setattr(self, "_log_out_on_close", False))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        discard.clicked.connect(self._close_confirmed)
        box.open()

    def _close_confirmed(self) -> None:
        self._closing_confirmed = True
        self.close()
