"""A periodic review as a PDF report: sign-off, key figures, the KPI charts, the frozen pattern
findings, notes and actions. Drawn from what the review froze, never from today's data.

The charts are the window's own definitions (export/charts.py), drawn as vectors: reportlab
lays the document out with an empty slot per chart, matplotlib writes each chart as a one-page
vector PDF of the slot's size, and pypdf lays that page onto the slot (a form of paths and
text, no bitmap). Fonts and palette are the agreement record's (export/agreement_pdf.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

import resolution_center
from resolution_center.domain.kpis import KpiReport
from resolution_center.domain.patterns import SECTION_TITLES, Section, cases_named, figure_words
from resolution_center.domain.review import Review, ReviewState
from resolution_center.domain.taxonomy import Taxonomy

from .agreement_pdf import (
    HAIRLINE,
    HEAD_FILL,
    INK,
    MUTED,
    NOTE_FILL,
    ZEBRA,
    _day,
    _moment,
    _styles,
)
from .fonts import RENDER_LOCK, SANS, SANS_BOLD, register_fonts
from .review_tables import Table as Rows
from .review_tables import actions, categories, headline, kpi_report, notes, signoff

MARGIN = 16 * mm
# One chart per row, the text's width: export/charts.py lays its labels out in fixed fractions
# of the figure, made for the dashboard's wide panes (half this width cut their labels short).
CHART_W = A4[0] - 2 * MARGIN
CHART_H = 66 * mm
REFERENCES_SHOWN = 12  # a finding's cases named in print; the CSV names them all


@dataclass
class _Slots:
    """Where each chart slot landed: (page index, x, y) in points, filled as pages are drawn."""

    placed: dict[str, tuple[int, float, float]] = field(default_factory=dict)


class ChartSlot(Flowable):
    """Reserves a chart's rectangle and remembers where it was drawn."""

    def __init__(self, key: str, slots: _Slots) -> None:
        super().__init__()
        self.key = key
        self.slots = slots
        self.width = CHART_W
        self.height = CHART_H

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(0, 0)
        self.slots.placed[self.key] = (self.canv.getPageNumber() - 1, x, y)


def _table(rows: Rows, widths: list[float], styles: Any, *, numbers: tuple[int, ...] = ()) -> Table:
    header, body = rows
    cells = [[Paragraph(escape(h), styles.head) for h in header]]
    for row in body:
        cells.append(
            [
                Paragraph(
                    escape(v).replace("\n", "<br/>"),
                    styles.cell_right if i in numbers else styles.cell,
                )
                for i, v in enumerate(row)
            ]
        )
    table = Table(cells, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, HAIRLINE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                *[("BACKGROUND", (0, r), (-1, r), ZEBRA) for r in range(2, len(cells), 2)],
            ]
        )
    )
    return table


def _empty(text: str, styles: Any) -> Paragraph:
    return Paragraph(escape(text), styles.muted)


def _finding_rows(section: Section, patterns: dict[str, Any]) -> Rows:
    found = patterns.get("sections", {}).get(section.value, {}).get("findings", [])
    rows = []
    for f in found:
        named = cases_named(f, REFERENCES_SHOWN)
        rows.append([str(f["label"]), str(f["cases"]), figure_words(f), named])
    return ("finding", "cases", "figures", "cases named"), rows


def _story(
    review: Review, slots: _Slots, charts: list[str], taxonomy: Taxonomy | None
) -> list[Flowable]:
    st = _styles()
    width = A4[0] - 2 * MARGIN
    story: list[Flowable] = [
        Paragraph(f"Periodic review #{review.id}", st.title),
        Paragraph(f"{_day(review.period_from)} – {_day(review.period_to)}", st.subtitle),
    ]
    if review.state is ReviewState.SIGNED and review.signed_at is not None:
        status = f"Signed off by {escape(review.signed_by or '')} on {_moment(review.signed_at)}"
    else:
        status = "<b>Not signed off</b>: an open review; its figures may still be refreshed"
    story.append(Paragraph(status, st.status))
    story.append(_table(signoff(review), [40 * mm, width - 40 * mm], st))

    report = kpi_report(review)
    story.append(Paragraph("Key figures", st.h1))
    if report is None:
        story.append(_empty("This review froze no KPI report.", st))
    else:
        story.append(_table(headline(report), [48 * mm, 52 * mm, width - 100 * mm], st))
        if charts:
            story.append(Paragraph("Charts", st.h1))
            for key in charts:
                story += [ChartSlot(key, slots), Spacer(1, 4 * mm)]
        story.append(Paragraph("Volume by category", st.h1))
        label = taxonomy.label if taxonomy is not None else str
        story.append(_table(categories(report, label), [80 * mm, 25 * mm], st, numbers=(1,)))

    # The heading goes with the first section, which keeps together: never alone at a page end.
    heading: list[Flowable] = [Paragraph("Pattern findings", st.h1)]
    for section in Section:
        rows = _finding_rows(section, review.patterns)
        block: list[Flowable] = [*heading, Paragraph(escape(SECTION_TITLES[section]), st.h2)]
        heading = []
        if rows[1]:
            block.append(
                _table(rows, [52 * mm, 14 * mm, 54 * mm, width - 120 * mm], st, numbers=(1,))
            )
        else:
            block.append(_empty("None in this period.", st))
        story.append(KeepTogether(block))
    missing = review.patterns.get("not_recorded", [])
    if missing:
        story.append(Paragraph("Not recorded", st.h2))
        story.extend(Paragraph("• " + escape(str(m)), st.small) for m in missing)

    story.append(Paragraph("Notes", st.h1))
    note_rows = notes(review)
    story.append(
        _table(note_rows, [40 * mm, width - 95 * mm, 20 * mm, 35 * mm], st)
        if note_rows[1]
        else _empty("No notes.", st)
    )
    story.append(Paragraph("Actions", st.h1))
    action_rows = actions(review)
    story.append(
        _table(
            action_rows,
            [width - 120 * mm, 20 * mm, 24 * mm, 14 * mm, 20 * mm, 42 * mm],
            st,
        )
        if action_rows[1]
        else _empty("No actions.", st)
    )
    return story


def _footer(review: Review) -> Any:
    def draw(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(SANS, 7)
        canvas.setFillColor(MUTED)
        canvas.drawString(
            MARGIN,
            9 * mm,
            f"Resolution Center {resolution_center.__version__} · periodic review #{review.id}, "
            f"{review.period_from} to {review.period_to} · "
            + ("signed" if review.state is ReviewState.SIGNED else "NOT SIGNED OFF"),
        )
        canvas.drawRightString(A4[0] - MARGIN, 9 * mm, f"page {doc.page}")
        if review.state is not ReviewState.SIGNED:
            canvas.setFillColor(NOTE_FILL)
            canvas.rect(A4[0] - MARGIN - 34 * mm, A4[1] - 12 * mm, 34 * mm, 6 * mm, 0, 1)
            canvas.setFillColor(INK)
            canvas.setFont(SANS_BOLD, 7.5)
            canvas.drawCentredString(A4[0] - MARGIN - 17 * mm, A4[1] - 10.2 * mm, "DRAFT")
        canvas.restoreState()

    return draw


def _chart_pdfs(report: KpiReport, keys: list[str]) -> dict[str, bytes]:
    import matplotlib  # only when a review is printed: never at client start

    from .charts import LIGHT, figure

    out = {}
    # TrueType (42) rather than Type 3 glyphs: the charts' words stay text a reader can find
    # and copy. The setting is read only when a PDF is saved, so a window drawing charts on
    # another thread meanwhile is not affected.
    with matplotlib.rc_context({"pdf.fonttype": 42}):
        for key in keys:
            fig = figure(key, report, LIGHT, size=(CHART_W / 72, CHART_H / 72))
            buffer = BytesIO()
            fig.savefig(buffer, format="pdf", metadata={"Creator": None, "Producer": None})
            out[key] = buffer.getvalue()
    return out


def render_review(review: Review, taxonomy: Taxonomy | None = None) -> bytes:
    """The review's PDF report as bytes."""
    from pypdf import PdfReader, PdfWriter, Transformation

    from .charts import CHARTS

    register_fonts()
    report = kpi_report(review)
    keys = [c.key for c in CHARTS] if report is not None else []
    slots = _Slots()
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=16 * mm,
        title=f"Periodic review #{review.id}, {review.period_from} to {review.period_to}",
        author=review.signed_by or review.opened_by,
        creator=f"Resolution Center {resolution_center.__version__}",
        subject="Periodic review",
    )
    footer = _footer(review)
    with RENDER_LOCK:
        doc.build(_story(review, slots, keys, taxonomy), onFirstPage=footer, onLaterPages=footer)
    if not keys:
        return buffer.getvalue()
    assert report is not None
    charts = _chart_pdfs(report, keys)
    reader = PdfReader(BytesIO(buffer.getvalue()))
    writer = PdfWriter(clone_from=reader)
    for key, (page, x, y) in slots.placed.items():
        chart = PdfReader(BytesIO(charts[key])).pages[0]
        writer.pages[page].merge_transformed_page(chart, Transformation().translate(x, y))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
