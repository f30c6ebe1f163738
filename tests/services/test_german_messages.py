"""A message in German is filled with German values: status, dates and money as German writes
them (the English template keeps the English forms)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from resolution_center.domain.messages import SHIPPED_TEMPLATES
from resolution_center.export import agreement_words
from resolution_center.services import message_render
from tests.helpers.workspace import Workspace, draft


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = Workspace.create("sqlite:///" + str(tmp_path / "rc.db"))
    yield workspace
    workspace.close()


def test_every_shipped_template_has_a_german_version() -> None:
    german = {t.name for t in message_render.shipped_templates() if t.language == "de"}
    assert german == set(SHIPPED_TEMPLATES)


def test_a_german_status_update_says_status_and_due_date_in_german(ws: Workspace) -> None:
    alice = ws.login("alice")
    case = alice.cases.create(draft())
    german = alice.messages.preview(case.reference, "status-update", "de")
    english = alice.messages.preview(case.reference, "status-update", "en")
    assert german.language == "de" and "Status: neu." in german.body
    assert "status is now: New." in english.body
    due = case.resolution_due
    assert due is not None
    german_day = agreement_words.day(due.date(), "de")  # "28. November 2026"
    assert german_day in german.body
    assert due.strftime("%Y-%m-%d") in english.body
