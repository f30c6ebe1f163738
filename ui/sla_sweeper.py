"""The running client's share of the SLA sweep: every minute, off the GUI thread, it records the
warnings and breaches that fell due (each once, whoever sweeps first: services/sla.py), and the
views refresh on what it recorded."""

from __future__ import annotations

from PySide6.QtCore import QObject

from resolution_center.services.session import Session

from .ops import Ops
from .periodic import PeriodicWork

SWEEP_MS = 60_000
# The first sweep waits until the window has settled: the list's first pages and the chain
# check come first, and a database with a large backlog of breaches writes for a while.
FIRST_SWEEP_MS = 30_000


class SlaSweeper(PeriodicWork[int]):
    what = "SLA sweep"

    def __init__(
        self, ops: Ops, parent: QObject | None = None, interval_ms: int = SWEEP_MS
    ) -> None:
        super().__init__(ops, parent, interval_ms)
        self.recorded = 0  # warnings and breaches this client recorded (for the status tip)

    def start(self, first_ms: int = FIRST_SWEEP_MS) -> None:
        super().start(first_ms)

    def sweep(self) -> None:
        self.run_once()

    def work(self, ctx: Session) -> int:
        return len(ctx.sla.sweep())

    def finished(self, result: int) -> None:
        self.recorded += result
