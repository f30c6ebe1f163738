"""An SLA calendar version as an admin saves it (schema step 10): office hours in Berlin."""

from __future__ import annotations

from resolution_center.services.session import Session

OFFICE_HOURS = ((480, 1020),) * 5 + (None, None)  # Monday to Friday, 08:00-17:00


def save_office_calendar(root: Session, holiday_country: str | None = "DE") -> None:
    """A new calendar version keeping today's targets (cases opened from now on follow it)."""
    root.sla.save(
        time_zone="Europe/Berlin",
        hours=OFFICE_HOURS,
        holiday_country=holiday_country,
        holiday_region=None,
        own_days=frozenset(),
        targets=dict(root.sla.current().policy.targets),
        category_targets={},
        warn_percent=80,
    )
