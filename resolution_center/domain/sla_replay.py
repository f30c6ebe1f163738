"""A case's SLA worked out again from its audit trail alone: the calendar version's row image,
the case's last row image and the pauses and resumes its status changes recorded. What `sla
history` shows beside the stored figures; they must agree."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from .actions import Action
from .audit import AuditEvent
from .case import Priority
from .sla import SlaPolicy, SlaSchedule, paused_time
from .sla_calendar import builtin, policy_from_stored


@dataclass(frozen=True, slots=True)
class ClockEntry:
    at: datetime
    what: str  # paused, resumed, warning, breached
    detail: str  # the status, the paused working time, or the target and its due time


@dataclass(frozen=True, slots=True)
class SlaHistory:
    entries: tuple[ClockEntry, ...]
    calendar_version: int | None
    paused_seconds: int
    replayed: SlaSchedule
    stored: SlaSchedule | None  # None for a case opened before warning times were stored

    @property
    def reproduced(self) -> bool:
        return self.stored is not None and self.replayed == self.stored


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def policy_from_image(image: Mapping[str, Any] | None) -> SlaPolicy:
    """A calendar version from its row image (None: the built-in always-open calendar)."""
    if image is None:
        return builtin().policy
    return policy_from_stored(
        int(image["version"]),
        image["time_zone"],
        image["hours"],
        image["holidays"],
        image["targets"],
        int(image["warn_percent"]),
    )


def case_image(events: Sequence[AuditEvent]) -> Mapping[str, Any]:
    """The case row as the last event that wrote it left it."""
    images = [img for e in events for t, _, img in e.row_images() if t == "cases" and img]
    if not images:
        raise ValueError("the trail holds no image of the case's row (an older event format)")
    return images[-1]


def replay(
    events: Sequence[AuditEvent], policy: SlaPolicy, opened: Mapping[str, Any] | None = None
) -> SlaHistory:
    """The clock's story and the due and warning times, from the case's events; `opened`: the
    row as its import batch's event holds it, for an imported case no later event rewrote."""
    row = opened if opened is not None else case_image(events)
    entries: list[ClockEntry] = []
    paused = timedelta()
    for e in events:
        data = e.payload()
        clock = data.get("sla") if isinstance(data.get("sla"), Mapping) else None
        if clock and clock.get("clock") == "paused":
            status = (data.get("new") or {}).get("status", "")
            entries.append(ClockEntry(_time(clock["at"]), "paused", str(status)))
        elif clock and clock.get("clock") == "resumed":
            took = paused_time(policy.calendar, _time(clock["paused_at"]), _time(clock["at"]))
            paused += took
            entries.append(
                ClockEntry(_time(clock["at"]), "resumed", f"{int(took.total_seconds())} s")
            )
        elif e.action in (Action.SLA_BREACHED, Action.SLA_WARNING):
            what = "breached" if e.action == Action.SLA_BREACHED else "warning"
            entries.append(
                ClockEntry(_time(e.time), what, f"{data.get('target')}, due {data.get('due')}")
            )
    replayed = policy.schedule(
        _time(row["created_at"]), Priority(row["priority"]), row["category"], paused
    )
    stored = None
    if row.get("first_response_warn_at") and row.get("resolution_warn_at"):
        stored = SlaSchedule(
            _time(row["first_response_due"]),
            _time(row["resolution_due"]),
            _time(row["first_response_warn_at"]),
            _time(row["resolution_warn_at"]),
        )
    version = row.get("sla_calendar_version")
    return SlaHistory(tuple(entries), version, int(paused.total_seconds()), replayed, stored)
