"""Timing: the application path and its raw baseline, interleaved, as medians of repeated runs."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

BUDGET_SECONDS = 0.25  # per side per run: enough calls to make a median mean something
MIN_CALLS, MAX_CALLS = 3, 200


@dataclass
class Pair:
    """Seconds per call: the median over runs of each run's median."""

    app: float
    raw: float
    runs_app: list[float] = field(default_factory=list)
    runs_raw: list[float] = field(default_factory=list)
    calls_per_run: int = 1

    def details(self) -> dict[str, Any]:
        return {
            "runs_app_ms": [round(t * 1000, 4) for t in self.runs_app],
            "runs_raw_ms": [round(t * 1000, 4) for t in self.runs_raw],
            "calls_per_run": self.calls_per_run,
        }


def _calls(fn: Callable[[], Any], n: int) -> list[float]:
    out = []
    clock = time.perf_counter
    for _ in range(n):
        start = clock()
        fn()
        out.append(clock() - start)
    return out


def warm_up(fn: Callable[[], Any], *, within: float = 0.05, most: int = 30) -> int:
    """Call `fn` until three calls in a row agree within `within` (its caches, the font and
    allocator pools are filled), at most `most` calls; returns the calls made."""
    times: list[float] = []
    while len(times) < most:
        times.append(_calls(fn, 1)[0])
        last = times[-3:]
        if len(last) == 3 and max(last) <= min(last) * (1 + within):
            break
    return len(times)


def paired(
    app: Callable[[], Any], raw: Callable[[], Any], repeat: int, *, stable: bool = False
) -> Pair:
    """Warm both, then `repeat` runs of several calls each, alternating which side goes first.
    `stable` warms each side until its calls agree (figures whose first calls drift)."""
    if stable:
        warm_up(app), warm_up(raw)
    else:
        _calls(app, 1), _calls(raw, 1)  # the first call of each pays for caches and statements
    # The slower side's typical call sets the calls per run: one cold call made that 10-50x
    # too few for sub-millisecond figures, and a median of 20 calls swings with the machine.
    warm = max(statistics.median(_calls(app, 3)), statistics.median(_calls(raw, 3)), 1e-6)
    calls = max(MIN_CALLS, min(MAX_CALLS, int(BUDGET_SECONDS / warm)))
    runs_app: list[float] = []
    runs_raw: list[float] = []
    for r in range(max(1, repeat)):
        if r % 2:
            runs_raw.append(statistics.median(_calls(raw, calls)))
            runs_app.append(statistics.median(_calls(app, calls)))
        else:
            runs_app.append(statistics.median(_calls(app, calls)))
            runs_raw.append(statistics.median(_calls(raw, calls)))
    return Pair(statistics.median(runs_app), statistics.median(runs_raw), runs_app, runs_raw, calls)


def once(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value
