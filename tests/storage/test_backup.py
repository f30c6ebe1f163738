"""Backups on both backends: owner-only files, restores that verify, tampered backups refused."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from resolution_center.domain.case import CaseQuery
from resolution_center.domain.errors import PermissionDenied, ValidationError, VerificationFailed
from resolution_center.services.backup import backup, restore
from tests.helpers.workspace import Workspace, draft


def _fill(ws: Workspace) -> list[str]:
    alice = ws.login("alice")
    refs = [alice.cases.create(draft(f"Case {i}")).reference for i in range(3)]
    alice.cases.add_note(refs[0], "Sent a prepaid label")
    return refs


def test_backup_is_owner_only_and_restores_with_a_verified_chain(
    workspace: Workspace, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    refs = _fill(workspace)
    root = workspace.login("root")
    out = backup(root, tmp_path / "rc.backup")
    assert stat.S_IMODE((tmp_path / "rc.backup").stat().st_mode) == 0o600
    assert out["events"] == root.audit.head().seq

    if workspace.backend == "sqlite":
        restored_url = "sqlite:///" + str(tmp_path / "restored.db")
    else:  # a new, empty database on the same server: the login roles are already there
        server = request.getfixturevalue("pg_server")
        name = server.create_database()
        request.addfinalizer(lambda: server.drop_database(name))
        restored_url = server.url(name)
    result = restore(
        restored_url, tmp_path / "rc.backup", config=workspace.config, clock=workspace.clock
    )
    assert result["events_verified"] == out["events"]
    other = Workspace(restored_url, workspace.clock, workspace.config)
    try:
        alice = other.login("alice")  # users and their passwords came along
        assert sorted(r.reference for r in alice.cases.list(CaseQuery()).items) == refs
        assert alice.cases.notes(refs[0])[0].body == "Sent a prepaid label"
        report = other.login("root").audit.verify()
        assert report.ok and report.events == out["events"] + 1  # + the restore event
        assert alice.cases.create(draft("After restore")).reference == "RC-2026-000004"
    finally:
        other.close()


def test_backup_refuses_to_overwrite_and_non_admins(workspace: Workspace, tmp_path: Path) -> None:
    (tmp_path / "exists").write_text("keep me")
    with pytest.raises(ValidationError, match="already exists"):
        backup(workspace.login("root"), tmp_path / "exists")
    assert (tmp_path / "exists").read_text() == "keep me"
    with pytest.raises(PermissionDenied):
        backup(workspace.login("alice"), tmp_path / "new")


def test_a_tampered_sqlite_backup_is_refused_and_the_database_kept(tmp_path: Path) -> None:
    ws = Workspace.create("sqlite:///" + str(tmp_path / "rc.db"))
    _fill(ws)
    backup(ws.login("root"), tmp_path / "b.db")
    ws.close()
    conn = sqlite3.connect(tmp_path / "b.db")
    conn.execute("UPDATE audit_events SET actor = 'maria' WHERE seq = 3")
    conn.commit()
    conn.close()
    before = (tmp_path / "rc.db").read_bytes()
    with pytest.raises(VerificationFailed, match="event 3"):
        restore(ws.url, tmp_path / "b.db", config=ws.config, clock=ws.clock)
    assert (tmp_path / "rc.db").read_bytes() == before


def test_restore_over_an_existing_file_keeps_the_old_one_aside(tmp_path: Path) -> None:
    ws = Workspace.create("sqlite:///" + str(tmp_path / "rc.db"))
    _fill(ws)
    backup(ws.login("root"), tmp_path / "b.db")
    ws.login("alice").cases.create(draft("Made after the backup"))
    ws.close()
    result = restore(ws.url, tmp_path / "b.db", config=ws.config, clock=ws.clock)
    kept = Path(result["previous_database_kept_at"])
    assert kept.exists() and stat.S_IMODE(kept.stat().st_mode) == 0o600
    again = Workspace(ws.url, ws.clock, ws.config)
    assert again.login("root").audit.verify().ok
    again.close()


@pytest.mark.parametrize("content", [b"", b"garbage" * 10, b"\x1f\x8bnot really gzip"])
def test_not_a_backup_is_reported(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "x").write_bytes(content)
    with pytest.raises(ValidationError, match=r"not a Resolution Center backup|damaged"):
        restore("sqlite:///" + str(tmp_path / "rc.db"), tmp_path / "x")


@pytest.mark.postgres
def test_postgresql_logical_backup_restores_into_sqlite(
    pg_workspace: Workspace, tmp_path: Path
) -> None:
    refs = _fill(pg_workspace)
    out = backup(pg_workspace.login("root"), tmp_path / "team.backup")
    assert out["format"] == "logical"
    assert stat.S_IMODE((tmp_path / "team.backup").stat().st_mode) == 0o600
    url = "sqlite:///" + str(tmp_path / "copy.db")
    result = restore(
        url, tmp_path / "team.backup", config=pg_workspace.config, clock=pg_workspace.clock
    )
    assert result["events_verified"] == out["events"]
    copy = Workspace(url, pg_workspace.clock, pg_workspace.config)
    try:
        assert result["users_needing_password"] == [
            "alice",
            "bob",
            "erin",
            "maria",
            "olu",
            "root",
            "sam",
        ]
        system = copy.login(None)
        system.users.change_password("alice", "a-new-password")
        root = copy.login("alice", "a-new-password")
        assert root.cases.get(refs[2]).subject == "Case 2"
        assert root.audit.verify().ok
        assert root.store.database_id() == pg_workspace.login("root").store.database_id()
    finally:
        copy.close()


@pytest.mark.postgres
def test_restore_into_a_non_empty_postgresql_database_is_refused(
    pg_workspace: Workspace, tmp_path: Path
) -> None:
    _fill(pg_workspace)
    backup(pg_workspace.login("root"), tmp_path / "team.backup")
    with pytest.raises(ValidationError, match="not empty"):
        restore(pg_workspace.url, tmp_path / "team.backup")
