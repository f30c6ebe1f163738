"""The audit chain's verification state, checked in the background and shared by the views."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QWidget

from resolution_center.domain.audit import VerifyReport

from .formatting import count_text
from .ops import Ops
from .style import DANGER, NEUTRAL, SUCCESS

translate = QCoreApplication.translate  # a name pyside6-lupdate recognises


class ChainStatus(Enum):
    UNKNOWN = "unknown"
    VERIFYING = "verifying"
    VERIFIED = "verified"
    BROKEN = "broken"
    FAILED = "failed"  # verification could not run (the database went away)


class ChainState(QObject):
    """Runs AuditService.verify on a worker thread and remembers the last report."""

    changed = Signal()
    """The status or report changed (verification started, finished or failed)."""
    progress = Signal(int, int)
    """Events checked so far and the chain's length."""

    def __init__(self, ops: Ops, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.status = ChainStatus.UNKNOWN
        self.report: VerifyReport | None = None

    def verify(self, parent: QWidget | None = None) -> None:
        if self.status is ChainStatus.VERIFYING:
            return
        self.status = ChainStatus.VERIFYING
        self.changed.emit()
        self.ops.run_in_background(
            # Offloaded: hashing a million events in this process would hold the interpreter
            # lock against the GUI thread and make the case list stutter.
            lambda ctx, progress: ctx.audit.verify(progress=progress, offload=True),
            parent=parent,
            on_done=self._done,
            on_progress=self.progress.emit,
            on_failed=self._failed,
        )

    def _done(self, report: VerifyReport) -> None:
        self.report = report
        self.status = ChainStatus.VERIFIED if report.ok else ChainStatus.BROKEN
        self.changed.emit()

    def _failed(self, _exc: BaseException) -> None:
        self.status = ChainStatus.FAILED
        self.changed.emit()

    def first_broken_seq(self) -> int | None:
        if self.report is None or self.report.ok:
            return None
        seqs = [p.seq for p in self.report.problems if p.seq is not None]
        return min(seqs) if seqs else None

    def text(self) -> str:
        """The status in words: colour is only ever a second signal."""
        if self.status is ChainStatus.VERIFYING:
            return translate("ChainState", "Verifying audit chain…")
        if self.status is ChainStatus.FAILED:
            return translate("ChainState", "Audit chain not verified: the check could not run")
        if self.report is None:
            return translate("ChainState", "Audit chain not verified yet")
        if self.report.ok:
            return translate("ChainState", "Audit chain verified ({count} events)").format(
                count=count_text(self.report.events)
            )
        problem = self.report.first_problem
        seq = self.first_broken_seq()
        if seq is not None:
            return translate("ChainState", "Audit chain BROKEN at event {seq}: {what}").format(
                seq=seq, what=problem.what if problem else ""
            )
        return translate("ChainState", "Audit chain BROKEN: {what}").format(
            what=str(problem) if problem else ""
        )

    def short_text(self) -> str:
        """The status in a few words, for the status bar (its tooltip has `text` whole)."""
        if self.status is ChainStatus.VERIFYING:
            return translate("ChainState", "Verifying chain…")
        if self.status is ChainStatus.FAILED:
            return translate("ChainState", "Chain not checked")
        if self.report is None:
            return translate("ChainState", "Chain not verified yet")
        if self.report.ok:
            return translate("ChainState", "Chain verified")
        seq = self.first_broken_seq()
        if seq is not None:
            return translate("ChainState", "Chain BROKEN at event {seq}").format(seq=seq)
        return translate("ChainState", "Chain BROKEN")

    def colours(self) -> tuple[str, str]:
        if self.status is ChainStatus.VERIFIED:
            return SUCCESS
        if self.status in (ChainStatus.BROKEN, ChainStatus.FAILED):
            return DANGER
        return NEUTRAL

    def details(self) -> str:
        if self.report is None or self.report.ok:
            return self.text()
        return "\n".join(str(p) for p in self.report.problems)
