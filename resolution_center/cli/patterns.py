"""`report patterns`: where a period's disputes come from, each finding with its cases. Joins the
`report` group (cli/kpis.py's `report_group`)."""

from __future__ import annotations

import argparse

from ..domain.patterns import SECTION_TITLES, PatternReport, Section, cases_named, figure_words
from ..export.review_tables import patterns_csv
from .app import Access, App
from .kpis import report_group  # the `report` group, shared with `report kpis`
from .output import Output
from .parsing import Subcommands, command, parse_date, whole_number

FINDING_COLUMNS = ("id", "cases", "figures", "label", "references")


def report_output(report: PatternReport) -> Output:
    data = report.to_json()
    lines = [f"Patterns {data['from']} to {data['to']} (policy window {data['window_days']} days)"]
    for section in Section:
        found = data["sections"][section.value]["findings"]
        lines.append("")
        lines.append(f"{SECTION_TITLES[section]}: {len(found) or 'none'}")
        for f in found:
            refs = cases_named(f, 8)
            lines.append(f"  {f['label']}: {f['cases']} cases; {figure_words(f)}")
            lines.append(f"    {refs}")
    lines.append("")
    lines.append("Not recorded:")
    lines.extend(f"  {n}" for n in report.not_recorded)
    return Output(data, "\n".join(lines), brief=True)


def cmd_patterns(app: App, args: argparse.Namespace) -> Output:
    start = parse_date(args.date_from, "from")
    end = parse_date(args.date_to, "to")
    assert start is not None and end is not None  # required options
    report = app.ctx.patterns.report(start, end, top=args.top)
    if args.csv:
        return Output(report.to_json(), patterns_csv(report.to_json()).rstrip("\n"), brief=True)
    return report_output(report)


def register(sub: Subcommands) -> None:
    p = command(
        report_group(sub),
        "patterns",
        cmd_patterns,
        Access.USER,
        "products, sellers, shipping problems, repeat customers and category jumps of a period, "
        "each with its cases",
    )
    p.add_argument("--from", dest="date_from", required=True, metavar="DATE")
    p.add_argument("--to", dest="date_to", required=True, metavar="DATE")
    p.add_argument(
        "--top",
        type=whole_number("--top", 1, 1000),
        default=10,
        metavar="N",
        help="findings per section (1 to 1000)",
    )
    p.add_argument("--csv", action="store_true", help="one CSV row per finding")
