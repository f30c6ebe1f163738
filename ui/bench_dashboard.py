"""The dashboard-paint bench child (resolution_center/bench/kpi_figure.py): logs in to a data
set as its supervisor, builds the dashboard, then times each run from asking for a period to
its figures, charts and tables painted. One JSON line per run on stdout.

    python -m ui.bench_dashboard URL USER FROM TO RUNS   (the password on stdin)
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date


def _say(**fields: object) -> None:
    print(json.dumps(fields), flush=True)


def main(argv: list[str]) -> int:
    from PySide6.QtCore import QDate, QEventLoop
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    from resolution_center.services.session import open_context

    from .errors import ErrorPresenter
    from .ops import Ops
    from .views.dashboard import Dashboard

    url, user = argv[0], argv[1]
    first, last, runs = date.fromisoformat(argv[2]), date.fromisoformat(argv[3]), int(argv[4])
    ctx = open_context(url, user, sys.stdin.readline().rstrip("\n"))
    ops = Ops(ctx, ErrorPresenter())
    dashboard = Dashboard(ops, [])
    dashboard.resize(1440, 900)
    dashboard.from_edit.setDate(QDate(first.year, first.month, first.day))
    dashboard.to_edit.setDate(QDate(last.year, last.month, last.day))
    dashboard.show()
    app.processEvents()

    def once() -> tuple[float, float]:
        """(wall ms, CPU ms of this process: the report's worker thread and the painting)."""
        loop = QEventLoop()
        dashboard.loaded.connect(loop.quit)
        start, cpu = time.perf_counter(), time.process_time()
        dashboard.reload()
        loop.exec()
        dashboard.loaded.disconnect(loop.quit)
        app.processEvents()  # the new canvases are shown
        dashboard.grab()  # every part painted, the charts drawn
        return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000

    started = time.perf_counter()
    import matplotlib.backends.backend_qtagg  # noqa: F401 (timed apart: a first open pays it)

    matplotlib_ms = (time.perf_counter() - started) * 1000
    wall, cpu = once()
    _say(event="first", ms=wall + matplotlib_ms, matplotlib_ms=matplotlib_ms)
    for _ in range(runs):
        wall, cpu = once()
        _say(event="painted", ms=wall, cpu_ms=cpu)
    ops.shutdown()
    ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
