"""The approved-answer search figure on a small library, on both backends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resolution_center.bench.answers_figure import MIN_SIZE, TARGET_MS
from resolution_center.bench.runner import main
from resolution_center.bench.synthetic import Spec
from tests.bench.test_bench import BIG, TINY, reference_url
from tests.helpers.workspace import drop_pg_database


def _run(tmp_path: Path, *extra: str) -> dict[str, dict[str, object]]:
    out = tmp_path / "bench.json"
    args = [*TINY, "--only", "answer_search", "--json", str(out), "--cache-dir", str(tmp_path)]
    assert main([*args, *extra]) == 0
    return {f["key"]: f for f in json.loads(out.read_text())["figures"]}


def _check(figures: dict[str, dict[str, object]]) -> None:
    assert set(figures) == {"answer_search", "answer_search_rare", "answer_search_prefix"}
    for f in figures.values():
        assert f["status"] == "measured" and f["target"] == f"<= {TARGET_MS:g} ms"
        assert isinstance(f["app"], float) and f["app"] > 0 and isinstance(f["passed"], bool)
        assert f["details"]["answers"] == MIN_SIZE  # type: ignore[index]
    # The canonical query found the same answers; a rare word is rare, a common one fills a page.
    assert figures["answer_search_rare"]["details"]["found"] == 1  # type: ignore[index]
    assert figures["answer_search"]["details"]["found"] == 20  # type: ignore[index]


def test_the_answer_search_figure_on_sqlite(tmp_path: Path) -> None:
    _check(_run(tmp_path))


@pytest.mark.postgres
def test_the_answer_search_figure_on_postgresql(pg_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name = pg_server.create_database()
    url = pg_server.url(name)
    ref = reference_url(url, Spec(50, 5, big_events=BIG)).rsplit("/", 1)[1]
    try:
        _check(_run(tmp_path, "--database", url))
    finally:
        drop_pg_database(pg_server, ref)
        drop_pg_database(pg_server, name)
