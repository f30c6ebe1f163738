"""First start: create a missing SQLite database and fill it with demo data, with progress."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from resolution_center.domain.errors import EnvironmentFault
from resolution_center.services.context import Config

from .database import ensure_parent
from .tasks import Progress, TaskRunner

DEMO_MODULE = "resolution_center.services.demo"
LOGIN_SHARE = 40
"""The login's part of the bar: 1/40th, about the half second it takes to open."""
translate = QCoreApplication.translate  # a name pyside6-lupdate recognises


def demo_filler() -> Callable[..., Any]:
    """The demo service, imported only when needed (it is a set-up tool, not a daily path)."""
    try:
        module = importlib.import_module(DEMO_MODULE)
    except ImportError as exc:
        raise EnvironmentFault(
            "this build has no demo data, so a new database cannot be filled; create it with "
            "'resolution-center init' and add users, then choose it here"
        ) from exc
    return module.fill_demo


def fill_new_database(
    url: str, config: Config | None, progress: Progress, step: Callable[[str], None]
) -> Any:
    ensure_parent(url)
    fill = demo_filler()

    def report(*args: Any) -> None:
        # Accept (done, total) or (done, total, text): the service decides how much it says.
        numbers = [a for a in args if isinstance(a, int)]
        if len(numbers) >= 2:
            progress(numbers[0], numbers[1])

    return fill(url, force=False, config=config, progress=report, step=step)


def step_text(key: str) -> str:
    """What the progress dialog says while the fill is in the step the service named."""
    return {
        "users": translate("DemoSetup", "Adding the demo users…"),
        "history": translate("DemoSetup", "Writing the sample cases and their history…"),
        "saving": translate("DemoSetup", "Saving the history…"),
        "agreements": translate("DemoSetup", "Drafting and issuing the sample agreements…"),
        "login": translate("DemoSetup", "Opening the login…"),
    }.get(key, translate("DemoSetup", "Creating a demo database with sample cases…"))


class DemoSetup(QObject):
    """Runs the fill on a worker thread behind a progress dialog the window stays alive under."""

    finished = Signal(object)
    """The DemoResult (cases, users with their published passwords, events)."""
    failed = Signal(object)
    """The exception; the caller hands it to the error presenter."""
    step_started = Signal(str)
    """The fill's step now running (users, history, saving, agreements, then login); emitted
    from the worker thread, shown on the GUI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = TaskRunner(self, max_threads=1)
        self.dialog: QProgressDialog | None = None
        self.steps: list[str] = []
        """The steps reported so far, in order."""
        self.step_started.connect(self._step)

    def start(self, url: str, config: Config | None, parent: QWidget | None) -> None:
        dialog = QProgressDialog(
            self.tr("Creating a demo database with sample cases…"), "", 0, 0, parent
        )
        dialog.setObjectName("demoProgress")
        dialog.setWindowTitle(self.tr("First start"))
        dialog.setCancelButton(None)  # half a demo database helps nobody; it takes seconds
        dialog.setMinimumDuration(0)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.show()
        self.dialog = dialog
        self.steps = []
        self.tasks.start(
            lambda progress: fill_new_database(url, config, progress, self.step_started.emit),
            on_done=self._done,
            on_error=self._failed,
            on_progress=self._progress,
        )

    def _progress(self, done: int, total: int) -> None:
        if self.dialog is not None and total > 0:
            # The login's own share: the bar is full when the login shows, not before.
            self.dialog.setMaximum(total + max(1, total // LOGIN_SHARE))
            self.dialog.setValue(min(done, total))

    def _step(self, key: str) -> None:
        self.steps.append(key)
        if self.dialog is not None:
            self.dialog.setLabelText(step_text(key))

    def _close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    def _done(self, result: Any) -> None:
        self.step_started.emit("login")
        # The label paints first; the login is built and shown on the next pass, then the
        # dialog closes at 100%.
        QTimer.singleShot(0, self, lambda: self._open_login(result))

    def _open_login(self, result: Any) -> None:
        self.finished.emit(result)
        if self.dialog is not None:
            self.dialog.setValue(self.dialog.maximum())
        self._close()

    def _failed(self, exc: BaseException) -> None:
        self._close()
        self.failed.emit(exc)
