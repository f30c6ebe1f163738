"""Several selected cases at once: assign them, or move them to one status with one reason."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QMessageBox, QPlainTextEdit, QWidget

from resolution_center.domain.case import Status
from resolution_center.services.case_selection import BulkOutcome
from resolution_center.services.session import Session

from ..labels import status_label
from ..ops import Ops
from .action_dialog import ActionDialog
from .resolution_fields import ResolutionFields

translate = QCoreApplication.translate  # a name pyside6-lupdate recognises


class BulkDialog(ActionDialog):
    """Runs its change for every selected case in one background operation; each case is
    still its own service call and audit event. Closes when all were tried; the outcome
    (with every refusal) is shown after it."""

    def __init__(
        self, ops: Ops, case_ids: Sequence[int], title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(ops, title, parent)
        self.case_ids = [int(i) for i in case_ids]
        self.outcome: BulkOutcome | None = None

    def job(self) -> Callable[[Session], BulkOutcome]:
        """The change for all, with the form's values read now, on the GUI thread (the
        worker must not touch widgets)."""
        raise NotImplementedError

    def perform(self, ctx: Session) -> Any:
        return self.job()(ctx)

    def submit(self) -> None:
        job = self.job()
        self.ok_button.setEnabled(False)  # one run at a time: a second click would repeat it
        self.ops.run_in_background(
            lambda ctx, _progress: job(ctx),
            parent=self,
            form=self.errors,
            on_done=self._all_done,
            on_failed=lambda _exc: self.ok_button.setEnabled(True),
        )

    def _all_done(self, outcome: BulkOutcome) -> None:
        self.outcome = outcome
        self.succeeded.emit(outcome)
        show_outcome(outcome, self.parentWidget())
        self.accept()


def show_outcome(outcome: BulkOutcome, parent: QWidget | None) -> QMessageBox:
    changed = len(outcome.changed)
    if outcome.failed:
        text = translate("BulkDialog", "{changed} changed, {failed} not changed.").format(
            changed=changed, failed=len(outcome.failed)
        )
        details = "\n".join(f"{ref}: {why}" for ref, why in outcome.failed)
        icon = QMessageBox.Icon.Warning
    else:
        text = translate("BulkDialog", "All {changed} cases changed.").format(changed=changed)
        details = ""
        icon = QMessageBox.Icon.Information
    box = QMessageBox(icon, translate("BulkDialog", "Selected cases"), text, parent=parent)
    box.setObjectName("bulkOutcome")
    if details:
        # Each refusal by case: the others were changed all the same.
        box.setInformativeText(details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


class BulkAssignDialog(BulkDialog):
    def __init__(
        self,
        ops: Ops,
        case_ids: Sequence[int],
        users: Sequence[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ops, case_ids, self.tr("Assign {n} cases").format(n=len(case_ids)), parent)
        self.setObjectName("bulkAssignDialog")
        self.user = QComboBox()
        self.user.addItem(self.tr("(unassigned)"), "")
        for username, label in users:
            self.user.addItem(label, username)
        self.add_field(self.tr("&Assign to:"), self.user, "assignee")
        self.set_intro(self.tr("Each case is assigned on its own, with its own audit event."))

    def job(self) -> Callable[[Session], BulkOutcome]:
        ids, user = list(self.case_ids), self.user.currentData() or None
        return lambda ctx: ctx.case_selection.assign(ids, user)


class BulkStatusDialog(BulkDialog):
    def __init__(self, ops: Ops, case_ids: Sequence[int], parent: QWidget | None = None) -> None:
        super().__init__(
            ops, case_ids, self.tr("Change status of {n} cases").format(n=len(case_ids)), parent
        )
        self.setObjectName("bulkStatusDialog")
        self.target = QComboBox()
        for status in Status:
            self.target.addItem(status_label(status), status.value)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(self.tr("One reason for all (required when reopening)"))
        self.add_field(self.tr("New &status:"), self.target, "status")
        self.resolution = ResolutionFields(self, ops.ctx.taxonomy)
        self.add_field(self.tr("&Reason:"), self.reason, "reason")
        self.target.currentIndexChanged.connect(
            lambda _i: self.resolution.show_for(self.target.currentData())
        )
        self.resolution.show_for(self.target.currentData())
        self.set_intro(
            self.tr(
                "Each case moves on its own: a case whose status cannot go there is left "
                "as it is and named afterwards."
            )
        )

    def job(self) -> Callable[[Session], BulkOutcome]:
        ids, status = list(self.case_ids), str(self.target.currentData())
        reason = self.reason.toPlainText() or None
        code, summary = self.resolution.values(status)
        return lambda ctx: ctx.case_selection.change_status(
            ids, status, reason, code=code, summary=summary
        )
