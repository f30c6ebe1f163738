"""The program's entry point (resolution-center-app, python -m ui, the frozen bundle): the
desktop client, or its self-check with --smoke-test (ui/smoke.py), which drives the client."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from resolution_center import logs

from . import app


def main(argv: Sequence[str] | None = None) -> int:
    if getattr(sys, "frozen", False):
        # A packaged app re-runs itself for the chain check's worker process (spawn): the
        # worker must not get as far as a window or the smoke test.
        import multiprocessing

        multiprocessing.freeze_support()
    full = list(sys.argv if argv is None else [sys.argv[0], *argv])
    args = app.parse_args(full[1:])
    if args.smoke_test is None:
        return app.main(argv)
    from .smoke import smoke_test  # a set-up check, not the daily path

    logs.configure()  # the file only: a failing step's traceback is in the log too
    return smoke_test(args.smoke_test, full)


if __name__ == "__main__":
    raise SystemExit(main())
