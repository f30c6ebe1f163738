"""The login dialog: who, their password, and which database (changeable); errors inline."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.errors import AuthenticationError, ValidationError
from resolution_center.services.context import Clock, Config, system_clock
from resolution_center.services.session import Session, open_context
from resolution_center.services.targets import shared

from .. import credentials
from ..database import display, needs_creation
from ..demo_setup import DemoSetup
from ..errors import ErrorPresenter
from ..forms import FormErrors, error_label
from ..language_box import LanguageBox
from ..ops import hand_connection_to_gui, take_handed_connection
from ..settings import Settings
from ..style import scaled_font
from ..tasks import TaskRunner
from ..widgets import ElidedLabel, grow_to_fit
from .connection import ConnectionDialog


def open_session(
    url: str, username: str, password: str, config: Config | None, clock: Clock
) -> Session:
    """Log in on a worker thread (argon2 and a slow server must not freeze the window)."""
    ctx = open_context(url, username, password, config=config, clock=clock)
    hand_connection_to_gui(ctx)  # `_succeeded` takes it on the GUI thread
    return ctx


class LoginDialog(QDialog):
    """Emits `logged_in` with a Session; the user name survives every failed attempt."""

    logged_in = Signal(object)
    """The Session of the user who just logged in."""
    attempt_failed = Signal(object)
    """A login attempt failed (the exception), after the dialog showed it."""
    attempt_started = Signal()
    """The password check runs on a worker thread: the GUI thread is free meanwhile."""
    language_changed = Signal(str)
    """The user chose another language (saved in the settings); the app rebuilds the dialog."""

    def __init__(
        self,
        settings: Settings,
        url: str,
        *,
        config: Config | None = None,
        clock: Clock = system_clock,
        presenter: ErrorPresenter | None = None,
        demo_users: Sequence[tuple[str, str, str]] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("Log in – Resolution Center"))
        self.settings = settings
        self.url = url
        self.config = config
        self.clock = clock
        self.presenter = presenter or ErrorPresenter(self)
        self.tasks = TaskRunner(self, max_threads=1)
        self._remember: tuple[str, str, str] | None = None
        self.demo = DemoSetup(self)
        self.demo_users: tuple[tuple[str, str, str], ...] = ()

        heading = QLabel(self.tr("Resolution Center"))
        heading.setFont(scaled_font(self, 1.6, bold=True))
        self.database = ElidedLabel()
        self.database.setObjectName("loginDatabase")
        self.database_note = QLabel()
        self.database_note.setWordWrap(True)
        self.database_note.setVisible(False)
        self.change_button = QPushButton(self.tr("C&hange…"))
        self.change_button.setAccessibleName(self.tr("Change database"))
        self.username = QLineEdit(settings.last_username)
        self.username.setObjectName("loginUser")
        self.username.setAccessibleName(self.tr("User name"))
        self.password = QLineEdit()
        self.password.setObjectName("loginPassword")
        self.password.setAccessibleName(self.tr("Password"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label(self)
        self.error.setObjectName("loginError")
        self.errors = FormErrors(self.error, on_shown=lambda: grow_to_fit(self))
        self.errors.add(self.username, self.error, "username")
        self.errors.add(self.password, self.error, "password")
        self.busy = QLabel()
        self.demo_intro = QLabel(
            self.tr(
                "Demo users of this database (published passwords; never use demo data for "
                "real work):"
            )
        )
        self.demo_intro.setWordWrap(True)
        self.demo_intro.setVisible(False)
        # One user per line, never wrapped: a wrapping label can be sized a line too short.
        self.demo_hint = QLabel()
        self.demo_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_hint.setVisible(False)

        self.buttons = QDialogButtonBox()
        self.login_button = self.buttons.addButton(
            self.tr("&Log in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.login_button.setObjectName("loginButton")
        self.login_button.setDefault(True)
        self.buttons.addButton(self.tr("&Quit"), QDialogButtonBox.ButtonRole.RejectRole)

        database_row = QHBoxLayout()
        database_row.addWidget(self.database, 1)
        database_row.addWidget(self.change_button)
        database_cell = QVBoxLayout()
        database_cell.addLayout(database_row)
        database_cell.addWidget(self.database_note)
        form = QFormLayout()
        database_caption = QLabel(self.tr("Database:"))
        database_caption.setBuddy(self.change_button)
        form.addRow(database_caption, database_cell)
        user_caption = QLabel(self.tr("&User name:"))
        user_caption.setBuddy(self.username)
        form.addRow(user_caption, self.username)
        password_caption = QLabel(self.tr("&Password:"))
        password_caption.setBuddy(self.password)
        form.addRow(password_caption, self.password)
        self.language = LanguageBox(settings.language)
        language_caption = QLabel(self.tr("Lan&guage:"))
        language_caption.setBuddy(self.language)
        form.addRow(language_caption, self.language)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.demo_intro)
        layout.addWidget(self.demo_hint)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        self.setTabOrder(self.username, self.password)
        self.setTabOrder(self.password, self.login_button)
        self.setTabOrder(self.login_button, self.change_button)

        self._connect()
        self.set_demo_users(demo_users)
        self._show_database()
        (self.password if self.username.text() else self.username).setFocus()

    def _connect(self) -> None:
        self.buttons.accepted.connect(self.log_in)
        self.buttons.rejected.connect(self.reject)
        self.change_button.clicked.connect(self.change_database)
        self.username.editingFinished.connect(self._prefill_password)
        self.language.chosen.connect(self._choose_language)
        self.demo.finished.connect(self._demo_ready)
        self.demo.failed.connect(self._demo_failed)

    # ---- database ----------------------------------------------------------------------------
    def _show_database(self) -> None:
        self.database.set_full_text(display(self.url))
        new = needs_creation(self.url)
        self.database_note.setText(
            self.tr("This file does not exist yet: it will be created with demo data.")
            if new
            else ""
        )
        self.database_note.setVisible(new)
        self._prefill_password()

    def change_database(self) -> ConnectionDialog:
        dialog = ConnectionDialog(self.settings, self.url, config=self.config, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.set_database(dialog.url(), dialog.typed_password()))
        dialog.open()
        return dialog

    def set_database(self, url: str, password: str = "") -> None:
        self.url = url
        self.errors.clear()
        self.set_demo_users(())
        if password:
            self.password.setText(password)
        self._show_database()

    def _choose_language(self, language: str) -> None:
        if language != self.settings.language:
            self.settings.language = language
            self.language_changed.emit(language)

    def set_demo_users(self, users: Sequence[tuple[str, str, str]]) -> None:
        self.demo_users = tuple(users)
        lines = [f"  {name} ({role}): {password}" for name, role, password in users]
        self.demo_hint.setText("\n".join(lines))
        self.demo_intro.setVisible(bool(users))
        self.demo_hint.setVisible(bool(users))
        grow_to_fit(self)

    def _prefill_password(self) -> None:
        # Only the shared mode keeps passwords (in the keyring); SQLite logins are always typed.
        if shared(self.url) and not self.password.text():
            remembered = credentials.load_password(self.url, self.username.text().strip())
            if remembered:
                self.password.setText(remembered)

    # ---- logging in --------------------------------------------------------------------------
    def log_in(self) -> None:
        self.errors.clear()
        username = self.username.text().strip()
        if not username:
            self.errors.show_error(
                ValidationError(self.tr("Enter your user name."), field="username")
            )
            return
        if needs_creation(self.url):
            self._set_busy(self.tr("Creating the demo database…"))
            self.demo.start(self.url, self.config, self)
            return
        url, password = self.url, self.password.text()
        self._set_busy(self.tr("Logging in…"))
        self.tasks.start(
            lambda _progress: open_session(url, username, password, self.config, self.clock),
            on_done=self._succeeded,
            on_error=self._failed,
        )
        self.attempt_started.emit()

    def _set_busy(self, text: str) -> None:
        self.busy.setText(text)
        for widget in (self.login_button, self.change_button, self.username, self.password):
            widget.setEnabled(not text)

    def _succeeded(self, ctx: Session) -> None:
        take_handed_connection(ctx)
        self._set_busy("")
        self.settings.last_username = ctx.actor.username
        self.settings.add_recent_database(self.url)
        if shared(self.url) and self.settings.remember_password:
            self._remember = (self.url, ctx.actor.username, self.password.text())
        self.logged_in.emit(ctx)
        self.accept()

    def credentials_to_remember(self) -> tuple[str, str, str] | None:
        """(database URL, user, password) of a shared-mode login the user wants remembered.

        The app puts them in the keyring once its window has painted, off the GUI thread:
        the keyring's import and backend discovery alone take ~0.2 s, and a desktop keyring
        may add a D-Bus round trip or an unlock prompt.
        """
        return self._remember

    def _failed(self, exc: BaseException) -> None:
        self._set_busy("")
        if isinstance(exc, AuthenticationError):
            self.password.clear()
            self.errors.show_error(exc)
            self.password.setFocus()
        else:
            self.presenter.present(exc, parent=self, form=self.errors, retry=self.log_in)
        self.attempt_failed.emit(exc)

    def _demo_ready(self, result: Any) -> None:
        self._set_busy("")
        self.set_demo_users(getattr(result, "users", ()) or ())
        self._show_database()

    def _demo_failed(self, exc: BaseException) -> None:
        self._set_busy("")
        self.presenter.present(exc, parent=self, retry=self.log_in)

    def done(self, result: int) -> None:
        self.tasks.wait(30_000)
        super().done(result)
