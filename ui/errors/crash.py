"""The dialog for bugs: says it is not the user's fault and offers details to copy."""

from __future__ import annotations

import platform
import sys
import traceback

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from resolution_center import __version__


def crash_report(exc: BaseException) -> str:
    """What a developer needs: versions, platform and the full traceback."""
    lines = [
        f"Resolution Center {__version__}",
        f"Python {sys.version.split()[0]}, Qt {qVersion()}, PySide6 {pyside_version}",
        f"Platform {platform.platform()}",
        "",
        *traceback.format_exception(type(exc), exc, exc.__traceback__),
    ]
    return "\n".join(line.rstrip("\n") for line in lines)


class CrashDialog(QDialog):
    """Shown for any error that is not one the application raises on purpose."""

    def __init__(self, exc: BaseException, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Unexpected error"))
        self.setObjectName("crashDialog")
        self.report = crash_report(exc)

        intro = QLabel(
            self.tr(
                "Something went wrong inside Resolution Center. This is a bug, not something you "
                "did. What you typed is still in the form.\n\nPlease copy the details below and "
                "send them to your administrator."
            )
        )
        intro.setWordWrap(True)
        self.details = QPlainTextEdit(self.report)
        self.details.setReadOnly(True)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.details.setAccessibleName(self.tr("Error details"))
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("&Copy details"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        self.resize(self.fontMetrics().averageCharWidth() * 90, self.fontMetrics().height() * 24)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.report)
        self.copy_button.setText(self.tr("Copied"))
