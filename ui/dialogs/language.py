"""View → Language…: the window's language, applied at the next login (or now, by logging out)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from ..language_box import LanguageBox
from ..settings import Settings


class LanguageDialog(QDialog):
    """OK saves the choice; `log_out_now` says whether the user wants it at once.

    The open window keeps its texts (its widgets were built in the old language); the login
    and the window after it are built in the new one, which is what logging out gives.
    """

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("languageDialog")
        self.setWindowTitle(self.tr("Language"))
        self.settings = settings
        self.log_out_now = False
        self.box = LanguageBox(settings.language)
        note = QLabel(
            self.tr(
                "The window changes to the new language when you next log in. Log out now to "
                "switch at once; unsaved edits are asked about first."
            )
        )
        note.setWordWrap(True)
        form = QFormLayout()
        caption = QLabel(self.tr("&Language:"))
        caption.setBuddy(self.box)
        form.addRow(caption, self.box)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.later = self.buttons.addButton(
            self.tr("At next &login"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        # An action button: the box's own accept would run before this one's flag is set.
        self.now = self.buttons.addButton(
            self.tr("Log &out now"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.now.clicked.connect(self._now)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def _now(self) -> None:
        self.log_out_now = True
        self.accept()

    def accept(self) -> None:
        self.settings.language = self.box.language()
        super().accept()
