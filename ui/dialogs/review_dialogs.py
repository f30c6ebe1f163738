"""The periodic review's dialogs: open one for a period, note a finding, set an action, sign it
off with the password. Each keeps what was typed until the service accepts it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from resolution_center.domain.review import Review
from resolution_center.services.session import Session

from ..forms import date_edit
from ..ops import Ops
from .action_dialog import ActionDialog
from .signoff import _PasswordErrors


def _text_box(dialog: ActionDialog, lines: int = 5) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setMaximumHeight(dialog.fontMetrics().height() * (lines + 1))
    return box


class OpenReviewDialog(ActionDialog):
    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, self.tr("Open a periodic review"), parent)
        self.setObjectName("openReviewDialog")
        first = QDate.currentDate().addMonths(-1)
        first = QDate(first.year(), first.month(), 1)
        self.set_intro(
            self.tr(
                "The period's KPI report and pattern findings are frozen into the review now; "
                "a refresh before sign-off freezes them again (recorded)."
            )
        )
        self.from_edit = date_edit(first)
        self.to_edit = date_edit(first.addMonths(1).addDays(-1))
        self.add_field(self.tr("&From:"), self.from_edit, "date_from")
        self.add_field(self.tr("&To:"), self.to_edit, "date_to")
        self.ok_button.setText(self.tr("&Open review"))

    def perform(self, ctx: Session) -> Any:
        start, end = self.from_edit.date().toPython(), self.to_edit.date().toPython()
        return ctx.reviews.open(start, end)  # type: ignore[arg-type]


class NoteDialog(ActionDialog):
    def __init__(
        self,
        ops: Ops,
        review: Review,
        findings: Sequence[tuple[str, str]],
        current: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ops, self.tr("Note on review #{id}").format(id=review.id), parent)
        self.setObjectName("reviewNoteDialog")
        self.review = review
        self.finding = QComboBox()
        self.finding.addItem(self.tr("The review as a whole"), "")
        for key, label in findings:
            self.finding.addItem(label, key)
        self.finding.setCurrentIndex(max(0, self.finding.findData(current)))
        self.text = _text_box(self)
        self.add_field(self.tr("&Finding:"), self.finding, "finding")
        self.add_field(self.tr("&Note:"), self.text, "note")
        self.ok_button.setText(self.tr("&Add note"))
        self.text.setFocus()

    def perform(self, ctx: Session) -> Any:
        return ctx.reviews.note(self.review.id, self.text.toPlainText(), self.finding.currentData())


class ActionItemDialog(ActionDialog):
    def __init__(
        self, ops: Ops, review: Review, users: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(ops, self.tr("Action from review #{id}").format(id=review.id), parent)
        self.setObjectName("reviewActionDialog")
        self.review = review
        self.text = _text_box(self, 3)
        self.text.setPlaceholderText(self.tr("e.g. raise SKU X's defect rate with seller Y"))
        self.owner = QComboBox()
        self.owner.setEditable(False)
        for name in users:
            self.owner.addItem(name, name)
        self.due = date_edit(QDate.currentDate().addDays(14))
        self.add_field(self.tr("&Action:"), self.text, "action")
        self.add_field(self.tr("O&wner:"), self.owner, "owner")
        self.add_field(self.tr("&Due:"), self.due, "due")
        self.ok_button.setText(self.tr("&Add action"))
        self.text.setFocus()

    def perform(self, ctx: Session) -> Any:
        return ctx.reviews.add_action(
            self.review.id,
            self.text.toPlainText(),
            self.owner.currentData() or "",
            self.due.date().toPython(),  # type: ignore[arg-type]
        )


class SignReviewDialog(ActionDialog):
    def __init__(self, ops: Ops, review: Review, parent: QWidget | None = None) -> None:
        super().__init__(ops, self.tr("Sign off review #{id}").format(id=review.id), parent)
        self.setObjectName("signReviewDialog")
        self.review = review
        self.set_intro(
            self.tr(
                "{period}: {notes} notes, {actions} actions. Once signed, the review is "
                "read-only; its actions stay open for their owners."
            ).format(
                period=f"{review.period_from} – {review.period_to}",
                notes=len(review.notes),
                actions=len(review.actions),
            )
        )
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_field(self.tr("Your &password:"), self.password, "password")
        self.note = _text_box(self, 3)
        self.add_field(self.tr("&Note:"), self.note, "note")
        self.ok_button.setText(self.tr("&Sign off"))
        self.password.setFocus()

    def perform(self, ctx: Session) -> Any:
        return ctx.reviews.sign(
            self.review.id, self.password.text(), self.note.toPlainText(), self.review.version
        )

    def submit(self) -> None:
        self.ops.run(
            self.perform,
            parent=self,
            form=_PasswordErrors(self.errors, self.password),
            on_done=self._done,
        )
