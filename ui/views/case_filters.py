"""The case list's filter bar: debounced search and the filters that build a CaseFilter."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.case import CaseFilter, Channel, Priority, Status, Tier
from resolution_center.domain.taxonomy import Taxonomy

from ..labels import (
    SLA_ORDER,
    channel_label,
    priority_label,
    sla_label,
    status_label,
    taxonomy_text,
    tier_label,
)
from ..widgets import FlowLayout
from .filter_widgets import DateRange, MultiSelectButton

SEARCH_DELAY_MS = 250
ANYONE = "\x00anyone"  # the assignee box's "no filter" entry, never a valid user name


class FilterBar(QWidget):
    """Search box plus filters; `case_filter()` is what they say, `set_filter` shows one."""

    filter_changed = Signal()
    """The filters changed (search text after a pause in typing)."""

    def __init__(
        self, taxonomy: Taxonomy, me: str, users: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.me = me
        # Not a widget: set by the "Awaiting my sign-off" view, kept until another view or
        # "Clear filters" replaces the filter.
        self.awaiting_my_signoff = False
        # Likewise the cases a view names by id ("My follow-ups due"): no widget shows them.
        self.case_ids: tuple[int, ...] | None = None
        self.search = QLineEdit()
        self.search.setObjectName("caseSearch")
        self.search.setPlaceholderText(
            self.tr("Search reference, customer, order, subject or text (Ctrl+F)")
        )
        self.search.setAccessibleName(self.tr("Search cases"))
        self.search.setClearButtonEnabled(True)
        self.search.setMaxLength(200)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)

        self.statuses = MultiSelectButton(
            self.tr("Status"), [(s.value, status_label(s)) for s in Status]
        )
        self.categories = MultiSelectButton(
            self.tr("Category"), [(c.slug, taxonomy_text(c.label)) for c in taxonomy.categories]
        )
        self.priorities = MultiSelectButton(
            self.tr("Priority"), [(p.value, priority_label(p)) for p in reversed(Priority)]
        )
        self.tiers = MultiSelectButton(self.tr("Tier"), [(t.value, tier_label(t)) for t in Tier])
        self.channels = MultiSelectButton(
            self.tr("Channel"), [(c.value, channel_label(c)) for c in Channel]
        )
        self.sla = MultiSelectButton(
            self.tr("SLA"),
            [(s.value, sla_label(s)) for s in SLA_ORDER],
        )
        self.assignee = QComboBox()
        self.assignee.setAccessibleName(self.tr("Assignee"))
        self.assignee.addItem(self.tr("Assignee: anyone"), ANYONE)
        self.assignee.addItem(self.tr("Assignee: me ({name})").format(name=me), me)
        self.assignee.addItem(self.tr("Assignee: nobody"), "")
        for name in users:
            if name != me:
                self.assignee.addItem(self.tr("Assignee: {name}").format(name=name), name)
        self.created = DateRange(self.tr("Created"))
        self.clear_button = QPushButton(self.tr("Clear filters"))
        self.clear_button.setAccessibleName(self.tr("Clear all filters"))

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.clear_button)
        bottom = FlowLayout()
        for widget in (
            self.statuses,
            self.priorities,
            self.sla,
            self.categories,
            self.tiers,
            self.channels,
            self.assignee,
            self.created,
        ):
            bottom.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(bottom)

        self._connect()

    def _connect(self) -> None:
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self.apply_search_now)
        self._debounce.timeout.connect(self.filter_changed)
        for button in self._buttons():
            button.selection_changed.connect(self.filter_changed)
        self.assignee.currentIndexChanged.connect(self.filter_changed)
        self.created.range_changed.connect(self.filter_changed)
        self.clear_button.clicked.connect(lambda: self.set_filter(CaseFilter()))

    def _buttons(self) -> tuple[MultiSelectButton, ...]:
        return (
            self.statuses,
            self.categories,
            self.priorities,
            self.tiers,
            self.channels,
            self.sla,
        )

    def focus_chain(self) -> list[QWidget]:
        """The bar's controls in the order Tab visits them."""
        return [
            self.search,
            self.statuses,
            self.priorities,
            self.sla,
            self.categories,
            self.tiers,
            self.channels,
            self.assignee,
            self.created.from_check,
            self.created.from_edit,
            self.created.to_check,
            self.created.to_edit,
            self.clear_button,
        ]

    def apply_search_now(self) -> None:
        if self._debounce.isActive():
            self._debounce.stop()
            self.filter_changed.emit()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def case_filter(self) -> CaseFilter:
        assignee = self.assignee.currentData()
        start, end = self.created.bounds()
        return CaseFilter(
            statuses=tuple(Status(v) for v in self.statuses.selected()),
            categories=self.categories.selected(),
            priorities=tuple(Priority(v) for v in self.priorities.selected()),
            tiers=tuple(Tier(v) for v in self.tiers.selected()),
            channels=tuple(Channel(v) for v in self.channels.selected()),
            assignee=None if assignee == ANYONE else assignee,
            sla_states=self.sla.selected(),
            created_from=start,
            created_to=end,
            search=self.search.text(),
            awaiting_my_signoff=self.awaiting_my_signoff,
            case_ids=self.case_ids,
        )

    def set_filter(self, f: CaseFilter) -> None:
        """Show a filter (a saved view, cleared filters); emits filter_changed once."""
        self._debounce.stop()
        self.awaiting_my_signoff = f.awaiting_my_signoff
        self.case_ids = f.case_ids
        widgets = (*self._buttons(), self.assignee, self.search, self.created)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            statuses = f.statuses or (
                tuple(s for s in Status if s not in (Status.RESOLVED, Status.CLOSED))
                if f.open_only
                else ()
            )
            self.statuses.set_selected([s.value for s in statuses])
            self.categories.set_selected(f.categories)
            self.priorities.set_selected([p.value for p in f.priorities])
            self.tiers.set_selected([t.value for t in f.tiers])
            self.channels.set_selected([c.value for c in f.channels])
            self.sla.set_selected(f.sla_states)
            position = self.assignee.findData(ANYONE if f.assignee is None else f.assignee)
            if position < 0:
                self.assignee.addItem(
                    self.tr("Assignee: {name}").format(name=f.assignee), f.assignee
                )
                position = self.assignee.count() - 1
            self.assignee.setCurrentIndex(position)
            self.search.setText(f.search)
            self.created.set_bounds(f.created_from, f.created_to)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self.filter_changed.emit()
