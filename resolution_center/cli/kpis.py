"""`report kpis`: the key figures of a period, for the case list's filters, as text, JSON or
CSV. Joins the `report` group (made here if no other module made it first)."""

from __future__ import annotations

import argparse
import csv
import io

from ..domain.kpis import (
    CSV_COLUMNS,
    DEFINITION,
    Durations,
    KpiReport,
    hours_text,
    parse_period,
    report_rows,
)
from ..domain.money import Money
from .app import Access, App
from .cases import add_filter_arguments, case_filter
from .output import Output
from .parsing import Subcommands, command, group, parse_date, subcommands_of


def csv_text(report: KpiReport) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(report_rows(report))
    return buffer.getvalue()


def _durations(d: Durations) -> str:
    if not d.count:
        return "—"
    return f"median {hours_text(d.median)}, p90 {hours_text(d.p90)} (of {d.count})"


def report_text(r: KpiReport) -> str:
    def label(key: str) -> str:
        return DEFINITION[key].label

    hours = "working hours" if r.business_hours else "hours (no business calendar)"
    lines = [
        f"KPIs {r.date_from} to {r.date_to}, by {r.by.value}; times in {hours}",
        f"{label('volume')}: {r.received}",
    ]
    for key, counts in (
        ("volume_by_category", r.by_category),
        ("volume_by_channel", r.by_channel),
        ("volume_by_tier", r.by_tier),
    ):
        lines.append(f"{label(key)}: " + (", ".join(f"{c.key} {c.count}" for c in counts) or "—"))
    lines.append(f"{label('volume_over_time')} / {label('backlog')}:")
    lines += [
        f"  {p.start}  received {p.received:>6}  resolved {p.resolved:>6}  open at end "
        f"{p.backlog:>6}  SLA first response {p.sla_first_response.text()}, resolution "
        f"{p.sla_resolution.text()}"
        for p in r.periods
    ]
    lines += [
        f"{label('first_response_time')}: {_durations(r.first_response)}",
        f"{label('resolution_time')}: {_durations(r.resolution)}",
        f"{label('sla_first_response')}: {r.sla_first_response.text()}",
        f"{label('sla_resolution')}: {r.sla_resolution.text()}",
        f"{label('escalation_rate')}: {r.escalation.text()}",
        f"{label('reopen_rate')}: {r.reopen.text()}",
        f"{label('frontline_share')}: {r.frontline.text()}",
        f"{label('remedy_cost')}:",
    ]
    lines += [
        f"  {c.kind} / {c.category}: {c.remedies} remedies, "
        f"{Money(c.amount_minor, c.currency).format()}"
        for c in r.remedy_cost
    ] or ["  —"]
    lines += [
        f"{label('approval_turnaround')}: {_durations(r.approval_turnaround)}",
        f"{label('refused_share')}: {r.refused.text()}",
    ]
    sat = r.satisfaction
    if sat is None:
        lines.append(f"{label('satisfaction')}: no scores are kept in this database")
    else:
        mean = "—" if sat.mean is None else f"{sat.mean:.2f}"
        dist = ", ".join(f"{c.key}: {c.count}" for c in sat.distribution) or "no scores"
        lines.append(
            f"{label('satisfaction')}: mean {mean}; {dist}; "
            f"response rate {sat.response_rate.text()}"
        )
    if r.top_products:
        lines.append("Top products: " + ", ".join(f"{c.key} {c.count}" for c in r.top_products))
    for key, groups in (("per_assignee", r.per_assignee), ("per_tier", r.per_tier)):
        if groups is None:
            continue
        lines.append(f"{label(key)}:")
        lines += [
            f"  {g.key or '(unassigned)'}: {g.cases} cases, {g.resolved} resolved, "
            f"resolution {_durations(g.resolution_time)}, SLA first response "
            f"{g.sla_first_response.text()}, resolution {g.sla_resolution.text()}"
            for g in groups
        ]
    if r.sources:
        lines.append("Imported cases by their source's values:")
        lines += [f"  {c.field}: {c.value}: {c.count}" for c in r.sources]
    return "\n".join(lines)


def cmd_kpis(app: App, args: argparse.Namespace) -> Output:
    start = parse_date(args.date_from, "from")
    end = parse_date(args.date_to, "to")
    assert start is not None and end is not None  # required options
    report = app.ctx.kpis.report(
        start, end, case_filter(app.ctx, args), parse_period(args.by), sources=args.sources
    )
    if args.csv:
        return Output(report.to_json(), csv_text(report).rstrip("\n"), brief=True)
    return Output(report.to_json(), report_text(report), brief=True)


def report_group(sub: Subcommands) -> Subcommands:
    """The `report` group, shared with the pattern review (whichever module registers first)."""
    if "report" in sub.choices:
        return subcommands_of(sub, "report")
    return group(sub, "report", "reports over a period: KPIs, patterns")


def register(sub: Subcommands) -> None:
    p = command(
        report_group(sub),
        "kpis",
        cmd_kpis,
        Access.USER,
        "key figures of the cases received in a period: volume, backlog, response and "
        "resolution times, SLA compliance, rates, remedy cost, satisfaction",
    )
    p.add_argument("--from", dest="date_from", required=True, metavar="DATE")
    p.add_argument("--to", dest="date_to", required=True, metavar="DATE")
    p.add_argument("--by", default="month", metavar="day|week|month", help="period (default month)")
    add_filter_arguments(p)
    p.add_argument(
        "--sources",
        action="store_true",
        help="also count imported cases by what their source kept (product, issue, timely "
        "response, company response); reads each imported case's import event",
    )
    p.add_argument("--csv", action="store_true", help="one CSV row per figure")
