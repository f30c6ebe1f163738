"""Backups carry evidence bytes on both backends (PostgreSQL's logical backup encodes them)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from resolution_center.services.backup import backup, restore
from resolution_center.services.session import open_context
from tests.helpers.workspace import PASSWORD, Workspace, draft

# Every byte value, and bytes that are not UTF-8: the JSON of a logical backup must keep them.
BINARY = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def _fill(ws: Workspace) -> tuple[str, int, int]:
    alice = ws.login("alice")
    ref = alice.cases.create(draft()).reference
    photo = alice.attachments.add(ref, "crack.png", BINARY, "Photo of the crack")
    text = alice.attachments.add(ref, "mail.txt", "Grüße, Zoë\n".encode())
    ws.login("maria").attachments.withdraw(text.id, "Sent to the wrong case")
    return ref, photo.id, text.id


def _check_restored(url: str, ws: Workspace, ref: str, photo: int, text: int) -> None:
    other = Workspace(url, ws.clock, ws.config)
    try:
        root = other.login("root")
        assert root.audit.verify().ok
        listed = {a.id: a for a in root.attachments.list(ref)}
        assert set(listed) == {photo, text}
        assert listed[photo].description == "Photo of the crack"
        assert listed[text].withdrawn and listed[text].withdrawn_by == "maria"
        assert root.attachments.content(photo) == BINARY
        assert root.attachments.content(text) == "Grüße, Zoë\n".encode()
        # Ids continue after the restored ones on PostgreSQL too (sequences were moved on).
        alice = other.login("alice")
        assert alice.attachments.add(ref, "new.txt", b"after the restore\n").id > text
    finally:
        other.close()


def test_backup_and_restore_carry_attachments(
    workspace: Workspace, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    ref, photo, text = _fill(workspace)
    out = backup(workspace.login("root"), tmp_path / "rc.backup")
    if workspace.backend == "sqlite":
        restored_url = "sqlite:///" + str(tmp_path / "restored.db")
    else:
        assert out["format"] == "logical"
        with gzip.open(tmp_path / "rc.backup", "rt") as fh:
            assert any('"$base64"' in line for line in fh)
        server = request.getfixturevalue("pg_server")
        name = server.create_database()
        request.addfinalizer(lambda: server.drop_database(name))
        restored_url = server.url(name)
    restore(restored_url, tmp_path / "rc.backup", config=workspace.config, clock=workspace.clock)
    _check_restored(restored_url, workspace, ref, photo, text)


@pytest.mark.postgres
def test_a_postgresql_backup_restores_into_sqlite(pg_workspace: Workspace, tmp_path: Path) -> None:
    ref, photo, text = _fill(pg_workspace)
    backup(pg_workspace.login("root"), tmp_path / "rc.backup")
    url = "sqlite:///" + str(tmp_path / "restored.db")
    result = restore(
        url, tmp_path / "rc.backup", config=pg_workspace.config, clock=pg_workspace.clock
    )
    assert result["format"] == "logical"
    # The users came from PostgreSQL (the server authenticated them): give them passwords.
    with open_context(url, None, None, config=pg_workspace.config) as system:
        for name in result["users_needing_password"]:
            system.users.change_password(name, PASSWORD)
    _check_restored(url, pg_workspace, ref, photo, text)


def test_a_damaged_binary_value_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.backup"
    with gzip.open(path, "wt") as fh:
        fh.write(json.dumps({"format": "rc-backup/1", "schema_version": 4}) + "\n")
        fh.write(json.dumps({"table": "attachments", "columns": ["content"]}) + "\n")
        fh.write(json.dumps([{"$base64": "not base64!"}]) + "\n")
    with pytest.raises(Exception, match="damaged"):
        restore("sqlite:///" + str(tmp_path / "x.db"), path)
