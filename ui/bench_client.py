"""The desktop client in a process of its own, for the benchmark's client figures (offscreen).

`python -m ui.bench_client bare` shows an empty QMainWindow; `... app URL USER` (password on
stdin) starts the real client through `ui.app` (settings in a private folder), waits for the
login dialog's first paint, submits the login, waits for the case list to be painted, and with
`--scroll` scrolls the case table top to bottom timing every page fetch. It writes one JSON line
per milestone on stdout; the benchmark (`resolution_center.bench.client.run_child`) stamps each
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


def app(url: str, username: str, password: str, scroll: bool) -> int:
    from PySide6.QtCore import QSettings, Qt, QTimer

    from ui.app import AppController, create_application
    from ui.settings import Settings

    qapp = create_application([sys.argv[0]])
    folder = tempfile.mkdtemp(prefix="rc-bench-client-")
    settings = Settings(QSettings(os.path.join(folder, "settings.ini"), QSettings.Format.IniFormat))
    settings.saved_view = "all"  # the whole data set in the list, as the figures mean it
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
        started = clock()
        value = 0
        while True:
            bar.setValue(value)
            table.viewport().repaint()
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
            rows=model.rowCount(),
            last_row_shown=last,
        )

    def list_painted(window: Any) -> None:
        _say(
            event="list_painted",
            login_to_list_ms=(clock() - state["submitted"]) * 1000,
            rows=window.case_list.model.rowCount(),
        )
        if not scroll:
            finish()
        elif window.case_list.ids_loading():
            # The first page paints before the ids below it are in; scrolling through rows
            # that have no id yet would time nothing, so the scroll waits for them.
            window.case_list.cases_reloaded.connect(
                lambda _count: QTimer.singleShot(0, lambda: scroll_list(window)),
                Qt.ConnectionType.SingleShotConnection,
            )
        else:
            QTimer.singleShot(0, lambda: scroll_list(window))

    def window_shown(window: Any) -> None:
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
        return app(argv[1], argv[2], password, "--scroll" in argv[3:])
    print("usage: python -m ui.bench_client bare | app URL USER [--scroll]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
