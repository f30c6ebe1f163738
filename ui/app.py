"""The composition root: arguments, settings, first-start demo data, login, then the window."""

from __future__ import annotations

import argparse
import gc
import logging
import sys
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from resolution_center import __version__, logs
from resolution_center.services.context import Clock, Config, resource_path, system_clock
from resolution_center.services.session import Session

from . import credentials
from .database import ENV_DATABASE, choose_database, first_start_assistant, needs_creation
from .demo_setup import DemoSetup
from .dialogs.login import LoginDialog
from .errors import ErrorPresenter
from .gc_guard import GuiThreadCollector
from .i18n import apply_language
from .ops import Ops
from .settings import Settings
from .style import prefer_outline_cjk_fonts
from .tasks import TaskRunner
from .widgets import after_first_paint

if TYPE_CHECKING:
    from .mainwindow import MainWindow

log = logging.getLogger(__name__)

ORGANIZATION = "resolution-center"
APPLICATION = "resolution-center"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="resolution-center-app", description="Resolution Center desktop client"
    )
    parser.add_argument(
        "--database",
        metavar="URL",
        help=f"sqlite:///FILE or postgresql://USER@HOST:PORT/DB (or {ENV_DATABASE}); default: "
        "the last one used, else resolution-center.db in your data folder",
    )
    parser.add_argument(
        "--setup",
        action="store_true",
        help="open the set-up assistant (a new personal or shared database) instead of the login",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--smoke-test",
        nargs="?",
        const="",
        metavar="DIR",
        help="check this installation end to end on a temporary demo database (off-screen), "
        "report to DIR/smoke-report.txt and exit 0 when everything worked",
    )
    # Qt's own options (-style, -platform ...) pass through to QApplication.
    args, _qt_args = parser.parse_known_args(argv)
    return args


class AppController(QObject):
    """Login -> main window -> (log out -> login)...; quits when the user is done."""

    window_shown = Signal(object)
    """The MainWindow of a new session (tests and the screenshot tool follow it)."""
    login_shown = Signal(object)
    """The LoginDialog just opened."""
    assistant_shown = Signal(object)
    """The first-run assistant just opened (no database was configured)."""

    def __init__(
        self,
        settings: Settings,
        url: str,
        *,
        config: Config | None = None,
        clock: Clock = system_clock,
        quit_app: Callable[[], None] = QCoreApplication.quit,
        first_run: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.first_run = first_run
        self.quit_app = quit_app
        self.settings = settings
        self.url = url
        self.config = config or Config.from_env()
        self.clock = clock
        self.presenter = ErrorPresenter(self)
        self.tasks = TaskRunner(self, max_threads=1)  # the controller's own chores (keyring)
        self.demo = DemoSetup(self)
        self.login: LoginDialog | None = None
        self.window: MainWindow | None = None
        self.ctx: Session | None = None
        self.demo.finished.connect(self._demo_ready)
        self.demo.failed.connect(self._demo_failed)
        self._restore_path: str | None = None
        self.restore_job: Any = None  # the restore running after a logout, if any

    def start(self) -> None:
        if self.first_run:
            self.show_assistant()
        elif needs_creation(self.url):
            self.demo.start(self.url, self.config, None)
        else:
            self.show_login()

    def show_assistant(self) -> QWidget:
        from .dialogs.first_run import FirstRunWizard  # only a first start builds it

        wizard = FirstRunWizard(self.settings, config=self.config)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.accepted.connect(lambda: self._assistant_done(wizard))
        wizard.rejected.connect(self._quit)  # nothing configured: nothing to open
        wizard.show()
        self.assistant_shown.emit(wizard)
        return wizard

    def _assistant_done(self, wizard: Any) -> None:
        outcome = wizard.outcome
        self.first_run = False
        self.url = outcome.url
        self.show_login(outcome.demo_users)

    def _demo_ready(self, result: Any) -> None:
        self.show_login(getattr(result, "users", ()) or ())

    def _demo_failed(self, exc: BaseException) -> None:
        # The login dialog still opens: the user can choose another database from there.
        self.show_login()
        self.presenter.present(exc, parent=self.login)

    def show_login(self, demo_users: Sequence[tuple[str, str, str]] = ()) -> LoginDialog:
        dialog = LoginDialog(
            self.settings,
            self.url,
            config=self.config,
            clock=self.clock,
            presenter=self.presenter,
            demo_users=demo_users,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.logged_in.connect(self._logged_in)
        dialog.attempt_started.connect(preload_window)
        dialog.rejected.connect(self._quit)
        dialog.language_changed.connect(self._change_language)
        self.login = dialog
        dialog.show()
        self.login_shown.emit(dialog)
        return dialog

    def _logged_in(self, ctx: Session) -> None:
        remember = None
        if self.login is not None:
            self.url = self.login.url
            remember = self.login.credentials_to_remember()
            self.login = None
        self.ctx = ctx
        from .mainwindow import MainWindow  # see preload_window

        ops = Ops(ctx, self.presenter, self)
        window = MainWindow(ops, self.settings)
        window.owner = self
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.logout_requested.connect(self._logged_out)
        window.closed.connect(self._quit)
        self.window = window
        window.show()
        window.start()
        after_first_paint(
            window.case_list.table.viewport(), lambda: self._list_painted(remember), 2000
        )
        # What is alive now (modules, the window's wrappers) lives as long as the session:
        # frozen, a full collection no longer walks it (one landing in a page fetch while
        # scrolling 100,000 cases took it from ~3 ms to ~45 ms; 18 ms with no collection).
        gc.freeze()
        self.window_shown.emit(window)

    def _list_painted(self, remember: tuple[str, str, str] | None) -> None:
        """What the first screen did not wait for."""
        if self.window is not None:
            self.window.build_viewer()
        preload_tab_services()
        gc.freeze()  # the modules just imported live as long as the session too
        if remember is not None:
            # save_password never raises: a keyring that fails only means "not remembered".
            self.tasks.start(lambda _progress: credentials.save_password(*remember))

    def _end_session(self) -> None:
        gc.unfreeze()  # the closed session's objects may be collected again
        self.window = None
        if self.ctx is not None:
            self.ctx.close()
            self.ctx = None

    def _change_language(self, language: str) -> None:
        """The login speaks the new language at once: it is built again, with what was typed.
        The main window is built after login, so it follows."""
        old = self.login
        app = QCoreApplication.instance()
        if old is None or app is None:
            return
        apply_language(app, language)
        old.rejected.disconnect(self._quit)
        self.url = old.url
        new = self.show_login(old.demo_users)
        new.username.setText(old.username.text())
        new.password.setText(old.password.text())
        new.move(old.pos())
        new.language.setFocus()
        old.close()

    def _logged_out(self) -> None:
        self._end_session()
        app = QCoreApplication.instance()
        if app is not None:  # a language chosen in the window applies from the login on
            apply_language(app, self.settings.language)
        path, self._restore_path = self._restore_path, None
        if path is None:
            self.show_login()
            return
        from .backup_restore import RestoreJob, restore_summary  # a rare path

        job = RestoreJob(self.url, path, self.config, self)
        self.restore_job = job

        def done(result: Any) -> None:
            login = self.show_login()
            login.database_note.setText(restore_summary(result))
            login.database_note.setVisible(True)

        def failed(exc: BaseException) -> None:
            self.presenter.present(exc, parent=self.show_login())

        job.finished.connect(done)
        job.failed.connect(failed)
        job.start()

    def restore_after_logout(self, path: str) -> None:
        """File → Restore: the session on the database ends first (the window logs out), then
        the backup replaces it and the login opens on the restored database."""
        if self.window is None:
            return
        self._restore_path = path
        self.window.log_out()

    def _quit(self) -> None:
        self._end_session()
        self.tasks.wait()
        self.quit_app()


def preload_window() -> None:
    """Import the main window's modules while the password is checked.

    The login dialog paints without them, and the case viewer's come after the list paints.
    argon2 runs on a worker thread without the GIL, so importing here, on the otherwise idle
    GUI thread, overlaps the password check.
    """
    # The services the first screen calls: the list's queries and the policy (whether the
    # user may sign off decides which saved views are offered).
    from resolution_center.services import cases, policies  # noqa: F401

    from . import mainwindow  # noqa: F401

    # Modules live as long as the app: frozen, the full collection that building the window
    # would otherwise set off (~20 ms, just before the list paints) has little to walk.
    gc.freeze()


def preload_tab_services() -> None:
    """Import the services the case viewer's tabs call (~0.1 s), once the list has painted
    and the viewer is built.

    Imported on first use they would be imported on a worker thread, holding the interpreter
    lock while the list scrolls; imported with the window they would delay its first paint.
    The viewer loads its first case only after the list's selection rests, so these come
    first.
    """
    from resolution_center.services import (  # noqa: F401
        agreements,
        attachments,
        audit,
        offers,
        remedies,
    )


def _install_excepthook(presenter: ErrorPresenter) -> None:
    """An exception escaping a slot would only reach stderr; show it as the bug it is."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, tb)
            return
        presenter.crash(error.with_traceback(tb), parent=QApplication.activeWindow())

    sys.excepthook = hook


def create_application(argv: Sequence[str]) -> QApplication:
    app = QApplication.instance() or QApplication(list(argv))
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Resolution Center")
    app.setApplicationVersion(__version__)
    # Title bars and task bars where the platform takes it from the window (Linux, Windows when
    # run from source); bundles also carry it as .ico/.icns (build/icons/make_icons.py).
    app.setWindowIcon(QIcon(str(resource_path("icons", "resolution-center.png"))))
    app.setQuitOnLastWindowClosed(False)  # between logout and login no window is open
    prefer_outline_cjk_fonts(app)
    apply_language(app)  # the system's; main() applies the setting once it is read
    return app


def main(argv: Sequence[str] | None = None) -> int:
    if getattr(sys, "frozen", False):
        # A packaged app re-runs itself for the chain check's worker process (spawn).
        import multiprocessing

        multiprocessing.freeze_support()
    argv = list(sys.argv if argv is None else [sys.argv[0], *argv])
    args = parse_args(argv[1:])
    logs.configure()  # the file only: Help → Show log shows it
    log.info("Resolution Center %s starts (Python %s)", __version__, sys.version.split()[0])
    app = create_application(argv)
    collector = GuiThreadCollector(app)  # noqa: F841 (lives as long as the application)
    settings = Settings()
    apply_language(app, settings.language)
    url = choose_database(args.database, settings.last_database)
    first_run = args.setup or first_start_assistant(args.database, settings.last_database, url)
    controller = AppController(settings, url, first_run=first_run)
    _install_excepthook(controller.presenter)
    controller.start()
    code = app.exec()
    settings.sync()
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())
