"""A person's views read their own few cases by index, whatever SQLite's statistics say.

Right after an import every case is unassigned, so the statistics say a name matches all of
them: "My open cases" walked the last-update index through every case for an empty page, and
"SLA warnings for me" scanned every case (83 and 60-140 ms at 100,000 cases, on the window's
thread). The plans are read from the statements the app runs, after ANALYZE.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from resolution_center.domain.case import CaseFilter, CaseQuery
from resolution_center.services.session import Session
from tests.helpers.workspace import Workspace, draft


@pytest.fixture
def unassigned(tmp_path: Path) -> Iterator[tuple[Workspace, Path]]:
    path = tmp_path / "rc.db"
    workspace = Workspace.create("sqlite:///" + str(path))
    try:
        alice = workspace.login("alice")
        for i in range(40):
            alice.cases.create(draft(f"Parcel {i} lost", description=f"refund note {i}"))
        workspace.clock.advance(minutes=5)
        with sqlite3.connect(path) as conn:
            conn.execute("ANALYZE")
        yield workspace, path
    finally:
        workspace.close()


def _statements(ctx: Session, run: Any) -> list[tuple[str, tuple[Any, ...]]]:
    seen: list[tuple[str, tuple[Any, ...]]] = []
    sql = ctx.store.sql
    original = sql.all

    def recording(statement: str, params: Any = ()) -> Any:
        seen.append((statement, tuple(params)))
        return original(statement, params)

    sql.all = recording  # type: ignore[method-assign]
    try:
        run()
    finally:
        sql.all = original  # type: ignore[method-assign]
    return seen


def _plan(path: Path, statement: str, params: tuple[Any, ...]) -> str:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("EXPLAIN QUERY PLAN " + statement, params).fetchall()
    return " | ".join(r[3] for r in rows)


def test_my_open_cases_read_the_assignee_index(unassigned: tuple[Workspace, Path]) -> None:
    workspace, path = unassigned
    alice = workspace.login("alice")
    alice.cases.assign("RC-2026-000007", "alice")
    alice.cases.assign("RC-2026-000031", "alice")
    mine = CaseFilter(assignee="alice", open_only=True)
    for f in (mine, CaseFilter(assignee="alice", open_only=True, search="refund")):
        query = CaseQuery(f, limit=10)
        seen = _statements(alice, lambda q=query: alice.cases.list(q, count=False))
        pages = [(s, p) for s, p in seen if "ORDER BY" in s and "LIMIT" in s]
        assert pages, seen
        for statement, params in pages:
            plan = _plan(path, statement, params)
            assert "cases_assignee_id_status_updated_at" in plan, plan
        page = alice.cases.list(query)
        # The last assigned first: the index changes the plan, never the page.
        assert [r.reference for r in page.items] == ["RC-2026-000031", "RC-2026-000007"]
        assert (page.total, page.total_exact) == (2, True)


def test_sla_warnings_for_me_read_the_alerted_cases_index(
    unassigned: tuple[Workspace, Path],
) -> None:
    workspace, path = unassigned
    alice = workspace.login("alice")
    seen = _statements(alice, alice.sla.alerted_case_ids)
    alerted = [(s, p) for s, p in seen if "warned_at" in s]
    assert alerted, seen
    for statement, params in alerted:
        plan = _plan(path, statement, params)
        assert "cases_sla_alerted" in plan, plan
