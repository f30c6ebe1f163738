"""Approve or reject a pending remedy: the password again, and a note (a reason to reject)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from resolution_center.domain.errors import AuthenticationError, RCError
from resolution_center.domain.remedy_record import Remedy
from resolution_center.services.service_text import localize
from resolution_center.services.session import Session

from ..formatting import money_text
from ..forms import FormErrors
from ..ops import Ops
from ..remedy_labels import kind_label
from .action_dialog import ActionDialog


class _PasswordErrors:
    """A wrong password shows under the password field; everything else where it belongs."""

    def __init__(self, errors: FormErrors, password: QLineEdit) -> None:
        self.errors, self.password = errors, password

    def clear(self) -> None:
        self.errors.clear()

    def show_error(self, error: RCError) -> None:
        field = "password" if isinstance(error, AuthenticationError) else None
        self.errors.show_error(error, field=field)
        if isinstance(error, AuthenticationError):
            self.password.selectAll()


class SignoffDialog(ActionDialog):
    def __init__(
        self, ops: Ops, remedy: Remedy, approve: bool, parent: QWidget | None = None
    ) -> None:
        title = self.tr("Approve {ref}") if approve else self.tr("Reject {ref}")
        super().__init__(ops, title.format(ref=remedy.reference), parent)
        self.setObjectName("approveDialog" if approve else "rejectDialog")
        self.remedy, self.approving = remedy, approve
        self.set_intro(
            self.tr("{ref} on {case}: {kind}, {amount}, requested by {who}.\nPolicy: {why}").format(
                ref=remedy.reference,
                case=remedy.case_reference,
                kind=kind_label(remedy.kind),
                amount=money_text(remedy.amount),
                who=remedy.requester,
                why=localize(remedy.explanation),
            )
        )
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_field(self.tr("Your &password:"), self.password, "password")
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(self.fontMetrics().height() * 5)
        caption = self.tr("&Note:") if approve else self.tr("&Reason (required):")
        self.add_field(caption, self.note, "note", "reason")
        self.ok_button.setText(self.tr("&Approve") if approve else self.tr("&Reject"))
        self.password.setFocus()

    def perform(self, ctx: Session) -> Any:
        note, password = self.note.toPlainText(), self.password.text()
        if self.approving:
            return ctx.remedies.approve(self.remedy.id, password, note)
        return ctx.remedies.reject(self.remedy.id, password, note)

    def submit(self) -> None:
        self.ops.run(
            self.perform,
            parent=self,
            form=_PasswordErrors(self.errors, self.password),
            on_done=self._done,
        )
