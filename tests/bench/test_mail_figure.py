"""The mail import figure on a small mbox (as many mails as the tiny data set has cases)."""

from __future__ import annotations

import json
from pathlib import Path

from resolution_center.bench.mail_figure import TARGET_PER_S
from resolution_center.bench.runner import main
from tests.bench.test_bench import TINY


def test_the_mail_import_figure_on_sqlite(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    args = [*TINY, "--only", "import_mail", "--json", str(out), "--cache-dir", str(tmp_path)]
    assert main(args) == 0
    [figure] = json.loads(out.read_text())["figures"]
    assert figure["key"] == "import_mail" and figure["status"] == "measured"
    assert figure["target"] == f">= {TARGET_PER_S:g} mails/s"
    assert figure["app"] > 0 and figure["raw"] > 0 and isinstance(figure["passed"], bool)
    outcomes = figure["details"]["outcomes"]
    mails = figure["details"]["mails"]
    assert outcomes["opened"] + outcomes["joined"] + outcomes["quarantined"] == mails
    assert outcomes["joined"] > outcomes["opened"] > 0 and outcomes["duplicate"] == 0
