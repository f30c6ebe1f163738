"""The dashboard: the key figures of a period for the case list's filters, each with its
definition as tooltip, and the charts people would rather look at than read.

matplotlib is imported when the first report arrives (`_charts`), never at import of this
module: the window builds the dashboard only when its tab is first opened, so starting the
client and logging in never load it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.kpis import Durations, KpiReport, Period, Share
from resolution_center.domain.money import Money

from ..formatting import count_text, money_text
from ..forms import date_edit, error_label
from ..kpi_labels import kpi_text
from ..labels import category_text, channel_label, tier_label
from ..ops import Ops
from ..remedy_labels import kind_label
from ..style import is_dark
from .case_filters import FilterBar

if TYPE_CHECKING:
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

RELOAD_DELAY_MS = 300  # filters typed or clicked in a row load one report, not one each
CHART_HEIGHT = 260
# The figures in the top grid, in reading order; each shows its definition as tooltip.
HEADLINE = (
    "volume",
    "backlog",
    "first_response_time",
    "resolution_time",
    "sla_first_response",
    "sla_resolution",
    "escalation_rate",
    "reopen_rate",
    "frontline_share",
    "approval_turnaround",
    "refused_share",
    "satisfaction",
)


def _to_date(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class Dashboard(QWidget):
    loaded = Signal(object)
    """A report is shown (the KpiReport)."""

    def __init__(self, ops: Ops, users: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self.ops = ops
        ctx = ops.ctx
        self.report: KpiReport | None = None
        self._token = 0
        self.canvases: dict[str, FigureCanvasQTAgg] = {}

        today = QDate.currentDate()
        self.from_edit = date_edit(today.addYears(-1).addDays(1))
        self.from_edit.setObjectName("kpiFrom")
        self.from_edit.setAccessibleName(self.tr("Period from"))
        self.to_edit = date_edit(today)
        self.to_edit.setObjectName("kpiTo")
        self.to_edit.setAccessibleName(self.tr("Period to (inclusive)"))
        self.by = QComboBox()
        self.by.setObjectName("kpiBy")
        self.by.setAccessibleName(self.tr("Figures per"))
        for choice, text in (
            (Period.DAY, self.tr("per day")),
            (Period.WEEK, self.tr("per week")),
            (Period.MONTH, self.tr("per month")),
        ):
            self.by.addItem(text, choice.value)
        self.by.setCurrentIndex(2)
        self.reload_button = QPushButton(self.tr("Re&load"))
        self.reload_button.setObjectName("kpiReload")
        self.status = QLabel()
        self.status.setObjectName("kpiStatus")
        self.error = error_label(self)
        self.error.setObjectName("kpiError")
        # The case list's own filter bar: the same filters, the same words. The period has
        # its own dates above, so the bar's "Created" range is not offered here.
        self.filters = FilterBar(ctx.taxonomy, ctx.actor.username, users)
        self.filters.created.setVisible(False)

        period = QHBoxLayout()
        period.addWidget(QLabel(self.tr("Received from")))
        period.addWidget(self.from_edit)
        period.addWidget(QLabel(self.tr("to")))
        period.addWidget(self.to_edit)
        period.addWidget(self.by)
        period.addStretch(1)
        period.addWidget(self.status)
        period.addWidget(self.reload_button)

        self.values: dict[str, QLabel] = {}
        headline = QGridLayout()
        headline.setHorizontalSpacing(18)
        columns = 4
        for n, key in enumerate(HEADLINE):
            label, definition = kpi_text(key)
            name = QLabel(label)
            name.setToolTip(definition)
            name.setObjectName(f"kpiName_{key}")
            value = QLabel("—")
            value.setObjectName(f"kpi_{key}")
            value.setToolTip(definition)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            font = value.font()
            font.setPointSizeF(font.pointSizeF() * 1.25)
            font.setBold(True)
            value.setFont(font)
            cell = QVBoxLayout()
            cell.setSpacing(0)
            cell.addWidget(name)
            cell.addWidget(value)
            headline.addLayout(cell, n // columns, n % columns)
            self.values[key] = value

        self.chart_grid = QGridLayout()
        self.chart_grid.setSpacing(8)
        self.tables: dict[str, QTableWidget] = {}
        tables = QGridLayout()
        for n, key in enumerate(("volume", "remedy_cost", "per_assignee", "per_tier")):
            table = QTableWidget(0, 0)
            table.setObjectName(f"kpiTable_{key}")
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.verticalHeader().setVisible(False)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            table.horizontalHeader().setStretchLastSection(True)
            table.setMinimumHeight(180)
            self.tables[key] = table
            title = QLabel(self._table_title(key))
            title.setToolTip(self._table_tip(key))
            box = QVBoxLayout()
            box.addWidget(title)
            box.addWidget(table)
            tables.addLayout(box, n // 2, n % 2)

        body = QWidget()
        body.setObjectName("dashboardBody")
        inner = QVBoxLayout(body)
        inner.addLayout(headline)
        inner.addLayout(self.chart_grid)
        inner.addLayout(tables)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)

        layout = QVBoxLayout(self)
        layout.addLayout(period)
        layout.addWidget(self.filters)
        layout.addWidget(self.error)
        layout.addWidget(scroll, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(RELOAD_DELAY_MS)
        self._debounce.timeout.connect(self.reload)
        self.filters.filter_changed.connect(self._debounce.start)
        self.from_edit.dateChanged.connect(self._debounce.start)
        self.to_edit.dateChanged.connect(self._debounce.start)
        self.by.currentIndexChanged.connect(self._debounce.start)
        self.reload_button.clicked.connect(self.reload)

    def _table_title(self, key: str) -> str:
        if key == "volume":
            return self.tr("Volume by category, channel and tier")
        return kpi_text(key)[0]

    def _table_tip(self, key: str) -> str:
        if key == "volume":
            return "\n".join(
                kpi_text(k)[1]
                for k in ("volume_by_category", "volume_by_channel", "volume_by_tier")
            )
        return kpi_text(key)[1]

    # ---- loading ------------------------------------------------------------------------------
    def reload(self) -> None:
        self._debounce.stop()
        self._token += 1
        token = self._token
        start, end = _to_date(self.from_edit.date()), _to_date(self.to_edit.date())
        f = self.filters.case_filter()
        by = Period(self.by.currentData())
        self.status.setText(self.tr("Loading…"))
        self.error.setVisible(False)

        def failed(exc: BaseException) -> None:
            if token == self._token:
                self.status.setText("")
                self.error.setText(str(exc))
                self.error.setVisible(True)

        self.ops.run_in_background(
            lambda ctx, _progress: ctx.kpis.report(start, end, f, by),
            parent=self,
            on_done=lambda report: self._loaded(token, report),
            on_failed=failed,
        )

    def _loaded(self, token: int, report: KpiReport) -> None:
        if token != self._token:
            return  # a newer request is on its way
        self.report = report
        self.status.setText(
            self.tr("{count} cases received").format(count=count_text(report.received))
        )
        self._figures(report)
        self._charts(report)
        self._tables(report)
        self.loaded.emit(report)

    # ---- showing ------------------------------------------------------------------------------
    def _durations(self, d: Durations) -> str:
        if not d.count:
            return "—"
        return self.tr("{median} median · {p90} p90").format(
            median=_hours(d.median), p90=_hours(d.p90)
        )

    def _share(self, s: Share) -> str:
        if not s.whole:
            return "—"
        return self.tr("{rate}% ({part} of {whole})").format(
            rate=f"{100 * s.part / s.whole:.1f}", part=count_text(s.part), whole=count_text(s.whole)
        )

    def _figures(self, r: KpiReport) -> None:
        sat = r.satisfaction
        if sat is None or sat.mean is None:
            satisfaction = self.tr("no scores")
        else:
            satisfaction = self.tr("{mean} of 5 · {rate} answered").format(
                mean=f"{sat.mean:.2f}",
                rate=f"{100 * (sat.response_rate.rate or 0):.0f}%",
            )
        texts = {
            "volume": count_text(r.received),
            "backlog": count_text(r.periods[-1].backlog) if r.periods else "—",
            "first_response_time": self._durations(r.first_response),
            "resolution_time": self._durations(r.resolution),
            "sla_first_response": self._share(r.sla_first_response),
            "sla_resolution": self._share(r.sla_resolution),
            "escalation_rate": self._share(r.escalation),
            "reopen_rate": self._share(r.reopen),
            "frontline_share": self._share(r.frontline),
            "approval_turnaround": self._durations(r.approval_turnaround),
            "refused_share": self._share(r.refused),
            "satisfaction": satisfaction,
        }
        for key, text in texts.items():
            self.values[key].setText(text)

    def _charts(self, r: KpiReport) -> None:
        # Here, not at the top: the first report is the first moment matplotlib is needed.
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        from resolution_center.export.charts import CHARTS, DARK, LIGHT, figure

        theme = DARK if is_dark(self) else LIGHT
        for n, chart in enumerate(CHARTS):
            canvas = self.canvases.get(chart.key)
            if canvas is not None:
                # The same canvas and figure, drawn again: a new canvas per report cost a
                # widget and its layout each time.
                canvas.figure.clear()
                chart.build(canvas.figure, r, theme)
                canvas.draw_idle()
                continue
            canvas = FigureCanvasQTAgg(figure(chart.key, r, theme, size=(5, 2.6)))
            canvas.setObjectName(f"chart_{chart.key}")
            canvas.setMinimumHeight(CHART_HEIGHT)
            canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            canvas.setToolTip(kpi_text(_CHART_FIGURE[chart.key])[1])
            canvas.setAccessibleName(chart.title)
            self.chart_grid.addWidget(canvas, n // 2, n % 2)
            self.canvases[chart.key] = canvas

    def _tables(self, r: KpiReport) -> None:
        volume: list[tuple[str, ...]] = []
        volume += [
            (self.tr("Category"), self._category(c.key), count_text(c.count)) for c in r.by_category
        ]
        volume += [
            (self.tr("Channel"), channel_label(c.key), count_text(c.count)) for c in r.by_channel
        ]
        volume += [(self.tr("Tier"), tier_label(c.key), count_text(c.count)) for c in r.by_tier]
        _fill(self.tables["volume"], (self.tr("By"), self.tr("Value"), self.tr("Cases")), volume)
        _fill(
            self.tables["remedy_cost"],
            (self.tr("Kind"), self.tr("Category"), self.tr("Remedies"), self.tr("Amount")),
            [
                (
                    kind_label(c.kind),
                    self._category(c.category),
                    count_text(c.remedies),
                    money_text(Money(c.amount_minor, c.currency)),
                )
                for c in r.remedy_cost
            ],
        )
        for key, groups in (("per_assignee", r.per_assignee), ("per_tier", r.per_tier)):
            table = self.tables[key]
            hidden = groups is None
            table.setVisible(not hidden)
            if groups is None:
                continue
            _fill(
                table,
                (
                    self.tr("Who") if key == "per_assignee" else self.tr("Tier"),
                    self.tr("Cases"),
                    self.tr("Resolved"),
                    self.tr("Time to resolution"),
                    self.tr("SLA first response"),
                    self.tr("SLA resolution"),
                ),
                [
                    (
                        (g.key or self.tr("(unassigned)"))
                        if key == "per_assignee"
                        else tier_label(g.key),
                        count_text(g.cases),
                        count_text(g.resolved),
                        self._durations(g.resolution_time),
                        self._share(g.sla_first_response),
                        self._share(g.sla_resolution),
                    )
                    for g in groups
                ],
            )

    def _category(self, slug: str) -> str:
        try:
            return category_text(self.ops.ctx.taxonomy, slug)
        except Exception:  # an imported or retired slug: shown as stored
            return slug


# The figure whose definition each chart's tooltip gives.
_CHART_FIGURE = {
    "volume_over_time": "volume_over_time",
    "resolution_distribution": "resolution_time",
    "sla_over_time": "sla_resolution",
    "remedy_cost_by_kind": "remedy_cost",
    "top_products": "volume",
}


def _hours(seconds: int | None) -> str:
    if seconds is None:
        return "—"
    hours = seconds / 3600
    return f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.1f} d"


def _fill(table: QTableWidget, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setRowCount(len(rows))
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            item = QTableWidgetItem(str(value))
            if j > 0 and str(value)[:1].isdigit():
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(i, j, item)
