"""Several app instances writing one PostgreSQL database at once: no fork, no lost update."""

from __future__ import annotations

import multiprocessing
from typing import Any

import pytest

from resolution_center.domain.errors import ConflictError
from resolution_center.services.context import Config
from resolution_center.services.session import open_context
from tests.helpers.workspace import PASSWORD, Workspace, draft

pytestmark = pytest.mark.postgres
WORKERS = ("alice", "bob", "sam", "erin")
ROUNDS = 6


def _worker(url: str, user: str, refs: list[str], barrier: Any, results: Any) -> None:
    ctx = open_context(url, user, PASSWORD, config=Config.from_env())
    written = stale = notes = 0
    try:
        for round_no in range(ROUNDS):
            for ref in refs:
                version = ctx.cases.get(ref).version
                barrier.wait()  # everyone holds the same version: all but one write is stale
                try:
                    ctx.cases.update(ref, version, {"subject": f"{user} round {round_no}"})
                    written += 1
                except ConflictError:
                    stale += 1
                ctx.cases.add_note(ref, f"{user} was here in round {round_no}")
                notes += 1
        results.put((user, written, stale, notes, None))
    except Exception as exc:  # report, so the parent fails with the cause, not a timeout
        results.put((user, written, stale, notes, repr(exc)))
    finally:
        ctx.close()


def test_concurrent_writers_keep_the_chain_and_every_update(pg_workspace: Workspace) -> None:
    alice = pg_workspace.login("alice")
    refs = [alice.cases.create(draft(f"Shared case {i}")).reference for i in range(2)]
    head_before = alice.audit.head().seq
    mp = multiprocessing.get_context("spawn")
    barrier = mp.Barrier(len(WORKERS), timeout=60)
    results = mp.Queue()
    procs = [
        mp.Process(target=_worker, args=(pg_workspace.url, u, refs, barrier, results))
        for u in WORKERS
    ]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=30)
    assert [o[4] for o in outcomes] == [None] * len(WORKERS), outcomes

    written = sum(o[1] for o in outcomes)
    stale = sum(o[2] for o in outcomes)
    notes = sum(o[3] for o in outcomes)
    rounds_per_case = ROUNDS
    # Every round, on every case, exactly one of the writers holding the same version wins.
    assert written == rounds_per_case * len(refs)
    assert stale == rounds_per_case * len(refs) * (len(WORKERS) - 1)

    root = pg_workspace.login("root")
    report = root.audit.verify()
    assert report.ok, report.problems
    # The workers run on the real clock, long after the cases' due times (the workspace's clock
    # made them): the first change to each case records its two breaches, once, whoever of the
    # four writers gets there first.
    breaches = 0
    for ref in refs:
        case = root.cases.get(ref)
        targets = sorted(
            e.data["target"]
            for e in root.audit.case_trail(case.id)
            if e.event.action == "sla.breached"
        )
        assert targets == ["first-response", "resolution"]
        breaches += len(targets)
    # One event per accepted change, and nothing else.
    assert report.events == head_before + written + notes + breaches
    for ref in refs:
        case = root.cases.get(ref)
        updates = [e for e in root.audit.case_trail(case.id) if e.event.action == "case.updated"]
        assert case.version == 1 + len(updates) == 1 + rounds_per_case  # no lost update
        assert case.subject == updates[-1].data["changes"]["subject"]["new"]
