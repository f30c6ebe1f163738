"""The one error presenter: inline for input, retry for the environment, merge for conflicts."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from resolution_center.domain.errors import (
    AuthenticationError,
    ConflictError,
    EnvironmentFault,
    PermissionDenied,
    PolicyRefusal,
    RCError,
    UsageError,
    ValidationError,
)
from resolution_center.services.service_text import error_text

from .conflict import ConflictChoice, ConflictDialog
from .crash import CrashDialog

log = logging.getLogger(__name__)

ConflictHandler = Callable[[ConflictChoice, ConflictError], None]


class InlineErrors(Protocol):
    """A form that can show an error next to the field it names (see ui.forms.FormErrors)."""

    def show_error(self, error: RCError) -> None: ...


class ErrorPresenter(QObject):
    """Every error the window meets goes through `present`; no traceback reaches the user else.

    Dialogs open non-blocking (window-modal); what the user decides comes back by callback, so
    the caller's form, and what was typed in it, stays untouched whatever happens.
    """

    dialog_shown = Signal(object)
    """The dialog just opened for an error (tests and accessibility tools follow it)."""

    def present(
        self,
        error: BaseException,
        *,
        parent: QWidget | None,
        form: InlineErrors | None = None,
        retry: Callable[[], object] | None = None,
        on_conflict: ConflictHandler | None = None,
    ) -> RCError | None:
        """Show an error the right way for whose fault it is.

        Returns the error when it went inline into `form` (the caller may act on it), else None.
        """
        if isinstance(error, ConflictError):
            self._conflict(error, parent, on_conflict)
        elif isinstance(error, EnvironmentFault):
            self._environment(error, parent, retry)
        elif isinstance(error, ValidationError | PolicyRefusal | UsageError):
            if form is not None:
                form.show_error(error)
                return error
            self._message(
                parent,
                self.tr("Please check your input"),
                error_text(error),
                QMessageBox.Icon.Warning,
            )
        elif isinstance(error, PermissionDenied):
            self._message(
                parent, self.tr("Not allowed"), error_text(error), QMessageBox.Icon.Warning
            )
        elif isinstance(error, AuthenticationError):
            if form is not None:
                form.show_error(error)
                return error
            self._message(
                parent, self.tr("Cannot log in"), error_text(error), QMessageBox.Icon.Warning
            )
        elif isinstance(error, RCError):
            self._message(
                parent, self.tr("Resolution Center"), error_text(error), QMessageBox.Icon.Warning
            )
        else:
            self.crash(error, parent=parent)
        return None

    def crash(self, error: BaseException, *, parent: QWidget | None = None) -> None:
        log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
        self._open(CrashDialog(error, parent))

    # ---- the individual presentations ---------------------------------------------------------
    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(
            Qt.WindowModality.WindowModal if dialog.parent() else Qt.WindowModality.ApplicationModal
        )
        dialog.open()
        self.dialog_shown.emit(dialog)

    def _message(
        self, parent: QWidget | None, title: str, text: str, icon: QMessageBox.Icon
    ) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
        box.setObjectName("errorMessage")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._open(box)
        return box

    def _environment(
        self, error: EnvironmentFault, parent: QWidget | None, retry: Callable[[], object] | None
    ) -> None:
        log.warning("shown: %s (%s)", error.message, "retry offered" if retry else "no retry")
        box = QMessageBox(parent)
        box.setObjectName("environmentError")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("The database is not available"))
        box.setText(error_text(error))
        box.setInformativeText(
            self.tr(
                "Nothing was changed and your input is kept. Check the connection, then try again."
            )
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if retry is not None:
            retry_button = box.addButton(QMessageBox.StandardButton.Retry)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.setDefaultButton(retry_button)
            # Queued behind the dialog's close, so a second failure opens a fresh dialog.
            retry_button.clicked.connect(lambda: log.info("the user retries"))
            retry_button.clicked.connect(lambda: QTimer.singleShot(0, retry))
        else:
            box.addButton(QMessageBox.StandardButton.Ok)
        self._open(box)

    def _conflict(
        self, error: ConflictError, parent: QWidget | None, on_conflict: ConflictHandler | None
    ) -> None:
        dialog = ConflictDialog(error, parent)
        if on_conflict is not None:
            dialog.chosen.connect(lambda choice: on_conflict(choice, error))
        self._open(dialog)
