"""First start: create a missing SQLite database and fill it with demo data, with progress."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from resolution_center.domain.errors import EnvironmentFault
from resolution_center.services.context import Config

from .database import ensure_parent
from .tasks import Progress, TaskRunner

DEMO_MODULE = "resolution_center.services.demo"


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


def fill_new_database(url: str, config: Config | None, progress: Progress) -> Any:
    ensure_parent(url)
    fill = demo_filler()

    def report(*args: Any) -> None:
        # Accept (done, total) or (done, total, text): the service decides how much it says.
        numbers = [a for a in args if isinstance(a, int)]
        if len(numbers) >= 2:
            progress(numbers[0], numbers[1])

    return fill(url, force=False, config=config, progress=report)


class DemoSetup(QObject):
    """Runs the fill on a worker thread behind a progress dialog the window stays alive under."""

    finished = Signal(object)
    """The DemoResult (cases, users with their published passwords, events)."""
    failed = Signal(object)
    """The exception; the caller hands it to the error presenter."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = TaskRunner(self, max_threads=1)
        self.dialog: QProgressDialog | None = None

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
        self.tasks.start(
            lambda progress: fill_new_database(url, config, progress),
            on_done=self._done,
            on_error=self._failed,
            on_progress=self._progress,
        )

    def _progress(self, done: int, total: int) -> None:
        if self.dialog is not None and total > 0:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))

    def _close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    def _done(self, result: Any) -> None:
        self._close()
        self.finished.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self._close()
        self.failed.emit(exc)
