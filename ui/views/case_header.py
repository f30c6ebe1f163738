"""The case viewer's header: reference, subject, coloured chips with words, and the SLA clock."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.business_time import ALWAYS_OPEN, BusinessCalendar
from resolution_center.domain.case import Case, Status
from resolution_center.domain.sla import SlaState, SlaTarget, sla_state
from resolution_center.domain.sla import countdown as sla_countdown
from resolution_center.domain.taxonomy import Taxonomy
from resolution_center.services.service_text import localize

from ..formatting import local_time, money_text
from ..labels import category_text, priority_label, sla_label, status_label, tier_label
from ..style import INFO, NEUTRAL, PRIORITY_COLOURS, SLA_COLOURS, Chip, scaled_font

CLOSED = (Status.RESOLVED, Status.CLOSED)


def _selectable() -> QLabel:
    label = QLabel()
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CaseHeader(QWidget):
    def __init__(self, taxonomy: Taxonomy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.taxonomy = taxonomy
        self.case: Case | None = None
        self.calendar = ALWAYS_OPEN
        self.reference = _selectable()
        self.reference.setObjectName("caseReference")
        self.reference.setFont(scaled_font(self, 1.5, bold=True))
        self.subject = _selectable()
        self.subject.setObjectName("caseSubject")
        self.subject.setFont(scaled_font(self, 1.15))
        self.subject.setWordWrap(True)
        self.priority = Chip()
        self.status = Chip()
        self.tier = Chip()
        self.sla = Chip()
        # The longest chip (a German countdown runs to 60 characters): it wraps rather than
        # widen the window past a small screen.
        self.sla.setWordWrap(True)
        self.sla.setObjectName("slaChip")
        self.customer = _selectable()
        self.order = _selectable()
        self.category = _selectable()
        self.category.setWordWrap(True)
        self.assignee = _selectable()
        self.due = _selectable()

        chips = QHBoxLayout()
        chips.addWidget(self.reference)
        chips.addSpacing(self.fontMetrics().averageCharWidth() * 2)
        for chip in (self.priority, self.status, self.tier):
            chips.addWidget(chip, 0, Qt.AlignmentFlag.AlignVCenter)
        # The SLA chip takes the room its one line needs, up to the row's end, and wraps when
        # the row is shorter than that (a small screen, a long German countdown).
        chips.addWidget(self.sla, 100, Qt.AlignmentFlag.AlignVCenter)
        chips.addStretch(1)

        grid = QGridLayout()
        grid.setHorizontalSpacing(self.fontMetrics().averageCharWidth() * 2)
        facts = (
            (self.tr("Customer:"), self.customer),
            (self.tr("Order:"), self.order),
            (self.tr("Category:"), self.category),
            (self.tr("Assignee:"), self.assignee),
            (self.tr("Due:"), self.due),
        )
        for position, (caption, value) in enumerate(facts):
            row, column = divmod(position, 2)
            label = QLabel(caption)
            label.setBuddy(value)
            grid.addWidget(label, row, column * 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, column * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        # The case's actions beside its subject: found where the case is read, not only in a
        # menu or a shortcut. The window fills it (add_actions); the subject wraps to make room.
        self.buttons = QHBoxLayout()
        self.action_buttons: list[QToolButton] = []
        subject_row = QHBoxLayout()
        subject_row.addWidget(self.subject, 1)
        subject_row.addLayout(self.buttons)

        # Never squeezed below what it needs: the window's split gives way elsewhere.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(chips)
        layout.addLayout(subject_row)
        layout.addLayout(grid)

    def add_actions(self, actions: Sequence[QAction]) -> None:
        """A button per action; each follows its action's text, enabled state and tooltip."""
        for action in actions:
            button = QToolButton()
            button.setObjectName(f"header-{action.objectName().removeprefix('action-')}")
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setAutoRaise(False)
            self.buttons.addWidget(button)
            self.action_buttons.append(button)

    def show_case(
        self, case: Case, now: datetime, calendar: BusinessCalendar = ALWAYS_OPEN
    ) -> None:
        self.case = case
        self.calendar = calendar
        self.reference.setText(case.reference)
        self.reference.setAccessibleName(
            self.tr("Case {reference}").format(reference=case.reference)
        )
        self.subject.setText(case.subject)
        self.priority.show_text(
            self.tr("Priority: {p}").format(p=priority_label(case.priority)),
            PRIORITY_COLOURS[case.priority],
        )
        status = self.tr("Status: {s}").format(s=status_label(case.status))
        if case.merged_into:  # where the work went on, said where the status is read
            status = self.tr("Status: {s}, merged into {ref}").format(
                s=status_label(case.status), ref=case.merged_into
            )
        self.status.show_text(status, INFO)
        self.tier.show_text(self.tr("Tier: {t}").format(t=tier_label(case.tier)), NEUTRAL)
        self.customer.setText(f"{case.customer.name} <{case.customer.email}>")
        self.order.setText(f"{case.order.number} · {money_text(case.order.total)}")
        self.category.setText(
            category_text(self.taxonomy, case.category, case.subcategory)
            + (self.tr(" · safety hazard") if case.safety_hazard else "")
        )
        self.assignee.setText(case.assignee or self.tr("unassigned"))
        self.update_clock(now)

    def update_clock(self, now: datetime) -> None:
        case = self.case
        if case is None:
            return
        state = sla_state(case, now)
        if state in (SlaState.MET, SlaState.MISSED):
            text = self.tr("SLA {state}: stopped ({status})").format(
                state=sla_label(state).lower(), status=status_label(case.status)
            )
        else:
            # Working time on the case's calendar; a paused case's figure stands still.
            target, countdown = sla_countdown(self.calendar, case, now)
            what = (
                self.tr("first response")
                if target is SlaTarget.FIRST_RESPONSE
                else self.tr("resolution")
            )
            text = self.tr("SLA {state}: {what} {countdown} (working time)").format(
                state=sla_label(state).lower(), what=what, countdown=localize(countdown)
            )
        self.sla.show_text(text, SLA_COLOURS[state])
        metrics = self.sla.fontMetrics()
        self.sla.setMaximumWidth(metrics.horizontalAdvance(text) + 2 * metrics.height())
        self.due.setText(
            self.tr("first response {first}, resolution {resolution}").format(
                first=local_time(case.first_response_due)
                if not case.first_responded_at
                else self.tr("done {when}").format(when=local_time(case.first_responded_at)),
                resolution=local_time(case.resolution_due),
            )
        )

    def clear(self) -> None:
        self.case = None
        for label in (
            self.reference,
            self.subject,
            self.customer,
            self.order,
            self.category,
            self.assignee,
            self.due,
        ):
            label.clear()
        for chip in (self.priority, self.status, self.tier, self.sla):
            chip.clear()
