"""The KPI charts, defined once: each builds a matplotlib Figure from a KpiReport. The window
wraps a Figure in its Qt canvas, the review's PDF draws the same Figure as vectors.

Object-oriented matplotlib only (`matplotlib.figure.Figure`, never pyplot): pyplot keeps global
figures and picks a backend at import, which neither a window nor a PDF writer wants. matplotlib
is imported here, and this module is imported only when a chart is wanted: starting the client
and logging in never load it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..domain.kpis import KpiReport
from .agreement_words import ENGLISH
from .agreement_words import MONTHS as MONTH_NAMES


@dataclass(frozen=True, slots=True)
class ChartTheme:
    background: str
    foreground: str
    grid: str
    series: tuple[str, ...]


LIGHT = ChartTheme("#ffffff", "#202124", "#dadce0", ("#1a73e8", "#e8710a", "#188038", "#a142f4"))
DARK = ChartTheme("#202124", "#e8eaed", "#5f6368", ("#8ab4f8", "#fcad70", "#81c995", "#d7aefb"))


@dataclass(frozen=True, slots=True)
class ChartDefinition:
    key: str
    title: str
    build: Callable[[Figure, KpiReport, ChartTheme], None]


# Fixed margins (fractions of the figure), not a layout engine: constrained layout cost a
# third of each chart's drawing, and these charts' labels have known lengths.
MARGINS = {"left": 0.08, "right": 0.98, "top": 0.88, "bottom": 0.24}
BAR_LABELS_LEFT = 0.36  # horizontal bars name their rows on the left


def _axes(fig: Figure, theme: ChartTheme, title: str, left: float | None = None) -> Axes:
    fig.set_facecolor(theme.background)
    fig.subplots_adjust(**{**MARGINS, **({"left": left} if left else {})})
    ax = fig.add_subplot(1, 1, 1)
    ax.set_facecolor(theme.background)
    ax.set_title(title, color=theme.foreground, fontsize=10, loc="left")
    ax.tick_params(colors=theme.foreground, labelsize=8)
    for spine in ax.spines.values():
        spine.set_color(theme.grid)
    ax.grid(True, axis="y", color=theme.grid, linewidth=0.5)
    ax.set_axisbelow(True)
    return ax


def _empty(ax: Axes, theme: ChartTheme) -> None:
    ax.text(
        0.5,
        0.5,
        "no data",
        ha="center",
        va="center",
        color=theme.foreground,
        transform=ax.transAxes,
    )


def _labels(report: KpiReport) -> list[str]:
    # Not strftime('%b'): that follows the process locale (Qt sets it from the system), and a
    # review PDF's bytes must not depend on the machine that exported it.
    short = [m[:3] for m in MONTH_NAMES[ENGLISH]]
    if report.by.value == "month":
        return [f"{short[p.start.month - 1]} {p.start.year}" for p in report.periods]
    return [f"{p.start.day:02d} {short[p.start.month - 1]}" for p in report.periods]


def volume_over_time(fig: Figure, report: KpiReport, theme: ChartTheme) -> None:
    ax = _axes(fig, theme, "Volume over time")
    xs = list(range(len(report.periods)))
    if not xs:
        _empty(ax, theme)
        return
    ax.bar(xs, [p.received for p in report.periods], color=theme.series[0], label="received")
    ax.plot(
        xs,
        [p.backlog for p in report.periods],
        color=theme.series[1],
        marker=".",
        label="backlog at end",
    )
    _ticks(ax, xs, _labels(report))
    _legend(ax, theme)


def resolution_distribution(fig: Figure, report: KpiReport, theme: ChartTheme) -> None:
    # Elapsed hours where no case of the report follows a business calendar (as the text says).
    hours = "working hours" if report.business_hours else "hours"
    ax = _axes(fig, theme, f"Time to resolution ({hours})")
    bins = report.resolution_bins
    if not any(b.count for b in bins):
        _empty(ax, theme)
        return
    xs = list(range(len(bins)))
    ax.bar(xs, [b.count for b in bins], color=theme.series[2])
    _ticks(ax, xs, [b.key for b in bins])


def sla_over_time(fig: Figure, report: KpiReport, theme: ChartTheme) -> None:
    ax = _axes(fig, theme, "SLA compliance over time (%)")
    xs = list(range(len(report.periods)))
    if not xs:
        _empty(ax, theme)
        return

    def pct(values: list[float | None]) -> list[float]:
        return [float("nan") if v is None else 100 * v for v in values]

    ax.plot(
        xs,
        pct([p.sla_first_response.rate for p in report.periods]),
        color=theme.series[0],
        marker=".",
        label="first response",
    )
    ax.plot(
        xs,
        pct([p.sla_resolution.rate for p in report.periods]),
        color=theme.series[1],
        marker=".",
        label="resolution",
    )
    ax.set_ylim(0, 105)
    _ticks(ax, xs, _labels(report))
    _legend(ax, theme)


def remedy_cost_by_kind(fig: Figure, report: KpiReport, theme: ChartTheme) -> None:
    """One bar per kind and currency (amounts in different currencies are never added)."""
    ax = _axes(fig, theme, "Remedy cost by kind", left=BAR_LABELS_LEFT)
    totals: dict[tuple[str, str], int] = {}
    for c in report.remedy_cost:
        totals[(c.kind, c.currency)] = totals.get((c.kind, c.currency), 0) + c.amount_minor
    if not totals:
        _empty(ax, theme)
        return
    from ..domain.money import Money

    keys = sorted(totals, key=lambda k: (-totals[k], k))
    ys = [Money(totals[k], k[1]).as_decimal_text() for k in keys]
    ax.barh(range(len(keys)), [float(y) for y in ys], color=theme.series[3])
    ax.set_yticks(range(len(keys)), [f"{kind} ({cur})" for kind, cur in keys])
    ax.invert_yaxis()
    ax.grid(True, axis="x", color=theme.grid, linewidth=0.5)


def top_products(fig: Figure, report: KpiReport, theme: ChartTheme) -> None:
    ax = _axes(fig, theme, "Top products", left=BAR_LABELS_LEFT)
    items = report.top_products[:10]
    if not items:
        _empty(ax, theme)
        return
    ax.barh(range(len(items)), [c.count for c in items], color=theme.series[0])
    ax.set_yticks(
        range(len(items)), [c.key if len(c.key) <= 32 else c.key[:31] + "…" for c in items]
    )
    ax.invert_yaxis()
    ax.grid(True, axis="x", color=theme.grid, linewidth=0.5)


def _ticks(ax: Axes, xs: list[int], labels: list[str]) -> None:
    # At most about a dozen labels: a year by day would print 365 on top of each other.
    step = max(1, (len(xs) + 11) // 12)
    ax.set_xticks(xs[::step], labels[::step], rotation=30, ha="right")


def _legend(ax: Axes, theme: ChartTheme) -> None:
    legend = ax.legend(fontsize=8, frameon=False, labelcolor=theme.foreground)
    del legend


CHARTS: tuple[ChartDefinition, ...] = (
    ChartDefinition("volume_over_time", "Volume over time", volume_over_time),
    ChartDefinition(
        "resolution_distribution", "Time-to-resolution distribution", resolution_distribution
    ),
    ChartDefinition("sla_over_time", "SLA compliance over time", sla_over_time),
    ChartDefinition("remedy_cost_by_kind", "Remedy cost by kind", remedy_cost_by_kind),
    ChartDefinition("top_products", "Top products", top_products),
)
CHART = {c.key: c for c in CHARTS}


def figure(
    key: str, report: KpiReport, theme: ChartTheme = LIGHT, size: tuple[float, float] = (5, 3)
) -> Figure:
    """A new Figure of chart `key` (inches; the window resizes it, the PDF places it)."""
    fig = Figure(figsize=size)
    CHART[key].build(fig, report, theme)
    return fig
