"""Translated names and one-line definitions of the key figures (the dashboard's labels and
tooltips). The English text is the domain's DEFINITIONS (domain/kpis.py), the README's table;
tests/ui/test_dashboard.py holds the two equal."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate  # a name pyside6-lupdate recognises


def kpi_text(key: str) -> tuple[str, str]:
    """(label, definition) of figure `key` in the user's language."""
    return {
        "volume": (
            translate("Kpi", "Cases received"),
            translate("Kpi", "Cases received in the period that match the filters."),
        ),
        "volume_by_category": (
            translate("Kpi", "Volume by category"),
            translate("Kpi", "Cases received in the period, counted by their category."),
        ),
        "volume_by_channel": (
            translate("Kpi", "Volume by channel"),
            translate(
                "Kpi",
                "Cases received in the period, counted by the channel they came in through.",
            ),
        ),
        "volume_by_tier": (
            translate("Kpi", "Volume by tier"),
            translate(
                "Kpi",
                "Cases received in the period, counted by the tier that holds them now.",
            ),
        ),
        "volume_over_time": (
            translate("Kpi", "Volume over time"),
            translate("Kpi", "Cases received in each day, week or month of the period."),
        ),
        "backlog": (
            translate("Kpi", "Backlog"),
            translate(
                "Kpi",
                "Cases matching the filters, received at any time, still open at the "
                "end of each period.",
            ),
        ),
        "first_response_time": (
            translate("Kpi", "First-response time"),
            translate(
                "Kpi",
                "Working time from receipt to the first response, median and 90th "
                "percentile (nearest rank), of the received cases answered so far.",
            ),
        ),
        "resolution_time": (
            translate("Kpi", "Time to resolution"),
            translate(
                "Kpi",
                "Working time from receipt to resolution, median and 90th percentile "
                "(nearest rank), of the received cases resolved so far.",
            ),
        ),
        "sla_first_response": (
            translate("Kpi", "SLA compliance, first response"),
            translate(
                "Kpi",
                "Of the received cases answered or overdue for an answer, the share "
                "answered without a first-response breach.",
            ),
        ),
        "sla_resolution": (
            translate("Kpi", "SLA compliance, resolution"),
            translate(
                "Kpi",
                "Of the received cases resolved or overdue for resolution, the share "
                "resolved without a resolution breach.",
            ),
        ),
        "escalation_rate": (
            translate("Kpi", "Escalation rate"),
            translate(
                "Kpi",
                "Share of the received cases escalated to a higher tier at least once.",
            ),
        ),
        "reopen_rate": (
            translate("Kpi", "Reopen rate"),
            translate(
                "Kpi",
                "Share of the received cases that were resolved or closed and later reopened.",
            ),
        ),
        "frontline_share": (
            translate("Kpi", "Resolved within frontline authority"),
            translate(
                "Kpi",
                "Of the received cases resolved, the share never escalated and with "
                "no remedy that needed a sign-off.",
            ),
        ),
        "remedy_cost": (
            translate("Kpi", "Remedy cost"),
            translate(
                "Kpi",
                "Approved, authorized and fulfilled remedies of the received cases, "
                "summed per kind, category and currency (minor units).",
            ),
        ),
        "approval_turnaround": (
            translate("Kpi", "Approval turnaround"),
            translate(
                "Kpi",
                "Working time from a remedy's proposal to its sign-off decision, "
                "median and 90th percentile (nearest rank), of remedies that needed a"
                " sign-off and got one.",
            ),
        ),
        "refused_share": (
            translate("Kpi", "Remedies refused"),
            translate("Kpi", "Of the remedies that got a sign-off decision, the share rejected."),
        ),
        "satisfaction": (
            translate("Kpi", "Satisfaction"),
            translate(
                "Kpi",
                "Mean score, count per score and response rate (scores per resolved "
                "case) of the received cases' satisfaction answers.",
            ),
        ),
        "per_assignee": (
            translate("Kpi", "Per assignee"),
            translate(
                "Kpi",
                "The received cases by their assignee now: cases, resolved, median "
                "time to resolution and SLA compliance (supervisors and admins only).",
            ),
        ),
        "per_tier": (
            translate("Kpi", "Per tier"),
            translate(
                "Kpi",
                "The received cases by their tier now: cases, resolved, median time "
                "to resolution and SLA compliance (supervisors and admins only).",
            ),
        ),
    }[key]
