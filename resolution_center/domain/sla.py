"""SLA targets in working time, the due and warning times they give, the clock's pauses, and the
state a case's SLA is in (the list's SQL in storage/case_search.py states the same rule)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from .business_time import (
    ALWAYS_OPEN,
    BusinessCalendar,
    add_working_each,
    duration_text,
    working_time,
)
from .case import Priority, Status
from .errors import ValidationError


class SlaState(StrEnum):
    ON_TIME = "on-time"
    DUE_SOON = "due-soon"  # the warning share of a target is used up
    OVERDUE = "overdue"
    PAUSED = "paused"  # waiting on the customer or a third party: the clock stands still
    MET = "met"  # resolved or closed with every target met
    MISSED = "missed"  # resolved or closed after a target was breached: it stays late


class SlaTarget(StrEnum):
    FIRST_RESPONSE = "first-response"
    RESOLUTION = "resolution"


@dataclass(frozen=True, slots=True)
class SlaTargets:
    first_response: timedelta  # working time
    resolution: timedelta

    def __post_init__(self) -> None:
        if not timedelta() < self.first_response <= self.resolution:
            raise ValidationError(
                "a first response target must be above zero and no longer than the resolution "
                f"target (got {duration_text(self.first_response)} and "
                f"{duration_text(self.resolution)})",
                field="targets",
            )


# With the always-open calendar these are the calendar hours the app used before calendars.
DEFAULT_TARGETS: dict[Priority, SlaTargets] = {
    Priority.CRITICAL: SlaTargets(timedelta(hours=1), timedelta(hours=24)),
    Priority.HIGH: SlaTargets(timedelta(hours=4), timedelta(hours=72)),
    Priority.NORMAL: SlaTargets(timedelta(hours=24), timedelta(days=5)),
    Priority.LOW: SlaTargets(timedelta(hours=48), timedelta(days=10)),
}
# Cases written before warning times were stored (schema step 10) are "due soon" in the last
# stretch before a deadline, as they always were.
DUE_SOON = timedelta(hours=4)
DEFAULT_WARN_PERCENT = 80

# The clock runs while the team owes the next move; waiting statuses pause it, and resolving or
# closing stops it (a reopened case resumes where it stopped).
WAITING = frozenset({Status.WAITING_CUSTOMER, Status.WAITING_THIRD_PARTY})
FINISHED = frozenset({Status.RESOLVED, Status.CLOSED})
CLOCK_STOPPED = WAITING | FINISHED


@dataclass(frozen=True, slots=True)
class SlaSchedule:
    first_response_due: datetime
    resolution_due: datetime
    first_response_warn_at: datetime
    resolution_warn_at: datetime

    def fields(self) -> dict[str, datetime]:
        return {
            "first_response_due": self.first_response_due,
            "resolution_due": self.resolution_due,
            "first_response_warn_at": self.first_response_warn_at,
            "resolution_warn_at": self.resolution_warn_at,
        }


@dataclass(frozen=True)
class SlaPolicy:
    """One version of a team's SLA settings: its calendar, targets and warning share."""

    calendar: BusinessCalendar = ALWAYS_OPEN
    targets: Mapping[Priority, SlaTargets] = field(default_factory=lambda: dict(DEFAULT_TARGETS))
    # category slug -> priority -> targets; a priority missing here uses `targets`
    category_targets: Mapping[str, Mapping[Priority, SlaTargets]] = field(default_factory=dict)
    warn_percent: int = DEFAULT_WARN_PERCENT
    version: int | None = None  # None: the built-in always-open policy (no calendar saved)

    def __post_init__(self) -> None:
        missing = [p.value for p in Priority if p not in self.targets]
        if missing:
            raise ValidationError(
                f"targets are missing for priority {', '.join(missing)}", field="targets"
            )
        if not 1 <= self.warn_percent <= 99:
            raise ValidationError(
                "the warning comes at 1 to 99 percent of a target", field="warn_percent"
            )

    def targets_for(self, priority: Priority, category: str) -> SlaTargets:
        return self.category_targets.get(category, {}).get(priority) or self.targets[priority]

    def schedule(
        self, created: datetime, priority: Priority, category: str, paused: timedelta = timedelta()
    ) -> SlaSchedule:
        """Due and warning times: the target's working time from creation, plus the working
        time the clock stood still (`paused`)."""
        t = self.targets_for(priority, category)

        def share(amount: timedelta) -> timedelta:
            # whole seconds: the same figure whatever the amount's microseconds
            return timedelta(seconds=int(amount.total_seconds()) * self.warn_percent // 100)

        amounts = (t.first_response, t.resolution, share(t.first_response), share(t.resolution))
        return SlaSchedule(*add_working_each(self.calendar, created, [a + paused for a in amounts]))


DEFAULT_POLICY = SlaPolicy()


def due_times(
    created: datetime, priority: Priority, targets: dict[Priority, SlaTargets] = DEFAULT_TARGETS
) -> tuple[datetime, datetime]:
    """Due times on the always-open calendar (bulk intake of past cases keeps these)."""
    t = targets[priority]
    return created + t.first_response, created + t.resolution


def paused_time(cal: BusinessCalendar, paused_at: datetime, resumed_at: datetime) -> timedelta:
    """The working time a pause took, in whole seconds (the case stores seconds)."""
    return timedelta(seconds=int(working_time(cal, paused_at, resumed_at).total_seconds()))


class SlaFacts(Protocol):
    """What the SLA state is read from: a case, or a line of the case list."""

    @property
    def status(self) -> Status: ...
    @property
    def first_response_due(self) -> datetime: ...
    @property
    def resolution_due(self) -> datetime: ...
    @property
    def first_responded_at(self) -> datetime | None: ...
    @property
    def first_response_warn_at(self) -> datetime | None: ...
    @property
    def resolution_warn_at(self) -> datetime | None: ...
    @property
    def first_response_breached_at(self) -> datetime | None: ...
    @property
    def resolution_breached_at(self) -> datetime | None: ...
    @property
    def sla_paused_at(self) -> datetime | None: ...


def _reached(at: datetime | None, due: datetime, now: datetime) -> bool:
    return at <= now if at is not None else due <= now + DUE_SOON


def sla_state(facts: SlaFacts, now: datetime) -> SlaState:
    """The one rule; `CaseSearch.sla_expression` says the same in SQL."""
    first_open = facts.first_responded_at is None
    if facts.status in FINISHED:
        # A late resolution records its breach in its own change, so the mark says it all;
        # comparing the resolution time with the due time here cost the side bar's count per
        # case more than the rest of the rule (text against text, per closed case).
        late = (
            facts.resolution_breached_at is not None or facts.first_response_breached_at is not None
        )
        return SlaState.MISSED if late else SlaState.MET
    if facts.resolution_breached_at is not None or (
        first_open and facts.first_response_breached_at is not None
    ):
        return SlaState.OVERDUE
    if facts.status in WAITING:
        return SlaState.PAUSED
    if facts.resolution_due <= now or (first_open and facts.first_response_due <= now):
        return SlaState.OVERDUE
    if _reached(facts.resolution_warn_at, facts.resolution_due, now) or (
        first_open and _reached(facts.first_response_warn_at, facts.first_response_due, now)
    ):
        return SlaState.DUE_SOON
    return SlaState.ON_TIME


def clock_time(facts: SlaFacts, now: datetime) -> datetime:
    """Where the case's clock stands: the moment it stopped, or now."""
    if facts.status in CLOCK_STOPPED and facts.sla_paused_at is not None:
        return facts.sla_paused_at
    return now


def pending_target(facts: SlaFacts) -> tuple[SlaTarget, datetime]:
    """The deadline that counts: the first response until it is given, then the resolution."""
    if facts.first_responded_at is None and facts.first_response_due <= facts.resolution_due:
        return SlaTarget.FIRST_RESPONSE, facts.first_response_due
    return SlaTarget.RESOLUTION, facts.resolution_due


def missed_targets(
    first_response_due: datetime,
    resolution_due: datetime,
    first_responded_at: datetime | None,
    clock: datetime,
) -> list[tuple[SlaTarget, datetime]]:
    """Targets missed with the clock at `clock`, with their due times. A first response given
    late was breached at its due time."""
    out: list[tuple[SlaTarget, datetime]] = []
    if (first_responded_at or clock) > first_response_due:
        out.append((SlaTarget.FIRST_RESPONSE, first_response_due))
    if clock > resolution_due:
        out.append((SlaTarget.RESOLUTION, resolution_due))
    return out


def breaches(facts: SlaFacts, now: datetime) -> list[tuple[SlaTarget, datetime]]:
    """Targets breached by `now` (clock time) that the case has not recorded yet."""
    missed = missed_targets(
        facts.first_response_due,
        facts.resolution_due,
        facts.first_responded_at,
        clock_time(facts, now),
    )
    recorded = {
        SlaTarget.FIRST_RESPONSE: facts.first_response_breached_at,
        SlaTarget.RESOLUTION: facts.resolution_breached_at,
    }
    return [(t, due) for t, due in missed if recorded[t] is None]


def countdown(cal: BusinessCalendar, facts: SlaFacts, now: datetime) -> tuple[SlaTarget, str]:
    """'3 h 12 min left' or 'overdue by 1 d 2 h' in working time, for the deadline that counts;
    a paused case's figure is frozen where its clock stopped."""
    target, due = pending_target(facts)
    left = working_time(cal, clock_time(facts, now), due)
    if left > timedelta():
        return target, f"{duration_text(left)} left"
    return target, f"overdue by {duration_text(left)}"
