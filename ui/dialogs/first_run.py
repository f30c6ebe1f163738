"""The first-run assistant: a personal SQLite database or a shared PostgreSQL server, set up
through the same services as `resolution-center init` and `demo`, then the login opens on it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from resolution_center.domain.errors import RCError, ValidationError
from resolution_center.domain.users import check_password, check_username
from resolution_center.services.context import Config
from resolution_center.services.service_text import error_text
from resolution_center.services.setup import DatabaseState, initialize, inspect
from resolution_center.services.targets import sqlite_url, with_credentials

from .. import credentials
from ..database import default_database_path, ensure_parent, needs_creation
from ..demo_setup import fill_new_database
from ..forms import FormErrors, error_label
from ..settings import Settings
from ..style import error_text_style
from ..tasks import Progress, TaskRunner
from .connection import DEFAULT_PORT, postgres_url

PAGE_CHOICE, PAGE_PERSONAL, PAGE_SERVER, PAGE_ADMIN, PAGE_FINISH = range(5)


@dataclass
class SetupPlan:
    """What the assistant was told; `run` does it on a worker thread."""

    shared: bool = False
    path: str = ""
    demo: bool = False
    host: str = "localhost"
    port: int = DEFAULT_PORT
    database: str = ""
    installer: str = ""  # the privileged login, used for this run only
    installer_password: str = field(default="", repr=False)
    admin: str = ""
    admin_password: str = field(default="", repr=False)
    remember: bool = False

    def url(self) -> str:
        """The database as the app will open it: the first admin's own login on a server."""
        if not self.shared:
            return sqlite_url(Path(self.path).expanduser())
        # Never the set-up login: it is used for this run only.
        return postgres_url(self.host, self.port, self.database, self.admin)

    def installer_url(self) -> str:
        bare = postgres_url(self.host, self.port, self.database, "")
        return with_credentials(bare, self.installer, self.installer_password or None)


@dataclass(frozen=True)
class SetupOutcome:
    url: str
    username: str
    demo_users: tuple[tuple[str, str, str], ...] = ()
    created: bool = False
    migrated_from: int = 0


def run_plan(
    plan: SetupPlan, config: Config | None, progress: Progress, step: Callable[[str], None]
) -> SetupOutcome:
    """On a worker thread: the same services the command line's `init` and `demo` call."""
    url = plan.url()
    if not plan.shared and plan.demo:
        result = fill_new_database(url, config, progress, step)
        users = tuple(getattr(result, "users", ()) or ())
        return SetupOutcome(url, users[0][0] if users else "", users, created=True)
    if not plan.shared:
        ensure_parent(url)
    step("init")
    target = plan.installer_url() if plan.shared else url
    result = initialize(
        target,
        admin=plan.admin or None,
        admin_password=plan.admin_password or None,
        config=config,
    )
    if plan.shared and plan.admin and plan.remember:
        # A keyring that fails only means "not remembered": the login asks for it then.
        credentials.save_password(url, plan.admin, plan.admin_password)
    return SetupOutcome(
        url, plan.admin, (), created=result.created, migrated_from=result.migrated_from
    )


def _caption(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    buddy.setAccessibleName(text.replace("&", "").rstrip(":"))
    return label


class ChoicePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Where will Resolution Center keep its data?"))
        self.setSubTitle(
            self.tr(
                "Choose once; the login's Change… button switches later. Nothing is written "
                "until the last page."
            )
        )
        self.personal = QRadioButton(self.tr("&Personal database on this computer (SQLite)"))
        self.personal.setObjectName("choicePersonal")
        self.shared = QRadioButton(self.tr("&Shared database on a PostgreSQL server (a team)"))
        self.shared.setObjectName("choiceShared")
        self.personal.setChecked(True)
        personal_note = QLabel(
            self.tr(
                "One person on one computer, in a file in your data folder. You become its "
                "administrator, or you fill it with demo data to try the app."
            )
        )
        shared_note = QLabel(
            self.tr(
                "Specialists and supervisors on several computers, each logging in as their "
                "own database role. You need the server's address and a login that may create "
                "roles (used once for the set-up, never stored)."
            )
        )
        layout = QVBoxLayout(self)
        for button, note in ((self.personal, personal_note), (self.shared, shared_note)):
            note.setWordWrap(True)
            note.setIndent(24)
            layout.addWidget(button)
            layout.addWidget(note)
        layout.addStretch(1)

    def nextId(self) -> int:
        return PAGE_SERVER if self.shared.isChecked() else PAGE_PERSONAL


class PersonalPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Personal database"))
        self.setSubTitle(self.tr("A SQLite file on a local disk (not a network share)."))
        self.path = QLineEdit(str(default_database_path()))
        self.path.setObjectName("personalPath")
        self.browse = QPushButton(self.tr("&Browse…"))
        self.demo = QCheckBox(
            self.tr("Fill it with &demo data (sample cases and demo users; to try the app)")
        )
        self.demo.setObjectName("personalDemo")
        self.note = QLabel()
        self.note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        form = QFormLayout(self)
        form.addRow(_caption(self.tr("&File:"), self.path), row)
        form.addRow(self.demo)
        form.addRow(self.note)
        self.browse.clicked.connect(self._browse)
        self.path.textChanged.connect(self._update)
        self.demo.toggled.connect(self._update)
        self._update()

    def exists(self) -> bool:
        text = self.path.text().strip()
        return bool(text) and not needs_creation(sqlite_url(Path(text).expanduser()))

    def _update(self) -> None:
        if self.exists():
            self.note.setText(
                self.tr(
                    "This file exists: it will be used as it is (upgraded if an older version "
                    "made it), and you log in with its users."
                )
            )
        elif self.demo.isChecked():
            self.note.setText(
                self.tr(
                    "The demo users' passwords are published: never use demo data for real work."
                )
            )
        else:
            self.note.setText(
                self.tr("Next you choose the first administrator's name and password.")
            )
        self.demo.setEnabled(not self.exists())
        self.completeChanged.emit()

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Database file"),
            self.path.text(),
            self.tr("Resolution Center databases (*.db);;All files (*)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if chosen:
            self.path.setText(chosen)

    def isComplete(self) -> bool:
        return bool(self.path.text().strip())

    def nextId(self) -> int:
        return PAGE_FINISH if self.exists() or self.demo.isChecked() else PAGE_ADMIN


class ServerPage(QWizardPage):
    """The server and the privileged login; Next only after a check with these very values."""

    checked = Signal(bool, str)
    """A connection check finished: whether it worked, and what the page says."""

    def __init__(self, config: Config | None) -> None:
        super().__init__()
        self.config = config
        self.setTitle(self.tr("Shared database on a PostgreSQL server"))
        self.setSubTitle(
            self.tr(
                "The database must exist (an empty one, or one an older version set up). The "
                "login below creates or upgrades it and is never stored."
            )
        )
        self.tasks = TaskRunner(self, max_threads=1)
        self.state: DatabaseState | None = None
        self._checked_values: tuple[Any, ...] | None = None
        self.host = QLineEdit("localhost")
        self.host.setObjectName("serverHost")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = QLineEdit()
        self.database.setObjectName("serverDatabase")
        self.installer = QLineEdit()
        self.installer.setObjectName("serverInstaller")
        self.installer_password = QLineEdit()
        self.installer_password.setObjectName("serverInstallerPassword")
        self.installer_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.check_button = QPushButton(self.tr("&Check connection"))
        self.check_button.setObjectName("serverCheck")
        self.result = QLabel()
        self.result.setObjectName("serverResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout(self)
        for caption, widget in (
            (self.tr("H&ost:"), self.host),
            (self.tr("&Port:"), self.port),
            (self.tr("&Database:"), self.database),
            (self.tr("&Set-up login:"), self.installer),
            (self.tr("Set-up pass&word:"), self.installer_password),
        ):
            form.addRow(_caption(caption, widget), widget)
        login_note = QLabel(
            self.tr(
                "A superuser, or a role with CREATEROLE that owns the database. It is used for "
                "this set-up only; afterwards everyone logs in as their own role."
            )
        )
        login_note.setWordWrap(True)
        form.addRow(login_note)
        row = QHBoxLayout()
        row.addWidget(self.check_button)
        row.addWidget(self.result, 1)
        form.addRow(row)
        self.check_button.clicked.connect(self.check)
        for line in (self.host, self.database, self.installer, self.installer_password):
            line.textChanged.connect(self._edited)
        self.port.valueChanged.connect(self._edited)

    def values(self) -> tuple[Any, ...]:
        return (
            self.host.text().strip(),
            self.port.value(),
            self.database.text().strip(),
            self.installer.text().strip(),
            self.installer_password.text(),
        )

    def _edited(self) -> None:
        self.completeChanged.emit()

    def _problem(self) -> str | None:
        if not self.database.text().strip():
            return self.tr("Enter the name of the database on the server.")
        if not self.installer.text().strip():
            return self.tr("Enter the login that sets the database up.")
        return None

    def check(self) -> None:
        problem = self._problem()
        if problem:
            self._show(False, problem)
            return
        plan = SetupPlan(shared=True)
        (plan.host, plan.port, plan.database, plan.installer, plan.installer_password) = (
            self.values()
        )
        values = self.values()
        self.check_button.setEnabled(False)
        self.result.setStyleSheet("")
        self.result.setText(self.tr("Connecting…"))
        self.tasks.start(
            lambda _progress: inspect(plan.installer_url()),
            on_done=lambda state: self._checked(state, values),
            on_error=self._failed,
        )

    def _checked(self, state: DatabaseState, values: tuple[Any, ...]) -> None:
        self.state = state
        self._checked_values = values
        if state.step == "create":
            text = self.tr("Connected. {db} is empty: it will be set up.")
        elif state.step == "upgrade":
            text = self.tr(
                "Connected. {db} has schema version {old}: it will be upgraded to {new}."
            )
        else:
            text = self.tr("Connected. {db} is up to date (schema version {new}).")
        self._show(
            True,
            text.format(db=state.database, old=state.schema_version, new=state.latest),
        )

    def _failed(self, exc: BaseException) -> None:
        self.state = None
        self._checked_values = None
        message = (
            error_text(exc)
            if isinstance(exc, RCError)
            else self.tr("The check failed unexpectedly: {error}").format(error=type(exc).__name__)
        )
        self._show(False, message)

    def _show(self, ok: bool, text: str) -> None:
        self.check_button.setEnabled(True)
        self.result.setStyleSheet("" if ok else error_text_style(self.result))
        self.result.setText(("✔ " if ok else "✖ ") + text)
        self.checked.emit(ok, text)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.state is not None and self._checked_values == self.values()

    def nextId(self) -> int:
        return PAGE_ADMIN

    def cleanupPage(self) -> None:
        self.tasks.wait(10_000)


class AdminPage(QWizardPage):
    """The first administrator: name and password twice, held to the services' own rules."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("The first administrator"))
        self.username = QLineEdit()
        self.username.setObjectName("adminName")
        self.password = QLineEdit()
        self.password.setObjectName("adminPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setObjectName("adminRepeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(self.tr("Remember the password in the system keyring"))
        self.remember.setObjectName("adminRemember")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.error = error_label(self)
        self.error.setObjectName("adminError")
        self.errors = FormErrors(self.error)
        form = QFormLayout(self)
        form.addRow(_caption(self.tr("&User name:"), self.username), self.username)
        form.addRow(_caption(self.tr("&Password:"), self.password), self.password)
        form.addRow(_caption(self.tr("&Repeat password:"), self.repeat), self.repeat)
        form.addRow(self.remember)
        form.addRow(self.note)
        form.addRow(self.error)
        self.errors.add(self.username, self.error, "username", "admin")
        self.errors.add(self.password, self.error, "password")
        self.errors.add(self.repeat, self.error, "repeat")

    def initializePage(self) -> None:
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunWizard)
        shared = wizard.choice.shared.isChecked()
        state = wizard.server.state if shared else None
        self.optional = state is not None and state.step != "create"
        self.setSubTitle(
            self.tr(
                "The database has users already: name a new administrator, or leave the "
                "fields empty to keep the ones it has."
            )
            if self.optional
            else self.tr(
                "Administrators manage users, the remedy policy, calendars and settings; they "
                "hold no money authority."
            )
        )
        available = shared and credentials.keyring_available()
        self.remember.setVisible(shared)
        self.remember.setEnabled(available)
        self.remember.setChecked(available)
        self.note.setText(
            self.tr("A password needs at least 8 characters.")
            if available or not shared
            else self.tr(
                "No system keyring is available here, so the password is not remembered: "
                "you type it when you log in."
            )
        )

    def validatePage(self) -> bool:
        self.errors.clear()
        name, password = self.username.text(), self.password.text()
        if self.optional and not name.strip() and not password:
            return True
        try:
            check_username(name)
            check_password(password)
            if password != self.repeat.text():
                raise ValidationError(
                    self.tr("The two passwords differ: type the same password twice."),
                    field="repeat",
                )
        except ValidationError as exc:
            self.errors.show_error(exc)
            return False
        return True


class FinishPage(QWizardPage):
    """Runs the set-up; the assistant finishes once it has worked."""

    def __init__(self, config: Config | None) -> None:
        super().__init__()
        self.config = config
        self.setTitle(self.tr("Setting up"))
        self.tasks = TaskRunner(self, max_threads=1)
        self.outcome: SetupOutcome | None = None
        self.status = QLabel()
        self.status.setObjectName("finishStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bar = QProgressBar()
        self.retry = QPushButton(self.tr("&Try again"))
        self.retry.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(self.retry)
        layout.addStretch(1)
        self.retry.clicked.connect(self.start)
        self._step_text = {
            "init": self.tr("Creating or upgrading the database…"),
            "users": self.tr("Adding the demo users…"),
            "history": self.tr("Writing the sample cases and their history…"),
            "saving": self.tr("Saving the history…"),
            "agreements": self.tr("Drafting and issuing the sample agreements…"),
        }

    def initializePage(self) -> None:
        self.start()

    def start(self) -> None:
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunWizard)
        plan = wizard.plan()
        self.outcome = None
        self.retry.setVisible(False)
        self.bar.setRange(0, 0)
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Working…"))
        self.completeChanged.emit()
        self.tasks.start(
            lambda progress: run_plan(plan, self.config, progress, wizard.step_reported.emit),
            on_done=self._done,
            on_error=self._failed,
            on_progress=self._progress,
        )

    def show_step(self, key: str) -> None:
        self.status.setText(self._step_text.get(key, self.tr("Working…")))

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))

    def _done(self, outcome: SetupOutcome) -> None:
        self.outcome = outcome
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        if outcome.demo_users:
            text = self.tr("The demo database is ready.")
        elif outcome.created:
            text = self.tr("The database is set up and {user} is its administrator.").format(
                user=outcome.username
            )
        elif outcome.username:
            text = self.tr("The database is up to date; {user} can log in.").format(
                user=outcome.username
            )
        else:
            text = self.tr("The database is up to date; log in with one of its users.")
        self.status.setText("✔ " + text + " " + self.tr("Finish opens the login."))
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        message = (
            error_text(exc)
            if isinstance(exc, RCError)
            else self.tr("The set-up failed unexpectedly: {error}").format(error=type(exc).__name__)
        )
        self.status.setStyleSheet(error_text_style(self.status))
        self.status.setText(
            "✖ "
            + message
            + "\n"
            + self.tr("Nothing is lost: go Back to change the details, or try again.")
        )
        self.retry.setVisible(True)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.outcome is not None

    def cleanupPage(self) -> None:
        self.tasks.wait(60_000)


class FirstRunWizard(QWizard):
    """Shown when the client starts with no database configured; `outcome` once it finished."""

    step_reported = Signal(str)
    """A stage of the set-up started (emitted on the worker thread, shown on the GUI's)."""

    def __init__(
        self, settings: Settings, *, config: Config | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunWizard")
        self.setWindowTitle(self.tr("Set up Resolution Center"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.settings = settings
        self.config = config
        self.choice = ChoicePage()
        self.personal = PersonalPage()
        self.server = ServerPage(config)
        self.admin = AdminPage()
        self.finish = FinishPage(config)
        for page_id, page in (
            (PAGE_CHOICE, self.choice),
            (PAGE_PERSONAL, self.personal),
            (PAGE_SERVER, self.server),
            (PAGE_ADMIN, self.admin),
            (PAGE_FINISH, self.finish),
        ):
            self.setPage(page_id, page)
        self.setStartId(PAGE_CHOICE)
        self.step_reported.connect(self.finish.show_step)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)

    def plan(self) -> SetupPlan:
        shared = self.choice.shared.isChecked()
        plan = SetupPlan(shared=shared)
        if shared:
            (plan.host, plan.port, plan.database, plan.installer, plan.installer_password) = (
                self.server.values()
            )
            plan.remember = self.admin.remember.isChecked()
        else:
            plan.path = self.personal.path.text().strip()
            plan.demo = self.personal.demo.isChecked() and not self.personal.exists()
        if shared or not (plan.demo or self.personal.exists()):
            plan.admin = self.admin.username.text().strip().lower()
            plan.admin_password = self.admin.password.text()
        return plan

    @property
    def outcome(self) -> SetupOutcome | None:
        return self.finish.outcome

    def accept(self) -> None:
        outcome = self.outcome
        if outcome is not None:
            self.settings.add_recent_database(outcome.url)
            if outcome.username:
                self.settings.last_username = outcome.username
            if self.choice.shared.isChecked():
                self.settings.remember_password = self.admin.remember.isChecked()
        super().accept()

    def done(self, result: int) -> None:
        for page in (self.server, self.finish):
            page.tasks.wait(60_000)
        super().done(result)
