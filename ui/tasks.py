"""Background work on a thread pool, reporting progress and results back on the GUI thread."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

Progress = Callable[[int, int], None]
Work = Callable[[Progress], Any]

# Progress from a tight loop would flood the event loop; one update per interval is plenty.
PROGRESS_INTERVAL = 0.05


class _Bridge(QObject):
    """One per runner, living on the GUI thread: worker emissions arrive there, queued.

    A single long-lived object (rather than one per task) means no QObject is ever deleted
    while a worker might still emit on it.
    """

    progress = Signal(int, int, int)
    """Task id, work done so far, and the total (0 when unknown)."""
    succeeded = Signal(int, object)
    """Task id and the work's return value."""
    failed = Signal(int, object)
    """Task id and the exception the work raised (its traceback attached)."""
    finished = Signal(int)
    """Task id, after succeeded or failed: the task is over either way."""


@dataclass
class _Callbacks:
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    on_progress: Progress | None


class _Runnable(QRunnable):
    def __init__(
        self, task_id: int, work: Work, bridge: _Bridge, cleanup: Callable[[], None] | None
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the runner drops it once finished, on the GUI thread
        self.task_id = task_id
        self.work = work
        self.bridge = bridge
        self.cleanup = cleanup
        self._last = 0.0
        self._last_done = 0

    def _progress(self, done: int, total: int) -> None:
        # Throttled, except the end and a visible jump (1% or more): a step that completes in
        # one report (saving the demo's history) must move the bar before the next step's label.
        now = time.monotonic()
        jump = total > 0 and done - self._last_done >= max(1, total // 100)
        if now - self._last >= PROGRESS_INTERVAL or (total and done >= total) or jump:
            self._last, self._last_done = now, done
            self.bridge.progress.emit(self.task_id, int(done), int(total))

    def run(self) -> None:
        try:
            result = self.work(self._progress)
        except BaseException as exc:  # every failure goes back to the presenter, none is lost
            self.bridge.failed.emit(self.task_id, exc)
        else:
            self.bridge.succeeded.emit(self.task_id, result)
        finally:
            if self.cleanup is not None:
                self.cleanup()
            self.bridge.finished.emit(self.task_id)


class TaskRunner(QObject):
    """Starts work on its own pool, so a window (or a test) can wait for exactly its tasks."""

    busy_changed = Signal(bool)
    """True when the first task starts, False when the last one ends."""

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 2) -> None:
        super().__init__(parent)
        # Created before the bridge: children are deleted in creation order, so the pool
        # (which waits for its threads) goes first and no worker outlives the bridge.
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._bridge = _Bridge(self)
        self._ids = itertools.count(1)
        self._running: dict[int, tuple[_Runnable, _Callbacks]] = {}
        self._bridge.progress.connect(self._progress)
        self._bridge.succeeded.connect(self._succeeded)
        self._bridge.failed.connect(self._failed)
        self._bridge.finished.connect(self._finished)

    def start(
        self,
        work: Work,
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Progress | None = None,
        cleanup: Callable[[], None] | None = None,
        priority: int = 0,
    ) -> int:
        """Run `work(progress)` on a worker thread; `cleanup` runs on that thread afterwards.
        Waiting tasks of a higher `priority` start first.

        Returns the task's id. The callbacks run on the GUI thread.
        """
        task_id = next(self._ids)
        runnable = _Runnable(task_id, work, self._bridge, cleanup)
        was_idle = not self._running
        self._running[task_id] = (runnable, _Callbacks(on_done, on_error, on_progress))
        if was_idle:
            self.busy_changed.emit(True)
        self.pool.start(runnable, priority)
        return task_id

    def _callbacks(self, task_id: int) -> _Callbacks | None:
        entry = self._running.get(task_id)
        return entry[1] if entry else None

    def _progress(self, task_id: int, done: int, total: int) -> None:
        callbacks = self._callbacks(task_id)
        if callbacks and callbacks.on_progress:
            callbacks.on_progress(done, total)

    def _succeeded(self, task_id: int, result: Any) -> None:
        callbacks = self._callbacks(task_id)
        if callbacks and callbacks.on_done:
            callbacks.on_done(result)

    def _failed(self, task_id: int, exc: BaseException) -> None:
        callbacks = self._callbacks(task_id)
        if callbacks and callbacks.on_error:
            callbacks.on_error(exc)

    def _finished(self, task_id: int) -> None:
        self._running.pop(task_id, None)
        if not self._running:
            self.busy_changed.emit(False)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every started task ended (shutdown and tests)."""
        return self.pool.waitForDone(msecs)
