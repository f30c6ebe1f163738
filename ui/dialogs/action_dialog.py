"""The shape every case action dialog shares: a form, inline errors, submit through the ops."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.case import Case
from resolution_center.domain.changes import Changes
from resolution_center.domain.errors import ConflictError
from resolution_center.services.session import Session

from ..errors.conflict import ConflictChoice
from ..forms import FormErrors, error_label
from ..ops import Ops
from ..widgets import grow_to_fit


class ActionDialog(QDialog):
    """Subclasses add fields to `self.form` and implement `perform`; errors stay in the dialog.

    The dialog only closes when the service accepted the change, so nothing typed is lost.
    """

    succeeded = Signal(object)
    """The service's result (usually the updated Case)."""

    def __init__(self, ops: Ops, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle(title)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setVisible(False)
        self.general_error = error_label(self)
        self.errors = FormErrors(self.general_error, on_shown=lambda: grow_to_fit(self))
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        # kept typed for subclasses that add rows around the form (layout() is QLayout | None)
        self.column = layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    @property
    def ok_button(self) -> Any:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def set_intro(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.setVisible(bool(text))

    def add_field(
        self, caption: str, widget: QWidget, *names: str, form: QFormLayout | None = None
    ) -> QLabel:
        """A form row with its own error label under the field; `names` are service fields."""
        label_error = error_label(self)
        cell = QVBoxLayout()
        cell.setSpacing(2)
        cell.addWidget(widget)
        cell.addWidget(label_error)
        if caption:
            caption_label = QLabel(caption)
            caption_label.setBuddy(widget)
            widget.setAccessibleName(caption.replace("&", "").rstrip(":"))
            (form or self.form).addRow(caption_label, cell)
        else:
            (form or self.form).addRow(cell)
        self.errors.add(widget, label_error, *names)
        return label_error

    def perform(self, ctx: Session) -> Any:
        raise NotImplementedError

    def submit(self) -> None:
        self.ops.run(
            self.perform,
            parent=self,
            form=self.errors,
            on_done=self._done,
            on_conflict=self._conflict,
        )

    def _done(self, result: Any) -> None:
        self.succeeded.emit(result)
        self.accept()

    def _conflict(self, choice: ConflictChoice, error: ConflictError) -> None:
        """The case moved on: reload it, keep the dialog and its input for another try."""
        if choice is not ConflictChoice.KEEP:
            self.reload_case()

    def reload_case(self) -> None:
        """Subclasses working on a case fetch its latest version here."""


class CaseActionDialog(ActionDialog):
    """An action on one case, checked against the version the dialog was opened on."""

    def __init__(self, ops: Ops, case: Case, title: str, parent: QWidget | None = None) -> None:
        super().__init__(ops, title, parent)
        self.case = case

    def reload_case(self) -> None:
        case_id = self.case.id
        latest = self.ops.run(lambda ctx: ctx.cases.get(case_id), parent=self)
        if latest is not None:
            self.case = latest
            self.case_reloaded()
            # The viewer and list show the stale version too: let them catch up.
            self.ops.broadcast(Changes.case(latest.id))

    def case_reloaded(self) -> None:
        """Refresh what the dialog shows of the case; the user's input stays."""
