"""The running client's share of the SLA sweep: every minute, off the GUI thread, it records the
warnings and breaches that fell due (each once, whoever sweeps first: services/sla.py), and the
views refresh on what it recorded. A failed sweep is logged, not shown: the next one retries."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer

from resolution_center.domain.changes import Changes

from .ops import Ops, release_thread_connection

log = logging.getLogger(__name__)

SWEEP_MS = 60_000
# The first sweep waits until the window has settled: the list's first pages and the chain
# check come first, and a database with a large backlog of breaches writes for a while.
FIRST_SWEEP_MS = 30_000


class SlaSweeper(QObject):
    def __init__(
        self, ops: Ops, parent: QObject | None = None, interval_ms: int = SWEEP_MS
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.running = False
        self.stopped = False
        self.recorded = 0  # warnings and breaches this client recorded (for the status tip)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.sweep)

    def start(self, first_ms: int = FIRST_SWEEP_MS) -> None:
        self.stopped = False
        self.timer.start()
        QTimer.singleShot(first_ms, self, self.sweep)

    def stop(self) -> None:
        """No more sweeps from this client, the first one too if it has not run yet."""
        self.stopped = True
        self.timer.stop()

    def sweep(self) -> None:
        if self.running or self.stopped:  # the last one is still at it (a large backlog)
            return
        self.running = True
        ctx = self.ops.ctx

        def work(_progress: Any) -> tuple[int, Changes]:
            mark = ctx.mark()
            found = ctx.sla.sweep()
            return len(found), ctx.changes_since(mark)

        self.ops.tasks.start(
            work,
            on_done=self._done,
            on_error=self._failed,
            cleanup=lambda: release_thread_connection(ctx),
        )

    def _done(self, outcome: tuple[int, Changes]) -> None:
        self.running = False
        count, what = outcome
        self.recorded += count
        if what:
            self.ops.changed.emit(what)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        log.warning("SLA sweep failed; the next one retries: %s", exc)
