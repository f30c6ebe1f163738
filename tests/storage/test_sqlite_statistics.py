"""A SQLite database gets the planner's statistics from the app (PRAGMA optimize on close)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from resolution_center.domain.case import CaseFilter, CaseQuery, Status
from tests.helpers.workspace import Workspace, draft

OPEN = [s.value for s in Status if s not in (Status.RESOLVED, Status.CLOSED)]


def test_closing_analyses_the_tables_the_list_read(tmp_path: Path) -> None:
    """Without statistics SQLite read "All open cases" through the status index and sorted
    every open case for one page (80-300 ms at 100,000 cases instead of 1 ms)."""
    path = tmp_path / "rc.db"
    workspace = Workspace.create("sqlite:///" + str(path))
    try:
        alice = workspace.login("alice")
        # Statuses spread as a working team's are: with every case new, the statistics say
        # the status names all of them, and sorting 30 rows is as cheap as a walk (the
        # planner's pick between them then turned on an unrelated partial index).
        spread = ("new", "open", "waiting-on-customer", "escalated", "open", "new")
        for i in range(30):
            case = alice.cases.create(draft(f"Parcel {i} lost"))
            if spread[i % len(spread)] != "new":
                alice.cases.change_status(case.reference, spread[i % len(spread)])
        query = CaseQuery(CaseFilter(statuses=tuple(Status(s) for s in OPEN)), limit=10)
        assert len(alice.cases.list(query, count=False).items) == 10
    finally:
        workspace.close()
    with sqlite3.connect(path) as conn:
        analysed = {r[0] for r in conn.execute("SELECT DISTINCT tbl FROM sqlite_stat1")}
        plan = " ".join(
            r[3]
            for r in conn.execute(
                "EXPLAIN QUERY PLAN SELECT id FROM cases c WHERE c.status IN "
                f"({', '.join('?' for _ in OPEN)}) ORDER BY c.updated_at DESC LIMIT 10",
                OPEN,
            )
        )
    assert "cases" in analysed
    assert "TEMP B-TREE" not in plan  # the page walks an index in order; nothing is sorted


def test_an_empty_partial_index_does_not_make_every_close_analyse_again(tmp_path: Path) -> None:
    """ANALYZE writes nothing for an index without entries, and PRAGMA optimize analyses any
    table with an index it has no statistics for: with no open case warned about its SLA (the
    partial index cases_sla_alerted empty), every connection's close analysed all the cases
    again (120 ms under the write lock at 100,000 cases, after each of the window's tasks)."""
    path = tmp_path / "rc.db"
    workspace = Workspace.create("sqlite:///" + str(path))
    try:
        alice = workspace.login("alice")
        for i in range(30):
            alice.cases.create(draft(f"Parcel {i} lost"))
        assert alice.cases.list(CaseQuery(limit=10), count=False).items
    finally:
        workspace.close()  # the close analyses the cases the list read
    with sqlite3.connect(path) as conn:
        alerted = conn.execute(
            "SELECT count(*) FROM cases WHERE resolution_warned_at IS NOT NULL OR "
            "resolution_breached_at IS NOT NULL OR first_response_warned_at IS NOT NULL OR "
            "first_response_breached_at IS NOT NULL"
        ).fetchone()[0]
        conn.execute("SELECT count(*) FROM cases WHERE status = 'new'").fetchall()
        # What the next close would analyse (-1: only say it), had this connection used the
        # statistics of the cases as the list's did.
        again = conn.execute("PRAGMA optimize(-1)").fetchall()
        stated = conn.execute(
            "SELECT stat FROM sqlite_stat1 WHERE idx = 'cases_sla_alerted'"
        ).fetchall()
    assert alerted == 0  # the index is empty: the case this guards against
    assert again == []
    assert stated == [("1 1 1",)]
