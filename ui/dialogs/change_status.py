"""Change a case's status to one of the targets the domain's transition table allows.

Resolving asks for a resolution code and a summary. Closing a case whose remedies are still
authorized or approved lists them; a supervisor may close it anyway with an override reason,
anyone else is told to fulfil or withdraw them first (domain/closing.py decides, the service
refuses; the dialog only shows it ahead)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QWidget

from resolution_center.domain.case import REOPEN_FROM, TRANSITIONS, Case, Status
from resolution_center.domain.closing import CLOSE_OVERRIDE_ROLES, remedy_line
from resolution_center.services.session import Session

from ..labels import status_label
from ..ops import Ops
from ..style import error_text_style
from .action_dialog import CaseActionDialog
from .resolution_fields import ResolutionFields, form_row


class ChangeStatusDialog(CaseActionDialog):
    def __init__(self, ops: Ops, case: Case, parent: QWidget | None = None) -> None:
        super().__init__(
            ops, case, self.tr("Change status of {ref}").format(ref=case.reference), parent
        )
        self.setObjectName("changeStatusDialog")
        # Wide enough that a refusal listing open remedies wraps into a few lines, not many.
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 76)
        self.open_remedies: list[str] = []
        self.may_override = ops.ctx.actor.role in CLOSE_OVERRIDE_ROLES
        self.target = QComboBox()
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(self.tr("Why? (required when reopening)"))
        self.reason.setFixedHeight(self.fontMetrics().height() * 4)
        self.add_field(self.tr("New &status:"), self.target, "status")
        self.resolution = ResolutionFields(self, ops.ctx.taxonomy)
        self.add_field(self.tr("&Reason:"), self.reason, "reason")
        self.blocked = QLabel()
        self.blocked.setObjectName("openRemediesNotice")
        self.blocked.setWordWrap(True)
        self.form.addRow(self.blocked)
        self.override = QPlainTextEdit()
        self.override.setObjectName("overrideReason")
        self.override.setTabChangesFocus(True)
        self.override.setFixedHeight(self.fontMetrics().height() * 3)
        self.override.setPlaceholderText(self.tr("Why the case closes with these still open"))
        self.add_field(self.tr("&Override reason:"), self.override, "override")
        self.target.currentIndexChanged.connect(lambda _i: self._target_changed())
        self.case_reloaded()

    def case_reloaded(self) -> None:
        keep = self.target.currentData()
        self.target.blockSignals(True)
        self.target.clear()
        for status in Status:  # in the domain's order, not alphabetical
            if status in TRANSITIONS[self.case.status]:
                self.target.addItem(status_label(status), status.value)
        self.target.setCurrentIndex(max(0, self.target.findData(keep)))
        self.target.blockSignals(False)
        case_id = self.case.id
        found = self.ops.run(lambda ctx: ctx.cases.open_remedies(case_id), parent=self)
        self.open_remedies = [remedy_line(r) for r in found or []]
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
        self._target_changed()

    def _target_changed(self) -> None:
        target = self.target.currentData()
        self.resolution.show_for(target)
        closing_blocked = target == Status.CLOSED.value and bool(self.open_remedies)
        if closing_blocked:
            listed = ", ".join(self.open_remedies)
            text = self.tr("Remedies still open: {list}.").format(list=listed) + " "
            text += (
                self.tr("As a supervisor you may close it anyway: give the override reason.")
                if self.may_override
                else self.tr(
                    "Fulfil or withdraw them first; only a supervisor may close the case over them."
                )
            )
            self.blocked.setText(text)
            self.blocked.setStyleSheet(error_text_style(self.blocked))
        self.blocked.setVisible(closing_blocked)
        self.form.setRowVisible(
            form_row(self.form, self.override), closing_blocked and self.may_override
        )
        self.ok_button.setEnabled(not closing_blocked or self.may_override)

    def perform(self, ctx: Session) -> Any:
        target = self.target.currentData()
        code, summary = self.resolution.values(target)
        closing_blocked = target == Status.CLOSED.value and bool(self.open_remedies)
        return ctx.cases.change_status(
            self.case.id,
            target,
            expected_version=self.case.version,
            reason=self.reason.toPlainText(),
            code=code,
            summary=summary,
            override=self.override.toPlainText() if closing_blocked else None,
        )
