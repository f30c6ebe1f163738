"""The ops runner: every service call goes through here, errors to the presenter, changes out."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from resolution_center.domain.changes import Changes
from resolution_center.domain.errors import ConflictError
from resolution_center.logs import SLOW_SECONDS
from resolution_center.services.session import Session

from .errors import ConflictHandler, ErrorPresenter, InlineErrors
from .errors.conflict import ConflictChoice
from .tasks import Progress, TaskRunner

log = logging.getLogger(__name__)

T = TypeVar("T")


class Ops(QObject):
    """Holds the logged-in Session; the only way the window calls a service."""

    changed = Signal(object)
    """A Changes value after a successful operation: views refresh what they show of it."""
    busy_changed = Signal(bool)
    """True while background work runs (the status bar shows it)."""

    def __init__(
        self, ctx: Session, presenter: ErrorPresenter | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.presenter = presenter or ErrorPresenter(self)
        self.tasks = TaskRunner(self)
        self.tasks.busy_changed.connect(self.busy_changed)

    # ---- on the GUI thread -------------------------------------------------------------------
    def run(
        self,
        fn: Callable[[Session], T],
        *,
        parent: QWidget | None,
        form: InlineErrors | None = None,
        on_done: Callable[[T], None] | None = None,
        on_conflict: ConflictHandler | None = None,
    ) -> T | None:
        """Call `fn(ctx)`; on success broadcast its Changes and return the result.

        On an error the presenter shows it and None comes back. When the user retries after an
        environment error and it then succeeds, `on_done` receives the result (it also does on
        a first-time success), so callers that care about retries use it.
        """
        clear = getattr(form, "clear", None)
        if callable(clear):
            clear()
        started = time.perf_counter()
        try:
            mark = self.ctx.mark()
            result = fn(self.ctx)
            what = self.ctx.changes_since(mark)
        except Exception as exc:
            _log_if_slow(fn, started)
            self.presenter.present(
                exc,
                parent=parent,
                form=form,
                on_conflict=on_conflict or self._reload_after_conflict,
                retry=lambda: self.run(
                    fn,
                    parent=parent,
                    form=form,
                    on_done=on_done,
                    on_conflict=on_conflict,
                ),
            )
            return None
        _log_if_slow(fn, started)
        self._succeeded(result, what, on_done)
        return result

    def _reload_after_conflict(self, choice: ConflictChoice, _error: ConflictError) -> None:
        # A caller without its own merge handling: "reload" means every view shows what is
        # stored now (the error names the case by reference, the views know it by id).
        if choice is not ConflictChoice.KEEP:
            self.broadcast(Changes.everything())

    def broadcast(self, changes: Changes) -> None:
        if changes:
            self.changed.emit(changes)

    def _succeeded(self, result: Any, what: Changes, on_done: Callable[[Any], None] | None) -> None:
        if on_done is not None:
            on_done(result)
        if what:
            self.changed.emit(what)

    # ---- on a worker thread ------------------------------------------------------------------
    def run_in_background(
        self,
        fn: Callable[[Session, Progress], T],
        *,
        parent: QWidget | None,
        on_done: Callable[[T], None] | None = None,
        on_progress: Progress | None = None,
        on_failed: Callable[[BaseException], None] | None = None,
        form: InlineErrors | None = None,
        priority: int = 0,
    ) -> int:
        """Run `fn(ctx, progress)` off the GUI thread; results and errors come back on it.
        Waiting tasks of a higher `priority` start first (what the user is looking at).

        The worker gets its own database connection (the store's connections are per thread),
        and gives it back when done (on PostgreSQL the next worker uses it again). With a
        `form`, input errors show next to its fields, as with `run`.
        """
        ctx = self.ctx
        clear = getattr(form, "clear", None)
        if callable(clear):
            clear()

        def failed(exc: BaseException) -> None:
            if on_failed is not None:
                on_failed(exc)
            self.presenter.present(
                exc,
                parent=parent,
                form=form,
                retry=lambda: self.run_in_background(
                    fn,
                    parent=parent,
                    on_done=on_done,
                    on_progress=on_progress,
                    on_failed=on_failed,
                    form=form,
                    priority=priority,
                ),
            )

        def work(progress: Progress) -> tuple[T, Changes]:
            mark = ctx.mark()
            result = fn(ctx, progress)
            return result, ctx.changes_since(mark)  # on this thread's own connection

        def done(outcome: tuple[T, Changes]) -> None:
            result, what = outcome
            # A widget closed while its work ran (a window closed during a case load) gets no
            # result: its parts are gone. Others still hear what changed.
            gone = parent is not None and not isValid(parent)
            what = what
            self._succeeded(result, what, None if gone else on_done)

        return self.tasks.start(
            work,
            on_done=done,
            on_error=failed,
            on_progress=on_progress,
            cleanup=lambda: release_thread_connection(ctx),
            priority=priority,
        )

    def shutdown(self, msecs: int = 30_000) -> None:
        """Wait for background work, so nothing touches the database after it closes."""
        self.tasks.wait(msecs)


def _log_if_slow(fn: Callable[..., Any], started: float) -> None:
    elapsed = time.perf_counter() - started
    if elapsed >= SLOW_SECONDS:
        # On the GUI thread the window froze that long: name the call that did it.
        name = getattr(fn, "__qualname__", repr(fn))
        log.warning("slow operation on the GUI thread: %s took %.2f s", name, elapsed)


def hand_connection_to_gui(ctx: Session) -> None:
    """On the worker that logged in: pass its connection on to the GUI thread, which then
    opens none of its own (on PostgreSQL that would be a round trip and a password check on
    the GUI thread; a SQLite connection stays on its thread and is closed instead)."""
    ctx.store.hand_over_connection(to="gui")


def take_handed_connection(ctx: Session) -> None:
    """On the GUI thread: adopt the connection `hand_connection_to_gui` passed."""
    ctx.store.adopt_connection()


def release_thread_connection(ctx: Session) -> None:
    """Give back the calling thread's connection only: closed (SQLite), or kept open for the
    next worker (PostgreSQL, `Store.release`).

    The store's connection state is thread-local, so a worker gives back the worker's
    connection and leaves the GUI thread's one open.
    """
    ctx.store.release()
