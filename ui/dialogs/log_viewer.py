"""Help → Show log: the end of the current log file, read-only, with where the file is."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFontDatabase, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from resolution_center.logs import log_path, tail

UrlOpener = Callable[[QUrl], bool]


class LogDialog(QDialog):
    """What a user attaches to a problem report: the log's last lines and the file's place."""

    def __init__(
        self,
        path: Path | None = None,
        parent: QWidget | None = None,
        *,
        open_url: UrlOpener = QDesktopServices.openUrl,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("logDialog")
        self.setWindowTitle(self.tr("Log"))
        self.path = path or log_path()
        self._open_url = open_url

        self.location = QLabel(self.tr("Log file: {path}").format(path=self.path))
        self.location.setObjectName("logPath")
        self.location.setWordWrap(True)
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text = QPlainTextEdit()
        self.text.setObjectName("logText")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setAccessibleName(self.tr("The end of the log"))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_folder_button = QPushButton(self.tr("&Open folder"))
        self.open_folder_button.setObjectName("openLogFolder")
        self.reload_button = QPushButton(self.tr("&Reload"))
        self.reload_button.setObjectName("reloadLog")
        buttons.addButton(self.open_folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.reload_button, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.addWidget(self.location)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 140, metrics.height() * 36)

        buttons.rejected.connect(self.reject)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.reload_button.clicked.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        text = tail(self.path)
        self.text.setPlainText(text or self.tr("Nothing has been logged yet."))
        self.text.moveCursor(QTextCursor.MoveOperation.End)  # the latest lines in view
        self.text.ensureCursorVisible()

    def open_folder(self) -> None:
        self._open_url(QUrl.fromLocalFile(str(self.path.parent)))
