"""The mail import figure on a small mbox (as many mails as the tiny data set has cases)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resolution_center.bench.mail_figure import TARGET_PER_S
from resolution_center.bench.runner import main
from resolution_center.bench.synthetic import Spec
from tests.bench.test_bench import BIG, TINY, reference_url
from tests.helpers.workspace import drop_pg_database


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


@pytest.mark.postgres
def test_the_mail_import_figure_on_postgresql(pg_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name = pg_server.create_database()
    url = pg_server.url(name)
    ref = reference_url(url, Spec(50, 5, big_events=BIG)).rsplit("/", 1)[1]
    out = tmp_path / "bench.json"
    args = [*TINY, "--only", "import_mail", "--json", str(out), "--cache-dir", str(tmp_path)]
    try:
        assert main([*args, "--database", url]) == 0
    finally:
        drop_pg_database(pg_server, ref)
        drop_pg_database(pg_server, name)
    [figure] = json.loads(out.read_text())["figures"]
    assert figure["status"] == "measured" and figure["app"] > 0 and figure["raw"] > 0
    assert figure["details"]["outcomes"]["duplicate"] == 0
