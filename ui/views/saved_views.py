"""The case list's side panel: saved views (preset filters) and counts per status and SLA."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.case import CaseFilter, CaseQuery, Status
from resolution_center.domain.sla import SlaState
from resolution_center.services.session import Session

from ..formatting import count_text
from ..labels import SLA_ORDER, sla_label, status_label
from ..style import SLA_COLOURS, dot_icon

translate = QCoreApplication.translate  # a name pyside6-lupdate recognises

KeyRole = Qt.ItemDataRole.UserRole + 1
KindRole = Qt.ItemDataRole.UserRole + 2
TitleRole = Qt.ItemDataRole.UserRole + 3
CountRole = Qt.ItemDataRole.UserRole + 4


@dataclass(frozen=True, slots=True)
class SavedView:
    """A named preset filter. `available` says whether this build can show it at all."""

    key: str
    title: Callable[[], str]
    case_filter: Callable[[Session], CaseFilter]
    available: Callable[[Session], bool] = lambda ctx: True
    unavailable_reason: Callable[[], str] = lambda: ""
    empty_text: Callable[[], str] = lambda: translate(
        "SavedViews", "No cases match these filters. Clear the filters or choose another view."
    )
    """What an empty list says: what belongs here and what to do."""


def _can_sign_off(ctx: Session) -> bool:
    return ctx.remedies.signs_off()  # the domain's rule (policy.signs_off), not the panel's


# Later features append their views here (an agreements queue, say); the panel lists them all.
SAVED_VIEWS: list[SavedView] = [
    SavedView(
        "my-open",
        lambda: translate("SavedViews", "My open cases"),
        lambda ctx: CaseFilter(assignee=ctx.actor.username, open_only=True),
        empty_text=lambda: translate(
            "SavedViews",
            "No open cases are assigned to you. Open “All open cases” and take one "
            "(Take it myself in the case's header), or create one with File → New case.",
        ),
    ),
    SavedView(
        "my-queue",
        lambda: translate("SavedViews", "My queue"),
        # Open cases waiting unassigned in the queues the user is in: an escalation to a tier
        # lands here for its members to take.
        lambda ctx: CaseFilter(tiers=tuple(ctx.queues.my_tiers()), assignee="", open_only=True),
        available=lambda ctx: bool(ctx.queues.my_tiers()),
        unavailable_reason=lambda: translate(
            "SavedViews", "You are in no escalation queue; an admin adds people to queues."
        ),
        empty_text=lambda: translate(
            "SavedViews",
            "No case waits in your queue. Cases escalated to your tier without a name, and "
            "new cases the queue does not route, show here until a member takes one.",
        ),
    ),
    SavedView(
        "awaiting-signoff",
        lambda: translate("SavedViews", "Awaiting my sign-off"),
        lambda ctx: CaseFilter(awaiting_my_signoff=True),
        available=_can_sign_off,
        unavailable_reason=lambda: translate(
            "SavedViews", "Your role does not sign off remedies under the policy in force."
        ),
        empty_text=lambda: translate(
            "SavedViews",
            "No remedy waits for your sign-off. Remedies above a specialist's limit show "
            "here when they are proposed.",
        ),
    ),
    SavedView(
        "my-follow-ups",
        lambda: translate("SavedViews", "My follow-ups due"),
        # The cases of the user's follow-ups whose due time has come (any status: a follow-up
        # on a resolved case is still work).
        lambda ctx: CaseFilter(case_ids=ctx.follow_ups.due_case_ids()),
        empty_text=lambda: translate(
            "SavedViews",
            "No follow-up of yours is due. Set one on a case in its Follow-up tab; it shows "
            "here when its due time comes.",
        ),
    ),
    SavedView(
        "open",
        lambda: translate("SavedViews", "All open cases"),
        lambda ctx: CaseFilter(open_only=True),
        empty_text=lambda: translate(
            "SavedViews", "No case is open. Create one with File → New case."
        ),
    ),
    SavedView(
        "escalated",
        lambda: translate("SavedViews", "Escalated"),
        lambda ctx: CaseFilter(statuses=(Status.ESCALATED,)),
    ),
    SavedView(
        "breaching",
        lambda: translate("SavedViews", "Breaching SLA"),
        lambda ctx: CaseFilter(sla_states=(SlaState.OVERDUE.value,)),
    ),
    SavedView(
        "sla-alerts",
        lambda: translate("SavedViews", "SLA warnings for me"),
        # Warned or breached cases assigned to the user or unassigned in their tier's queue
        # (supervisors: all): where the sweep's warnings reach people.
        lambda ctx: CaseFilter(case_ids=tuple(ctx.sla.alerted_case_ids())),
        empty_text=lambda: translate(
            "SavedViews",
            "No SLA warning for you or your queue. A case shows here once 80% of a target's "
            "working time is used (the share the SLA calendar sets), or once it is overdue.",
        ),
    ),
    SavedView("all", lambda: translate("SavedViews", "All cases"), lambda ctx: CaseFilter()),
]


def saved_view(key: str) -> SavedView | None:
    return next((v for v in SAVED_VIEWS if v.key == key), None)


WORK_VIEWS = ("awaiting-signoff", "my-open")
"""The views that hold a user's own work, in the order a login looks at them."""


def view_counts(ctx: Session) -> dict[str, int]:
    """How many cases each available view lists: one counted page each, never their ids."""
    return {
        view.key: ctx.cases.list(CaseQuery(filter=view.case_filter(ctx), limit=1)).total
        for view in SAVED_VIEWS
        if view.available(ctx)
    }


def view_with_work(ctx: Session) -> str:
    """Where a login lands: sign-offs waiting for a supervisor, else the user's open cases,
    else every open case."""
    for key in WORK_VIEWS:
        view = saved_view(key)
        if view is not None and view.available(ctx):
            page = ctx.cases.list(CaseQuery(filter=view.case_filter(ctx), limit=1))
            if page.total:
                return key
    return "open"


class SavedViewsPanel(QWidget):
    """Saved views on top, counts for the current filter below; both are clickable."""

    view_chosen = Signal(str)
    """The key of the saved view the user picked."""
    count_chosen = Signal(str, str)
    """A count row was picked: ('status', 'open') or ('sla', 'overdue')."""

    def __init__(self, ctx: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.views = QListWidget()
        self.views.setObjectName("savedViews")
        self.views.setAccessibleName(translate("SavedViews", "Saved views"))
        for view in SAVED_VIEWS:
            item = QListWidgetItem(view.title())
            item.setData(KeyRole, view.key)
            item.setData(TitleRole, view.title())
            if not view.available(ctx):
                item.setFlags(
                    item.flags() & ~Qt.ItemFlag.ItemIsEnabled & ~Qt.ItemFlag.ItemIsSelectable
                )
                item.setToolTip(view.unavailable_reason())
            self.views.addItem(item)

        rows = max(1, self.views.count())
        self.views.setMaximumHeight(
            self.views.sizeHintForRow(0) * rows + 2 * self.views.frameWidth() + 4
        )
        self.counts = QTreeWidget()
        self.counts.setObjectName("caseCounts")
        self.counts.setAccessibleName(
            translate("SavedViews", "Case counts for the current filters")
        )
        self.counts.setColumnCount(2)
        self.counts.setHeaderLabels(
            [translate("SavedViews", "Status and SLA"), translate("SavedViews", "Cases")]
        )
        self.counts.setRootIsDecorated(False)
        self.counts.header().setStretchLastSection(False)
        self.counts.header().setSectionResizeMode(0, self.counts.header().ResizeMode.Stretch)
        self.counts.header().setSectionResizeMode(
            1, self.counts.header().ResizeMode.ResizeToContents
        )
        self._status_group = QTreeWidgetItem([translate("SavedViews", "By status")])
        self._sla_group = QTreeWidgetItem([translate("SavedViews", "By SLA")])
        for group in (self._status_group, self._sla_group):
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.counts.addTopLevelItem(group)
            group.setExpanded(True)
        self.counts.setToolTip(
            translate(
                "SavedViews",
                "Counts for the current filters, ignoring the status and "
                "SLA filters. Double-click a row to filter by it.",
            )
        )

        views_label = QLabel(translate("SavedViews", "&Views"))
        views_label.setBuddy(self.views)
        counts_label = QLabel(translate("SavedViews", "C&ounts"))
        counts_label.setBuddy(self.counts)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(views_label)
        layout.addWidget(self.views)
        layout.addWidget(counts_label)
        layout.addWidget(self.counts, 1)

        self.views.itemClicked.connect(self._view_clicked)
        self.views.itemActivated.connect(self._view_clicked)
        self.counts.itemActivated.connect(self._count_clicked)

    def select_view(self, key: str | None) -> None:
        """Highlight a view without emitting (None clears: the filters no longer match one)."""
        self.views.blockSignals(True)
        try:
            self.views.clearSelection()
            self.views.setCurrentRow(-1)
            for row in range(self.views.count()):
                item = self.views.item(row)
                if item.data(KeyRole) == key and item.flags() & Qt.ItemFlag.ItemIsEnabled:
                    self.views.setCurrentItem(item)
        finally:
            self.views.blockSignals(False)

    def current_view(self) -> str | None:
        item = self.views.currentItem()
        return item.data(KeyRole) if item is not None and item.isSelected() else None

    def show_view_counts(self, counts: dict[str, int]) -> None:
        """Each view's number of cases beside its name (views not counted show none)."""
        for row in range(self.views.count()):
            item = self.views.item(row)
            count = counts.get(item.data(KeyRole))
            item.setData(CountRole, count)
            title = item.data(TitleRole)
            item.setText(title if count is None else f"{title} ({count_text(count)})")

    def view_count(self, key: str) -> int | None:
        for row in range(self.views.count()):
            item = self.views.item(row)
            if item.data(KeyRole) == key:
                count = item.data(CountRole)
                return None if count is None else int(count)
        return None

    def show_counts(self, counts: dict[str, dict[str, int]]) -> None:
        by_status = counts.get("status", {})
        by_sla = counts.get("sla", {})
        self._status_group.takeChildren()
        self._sla_group.takeChildren()
        for status in Status:
            self._add_count(
                self._status_group,
                "status",
                status.value,
                status_label(status),
                by_status.get(status.value, 0),
            )
        for state in SLA_ORDER:
            item = self._add_count(
                self._sla_group, "sla", state.value, sla_label(state), by_sla.get(state.value, 0)
            )
            item.setIcon(0, dot_icon(SLA_COLOURS[state][0]))
        total = sum(by_status.values())
        self._status_group.setText(1, str(total))

    def _add_count(
        self, group: QTreeWidgetItem, kind: str, value: str, label: str, count: int
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem([label, count_text(count)])
        item.setData(0, KindRole, kind)
        item.setData(0, KeyRole, value)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        group.addChild(item)
        return item

    def _view_clicked(self, item: QListWidgetItem) -> None:
        if item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.view_chosen.emit(item.data(KeyRole))

    def _count_clicked(self, item: QTreeWidgetItem) -> None:
        kind = item.data(0, KindRole)
        if kind:
            self.count_chosen.emit(kind, item.data(0, KeyRole))
