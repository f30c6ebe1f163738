"""Choose the database: a local SQLite file or a shared PostgreSQL server, and test it."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, unquote, urlparse

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.errors import RCError, UsageError
from resolution_center.services.context import Config
from resolution_center.services.service_text import error_text
from resolution_center.services.session import open_context
from resolution_center.services.targets import parse_target, shared, sqlite_url

from .. import credentials
from ..database import connect_url, display, needs_creation
from ..settings import Settings, strip_password
from ..style import error_text_style
from ..tasks import TaskRunner
from ..widgets import grow_to_fit

translate = QCoreApplication.translate  # a name pyside6-lupdate recognises

DEFAULT_PORT = 5432


def postgres_url(host: str, port: int, database: str, user: str) -> str:
    host = host.strip() or "localhost"
    if ":" in host:
        host = f"[{host}]"
    who = f"{quote(user.strip(), safe='')}@" if user.strip() else ""
    return f"postgresql://{who}{host}:{port}/{quote(database.strip(), safe='')}"


def check_connection(url: str, user: str, password: str, config: Config | None) -> str:
    """Open the database without logging anyone in; raises what is wrong, in words."""
    if needs_creation(url):
        return translate(
            "ConnectionDialog", "The file does not exist yet: it will be created with demo data."
        )
    ctx = open_context(connect_url(url, user or None, password or None), None, None, config=config)
    try:
        return translate(
            "ConnectionDialog",
            "Connected to {where}: it is a Resolution Center database this version can use.",
        ).format(where=ctx.store.target.display)
    finally:
        ctx.close()  # this worker thread's connection only


class ConnectionDialog(QDialog):
    """Edits one database choice; remembers recent ones (never passwords) on accept."""

    tested = Signal(bool, str)
    """A connection test finished: whether it worked, and the message shown."""

    def __init__(
        self,
        settings: Settings,
        url: str,
        *,
        config: Config | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("connectionDialog")
        self.setWindowTitle(self.tr("Choose database"))
        self.settings = settings
        self.config = config
        self.tasks = TaskRunner(self, max_threads=1)

        self.recent = QComboBox()
        self.recent.setAccessibleName(self.tr("Recent databases"))
        self.recent.addItem(self.tr("Recent databases…"), "")
        for recent in settings.recent_databases:
            try:
                self.recent.addItem(display(recent), recent)
            except UsageError:
                continue

        self.local = QRadioButton(self.tr("&Local file (SQLite): just this computer"))
        self.shared = QRadioButton(self.tr("S&hared server (PostgreSQL): a team"))
        kind = QButtonGroup(self)
        kind.addButton(self.local)
        kind.addButton(self.shared)

        # Local page
        self.path = QLineEdit()
        self.path.setAccessibleName(self.tr("Database file"))
        self.browse = QPushButton(self.tr("&Browse…"))
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.browse)
        local_page = QWidget()
        local_form = QFormLayout(local_page)
        path_label = QLabel(self.tr("&File:"))
        path_label.setBuddy(self.path)
        local_form.addRow(path_label, path_row)
        local_note = QLabel(
            self.tr(
                "Keep the file on a local disk; a file on a network share is refused because "
                "SQLite cannot lock it safely. A new file is created with demo data."
            )
        )
        local_note.setWordWrap(True)
        local_form.addRow(local_note)

        # Shared page
        self.host = QLineEdit()
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = QLineEdit()
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(self.tr("Remember the password in the system keyring"))
        self.keyring_note = QLabel()
        self.keyring_note.setWordWrap(True)
        shared_page = QWidget()
        shared_form = QFormLayout(shared_page)
        for caption, widget in (
            (self.tr("H&ost:"), self.host),
            (self.tr("&Port:"), self.port),
            (self.tr("&Database:"), self.database),
            (self.tr("&User:"), self.user),
            (self.tr("Pass&word:"), self.password),
        ):
            label = QLabel(caption)
            label.setBuddy(widget)
            widget.setAccessibleName(caption.replace("&", "").rstrip(":"))
            shared_form.addRow(label, widget)
        shared_form.addRow(self.remember)
        shared_form.addRow(self.keyring_note)
        if credentials.keyring_available():
            self.remember.setChecked(settings.remember_password)
            self.keyring_note.setText(
                self.tr("The password is stored by your system's keyring, never in the settings.")
            )
        else:
            self.remember.setChecked(False)
            self.remember.setEnabled(False)
            self.keyring_note.setText(
                self.tr(
                    "No system keyring is available here, so the password is not remembered: "
                    "you will type it when you log in."
                )
            )

        self.pages = QStackedWidget()
        self.pages.addWidget(local_page)
        self.pages.addWidget(shared_page)

        self.test_button = QPushButton(self.tr("&Test connection"))
        self.test_result = QLabel()
        self.test_result.setObjectName("connectionResult")
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Use this"))
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.recent)
        layout.addWidget(self.local)
        layout.addWidget(self.shared)
        layout.addWidget(self.pages)
        layout.addLayout(test_row)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)

        self._connect()
        self.set_url(url)

    def _connect(self) -> None:
        self.local.toggled.connect(self._kind_changed)
        self.browse.clicked.connect(self._browse)
        self.recent.activated.connect(self._recent_chosen)
        self.test_button.clicked.connect(self.test)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)

    # ---- the choice --------------------------------------------------------------------------
    def set_url(self, url: str) -> None:
        try:
            target = parse_target(url)
        except UsageError:
            target = None
        if target is not None and shared(url):
            parsed = urlparse(url)
            self.shared.setChecked(True)
            self.host.setText(parsed.hostname or "localhost")
            self.port.setValue(parsed.port or DEFAULT_PORT)
            self.database.setText(unquote(parsed.path.lstrip("/")))
            self.user.setText(unquote(parsed.username or ""))
            self.password.setText(
                credentials.load_password(url, unquote(parsed.username or "")) or ""
            )
        else:
            self.local.setChecked(True)
            self.path.setText(str(target.path) if target and target.path else "")
        self._kind_changed()
        self.test_result.clear()

    def url(self) -> str:
        """The chosen database as a URL without a password."""
        if self.local.isChecked():
            return sqlite_url(Path(self.path.text().strip()).expanduser())
        return postgres_url(
            self.host.text(), self.port.value(), self.database.text(), self.user.text()
        )

    def typed_password(self) -> str:
        return self.password.text() if self.shared.isChecked() else ""

    def _kind_changed(self) -> None:
        self.pages.setCurrentIndex(0 if self.local.isChecked() else 1)
        self.test_result.clear()

    def _recent_chosen(self, position: int) -> None:
        url = self.recent.itemData(position)
        if url:
            self.set_url(url)

    def _browse(self) -> None:
        start = self.path.text() or str(Path.home())
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Database file"),
            start,
            self.tr("Resolution Center databases (*.db);;All files (*)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if chosen:
            self.path.setText(chosen)

    def _problem(self) -> str | None:
        if self.local.isChecked() and not self.path.text().strip():
            return self.tr("Choose a file for the database.")
        if self.shared.isChecked() and not self.database.text().strip():
            return self.tr("Enter the name of the database on the server.")
        return None

    # ---- testing -----------------------------------------------------------------------------
    def test(self) -> None:
        problem = self._problem()
        if problem:
            self._show_result(False, problem)
            return
        url, user, password = self.url(), self.user.text().strip(), self.typed_password()
        self.test_button.setEnabled(False)
        self.test_result.setStyleSheet("")
        self.test_result.setText(self.tr("Connecting…"))
        self.tasks.start(
            lambda _progress: check_connection(url, user, password, self.config),
            on_done=lambda text: self._show_result(True, text),
            on_error=self._test_failed,
        )

    def _test_failed(self, exc: BaseException) -> None:
        if isinstance(exc, RCError):
            message = (
                error_text(exc)
                + "\n"
                + self.tr("Check the details and test again, or choose another database.")
            )
        else:
            message = self.tr("The connection test failed unexpectedly: {error}").format(
                error=type(exc).__name__
            )
        self._show_result(False, message)

    def _show_result(self, ok: bool, text: str) -> None:
        self.test_button.setEnabled(True)
        self.test_result.setStyleSheet("" if ok else error_text_style(self.test_result))
        self.test_result.setText(("✔ " if ok else "✖ ") + text)
        grow_to_fit(self)
        self.tested.emit(ok, text)

    # ---- accepting ---------------------------------------------------------------------------
    def _accept(self) -> None:
        problem = self._problem()
        if problem:
            self._show_result(False, problem)
            return
        url = self.url()
        self.settings.add_recent_database(strip_password(url))
        if self.shared.isChecked():
            self.settings.remember_password = self.remember.isChecked()
            user = self.user.text().strip()
            if self.remember.isChecked() and self.password.text():
                credentials.save_password(url, user, self.password.text())
            elif not self.remember.isChecked():
                credentials.forget_password(url, user)
        self.accept()

    def done(self, result: int) -> None:
        self.tasks.wait(10_000)  # a running test must not outlive the dialog's widgets
        super().done(result)
