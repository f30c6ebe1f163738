"""`bench` through the command line: its own options after the command, report as --json."""

from __future__ import annotations

from pathlib import Path

from .conftest import Cli

SMALL = [
    "--cases",
    "100",
    "--events-per-case",
    "2",
    "--big-case-events",
    "20",
    "--repeat",
    "1",
    "--no-growth",
    "--only",
    "counts",
    "--quiet",
]


def test_bench_runs_with_its_own_options(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    report = cli.ok("bench", *SMALL, "--cache-dir", str(tmp_path / "cache"), "--json", str(out))
    assert report["backend"] == "sqlite" and report["cases"] == 100
    assert [f["key"] for f in report["figures"]] == ["counts"]
    assert out.is_file()
    assert not cli.path.exists()  # the data set lives in the cache, not the user's database
    text = cli("bench", *SMALL, "--cache-dir", str(tmp_path / "cache"), json_mode=False)
    assert text.code == 0 and "counts per status" in text.out and "ratio" in text.out


def test_bench_help_and_bad_options(cli: Cli) -> None:
    shown = cli("bench", "--help", json_mode=False)
    assert shown.code == 0 and "--events-per-case" in shown.out
    assert cli("bench", "--cases", "0").code == 2
    bad = cli("bench", "--bogus")
    assert bad.code == 2 and "--bogus" in bad.error["message"]
