"""A database that is missing, read-only, locked, remote, unreachable or newer: one clear
message."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from resolution_center.domain.errors import AuthenticationError, EnvironmentFault
from resolution_center.services.session import open_context
from resolution_center.services.setup import initialize
from resolution_center.storage.db import check_local_path, with_credentials
from resolution_center.storage.migrations import LATEST
from resolution_center.storage.store import Store
from tests.helpers.workspace import PASSWORD, Workspace, draft


def test_missing_file_is_not_created_by_ordinary_commands(tmp_path: Path) -> None:
    url = "sqlite:///" + str(tmp_path / "nope.db")
    with pytest.raises(EnvironmentFault, match=r"no database at .*nope.db"):
        Store.open(url)
    assert not (tmp_path / "nope.db").exists()


def test_missing_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(EnvironmentFault, match=r"folder .* does not exist"):
        initialize("sqlite:///" + str(tmp_path / "no" / "such" / "rc.db"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_file_is_reported(tmp_path: Path) -> None:  # pragma: no cover - non-root
    url = "sqlite:///" + str(tmp_path / "rc.db")
    initialize(url)
    (tmp_path / "rc.db").chmod(0o444)
    with pytest.raises(EnvironmentFault, match="read-only"):
        Store.open(url)


def test_read_only_folder_is_reported_even_for_root(tmp_path: Path) -> None:
    # Root bypasses permission bits, so make the path unusable another way: a file as folder.
    (tmp_path / "afile").write_text("x")
    with pytest.raises(EnvironmentFault, match=r"does not exist|not writable"):
        initialize("sqlite:///" + str(tmp_path / "afile" / "rc.db"))


def test_a_file_that_is_not_a_database_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "rc.db"
    path.write_bytes(b"this is a spreadsheet, honestly" * 100)
    with pytest.raises(EnvironmentFault, match="not a Resolution Center database or is damaged"):
        Store.open("sqlite:///" + str(path))


def test_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "rc.db"
    url = "sqlite:///" + str(path)
    initialize(url)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE settings SET value = ? WHERE key = 'schema_version'", (str(LATEST + 1),))
    conn.commit()
    conn.close()
    before = path.read_bytes()
    for opener in (lambda: Store.open(url), lambda: initialize(url)):
        with pytest.raises(EnvironmentFault, match="newer than this app"):
            opener()
    assert path.read_bytes() == before


def test_locked_database_is_reported_and_nothing_half_written(tmp_path: Path) -> None:
    ws = Workspace.create("sqlite:///" + str(tmp_path / "rc.db"))
    alice = ws.login("alice")
    alice.store.db.execute_sql("PRAGMA busy_timeout = 50")
    blocker = sqlite3.connect(tmp_path / "rc.db")
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(EnvironmentFault, match="locked by another program"):
            alice.cases.create(draft())
    finally:
        blocker.rollback()
        blocker.close()
    assert alice.cases.create(draft()).reference == "RC-2026-000001"  # nothing was consumed
    ws.close()


@pytest.mark.parametrize("path", [r"\\fileserver\share\rc.db", "//fileserver/share/rc.db"])
def test_unc_paths_are_refused(path: str) -> None:
    with pytest.raises(EnvironmentFault, match=r"network share.*PostgreSQL"):
        check_local_path(Path(path))


@pytest.mark.parametrize("fstype", ["nfs4", "cifs", "smb3", "fuse.sshfs"])
def test_network_mounts_are_refused(fstype: str) -> None:
    mounts = f"/dev/vda1 / ext4 rw 0 0\nserver:/export /mnt/team {fstype} rw 0 0\n"
    with pytest.raises(EnvironmentFault, match=f"network file system \\({fstype}\\)"):
        check_local_path(Path("/mnt/team/cases/rc.db"), mounts)
    check_local_path(Path("/home/me/rc.db"), mounts)  # local disk: fine


def test_wrong_password_sqlite_and_lockout(tmp_path: Path) -> None:
    ws = Workspace.create("sqlite:///" + str(tmp_path / "rc.db"))
    for _ in range(ws.config.lockout_failures):
        with pytest.raises(AuthenticationError, match="wrong user name or password"):
            ws.login("alice", "not-her-password")
    with pytest.raises(AuthenticationError, match="locked after repeated failed logins"):
        ws.login("alice")  # even the right password, until the lock expires
    ws.clock.advance(minutes=ws.config.lockout_minutes + 1)
    assert ws.login("alice").actor.username == "alice"
    actions = [e.action for e in ws.login("root").audit.repo.recent(10)]
    assert "user.locked" in actions and "user.login_reset" in actions
    ws.close()


@pytest.mark.postgres
def test_wrong_password_and_unknown_user_on_postgresql(pg_workspace: Workspace) -> None:
    workspace = pg_workspace
    with pytest.raises(AuthenticationError, match="wrong user name or password"):
        workspace.login("alice", "not-her-password")
    with pytest.raises(AuthenticationError):
        workspace.login("mallory")
    assert workspace.login("alice", PASSWORD).actor.role == "specialist"


@pytest.mark.postgres
def test_unreachable_server_is_reported(pg_server) -> None:  # type: ignore[no-untyped-def]
    url = pg_server.url("postgres").replace(str(pg_server.port), "1")
    with pytest.raises(EnvironmentFault, match="unreachable or not running"):
        open_context(with_credentials(url, "alice", "pw"), "alice", "pw")


def test_unresolvable_host_is_reported() -> None:
    with pytest.raises(EnvironmentFault, match="unreachable"):
        Store.open("postgresql://alice:pw@no-such-host.invalid:5432/rc")
