"""SLA in business hours: `sla sweep` and `sla calendar show|set|list`."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from ..domain.business_time import WEEKDAYS, Hours, hours_text, parse_hours
from ..domain.case import Priority
from ..domain.errors import ValidationError
from ..domain.sla import SlaTargets, sla_state
from ..domain.sla_calendar import CalendarVersion, duration_spelling, parse_target
from .app import Access, App
from .output import Output
from .parsing import Subcommands, command, group, whole_number

_DAY_NAMES = {d[:3]: i for i, d in enumerate(WEEKDAYS)}


def _targets_text(targets: dict[Priority, SlaTargets]) -> dict[str, str]:
    return {
        p.value: f"{duration_spelling(t.first_response)}/{duration_spelling(t.resolution)}"
        for p, t in sorted(targets.items())
    }


def calendar_data(cal: CalendarVersion) -> dict[str, Any]:
    p = cal.policy
    return {
        "team": cal.team,
        "version": cal.version,
        "time_zone": p.calendar.zone,
        "hours": {day: hours_text(h) for day, h in zip(WEEKDAYS, p.calendar.hours, strict=True)},
        "holiday_country": cal.holiday_country,
        "holiday_region": cal.holiday_region,
        "own_days": sorted(d.isoformat() for d in cal.own_days),
        "closed_days": len(p.calendar.holidays),
        "targets": _targets_text(dict(p.targets)),
        "category_targets": {c: _targets_text(dict(t)) for c, t in p.category_targets.items()},
        "warn_percent": p.warn_percent,
        "saved_at": cal.saved_at,
        "saved_by": cal.saved_by or None,
    }


def _days(spec: str) -> list[int]:
    """'mon-fri', 'sat', 'mon,wed' -> weekday numbers."""
    out: list[int] = []
    for part in spec.lower().split(","):
        first, dash, last = part.strip().partition("-")
        try:
            lo = _DAY_NAMES[first[:3]]
            hi = _DAY_NAMES[last[:3]] if dash else lo
        except KeyError:
            raise ValidationError(
                f"{spec!r}: name days as mon, tue, ... sun (a range: mon-fri)", field="hours"
            ) from None
        out.extend(range(lo, hi + 1))
    return out


def cmd_sla_sweep(app: App, args: argparse.Namespace) -> Output:
    done = app.ctx.sla.sweep()
    items = [
        {
            "event": a.action.value,
            "case": a.reference,
            "target": a.target.value,
            "due": a.due,
        }
        for a in done
    ]
    breaches = sum(1 for a in done if a.action.value == "sla.breached")
    return Output(
        {"items": items, "breaches": breaches, "warnings": len(done) - breaches},
        f"recorded {breaches} breach(es) and {len(done) - breaches} warning(s)",
        brief=not items,
    )


def cmd_sla_history(app: App, args: argparse.Namespace) -> Output:
    """A case's clock and due times worked out from its trail alone, beside what is stored."""
    ctx = app.ctx
    case, history = ctx.sla.history(args.ref)
    replayed, stored = history.replayed, history.stored
    data: dict[str, Any] = {
        "case": case.reference,
        "sla": sla_state(case, ctx.now()).value,
        "calendar_version": history.calendar_version,
        "paused_seconds": history.paused_seconds,
        "clock": [{"at": e.at, "event": e.what, "detail": e.detail} for e in history.entries],
        "from_trail": {
            "first_response_due": replayed.first_response_due,
            "resolution_due": replayed.resolution_due,
            "first_response_warn_at": replayed.first_response_warn_at,
            "resolution_warn_at": replayed.resolution_warn_at,
        },
        "stored": {
            "first_response_due": case.first_response_due,
            "resolution_due": case.resolution_due,
            "first_response_breached_at": case.first_response_breached_at,
            "resolution_breached_at": case.resolution_breached_at,
        },
        "reproduced": history.reproduced,
    }
    if stored is None:
        message = f"{case.reference} was opened before SLA calendars: its due times are as stored"
    elif history.reproduced:
        message = f"{case.reference}: the trail gives the stored due and warning times"
    else:
        message = f"{case.reference}: the trail gives OTHER due times than those stored"
    return Output(data, message)


def cmd_sla_calendar_show(app: App, args: argparse.Namespace) -> Output:
    sla = app.ctx.sla
    cal = sla.get(args.version) if args.version else sla.current()
    return Output(calendar_data(cal))


def cmd_sla_calendar_list(app: App, args: argparse.Namespace) -> Output:
    items = [
        {
            "version": c.version,
            "time_zone": c.policy.calendar.zone,
            "saved_at": c.saved_at,
            "saved_by": c.saved_by,
        }
        for c in app.ctx.sla.versions()
    ]
    return Output({"items": items, "total": len(items)})


def cmd_sla_calendar_set(app: App, args: argparse.Namespace) -> Output:
    """A new version from the one in force with what is given changed."""
    sla = app.ctx.sla
    base = sla.current()
    p = base.policy
    hours: list[Hours] = list(p.calendar.hours)
    for spec in args.hours or ():
        days, eq, value = spec.partition("=")
        if not eq:
            raise ValidationError(f"{spec!r}: write --hours mon-fri=08:00-17:00", field="hours")
        for day in _days(days):
            hours[day] = parse_hours(value, WEEKDAYS[day])
    targets = dict(p.targets)
    by_category = {c: dict(t) for c, t in p.category_targets.items()}
    for spec in args.target or ():
        category, priority, value = parse_target(spec)
        if category is None:
            targets[priority] = value
        else:
            by_category.setdefault(category, {})[priority] = value
    own = set(base.own_days)
    for day in args.own_day or ():
        try:
            own.add(date.fromisoformat(day))
        except ValueError:
            raise ValidationError(
                f"{day!r} is not a date like 2026-12-24", field="own_days"
            ) from None
    for day in args.drop_own_day or ():
        own.discard(date.fromisoformat(day))
    country = base.holiday_country if args.country is None else args.country
    region = base.holiday_region if args.region is None else args.region
    if args.country is not None and args.region is None:
        region = None  # a region belongs to the country it was chosen with
    saved = sla.save(
        time_zone=args.time_zone or p.calendar.zone,
        hours=tuple(hours),
        holiday_country=country or None,
        holiday_region=region or None,
        own_days=frozenset(own),
        targets=targets,
        category_targets=by_category,
        warn_percent=args.warn_percent if args.warn_percent is not None else p.warn_percent,
    )
    return Output(calendar_data(saved), f"saved SLA calendar version {saved.version}", brief=True)


def register(sub: Subcommands) -> None:
    sla = group(sub, "sla", "SLA in business hours: the sweep and the calendar")
    command(
        sla,
        "sweep",
        cmd_sla_sweep,
        Access.OPTIONAL,
        "record every SLA warning and breach that is due (each once; safe to run anywhere, "
        "any time, beside running clients)",
    )
    p = command(
        sla,
        "history",
        cmd_sla_history,
        Access.USER,
        "a case's SLA clock (pauses, resumes, warnings, breaches) and its due times worked out "
        "again from the audit trail alone, beside the stored ones",
    )
    p.add_argument("ref", metavar="REF", help="case reference (RC-YYYY-NNNNNN) or id")
    calendar = group(sla, "calendar", "the team's business calendar and targets")
    p = command(calendar, "show", cmd_sla_calendar_show, Access.READER, "the calendar in force")
    p.add_argument("--version", type=whole_number("--version"), metavar="N", help="an older one")
    command(calendar, "list", cmd_sla_calendar_list, Access.READER, "every saved version")
    p = command(
        calendar,
        "set",
        cmd_sla_calendar_set,
        Access.USER,
        "save a new version (admins): the one in force with what is given changed; cases "
        "opened from then on follow it",
    )
    p.add_argument("--time-zone", metavar="ZONE", help="an IANA name: Europe/Berlin, UTC")
    p.add_argument(
        "--hours",
        action="append",
        metavar="DAYS=HH:MM-HH:MM",
        help="opening hours, e.g. mon-fri=08:00-17:00 or sat,sun=closed (repeatable)",
    )
    p.add_argument("--country", metavar="CC", help="public holidays of this country ('' none)")
    p.add_argument("--region", metavar="CODE", help="and of this region (BY, CA...)")
    p.add_argument("--own-day", action="append", metavar="YYYY-MM-DD", help="a closed day")
    p.add_argument("--drop-own-day", action="append", metavar="YYYY-MM-DD")
    p.add_argument(
        "--target",
        action="append",
        metavar="[CATEGORY:]PRIORITY=FIRST/RESOLUTION",
        help="working time to first response and to resolution, e.g. high=4h/24h or "
        "fraud-suspicion:critical=30m/8h (repeatable)",
    )
    p.add_argument(
        "--warn-percent", type=int, metavar="N", help="warn at N%% of a target used (1-99)"
    )
