"""The benchmark runs end to end on a tiny data set and reports every figure; never timings."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from resolution_center.bench import main, raw
from resolution_center.bench.agreement import agreement
from resolution_center.bench.datasets import reference_url
from resolution_center.bench.figures import LIST_QUERY, REGISTRY, pdf_pages
from resolution_center.bench.synthetic import Spec
from tests.helpers.workspace import drop_pg_database

BIG = 600  # events in each of the three long cases (5,000 in real runs; smaller keeps this fast)
TINY = [
    "--cases",
    "500",
    "--events-per-case",
    "5",
    "--repeat",
    "1",
    "--load-cases",
    "200",
    "--big-case-events",
    str(BIG),
    "--quiet",
]
MEASURED = {
    "bulk_load",
    "audited_change",
    "case_list",
    "open_case",
    "search_rare",
    "search_common",
    "search_prefix",
    "counts",
    "verify",
    "verify_parallel",
    "growth_case_list",
    "growth_open_case",
    "growth_search_rare",
    "growth_search_common",
    "growth_search_prefix",
    "agreement_pdf",
    "import_csv",
}
CLIENT = {"client_start", "login_to_list", "scroll", "memory"}  # timed in child processes
# What a user does in the window, each timed in the real client to the next paint.
WINDOW = {
    "window_search_common",
    "window_search_prefix",
    "window_search_rare",
    "window_filter_status",
    "window_view_all",
    "window_view_open",
    "window_open_case",
    "window_stall",
}


def _check(report: dict[str, Any], backend: str) -> None:
    assert report["backend"] == backend
    assert report["cases"] == 500 and report["events_per_case"] == 5
    main_set, ref_set = report["datasets"]
    assert (main_set["cases"], ref_set["cases"]) == (500, 50)
    assert len(main_set["big_case_ids"]) == 3
    # 500 cases x 5 events, three of them with BIG, plus set-up events: all in the chain.
    assert report["events"] >= 497 * 5 + 3 * BIG
    figures = {f["key"]: f for f in report["figures"]}
    assert set(figures) >= MEASURED
    for key in MEASURED:
        f = figures[key]
        assert f["status"] == "measured", key
        assert f["app"] > 0 and f["raw"] > 0 and f["ratio"] > 0, key
        assert f["ratio"] == pytest.approx(f["app"] / f["raw"], rel=1e-6), key
        assert isinstance(f["passed"], bool) and f["target"], key
    pending = [f for f in report["figures"] if f["status"] != "measured"]
    assert all(
        f["status"] in ("not measured yet", "skipped") and f["details"]["why"] for f in pending
    )
    assert {f.key for f in REGISTRY} - {"search", "growth", "client"} <= set(figures)
    for key in CLIENT:
        f = figures[key]
        assert f["status"] == "measured" and f["app"] > 0 and isinstance(f["passed"], bool), key
    assert figures["client_start"]["raw"] > 0  # the bare PySide6 process beside it
    for key in WINDOW:
        f = figures[key]
        assert f["status"] == "measured" and f["app"] > 0 and isinstance(f["passed"], bool), key
    assert figures["window_search_common"]["target"] == "<= 100 ms"
    assert len(figures["window_search_common"]["details"]["runs_ms"]) >= 3
    assert figures["window_stall"]["details"]["action"] in {
        k[7:] for k in figures if k[:7] == "window_"
    }
    assert figures["scroll"]["details"]["rows"] == 500
    # Scrolling and memory are medians of at least three whole runs, every run kept.
    assert len(figures["scroll"]["details"]["runs_fetch_max_ms"]) >= 3
    assert len(figures["memory"]["details"]["runs_mb"]) >= 3
    # What the figures depend on beside the code is in the report.
    env = report["environment"]
    assert env["argon2"]["memory_kib"] > 0 and env["python"] and env["sqlite"]
    if backend == "postgresql":
        assert set(env["postgresql_settings"]) >= {"fsync", "synchronous_commit"}
    assert figures["scroll"]["details"]["last_row_shown"] == 499  # scrolled to the bottom
    # Rows counted: the bulk load wrote cases + events; reads returned the replayed rows.
    load = figures["bulk_load"]["details"]
    assert load["cases"] == 200 and load["rows_per_run"] >= 200 * 5
    # The page's rows, and the count's row when the page is full (a shorter page is the total).
    listed = figures["case_list"]["details"]
    assert listed["rows"] == listed["page"] + (1 if listed["page"] == LIST_QUERY.limit else 0)
    assert figures["open_case"]["details"]["events"] == BIG
    assert figures["open_case"]["details"]["notes"] >= BIG - 2
    assert figures["search_rare"]["details"]["matching"] == 1  # one case in 2,000, at least 1
    # Lists and searches against a canonical query, the replay of the app's SQL kept beside it.
    for key in ("case_list", "search_rare", "search_common", "search_prefix"):
        details = figures[key]["details"]
        assert details["raw"].startswith("canonical") and details["replay_ratio"] > 0, key
    change = figures["audited_change"]["details"]
    assert change["cases"] == 500 and change["runs"] == 5 and len(change["runs_ratio"]) == 5
    assert figures["search_common"]["details"]["matching"] > 100
    assert figures["verify"]["details"]["events"] == report["events"]
    assert figures["verify_parallel"]["details"]["workers"] >= 1
    pdf = figures["agreement_pdf"]
    assert pdf["details"]["pages"] == PDF_PAGES and pdf["details"]["audit_lines"] == 20
    assert f"{PDF_PAGES} pages, 20 audit lines" in pdf["title"] and pdf["target"] == "<= 1.5x raw"
    imported = figures["import_csv"]
    assert imported["details"]["rows"] == 500 and imported["target"] == ">= 0.5x raw"


def test_a_tiny_run_on_sqlite_reports_every_figure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bench.json"
    cache = tmp_path / "cache"
    assert main([*TINY, "--json", str(out), "--cache-dir", str(cache)]) == 0
    report = json.loads(out.read_text())
    _check(report, "sqlite")
    table = capsys.readouterr().out
    assert "bulk load" in table and "ratio" in table and "agreement PDF" in table
    assert "argon2id t=" in table  # the header says what the login figure paid for
    kept = sorted(p.name for p in cache.iterdir())
    assert len([n for n in kept if n.endswith(".db")]) == 2  # the data sets; no scratch left
    assert not [n for n in kept if "scratch" in n or "building" in n]
    # The second run of the same size reuses the kept data sets.
    assert main([*TINY, "--only", "counts", "--json", str(out), "--cache-dir", str(cache)]) == 0
    again = json.loads(out.read_text())
    assert [d["built_in_this_run"] for d in again["datasets"]] == [False, False]
    assert [f["key"] for f in again["figures"]] == ["counts"]


PDF_PAGES = 4  # three pages of agreement, then the internal notes and the 20-line history


def _words(page: object) -> Counter[str]:
    return Counter(page.extract_text().split())  # type: ignore[attr-defined]


def test_the_raw_agreement_pdf_shows_what_the_app_renders() -> None:
    from resolution_center.export.agreement_pdf import render_agreement
    from resolution_center.export.pdf_proof import proof_for

    value = agreement()
    assert len(value.audit_lines) == 20
    proof = proof_for(value, "internal", "a4")
    app_pdf = render_agreement(value, copy="internal", paper="a4")
    raw_pdf = raw.agreement_pdf(value, proof.content_hash, proof.payload())
    app, bare = PdfReader(io.BytesIO(app_pdf)), PdfReader(io.BytesIO(raw_pdf))
    assert len(app.pages) == len(bare.pages) == pdf_pages(app_pdf) == pdf_pages(raw_pdf)
    assert len(app.pages) == PDF_PAGES
    for n, (a, b) in enumerate(zip(app.pages, bare.pages, strict=True), start=1):
        assert _words(a) == _words(b), f"page {n}"  # the same words on the same pages
    assert proof.content_hash in app.pages[-1].extract_text()
    assert f"Page {PDF_PAGES} of {PDF_PAGES}" in bare.pages[-1].extract_text()
    for reader in (app, bare):  # both embed their DejaVu subsets, and no other font
        fonts = [
            f.get_object()
            for page in reader.pages
            for f in page["/Resources"]["/Font"].get_object().values()  # type: ignore[index]
        ]
        assert fonts
        for f in fonts:
            assert "DejaVu" in str(f["/BaseFont"]), f["/BaseFont"]
            assert "/FontFile2" in f["/FontDescriptor"], f["/BaseFont"]


def test_bad_options_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--cases", "0"]) == 2
    assert main(["--only", "nonsense"]) == 2
    assert "nonsense" in capsys.readouterr().err


@pytest.mark.postgres
def test_a_tiny_run_on_postgresql_reports_every_figure(pg_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name = pg_server.create_database()
    url = pg_server.url(name)
    ref = reference_url(url, Spec(50, 5, big_events=BIG)).rsplit("/", 1)[1]
    out = tmp_path / "bench.json"
    try:
        assert main([*TINY, "--database", url, "--json", str(out)]) == 0
        report = json.loads(out.read_text())
        _check(report, "postgresql")
        scratch = pg_server.psql(
            f"SELECT datname FROM pg_database WHERE datname LIKE '{name[:24]}\\_%'", "postgres"
        ).stdout.split()
        assert scratch == [ref]  # the growth reference stays; scratch databases are gone
    finally:
        drop_pg_database(pg_server, ref)
        drop_pg_database(pg_server, name)


def test_the_report_is_saved_after_every_figure_and_a_missing_part_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A figure that cannot import what it needs (no Qt here) is reported as skipped, and the
    figures measured before a failure are already in the JSON file."""
    from resolution_center.bench import figures

    def needs_qt(bench: object) -> list[object]:
        raise ImportError("no Qt", name="PySide6")

    def breaks(bench: object) -> list[object]:
        saved = json.loads(out.read_text())
        assert [f["key"] for f in saved["figures"]] == ["counts", "client"]
        raise RuntimeError("the machine went away")

    out = tmp_path / "bench.json"
    cache = tmp_path / "cache"
    fake = [
        next(f for f in figures.REGISTRY if f.key == "counts"),
        figures.Figure("client", "desktop client", needs_qt, None, "ms"),
        figures.Figure("agreement_pdf", "agreement PDF", breaks, None, "ms"),
    ]
    monkeypatch.setattr("resolution_center.bench.runner.REGISTRY", fake)
    args = [
        *TINY,
        "--no-growth",
        "--only",
        "counts,client,agreement_pdf",
        "--json",
        str(out),
        "--cache-dir",
        str(cache),
    ]
    with pytest.raises(RuntimeError, match="went away"):
        main(args)
    saved = json.loads(out.read_text())
    client = next(f for f in saved["figures"] if f["key"] == "client")
    assert client["status"] == "skipped" and "PySide6" in client["details"]["why"]
