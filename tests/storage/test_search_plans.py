"""A search's first page is the same whichever plan finds it (both backends).

A word most cases contain is found by walking the sort order and checking each case's own words;
rarer words go through the text index. `ids` always uses the index, so it is the reference here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from resolution_center.domain.case import CaseFilter, CaseQuery
from resolution_center.services.session import Session
from resolution_center.services.setup import initialize
from resolution_center.storage.migrations import LATEST
from tests.helpers.release import made_by_release, workspace_after
from tests.helpers.workspace import PASSWORD, Workspace, draft

# Cases 0..59: "refund" in two of three (as refunds, REFUNDED, Refund), "harpsichord" in two.
SUBJECTS = ("Refund not received", "Parcel lost", "Waiting for REFUNDED money")


def _fill(ctx: Session, workspace: Workspace) -> None:
    for i in range(60):
        subject = SUBJECTS[i % 3] if i % 3 != 1 else "Parcel lost"
        body = "The harpsichord arrived broken." if i in (7, 41) else f"Order note {i}, refunds?"
        if i % 3 == 1:
            body = "Where is it?" if i != 7 else body
        ctx.cases.create(draft(subject, description=body, name=f"Łucja Żółć {i}"))
        workspace.clock.advance(minutes=1)
    # Updates reorder "last changed": the walk must follow the sort, not the insert order.
    for ref in ("RC-2026-000003", "RC-2026-000031", "RC-2026-000002"):
        ctx.cases.change_status(ref, "open")
        workspace.clock.advance(minutes=1)


@pytest.fixture
def filled(workspace: Workspace) -> Session:
    alice = workspace.login("alice")
    _fill(alice, workspace)
    return alice


def _page(ctx: Session, query: CaseQuery) -> list[str]:
    return [r.reference for r in ctx.cases.list(query).items]


def _by_index(ctx: Session, query: CaseQuery) -> list[int]:
    return [int(i) for i in ctx.cases.ids(query)]


def test_common_words_page_like_the_index(filled: Session) -> None:
    for sort in ("-updated", "updated", "-created", "reference", "-due", "priority"):
        for text in ("refund", "REFUND", "refunds", "Żółć", "łucja", "parcel lost", "note 4"):
            for offset in (0, 5, 20):
                query = CaseQuery(CaseFilter(search=text), sort=sort, limit=5, offset=offset)
                expected = _by_index(filled, query)[offset : offset + 5]
                assert expected or offset == 20 or text == "note 4"
                page = filled.cases.list(query)
                assert [r.id for r in page.items] == expected, (text, sort, offset)


def test_a_word_in_most_cases_is_not_counted_to_the_end(filled: Session) -> None:
    page = filled.cases.list(CaseQuery(CaseFilter(search="refund"), limit=5))
    assert len(filled.cases.ids(CaseQuery(CaseFilter(search="refund")))) == 40
    assert (page.total, page.total_exact) == (5, False)  # "more than 5"
    everything = filled.cases.list(CaseQuery(CaseFilter(search="refund"), limit=100))
    assert (everything.total, everything.total_exact) == (40, True)
    assert len(everything.items) == 40


def test_rare_words_and_references_are_counted_exactly(filled: Session) -> None:
    rare = filled.cases.list(CaseQuery(CaseFilter(search="harpsi"), limit=5))
    assert (rare.total, rare.total_exact) == (2, True)
    assert sorted(r.reference for r in rare.items) == ["RC-2026-000008", "RC-2026-000042"]
    ref = filled.cases.list(CaseQuery(CaseFilter(search="rc-2026-000031"), limit=5))
    assert [r.reference for r in ref.items] == ["RC-2026-000031"] and ref.total_exact
    assert _page(filled, CaseQuery(CaseFilter(search="nowhere"), limit=5)) == []


def test_other_filters_with_a_search_are_counted_exactly(filled: Session) -> None:
    query = CaseQuery(CaseFilter(search="refund", open_only=True), limit=5)
    page = filled.cases.list(query)
    assert page.total_exact and page.total == 40
    assert [r.id for r in page.items] == _by_index(filled, query)[:5]


def test_a_page_asked_for_without_its_count_says_more_than_it(filled: Session) -> None:
    """The window counts on a worker: its page query says only "more than the page" unless
    the page holds every match."""
    query = CaseQuery(CaseFilter(open_only=True), limit=5)
    page = filled.cases.list(query, count=False)
    assert (page.total, page.total_exact) == (5, False)
    assert [r.id for r in page.items] == _by_index(filled, query)[:5]
    later = filled.cases.list(CaseQuery(CaseFilter(open_only=True), limit=5, offset=5), count=False)
    assert (later.total, later.total_exact) == (10, False)
    rare = filled.cases.list(CaseQuery(CaseFilter(search="harpsi"), limit=5), count=False)
    assert (rare.total, rare.total_exact) == (2, True)  # the page holds them all
    assert filled.cases.list(query).total == 60  # counted when asked


def test_an_edited_case_is_found_by_its_new_words(filled: Session, workspace: Workspace) -> None:
    case = filled.cases.get("RC-2026-000002")  # "Parcel lost", no refund words
    filled.cases.update(case.reference, case.version, {"subject": "Rückerstattung: refundable"})
    query = CaseQuery(CaseFilter(search="refund"), limit=5)
    assert _page(filled, query)[0] == "RC-2026-000002"
    assert _page(filled, CaseQuery(CaseFilter(search="Rückerstattung"))) == ["RC-2026-000002"]


def test_a_database_from_before_the_word_lists_gets_them(tmp_path: Path) -> None:
    # SQLite only: PostgreSQL reads its generated tsvector and has no word lists.
    url = f"sqlite:///{tmp_path / 'old.db'}"
    # The release at schema step 4 (no word lists yet) writes the cases.
    made = made_by_release(
        4,
        url,
        "alice = ws.login('alice')\n"
        "out = [alice.cases.create(draft(f'Kettle {i}', description='Crème brûlée burner'))"
        ".reference for i in range(3)]",
    )
    result = initialize(url, admin="root", admin_password=PASSWORD)  # what `init` does
    assert (result.migrated_from, result.schema_version) == (4, LATEST)
    workspace = workspace_after(url)
    alice = workspace.login("alice")
    page = alice.cases.list(CaseQuery(CaseFilter(search="creme brulee"), limit=2))
    assert [r.reference for r in page.items] == made[::-1][:2]
    assert (page.total, page.total_exact) == (3, True)
    report = workspace.login("root").audit.verify()
    assert report.ok, report.problems
    workspace.close()


def test_a_reference_search_uses_the_indexes_not_a_scan(
    filled: Session, workspace: Workspace
) -> None:
    # SQLite only: its planner turned "text match OR reference" into a scan of every case.
    if workspace.backend != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    sql = filled.store.dialect
    # The statistics of 100,000 cases (the benchmark's data sets are analysed): a plan that
    # reads every case costs what it would there.
    sql.execute("ANALYZE")
    sql.execute(
        "UPDATE sqlite_stat1 SET stat = '100000' || substr(stat, instr(stat, ' ')) "
        "WHERE tbl = 'cases' AND stat LIKE '% %'"
    )
    sql.execute("ANALYZE sqlite_schema")  # the planner reads the statistics again
    query = CaseQuery(CaseFilter(search="RC-2026-000031"), limit=5)
    sql.trace = []
    try:
        assert _page(filled, query) == ["RC-2026-000031"]
        assert len(_by_index(filled, query)) == 1
        filled.cases.counts(query.filter)
        traced = [(s, p) for s, p in sql.trace if "case_fts" in s]
    finally:
        sql.trace = None
    assert len(traced) >= 4  # the page, its count, the ids, the two side-bar counts
    for statement, params in traced:
        plan = [row[3] for row in sql.all("EXPLAIN QUERY PLAN " + statement, params)]
        scans = [step for step in plan if re.match(r"SCAN (c|cases)\b", step)]
        assert not scans, (statement, plan)
        assert "SEARCH cases USING COVERING INDEX cases_reference (reference=?)" in plan


def test_a_reference_finds_its_case_and_the_cases_that_name_it(
    filled: Session, workspace: Workspace
) -> None:
    # A reference is searched as its words side by side, not as three prefixes anywhere.
    named = filled.cases.create(draft("Follow-up", description="Same parcel as RC-2026-000031."))
    filled.cases.create(draft("RC car", description="Bought in 2026, part 000031-B, broken."))
    query = CaseQuery(CaseFilter(search=" rc-2026-000031 "), limit=5)
    page = filled.cases.list(query)
    assert sorted(r.reference for r in page.items) == ["RC-2026-000031", named.reference]
    assert (page.total, page.total_exact) == (2, True)
    assert sorted(_by_index(filled, query)) == sorted(r.id for r in page.items)


def test_a_page_past_the_end_still_tells_how_many_match(filled: Session) -> None:
    """Both backends: a word's page past its last match is empty and counts the matches."""
    for text, matches in (("refund", 40), ("harpsi", 2)):
        page = filled.cases.list(CaseQuery(CaseFilter(search=text), limit=5, offset=100))
        assert (page.items, page.total, page.total_exact) == ([], matches, True), text


@pytest.mark.parametrize(
    "query",
    [
        CaseQuery(CaseFilter()),
        CaseQuery(CaseFilter(search="refund"), sort="reference"),
        CaseQuery(CaseFilter(search="harpsichord")),
        CaseQuery(CaseFilter(open_only=True), sort="-created"),
    ],
)
def test_the_windows_reads_agree_with_every_id_in_order(filled: Session, query: CaseQuery) -> None:
    """The window reads a stretch of ids where it is scrolled to, counts the list and looks up
    where a selected case stands: each agrees with the whole id list in its order."""
    everything = filled.cases.ids(query)
    assert filled.cases.count(query.filter) == len(everything) > 0
    stretches = [filled.cases.ids(query, offset=o, limit=7) for o in range(0, len(everything), 7)]
    assert [i for s in stretches for i in s] == everything
    assert filled.cases.ids(query, offset=len(everything), limit=7) == []
    for place, case_id in enumerate(everything):
        assert filled.cases.position(query, case_id) == place
    others = [i for i in filled.cases.ids(CaseQuery(CaseFilter())) if i not in everything]
    for case_id in others[:3]:
        assert filled.cases.position(query, case_id) is None  # not listed: no place


def test_a_count_with_a_bound_stops_one_past_it(filled: Session) -> None:
    """The window counts a word search only up to a bound: the number comes back exact below
    it and as "one past it" above, for the text index and for other filters alike."""
    refund = CaseFilter(search="refund")
    matching = filled.cases.count(refund)
    assert matching == len(filled.cases.ids(CaseQuery(refund))) == 40
    assert filled.cases.count(refund, at_most=10) == 11
    assert filled.cases.count(refund, at_most=40) == 40
    assert filled.cases.count(CaseFilter(open_only=True), at_most=5) == 6
    assert filled.cases.count(CaseFilter(search="harpsichord"), at_most=5) == 2
