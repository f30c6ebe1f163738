"""A demo database's whole trail reads as words: no JSON, no raw codes, money in its currency."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from resolution_center.domain.actions import Action
from resolution_center.domain.trail_text import PERSONAL, TrailText, entry_of, label
from resolution_center.services.context import Config
from resolution_center.services.demo import DEMO_USERS, fill_demo
from resolution_center.services.session import open_context
from resolution_center.storage.repositories import AuditRepository

# JSON brackets, money's stored form, audit time stamps, whole hashes, action codes.
_RAW = re.compile(
    r"[{}\[\]]|\bminor\b|\d{4}-\d{2}-\d{2}T\d{2}|[0-9a-f]{20}|"
    + "|".join(re.escape(a.value) for a in Action)
)


def test_a_demo_trail_reads_as_words(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RESOLUTION_CENTER_ARGON2_MEMORY_KIB", "1024")
    monkeypatch.setenv("RESOLUTION_CENTER_ARGON2_TIME_COST", "1")
    config = Config.from_env()
    url = "sqlite:///" + str(tmp_path_factory.mktemp("trail") / "demo.db")
    fill_demo(url, config=config, clock=lambda: datetime(2026, 11, 23, 9, 30, tzinfo=UTC))
    password = next(u.password for u in DEMO_USERS if u.username == "maria")
    ctx = open_context(url, "maria", password, config=config)
    try:
        text = TrailText(ctx.taxonomy)
        raw = [entry_of(e) for e in AuditRepository(ctx.store).recent(1_000_000)]
        resolved = [
            e
            for case_id in {r.event.case_id for r in raw if r.event.case_id}
            for e in ctx.audit.case_trail(case_id)
        ]
        assert len({e.event.action for e in raw}) > 20
        for entry in [*raw, *resolved]:
            summary = text.summary(entry).replace(PERSONAL, "")
            assert not _RAW.search(summary), (entry.event.action, summary)
            assert label(entry.event.action) in {label(a) for a in Action}
            for field in text.fields(entry):
                assert "{" not in field.value and "minor" not in field.value, field
            assert "{" not in text.reason(entry)
    finally:
        ctx.close()
