"""The customer page: who the customer is, their cases, the remedies the policy counts in its
rolling window (amounts in their own currencies, with one total per currency), satisfaction
scores (none until a survey exists), and the repeat-claimant marker. Read-only; a double-click
on a case opens it in the window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from resolution_center.services.case_links import CustomerPage

from ..formatting import local_time, money_text
from ..labels import status_label
from ..remedy_labels import kind_label, state_label
from ..style import NEUTRAL, WARNING, Chip, scaled_font

CaseIdRole = Qt.ItemDataRole.UserRole + 1


def _fit_rows(tree: QTreeWidget, rows: int) -> None:
    """Tall enough for `rows` lines (and its header) without scrolling, no taller."""
    line = tree.fontMetrics().height() + 6
    height = tree.header().sizeHint().height() + line * max(rows, 1) + tree.frameWidth() * 2 + 4
    tree.setMinimumHeight(min(height, line * 9))
    tree.setMaximumHeight(height)


def _tree(name: str, headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setObjectName(name)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setHeaderLabels(headers)
    header = tree.header()
    for column in range(len(headers) - 1):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return tree


class CustomerPageDialog(QDialog):
    def __init__(
        self,
        page: CustomerPage,
        resolution_label: Callable[[str | None], str],
        open_case: Callable[[int], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("customerPage")
        self.page = page
        self.open_case = open_case
        self.setWindowTitle(self.tr("Customer: {name}").format(name=page.name))

        name = QLabel(page.name)
        name.setObjectName("customerName")
        name.setFont(scaled_font(self, 1.4, bold=True))
        name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.marker = Chip()
        self.marker.setObjectName("repeatClaimant")
        if page.repeat_claimant:
            self.marker.show_text(self.tr("Repeat claimant"), WARNING)
            self.marker.setToolTip(
                self.tr(
                    "Remedies counted under the policy fell on {n} or more of this customer's "
                    "cases in the last {days} days."
                ).format(n=2, days=page.window_days)
            )
        else:
            self.marker.show_text(self.tr("Not a repeat claimant"), NEUTRAL)
        contact = QLabel(
            " · ".join(
                part
                for part in (
                    page.email,
                    page.phone,
                    self.tr("customer since {when}").format(when=local_time(page.since)),
                )
                if part
            )
        )
        contact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.addWidget(name)
        top.addWidget(self.marker)
        top.addStretch(1)

        # ---- cases ----
        self.cases = _tree(
            "customerCases",
            [
                self.tr("Case"),
                self.tr("Status"),
                self.tr("Order"),
                self.tr("Opened"),
                self.tr("Resolution"),
                self.tr("Subject"),
            ],
        )
        for case in page.cases:
            resolution = resolution_label(case.resolution_code) if case.resolution_code else ""
            if case.merged_into:
                resolution = self.tr("merged into {ref}").format(ref=case.merged_into)
            item = QTreeWidgetItem(
                [
                    case.reference,
                    status_label(case.status),
                    case.order_number,
                    local_time(case.created_at),
                    resolution,
                    case.subject,
                ]
            )
            item.setData(0, CaseIdRole, int(case.id))
            self.cases.addTopLevelItem(item)
        _fit_rows(self.cases, len(page.cases))
        cases_box = QGroupBox(self.tr("Cases ({n})").format(n=len(page.cases)))
        QVBoxLayout(cases_box).addWidget(self.cases)

        # ---- remedies in the window ----
        self.remedies = _tree(
            "windowRemedies",
            [
                self.tr("Remedy"),
                self.tr("Case"),
                self.tr("Kind"),
                self.tr("State"),
                self.tr("Requested"),
                self.tr("Amount"),
            ],
        )
        for remedy in page.window_remedies:
            item = QTreeWidgetItem(
                [
                    remedy.reference,
                    remedy.case_reference,
                    kind_label(remedy.kind),
                    state_label(remedy.state),
                    local_time(remedy.created_at),
                    money_text(remedy.amount),
                ]
            )
            item.setTextAlignment(5, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.remedies.addTopLevelItem(item)
        _fit_rows(self.remedies, len(page.window_remedies))
        totals = ", ".join(money_text(m) for m in page.window_totals)
        self.window_note = QLabel(
            self.tr(
                "What the policy (version {version}) counts toward this customer's cap: "
                "remedies authorized, pending sign-off, approved or fulfilled in the last "
                "{days} days. Total: {totals}."
            ).format(
                version=page.policy_version,
                days=page.window_days,
                totals=totals or self.tr("nothing"),
            )
        )
        self.window_note.setObjectName("windowTotals")
        self.window_note.setWordWrap(True)
        remedies_box = QGroupBox(
            self.tr("Remedies in the policy window ({days} days)").format(days=page.window_days)
        )
        remedies_layout = QVBoxLayout(remedies_box)
        remedies_layout.addWidget(self.window_note)
        remedies_layout.addWidget(self.remedies)
        self.remedies.setVisible(bool(page.window_remedies))

        # ---- satisfaction ----
        self.scores = QLabel()
        self.scores.setObjectName("satisfactionScores")
        self.scores.setWordWrap(True)
        if page.scores:
            self.scores.setText(
                "\n".join(
                    self.tr("{case}: {score} of {scale} ({when})").format(
                        case=s.case_reference,
                        score=s.score,
                        scale=s.scale,
                        when=local_time(s.answered_at),
                    )
                    for s in page.scores
                )
            )
        else:
            self.scores.setText(self.tr("No scores yet: no satisfaction survey has been answered."))
        scores_box = QGroupBox(self.tr("Satisfaction"))
        QVBoxLayout(scores_box).addWidget(self.scores)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(contact)
        layout.addWidget(cases_box)
        layout.addWidget(remedies_box)
        layout.addWidget(scores_box)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.cases.itemActivated.connect(self._activated)
        em, line = self.fontMetrics().averageCharWidth(), self.fontMetrics().height()
        self.resize(min(em * 130, 980), min(line * 36, 660))

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        if self.open_case is not None:
            self.open_case(int(item.data(0, CaseIdRole)))
            self.accept()
