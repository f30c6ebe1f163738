"""Imported cases follow the team's SLA calendar as cases opened in the window do (issue 16), on
both backends: the same due and warning times and calendar version, and a record that arrives
resolved after its due time counts as missed, with its breach in the import's trail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from resolution_center.domain.actions import Action
from resolution_center.domain.case import CaseFilter, Priority, Status
from resolution_center.domain.sla import SlaState, sla_state
from resolution_center.services.imports import ImportNote, ImportRecord, import_cases
from tests.helpers.sla import save_office_calendar
from tests.helpers.workspace import Workspace, draft


def _ref(reference: str | None) -> str:
    assert reference is not None
    return reference


def _record(subject: str, email: str, **extra: object) -> ImportRecord:
    base = draft(subject, email=email, priority=Priority.HIGH)
    return ImportRecord(base, source="helpdesk", source_id=subject, **extra)  # type: ignore[arg-type]


def test_an_imported_open_case_is_due_when_one_typed_in_at_that_moment_is(
    workspace: Workspace,
) -> None:
    root = workspace.login("root")
    save_office_calendar(root)
    # Friday 2026-11-27 15:30 in Berlin: the 4 working hours' first response runs into Monday.
    workspace.clock.now = datetime(2026, 11, 27, 14, 30, tzinfo=UTC)
    typed = workspace.login("maria").cases.create(
        draft("Kettle leaks", email="typed@example.com", priority=Priority.HIGH)
    )
    record = _record("Kettle leaks", "imported@example.com", received_at=typed.created_at)
    result = import_cases(root, [record])
    assert result.imported == 1
    imported = root.cases.get(_ref(result.first_reference))
    assert imported.created_at == typed.created_at and imported.priority is typed.priority
    # (the fake clock adds a microsecond per reading)
    monday = datetime(2026, 11, 30, 9, 30, tzinfo=UTC)
    assert imported.first_response_due.replace(microsecond=0) == monday
    for name in (
        "first_response_due",
        "resolution_due",
        "first_response_warn_at",
        "resolution_warn_at",
        "sla_calendar_version",
    ):
        assert getattr(imported, name) == getattr(typed, name), name
    assert imported.sla_calendar_version == 1
    # The opening event holds the due times the row holds.
    opened = root.audit.case_trail(imported.id)[0]
    assert opened.event.action == Action.CASE_IMPORTED
    assert opened.data["new"]["first_response_due"].startswith("2026-11-30T09:30:00.")
    report = root.audit.verify()
    assert report.ok, report.problems
    again = import_cases(root, [record])
    assert (again.imported, len(again.present)) == (0, 1)
    assert root.cases.counts(CaseFilter())["status"] == {"new": 2}


def test_a_record_resolved_after_its_due_time_is_missed_and_one_resolved_in_time_met(
    workspace: Workspace,
) -> None:
    root = workspace.login("root")
    save_office_calendar(root)
    received = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)  # Monday 09:00 in Berlin

    def answered_in_an_hour(subject: str, status: Status, took: timedelta) -> ImportRecord:
        return _record(
            subject,
            f"{subject.replace(' ', '')}@example.com",
            status=status,
            received_at=received,
            resolved_at=received + took,
            notes=(ImportNote("On it.", received + timedelta(hours=1), True),),
        )

    late = answered_in_an_hour("Late", Status.RESOLVED, timedelta(days=20))
    on_time = answered_in_an_hour("On time", Status.CLOSED, timedelta(days=1))
    result = import_cases(root, [late, on_time])
    assert result.imported == 2
    missed = root.cases.get(_ref(result.first_reference))
    met = root.cases.get(_ref(result.last_reference))
    assert missed.resolution_breached_at == missed.resolution_due
    assert missed.first_response_breached_at is None  # answered within the hour
    assert sla_state(missed, workspace.clock.now) is SlaState.MISSED
    assert met.resolution_breached_at is None and met.first_response_breached_at is None
    assert sla_state(met, workspace.clock.now) is SlaState.MET
    assert root.cases.counts(CaseFilter())["sla"] == {"missed": 1, "met": 1}
    breaches = [
        t.data for t in root.audit.case_trail(missed.id) if t.event.action == Action.SLA_BREACHED
    ]
    assert breaches == [
        {
            "target": "resolution",
            "due": "2026-11-12T08:00:00.000000Z",  # 72 h of 9-hour office days: Thursday 09:00
            "calendar_version": 1,
            "assignee": None,
            "tier": "frontline",
        }
    ]
    assert missed.resolution_due == datetime(2026, 11, 12, 8, 0, tzinfo=UTC)
    assert not [t for t in root.audit.case_trail(met.id) if t.event.action == Action.SLA_BREACHED]
    report = root.audit.verify()
    assert report.ok, report.problems


def test_an_open_record_answered_late_has_its_first_response_breach(workspace: Workspace) -> None:
    """The sweep never judges a first response already given, so the import records it."""
    root = workspace.login("root")
    received = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    record = _record(
        "Slow reply",
        "slow@example.com",
        status=Status.OPEN,
        received_at=received,
        notes=(ImportNote("Sorry for the wait.", received + timedelta(hours=5), True),),
    )
    result = import_cases(root, [record])
    case = root.cases.get(_ref(result.first_reference))
    assert case.sla_calendar_version is None  # no calendar saved: the built-in one
    assert case.first_response_due == received + timedelta(hours=4)
    assert case.first_response_breached_at == case.first_response_due
    assert case.resolution_breached_at is None
    assert root.audit.verify().ok


def test_an_imported_case_s_figures_are_reproduced_from_its_trail(workspace: Workspace) -> None:
    root = workspace.login("root")
    save_office_calendar(root)
    received = datetime(2026, 11, 20, 13, 0, tzinfo=UTC)
    result = import_cases(root, [_record("Replayed", "replay@example.com", received_at=received)])
    case, history = root.sla.history(_ref(result.first_reference))
    assert history.calendar_version == 1
    assert history.reproduced, (history.replayed, history.stored)
    assert history.replayed.resolution_due == case.resolution_due
