"""SLA targets per priority and the on-time / due-soon / overdue state derived from due times."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from .case import Priority


class SlaState(StrEnum):
    ON_TIME = "on-time"
    DUE_SOON = "due-soon"
    OVERDUE = "overdue"
    MET = "met"  # resolved or closed: the clock has stopped


@dataclass(frozen=True, slots=True)
class SlaTargets:
    first_response: timedelta
    resolution: timedelta


# Calendar hours for now; a business calendar and pauses come with a later change.
DEFAULT_TARGETS: dict[Priority, SlaTargets] = {
    Priority.CRITICAL: SlaTargets(timedelta(hours=1), timedelta(hours=24)),
    Priority.HIGH: SlaTargets(timedelta(hours=4), timedelta(hours=72)),
    Priority.NORMAL: SlaTargets(timedelta(hours=24), timedelta(days=5)),
    Priority.LOW: SlaTargets(timedelta(hours=48), timedelta(days=10)),
}
# "Due soon" is the last stretch before a deadline in which a supervisor wants to see it.
DUE_SOON = timedelta(hours=4)


def due_times(
    created: datetime, priority: Priority, targets: dict[Priority, SlaTargets] = DEFAULT_TARGETS
) -> tuple[datetime, datetime]:
    t = targets[priority]
    return created + t.first_response, created + t.resolution


def sla_state(
    now: datetime,
    resolution_due: datetime,
    first_response_due: datetime,
    first_responded_at: datetime | None,
    closed: bool,
) -> SlaState:
    if closed:
        return SlaState.MET
    nearest = resolution_due if first_responded_at else min(resolution_due, first_response_due)
    if now >= nearest:
        return SlaState.OVERDUE
    if nearest - now <= DUE_SOON:
        return SlaState.DUE_SOON
    return SlaState.ON_TIME


def countdown_text(now: datetime, due: datetime) -> str:
    """'3 h 12 min left' or 'overdue by 2 d 4 h': the header's SLA countdown."""
    delta = due - now
    late = delta.total_seconds() < 0
    secs = int(abs(delta.total_seconds()))
    days, rem = divmod(secs, 86_400)
    hours, rem = divmod(rem, 3_600)
    minutes = rem // 60
    if days:
        text = f"{days} d {hours} h"
    elif hours:
        text = f"{hours} h {minutes} min"
    else:
        text = f"{minutes} min"
    return f"overdue by {text}" if late else f"{text} left"
