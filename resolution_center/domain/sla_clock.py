"""The SLA clock through a case's changes: a move into a waiting status (or to resolved or
closed) stops it, a move back to the team starts it again with the due times moved by the
working time it stood still, and a new priority takes its targets from the same calendar
version. Applied by the case service to whatever change the rules in case_changes.py return,
so every path that moves a status (status, escalation, de-escalation, assignment) pauses and
resumes alike.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from .actions import Action
from .audit import format_time
from .case import Case, Status
from .case_changes import CaseChange
from .sla import CLOCK_STOPPED, SlaPolicy, SlaTarget, paused_time


def with_clock(case: Case, change: CaseChange, policy: SlaPolicy, now: datetime) -> CaseChange:
    """`change` with the clock's fields and its pause or resume event added."""
    fields = dict(change.fields)
    data = dict(change.data)
    events = list(change.follow)
    new_status = fields.get("status", case.status)
    stopped, stops = case.status in CLOCK_STOPPED, new_status in CLOCK_STOPPED
    paused = timedelta(seconds=case.sla_paused_seconds)
    reschedule = "priority" in fields
    if stops and not stopped:
        fields["sla_paused_at"] = now
        events.append(
            (
                Action.SLA_PAUSED,
                {
                    "at": format_time(now),
                    "status": Status(new_status).value,
                    "reason": data.get("reason"),
                },
            )
        )
    elif stopped and not stops and case.sla_paused_at is not None:
        pause = paused_time(policy.calendar, case.sla_paused_at, now)
        paused += pause
        fields.update(sla_paused_at=None, sla_paused_seconds=int(paused.total_seconds()))
        reschedule = True
        resumed: dict[str, Any] = {
            "at": format_time(now),
            "paused_at": format_time(case.sla_paused_at),
            "paused_seconds": int(pause.total_seconds()),
            "total_paused_seconds": int(paused.total_seconds()),
            "status": Status(new_status).value,
            "calendar_version": policy.version,
            "reason": data.get("reason"),
        }
        events.append((Action.SLA_RESUMED, resumed))
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
        for action, event in events:
            if action is Action.SLA_RESUMED:
                event["first_response_due"] = format_time(schedule.first_response_due)
                event["resolution_due"] = format_time(schedule.resolution_due)
    return replace(change, fields=fields, data=data, follow=tuple(events))


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
