"""The merge view: what someone else saved next to what this user typed, and what to do now."""

from __future__ import annotations

from enum import Enum
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.audit import parse_time
from resolution_center.domain.errors import ConflictError
from resolution_center.services.service_text import error_text

from ..formatting import local_time
from ..labels import field_label, field_value_text


class ConflictChoice(Enum):
    REAPPLY = "reapply"  # load what is stored now, put the typed values back on top
    DISCARD = "discard"  # load what is stored now, drop the typed values
    KEEP = "keep"  # close the view, leave the form as it is


class ConflictDialog(QDialog):
    """Lists each field either side changed; rows both sides changed are marked in words."""

    chosen = Signal(object)
    """The ConflictChoice the user made (KEEP when the dialog is closed)."""

    def __init__(self, error: ConflictError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle(self.tr("Someone else changed this case"))
        self.error = error
        details = error.details
        self.theirs: dict[str, Any] = dict(details.get("their_changes") or {})
        self.yours: dict[str, Any] = dict(details.get("your_changes") or {})
        self._choice = ConflictChoice.KEEP

        self.summary = QLabel(self._summary_text())
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("conflictTable")
        self.table.setAccessibleName(self.tr("Changes side by side"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Field"),
                self.tr("Saved by {who}").format(who=self._who()),
                self.tr("You typed (not saved yet)"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self._fill()
        header.sectionResized.connect(self.table.resizeRowsToContents)

        buttons = QDialogButtonBox(self)
        if self.yours:
            self.reapply_button = QPushButton(self.tr("&Reload and reapply my changes"))
            self.reapply_button.setToolTip(
                self.tr(
                    "Load the case as it is saved now and put what you typed back into the form, "
                    "so you can review it and save again."
                )
            )
            buttons.addButton(self.reapply_button, QDialogButtonBox.ButtonRole.AcceptRole)
            self.discard_button: QPushButton | None = QPushButton(self.tr("&Discard my changes"))
            buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.DestructiveRole)
            self.keep_button = QPushButton(self.tr("&Keep editing"))
            buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.RejectRole)
        else:
            self.reapply_button = QPushButton(self.tr("&Reload the case"))
            buttons.addButton(self.reapply_button, QDialogButtonBox.ButtonRole.AcceptRole)
            self.discard_button = None
            self.keep_button = QPushButton(self.tr("Close"))
            buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.reapply_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

        self.reapply_button.clicked.connect(
            lambda: self._choose(ConflictChoice.REAPPLY if self.yours else ConflictChoice.DISCARD)
        )
        if self.discard_button is not None:
            self.discard_button.clicked.connect(lambda: self._choose(ConflictChoice.DISCARD))
        self.keep_button.clicked.connect(lambda: self._choose(ConflictChoice.KEEP))
        self.finished.connect(lambda _result: self.chosen.emit(self._choice))

        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 130, self.sizeHint().height())

    @property
    def choice(self) -> ConflictChoice:
        return self._choice

    def _who(self) -> str:
        return str(self.error.details.get("changed_by") or self.tr("someone else"))

    def _summary_text(self) -> str:
        details = self.error.details
        when = details.get("changed_at")
        if not details.get("changed_by"):
            return self.tr(
                "This case changed after you opened it, so your change was not saved. Reload "
                "the case and apply your change to what is stored now.\n\n{message}"
            ).format(message=error_text(self.error))
        moment = local_time(parse_time(when), seconds=True) if when else ""
        text = self.tr(
            "{case} was changed by {who} at {when} while you were editing it. Nothing you "
            "typed was saved, and nothing is lost: your input is still in the form."
        ).format(case=details.get("case", ""), who=self._who(), when=moment)
        if self.yours:
            both = sorted(set(self.theirs) & set(self.yours))
            if both:
                text += "\n\n" + self.tr(
                    "Both of you changed: {fields}. Decide which to keep."
                ).format(fields=", ".join(field_label(f) for f in both))
        return text

    def _fill(self) -> None:
        names = [*self.theirs, *(n for n in self.yours if n not in self.theirs)]
        self.table.setRowCount(len(names))
        bold = QFont(self.font())
        bold.setBold(True)
        for row, name in enumerate(names):
            both = name in self.theirs and name in self.yours
            label = field_label(name) + (self.tr(" (changed by both)") if both else "")
            cells = [
                label,
                field_value_text(name, self.theirs[name])
                if name in self.theirs
                else self.tr("(unchanged)"),
                field_value_text(name, self.yours[name])
                if name in self.yours
                else self.tr("(not edited)"),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, name)
                if both:
                    item.setFont(bold)
                self.table.setItem(row, column, item)
        # Wide enough columns first, so row heights are measured as they will be shown.
        self.table.setColumnWidth(1, self.fontMetrics().averageCharWidth() * 40)
        self.table.setColumnWidth(2, self.fontMetrics().averageCharWidth() * 40)
        self.table.resizeRowsToContents()
        rows = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        frame = self.table.horizontalHeader().sizeHint().height() + 4 * self.table.frameWidth()
        most = self.fontMetrics().height() * 24
        self.table.setMinimumHeight(min(rows + frame, most))

    def _choose(self, choice: ConflictChoice) -> None:
        self._choice = choice
        if choice is ConflictChoice.KEEP:
            self.reject()
        else:
            self.accept()
