"""Key figures of dispute resolution for a period: the report's value, its definitions and its
period arithmetic. Pure values: storage computes the numbers in SQL, the command line, the
dashboard and the periodic review read them from here.

What a report describes (the issue left it open; decided here, one rule for every figure):
- the *cohort* is the cases received (created) in the period [date_from, date_to] (whole UTC
  days, both ends included) that match the case list's filters; every figure except the backlog
  is about the cohort, so the figures of one report add up to each other;
- the *backlog* is a stock: the cases matching the filters (received at any time) still open at
  the end of each period;
- durations are whole seconds of working time on the SLA calendar version the case follows
  (elapsed time for a case that follows none, or an always-open calendar);
- percentiles are *nearest-rank*: of n values in ascending order, the p-th percentile is the
  value at rank ceil(p * n / 100) (the median is the 50th: the lower middle of an even count).
  Always one of the values, so SQLite and PostgreSQL give the same number exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from .business_time import BusinessCalendar
from .case import CaseFilter
from .errors import ValidationError

MAX_DAYS = 18_300  # a report spans at most about 50 years: its days are a table built in Python


class Period(StrEnum):
    DAY = "day"
    WEEK = "week"  # ISO weeks, Monday first
    MONTH = "month"


def parse_period(text: str) -> Period:
    try:
        return Period((text or "").strip().lower())
    except ValueError:
        raise ValidationError(
            f"unknown period {text!r}; known: day, week, month", field="by"
        ) from None


def period_start(day: date, by: Period) -> date:
    if by is Period.DAY:
        return day
    if by is Period.WEEK:
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def check_range(date_from: date, date_to: date) -> None:
    if date_to < date_from:
        raise ValidationError("the period ends before it starts", field="to")
    if (date_to - date_from).days >= MAX_DAYS:
        raise ValidationError(f"a report spans at most {MAX_DAYS} days", field="to")


def periods(date_from: date, date_to: date, by: Period) -> tuple[date, ...]:
    """The starts of the periods that meet [date_from, date_to], in order (the first may start
    before date_from: a week or month is named by its first day, and counted only within the
    report's days)."""
    check_range(date_from, date_to)
    out: list[date] = []
    day = date_from
    while day <= date_to:
        start = period_start(day, by)
        if not out or out[-1] != start:
            out.append(start)
        day += timedelta(days=1)
    return tuple(out)


def nearest_rank(count: int, percent: int) -> int:
    """The 1-based rank of the `percent`-th percentile of `count` ordered values (nearest-rank:
    ceil(percent * count / 100), in integers so SQL computes the same rank)."""
    if count <= 0:
        raise ValueError("no values")
    return max(1, (percent * count + 99) // 100)


# ---- the definitions: one line each, the README's table and the window's tooltips ------------


@dataclass(frozen=True, slots=True)
class KpiDefinition:
    key: str
    label: str
    definition: str


DEFINITIONS: tuple[KpiDefinition, ...] = (
    KpiDefinition(
        "volume", "Cases received", "Cases received in the period that match the filters."
    ),
    KpiDefinition(
        "volume_by_category",
        "Volume by category",
        "Cases received in the period, counted by their category.",
    ),
    KpiDefinition(
        "volume_by_channel",
        "Volume by channel",
        "Cases received in the period, counted by the channel they came in through.",
    ),
    KpiDefinition(
        "volume_by_tier",
        "Volume by tier",
        "Cases received in the period, counted by the tier that holds them now.",
    ),
    KpiDefinition(
        "volume_over_time",
        "Volume over time",
        "Cases received in each day, week or month of the period.",
    ),
    KpiDefinition(
        "backlog",
        "Backlog",
        "Cases matching the filters, received at any time, still open at the end of each period.",
    ),
    KpiDefinition(
        "first_response_time",
        "First-response time",
        "Working time from receipt to the first response, median and 90th percentile "
        "(nearest rank), of the received cases answered so far.",
    ),
    KpiDefinition(
        "resolution_time",
        "Time to resolution",
        "Working time from receipt to resolution, median and 90th percentile (nearest rank), "
        "of the received cases resolved so far.",
    ),
    KpiDefinition(
        "sla_first_response",
        "SLA compliance, first response",
        "Of the received cases answered or overdue for an answer, the share answered without "
        "a first-response breach.",
    ),
    KpiDefinition(
        "sla_resolution",
        "SLA compliance, resolution",
        "Of the received cases resolved or overdue for resolution, the share resolved without "
        "a resolution breach.",
    ),
    KpiDefinition(
        "escalation_rate",
        "Escalation rate",
        "Share of the received cases escalated to a higher tier at least once.",
    ),
    KpiDefinition(
        "reopen_rate",
        "Reopen rate",
        "Share of the received cases that were resolved or closed and later reopened.",
    ),
    KpiDefinition(
        "frontline_share",
        "Resolved within frontline authority",
        "Of the received cases resolved, the share never escalated and with no remedy that "
        "needed a sign-off.",
    ),
    KpiDefinition(
        "remedy_cost",
        "Remedy cost",
        "Approved, authorized and fulfilled remedies of the received cases, summed per kind, "
        "category and currency (minor units).",
    ),
    KpiDefinition(
        "approval_turnaround",
        "Approval turnaround",
        "Working time from a remedy's proposal to its sign-off decision, median and 90th "
        "percentile (nearest rank), of remedies that needed a sign-off and got one.",
    ),
    KpiDefinition(
        "refused_share",
        "Remedies refused",
        "Of the remedies that got a sign-off decision, the share rejected.",
    ),
    KpiDefinition(
        "satisfaction",
        "Satisfaction",
        "Mean score, count per score and response rate (scores per resolved case) of the "
        "received cases' satisfaction answers.",
    ),
    KpiDefinition(
        "per_assignee",
        "Per assignee",
        "The received cases by their assignee now: cases, resolved, median time to "
        "resolution and SLA compliance (supervisors and admins only).",
    ),
    KpiDefinition(
        "per_tier",
        "Per tier",
        "The received cases by their tier now: cases, resolved, median time to resolution "
        "and SLA compliance (supervisors and admins only).",
    ),
)
DEFINITION = {d.key: d for d in DEFINITIONS}


# ---- the report's values ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Share:
    """`part` of `whole`, kept as counts (the rate is for display; counts add up exactly)."""

    part: int
    whole: int

    @property
    def rate(self) -> float | None:
        return self.part / self.whole if self.whole else None

    def text(self) -> str:
        return (
            "—"
            if not self.whole
            else f"{100 * self.part / self.whole:.1f}% ({self.part}/{self.whole})"
        )

    def to_json(self) -> dict[str, Any]:
        return {"part": self.part, "whole": self.whole, "rate": self.rate}

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Share:
        return cls(int(raw["part"]), int(raw["whole"]))


@dataclass(frozen=True, slots=True)
class Durations:
    """How many values, and their nearest-rank median and 90th percentile in seconds."""

    count: int = 0
    median: int | None = None
    p90: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"count": self.count, "median_seconds": self.median, "p90_seconds": self.p90}

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Durations:
        return cls(int(raw["count"]), raw["median_seconds"], raw["p90_seconds"])


@dataclass(frozen=True, slots=True)
class Count:
    key: str
    count: int


@dataclass(frozen=True, slots=True)
class PeriodFigures:
    """One day, week or month: cases received and resolved in it (counted within the report's
    days), the backlog at its end, and the SLA compliance of the cases received in it."""

    start: date
    received: int
    resolved: int
    backlog: int
    sla_first_response: Share
    sla_resolution: Share


@dataclass(frozen=True, slots=True)
class RemedyCost:
    kind: str
    category: str
    currency: str
    remedies: int
    amount_minor: int


@dataclass(frozen=True, slots=True)
class Satisfaction:
    mean: float | None  # over the scores given; None: no scores
    distribution: tuple[Count, ...]  # key: the score as text, in score order
    response_rate: Share  # scores given / received cases resolved


@dataclass(frozen=True, slots=True)
class SourceCount:
    """Imported cases counted by a value their source kept (the CFPB's product, issue, timely
    response and company response): figures the source system itself published."""

    field: str
    value: str
    count: int


@dataclass(frozen=True, slots=True)
class GroupFigures:
    """A slice of the cohort (an assignee, a tier): key '' is the unassigned."""

    key: str
    cases: int
    resolved: int
    resolution_time: Durations
    sla_first_response: Share
    sla_resolution: Share


# Time to resolution in working hours, the bins of the distribution chart (upper bounds, hours).
RESOLUTION_BINS_HOURS: tuple[int, ...] = (4, 8, 24, 48, 72, 120, 240)


@dataclass(frozen=True, slots=True)
class KpiReport:
    date_from: date
    date_to: date  # included
    by: Period
    filters: Mapping[str, Any]  # the case list's filters as asked, in JSON form
    generated_at: datetime
    business_hours: bool  # some cohort case follows a calendar that is not always open
    received: int
    by_category: tuple[Count, ...]
    by_channel: tuple[Count, ...]
    by_tier: tuple[Count, ...]
    periods: tuple[PeriodFigures, ...]
    first_response: Durations
    resolution: Durations
    resolution_bins: tuple[Count, ...]  # key: "<=4h", ..., ">240h"
    sla_first_response: Share
    sla_resolution: Share
    escalation: Share
    reopen: Share
    frontline: Share
    remedy_cost: tuple[RemedyCost, ...]
    approval_turnaround: Durations
    refused: Share
    satisfaction: Satisfaction | None  # None: the database keeps no satisfaction scores
    top_products: tuple[Count, ...] = ()  # products named on the cohort's orders, most first
    per_assignee: tuple[GroupFigures, ...] | None = None  # None: not the viewer's to see
    per_tier: tuple[GroupFigures, ...] | None = None
    sources: tuple[SourceCount, ...] = ()  # imported cases by their source's kept values

    def to_json(self) -> dict[str, Any]:
        return report_json(self)

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> KpiReport:
        return report_from_json(raw)


def _counts(items: Sequence[Count]) -> list[dict[str, Any]]:
    return [{"key": c.key, "count": c.count} for c in items]


def _counts_from(raw: Sequence[Mapping[str, Any]]) -> tuple[Count, ...]:
    return tuple(Count(str(c["key"]), int(c["count"])) for c in raw)


def _group_json(g: GroupFigures) -> dict[str, Any]:
    return {
        "key": g.key,
        "cases": g.cases,
        "resolved": g.resolved,
        "resolution_time": g.resolution_time.to_json(),
        "sla_first_response": g.sla_first_response.to_json(),
        "sla_resolution": g.sla_resolution.to_json(),
    }


def _group_from(raw: Mapping[str, Any]) -> GroupFigures:
    return GroupFigures(
        str(raw["key"]),
        int(raw["cases"]),
        int(raw["resolved"]),
        Durations.from_json(raw["resolution_time"]),
        Share.from_json(raw["sla_first_response"]),
        Share.from_json(raw["sla_resolution"]),
    )


def report_json(r: KpiReport) -> dict[str, Any]:
    """The report as JSON-ready values (money in minor units beside its currency, times in
    seconds, shares as part and whole with the rate), the same keys as the definitions."""
    sat = r.satisfaction
    return {
        "from": r.date_from.isoformat(),
        "to": r.date_to.isoformat(),
        "by": r.by.value,
        "filters": dict(r.filters),
        "generated_at": r.generated_at.isoformat(),
        "business_hours": r.business_hours,
        "volume": r.received,
        "volume_by_category": _counts(r.by_category),
        "volume_by_channel": _counts(r.by_channel),
        "volume_by_tier": _counts(r.by_tier),
        "periods": [
            {
                "start": p.start.isoformat(),
                "received": p.received,
                "resolved": p.resolved,
                "backlog": p.backlog,
                "sla_first_response": p.sla_first_response.to_json(),
                "sla_resolution": p.sla_resolution.to_json(),
            }
            for p in r.periods
        ],
        "first_response_time": r.first_response.to_json(),
        "resolution_time": r.resolution.to_json(),
        "resolution_time_bins": _counts(r.resolution_bins),
        "sla_first_response": r.sla_first_response.to_json(),
        "sla_resolution": r.sla_resolution.to_json(),
        "escalation_rate": r.escalation.to_json(),
        "reopen_rate": r.reopen.to_json(),
        "frontline_share": r.frontline.to_json(),
        "remedy_cost": [
            {
                "kind": c.kind,
                "category": c.category,
                "currency": c.currency,
                "remedies": c.remedies,
                "amount_minor": c.amount_minor,
            }
            for c in r.remedy_cost
        ],
        "approval_turnaround": r.approval_turnaround.to_json(),
        "refused_share": r.refused.to_json(),
        "satisfaction": None
        if sat is None
        else {
            "mean": sat.mean,
            "distribution": _counts(sat.distribution),
            "response_rate": sat.response_rate.to_json(),
        },
        "top_products": _counts(r.top_products),
        "per_assignee": None
        if r.per_assignee is None
        else [_group_json(g) for g in r.per_assignee],
        "per_tier": None if r.per_tier is None else [_group_json(g) for g in r.per_tier],
        "sources": [{"field": c.field, "value": c.value, "count": c.count} for c in r.sources],
    }


def report_from_json(raw: Mapping[str, Any]) -> KpiReport:
    """A report read back from `report_json` (a frozen review keeps its figures as JSON)."""
    sat = raw.get("satisfaction")
    return KpiReport(
        date_from=date.fromisoformat(raw["from"]),
        date_to=date.fromisoformat(raw["to"]),
        by=Period(raw["by"]),
        filters=dict(raw.get("filters") or {}),
        generated_at=datetime.fromisoformat(raw["generated_at"]),
        business_hours=bool(raw["business_hours"]),
        received=int(raw["volume"]),
        by_category=_counts_from(raw["volume_by_category"]),
        by_channel=_counts_from(raw["volume_by_channel"]),
        by_tier=_counts_from(raw["volume_by_tier"]),
        periods=tuple(
            PeriodFigures(
                date.fromisoformat(p["start"]),
                int(p["received"]),
                int(p["resolved"]),
                int(p["backlog"]),
                Share.from_json(p["sla_first_response"]),
                Share.from_json(p["sla_resolution"]),
            )
            for p in raw["periods"]
        ),
        first_response=Durations.from_json(raw["first_response_time"]),
        resolution=Durations.from_json(raw["resolution_time"]),
        resolution_bins=_counts_from(raw["resolution_time_bins"]),
        sla_first_response=Share.from_json(raw["sla_first_response"]),
        sla_resolution=Share.from_json(raw["sla_resolution"]),
        escalation=Share.from_json(raw["escalation_rate"]),
        reopen=Share.from_json(raw["reopen_rate"]),
        frontline=Share.from_json(raw["frontline_share"]),
        remedy_cost=tuple(
            RemedyCost(
                str(c["kind"]),
                str(c["category"]),
                str(c["currency"]),
                int(c["remedies"]),
                int(c["amount_minor"]),
            )
            for c in raw["remedy_cost"]
        ),
        approval_turnaround=Durations.from_json(raw["approval_turnaround"]),
        refused=Share.from_json(raw["refused_share"]),
        satisfaction=None
        if sat is None
        else Satisfaction(
            sat["mean"], _counts_from(sat["distribution"]), Share.from_json(sat["response_rate"])
        ),
        top_products=_counts_from(raw.get("top_products") or ()),
        per_assignee=None
        if raw.get("per_assignee") is None
        else tuple(_group_from(g) for g in raw["per_assignee"]),
        per_tier=None
        if raw.get("per_tier") is None
        else tuple(_group_from(g) for g in raw["per_tier"]),
        sources=tuple(
            SourceCount(str(c["field"]), str(c["value"]), int(c["count"]))
            for c in raw.get("sources") or ()
        ),
    )


def filter_json(f: CaseFilter) -> dict[str, Any]:
    """The filters a report was asked with, as JSON (only those set)."""
    out: dict[str, Any] = {}
    for name in ("statuses", "categories", "priorities", "tiers", "channels", "sla_states"):
        values = getattr(f, name)
        if values:
            out[name] = [str(v) for v in values]
    if f.assignee is not None:
        out["assignee"] = f.assignee
    if f.search.strip():
        out["search"] = f.search.strip()
    if f.open_only:
        out["open_only"] = True
    return out


def hours_text(seconds: int | None) -> str:
    """A duration for a table cell: '—' for none, else hours with one decimal ('12.5 h')."""
    return "—" if seconds is None else f"{seconds / 3600:.1f} h"


def bin_label(index: int) -> str:
    bins = RESOLUTION_BINS_HOURS
    return f"<={bins[index]}h" if index < len(bins) else f">{bins[-1]}h"


# ---- working time as a table SQL can join --------------------------------------------------


@dataclass(frozen=True, slots=True)
class WorkingDay:
    """One UTC day of a calendar: the working seconds from the table's first day up to its
    midnight, and its working pieces as (seconds after midnight, length in seconds).

    Working seconds up to a moment t on that day are then
    cumulative + sum(clamp(seconds_of(t) - start, 0, length)), which SQL evaluates with
    CASE and text arithmetic alone, identically on every backend (no time zones in SQL: the
    local opening hours were turned into UTC here, through business_time)."""

    day: date
    cumulative: int
    pieces: tuple[tuple[int, int], ...]


def working_days(cal: BusinessCalendar, first: date, last: date) -> tuple[WorkingDay, ...]:
    """The UTC days from `first` to `last` (both included) of calendar `cal`; touching pieces
    are joined (an always-open calendar gives one piece of 86,400 seconds a day)."""
    by_day: dict[date, list[tuple[int, int]]] = {}
    local = first - timedelta(days=2)  # a zone's local day may start up to 14 hours earlier
    while local <= last + timedelta(days=2):
        window = cal.window(local)
        local += timedelta(days=1)
        if window is None:
            continue
        opens, closes = (w.astimezone(UTC) for w in window)
        while opens < closes:
            midnight = datetime.combine(opens.date(), time(), UTC)
            end = min(closes, midnight + timedelta(days=1))
            start_s = int((opens - midnight).total_seconds())
            by_day.setdefault(opens.date(), []).append(
                (start_s, int((end - midnight).total_seconds()) - start_s)
            )
            opens = end
    out: list[WorkingDay] = []
    total = 0
    day = first
    while day <= last:
        merged: list[tuple[int, int]] = []
        for start, length in sorted(by_day.get(day, ())):
            if merged and merged[-1][0] + merged[-1][1] >= start:
                s0, l0 = merged[-1]
                merged[-1] = (s0, max(l0, start + length - s0))
            elif length > 0:
                merged.append((start, length))
        out.append(WorkingDay(day, total, tuple(merged)))
        total += sum(length for _, length in merged)
        day += timedelta(days=1)
    return tuple(out)


# ---- the report as rows (CSV, a review's tables) ------------------------------------------

CSV_COLUMNS = ("figure", "key", "measure", "value")


def _share_rows(figure: str, key: str, share: Share) -> list[tuple[str, str, str, str]]:
    return [(figure, key, "part", str(share.part)), (figure, key, "whole", str(share.whole))]


def _duration_rows(figure: str, key: str, d: Durations) -> list[tuple[str, str, str, str]]:
    def text(v: int | None) -> str:
        return "" if v is None else str(v)

    return [
        (figure, key, "count", str(d.count)),
        (figure, key, "median_seconds", text(d.median)),
        (figure, key, "p90_seconds", text(d.p90)),
    ]


def report_rows(r: KpiReport) -> list[tuple[str, str, str, str]]:
    """Every figure as (figure, key, measure, value): one long table, whole numbers as text
    (shares as part and whole, durations in seconds, money in minor units beside currency)."""
    rows: list[tuple[str, str, str, str]] = [("volume", "", "cases", str(r.received))]
    for name, counts in (
        ("volume_by_category", r.by_category),
        ("volume_by_channel", r.by_channel),
        ("volume_by_tier", r.by_tier),
    ):
        rows += [(name, c.key, "cases", str(c.count)) for c in counts]
    for p in r.periods:
        day = p.start.isoformat()
        rows += [
            ("volume_over_time", day, "received", str(p.received)),
            ("volume_over_time", day, "resolved", str(p.resolved)),
            ("backlog", day, "open_at_end", str(p.backlog)),
        ]
        rows += _share_rows("sla_first_response", day, p.sla_first_response)
        rows += _share_rows("sla_resolution", day, p.sla_resolution)
    rows += _duration_rows("first_response_time", "", r.first_response)
    rows += _duration_rows("resolution_time", "", r.resolution)
    rows += [("resolution_time_bins", c.key, "cases", str(c.count)) for c in r.resolution_bins]
    rows += _share_rows("sla_first_response", "", r.sla_first_response)
    rows += _share_rows("sla_resolution", "", r.sla_resolution)
    rows += _share_rows("escalation_rate", "", r.escalation)
    rows += _share_rows("reopen_rate", "", r.reopen)
    rows += _share_rows("frontline_share", "", r.frontline)
    for c in r.remedy_cost:
        key = f"{c.kind}/{c.category}/{c.currency}"
        rows += [
            ("remedy_cost", key, "remedies", str(c.remedies)),
            ("remedy_cost", key, "amount_minor", str(c.amount_minor)),
        ]
    rows += _duration_rows("approval_turnaround", "", r.approval_turnaround)
    rows += _share_rows("refused_share", "", r.refused)
    if r.satisfaction is not None:
        rows += [
            ("satisfaction", c.key, "scores", str(c.count)) for c in r.satisfaction.distribution
        ]
        rows += _share_rows("satisfaction", "", r.satisfaction.response_rate)
    rows += [("top_products", c.key, "cases", str(c.count)) for c in r.top_products]
    for name, groups in (("per_assignee", r.per_assignee), ("per_tier", r.per_tier)):
        for g in groups or ():
            rows += [
                (name, g.key, "cases", str(g.cases)),
                (name, g.key, "resolved", str(g.resolved)),
            ]
            rows += [
                (name, g.key, f"resolution_{m}", v)
                for _, _, m, v in _duration_rows("", "", g.resolution_time)
            ]
            rows += [
                (name, g.key, f"sla_first_response_{m}", v)
                for _, _, m, v in _share_rows("", "", g.sla_first_response)
            ]
            rows += [
                (name, g.key, f"sla_resolution_{m}", v)
                for _, _, m, v in _share_rows("", "", g.sla_resolution)
            ]
    rows += [("sources", f"{c.field}/{c.value}", "cases", str(c.count)) for c in r.sources]
    return rows
