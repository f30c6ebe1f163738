"""Shared mode: what a user at a SQL prompt cannot do to satisfaction scores and to other
users' notification read state (their own login role, least privilege; the triggers of
storage/pg_satisfaction.py and storage/pg_notifications.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers.workspace import PASSWORD, Workspace, draft

pytestmark = pytest.mark.postgres


def _psql(ws: Workspace, pg_server: Any, sql: str, user: str = "bob") -> Any:
    return pg_server.psql(sql, ws.url.rsplit("/", 1)[1], user, PASSWORD)


def _refused(result: Any) -> bool:
    return result.returncode != 0 and (
        "permission denied" in result.stderr or "ERROR" in result.stderr
    )


def _scored(ws: Workspace) -> tuple[str, int]:
    alice = ws.login("alice")
    case = alice.cases.create(draft())
    alice.cases.assign(case.reference, "alice")
    alice.cases.change_status(case.reference, "resolved", code="refunded", summary="Refunded")
    return case.reference, alice.satisfaction.record(case.reference, 1, "phone", "Awful").id


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE satisfaction_scores SET score = 5, comment = 'Great'",
        "DELETE FROM satisfaction_scores",
        "TRUNCATE satisfaction_scores",
    ],
)
def test_a_recorded_score_cannot_be_rewritten_or_removed(
    pg_server: Any, pg_workspace: Workspace, sql: str
) -> None:
    ref, score_id = _scored(pg_workspace)
    for user in ("bob", "alice"):  # another specialist, and the one who recorded it
        result = _psql(pg_workspace, pg_server, sql, user)
        assert _refused(result), (user, result.stdout)
    root = pg_workspace.login("root")
    current = root.satisfaction.current(ref)
    assert current is not None and (current.id, current.score) == (score_id, 1)
    assert root.audit.verify().ok


def test_a_score_is_not_recorded_in_someone_elses_name(
    pg_server: Any, pg_workspace: Workspace
) -> None:
    ref, _ = _scored(pg_workspace)
    result = _psql(
        pg_workspace,
        pg_server,
        "INSERT INTO satisfaction_scores (case_id, score, comment, source, recorded_by, "
        f"recorded_at) SELECT id, 5, '', 'phone', 'maria', '2026-11-23T10:00:00.000000Z' "
        f"FROM cases WHERE reference = '{ref}'",
    )
    assert _refused(result) and "in your own name" in result.stderr
    assert [s.score for s in pg_workspace.login("root").satisfaction.for_case(ref)] == [1]


@pytest.mark.parametrize(
    ("source", "message", "why"),
    [
        # the customer "said" 5 in a reply that does not exist
        ("reply", "NULL", "names the customer's reply"),
        # ... in our own survey to them
        ("reply", "(SELECT max(id) FROM messages WHERE direction = 'out')", "names the customer"),
        # a typed score taking the one score the customer's reply can give
        ("phone", "(SELECT max(id) FROM messages)", "names no message"),
    ],
)
def test_a_score_says_it_came_from_a_reply_only_with_that_reply(
    pg_server: Any, pg_workspace: Workspace, source: str, message: str, why: str
) -> None:
    ref, _ = _scored(pg_workspace)
    result = _psql(
        pg_workspace,
        pg_server,
        "INSERT INTO satisfaction_scores (case_id, score, comment, source, message_id, "
        f"recorded_by, recorded_at) SELECT id, 5, '', '{source}', {message}, 'bob', "
        f"'2026-11-23T10:00:00.000000Z' FROM cases WHERE reference = '{ref}'",
    )
    assert _refused(result) and why in result.stderr, result.stderr
    assert [s.score for s in pg_workspace.login("root").satisfaction.for_case(ref)] == [1]


def _alice_has_read_all(ws: Workspace) -> int:
    bob = ws.login("bob")
    case = bob.cases.create(draft())
    bob.cases.assign(case.reference, "alice")
    alice = ws.login("alice")
    [note] = alice.notifications.list()
    assert alice.notifications.mark_all_read() == 1
    return note.seq


@pytest.mark.parametrize(
    "sql",
    [
        # marking a colleague's notifications read (or unread) behind their back
        "INSERT INTO notification_reads (user_id, seq, read_at) SELECT id, {seq} + 1, "
        "'2026-11-23T10:00:00.000000Z' FROM users WHERE username = 'alice'",
        "UPDATE notification_marks SET seq = 0 WHERE user_id = "
        "(SELECT id FROM users WHERE username = 'alice')",
        "UPDATE notification_marks SET seq = seq + 1000 WHERE user_id = "
        "(SELECT id FROM users WHERE username = 'alice')",
        "DELETE FROM notification_marks",
        "INSERT INTO notification_marks (user_id, seq, marked_at) SELECT id, 1000, "
        "'2026-11-23T10:00:00.000000Z' FROM users WHERE username = 'sam'",
    ],
)
def test_a_specialist_cannot_forge_another_users_read_state(
    pg_server: Any, pg_workspace: Workspace, sql: str
) -> None:
    seq = _alice_has_read_all(pg_workspace)
    result = _psql(pg_workspace, pg_server, sql.format(seq=seq), "bob")
    assert _refused(result), result.stdout
    assert "by their own user: you are bob" in result.stderr or (
        "permission denied" in result.stderr
    )
    alice = pg_workspace.login("alice")
    assert [n.read for n in alice.notifications.list()] == [True]
    assert pg_workspace.login("root").audit.verify().ok


def test_a_user_cannot_unread_their_own_notifications_behind_the_trail(
    pg_server: Any, pg_workspace: Workspace
) -> None:
    _alice_has_read_all(pg_workspace)
    result = _psql(
        pg_workspace,
        pg_server,
        "UPDATE notification_marks SET seq = 0 WHERE user_id = "
        "(SELECT id FROM users WHERE username = 'alice')",
        "alice",
    )
    assert _refused(result) and "only moves forward" in result.stderr
