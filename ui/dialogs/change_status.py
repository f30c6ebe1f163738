"""Change a case's status to one of the targets the domain's transition table allows."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QWidget

from resolution_center.domain.case import REOPEN_FROM, TRANSITIONS, Case, Status
from resolution_center.services.session import Session

from ..labels import status_label
from ..ops import Ops
from .action_dialog import CaseActionDialog


class ChangeStatusDialog(CaseActionDialog):
    def __init__(self, ops: Ops, case: Case, parent: QWidget | None = None) -> None:
        super().__init__(
            ops, case, self.tr("Change status of {ref}").format(ref=case.reference), parent
        )
        self.setObjectName("changeStatusDialog")
        self.target = QComboBox()
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(self.tr("Why? (required when reopening)"))
        self.add_field(self.tr("New &status:"), self.target, "status")
        self.add_field(self.tr("&Reason:"), self.reason, "reason")
        self.case_reloaded()

    def case_reloaded(self) -> None:
        keep = self.target.currentData()
        self.target.clear()
        for status in Status:  # in the domain's order, not alphabetical
            if status in TRANSITIONS[self.case.status]:
                self.target.addItem(status_label(status), status.value)
        self.target.setCurrentIndex(max(0, self.target.findData(keep)))
        self.set_intro(
            self.tr("{ref} is {status}.").format(
                ref=self.case.reference, status=status_label(self.case.status)
            )
            + (
                " " + self.tr("Reopening it needs a reason.")
                if self.case.status in REOPEN_FROM
                else ""
            )
        )

    def perform(self, ctx: Session) -> Any:
        return ctx.cases.change_status(
            self.case.id,
            self.target.currentData(),
            expected_version=self.case.version,
            reason=self.reason.toPlainText(),
        )
