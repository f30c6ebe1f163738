"""The language chooser: the system's language or one the window is translated into."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from .i18n import LANGUAGES, SYSTEM


class LanguageBox(QComboBox):
    """Emits `chosen` with 'de', 'en' or '' (follow the system) when the user picks one."""

    chosen = Signal(str)

    def __init__(self, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("languageBox")
        system = QLocale.system()
        native = system.nativeLanguageName() if system.language() != QLocale.Language.C else ""
        self.addItem(
            self.tr("System language ({language})").format(language=native or "English"),
            SYSTEM,
        )
        for code, name in LANGUAGES.items():
            self.addItem(name, code)
        index = self.findData(current if current in LANGUAGES else SYSTEM)
        self.setCurrentIndex(max(index, 0))
        self.activated.connect(lambda _index: self.chosen.emit(self.language()))

    def language(self) -> str:
        return str(self.currentData() or SYSTEM)
