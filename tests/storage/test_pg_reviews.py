"""Shared mode: what users at a SQL prompt cannot do to periodic reviews (their own login role,
least privilege; the triggers of storage/pg_reviews.py). A specialist cannot open, note or sign
one; nobody, a supervisor included, changes a signed review, its notes or what an action asked;
an action is finished only by its owner or a reviewer, in their own name."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.helpers.workspace import PASSWORD, Workspace

pytestmark = pytest.mark.postgres

NOW = "2026-11-23T10:00:00.000000Z"


def _psql(ws: Workspace, pg_server: Any, sql: str, user: str) -> Any:
    return pg_server.psql(sql, ws.url.rsplit("/", 1)[1], user, PASSWORD)


def _refused(result: Any) -> bool:
    return result.returncode != 0 and (
        "permission denied" in result.stderr or "ERROR" in result.stderr
    )


def _review(ws: Workspace, *, signed: bool) -> tuple[int, int]:
    maria = ws.login("maria")
    review = maria.reviews.open(date(2026, 11, 1), date(2026, 11, 30))
    maria.reviews.note(review.id, "Quiet month.")
    action = maria.reviews.add_action(review.id, "Call Acme", "alice", date(2026, 12, 20))
    if signed:
        maria.reviews.sign(review.id, PASSWORD)
    return review.id, action.id


def test_a_specialist_cannot_open_note_or_sign_a_review(
    pg_server: Any, pg_workspace: Workspace
) -> None:
    review_id, _ = _review(pg_workspace, signed=False)
    attempts = [
        "INSERT INTO reviews (period_from, period_to, state, opened_at, opened_by, frozen_at, "
        f"frozen_by, refreshes, kpis, patterns, sign_note, version) VALUES ('2026-10-01', "
        f"'2026-10-31', 'open', '{NOW}', 'alice', '{NOW}', 'alice', 0, '{{}}', '{{}}', '', 1)",
        "INSERT INTO review_notes (review_id, finding, body, created_at, created_by) "
        f"VALUES ({review_id}, '', 'mine', '{NOW}', 'alice')",
        f"UPDATE reviews SET state = 'signed', signed_by = 'alice', signed_at = '{NOW}', "
        f"version = version + 1 WHERE id = {review_id}",
        f"UPDATE reviews SET patterns = '{{}}', frozen_by = 'alice', refreshes = refreshes + 1, "
        f"version = version + 1 WHERE id = {review_id}",
    ]
    for sql in attempts:
        result = _psql(pg_workspace, pg_server, sql, "alice")
        assert _refused(result), (sql, result.stdout)
        assert "supervisors and admins" in result.stderr, result.stderr
    root = pg_workspace.login("root")
    review = root.reviews.get(review_id)
    assert review.state.value == "open" and review.patterns and len(review.notes) == 1
    assert root.audit.verify().ok


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE reviews SET patterns = '{{}}', version = version + 1",
        "UPDATE reviews SET state = 'open', signed_by = NULL, signed_at = NULL",
        "DELETE FROM reviews",
        "UPDATE review_notes SET body = 'We knew nothing.'",
        "DELETE FROM review_notes",
        "INSERT INTO review_notes (review_id, finding, body, created_at, created_by) "
        "VALUES ({review}, '', 'after the fact', '" + NOW + "', 'maria')",
        "UPDATE review_actions SET due_on = '2027-12-31'",
        "DELETE FROM review_actions",
    ],
)
def test_a_signed_review_never_changes_not_even_for_a_supervisor(
    pg_server: Any, pg_workspace: Workspace, sql: str
) -> None:
    review_id, _ = _review(pg_workspace, signed=True)
    result = _psql(pg_workspace, pg_server, sql.format(review=review_id), "maria")
    assert _refused(result), result.stdout
    root = pg_workspace.login("root")
    review = root.reviews.get(review_id)
    assert review.state.value == "signed" and review.patterns
    assert [n.body for n in review.notes] == ["Quiet month."]
    assert [str(a.due_on) for a in review.actions] == ["2026-12-20"]
    assert root.audit.verify().ok


def test_an_action_is_finished_by_its_owner_in_their_own_name(
    pg_server: Any, pg_workspace: Workspace
) -> None:
    _, action_id = _review(pg_workspace, signed=True)
    done = (
        "UPDATE review_actions SET state = 'done', done_by = '{who}', "
        f"done_at = '{NOW}' WHERE id = {action_id}"
    )
    other = _psql(pg_workspace, pg_server, done.format(who="bob"), "bob")
    assert _refused(other) and "by its owner or a supervisor" in other.stderr
    forged = _psql(pg_workspace, pg_server, done.format(who="maria"), "alice")
    assert _refused(forged)
    # Through the app, the owner finishes it; the trail vouches for the row.
    assert pg_workspace.login("alice").reviews.finish_action(action_id).done_by == "alice"
    assert pg_workspace.login("root").audit.verify().ok
