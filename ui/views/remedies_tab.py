"""The Remedies tab: the case's remedies, each with its stored policy decision and sign-offs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.case import Case
from resolution_center.domain.remedy import RemedyAction
from resolution_center.domain.remedy_record import Remedy, RemedyId
from resolution_center.services.session import Session

from ..dialogs.remedy_actions import FulfilRemedyDialog, WithdrawRemedyDialog
from ..dialogs.remedy_form import RemedyForm
from ..formatting import local_time, money_text
from ..labels import role_label
from ..models.remedies import RemediesModel
from ..policy_banner import PolicyBanner
from ..remedy_labels import kind_label, state_label
from ..widgets import rows_table, table_with_detail, text_label
from .case_tab import CaseTab, TabEnv


def signoff_lines(remedy: Remedy) -> list[str]:
    out = []
    for s in remedy.signoffs:
        line = f"{s.verdict} by {s.approver} ({role_label(s.approver_role)}) {local_time(s.at)}"
        if s.note:
            line += f": {s.note}"
        if s.void:
            line += " [void: the remedy changed afterwards]"
        out.append(line)
    return out


class RemediesTab(CaseTab):
    key = "remedies"

    def __init__(self, env: TabEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.model = RemediesModel(self)
        # What the user may do with each remedy, as the domain answered when the tab loaded.
        self._actions: dict[RemedyId, frozenset[RemedyAction]] = {}
        self.table = rows_table(self.model, "remediesTable", self.tr("Remedies of this case"))

        self.propose_button = QPushButton(self.tr("&Propose remedy…"))
        self.propose_button.setObjectName("proposeRemedy")
        self.propose_button.setToolTip(self.tr("Ctrl+Shift+P"))
        self.withdraw_button = QPushButton(self.tr("&Withdraw…"))
        self.withdraw_button.setObjectName("withdrawRemedy")
        self.fulfil_button = QPushButton(self.tr("Mark &fulfilled…"))
        self.fulfil_button.setObjectName("fulfilRemedy")
        buttons = QHBoxLayout()
        for button in (self.propose_button, self.withdraw_button, self.fulfil_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.heading = text_label("remedyHeading")
        self.decision = PolicyBanner()
        self.decision.setAccessibleName(self.tr("Stored policy decision"))
        self.signoffs = text_label("remedySignoffs")
        splitter = table_with_detail(self.table, self.heading, self.decision, self.signoffs)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)

        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.propose_button.clicked.connect(self.propose)
        self.withdraw_button.clicked.connect(self.withdraw)
        self.fulfil_button.clicked.connect(self.fulfil)
        self._show_current()

    def title(self) -> str:
        return self.tr("&Remedies")

    @staticmethod
    def load(ctx: Session, case: Case) -> Any:
        return ctx.remedies.for_case_with_actions(case.id)

    def show_case(self, case: Case, data: Any) -> None:
        selected = self.current()
        super().show_case(case, data)
        rows = list(data or [])
        self._actions = {remedy.id: actions for remedy, actions in rows}
        self.model.set_rows([remedy for remedy, _actions in rows])
        row = 0
        if selected is not None:
            row = next((i for i, r in enumerate(self.model.rows()) if r.id == selected.id), 0)
        if self.model.rowCount():
            self.table.selectRow(row)
        self._show_current()

    def clear(self) -> None:
        super().clear()
        self._actions = {}
        self.model.set_rows([])
        self._show_current()

    def current(self) -> Remedy | None:
        index = self.table.currentIndex()
        return self.model.row_value(index.row()) if index.isValid() else None

    def allowed(self, remedy: Remedy | None) -> frozenset[RemedyAction]:
        """What the user may do with `remedy` now (the domain's answer, not the tab's)."""
        return self._actions.get(remedy.id, frozenset()) if remedy else frozenset()

    def _show_current(self) -> None:
        remedy = self.current()
        self.propose_button.setEnabled(self.case is not None)
        allowed = self.allowed(remedy)
        self.withdraw_button.setEnabled(RemedyAction.WITHDRAW in allowed)
        self.fulfil_button.setEnabled(RemedyAction.FULFIL in allowed)
        if remedy is None:
            self.heading.setText(self.tr("No remedies yet.") if self.case is not None else "")
            self.decision.clear(self.tr("Select a remedy to see its policy decision."))
            self.signoffs.clear()
            return
        self.heading.setText(
            self.tr(
                "{ref}: {kind}, {amount}, {state}. Requested by {who} ({role}) {when}.\n"
                "Reason: {reason}"
            ).format(
                ref=remedy.reference,
                kind=kind_label(remedy.kind),
                amount=money_text(remedy.amount),
                state=state_label(remedy.state),
                who=remedy.requester,
                role=role_label(remedy.requester_role),
                when=local_time(remedy.created_at),
                reason=remedy.reason,
            )
        )
        self.decision.show_decision(remedy.decision)
        lines = signoff_lines(remedy)
        self.signoffs.setText(
            self.tr("Sign-offs:") + "\n" + "\n".join(lines) if lines else self.tr("No sign-offs.")
        )

    # ---- actions -----------------------------------------------------------------------------
    def _open(self, dialog: Any) -> Any:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def propose(self) -> Any:
        if self.case is None:
            return None
        return self._open(RemedyForm(self.ops, self.case, self.window()))

    def withdraw(self) -> Any:
        if (remedy := self.current()) is not None:
            return self._open(WithdrawRemedyDialog(self.ops, remedy, self.window()))
        return None

    def fulfil(self) -> Any:
        if (remedy := self.current()) is not None:
            return self._open(FulfilRemedyDialog(self.ops, remedy, self.window()))
        return None
