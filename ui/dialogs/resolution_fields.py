"""The resolution code and summary a move to "resolved" asks for: one pair of fields shared by
the one-case status dialog and the bulk one, shown only while "resolved" is the target."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QFormLayout, QPlainTextEdit, QSizePolicy, QWidget

from resolution_center.domain.case import Status
from resolution_center.domain.taxonomy import Taxonomy

from ..labels import taxonomy_text
from .action_dialog import ActionDialog


def form_row(form: QFormLayout, widget: QWidget) -> int:
    """The row of `form` whose field cell (an ActionDialog's field with its error label) holds
    `widget`; -1 if none."""
    for row in range(form.rowCount()):
        item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        layout = item.layout() if item is not None else None
        if layout is not None and layout.indexOf(widget) >= 0:
            return row
    return -1


class ResolutionFields:
    def __init__(self, dialog: ActionDialog, taxonomy: Taxonomy) -> None:
        self.dialog = dialog
        self.code = QComboBox()
        self.code.setObjectName("resolutionCode")
        # As wide as the form: its error line wraps at the field's width, not the combo's.
        self.code.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.code.addItem(
            QCoreApplication.translate("ResolutionFields", "Choose how it was resolved…"), ""
        )
        for slug, label in taxonomy.resolution_codes:
            self.code.addItem(taxonomy_text(label), slug)
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("resolutionSummary")
        self.summary.setTabChangesFocus(True)
        self.summary.setPlaceholderText(
            QCoreApplication.translate(
                "ResolutionFields", "What was done for the customer, in a sentence or two"
            )
        )
        self.summary.setFixedHeight(dialog.fontMetrics().height() * 4)
        # Not dialog.tr(): lupdate cannot tell which class `dialog` is, so it would file the
        # texts under a context the running program never asks for.
        dialog.add_field(
            QCoreApplication.translate("ResolutionFields", "Resolution &code:"),
            self.code,
            "resolution_code",
        )
        dialog.add_field(
            QCoreApplication.translate("ResolutionFields", "Resolution s&ummary:"),
            self.summary,
            "summary",
        )

    def show_for(self, status: str | None) -> None:
        """Visible (and sent) only when the case is to be resolved; what was typed stays."""
        shown = status == Status.RESOLVED.value
        for widget in (self.code, self.summary):
            self.dialog.form.setRowVisible(form_row(self.dialog.form, widget), shown)

    def values(self, status: str | None) -> tuple[str | None, str | None]:
        if status != Status.RESOLVED.value:
            return None, None
        return str(self.code.currentData() or "") or None, self.summary.toPlainText()
