"""A saved SLA calendar version: the policy it gives, what the admin chose (country, region,
own days), and the stored spelling of its hours and targets (JSON text both ways)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .business_time import WEEKDAYS, BusinessCalendar, Hours, hours_text, parse_hours
from .case import Priority, parse_enum
from .errors import ValidationError
from .sla import DEFAULT_POLICY, SlaPolicy, SlaTargets

# The app has one team today; calendars are kept per team so a second one is a row away.
TEAM = "resolution-center"
_DURATION = re.compile(r"^(?:(\d{1,4})h)?(?:(\d{1,5})m(?:in)?)?$")


@dataclass(frozen=True)
class CalendarVersion:
    team: str
    version: int
    policy: SlaPolicy
    holiday_country: str | None
    holiday_region: str | None
    own_days: frozenset[date]
    saved_at: datetime | None
    saved_by: str


def builtin() -> CalendarVersion:
    """What applies before an admin saves a calendar: always open, the default targets."""
    return CalendarVersion(TEAM, 0, DEFAULT_POLICY, None, None, frozenset(), None, "")


def parse_duration(text: str, name: str) -> timedelta:
    """'8h', '30m', '1h30m' of working time."""
    found = _DURATION.match(text.strip().lower())
    if not found or not any(found.groups()) or not text.isascii():
        raise ValidationError(
            f"{name}: {text!r} is not a working time like 8h, 30m or 1h30m", field="targets"
        )
    hours, minutes = (int(g) if g else 0 for g in found.groups())
    return timedelta(hours=hours, minutes=minutes)


def duration_spelling(amount: timedelta) -> str:
    minutes = int(amount.total_seconds()) // 60
    hours, rest = divmod(minutes, 60)
    return (f"{hours}h" if hours else "") + (f"{rest}m" if rest or not hours else "")


def parse_target(text: str) -> tuple[str | None, Priority, SlaTargets]:
    """'high=4h/72h' or 'fraud:critical=30m/8h' -> (category or None, priority, targets)."""
    key, sep, value = text.partition("=")
    first, slash, resolution = value.partition("/")
    if not sep or not slash:
        raise ValidationError(
            f"{text!r}: write a target as PRIORITY=FIRST/RESOLUTION, e.g. high=4h/24h, "
            "or CATEGORY:PRIORITY=... for one category",
            field="targets",
        )
    category, colon, priority = key.strip().rpartition(":")
    return (
        category.strip() or None if colon else None,
        parse_enum(Priority, priority, "priority"),
        SlaTargets(parse_duration(first, key), parse_duration(resolution, key)),
    )


def hours_json(cal: BusinessCalendar) -> str:
    return json.dumps([hours_text(h) for h in cal.hours])


def hours_from_json(text: str) -> tuple[Hours, ...]:
    return tuple(parse_hours(h, day) for day, h in zip(WEEKDAYS, json.loads(text), strict=True))


def _pair(t: SlaTargets) -> list[int]:
    return [int(t.first_response.total_seconds()) // 60, int(t.resolution.total_seconds()) // 60]


def _targets_of(raw: Mapping[str, Sequence[int]]) -> dict[Priority, SlaTargets]:
    return {
        Priority(p): SlaTargets(timedelta(minutes=v[0]), timedelta(minutes=v[1]))
        for p, v in raw.items()
    }


def targets_json(policy: SlaPolicy) -> str:
    """Minutes of working time: {"default": {priority: [first, resolution]}, "categories": ...}."""
    return json.dumps(
        {
            "default": {p.value: _pair(t) for p, t in sorted(policy.targets.items())},
            "categories": {
                c: {p.value: _pair(t) for p, t in sorted(by.items())}
                for c, by in sorted(policy.category_targets.items())
            },
        },
        sort_keys=True,
    )


def policy_from_stored(
    version: int, zone: str, hours: str, holidays: str, targets: str, warn_percent: int
) -> SlaPolicy:
    raw = json.loads(targets)
    return SlaPolicy(
        BusinessCalendar(
            zone,
            hours_from_json(hours),
            frozenset(date.fromisoformat(d) for d in json.loads(holidays)),
        ),
        _targets_of(raw["default"]),
        {c: _targets_of(by) for c, by in raw.get("categories", {}).items()},
        int(warn_percent),
        version,
    )


def days_json(days: frozenset[date]) -> str:
    return json.dumps(sorted(d.isoformat() for d in days))
