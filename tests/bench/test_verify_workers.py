"""Verification split over worker processes finds exactly what one worker finds."""

from __future__ import annotations

import pytest

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


def test_offloaded_verification_does_no_chain_work_in_the_calling_process(
    busy: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    busy.tamper("UPDATE audit_events SET actor = 'maria' WHERE seq = 9")
    root = busy.login("root")
    here = [str(p) for p in root.audit.verify().problems]

    def not_here(task: tuple[object, ...]) -> dict[str, object]:
        raise AssertionError("the calling process verified a chunk itself")

    # Spawned workers import the module afresh, so only this process sees the patch.
    monkeypatch.setattr(audit_service, "_verify_task", not_here)
    offloaded = root.audit.verify(offload=True)
    assert [str(p) for p in offloaded.problems] == here
    assert any("event 9: its content does not match" in p for p in here)


def _niceness_after_worker(background: bool, out) -> None:  # type: ignore[no-untyped-def]
    """In a spawned process: run a worker with nothing left to claim, report its priority."""
    import multiprocessing
    import os

    context = multiprocessing.get_context("spawn")
    audit_service._worker([], context.Value("l", 0), context.Queue(), background)
    out.put(os.nice(0))


@pytest.mark.skipif(not hasattr(__import__("os"), "nice"), reason="POSIX priorities only")
def test_the_windows_background_check_yields_the_cores_to_the_window() -> None:
    import multiprocessing
    import os

    context = multiprocessing.get_context("spawn")
    found = {}
    for background in (False, True):
        out = context.Queue()
        proc = context.Process(target=_niceness_after_worker, args=(background, out))
        proc.start()
        found[background] = out.get(timeout=60)
        proc.join(timeout=60)
    assert found[False] == os.nice(0)  # a command-line verify keeps its normal priority
    assert found[True] == min(19, os.nice(0) + 10)
