"""The KPI report on a small known data set, on both backends: every figure against values worked
out by hand from the script below; SQLite and PostgreSQL give the same report; only supervisors
and admins see figures per person."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from resolution_center.domain.case import CaseFilter, Channel
from resolution_center.domain.errors import PermissionDenied
from resolution_center.domain.kpis import DEFINITIONS, KpiReport, Period, nearest_rank
from resolution_center.domain.money import Money
from resolution_center.services.session import Session
from resolution_center.storage.kpis import RECENT_VERSIONS
from tests.helpers.sla import save_office_calendar
from tests.helpers.workspace import PASSWORD, Workspace, draft

HOUR = 3600
DAY = date(2026, 11, 23)  # the workspace clock's first day (a Monday, 09:00 UTC)


def known_cases(ws: Workspace) -> dict[str, str]:
    """Three cases, times in whole hours from receipt (the fake clock adds microseconds, which
    the report's whole seconds drop):
    A product-defect/email: answered after 1 h, resolved after 2 h.
    B product-defect/chat: received 2 h after A, answered after 2 h, escalated, still open.
    C shipping-problem/email: received with B, answered after 30 h (over the 24 h target:
      a first-response breach), resolved after 48 h, reopened, resolved again after 50 h."""
    alice = ws.login("alice")
    cases = alice.cases
    a = cases.create(draft("Kettle leaks", channel=Channel.EMAIL))
    ws.clock.advance(hours=1)
    cases.add_note(a.id, "We are on it.", to_customer=True)
    ws.clock.advance(hours=1)
    cases.change_status(a.id, "resolved", code="refunded", summary="Refunded in full.")
    b = cases.create(draft("Kettle leaks again", channel=Channel.CHAT, email="b@example.com"))
    c = cases.create(
        draft("Parcel lost", category="shipping-problem", email="c@example.com", total=5_000)
    )
    ws.clock.advance(hours=2)
    cases.add_note(b.id, "Looking into it.", to_customer=True)
    cases.escalate(b.id, "needs a senior")
    ws.clock.advance(hours=28)
    cases.add_note(c.id, "Sorry for the wait.", to_customer=True)
    ws.clock.advance(hours=18)
    cases.change_status(c.id, "resolved", code="refunded", summary="Refunded.")
    cases.change_status(c.id, "open", reason="the refund bounced")
    ws.clock.advance(hours=2)
    cases.change_status(c.id, "resolved", code="refunded", summary="Refunded again.")
    return {"A": a.reference, "B": b.reference, "C": c.reference}


def test_nearest_rank_is_ceil() -> None:
    assert [nearest_rank(n, 50) for n in (1, 2, 3, 4, 5)] == [1, 1, 2, 2, 3]
    assert [nearest_rank(n, 90) for n in (1, 2, 3, 10, 11)] == [1, 2, 3, 9, 10]


def test_known_figures(workspace: Workspace) -> None:
    known_cases(workspace)
    r = workspace.login("maria").kpis.report(DAY, DAY + (date(2026, 11, 30) - DAY), by=Period.DAY)
    assert r.received == 3
    assert [(c.key, c.count) for c in r.by_category] == [
        ("product-defect", 2),
        ("shipping-problem", 1),
    ]
    assert [(c.key, c.count) for c in r.by_channel] == [("email", 2), ("chat", 1)]
    assert [(c.key, c.count) for c in r.by_tier] == [("frontline", 2), ("senior", 1)]
    # All three arrived on the first day; A resolved that day, C on the third (Wednesday).
    first, second, third = r.periods[:3]
    assert (first.received, first.resolved, first.backlog) == (3, 1, 2)
    assert (second.received, second.resolved, second.backlog) == (0, 0, 2)
    assert (third.received, third.resolved, third.backlog) == (0, 1, 1)
    assert r.periods[-1].backlog == 1 and len(r.periods) == 8
    # First responses 1 h, 2 h, 30 h: nearest-rank median is rank 2, p90 rank 3.
    assert (r.first_response.count, r.first_response.median, r.first_response.p90) == (
        3,
        2 * HOUR,
        30 * HOUR,
    )
    # Resolutions 2 h (A) and 50 h (C, its last resolution): median rank 1, p90 rank 2.
    assert (r.resolution.count, r.resolution.median, r.resolution.p90) == (2, 2 * HOUR, 50 * HOUR)
    assert [c.count for c in r.resolution_bins] == [1, 0, 0, 0, 1, 0, 0, 0]
    assert (r.sla_first_response.part, r.sla_first_response.whole) == (2, 3)
    assert (r.sla_resolution.part, r.sla_resolution.whole) == (2, 2)
    assert (r.escalation.part, r.escalation.whole) == (1, 3)
    assert (r.reopen.part, r.reopen.whole) == (1, 3)
    assert (r.frontline.part, r.frontline.whole) == (2, 2)
    assert r.remedy_cost == () and r.approval_turnaround.count == 0
    assert [(c.key, c.count) for c in r.top_products] == [("Electric kettle", 3)]
    assert r.per_assignee is not None and r.per_tier is not None
    tiers = {g.key: (g.cases, g.resolved) for g in r.per_tier}
    assert tiers == {"frontline": (2, 2), "senior": (1, 0)}
    # Nobody took A or C; B went to the senior queue, waiting for a member.
    people = {g.key: (g.cases, g.resolved, g.resolution_time.median) for g in r.per_assignee}
    assert people == {"": (3, 2, 2 * HOUR)}
    assert not r.business_hours
    assert KpiReport.from_json(json.loads(json.dumps(r.to_json()))) == r


def test_filters_are_the_case_lists(workspace: Workspace) -> None:
    known_cases(workspace)
    kpis = workspace.login("maria").kpis
    r = kpis.report(DAY, DAY, CaseFilter(categories=("shipping-problem",)), Period.DAY)
    assert r.received == 1 and r.reopen.part == 1
    assert kpis.report(DAY, DAY, CaseFilter(search="kettle"), Period.DAY).received == 2
    # A day before anything arrived: nothing received, and nothing open at its end.
    before = kpis.report(date(2026, 11, 22), date(2026, 11, 22), by=Period.DAY)
    assert before.received == 0 and before.periods[0].backlog == 0


def test_people_figures_are_for_supervisors(workspace: Workspace) -> None:
    known_cases(workspace)
    alice = workspace.login("alice").kpis
    mine = alice.report(DAY, DAY)
    assert mine.per_assignee is None and mine.per_tier is None and mine.received == 3
    with pytest.raises(PermissionDenied):
        alice.report(DAY, DAY, per_person=True)


def _comparable(r: KpiReport) -> dict[str, Any]:
    data = r.to_json()
    del data["generated_at"]
    return data


def test_sqlite_and_postgresql_agree(tmp_path: Path, pg_workspace: Workspace) -> None:
    lite = Workspace.create(f"sqlite:///{tmp_path / 'same.db'}")
    try:
        reports = []
        for ws in (lite, pg_workspace):
            known_cases(ws)
            kpis = ws.login("maria").kpis
            reports += [_comparable(kpis.report(DAY, date(2026, 12, 31), by=by)) for by in Period]
        half = len(reports) // 2
        assert reports[:half] == reports[half:]
        assert reports[0]["volume"] == 3
    finally:
        lite.close()


def test_readme_holds_every_definition() -> None:
    """The README's KPI table is the code's definitions, word for word (one place: the
    domain's DEFINITIONS, also the window's tooltips)."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| \*\*(.+?)\*\* \| (.+?) \|$", readme, flags=re.M))
    assert {d.label: d.definition for d in DEFINITIONS}.items() <= rows.items()


def office_hours_case(ws: Workspace) -> Session:
    """Office hours in Berlin (08:00-17:00 local, UTC+1 in November): a case received Monday
    10:00 local, answered Tuesday 09:00 and resolved the next Monday 09:00 waited 8 and 44
    working hours (23 and 167 elapsed). Returns the admin who saved the calendar."""
    root = ws.login("root")
    save_office_calendar(root, holiday_country=None)
    alice = ws.login("alice")
    case = alice.cases.create(draft("Kettle leaks"))
    ws.clock.advance(hours=23)
    alice.cases.add_note(case.id, "On it.", to_customer=True)
    ws.clock.advance(hours=144)
    alice.cases.change_status(case.id, "resolved", code="refunded", summary="Refunded.")
    return root


def test_times_are_working_hours_on_the_calendar(workspace: Workspace) -> None:
    office_hours_case(workspace)
    r = workspace.login("maria").kpis.report(DAY, DAY)
    assert r.business_hours
    assert (r.first_response.median, r.resolution.median) == (8 * HOUR, 44 * HOUR)
    assert [c.count for c in r.resolution_bins] == [0, 0, 0, 1, 0, 0, 0, 0]  # <= 48 h


def test_reopenings_from_closed_count_and_other_moves_to_open_do_not(
    workspace: Workspace,
) -> None:
    """Reopenings are read from how the event text begins: a case closed without a resolution
    and opened again is one; a case opened from waiting on the customer is not."""
    alice = workspace.login("alice")
    closed = alice.cases.create(draft("Duplicate ticket"))
    alice.cases.change_status(closed.id, "closed")
    alice.cases.change_status(closed.id, "open", reason="not a duplicate after all")
    waiting = alice.cases.create(draft("Waiting", email="w@example.com"))
    alice.cases.change_status(waiting.id, "waiting-on-customer")
    alice.cases.change_status(waiting.id, "open")
    r = workspace.login("maria").kpis.report(DAY, DAY)
    assert (r.reopen.part, r.reopen.whole) == (1, 2)


@pytest.mark.parametrize("left_out", ["older calendar version", "clock behind the times"])
def test_days_left_out_of_the_first_try_are_asked_again(
    workspace: Workspace, left_out: str
) -> None:
    """The report first joins the recent calendar versions and the days up to today; a case
    following an older version, or answered and resolved after the reader's today (a clock
    behind another's), still gets its working hours, not a gap in the figures."""
    root = office_hours_case(workspace)
    if left_out == "older calendar version":
        for _ in range(RECENT_VERSIONS):
            save_office_calendar(root, holiday_country=None)
    else:
        workspace.clock.advance(days=-30)
    r = workspace.login("maria").kpis.report(DAY, DAY)
    assert r.business_hours
    assert (r.first_response.median, r.resolution.median) == (8 * HOUR, 44 * HOUR)
    assert (r.sla_resolution.whole, r.resolution.count) == (1, 1)


@pytest.mark.parametrize("clock", ["on time", "behind the decisions"])
def test_approval_turnaround_and_refusals(workspace: Workspace, clock: str) -> None:
    """Three refunds above the frontline's authority, decided 1 h, 3 h and 10 h after they were
    proposed (one refused): turnaround median is rank 2 (3 h), p90 rank 3 (10 h); a reader
    whose clock is behind the decisions still counts them. On PostgreSQL the server stamps
    proposals and sign-offs with its own clock (the trust boundary), not the test's: there
    the decisions are seconds apart and after the test clock's today."""
    alice, maria = workspace.login("alice"), workspace.login("maria")
    proposed = []
    for i, email in enumerate(("a@example.com", "b@example.com", "c@example.com")):
        case = alice.cases.create(draft(f"Broken kettle {i}", email=email, total=60_000))
        remedy = alice.remedies.propose(
            case.reference, "partial-refund", Money(40_000, "EUR"), reason="Broken on arrival."
        )
        assert remedy.state.value == "pending-signoff", remedy.state
        proposed.append(remedy.reference)
    workspace.clock.advance(hours=1)
    maria.remedies.approve(proposed[0], PASSWORD, "Photos on file.")
    workspace.clock.advance(hours=2)
    maria.remedies.reject(proposed[1], PASSWORD, "Outside the return window.")
    workspace.clock.advance(hours=7)
    maria.remedies.approve(proposed[2], PASSWORD, "Photos on file.")
    if clock != "on time":
        workspace.clock.advance(days=-3)
    r = maria.kpis.report(DAY, DAY)
    t = r.approval_turnaround
    if workspace.backend == "sqlite":
        assert (t.count, t.median, t.p90) == (3, 3 * HOUR, 10 * HOUR)
    else:
        assert t.count == 3 and t.median is not None and t.p90 is not None
        assert 0 <= t.median <= t.p90 < 60
    assert (r.refused.part, r.refused.whole) == (1, 3)
    assert [(c.kind, c.currency, c.remedies, c.amount_minor) for c in r.remedy_cost] == [
        ("partial-refund", "EUR", 2, 80_000)
    ]


def test_cases_received_before_the_period_count_in_its_flow(workspace: Workspace) -> None:
    """The backlog at a period's start and what was done in it include cases received before
    it: the week after the three cases arrived, B and C were open at its start and C was
    resolved on its second day (Wednesday)."""
    known_cases(workspace)
    kpis = workspace.login("maria").kpis
    r = kpis.report(date(2026, 11, 24), date(2026, 11, 30), by=Period.DAY)
    assert r.received == 0
    first, second = r.periods[:2]
    assert (first.received, first.resolved, first.backlog) == (0, 0, 2)
    assert (second.received, second.resolved, second.backlog) == (0, 1, 1)
    assert r.periods[-1].backlog == 1
