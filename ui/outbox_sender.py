"""The running client's delivery pass: every minute, off the GUI thread, the outbox's due mail
goes to the mail server (services/outbox.py; two windows and cron never send one mail twice:
each pass claims what it sends). Only where its user may deliver: on a shared database an
administrator's window (other roles may not record a delivery there), on a local file anyone's.
A failed pass leaves the mail queued with the server's answer; the next pass tries again."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from resolution_center.services.outbox import DeliveryReport
from resolution_center.services.session import Session

from .ops import Ops
from .periodic import PeriodicWork

PASS_MS = 60_000
FIRST_PASS_MS = 20_000  # after the list and the chain check have had the first seconds


class OutboxSender(PeriodicWork[DeliveryReport]):
    delivered = Signal(object)
    """The DeliveryReport of a pass that attempted something."""

    what = "outbox delivery pass"

    def __init__(self, ops: Ops, parent: QObject | None = None, interval_ms: int = PASS_MS) -> None:
        super().__init__(ops, parent, interval_ms)

    @property
    def enabled(self) -> bool:
        return self.ops.ctx.outbox.may_deliver()

    def start(self, first_ms: int = FIRST_PASS_MS) -> None:
        super().start(first_ms)

    def send(self) -> None:
        self.run_once()

    def work(self, ctx: Session) -> DeliveryReport:
        return ctx.outbox.deliver()

    def finished(self, result: DeliveryReport) -> None:
        if result.attempted:
            self.delivered.emit(result)
