"""The desktop client in a process of its own, for the benchmark's client figures (offscreen).

`python -m ui.bench_client bare` shows an empty QMainWindow; `... app URL USER` (password on
stdin) starts the real client through `ui.app` (settings in a private folder), waits for the
login dialog's first paint, submits the login, waits for the case list to be painted, and with
`--scroll` scrolls the case table top to bottom timing every page fetch, or with `--interact`
does what a user does in the window (searches, a filter change, every saved view, opening a
case: with `--open IDS` one of those cases, on its audit tab) timing each from the action to the
list's (or the case's) next paint, while a heartbeat
timer measures the longest stall of the GUI thread. It writes one JSON line per milestone on
stdout; the benchmark (`resolution_center.bench.client.run_child`) stamps each
line's arrival, so both kinds of process are timed the same way, from just before the spawn.
Qt is imported inside the functions so the bare window pays for nothing the app does not.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from typing import Any


def _say(**data: Any) -> None:
    sys.stdout.write(json.dumps(data) + "\n")
    sys.stdout.flush()


def _peak_rss_mb() -> float:
    """This program's own peak resident memory.

    On Linux ru_maxrss survives exec: a child spawned by a bench process that had grown (the
    in-process verification reads a million events) would report the parent's peak. VmHWM
    belongs to the address space exec made, so it is the client's own.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # macOS: bytes; Linux: kB
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _first_paint(widget: Any, then: Any) -> Any:
    """Call then() once, right after `widget` (or a child) first handles a Paint event."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Filter(QObject):
        done = False

        def eventFilter(self, obj: Any, event: Any) -> bool:
            if not self.done and event.type() == QEvent.Type.Paint:
                self.done = True
                QTimer.singleShot(0, then)  # after this paint has finished
            return False

    f = Filter(widget)
    widget.installEventFilter(f)
    return f


def bare() -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    window.resize(1200, 800)

    def painted() -> None:
        _say(event="painted")
        app.quit()

    _first_paint(window, painted)
    window.show()
    return int(app.exec())


HEARTBEAT_MS = 5  # a tick every 5 ms: a gap between ticks is how long the GUI thread was busy
SETTLE_MS = 100  # after the list has its ids and counts, quiet before the next action


class Heartbeat:
    """The longest gap between the ticks of a fast timer: the GUI thread's longest stall."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.longest = 0.0

    def start(self) -> None:
        self.reset()
        self.timer.start()

    def reset(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def stall_ms(self) -> float:
        """The longest gap so far, the still open one included."""
        return max(self.longest, time.perf_counter() - self.last) * 1000


def interactions(window: Any, rounds: int, big_cases: Sequence[int] = ()) -> list[tuple[str, Any]]:
    """(label, action) in the order a user might do them; each action returns what to wait
    for: "list" (the list's next paint, then its ids and counts) or "case" (the case shown).
    Opening a case opens one of `big_cases` (the data set's cases of 5,000 events) where given."""
    from ui.views.saved_views import SAVED_VIEWS

    cases = window.case_list
    filters = cases.filters
    ctx = window.ops.ctx

    def search(word: str) -> Any:
        def act() -> str:
            filters.search.setText(word)
            filters.apply_search_now()  # the typing pause (debounce) is not the app's work
            return "list"

        return act

    def status(value: str) -> Any:
        def act() -> str:
            filters.statuses._actions[value].trigger()  # what clicking it in the drop-down does
            return "list"

        return act

    def view(key: str) -> Any:
        def act() -> str:
            cases.side.view_chosen.emit(key)  # what clicking it in the side panel does
            return "list"

        return act

    def open_case(round_: int) -> Any:
        def act() -> str:
            shown = cases.current_case_id()
            # One of the data set's cases with 5,000 events (not the one shown: the viewer
            # keeps a case it shows), else a row near the top.
            # Selected in the list where its row's id is read, else opened as a notification
            # opens a case (the list reads the ids where it is scrolled to, not all of them).
            wanted = [c for c in big_cases if c != shown]
            if wanted:
                window.open_case(wanted[round_ % len(wanted)])
            else:
                row = 3 + round_
                cases.table.selectRow(row if cases.model.case_id(row) != shown else row + 1)
            # The viewer waits for the selection to rest (SELECTION_REST_MS, so that holding an
            # arrow key loads one case): like the search's typing pause, not the app's work.
            rest = window._selection_rest
            if rest.isActive():
                rest.stop()
                rest.timeout.emit()
            return "case"

        return act

    from resolution_center.bench.synthetic import COMMON_WORD, PREFIX, RARE_WORD

    steps: list[tuple[str, Any]] = []
    for r in range(rounds):
        steps += [
            ("search_common", search(COMMON_WORD)),
            ("search_prefix", search(PREFIX)),
            ("search_rare", search(RARE_WORD)),
            ("search_cleared", search("")),
            ("filter_status", status("escalated")),
            ("filter_cleared", status("escalated")),
        ]
        steps += [
            (f"view_{v.key}", view(v.key)) for v in SAVED_VIEWS if v.available(ctx)
        ]  # the last is "all": the next round starts from every case
        steps.append(("open_case", open_case(r)))
    return steps


def _wait_for_ids(window: Any, table: Any, qapp: Any) -> float | None:
    """Seconds until every row on screen has its case id (None if they all had): the ids
    below the first page are read on a worker where the list is scrolled to."""
    from PySide6.QtCore import QEventLoop

    model = window.case_list.model
    height = table.viewport().height()
    first = max(0, table.rowAt(0))
    last = table.rowAt(height - 1)
    last = model.rowCount() - 1 if last < 0 else last

    def missing() -> bool:
        return any(model.case_id(r) is None for r in (first, last) if r < model.rowCount())

    if not missing():
        return None
    started = time.perf_counter()
    while missing():
        qapp.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    return time.perf_counter() - started


def run_interactions(window: Any, rounds: int, done: Any, big_cases: Sequence[int] = ()) -> None:
    """Each action from a QTimer callback (as a click is an event), timed to the next paint of
    what it changes; the heartbeat's longest gap from the action until the list has settled
    (its ids and counts in) is that action's stall."""
    from PySide6.QtCore import QTimer

    cases = window.case_list
    viewer = window.viewer
    clock = time.perf_counter
    beat = Heartbeat()
    beat.start()
    steps = interactions(window, rounds, big_cases)
    out: list[dict[str, Any]] = []
    state: dict[str, Any] = {}

    def settled() -> bool:
        # The list's own work, not every background task: at login on an old data set the
        # window's SLA sweep writes breaches for minutes, and waiting for it hung the run.
        if state["kind"] == "case":
            return True
        return not cases.ids_loading() and bool(state["counts"])

    def counts_in() -> None:
        state["counts"] = True

    cases.counts_shown.connect(counts_in)

    def next_step() -> None:
        if not steps:
            beat.timer.stop()
            done(out)
            return
        label, act = steps.pop(0)
        state.update(label=label, painted=None, shown=None, counts=False, kind=None)
        beat.reset()
        state["start"] = clock()
        kind = state["kind"] = act()
        target = cases.table.viewport() if kind == "list" else viewer
        if kind == "case":
            state["waiting_case"] = True
        else:
            state["filter"] = _first_paint(target, painted)
            target.update()
        QTimer.singleShot(0, wait_settled)

    def case_loaded(_case: Any) -> None:
        # One lasting connection: a single-shot connection to a lambda crashed the
        # interpreter here (a None deallocated: PySide6's reference counting of the slot).
        if state.pop("waiting_case", False):
            state["filter"] = _first_paint(viewer, painted)
            viewer.update()

    viewer.case_loaded.connect(case_loaded)

    def painted() -> None:
        if state["painted"] is None:
            state["painted"] = clock()

    def wait_settled() -> None:
        if state["painted"] is None or not settled():
            if clock() - state["start"] > 30:
                raise RuntimeError(f"{state['label']} did not settle in 30 s")
            QTimer.singleShot(1, wait_settled)
            return
        out.append(
            {
                "action": state["label"],
                "to_paint_ms": round((state["painted"] - state["start"]) * 1000, 2),
                "to_settled_ms": round((clock() - state["start"]) * 1000, 2),
                "stall_ms": round(beat.stall_ms(), 2),
                "rows": cases.model.rowCount(),
                "summary": cases.summary.text(),
            }
        )
        _say(event="action", **out[-1])
        QTimer.singleShot(SETTLE_MS, next_step)

    QTimer.singleShot(SETTLE_MS, next_step)


def app(
    url: str,
    username: str,
    password: str,
    scroll: bool,
    interact: int = 0,
    big_cases: Sequence[int] = (),
) -> int:
    from PySide6.QtCore import QSettings, Qt, QTimer

    from ui.app import AppController, create_application
    from ui.settings import Settings

    qapp = create_application([sys.argv[0]])
    folder = tempfile.mkdtemp(prefix="rc-bench-client-")
    settings = Settings(QSettings(os.path.join(folder, "settings.ini"), QSettings.Format.IniFormat))
    settings.saved_view = "all"  # the whole data set in the list, as the figures mean it
    settings.viewer_tab = "audit"  # an opened case shows its trail (the first page of it)
    controller = AppController(settings, url, quit_app=qapp.quit)
    state: dict[str, Any] = {}
    clock = time.perf_counter

    def finish(**extra: Any) -> None:
        _say(event="done", peak_rss_mb=round(_peak_rss_mb(), 1), **extra)
        qapp.exit(0)

    def scroll_list(window: Any) -> None:
        table = window.case_list.table
        model = window.case_list.model
        fetches: list[float] = []
        original = model._fetch  # the model's page fetcher: timed, not changed

        def timed(ids: Any) -> Any:
            start = clock()
            rows = original(ids)
            fetches.append(clock() - start)
            return rows

        model._fetch = timed
        bar = table.verticalScrollBar()
        rows_per_step = 100  # every page of 200 rows is reached, each screen is painted
        per_pixel = table.verticalScrollMode() == table.ScrollMode.ScrollPerPixel
        step = rows_per_step * (table.verticalHeader().defaultSectionSize() if per_pixel else 1)
        viewport = table.viewport()
        waits: list[float] = []  # until the ids of the rows scrolled to were read (a worker's)
        started = clock()
        value = 0
        while True:
            bar.setValue(value)
            viewport.repaint()
            waited = _wait_for_ids(window, table, qapp)
            if waited is not None:
                waits.append(waited)
                viewport.repaint()  # the rows now have their cases: their page is fetched
            if value >= bar.maximum():
                break
            value = min(bar.maximum(), value + step)
        seconds = clock() - started
        last = table.rowAt(table.viewport().height() - 1)
        finish(
            fetches=len(fetches),
            fetch_max_ms=max(fetches, default=0) * 1000,
            fetch_median_ms=sorted(fetches)[len(fetches) // 2] * 1000 if fetches else 0,
            slowest=sorted(((round(t * 1000, 1), i) for i, t in enumerate(fetches)), reverse=True)[
                :5
            ],  # (ms, which fetch): spikes or a pattern
            scroll_seconds=round(seconds, 2),
            id_reads=len(waits),
            id_wait_max_ms=max(waits, default=0) * 1000,
            id_waits_ms=[round(w * 1000, 1) for w in waits],
            rows=model.rowCount(),
            last_row_shown=last,
        )

    def interact_when_quiet(window: Any) -> None:
        # After the window's background chain check: its worker processes take both cores
        # of a small machine for seconds, and the figures are about the actions.
        if window.chain.status.value == "verifying" or window.case_list.ids_loading():
            QTimer.singleShot(50, lambda: interact_when_quiet(window))
            return
        run_interactions(window, interact, lambda out: finish(actions=out), big_cases)

    def list_painted(window: Any) -> None:
        _say(
            event="list_painted",
            login_to_list_ms=(clock() - state["submitted"]) * 1000,
            rows=window.case_list.model.rowCount(),
        )
        if interact:
            QTimer.singleShot(0, lambda: interact_when_quiet(window))
        elif not scroll:
            finish()
        elif window.case_list.ids_loading():
            # The first page paints before the list is counted; the scroll bar is sized for
            # the whole list once it is, so the scroll waits for the count.
            window.case_list.cases_reloaded.connect(
                lambda _count: QTimer.singleShot(0, lambda: scroll_list(window)),
                Qt.ConnectionType.SingleShotConnection,
            )
        else:
            QTimer.singleShot(0, lambda: scroll_list(window))

    def window_shown(window: Any) -> None:
        # The timed window reads the data set; its SLA sweep would write breaches into it (a
        # cached set is shared by every later run) and compete with what is being timed.
        window.sla_sweeper.stop()
        view = window.case_list.table.viewport()
        state["filter_list"] = _first_paint(view, lambda: list_painted(window))
        view.update()

    def submit() -> None:
        dialog = state["dialog"]
        dialog.username.setText(username)
        dialog.password.setText(password)
        state["submitted"] = clock()
        dialog.log_in()

    def login_painted() -> None:
        _say(event="painted")
        QTimer.singleShot(0, submit)

    def login_shown(dialog: Any) -> None:
        state["dialog"] = dialog
        state["filter_login"] = _first_paint(dialog, login_painted)

    controller.login_shown.connect(login_shown)
    controller.window_shown.connect(window_shown)

    def failed(error: BaseException, **_: Any) -> None:
        _say(event="error", error=f"{type(error).__name__}: {error}")
        qapp.exit(1)

    # the measurement stops at the first error instead of showing a dialog
    controller.presenter.present = failed  # type: ignore[method-assign]
    controller.start()
    return int(qapp.exec())


def main(argv: list[str]) -> int:
    if argv[:1] == ["bare"]:
        return bare()
    if argv[:1] == ["app"] and len(argv) >= 3:
        password = sys.stdin.readline().rstrip("\n")
        rest = argv[3:]
        rounds = int(rest[rest.index("--interact") + 1]) if "--interact" in rest else 0
        big = rest[rest.index("--open") + 1].split(",") if "--open" in rest else []
        return app(argv[1], argv[2], password, "--scroll" in rest, rounds, [int(c) for c in big])
    print(
        "usage: python -m ui.bench_client bare | app URL USER "
        "[--scroll | --interact ROUNDS [--open CASE_ID,...]]",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
