"""The benchmark: the app's hot paths against raw-driver baselines (`resolution-center bench`)."""

from __future__ import annotations

from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for `resolution-center bench [options]`; returns the exit code."""
    from .runner import main as run

    return run(argv)


__all__ = ["main"]
