"""The KPI figures: `report kpis --json` for a year of the data set, and the dashboard for that
year painting in the window, each against a canonical raw query for the largest figure.

The year is the data set's last 365 days of receipt. The app's side of `kpi_report` is what the
command runs after its login: `KpiService.report` as a supervisor (per assignee and per tier
included) and the JSON text of the report. `dashboard_paint` runs in its own offscreen process
(ui/bench_dashboard.py): the dashboard built, then each run from asking for the year to the
figures, charts and tables painted (matplotlib imported once, before the timed runs).

The raw baseline is the largest single figure written from its rule with the bare driver: time
to resolution of every case received in the year and resolved, median and 90th percentile by
nearest rank, in elapsed seconds (the synthetic cases follow no calendar, so working time is
elapsed time; the check holds the app's figure to it).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from typing import Any

from ..domain.kpis import Period
from ..services.context import SYSTEM_ACTOR, Config
from ..services.session import Session
from ..storage.repositories import UserRepository
from ..storage.store import Actor, Store
from . import raw as rawlib
from .figures import Bench, Result, figure
from .timing import paired

REPORT_TARGET_MS = 1_000.0
PAINT_TARGET_MS = 500.0
TIMEOUT_SECONDS = 600
SUPERVISOR, SUPERVISOR_PASSWORD = "bench-supervisor", "bench-supervisor-pass-1"


def supervisor_user(url: str) -> None:
    """A supervisor with a password for the window child (added once to a kept data set)."""
    with Store.open(url) as store:
        if UserRepository(store).get(SUPERVISOR) is None:
            ctx = Session(store, SYSTEM_ACTOR, config=Config.from_env())
            ctx.users.add(SUPERVISOR, "Benchmark supervisor", "supervisor", SUPERVISOR_PASSWORD)


def year_of(bench: Bench) -> tuple[date, date]:
    ctx = bench.context(bench.main)
    last = date.fromisoformat(str(ctx.store.sql.scalar("SELECT max(created_at) FROM cases"))[:10])
    return last - timedelta(days=364), last


def canonical_resolution(raw: rawlib.RawDB, first: date, last: date) -> tuple[int, int, int]:
    """(count, median, p90) of whole seconds from receipt to resolution, nearest rank."""
    if raw.pg:
        seconds = "extract(epoch from CAST(substr({0}, 1, 19) AS timestamp))"
        mark = "%s"
    else:
        seconds = "unixepoch(substr({0}, 1, 19))"
        mark = "?"
    value = f"{seconds.format('resolved_at')} - {seconds.format('created_at')}"
    sql = (
        "SELECT max(n), max(CASE WHEN rn = (50 * n + 99) / 100 THEN v END), "
        "max(CASE WHEN rn = (90 * n + 99) / 100 THEN v END) FROM ("
        "SELECT v, row_number() OVER (ORDER BY v) AS rn, count(*) OVER () AS n FROM ("
        f"SELECT {value} AS v FROM cases WHERE created_at >= {mark} AND created_at < {mark} "
        "AND resolved_at IS NOT NULL) x) y"
    )
    cur = raw.conn.cursor()
    try:
        cur.execute(sql, (first.isoformat(), (last + timedelta(days=1)).isoformat()))
        n, median, p90 = cur.fetchone()
    finally:
        cur.close()
    return int(n), int(median), int(p90)


def _supervisor(bench: Bench) -> Session:
    # The bench user's context as a supervisor: the figures per person are part of the work.
    ctx = bench.context(bench.main)
    return Session(ctx.store, Actor("bench", "supervisor", "Benchmark"), config=ctx.config)


def _checked(bench: Bench, first: date, last: date) -> tuple[Session, dict[str, Any]]:
    ctx = _supervisor(bench)
    report = ctx.kpis.report(first, last, by=Period.MONTH)
    raw = bench.raw(bench.main)
    got = canonical_resolution(raw, first, last)
    mine = (report.resolution.count, report.resolution.median, report.resolution.p90)
    if mine != got:
        raise RuntimeError(f"the canonical time to resolution {got} differs from the app's {mine}")
    return ctx, {
        "from": first.isoformat(),
        "to": last.isoformat(),
        "cases": report.received,
        "resolved": report.resolution.count,
        "raw": "canonical: time to resolution, median and p90 by nearest rank, of the year's "
        "cases (the largest single figure), not the app's SQL",
    }


@figure("kpi_report", "report kpis --json, a year (as a supervisor)", unit="ms")
def kpi_report(bench: Bench) -> list[Result]:
    first, last = year_of(bench)
    ctx, details = _checked(bench, first, last)
    raw = bench.raw(bench.main)

    def app() -> str:
        return json.dumps(ctx.kpis.report(first, last, by=Period.MONTH).to_json())

    pair = paired(app, lambda: canonical_resolution(raw, first, last), bench.options.repeat)
    app_ms = pair.app * 1000
    # This process's CPU per call beside the wall time: on a shared machine the wall time
    # also counts waiting for a core (on PostgreSQL the server's work is not in it).
    cpu = []
    for _ in range(max(3, bench.options.repeat)):
        started = time.process_time()
        app()
        cpu.append((time.process_time() - started) * 1000)
    details["runs_app_cpu_ms"] = [round(c, 1) for c in cpu]
    return [
        Result(
            "kpi_report",
            f"report kpis --json, a year ({details['cases']:,} cases)",
            "ms",
            app_ms,
            pair.raw * 1000,
            pair.app / pair.raw,
            f"<= {REPORT_TARGET_MS:g} ms",
            app_ms <= REPORT_TARGET_MS,
            details={**pair.details(), **details},
        )
    ]


@figure(
    "dashboard_paint",
    "dashboard for a year, asked to painted (offscreen, own process)",
    requires="ui.bench_dashboard, PySide6, matplotlib",
    unit="ms",
)
def dashboard_paint(bench: Bench) -> list[Result]:
    first, last = year_of(bench)
    _, details = _checked(bench, first, last)
    runs = max(3, bench.options.repeat)
    supervisor_user(bench.main.url)  # made by the runner before any figure; here for --only
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("QT_QPA_PLATFORMTHEME", None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ui.bench_dashboard",
            bench.main.url,
            SUPERVISOR,
            first.isoformat(),
            last.isoformat(),
            str(runs),
        ],
        env=env,
        input=SUPERVISOR_PASSWORD + "\n",
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
    )
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    paints = [float(line["ms"]) for line in lines if line.get("event") == "painted"]
    cpus = [float(line["cpu_ms"]) for line in lines if line.get("event") == "painted"]
    if done.returncode != 0 or len(paints) != runs:
        raise RuntimeError(f"the dashboard child failed: {done.stderr.strip()[-2000:]}")
    raw = bench.raw(bench.main)
    raw_runs = []
    for _ in range(runs):
        start = time.perf_counter()
        canonical_resolution(raw, first, last)
        raw_runs.append((time.perf_counter() - start) * 1000)
    app_ms, raw_ms = statistics.median(paints), statistics.median(raw_runs)
    first_paint: dict[str, Any] = next((line for line in lines if line.get("event") == "first"), {})
    return [
        Result(
            "dashboard_paint",
            f"dashboard for a year ({details['cases']:,} cases), asked to painted",
            "ms",
            app_ms,
            raw_ms,
            app_ms / raw_ms,
            f"<= {PAINT_TARGET_MS:g} ms",
            app_ms <= PAINT_TARGET_MS,
            details={
                **details,
                "runs_app_ms": [round(p, 1) for p in paints],
                "runs_app_cpu_ms": [round(c, 1) for c in cpus],
                "runs_raw_ms": [round(r, 1) for r in raw_runs],
                "first_open_ms": first_paint.get("ms"),
                "matplotlib_import_ms": first_paint.get("matplotlib_ms"),
            },
        )
    ]
