"""Messages, templates and approved answers survive a backup and restore, searchable after it
(a PostgreSQL backup restored into SQLite fills the answers' text index from the rows)."""

from __future__ import annotations

from pathlib import Path

import pytest

from resolution_center.domain.answers import AnswerText
from resolution_center.services.backup import backup, restore
from tests.helpers.workspace import Workspace, draft


@pytest.mark.postgres
def test_a_logical_backup_restores_messages_and_a_searchable_library(
    pg_workspace: Workspace, tmp_path: Path
) -> None:
    alice = pg_workspace.login("alice")
    case = alice.cases.create(draft())
    answer = alice.answers.add("faq", AnswerText("Rückerstattung", "Binnen 5 Tagen.", (), "", "de"))
    in_use = pg_workspace.login("sam").answers.approve(answer.id).in_use
    assert in_use is not None
    root = pg_workspace.login("root")
    root.templates.save("status-update", "de", "Stand: {{ reference }}", "Hallo.")
    sent = alice.messages.draft(
        case.reference, template="status-update", language="de", answers=[in_use.id], send=True
    )
    backup(root, tmp_path / "team.backup")
    url = "sqlite:///" + str(tmp_path / "copy.db")
    restore(url, tmp_path / "team.backup", config=pg_workspace.config, clock=pg_workspace.clock)
    copy = Workspace(url, pg_workspace.clock, pg_workspace.config)
    try:
        system = copy.login(None)
        assert system.messages.get(sent.id).template_ref == "status-update/de v2"
        assert [a.id for a in system.answers.search("ruckerstattung")] == [answer.id]
        assert system.answers.get(answer.id).uses == 1
        assert [t.version for t in system.templates.versions("status-update", "de")] == [1, 2]
        assert system.audit.verify().ok
    finally:
        copy.close()
