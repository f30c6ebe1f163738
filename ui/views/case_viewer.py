"""The case viewer: header plus a registry of tabs, loaded off the GUI thread per case."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QLabel,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.business_time import ALWAYS_OPEN, BusinessCalendar
from resolution_center.domain.case import Case
from resolution_center.domain.changes import Changes
from resolution_center.domain.ids import CaseId
from resolution_center.services.session import Session

from ..chain_state import ChainState
from ..ops import Ops
from ..settings import Settings
from ..widgets import scrolling
from .agreements_tab import AgreementsTab
from .audit_tab import AuditTab
from .case_header import CaseHeader
from .case_tab import CaseTab, TabEnv
from .details_tab import DetailsTab
from .evidence_tab import EvidenceTab
from .follow_up_tab import FollowUpTab
from .messages_tab import MessagesTab
from .negotiation_tab import NegotiationTab
from .notes_tab import NotesTab
from .order_tab import OrderTab
from .remedies_tab import RemediesTab
from .satisfaction_tab import SatisfactionTab

# The tabs, in order. A later feature (remedies, agreements) appends its CaseTab subclass here.
# Evidence comes last so the Go menu's Ctrl+1..6 keep the tabs people already know.
CASE_TABS: list[type[CaseTab]] = [
    DetailsTab,
    NotesTab,
    OrderTab,
    AuditTab,
    RemediesTab,
    AgreementsTab,
    EvidenceTab,
    NegotiationTab,
    FollowUpTab,
    MessagesTab,
    SatisfactionTab,
]
CLOCK_TICK_MS = 30_000


@dataclass(frozen=True, slots=True)
class CaseBundle:
    """A case and whatever each tab loaded for it, read on a worker thread in one go."""

    case: Case
    data: dict[str, Any]
    calendar: BusinessCalendar = ALWAYS_OPEN  # the one the case's SLA clock counts on


def load_bundle(ctx: Session, case_id: int, tabs: Sequence[type[CaseTab]]) -> CaseBundle:
    case = ctx.cases.get(case_id)
    calendar = ctx.sla.calendars.policy(case.sla_calendar_version).calendar
    return CaseBundle(case, {tab.key: tab.load(ctx, case) for tab in tabs}, calendar)


class CaseTabs(QTabWidget):
    """The viewer's tabs. Each page sits in a scroll area, so in a short window a page scrolls
    instead of being squeezed under its controls; `widget`, `currentWidget`, `indexOf` and
    `setCurrentWidget` speak of the pages, not their scroll areas."""

    def add_page(self, page: QWidget, title: str) -> int:
        return self.addTab(scrolling(page), title)

    def widget(self, index: int) -> QWidget | None:  # None: no page at that index
        area = super().widget(index)
        inner = area.widget() if isinstance(area, QScrollArea) else None
        return inner if inner is not None else area

    # the stub says QWidget, but Qt answers None when there is no tab, as widget() does
    def currentWidget(self) -> QWidget | None:  # type: ignore[override]
        return self.widget(self.currentIndex())

    def indexOf(self, page: QWidget) -> int:
        return next((i for i in range(self.count()) if self.widget(i) is page), -1)

    def setCurrentWidget(self, page: QWidget) -> None:
        index = self.indexOf(page)
        if index >= 0:
            self.setCurrentIndex(index)


class CaseViewer(QWidget):
    """Shows one case; reloads it when an operation's Changes touch it."""

    case_loaded = Signal(object)
    """The Case now shown (after opening or reloading it)."""

    def __init__(
        self,
        ops: Ops,
        settings: Settings,
        chain: ChainState,
        parent: QWidget | None = None,
        tabs: Sequence[type[CaseTab]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.settings = settings
        self.env = TabEnv(ops, settings, chain)
        self._token = 0
        self._wanted: CaseId | None = None
        self.case: Case | None = None

        self.header = CaseHeader(ops.ctx.taxonomy)
        self.tabs = CaseTabs()
        self.tabs.setObjectName("caseTabs")
        self.tabs.setDocumentMode(True)
        self.tab_widgets: list[CaseTab] = []
        for tab_class in tabs if tabs is not None else CASE_TABS:
            tab = tab_class(self.env)
            tab.setObjectName(f"{tab_class.key}Tab")
            self.tab_widgets.append(tab)
            self.tabs.add_page(tab, tab.title())
        # The pages scroll (CaseTabs): without this floor the tallest page's minimum (~200 px
        # of form) would push the window's splitter into the case list's rows.
        self.tabs.setMinimumHeight(
            self.tabs.tabBar().sizeHint().height() + self.fontMetrics().height() * 4
        )
        self.loading = QLabel()
        self.loading.setObjectName("caseLoading")
        self.loading.setVisible(False)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.addWidget(self.header)
        content_layout.addWidget(self.loading)
        content_layout.addWidget(self.tabs, 1)
        self.placeholder = QLabel(self.tr("Select a case in the list to see it here."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self._clock = QTimer(self)
        self._clock.setInterval(CLOCK_TICK_MS)
        self._connect()
        self._clock.start()
        self.show_tab(settings.viewer_tab)

    def set_placeholder_text(self, text: str) -> None:
        """What the viewer says while no case is shown."""
        self.placeholder.setText(text)

    def _connect(self) -> None:
        self.ops.changed.connect(self.on_changes)
        self.tabs.currentChanged.connect(self._tab_changed)
        self._clock.timeout.connect(lambda: self.header.update_clock(self.ops.ctx.now()))

    # ---- tabs --------------------------------------------------------------------------------
    def tab(self, key: str) -> CaseTab | None:
        return next((t for t in self.tab_widgets if t.key == key), None)

    @property
    def details(self) -> DetailsTab:
        return self._typed("details", DetailsTab)

    @property
    def notes(self) -> NotesTab:
        return self._typed("notes", NotesTab)

    @property
    def audit(self) -> AuditTab:
        return self._typed("audit", AuditTab)

    @property
    def remedies(self) -> RemediesTab:
        return self._typed("remedies", RemediesTab)

    @property
    def agreements(self) -> AgreementsTab:
        return self._typed("agreements", AgreementsTab)

    @property
    def evidence(self) -> EvidenceTab:
        return self._typed("evidence", EvidenceTab)

    @property
    def follow_up(self) -> FollowUpTab:
        return self._typed("follow_up", FollowUpTab)

    @property
    def negotiation(self) -> NegotiationTab:
        return self._typed("negotiation", NegotiationTab)

    @property
    def messages(self) -> MessagesTab:
        return self._typed("messages", MessagesTab)

    def _typed(self, key: str, cls: type[Any]) -> Any:
        tab = self.tab(key)
        assert isinstance(tab, cls)
        return tab

    def show_tab(self, key: str) -> None:
        tab = self.tab(key)
        if tab is not None:
            self.tabs.setCurrentWidget(tab)

    def show_tab_at(self, position: int) -> None:
        if 0 <= position < self.tabs.count():
            self.tabs.setCurrentIndex(position)

    def _tab_changed(self, position: int) -> None:
        widget = self.tabs.widget(position)
        if isinstance(widget, CaseTab):
            self.settings.viewer_tab = widget.key

    # ---- loading -----------------------------------------------------------------------------
    @property
    def case_id(self) -> CaseId | None:
        return self._wanted

    def show_case(self, case_id: int | None, *, force: bool = False) -> None:
        """Open a case (None shows the placeholder); reading happens on a worker thread."""
        if case_id is None:
            self._token += 1
            self._wanted = None
            self.case = None
            self.header.clear()
            for tab in self.tab_widgets:
                tab.clear()
            self.stack.setCurrentWidget(self.placeholder)
            return
        if case_id == self._wanted and not force:
            return
        self._wanted = CaseId(int(case_id))
        self._token += 1
        token = self._token
        self.loading.setText(self.tr("Loading…"))
        self.loading.setVisible(True)
        self.tabs.setEnabled(self.case is not None and self.case.id == case_id)
        tabs = [type(t) for t in self.tab_widgets]
        self.ops.run_in_background(
            lambda ctx, _progress: load_bundle(ctx, case_id, tabs),
            parent=self,
            on_done=lambda bundle: self._loaded(token, bundle),
            on_failed=lambda _exc: self._failed(token),
        )

    def reload(self) -> None:
        if self._wanted is not None:
            self.show_case(self._wanted, force=True)

    def _loaded(self, token: int, bundle: CaseBundle) -> None:
        if token != self._token:
            return  # the user moved on to another case meanwhile
        self.case = bundle.case
        self.loading.setVisible(False)
        self.tabs.setEnabled(True)
        self.header.show_case(bundle.case, self.ops.ctx.now(), bundle.calendar)
        for tab in self.tab_widgets:
            tab.show_case(bundle.case, bundle.data.get(tab.key))
        self.stack.setCurrentIndex(1)
        self.case_loaded.emit(bundle.case)

    def _failed(self, token: int) -> None:
        if token == self._token:
            self.loading.setText(self.tr("This case could not be loaded."))
            self.tabs.setEnabled(self.case is not None)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches_case(self._wanted):
            self.reload()

    def has_unsaved_input(self) -> bool:
        return any(t.has_unsaved_input() for t in self.tab_widgets)
