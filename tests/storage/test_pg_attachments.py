"""Shared mode: evidence is append-only for users at a SQL prompt, and even for the owner."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers.workspace import PASSWORD, Workspace, draft

pytestmark = pytest.mark.postgres

TEXT = b"Customer wrote: the kettle leaks at the base.\n"


def _psql(ws: Workspace, pg_server: Any, sql: str, user: str | None = "alice") -> Any:
    """psql as one of the users, or with `user=None` as the server's superuser (the owner)."""
    dbname = ws.url.rsplit("/", 1)[1]
    if user is None:
        return pg_server.psql(sql, dbname, pg_server.superuser, pg_server.superuser_password)
    return pg_server.psql(sql, dbname, user, PASSWORD)


def _attached(ws: Workspace) -> tuple[int, int]:
    alice = ws.login("alice")
    case = alice.cases.create(draft())
    return case.id, alice.attachments.add(case.reference, "mail.txt", TEXT).id


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE attachments SET content = decode('00', 'hex'), size_bytes = 1",
        "UPDATE attachments SET withdrawn_at = 'x', withdrawn_by = 'alice', withdraw_reason = 'x'",
        "DELETE FROM attachments",
        "TRUNCATE attachments",
    ],
)
def test_a_user_cannot_change_or_delete_evidence(
    pg_server: Any,
    pg_workspace: Workspace,
    sql: str,
) -> None:
    _case_id, attachment_id = _attached(pg_workspace)
    result = _psql(pg_workspace, pg_server, sql)
    assert result.returncode != 0
    assert "permission denied" in result.stderr
    root = pg_workspace.login("root")
    assert root.audit.verify().ok
    assert root.attachments.content(attachment_id) == TEXT


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM attachments",
        "UPDATE attachments SET content = decode('00', 'hex'), size_bytes = 1",
        "TRUNCATE attachments",
    ],
)
def test_even_the_owner_cannot_change_evidence(
    pg_server: Any,
    pg_workspace: Workspace,
    sql: str,
) -> None:
    _attached(pg_workspace)
    result = _psql(pg_workspace, pg_server, sql, user=None)
    assert result.returncode != 0
    assert "evidence" in result.stderr or "is a record" in result.stderr
    assert pg_workspace.login("root").audit.verify().ok


def test_a_user_cannot_add_evidence_in_someone_elses_name(
    pg_server: Any, pg_workspace: Workspace
) -> None:
    case_id, _ = _attached(pg_workspace)
    insert = (
        "INSERT INTO attachments (case_id, file_name, media_type, size_bytes, sha256, "
        "description, content, added_by, added_at, withdraw_reason) VALUES "
        f"({case_id}, 'forged.txt', 'text/plain', 3, repeat('1', 64), '', 'abc'::bytea, "
        "'{who}', '2026-11-23T09:00:00.000000Z', '')"
    )
    result = _psql(pg_workspace, pg_server, insert.format(who="maria"))
    assert result.returncode != 0
    assert "in your own name" in result.stderr
    # In their own name, but without its event: the commit is refused (storage/pg_vouch.py).
    result = _psql(pg_workspace, pg_server, insert.format(who="alice"))
    assert result.returncode != 0
    assert "was changed without its audit event" in result.stderr
    assert pg_workspace.login("root").audit.verify().ok


def test_withdrawing_goes_through_the_guard_function(
    pg_server: Any, pg_workspace: Workspace
) -> None:
    _case_id, attachment_id = _attached(pg_workspace)
    call = f"SELECT o_by FROM rc_withdraw_attachment({attachment_id}, 'wrong case')"
    result = _psql(pg_workspace, pg_server, call, user="bob")
    assert result.returncode != 0
    assert "only alice" in result.stderr
    # Called around the app, the withdrawal has no event: the commit is refused.
    result = _psql(pg_workspace, pg_server, call, user="maria")
    assert result.returncode != 0
    assert "was changed without its audit event" in result.stderr
    # With its event (the facts as stored) it goes in; once only. The bytes stay.
    with_event = (
        f"SELECT o_by FROM rc_withdraw_attachment({attachment_id}, 'wrong case'); "
        "SELECT e.o_seq > 0 FROM attachments a JOIN cases c ON c.id = a.case_id, "
        "LATERAL rc_append_event('evidence.withdrawn', 'case', c.reference, a.case_id, "
        "json_build_object('attachment_id', a.id, 'sha256', a.sha256, 'withdrawn_at', "
        "a.withdrawn_at, 'reason', a.withdraw_reason)::text, '{attachments}', "
        f"ARRAY[a.id::text]) e WHERE a.id = {attachment_id}"
    )
    result = _psql(pg_workspace, pg_server, with_event, user="maria")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["maria", "t"]
    result = _psql(pg_workspace, pg_server, call, user="maria")
    assert "already withdrawn" in result.stderr
    root = pg_workspace.login("root")
    assert root.audit.verify().ok
    assert root.attachments.content(attachment_id) == TEXT
