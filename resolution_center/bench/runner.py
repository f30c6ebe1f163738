"""`resolution-center bench`: options, data sets, running the registry, the table and the JSON."""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import platform
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn, TextIO

from ..domain.errors import RCError, UsageError
from ..services.context import Config
from ..storage.db import parse_target
from ..storage.store import Store
from . import (
    answers_figure,  # noqa: F401 (importing it registers its figure)
    datasets,
    import_figure,  # noqa: F401 (importing it registers its figure)
    kpi_figure,  # importing it registers its figures
    mail_figure,  # noqa: F401 (importing it registers its figure)
)
from .figures import REGISTRY, Bench, Options, Result, client_user
from .synthetic import Spec

MIN_REFERENCE_CASES = 50


class _Parser(argparse.ArgumentParser):
    """Bad options raise UsageError (exit code 2) instead of exiting the process."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"bench: {message}", usage=self.format_usage().strip())


def parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="resolution-center bench",
        description="Measure the app's hot paths against raw-driver baselines on a synthetic, "
        "reproducible data set (kept between runs of the same size).",
    )
    p.add_argument(
        "--cases",
        type=int,
        default=100_000,
        help="cases in the data set (default 100000; 10000 for a quick run)",
    )
    p.add_argument(
        "--events-per-case",
        type=int,
        default=10,
        metavar="K",
        help="audit events per case (default 10)",
    )
    p.add_argument(
        "--database",
        metavar="URL",
        help="a PostgreSQL database to hold the data "
        "set (created if missing); default: a SQLite file in the cache directory",
    )
    p.add_argument("--json", metavar="FILE", help="also write every figure as JSON")
    p.add_argument(
        "--repeat",
        type=int,
        default=3,
        metavar="N",
        help="runs per figure; the figures are medians (default 3)",
    )
    p.add_argument("--seed", type=int, default=20261123, help=argparse.SUPPRESS)
    # Tests shrink the few long cases (5,000 events each by definition of the figure).
    p.add_argument("--big-case-events", type=int, default=5_000, help=argparse.SUPPRESS)
    p.add_argument("--cache-dir", metavar="DIR", help="where SQLite data sets are kept")
    p.add_argument(
        "--load-cases",
        type=int,
        default=5_000,
        metavar="N",
        help="cases per bulk-load run (default 5000)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=0,
        help="processes for parallel verification (default: one per core)",
    )
    p.add_argument(
        "--no-growth",
        action="store_true",
        help="skip the 10x-smaller reference data set and the growth figures",
    )
    p.add_argument(
        "--only",
        metavar="KEYS",
        help="comma-separated figure keys to run: " + ", ".join(f.key for f in REGISTRY),
    )
    p.add_argument("--quiet", action="store_true", help="no progress messages")
    return p


class Scratch:
    """Throw-away databases for the bulk-load and change figures, removed at the end."""

    def __init__(self, options: Options, cache: Path) -> None:
        self.pg_url = options.database if options.database else None
        self.made: list[str] = []
        self.counter = itertools.count(1)
        self.tmp: Path | None = None
        self.cache = cache

    def make(self, label: str) -> str:
        if self.pg_url:
            base = datasets.database_name(self.pg_url)[:24]
            name = f"{base}_{label}_{os.getpid()}_{next(self.counter)}"
            url = datasets.create_database(datasets.with_database(self.pg_url, "postgres"), name)
        else:
            if self.tmp is None:
                self.cache.mkdir(parents=True, exist_ok=True)
                self.tmp = Path(tempfile.mkdtemp(prefix="scratch-", dir=self.cache))
            url = "sqlite:///" + str(self.tmp / f"{label}-{next(self.counter)}.db")
        self.made.append(url)
        datasets.prepare_empty(url)
        return url

    def drop(self, url: str) -> None:
        if url not in self.made:
            return
        self.made.remove(url)
        target = parse_target(url)
        if target.backend == "postgresql":
            datasets.drop_database(url, datasets.database_name(url))
        else:
            assert target.path is not None
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target.path}{suffix}").unlink(missing_ok=True)

    def close(self) -> None:
        for url in list(self.made):
            with contextlib.suppress(Exception):
                self.drop(url)
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)


# ---- the table -------------------------------------------------------------------------------


def _value(unit: str, v: float | None, where: str = "") -> str:
    if v is None:
        return "-"
    if unit == "ms" or unit == "x":
        text = f"{v:.3f} ms" if v < 10 else f"{v:,.1f} ms"
        return text + (f" @{where}" if where else "")
    return f"{v:,.0f} {unit}"


def table(results: Sequence[Result], header: str) -> str:
    rows = [("figure", "app", "raw baseline", "ratio", "target", "result")]
    for r in results:
        if r.status != "measured":
            rows.append((r.title, "-", "-", "-", "-", r.status))
            continue
        main = ref = ""
        if r.unit == "x":
            main = f"{r.details.get('main_cases', 0) // 1000:,}k"
            ref = f"{r.details.get('reference_cases', 0) // 1000:,}k"
            if r.details.get("reference_cases", 0) < 1000:
                main, ref = f"{r.details.get('main_cases')}", f"{r.details.get('reference_cases')}"
        rows.append(
            (
                r.title,
                _value(r.unit, r.app, main),
                _value(r.unit, r.raw, ref),
                f"{r.ratio:.2f}x" if r.ratio is not None else "-",
                r.target,
                "pass" if r.passed else "FAIL",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(6)]
    lines = [header, ""]
    for n, row in enumerate(rows):
        lines.append(
            "  ".join(
                cell.ljust(widths[i]) if i in (0, 4, 5) else cell.rjust(widths[i])
                for i, cell in enumerate(row)
            ).rstrip()
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


# ---- main ------------------------------------------------------------------------------------


def environment(main_url: str, backend: str) -> dict[str, Any]:
    """What the figures depend on beside the code: versions, the password-hash cost the login
    figure pays, and a PostgreSQL server's durability settings (the test server runs without
    fsync, which changes absolute write times but not ratios)."""
    config = Config.from_env()
    out: dict[str, Any] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": None,
        "argon2": {
            "time_cost": config.argon2_time_cost,
            "memory_kib": config.argon2_memory_kib,
            "parallelism": config.argon2_parallelism,
            "from_environment": sorted(k for k in os.environ if k.startswith(ARGON2_ENV)),
        },
    }
    if backend == "postgresql":
        with Store.open(main_url) as store:
            out["postgresql"] = store.sql.scalar("SHOW server_version")
            out["postgresql_settings"] = {
                name: store.sql.scalar(f"SHOW {name}") for name in PG_SETTINGS
            }
    return out


ARGON2_ENV = "RESOLUTION_CENTER_ARGON2_"
PG_SETTINGS = ("fsync", "synchronous_commit", "full_page_writes", "shared_buffers", "work_mem")


def header(report: dict[str, Any]) -> str:
    env = report["environment"]
    argon = env["argon2"]
    lines = [
        f"Resolution Center benchmark: {report['database']}, {report['cases']:,} cases x "
        f"{report['events_per_case']} events ({report['events']:,} events in the chain), "
        f"medians of {report['repeat']} run(s), {env['cpu_count']} CPU(s)",
        f"Python {env['python']}, SQLite {env['sqlite']}"
        + (f", PostgreSQL {env['postgresql']}" if env.get("postgresql") else "")
        + f"; argon2id t={argon['time_cost']} m={argon['memory_kib']} KiB "
        f"p={argon['parallelism']}",
    ]
    if argon["from_environment"]:
        lines[-1] += f" (set by {', '.join(argon['from_environment'])})"
    pg = env.get("postgresql_settings")
    if pg:
        lines.append("PostgreSQL " + ", ".join(f"{k}={v}" for k, v in pg.items()))
    return "\n".join(lines)


def run(
    options: Options,
    only: set[str] | None,
    log: Callable[[str], None],
    save: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Every figure asked for; `save` gets the report so far after each figure (a run that
    stops halfway keeps what it measured)."""
    cache = datasets.cache_dir(options.cache_dir)
    spec = Spec(
        options.cases, options.events_per_case, options.seed, big_events=options.big_case_events
    )
    main_ds = datasets.open_dataset(spec, database=options.database, directory=cache, log=log)
    ref_ds = None
    ref_cases = options.cases // 10
    if options.growth and ref_cases >= MIN_REFERENCE_CASES:
        ref_spec = replace(spec, cases=ref_cases)
        if options.database:
            ref_ds = datasets.open_postgres(
                ref_spec, datasets.reference_url(options.database, ref_spec), log
            )
        else:
            ref_ds = datasets.open_sqlite(ref_spec, cache, log)
    client = next(f for f in REGISTRY if f.key == "client")
    if (not only or client.key in only) and client.available():
        client_user(main_ds)  # before any figure, so the chain verify sees is the final one
    paint = next((f for f in REGISTRY if f.key == "dashboard_paint"), None)
    if paint is not None and (not only or paint.key in only) and paint.available():
        kpi_figure.supervisor_user(main_ds.url)  # likewise: its user's event before verify
    scratch = Scratch(options, cache)
    bench = Bench(options, main_ds, ref_ds, scratch.make, scratch.drop, log)
    results: list[Result] = []
    started = time.perf_counter()
    env = environment(main_ds.url, main_ds.backend)

    def report() -> dict[str, Any]:
        return {
            "format": "rc-bench/1",
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "seconds": round(time.perf_counter() - started, 1),
            "backend": main_ds.backend,
            "database": parse_target(main_ds.url).display,
            "cases": options.cases,
            "events_per_case": options.events_per_case,
            "events": events,
            "repeat": options.repeat,
            "environment": env,
            "datasets": [main_ds.describe()] + ([ref_ds.describe()] if ref_ds else []),
            "figures": [r.to_json() for r in results],
            "_results": results,
        }

    with contextlib.closing(main_ds.open()) as ctx:
        events = ctx.audit.head().seq
    try:
        for fig in REGISTRY:
            if only and fig.key not in only:
                continue
            if not fig.available():
                results.append(
                    Result(
                        fig.key,
                        fig.title,
                        fig.unit,
                        status="not measured yet",
                        details={"why": f"{fig.requires} is not there yet"},
                    )
                )
                continue
            if fig.requires is not None or fig.unit:
                log(f"measuring {fig.title} ...")
            try:
                results.extend(fig.run(bench))
            except ImportError as exc:  # a part not installed here (Qt): skipped, not fatal
                why = {"why": f"cannot import {exc.name or exc}"}
                results.append(Result(fig.key, fig.title, fig.unit, status="skipped", details=why))
            if save is not None:
                save(report())
    finally:
        bench.close()
        scratch.close()
    with contextlib.closing(main_ds.open()) as ctx:
        events = ctx.audit.head().seq
    return report()


def options_from(argv: Sequence[str]) -> tuple[Options, set[str] | None, argparse.Namespace]:
    """Parse and check the options; UsageError when they are bad."""
    args = parser().parse_args(list(argv))
    if (
        min(args.cases, args.events_per_case, args.repeat, args.load_cases, args.big_case_events)
        < 1
    ):
        raise UsageError(
            "bench: --cases, --events-per-case, --repeat and --load-cases must be positive"
        )
    only = {k.strip() for k in args.only.split(",")} if args.only else None
    unknown = (only or set()) - {f.key for f in REGISTRY}
    if unknown:
        raise UsageError(f"bench: unknown figure(s) {', '.join(sorted(unknown))}")
    options = Options(
        cases=args.cases,
        events_per_case=args.events_per_case,
        database=args.database,
        repeat=args.repeat,
        seed=args.seed,
        cache_dir=args.cache_dir,
        load_cases=args.load_cases,
        workers=args.workers,
        growth=not args.no_growth,
        big_case_events=args.big_case_events,
    )
    return options, only, args


def execute(argv: Sequence[str], *, out: TextIO, err: TextIO) -> tuple[dict[str, Any], str] | None:
    """Run the benchmark as the command line does: progress on `err`, the JSON file if asked.

    Returns (report, table), or None when only --help was asked for (printed on `out`); raises
    RCError (UsageError for bad options).
    """
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            options, only, args = options_from(argv)
    except SystemExit as done:  # --help
        if done.code:
            raise UsageError("bench: bad options") from None
        return None

    def log(message: str) -> None:
        if not args.quiet:
            print(message, file=err, flush=True)

    def save(so_far: dict[str, Any]) -> None:
        if args.json:
            public = {k: v for k, v in so_far.items() if k != "_results"}
            Path(args.json).write_text(json.dumps(public, indent=2) + "\n", encoding="utf-8")

    report = run(options, only, log, save)
    results: list[Result] = report.pop("_results")
    save(report)
    return report, table(results, header(report))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its table; 0 when it ran (missed targets are shown in the
    table), else the error's exit code (2 for bad options)."""
    try:
        done = execute(sys.argv[1:] if argv is None else argv, out=sys.stdout, err=sys.stderr)
    except RCError as exc:
        if exc.details.get("usage"):
            print(exc.details["usage"], file=sys.stderr)
        print(
            exc.message if exc.message.startswith("bench:") else f"bench: {exc.message}",
            file=sys.stderr,
        )
        return exc.exit_code
    if done is not None:
        print(done[1])
    return 0
