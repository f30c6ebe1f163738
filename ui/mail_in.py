"""Mail in, in the window: the periodic IMAP fetch off the GUI thread, "Fetch mail now", and
mail files dropped on the window, the case list or an open case.

The fetch runs every `mail.imap.interval` minutes (an administrator's setting) in each window
whose user may fetch and whose machine knows the password; each mail is imported once whoever
fetches it first (by its Message-ID), so two windows fetching the same folder do no harm. A
failed periodic fetch is logged and shown in the status bar, not in a dialog: the next one
retries. A drop of .eml/.msg/.mbox files imports them as `mail import` does; a drop on an open
case's viewer puts the mails on that case.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QWidget

from resolution_center.domain.changes import Changes
from resolution_center.domain.mail_in import Outcome
from resolution_center.services.mail_fetch import FetchReport
from resolution_center.services.mail_in import MailResult

from .ops import Ops, release_thread_connection

log = logging.getLogger(__name__)
translate = QCoreApplication.translate  # a name pyside6-lupdate recognises

MAIL_SUFFIXES = (".eml", ".msg", ".mbox", ".mbx")
FIRST_FETCH_MS = 45_000  # after the list, the chain check and the first SLA sweep


def summary(results: Sequence[MailResult]) -> str:
    """What an import did, in one line for the status bar."""
    count = {o: sum(r.outcome is o for r in results) for o in Outcome}
    held = count[Outcome.QUARANTINED] + count[Outcome.ALREADY_QUARANTINED]
    text = translate(
        "MailIn", "{n} mail(s): {opened} new case(s), {joined} on their case, {dup} already here"
    ).format(
        n=len(results),
        opened=count[Outcome.OPENED],
        joined=count[Outcome.JOINED],
        dup=count[Outcome.DUPLICATE],
    )
    if held:
        text += translate("MailIn", ", {held} in quarantine").format(held=held)
    refused = sum(len(r.refused) for r in results)
    if refused:
        text += translate("MailIn", ", {n} attachment(s) not kept as evidence").format(n=refused)
    return text


def mail_files(paths: Sequence[str]) -> list[str]:
    return [p for p in paths if Path(p).suffix.lower() in MAIL_SUFFIXES]


class MailFetcher(QObject):
    """The window's periodic fetch (and Fetch mail now): one at a time, off the GUI thread."""

    fetched = Signal(object)
    """The FetchReport of a fetch that ran."""
    failed = Signal(str)
    """Why a fetch failed, in words."""

    def __init__(self, ops: Ops, parent: QObject | None = None, tick_ms: int = 60_000) -> None:
        super().__init__(parent)
        self.ops = ops
        self.running = False
        self.stopped = False
        self.ticks = 0  # minutes since the last fetch
        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self._tick)

    def start(self, first_ms: int = FIRST_FETCH_MS) -> None:
        """Fetch every `interval` minutes where an IMAP server is set up (read at each tick:
        an administrator may set one up while the window is open)."""
        self.stopped = False
        self.ticks = 0
        self.timer.start()
        QTimer.singleShot(first_ms, self, lambda: self.fetch(periodic=True))

    def stop(self) -> None:
        self.stopped = True
        self.timer.stop()

    def _tick(self) -> None:
        self.ticks += 1
        interval = _interval(self.ops.ctx)
        if interval > 0 and self.ticks >= interval:
            self.fetch(periodic=True)

    def fetch(
        self, *, periodic: bool = False, on_done: Callable[[Any], None] | None = None
    ) -> None:
        """One fetch now. A periodic one does nothing where no server or password is set up
        (checked on the worker: the keyring may be slow to answer)."""
        if self.running or (periodic and self.stopped):
            return
        self.running = True
        self.ticks = 0
        ctx = self.ops.ctx

        def work(_progress: Any) -> tuple[FetchReport | None, Changes]:
            mark = ctx.mark()
            if periodic and (_interval(ctx) <= 0 or not ctx.mail_fetch.has_password()):
                return None, ctx.changes_since(mark)
            report = ctx.mail_fetch.fetch()
            return report, ctx.changes_since(mark)

        def done(outcome: tuple[FetchReport | None, Changes]) -> None:
            self.running = False
            report, what = outcome
            if what:
                self.ops.changed.emit(what)
            if report is not None:
                self.fetched.emit(report)
                if on_done is not None:
                    on_done(report)

        def failed(exc: BaseException) -> None:
            self.running = False
            log.warning("mail fetch failed: %s", exc)
            self.failed.emit(str(getattr(exc, "message", exc)))

        self.ops.tasks.start(
            work, on_done=done, on_error=failed, cleanup=lambda: release_thread_connection(ctx)
        )


def _interval(ctx: Any) -> int:
    try:
        return int(ctx.mail_fetch.interval_minutes)
    except Exception:  # a database without the settings yet: no periodic fetch
        return 0


def import_files(
    ops: Ops,
    paths: Sequence[str],
    *,
    parent: QWidget,
    case: int | None = None,
    on_done: Callable[[list[MailResult]], None] | None = None,
) -> None:
    """Mail files imported off the GUI thread (as `mail import`), into `case` when given."""
    files = list(paths)
    ops.run_in_background(
        lambda ctx, _progress: ctx.mail_in.import_files(files, case=case),
        parent=parent,
        on_done=on_done,
    )


class MailDrop(QObject):
    """Accepts .eml/.msg/.mbox files dropped on the widgets it watches; `case_of` says which
    case a drop on that widget means (None: route each mail by itself)."""

    imported = Signal(object)
    """The list of MailResults of a drop's import."""

    def __init__(self, ops: Ops, parent: QWidget) -> None:
        super().__init__(parent)
        self.ops = ops
        self.parent_widget = parent
        self.targets: dict[QObject, Callable[[], int | None]] = {}

    def watch(self, widget: QWidget, case_of: Callable[[], int | None] = lambda: None) -> None:
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)
        self.targets[widget] = case_of

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched in self.targets and kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            drag: QDragEnterEvent = event  # type: ignore[assignment]
            if self._paths(drag):
                drag.acceptProposedAction()
                return True
        if watched in self.targets and kind == QEvent.Type.Drop:
            drop: QDropEvent = event  # type: ignore[assignment]
            paths = self._paths(drop)
            if paths:
                drop.acceptProposedAction()
                self.drop(paths, self.targets[watched]())
                return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _paths(event: QDropEvent) -> list[str]:
        data = event.mimeData()
        if data is None or not data.hasUrls():
            return []
        return mail_files([u.toLocalFile() for u in data.urls() if u.isLocalFile()])

    def drop(self, paths: Sequence[str], case: int | None = None) -> None:
        import_files(
            self.ops, paths, parent=self.parent_widget, case=case, on_done=self.imported.emit
        )
