"""Withdraw a remedy or mark it fulfilled: a confirmation with the service's words on failure."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from resolution_center.domain.remedy_record import Remedy
from resolution_center.services.session import Session

from ..formatting import money_text
from ..ops import Ops
from ..remedy_labels import kind_label
from .action_dialog import ActionDialog


class WithdrawRemedyDialog(ActionDialog):
    def __init__(self, ops: Ops, remedy: Remedy, parent: QWidget | None = None) -> None:
        super().__init__(ops, self.tr("Withdraw {ref}").format(ref=remedy.reference), parent)
        self.setObjectName("withdrawRemedyDialog")
        self.remedy = remedy
        self.set_intro(
            self.tr("{ref} ({kind}, {amount}) will no longer be offered.").format(
                ref=remedy.reference, kind=kind_label(remedy.kind), amount=money_text(remedy.amount)
            )
        )
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.add_field(self.tr("&Reason:"), self.reason, "reason")
        self.ok_button.setText(self.tr("&Withdraw"))

    def perform(self, ctx: Session) -> Any:
        return ctx.remedies.withdraw(self.remedy.id, self.reason.toPlainText())


class FulfilRemedyDialog(ActionDialog):
    def __init__(self, ops: Ops, remedy: Remedy, parent: QWidget | None = None) -> None:
        super().__init__(ops, self.tr("Mark {ref} fulfilled").format(ref=remedy.reference), parent)
        self.setObjectName("fulfilRemedyDialog")
        self.remedy = remedy
        self.set_intro(
            self.tr(
                "Confirm that {ref} ({kind}, {amount}) was carried out for the customer. "
                "This is final."
            ).format(
                ref=remedy.reference, kind=kind_label(remedy.kind), amount=money_text(remedy.amount)
            )
        )
        self.ok_button.setText(self.tr("Mark &fulfilled"))

    def perform(self, ctx: Session) -> Any:
        return ctx.remedies.fulfil(self.remedy.id)
