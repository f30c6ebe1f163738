"""The demo's SLA calendar and sweep: at the end of the history, as an admin would set it up.

Saved last, so the history's cases keep the always-open calendar they were opened under (their
due times are those the demo's timings were made for), while cases opened in the window follow
office hours in Berlin with Bavaria's public holidays. The sweep then records the breaches and
warnings the history left due, so the window opens on recorded breaches, paused waiting cases
and resolutions that missed their targets.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from ..domain.case import Priority
from ..domain.sla import DEFAULT_TARGETS, SlaTargets
from .session import Session

OFFICE = ((8 * 60, 18 * 60),) * 5 + ((9 * 60, 13 * 60), None)  # Mon-Fri 08-18, Sat 09-13


def add_demo_sla(
    contexts: dict[str, Session], anchor: datetime, move_to: Callable[[datetime], None]
) -> int:
    """Save the calendar and sweep once; returns how many warnings and breaches were recorded."""
    move_to(anchor - timedelta(hours=1))
    admin = contexts["admin"]
    admin.sla.save(
        time_zone="Europe/Berlin",
        hours=OFFICE,
        holiday_country="DE",
        holiday_region="BY",
        own_days=frozenset({date(anchor.year, 12, 24), date(anchor.year, 12, 31)}),
        targets=dict(DEFAULT_TARGETS),
        category_targets={
            "fraud-suspicion": {
                Priority.CRITICAL: SlaTargets(timedelta(minutes=30), timedelta(hours=8))
            }
        },
        warn_percent=80,
    )
    move_to(anchor - timedelta(minutes=30))
    return len(contexts["sofia"].sla.sweep())
