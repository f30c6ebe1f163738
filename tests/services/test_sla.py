"""SLA in business hours on both backends: calendar versions, the clock's pauses, late cases
that stay late, the sweep (once per case and target, with two clients at once), figures
reproduced from the trail alone, and the rows nobody may rewrite."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from resolution_center.domain.actions import Action
from resolution_center.domain.business_time import BusinessCalendar, working_time
from resolution_center.domain.case import CaseFilter, Priority
from resolution_center.domain.errors import PermissionDenied, ValidationError
from resolution_center.domain.sla import SlaState, sla_state
from resolution_center.domain.sla_calendar import hours_from_json, policy_from_stored
from resolution_center.domain.trail_text import DEFAULT
from resolution_center.services.sla import SlaAlert, SlaCalendars, SlaService
from tests.helpers.workspace import PASSWORD, Workspace, draft

OFFICE = ((480, 1020),) * 5 + (None, None)
# Monday 2026-11-23 09:00 UTC is 10:00 in Berlin: the workspace's clock starts there.


def service(ctx: Any) -> SlaService:
    return SlaService(ctx, SlaCalendars(ctx.store))


def save_berlin(ws: Workspace, **extra: Any) -> None:
    targets = SlaCalendars(ws.login("root").store).current().policy.targets
    service(ws.login("root")).save(
        time_zone="Europe/Berlin",
        hours=OFFICE,
        holiday_country="DE",
        holiday_region="BY",
        own_days=frozenset({date(2026, 11, 24)}),
        targets=dict(targets),
        category_targets={},
        warn_percent=80,
        **extra,
    )


def events(ctx: Any, case_id: int, action: Action) -> list[dict[str, Any]]:
    return [e.data for e in ctx.audit.case_trail(case_id) if e.event.action == action]


def test_only_an_admin_saves_a_calendar_and_every_version_is_kept(workspace: Workspace) -> None:
    with pytest.raises(PermissionDenied):
        service(workspace.login("maria")).save(
            time_zone="UTC",
            hours=OFFICE,
            holiday_country=None,
            holiday_region=None,
            own_days=frozenset(),
            targets={},
            category_targets={},
            warn_percent=80,
        )
    with pytest.raises(ValidationError) as err:
        save_berlin_bad_region(workspace)
    assert err.value.field == "holiday_region"
    save_berlin(workspace)
    save_berlin(workspace)
    sla = service(workspace.login("alice"))
    assert [v.version for v in sla.versions()] == [2, 1]
    first = sla.get(1)
    assert first.policy.calendar.zone == "Europe/Berlin" and first.saved_by == "root"
    # Bavaria's public holidays (Epiphany) and the team's own day are closed days
    assert {date(2026, 1, 6), date(2026, 11, 24)} <= first.policy.calendar.holidays
    assert workspace.login("root").audit.verify().ok


def save_berlin_bad_region(ws: Workspace) -> None:
    service(ws.login("root")).save(
        time_zone="Europe/Berlin",
        hours=OFFICE,
        holiday_country="DE",
        holiday_region="ZZ",
        own_days=frozenset(),
        targets=dict(SlaCalendars(ws.login("root").store).current().policy.targets),
        category_targets={},
        warn_percent=80,
    )


def test_waiting_on_the_customer_pauses_the_clock_in_working_time(workspace: Workspace) -> None:
    save_berlin(workspace)
    alice = workspace.login("alice")
    case = alice.cases.create(draft(priority=Priority.HIGH))  # 4 working hours to respond
    assert case.sla_calendar_version == 1
    # Monday 10:00 Berlin + 4 h = 14:00 Berlin (13:00 UTC)
    assert case.first_response_due == datetime(2026, 11, 23, 13, 0, tzinfo=UTC) + (
        case.created_at - datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    )
    workspace.clock.advance(hours=1)
    paused = alice.cases.change_status(case.reference, "waiting-on-customer", reason="photos")
    assert sla_state(paused, workspace.clock.now + timedelta(days=30)) is SlaState.PAUSED
    # Tuesday is the team's own closed day; back on Wednesday at 09:00 Berlin (08:00 UTC)
    workspace.clock.now = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    back = alice.cases.change_status(case.reference, "open", reason="photos came")
    cal = SlaCalendars(alice.store).policy(1).calendar
    pause = working_time(cal, paused.sla_paused_at, back.updated_at)
    assert back.sla_paused_seconds == int(pause.total_seconds())  # Monday 11:00-17:00 + 1 h
    # Monday 11:00-17:00 and Wednesday 08:00-09:00: 7 h, less the clock's microsecond ticks
    assert back.sla_paused_seconds in (7 * 3600 - 1, 7 * 3600)
    # 1 of the 4 hours was used before the pause: 3 are left from Wednesday 09:00 Berlin
    left = working_time(cal, back.updated_at, back.first_response_due)
    assert abs(left - timedelta(hours=3)) < timedelta(seconds=2)
    # Each move records what the clock did in its own event, with its reason.
    moves = events(alice, case.id, Action.CASE_STATUS_CHANGED)
    assert [(m["reason"], m["sla"]["clock"]) for m in moves] == [
        ("photos", "paused"),
        ("photos came", "resumed"),
    ]
    assert moves[1]["sla"]["paused_seconds"] == back.sla_paused_seconds
    assert DEFAULT.summary(alice.audit.case_trail(case.id)[-1]).endswith(
        "SLA clock running again after 7 h 0 min of working time, resolution due "
        f"{back.resolution_due:%Y-%m-%d %H:%M} UTC"
    )
    assert workspace.login("root").audit.verify().ok


def test_a_case_resolved_late_stays_late(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft(priority=Priority.CRITICAL))  # resolution within 24 h
    alice.cases.add_note(case.reference, "Looking into it", to_customer=True)
    workspace.clock.advance(hours=26)  # two hours after the due time
    done = alice.cases.change_status(
        case.reference, "resolved", code="refunded", summary="Refunded in full"
    )
    assert sla_state(done, workspace.clock.now) is SlaState.MISSED
    assert alice.cases.counts(CaseFilter())["sla"] == {"missed": 1}
    breach = events(alice, case.id, Action.SLA_BREACHED)
    assert [b["target"] for b in breach] == ["resolution"]
    assert done.resolution_breached_at == done.resolution_due
    alice.cases.change_status(done.reference, "closed")
    assert alice.cases.counts(CaseFilter(sla_states=("missed",)))["status"] == {"closed": 1}
    assert service(alice).sweep() == []  # nothing more to record
    assert workspace.login("root").audit.verify().ok


def test_a_late_reply_note_records_the_first_response_breach(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft(priority=Priority.HIGH))  # respond within 4 h
    workspace.clock.advance(hours=5)
    alice.cases.add_note(case.reference, "Sorry for the wait", to_customer=True)
    late = alice.cases.get(case.reference)
    assert late.first_response_breached_at == late.first_response_due
    assert [b["target"] for b in events(alice, case.id, Action.SLA_BREACHED)] == ["first-response"]
    assert workspace.login("root").audit.verify().ok


def test_a_case_resolved_in_time_is_met(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft(priority=Priority.HIGH))
    alice.cases.add_note(case.reference, "On it", to_customer=True)
    done = alice.cases.change_status(case.reference, "resolved", code="refunded", summary="Done")
    assert sla_state(done, workspace.clock.now) is SlaState.MET
    assert alice.cases.counts(CaseFilter())["sla"] == {"met": 1}


def test_the_sweep_warns_then_records_the_breach_once(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft(priority=Priority.HIGH))  # respond within 4 h
    workspace.clock.advance(hours=3, minutes=30)  # past 80 % (3 h 12 min)
    assert alice.cases.counts(CaseFilter())["sla"] == {"due-soon": 1}
    warned = service(alice).sweep()
    assert [(a.action, a.target.value) for a in warned] == [(Action.SLA_WARNING, "first-response")]
    workspace.clock.advance(hours=1)
    swept = service(workspace.login("bob")).sweep()
    assert [(a.action, a.reference) for a in swept] == [(Action.SLA_BREACHED, case.reference)]
    assert service(alice).sweep() == []
    assert alice.cases.counts(CaseFilter())["sla"] == {"overdue": 1}
    assert len(events(alice, case.id, Action.SLA_BREACHED)) == 1
    assert events(alice, case.id, Action.SLA_WARNING)[0]["percent"] == 80


def test_two_clients_sweeping_at_once_record_each_breach_once(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    refs = [alice.cases.create(draft(f"Case {i}", priority=Priority.CRITICAL)) for i in range(12)]
    workspace.clock.advance(hours=2)  # every first response (1 h) is overdue
    sweepers = [service(workspace.login(name)) for name in ("alice", "bob", "sam")]
    found: list[list[SlaAlert]] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(sweepers))

    def run(s: SlaService) -> None:
        try:
            barrier.wait()
            found.append(s.sweep())
        except BaseException as exc:  # reported below, on the test thread
            errors.append(exc)
        finally:
            s.ctx.store.close()

    threads = [threading.Thread(target=run, args=(s,)) for s in sweepers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    recorded = sorted(a.reference for batch in found for a in batch)
    assert recorded == sorted(c.reference for c in refs)  # each once, by whichever sweeper
    root = workspace.login("root")
    for c in refs:
        assert len(events(root, c.id, Action.SLA_BREACHED)) == 1
    assert root.audit.verify().ok


def test_the_figures_are_reproduced_from_the_trail_alone(workspace: Workspace) -> None:
    save_berlin(workspace)
    alice = workspace.login("alice")
    case = alice.cases.create(draft(priority=Priority.NORMAL, category="shipping-problem"))
    for hours, status in ((2, "waiting-on-third-party"), (20, "open"), (1, "waiting-on-customer")):
        workspace.clock.advance(hours=hours)
        alice.cases.change_status(case.reference, status, reason=f"to {status}")
    workspace.clock.advance(hours=30)
    alice.cases.change_status(case.reference, "open", reason="answered")
    alice.cases.update(case.reference, None, {"priority": "high"})
    stored = alice.cases.get(case.reference)

    root = workspace.login("root")
    saved = root.audit.target_trail("sla_calendar", "resolution-center/1")[0].event
    (image,) = [img for table, _, img in saved.row_images() if table == "sla_calendars"]
    policy = policy_from_stored(
        1,
        image["time_zone"],
        image["hours"],
        image["holidays"],
        image["targets"],
        image["warn_percent"],
    )
    assert hours_from_json(image["hours"]) == OFFICE
    # The case as the trail left it: the last image of its row, and its clock's events.
    trail = root.audit.case_trail(case.id)
    images = [e.event.row_images() for e in trail]
    row = [img for rows in images for t, _, img in rows if t == "cases"][-1]
    paused = timedelta()
    for e in trail:
        clock = e.data.get("sla") or {}
        if clock.get("clock") == "resumed":
            start = datetime.fromisoformat(clock["paused_at"])
            end = datetime.fromisoformat(clock["at"])
            paused += timedelta(
                seconds=int(working_time(policy.calendar, start, end).total_seconds())
            )
    created = datetime.fromisoformat(row["created_at"])
    again = policy.schedule(created, Priority(row["priority"]), row["category"], paused)
    assert row["sla_calendar_version"] == 1
    assert int(paused.total_seconds()) == stored.sla_paused_seconds == row["sla_paused_seconds"]
    assert (again.first_response_due, again.resolution_due) == (
        stored.first_response_due,
        stored.resolution_due,
    )
    assert again.resolution_warn_at == stored.resolution_warn_at
    assert isinstance(policy.calendar, BusinessCalendar)
    # The service says the same, with the clock's story as the trail tells it.
    _, history = alice.sla.history(case.reference)
    assert history.reproduced and history.replayed == again
    assert [e.what for e in history.entries] == ["paused", "resumed", "paused", "resumed"]


def test_sqlite_verify_names_a_calendar_edited_in_the_file(workspace: Workspace) -> None:
    if workspace.backend != "sqlite":
        pytest.skip("PostgreSQL refuses the edit itself (the next test)")
    save_berlin(workspace)
    workspace.tamper("UPDATE sla_calendars SET warn_percent = 99 WHERE version = 1")
    report = workspace.login("root").audit.verify()
    assert not report.ok
    assert any("sla_calendars" in str(p) for p in report.problems)


def test_sqlite_verify_names_a_breach_cleared_in_the_file(workspace: Workspace) -> None:
    if workspace.backend != "sqlite":
        pytest.skip("PostgreSQL refuses the edit itself (the next test)")
    alice = workspace.login("alice")
    case = alice.cases.create(draft(priority=Priority.CRITICAL))
    workspace.clock.advance(hours=2)
    assert service(alice).sweep()
    workspace.tamper(
        ("UPDATE cases SET first_response_breached_at = NULL WHERE id = ?", (case.id,))
    )
    report = workspace.login("root").audit.verify()
    assert not report.ok
    assert any(
        "cases" in str(p) and "first_response_breached_at" in str(p) for p in report.problems
    )


@pytest.mark.postgres
def test_postgres_refuses_a_specialist_s_calendar_and_a_cleared_breach(
    pg_workspace: Workspace, pg_server: Any
) -> None:
    save_berlin(pg_workspace)
    alice = pg_workspace.login("alice")
    case = alice.cases.create(draft(priority=Priority.CRITICAL))
    pg_workspace.clock.advance(hours=2)
    assert service(alice).sweep()
    dbname = pg_workspace.url.rsplit("/", 1)[1]

    def as_alice(statement: str) -> Any:
        return pg_server.psql(statement, dbname, "alice", PASSWORD)

    insert = as_alice(
        "INSERT INTO sla_calendars SELECT team, 9, time_zone, hours, holiday_country, "
        "holiday_region, own_days, holidays, targets, 1, saved_at, 'alice' "
        "FROM sla_calendars WHERE version = 1"
    )
    assert insert.returncode != 0 and "permission denied" in insert.stderr
    cleared = as_alice(f"UPDATE cases SET first_response_breached_at = NULL WHERE id = {case.id}")
    assert cleared.returncode != 0 and "stay as" in cleared.stderr, cleared.stderr
    edited = as_alice("UPDATE sla_calendars SET warn_percent = 99")
    assert edited.returncode != 0, edited.stderr
    assert alice.cases.get(case.reference).first_response_breached_at is not None


def test_warnings_reach_the_assignee_and_the_tier_s_queue(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    mine = alice.cases.create(draft("Mine", priority=Priority.HIGH))
    alice.cases.assign(mine.reference, "alice")
    queued = alice.cases.create(draft("Unassigned", priority=Priority.HIGH))
    calm = alice.cases.create(draft("Calm", priority=Priority.LOW))
    workspace.clock.advance(hours=3, minutes=30)  # past 80 % of the high cases' 4 h
    assert {a.reference for a in service(alice).sweep()} == {mine.reference, queued.reference}
    seen = {
        name: set(workspace.login(name).sla.alerted_case_ids())
        for name in ("alice", "bob", "sam", "maria")
    }
    assert seen["alice"] == {mine.id, queued.id}
    assert seen["bob"] == {queued.id}  # the frontline queue's unassigned case, not alice's
    assert seen["sam"] == set()  # the senior queue holds neither
    assert seen["maria"] == {mine.id, queued.id}  # supervisors see every warned case
    assert calm.id not in seen["maria"]
    # Queue membership, not the role, decides: sam (senior) joins the frontline queue.
    workspace.login("root").queues.add_member("frontline", "sam", "covering for a holiday")
    assert set(workspace.login("sam").sla.alerted_case_ids()) == {queued.id}
