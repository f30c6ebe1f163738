"""Shared mode: what users at a SQL prompt cannot do to messages, templates and approved answers
(their own login role, least privilege; the triggers of storage/pg_messages.py)."""

from __future__ import annotations

from typing import Any

import pytest

from resolution_center.domain.answers import AnswerText
from tests.helpers.workspace import PASSWORD, Workspace, draft

pytestmark = pytest.mark.postgres

TEXT = AnswerText("Refund timing", "Refunds reach you within 5 working days.", ("refund",))


def _psql(ws: Workspace, pg_server: Any, sql: str, user: str = "alice") -> Any:
    return pg_server.psql(sql, ws.url.rsplit("/", 1)[1], user, PASSWORD)


def _refused(result: Any) -> bool:
    return result.returncode != 0 and (
        "permission denied" in result.stderr or "ERROR" in result.stderr
    )


def _sent_message(ws: Workspace) -> int:
    alice = ws.login("alice")
    case = alice.cases.create(draft())
    [ack] = alice.messages.list(case.reference)
    return alice.messages.send(ack.id).id


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE messages SET body = 'We owe you nothing.'",
        "UPDATE messages SET state = 'draft', sent_by = NULL, sent_at = NULL",
        "DELETE FROM messages",
        "TRUNCATE messages",
    ],
)
def test_a_sent_message_cannot_be_rewritten_or_removed(
    pg_server: Any, pg_workspace: Workspace, sql: str
) -> None:
    message_id = _sent_message(pg_workspace)
    result = _psql(pg_workspace, pg_server, sql)
    assert _refused(result), result.stdout
    root = pg_workspace.login("root")
    assert root.messages.get(message_id).body.startswith("Dear ")
    assert root.audit.verify().ok


def test_a_user_cannot_send_a_draft_in_someone_elses_name(
    pg_server: Any, pg_workspace: Workspace
) -> None:
    alice = pg_workspace.login("alice")
    case = alice.cases.create(draft())
    [ack] = alice.messages.list(case.reference)
    result = _psql(
        pg_workspace,
        pg_server,
        f"UPDATE messages SET state = 'sent', sent_by = 'maria', "
        f"sent_at = '2026-11-23T10:00:00.000000Z' WHERE id = {ack.id}",
    )
    assert _refused(result)
    assert "in your own name" in result.stderr


def test_no_self_approval_even_at_a_sql_prompt(pg_server: Any, pg_workspace: Workspace) -> None:
    answer = pg_workspace.login("sam").answers.add("reply", TEXT)
    version_id = answer.latest.id
    approve = (
        f"UPDATE answer_versions SET approved_by = '{{who}}', "
        f"approved_at = '2026-11-23T10:00:00.000000Z' WHERE id = {version_id}"
    )
    own = _psql(pg_workspace, pg_server, approve.format(who="sam"), user="sam")
    assert _refused(own) and "no self-approval" in own.stderr
    specialist = _psql(pg_workspace, pg_server, approve.format(who="bob"), user="bob")
    assert _refused(specialist) and "senior specialist" in specialist.stderr
    # Putting an unapproved version in use directly is refused too.
    in_use = _psql(
        pg_workspace,
        pg_server,
        f"UPDATE answers SET in_use_version = {version_id} WHERE id = {answer.id}",
        user="sam",
    )
    assert _refused(in_use)
    root = pg_workspace.login("root")
    assert root.answers.get(answer.id).in_use is None
    assert root.audit.verify().ok


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE answer_versions SET body = 'Refunds take a year.'",
        "UPDATE answers SET uses = 0",
        "DELETE FROM answer_versions",
        "DELETE FROM answers",
    ],
)
def test_an_approved_answer_keeps_its_text_and_its_count(
    pg_server: Any, pg_workspace: Workspace, sql: str
) -> None:
    answer = pg_workspace.login("alice").answers.add("faq", TEXT)
    pg_workspace.login("sam").answers.approve(answer.id)
    case = pg_workspace.login("alice").cases.create(draft())
    in_use = pg_workspace.login("alice").answers.get(answer.id).in_use
    assert in_use is not None
    alice = pg_workspace.login("alice")
    alice.messages.draft(case.reference, subject="s", body="b", answers=[in_use.id], send=True)
    result = _psql(pg_workspace, pg_server, sql, user="erin")
    assert _refused(result)
    found = pg_workspace.login("root").answers.get(answer.id)
    assert found.uses == 1 and found.in_use is not None
    assert found.in_use.text.body == TEXT.body


def test_only_admins_save_template_versions(pg_server: Any, pg_workspace: Workspace) -> None:
    insert = (
        "INSERT INTO message_templates (name, language, version, subject, body, sha256, "
        "created_by, created_at) VALUES ('status-update', 'en', 9, 'x', 'y', repeat('0', 64), "
        "'{who}', '2026-11-23T10:00:00.000000Z')"
    )
    result = _psql(pg_workspace, pg_server, insert.format(who="maria"), user="maria")
    assert _refused(result) and "permission denied" in result.stderr
    assert [t.version for t in pg_workspace.login("root").templates.versions("status-update")] == [
        1,
        1,
    ]


def test_a_message_written_past_the_service_does_not_commit_without_its_event(
    pg_server: Any, pg_workspace: Workspace
) -> None:
    alice = pg_workspace.login("alice")
    case = alice.cases.create(draft())
    insert = (
        "INSERT INTO messages (case_id, state, language, subject, body, answer_versions, "
        f"drafted_by, drafted_at, sent_by, sent_at) VALUES ({case.id}, 'sent', 'en', "
        "'We accept nothing', 'Your claim is refused.', '', 'alice', "
        "'2026-11-23T10:00:00.000000Z', 'alice', '2026-11-23T10:00:00.000000Z')"
    )
    result = _psql(pg_workspace, pg_server, insert)
    assert _refused(result) and "without its audit event" in result.stderr
    root = pg_workspace.login("root")
    assert [m.subject for m in root.messages.list(case.reference)] == [
        f"We have received your complaint ({case.reference})"
    ]
    assert root.audit.verify().ok
