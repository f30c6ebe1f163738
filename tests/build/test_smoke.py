"""The desktop program's --smoke-test, run from source as CI runs the frozen bundle's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _smoke(out: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "RESOLUTION_CENTER_ARGON2_MEMORY_KIB": "1024",
    }
    return subprocess.run(
        [sys.executable, "-m", "ui", "--smoke-test", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


@pytest.mark.slow
def test_the_smoke_test_logs_in_renders_an_agreement_and_verifies_the_chain(
    tmp_path: Path,
) -> None:
    done = _smoke(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    report = (tmp_path / "smoke-report.txt").read_text(encoding="utf-8")
    assert "logged in as maria" in report
    assert "Audit chain verified" in report
    assert report.rstrip().endswith("smoke test passed")
    with pikepdf.open(tmp_path / "agreement.pdf") as pdf:
        assert len(pdf.pages) >= 1
        assert "/Font" in pdf.pages[0].Resources  # the text is there, in embedded fonts
    assert (tmp_path / "agreement.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.slow
def test_a_failing_step_exits_non_zero_and_says_why(tmp_path: Path) -> None:
    (tmp_path / "demo.db").mkdir()  # the fresh demo database cannot be made here
    done = _smoke(tmp_path)
    assert done.returncode == 1
    assert "smoke test failed:" in done.stderr
    report = (tmp_path / "smoke-report.txt").read_text(encoding="utf-8")
    assert "FAILED: IsADirectoryError" in report
    assert "smoke test passed" not in report
