"""A review's tables, once for the PDF and the CSV files: the headline figures of its frozen KPI
report, volume by category, the frozen pattern findings, notes, actions and the sign-off. Read
from the review's frozen JSON, never from today's data."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..domain.kpis import DEFINITION, Durations, KpiReport, Share, hours_text
from ..domain.patterns import SECTION_TITLES, Section, cases_named, figure_words
from ..domain.review import Review

Table = tuple[tuple[str, ...], list[list[str]]]  # (header, rows)
# A spreadsheet runs a cell that starts with one of these as a formula; seller names, products
# and notes are other people's text (OWASP's CSV injection advice, as the case list's export).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def kpi_report(review: Review) -> KpiReport | None:
    """The frozen KPI report, or None when the review froze none (an empty JSON object)."""
    return KpiReport.from_json(review.kpis) if review.kpis else None


def _share(s: Share) -> str:
    return s.text()


def _durations(d: Durations) -> str:
    if not d.count:
        return "—"
    return f"median {hours_text(d.median)}, p90 {hours_text(d.p90)} ({d.count} cases)"


def headline(report: KpiReport) -> Table:
    """(figure, value, definition) of the report's one-number figures."""
    rows: list[tuple[str, str]] = [
        ("volume", str(report.received)),
        ("first_response_time", _durations(report.first_response)),
        ("resolution_time", _durations(report.resolution)),
        ("sla_first_response", _share(report.sla_first_response)),
        ("sla_resolution", _share(report.sla_resolution)),
        ("escalation_rate", _share(report.escalation)),
        ("reopen_rate", _share(report.reopen)),
        ("frontline_share", _share(report.frontline)),
        ("approval_turnaround", _durations(report.approval_turnaround)),
        ("refused_share", _share(report.refused)),
    ]
    if report.satisfaction is not None and report.satisfaction.mean is not None:
        rows.append(("satisfaction", f"{report.satisfaction.mean:.2f} mean"))
    return (
        ("figure", "value", "definition"),
        [[DEFINITION[k].label, v, DEFINITION[k].definition] for k, v in rows],
    )


def categories(report: KpiReport, label: Callable[[str], str] = str) -> Table:
    return (("category", "cases"), [[label(c.key), str(c.count)] for c in report.by_category])


def findings(patterns: Mapping[str, Any]) -> Table:
    """One row per frozen finding, its section first; figures as words (a column per section's
    figure would leave most cells empty)."""
    rows = []
    sections = patterns.get("sections", {})
    for section in Section:
        for f in sections.get(section.value, {}).get("findings", []):
            rows.append(
                [
                    SECTION_TITLES[section],
                    str(f["id"]),
                    str(f["label"]),
                    str(f["cases"]),
                    figure_words(f),
                    cases_named(f),
                ]
            )
    return ("section", "finding", "label", "cases", "figures", "cases named"), rows


def finding_labels(patterns: Mapping[str, Any]) -> dict[str, str]:
    """Finding id -> its label, as frozen."""
    return {
        f["id"]: f["label"]
        for section in patterns.get("sections", {}).values()
        for f in section.get("findings", [])
    }


def notes(review: Review) -> Table:
    labels = finding_labels(review.patterns)
    return (
        ("finding", "note", "by", "at"),
        [
            [
                labels.get(n.finding, n.finding) if n.finding else "(the review)",
                n.body,
                n.created_by,
                f"{n.created_at:%Y-%m-%d %H:%M} UTC",
            ]
            for n in review.notes
        ],
    )


def actions(review: Review) -> Table:
    return (
        ("action", "owner", "due", "state", "set by", "done by"),
        [
            [
                a.body,
                a.owner,
                a.due_on.isoformat(),
                a.state.value,
                a.created_by,
                f"{a.done_by} {a.done_at:%Y-%m-%d}" if a.done_at else "",
            ]
            for a in review.actions
        ],
    )


def signoff(review: Review) -> Table:
    rows = [
        ["period", f"{review.period_from} to {review.period_to}"],
        ["opened", f"{review.opened_by}, {review.opened_at:%Y-%m-%d %H:%M} UTC"],
        [
            "figures frozen",
            f"{review.frozen_by}, {review.frozen_at:%Y-%m-%d %H:%M} UTC "
            f"(refreshed {review.refreshes} times)",
        ],
        ["state", review.state.value],
    ]
    if review.signed_at is not None:
        rows.append(["signed off", f"{review.signed_by}, {review.signed_at:%Y-%m-%d %H:%M} UTC"])
        if review.sign_note:
            rows.append(["sign-off note", review.sign_note])
    return ("item", "value"), rows


def review_tables(review: Review) -> list[tuple[str, str]]:
    """(file stem, CSV text) of each table."""
    tables: list[tuple[str, Table]] = []
    report = kpi_report(review)
    if report is not None:
        tables += [("kpis", headline(report)), ("volume-by-category", categories(report))]
    tables += [
        ("findings", findings(review.patterns)),
        ("notes", notes(review)),
        ("actions", actions(review)),
        ("signoff", signoff(review)),
    ]
    return [(name, csv_text(table)) for name, table in tables]


def csv_text(table: Table) -> str:
    header, rows = table
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return buffer.getvalue()


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def patterns_csv(patterns: Mapping[str, Any]) -> str:
    """`report patterns --csv`: the findings table of a report's JSON."""
    return csv_text(findings(patterns))


__all__: Sequence[str] = ("csv_text", "findings", "headline", "patterns_csv", "review_tables")
