"""The running client's delivery pass: in an administrator's window, every minute, off the GUI
thread, the outbox's due mail goes to the mail server (services/outbox.py; two windows and cron
never send one mail twice: each pass claims what it sends). Other users' windows do not deliver:
on PostgreSQL their roles may not record a delivery. A failed pass is logged, not shown: the
mail stays queued with the server's answer and the next pass tries again."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from resolution_center.domain.changes import Changes
from resolution_center.services.outbox import DeliveryReport

from .ops import Ops, release_thread_connection

log = logging.getLogger(__name__)

PASS_MS = 60_000
FIRST_PASS_MS = 20_000  # after the list and the chain check have had the first seconds


class OutboxSender(QObject):
    delivered = Signal(object)
    """The DeliveryReport of a pass that attempted something."""

    def __init__(self, ops: Ops, parent: QObject | None = None, interval_ms: int = PASS_MS) -> None:
        super().__init__(parent)
        self.ops = ops
        self.running = False
        self.stopped = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.send)

    @property
    def enabled(self) -> bool:
        return self.ops.ctx.outbox.may_deliver()

    def start(self, first_ms: int = FIRST_PASS_MS) -> None:
        if not self.enabled:
            return
        self.stopped = False
        self.timer.start()
        QTimer.singleShot(first_ms, self, self.send)

    def stop(self) -> None:
        self.stopped = True
        self.timer.stop()

    def send(self) -> None:
        if self.running or self.stopped or not self.enabled:
            return
        self.running = True
        ctx = self.ops.ctx

        def work(_progress: Any) -> tuple[DeliveryReport, Changes]:
            mark = ctx.mark()
            report = ctx.outbox.deliver()
            return report, ctx.changes_since(mark)

        self.ops.tasks.start(
            work,
            on_done=self._done,
            on_error=self._failed,
            cleanup=lambda: release_thread_connection(ctx),
        )

    def _done(self, outcome: tuple[DeliveryReport, Changes]) -> None:
        self.running = False
        report, what = outcome
        if what:
            self.ops.changed.emit(what)
        if report.attempted:
            self.delivered.emit(report)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        log.warning("outbox delivery pass failed; the next one retries: %s", exc)
