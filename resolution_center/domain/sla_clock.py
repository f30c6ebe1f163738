"""The SLA clock through a case's changes: a move into a waiting status (or to resolved or
closed) stops it, a move back to the team starts it again with the due times moved by the
working time it stood still, and a new priority takes its targets from the same calendar
version. The change's own event records what the clock did (its data's "sla"). Applied by the
case service to whatever change the rules in case_changes.py return, so every path that moves
a status (status, escalation, de-escalation, assignment) pauses and resumes alike.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from .audit import format_time
from .case import Case
from .case_changes import CaseChange
from .sla import CLOCK_STOPPED, SlaPolicy, SlaTarget, paused_time


def with_clock(case: Case, change: CaseChange, policy: SlaPolicy, now: datetime) -> CaseChange:
    """`change` with the clock's fields, and under "sla" in its event what the clock did: one
    event per change, so a pause or resume costs no second append (a status change's reason is
    the pause's reason)."""
    fields = dict(change.fields)
    data = dict(change.data)
    new_status = fields.get("status", case.status)
    stopped, stops = case.status in CLOCK_STOPPED, new_status in CLOCK_STOPPED
    paused = timedelta(seconds=case.sla_paused_seconds)
    reschedule = "priority" in fields
    clock: dict[str, Any] | None = None
    if stops and not stopped:
        fields["sla_paused_at"] = now
        clock = {"clock": "paused", "at": format_time(now)}
    elif stopped and not stops and case.sla_paused_at is not None:
        pause = paused_time(policy.calendar, case.sla_paused_at, now)
        paused += pause
        fields.update(sla_paused_at=None, sla_paused_seconds=int(paused.total_seconds()))
        reschedule = True
        clock = {
            "clock": "resumed",
            "at": format_time(now),
            "paused_at": format_time(case.sla_paused_at),
            "paused_seconds": int(pause.total_seconds()),
            "total_paused_seconds": int(paused.total_seconds()),
            "calendar_version": policy.version,
        }
    if reschedule:
        priority = fields.get("priority", case.priority)
        schedule = policy.schedule(case.created_at, priority, case.category, paused)
        fields.update(schedule.fields())
        if "changes" in data and "resolution_due" in data["changes"]:
            data["changes"] = {
                **data["changes"],
                "resolution_due": {
                    "old": format_time(case.resolution_due),
                    "new": format_time(schedule.resolution_due),
                },
            }
        if clock is not None:
            clock["first_response_due"] = format_time(schedule.first_response_due)
            clock["resolution_due"] = format_time(schedule.resolution_due)
    if clock is not None:
        data["sla"] = clock
    return replace(change, fields=fields, data=data)


def warnings(case: Case, now: datetime) -> list[tuple[SlaTarget, datetime, datetime]]:
    """Targets whose warning share is used up by `now` while the clock runs, not yet warned of
    and not yet due: (target, warning time, due time)."""
    if case.status in CLOCK_STOPPED:
        return []
    out: list[tuple[SlaTarget, datetime, datetime]] = []
    if (
        case.first_responded_at is None
        and case.first_response_warned_at is None
        and case.first_response_warn_at is not None
        and case.first_response_warn_at <= now < case.first_response_due
    ):
        out.append((SlaTarget.FIRST_RESPONSE, case.first_response_warn_at, case.first_response_due))
    if (
        case.resolution_warned_at is None
        and case.resolution_warn_at is not None
        and case.resolution_warn_at <= now < case.resolution_due
    ):
        out.append((SlaTarget.RESOLUTION, case.resolution_warn_at, case.resolution_due))
    return out
