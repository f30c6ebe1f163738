"""Verification split over worker processes finds exactly what one worker finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from resolution_center.domain.errors import ValidationError
from resolution_center.services import audit as audit_service
from tests.helpers.workspace import Workspace, draft


@pytest.fixture(params=["shared", "workers-only"])
def busy(
    request: pytest.FixtureRequest, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> Workspace:
    """About 40 events, split into chunks of a few events each; the calling process takes chunks
    too ("shared", as in use) or leaves them all to the spawned worker."""
    monkeypatch.setattr(audit_service, "MIN_CHUNK_EVENTS", 4)
    monkeypatch.setattr(audit_service, "PARENT_TAKES_TASKS", request.param == "shared")
    alice = workspace.login("alice")
    for i in range(8):
        case = alice.cases.create(draft(f"Case {i}", email=f"c{i}@example.com"))
        alice.cases.add_note(case.id, f"Called back about {i}")
        alice.cases.change_status(case.id, "open")
    return workspace


def _both(ws: Workspace) -> tuple[list[str], list[str], int, int]:
    root = ws.login("root")
    one = root.audit.verify()
    seen: list[tuple[int, int]] = []
    two = root.audit.verify(workers=2, progress=lambda done, total: seen.append((done, total)))
    assert (one.events, one.head) == (two.events, two.head)
    assert seen and seen[-1][0] == two.events
    return [str(p) for p in one.problems], [str(p) for p in two.problems], one.events, two.events


def test_an_intact_chain_verifies_with_workers(busy: Workspace) -> None:
    one, two, events, _ = _both(busy)
    assert one == two == []
    assert events > 30


def test_tampering_across_chunks_reads_the_same(busy: Workspace) -> None:
    busy.tamper(
        "UPDATE audit_events SET actor = 'maria' WHERE seq = 9",
        "DELETE FROM audit_events WHERE seq IN (17, 18, 19)",
        "UPDATE personal_values SET value = 'someone else' WHERE digest = "
        "(SELECT min(digest) FROM personal_values)",
        "DELETE FROM cases WHERE id = 2",
    )
    one, two, _, _ = _both(busy)
    assert one == two
    assert any("event 9: its content does not match" in p for p in one)
    assert any("3 event(s) missing before it (expected sequence 17)" in p for p in one)
    assert any("case id 2 was created" in p for p in one)
    assert any("personal value" in p for p in one)


def test_deleting_the_newest_events_reads_the_same(busy: Workspace) -> None:
    head = busy.login("root").audit.head().seq
    busy.tamper(f"DELETE FROM audit_events WHERE seq > {head - 2}")
    one, two, _, _ = _both(busy)
    assert one == two
    assert any("the newest events were deleted" in p for p in one)


def test_offloaded_verification_does_no_work_in_the_calling_process(
    busy: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    busy.tamper(
        "UPDATE audit_events SET actor = 'maria' WHERE seq = 9",
        "UPDATE notes SET body = 'Called back about nothing' WHERE id = 3",
    )
    root = busy.login("root")
    here = root.audit.verify()

    def not_here(*_args: object) -> None:
        raise AssertionError("the calling process verified something itself")

    # A spawned process imports the module afresh, so only this process sees the patches: the
    # walk, the chunks and the comparison of the tables all happen over there.
    monkeypatch.setattr(audit_service.AuditService, "_verify", not_here)
    monkeypatch.setattr(audit_service, "_verify_task", not_here)
    seen: list[tuple[int, int]] = []
    offloaded = root.audit.verify(offload=True, progress=lambda *p: seen.append(p))
    assert [str(p) for p in offloaded.problems] == [str(p) for p in here.problems]
    assert (offloaded.events, offloaded.head) == (here.events, here.head)
    assert any("event 9: its content does not match" in str(p) for p in here.problems)
    assert any(p.detail and p.detail["table"] == "notes" for p in offloaded.problems)
    assert seen[-1] == (here.events, here.events)


def test_an_offloaded_verification_raises_its_error_here(busy: Workspace, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "checkpoint.json"
    with pytest.raises(ValidationError, match="cannot read the checkpoint") as raised:
        busy.login("root").audit.verify(missing, offload=True)
    assert raised.value.field == "checkpoint"


def test_a_short_chain_is_checked_without_a_process(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace.login("alice").cases.create(draft("Only one", email="one@example.com"))

    def no_process(*_args: object) -> None:
        raise AssertionError("a process was started for a short chain")

    monkeypatch.setattr(audit_service, "_verify_elsewhere", no_process)
    assert workspace.login("root").audit.verify(offload=True).ok


def _niceness_after_yielding(out) -> None:  # type: ignore[no-untyped-def]
    """In a spawned process: lower the priority as the window's check does, report it."""
    import os

    audit_service._yield_the_cores()
    out.put(os.nice(0))


@pytest.mark.skipif(not hasattr(__import__("os"), "nice"), reason="POSIX priorities only")
def test_the_windows_background_check_yields_the_cores_to_the_window() -> None:
    import multiprocessing
    import os

    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    proc = context.Process(target=_niceness_after_yielding, args=(out,))
    proc.start()
    found = out.get(timeout=60)
    proc.join(timeout=60)
    assert found == min(19, os.nice(0) + 10)
