"""Shared mode: a user with their own credentials and a SQL prompt cannot forge or erase history."""

from __future__ import annotations

import pytest

from tests.helpers.workspace import PASSWORD, Workspace, draft

pytestmark = pytest.mark.postgres


def _psql(ws: Workspace, pg_server, sql: str, user: str = "alice"):  # type: ignore[no-untyped-def]
    dbname = ws.url.rsplit("/", 1)[1]
    return pg_server.psql(sql, dbname, user, PASSWORD)


def _head(ws: Workspace) -> int:
    return ws.login("root").audit.head().seq


def test_a_user_cannot_insert_a_forged_event(pg_server, pg_workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    before = _head(pg_workspace)
    result = _psql(
        pg_workspace,
        pg_server,
        "INSERT INTO audit_events (seq, prev_hash, hash, time, actor, role, action, "
        "target_type, target_id, data) VALUES (9999, 'x', 'y', 'now', 'maria', "
        "'supervisor', 'remedy.approved', 'remedy', 'RM-1', '{}')",
    )
    assert result.returncode != 0
    assert "permission denied" in result.stderr
    assert _head(pg_workspace) == before


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_events SET actor = 'maria' WHERE seq = 2",
        "DELETE FROM audit_events WHERE seq = 2",
        "TRUNCATE audit_events",
        "UPDATE chain_head SET seq = 0",
        "DELETE FROM chain_head",
    ],
)
def test_a_user_cannot_change_or_delete_events(
    pg_server,
    pg_workspace: Workspace,  # type: ignore[no-untyped-def]
    sql: str,
) -> None:
    result = _psql(pg_workspace, pg_server, sql)
    assert result.returncode != 0
    assert "permission denied" in result.stderr
    assert pg_workspace.login("root").audit.verify().ok


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_events SET actor = 'maria' WHERE seq = 2",
        "DELETE FROM audit_events WHERE seq = 2",
        "TRUNCATE audit_events",
        "DELETE FROM chain_head",
    ],
)
def test_even_the_owner_cannot_change_events(
    pg_server,
    pg_workspace: Workspace,  # type: ignore[no-untyped-def]
    sql: str,
) -> None:
    dbname = pg_workspace.url.rsplit("/", 1)[1]
    result = pg_server.psql(sql, dbname, pg_server.superuser, pg_server.superuser_password)
    assert result.returncode != 0
    assert "append-only" in result.stderr or "cannot be removed" in result.stderr
    assert pg_workspace.login("root").audit.verify().ok


def test_events_are_stamped_with_the_session_user_not_a_claimed_name(  # type: ignore[no-untyped-def]
    pg_server, pg_workspace: Workspace
) -> None:
    case = pg_workspace.login("alice").cases.create(draft())
    result = _psql(
        pg_workspace,
        pg_server,
        f"UPDATE cases SET subject = 'Kettle leaks badly' WHERE id = {case.id}; "
        "SELECT o_actor, o_role FROM rc_append_event('case.updated', 'case', "
        f"'{case.reference}', {case.id}, '{{\"claimed_actor\":\"maria\"}}', "
        f"'{{cases}}', '{{{case.id}}}')",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "alice|specialist"
    assert pg_workspace.login("root").audit.verify().ok


@pytest.mark.parametrize(
    "sql, message",
    [
        ("SET ROLE maria", "permission denied"),
        ("SET SESSION AUTHORIZATION maria", "permission denied"),
        ("UPDATE users SET role = 'supervisor' WHERE username = 'alice'", "permission denied"),
        (
            "INSERT INTO users (username, display_name, role, disabled, failed_logins, created_at) "
            "VALUES ('mallory', 'M', 'admin', false, 0, 'x')",
            "permission denied",
        ),
        (
            "SELECT rc_append_event('x', 'y', 'z', NULL, 'not json', '{}', '{}')",
            "invalid input syntax",
        ),
    ],
)
def test_a_user_cannot_act_as_someone_else(
    pg_server,
    pg_workspace: Workspace,  # type: ignore[no-untyped-def]
    sql: str,
    message: str,
) -> None:
    result = _psql(pg_workspace, pg_server, sql)
    assert result.returncode != 0
    assert message in result.stderr


def test_a_disabled_user_can_no_longer_connect_or_append(  # type: ignore[no-untyped-def]
    pg_server, pg_workspace: Workspace
) -> None:
    pg_workspace.login("root").users.disable("bob", reason="left the company")
    result = _psql(pg_workspace, pg_server, "SELECT 1", user="bob")
    assert result.returncode != 0
    assert "not permitted to log in" in result.stderr


def test_work_done_through_the_app_is_attributed_to_each_users_role(  # type: ignore[no-untyped-def]
    pg_workspace: Workspace,
) -> None:
    case = pg_workspace.login("alice").cases.create(draft())
    pg_workspace.login("bob").cases.add_note(case.reference, "checked the warehouse")
    trail = pg_workspace.login("maria").audit.case_trail(case.id)
    assert [(e.event.actor, e.event.role) for e in trail] == [
        ("alice", "specialist"),
        ("alice", "specialist"),
        ("alice", "specialist"),  # the acknowledgement intake drafts
        ("bob", "specialist"),
    ]
