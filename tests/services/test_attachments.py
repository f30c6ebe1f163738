"""Evidence on both backends: add, list, read, save, withdraw, limits; verify vouches for bytes."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest

from resolution_center.domain.attachment import MAX_BYTES
from resolution_center.domain.errors import (
    NotFound,
    PermissionDenied,
    ValidationError,
    VerificationFailed,
)
from resolution_center.services import audit as audit_service
from resolution_center.storage.store import UnitOfWork
from tests.helpers.workspace import Workspace, draft

PNG = b"\x89PNG\r\n\x1a\n" + zlib.compress(b"a cracked kettle base" * 20)
PDF = b"%PDF-1.7\n% a shipping label\n%%EOF\n"


def _case(ws: Workspace, user: str = "alice") -> tuple[object, str]:
    ctx = ws.login(user)
    return ctx, ctx.cases.create(draft()).reference


def test_add_list_read_round_trip(workspace: Workspace) -> None:
    alice, ref = _case(workspace)
    photo = alice.attachments.add(ref, "crack.jpg", PNG, "Base of the kettle")
    label = alice.attachments.add(ref, "label.pdf", PDF)
    assert (photo.file_name, photo.media_type, photo.size) == ("crack.jpg", "image/png", len(PNG))
    assert (photo.added_by, photo.description, photo.withdrawn) == (
        "alice",
        "Base of the kettle",
        False,
    )
    assert label.media_type == "application/pdf"
    listed = workspace.login("bob").attachments.list(ref)
    assert [a.id for a in listed] == [photo.id, label.id]
    assert workspace.login("bob").attachments.content(photo.id) == PNG
    assert workspace.login("bob").attachments.count(ref) == 2
    assert [a.id for a in alice.attachments.list(ref, limit=1, offset=1)] == [label.id]
    assert workspace.login("root").audit.verify().ok


def test_the_event_records_hash_and_size_in_the_same_transaction(workspace: Workspace) -> None:
    alice, ref = _case(workspace)
    before = alice.audit.head().seq
    photo = alice.attachments.add(ref, "crack.png", PNG, "Customer photo")
    trail = alice.audit.case_trail(photo.case_id)
    event = trail[-1]
    assert event.event.action == "evidence.added" and event.event.seq == before + 1
    assert event.data["attachment_id"] == photo.id
    assert (event.data["sha256"], event.data["size"]) == (photo.sha256, len(PNG))
    assert (event.data["file_name"], event.data["description"]) == ("crack.png", "Customer photo")
    stored = json.loads(event.event.data)
    assert "pii" in stored["file_name"]  # names may hold personal data: erasable


def test_a_failing_event_leaves_no_attachment(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice, ref = _case(workspace)

    def broken(self: UnitOfWork) -> None:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(UnitOfWork, "flush", broken)
    with pytest.raises(RuntimeError):
        alice.attachments.add(ref, "crack.png", PNG)
    monkeypatch.undo()
    assert alice.attachments.list(ref) == []
    assert workspace.login("root").audit.verify().ok


def test_the_same_file_twice_is_refused(workspace: Workspace) -> None:
    alice, ref = _case(workspace)
    alice.attachments.add(ref, "crack.png", PNG)
    with pytest.raises(ValidationError, match=r"already attached to RC-2026-000001 as 'crack.png'"):
        workspace.login("bob").attachments.add(ref, "renamed.png", PNG)
    other = alice.cases.create(draft("Another case")).reference
    alice.attachments.add(other, "crack.png", PNG)  # another case may hold the same file
    assert len(alice.attachments.list(ref)) == 1


def test_empty_and_oversized_files_are_refused(workspace: Workspace, tmp_path: Path) -> None:
    alice, ref = _case(workspace)
    with pytest.raises(ValidationError, match="is empty") as empty:
        alice.attachments.add(ref, "nothing.txt", b"")
    assert empty.value.field == "file"
    with pytest.raises(ValidationError, match="at most 25 MB"):
        alice.attachments.add(ref, "huge.bin", b"\0" * (MAX_BYTES + 1))
    big = tmp_path / "video.mp4"
    with open(big, "wb") as fh:  # sparse: refused from its size, before anything reads it
        fh.truncate(MAX_BYTES + 1)
    with pytest.raises(ValidationError, match="at most 25 MB"):
        alice.attachments.add_file(ref, big)
    with pytest.raises(ValidationError, match="too long"):
        alice.attachments.add(ref, "a.txt", b"text", "x" * 2_001)
    assert alice.attachments.list(ref) == []


def test_a_hostile_name_is_cleaned(workspace: Workspace) -> None:
    alice, ref = _case(workspace)
    hostile = "..\\..\\Windows/System32/\x00evil\u202egnp.exe\n"
    stored = alice.attachments.add(ref, hostile, b"just text\n")
    assert stored.file_name == "evilgnp.exe"
    assert stored.media_type == "text/plain"  # from the content, not the name
    assert stored.viewer_file_name() == "evilgnp.txt"


def test_add_file_and_save_write_identical_bytes(workspace: Workspace, tmp_path: Path) -> None:
    alice, ref = _case(workspace)
    source = tmp_path / "label.pdf"
    source.write_bytes(PDF)
    stored = alice.attachments.add_file(ref, source, "Return label")
    out = alice.attachments.save(stored.id, tmp_path / "copy.pdf", case=ref)
    assert (tmp_path / "copy.pdf").read_bytes() == PDF
    assert out["sha256"] == stored.sha256
    with pytest.raises(ValidationError, match="already exists"):
        alice.attachments.save(stored.id, tmp_path / "copy.pdf")
    other = alice.cases.create(draft("Another")).reference
    with pytest.raises(NotFound):
        alice.attachments.save(stored.id, tmp_path / "x.pdf", case=other)


def test_system_may_not_attach(workspace: Workspace) -> None:
    _alice, ref = _case(workspace)
    with pytest.raises(PermissionDenied):
        workspace.login(None).attachments.add(ref, "a.txt", b"text")


def test_withdraw_keeps_the_bytes_and_needs_the_adder_or_a_supervisor(workspace: Workspace) -> None:
    alice, ref = _case(workspace)
    photo = alice.attachments.add(ref, "crack.png", PNG)
    with pytest.raises(PermissionDenied, match="only alice"):
        workspace.login("bob").attachments.withdraw(photo.id, "wrong case")
    with pytest.raises(ValidationError, match="reason is required"):
        alice.attachments.withdraw(photo.id, " ")
    done = workspace.login("maria").attachments.withdraw(photo.id, "Belongs to another case")
    assert done.withdrawn and done.withdrawn_by == "maria"
    assert done.withdraw_reason == "Belongs to another case"
    assert alice.attachments.content(photo.id) == PNG
    with pytest.raises(ValidationError, match="already withdrawn"):
        alice.attachments.withdraw(photo.id, "again")
    assert alice.audit.case_trail(photo.case_id)[-1].event.action == "evidence.withdrawn"
    assert workspace.login("root").audit.verify().ok


# ---- tampering with the stored evidence is detected -------------------------------------------


@pytest.mark.parametrize(
    "how, expect",
    [
        ("bytes", "stored bytes no longer match"),
        ("sha", "row was edited"),
        ("delete", "no longer exists: it was deleted"),
        ("insert", "has no evidence.added event"),
        ("withdraw", "is withdrawn, but the trail says it was not"),
    ],
)
def test_verify_detects_tampered_evidence(workspace: Workspace, how: str, expect: str) -> None:
    alice, ref = _case(workspace)
    photo = alice.attachments.add(ref, "crack.png", PNG)
    forged = PNG[:-1] + bytes([PNG[-1] ^ 1])  # one bit, same length
    statements = {
        "bytes": ("UPDATE attachments SET content = ? WHERE id = ?", (forged, photo.id)),
        "sha": ("UPDATE attachments SET sha256 = ? WHERE id = ?", ("0" * 64, photo.id)),
        "delete": ("DELETE FROM attachments WHERE id = ?", (photo.id,)),
        "insert": (
            "INSERT INTO attachments (case_id, file_name, media_type, size_bytes, sha256, "
            "description, content, added_by, added_at, withdraw_reason) VALUES "
            "(?, 'forged.pdf', 'application/pdf', ?, ?, '', ?, 'alice', "
            "'2026-11-23T09:00:00.000000Z', '')",
            (photo.case_id, len(PDF), "1" * 64, PDF),
        ),
        "withdraw": (
            "UPDATE attachments SET withdrawn_at = '2026-11-23T10:00:00.000000Z', "
            "withdrawn_by = 'maria', withdraw_reason = 'x' WHERE id = ?",
            (photo.id,),
        ),
    }
    workspace.tamper(statements[how])
    report = workspace.login("root").audit.verify()
    assert not report.ok
    assert any(expect in p.what for p in report.problems), report.problems
    if how == "bytes":
        with pytest.raises(VerificationFailed, match="were altered"):
            alice.attachments.content(photo.id)


def test_workers_find_the_same_evidence_problems(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_service, "MIN_CHUNK_EVENTS", 4)
    monkeypatch.setattr(audit_service, "PARENT_TAKES_TASKS", False)  # the worker does it all
    alice = workspace.login("alice")
    ids = []
    for i in range(6):
        ref = alice.cases.create(draft(f"Case {i}", email=f"c{i}@example.com")).reference
        ids.append(alice.attachments.add(ref, f"mail-{i}.txt", f"Message {i}\n".encode()).id)
    workspace.tamper(
        ("UPDATE attachments SET content = ? WHERE id = ?", (b"Massage 1\n", ids[1])),
        ("DELETE FROM attachments WHERE id = ?", (ids[4],)),
    )
    root = workspace.login("root")
    one = [str(p) for p in root.audit.verify().problems]
    two = [str(p) for p in root.audit.verify(workers=2).problems]
    assert one == two
    assert any(f"attachment {ids[1]}: its stored bytes" in p for p in one)
    assert any(f"attachment {ids[4]} was added" in p for p in one)


@pytest.mark.parametrize("overwrite", [False, True])
def test_a_link_that_appears_while_saving_is_not_written_through(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, overwrite: bool
) -> None:
    alice, ref = _case(workspace)
    stored = alice.attachments.add(ref, "label.pdf", PDF)
    folder = tmp_path / "out"
    folder.mkdir()
    dest, target = folder / "copy.pdf", folder / "elsewhere.pdf"
    if overwrite:
        dest.write_bytes(b"old copy")
    read = alice.attachments.content

    def content_then_a_link_appears(*args, **kwargs):  # type: ignore[no-untyped-def]
        data = read(*args, **kwargs)
        dest.unlink(missing_ok=True)
        dest.symlink_to(target)  # another process swaps the target for a dangling link
        return data

    monkeypatch.setattr(alice.attachments, "content", content_then_a_link_appears)
    with pytest.raises(ValidationError, match=r"already exists|symbolic link"):
        alice.attachments.save(stored.id, dest, case=ref, overwrite=overwrite)
    assert dest.is_symlink() and not target.exists()
    assert sorted(p.name for p in folder.iterdir()) == ["copy.pdf"]  # no temporary file left
