"""Work the running client does by itself every so often, off the GUI thread: the SLA sweep, the
outbox's delivery pass, the notifications poll. One pass at a time (a slow one is not stacked
on), none after `stop()` (the first one too, if it has not run yet), and the views refresh on
what a pass changed. A failed pass is logged, not shown: the next one retries."""

from __future__ import annotations

import logging
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QTimer

from resolution_center.domain.changes import Changes
from resolution_center.services.session import Session

from .ops import Ops, release_thread_connection

log = logging.getLogger(__name__)

R = TypeVar("R")


class PeriodicWork(QObject, Generic[R]):
    """Subclasses say what one pass does (`work`, on the worker thread) and what the window
    makes of its result (`finished`, on the GUI thread)."""

    what = "periodic work"  # for the log

    def __init__(self, ops: Ops, parent: QObject | None, interval_ms: int) -> None:
        super().__init__(parent)
        self.ops = ops
        self.running = False
        self.stopped = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.run_once)

    @property
    def enabled(self) -> bool:
        return True

    def start(self, first_ms: int) -> None:
        if not self.enabled:
            return
        self.stopped = False
        self.timer.start()
        QTimer.singleShot(first_ms, self, self.run_once)

    def stop(self) -> None:
        self.stopped = True
        self.timer.stop()

    def run_once(self) -> None:
        """One pass now, unless one is still at it or this client stopped."""
        if self.stopped or not self.enabled:
            return
        if self.running:
            self.busy()
            return
        self.running = True
        ctx = self.ops.ctx

        def work(_progress: Any) -> tuple[R, Changes]:
            mark = ctx.mark()
            result = self.work(ctx)
            return result, ctx.changes_since(mark)

        self.ops.tasks.start(
            work,
            on_done=self._done,
            on_error=self._failed,
            cleanup=lambda: release_thread_connection(ctx),
        )

    def work(self, ctx: Session) -> R:
        raise NotImplementedError

    def finished(self, result: R) -> None:
        """The pass's result on the GUI thread, after the views heard what it changed."""

    def busy(self) -> None:
        """A pass was asked for while one ran (it is skipped)."""

    def _done(self, outcome: tuple[R, Changes]) -> None:
        self.running = False
        result, what = outcome
        if what:
            self.ops.changed.emit(what)
        self.finished(result)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        log.warning("%s failed; the next one retries: %s", self.what, exc)
