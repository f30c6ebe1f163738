"""The `bench` command: `resolution-center bench [bench options]`, the benchmark's own options.

Everything after `bench` goes to the benchmark's parser (resolution_center.bench.runner),
imported only when the command runs, so the CLI starts as fast without it. A global `--database`
naming a PostgreSQL database is passed on when the benchmark's own `--database` is not given;
the benchmark keeps SQLite data sets in its cache, never in the user's database file.
"""

from __future__ import annotations

import argparse
import os

from ..services.targets import shared
from .app import ENV_DATABASE, Access, App
from .output import Output
from .parsing import Subcommands, command


def _argv(app: App, given: list[str]) -> list[str]:
    argv = list(given)
    has_own = any(a == "--database" or a.startswith("--database=") for a in argv)
    database = app.database
    if has_own or database is None or database == os.environ.get(ENV_DATABASE):
        return argv
    if shared(database):
        argv += ["--database", database]
    return argv


def cmd_bench(app: App, args: argparse.Namespace) -> Output:
    from ..bench.runner import execute

    done = execute(_argv(app, args.bench_args), out=app.term.stdout, err=app.term.stderr)
    if done is None:  # --help was printed
        return Output({}, "", brief=True)
    report, table = done
    return Output(report, table, brief=True)


def register(sub: Subcommands) -> None:
    """Add `bench` to the CLI's sub-command parser."""
    p = command(
        sub,
        "bench",
        cmd_bench,
        Access.SETUP,
        "measure the app against raw-driver baselines on a synthetic data set "
        "(options: resolution-center bench --help)",
        add_help=False,
        prefix_chars="+",  # every option after `bench` is the benchmark's own
    )
    p.add_argument("bench_args", nargs=argparse.REMAINDER)
