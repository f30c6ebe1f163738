"""Withdraw a piece of evidence: it stays on record (bytes and history), marked withdrawn."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from resolution_center.domain.attachment import Attachment
from resolution_center.services.session import Session

from ..ops import Ops
from .action_dialog import ActionDialog


class WithdrawEvidenceDialog(ActionDialog):
    def __init__(self, ops: Ops, attachment: Attachment, parent: QWidget | None = None) -> None:
        super().__init__(ops, self.tr("Withdraw {name}").format(name=attachment.file_name), parent)
        self.setObjectName("withdrawEvidenceDialog")
        self.attachment = attachment
        self.set_intro(
            self.tr(
                "{name} will be marked withdrawn (wrong case, added by mistake). The file and "
                "its history stay on record."
            ).format(name=attachment.file_name)
        )
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.add_field(self.tr("&Reason:"), self.reason, "reason")
        self.ok_button.setText(self.tr("&Withdraw"))

    def perform(self, ctx: Session) -> Any:
        return ctx.attachments.withdraw(
            self.attachment.id, self.reason.toPlainText(), self.attachment.case_id
        )
