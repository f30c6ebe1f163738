"""Attacks on closing the loop. PostgreSQL: a specialist at a SQL prompt with their own role
cannot close a case over open remedies, resolve it without a code, reopen a merged case, or
rewrite a follow-up or a link. SQLite: a task or link edited in the file is named by `verify`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from resolution_center.domain.case import Status
from tests.helpers.remedies import eur, new_case
from tests.helpers.workspace import PASSWORD, Workspace, draft


def _psql(ws: Workspace, pg_server: Any, sql: str, user: str = "alice") -> Any:
    return pg_server.psql(sql, ws.url.rsplit("/", 1)[1], user, PASSWORD)


def _resolved_with_open_remedy(ws: Workspace) -> tuple[str, str]:
    alice = ws.login("alice")
    case = new_case(alice)
    remedy = alice.remedies.propose(case.reference, "partial-refund", eur("60.00"), reason="late")
    alice.cases.change_status(case.reference, "resolved", code="refunded", summary="Refund sent")
    return case.reference, remedy.reference


@pytest.mark.postgres
def test_a_specialists_role_cannot_close_over_open_remedies(
    pg_server: Any, pg_workspace: Workspace
) -> None:
    ref, remedy = _resolved_with_open_remedy(pg_workspace)
    result = _psql(
        pg_workspace,
        pg_server,
        f"UPDATE cases SET status = 'closed', version = version + 1 WHERE reference = '{ref}'",
    )
    assert result.returncode != 0
    assert "only a supervisor may close it" in result.stderr and remedy in result.stderr
    root = pg_workspace.login("root")
    assert root.cases.get(ref).status is Status.RESOLVED
    assert root.audit.verify().ok


@pytest.mark.postgres
def test_a_supervisors_role_passes_the_guard_but_not_without_an_event(
    pg_server: Any, pg_workspace: Workspace
) -> None:
    """The guard lets a supervisor's close through; the trail's seal still refuses a write
    with no event, so the override is only ever made through the app, with its reason."""
    ref, _remedy = _resolved_with_open_remedy(pg_workspace)
    result = _psql(
        pg_workspace,
        pg_server,
        f"UPDATE cases SET status = 'closed' WHERE reference = '{ref}'",
        "maria",
    )
    assert result.returncode != 0 and "only a supervisor" not in result.stderr
    assert pg_workspace.login("root").cases.get(ref).status is Status.RESOLVED


@pytest.mark.postgres
@pytest.mark.parametrize(
    "assignment",
    [
        "status = 'resolved', resolution_code = NULL, resolution_summary = ''",
        "status = 'resolved', resolution_code = 'refunded', resolution_summary = '   '",
    ],
)
def test_a_specialists_role_cannot_resolve_without_code_and_summary(
    pg_server: Any, pg_workspace: Workspace, assignment: str
) -> None:
    ref = pg_workspace.login("alice").cases.create(draft()).reference
    result = _psql(
        pg_workspace, pg_server, f"UPDATE cases SET {assignment} WHERE reference = '{ref}'"
    )
    assert result.returncode != 0
    assert "resolves only with a resolution code and a summary" in result.stderr


@pytest.mark.postgres
@pytest.mark.parametrize(
    "assignment", ["merged_into = NULL", "status = 'open'", "merged_into = 'RC-2026-000009'"]
)
def test_a_merged_case_stays_closed_with_its_pointer(
    pg_server: Any, pg_workspace: Workspace, assignment: str
) -> None:
    alice = pg_workspace.login("alice")
    first, second = alice.cases.create(draft()), alice.cases.create(draft("Again"))
    alice.case_links.merge(second.reference, first.reference, "same complaint")
    result = _psql(
        pg_workspace,
        pg_server,
        f"UPDATE cases SET {assignment} WHERE reference = '{second.reference}'",
    )
    assert result.returncode != 0 and "stays closed" in result.stderr


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("sql", "words"),
    [
        ("UPDATE case_tasks SET note = 'nothing to do'", "can only be marked done or cancelled"),
        (
            "UPDATE case_tasks SET state = 'done', closed_at = 'x', closed_by = 'alice', "
            "due_at = '2030-01-01T00:00:00.000000Z'",
            "can only be marked done or cancelled",
        ),
        ("DELETE FROM case_tasks", "permission denied"),
        (
            "UPDATE case_tasks SET state = 'done', closed_at = 'x', closed_by = 'maria'",
            "written in your own name",
        ),
        (
            "INSERT INTO case_tasks (case_id, due_at, note, state, created_at, created_by, "
            "close_reason) SELECT id, '2030-01-01T00:00:00.000000Z', 'x', 'open', "
            "'2026-01-01T00:00:00.000000Z', 'maria', '' FROM cases LIMIT 1",
            "written in your own name",
        ),
        (
            "INSERT INTO case_links (case_id, other_case_id, kind, reason, created_at, "
            "created_by) SELECT max(id), min(id), 'merged', '', 'x', 'maria' FROM cases",
            "written in your own name",
        ),
        ("UPDATE case_links SET kind = 'merged'", "permission denied"),
        ("DELETE FROM case_links", "permission denied"),
        ("TRUNCATE case_tasks", "permission denied"),
    ],
)
def test_a_specialists_role_cannot_rewrite_follow_ups_or_links(
    pg_server: Any, pg_workspace: Workspace, sql: str, words: str
) -> None:
    alice = pg_workspace.login("alice")
    first, second = alice.cases.create(draft()), alice.cases.create(draft("Another"))
    alice.follow_ups.add(first.reference, pg_workspace.clock.now + timedelta(days=1), "Call back")
    alice.case_links.link(first.reference, second.reference, "same parcel")
    result = _psql(pg_workspace, pg_server, sql)
    assert result.returncode != 0 and words in result.stderr
    root = pg_workspace.login("root")
    assert [t.note for t in root.follow_ups.for_case(first.reference)] == ["Call back"]
    assert root.audit.verify().ok


@pytest.mark.parametrize(
    ("table", "statement"),
    [
        ("case_tasks", "UPDATE case_tasks SET due_at = '2030-01-01T00:00:00.000000Z'"),
        ("case_links", "UPDATE case_links SET kind = 'merged'"),
        (
            "cases",
            "UPDATE cases SET resolution_code = 'declined' WHERE resolution_code IS NOT NULL",
        ),
    ],
)
def test_verify_names_a_task_link_or_resolution_edited_behind_the_apps_back(
    workspace: Workspace, table: str, statement: str
) -> None:
    alice = workspace.login("alice")
    first, second = alice.cases.create(draft()), alice.cases.create(draft("Another"))
    alice.follow_ups.add(first.reference, workspace.clock.now + timedelta(days=1), "Call back")
    alice.case_links.link(first.reference, second.reference, "same parcel")
    alice.cases.change_status(second.reference, "resolved", code="refunded", summary="Paid")
    root = workspace.login("root")
    assert root.audit.verify().ok
    workspace.tamper(statement)
    report = root.audit.verify()
    assert not report.ok
    assert any(table in str(p) for p in report.problems), report.problems
