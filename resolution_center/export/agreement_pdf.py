"""Renders an Agreement value as a printable, deterministic PDF record (reportlab Platypus).

Deterministic: the same agreement, copy and paper give the same bytes, in any process, on any
day. reportlab runs in invariant mode, the document ID is seeded from the proof rather than the
clock (or SOURCE_DATE_EPOCH), the creation date is the issue time, dates are formatted without
the locale, and nothing iterates an unordered collection into the output.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab import Version as REPORTLAB_VERSION
from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

import resolution_center
from resolution_center.domain.agreement import (
    Agreement,
    AgreementState,
    Approval,
    ApprovalAction,
    Party,
    PartyRole,
)
from resolution_center.domain.errors import ValidationError
from resolution_center.domain.money import Money
from resolution_center.domain.trail_text import label as trail_label

from . import agreement_words as words_of
from .agreement_words import code_label, words
from .fonts import MONO, RENDER_LOCK, SANS, SANS_BOLD, register_fonts, unprintable
from .pdf_proof import COPIES, PAPERS, Copy, Paper, Proof, proof_for

PAGE_SIZES = {"a4": A4, "letter": LETTER}
WATERMARKS = {
    AgreementState.DRAFT: "watermark.draft",
    AgreementState.SUPERSEDED: "watermark.superseded",
    AgreementState.VOIDED: "watermark.voided",
}
CREATOR = f"Resolution Center {resolution_center.__version__}"
PRODUCER = f"ReportLab PDF Library {REPORTLAB_VERSION}"
DRAFT_DATE = datetime(2000, 1, 1, tzinfo=UTC)  # drafts have no issue time: a fixed, obvious one
AUDIT_SUMMARY_LIMIT = 700  # the appendix displays the chain; the chain is the record

# Muted, greyscale-safe palette: every colour keeps its meaning as a grey level.
INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#52606D")
HEADING = colors.HexColor("#243B53")
RULE = colors.HexColor("#9AA5B1")
HAIRLINE = colors.HexColor("#CBD2D9")
HEAD_FILL = colors.HexColor("#E4E7EB")
ZEBRA = colors.HexColor("#F5F7FA")
CARD_FILL = colors.HexColor("#F5F7FA")
NOTE_FILL = colors.HexColor("#FFF8E6")

MONTHS = words_of.MONTHS[words_of.ENGLISH]


# ---- small formatting helpers (no locale: the bytes must not depend on the machine) ----------


def _day(d: date) -> str:
    return words_of.day(d)


def _moment(t: datetime) -> str:
    return words_of.moment(t)


def _stamp(t: datetime) -> str:
    return f"{t.astimezone(UTC):%Y-%m-%d %H:%M:%S}"


def _money(m: Money) -> str:
    return m.format()


def _esc(text: str) -> str:
    """Paragraph markup from plain text: escape it, keep line breaks."""
    return escape(text).replace("\n", "<br/>")


def _fit(texts: Iterable[str], font: str, size: float, pad: float = 10) -> float:
    """Width of a table column that holds every one of texts on one line (cell padding in)."""
    return max(pdfmetrics.stringWidth(t, font, size) for t in texts) + pad


def _clip(text: str, font: str, size: float, width: float) -> str:
    """text, shortened with an ellipsis if it is wider than width."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _pieces(text: str, limit: int) -> list[str]:
    """text cut at spaces into pieces of at most about limit characters."""
    out: list[str] = []
    while len(text) > limit:
        cut = text.rfind(" ", limit // 2, limit)
        cut = limit if cut < 0 else cut
        out.append(text[:cut].strip())
        text = text[cut:].strip()
    return [*out, text] if text or not out else out


def _label(slug: str, language: str = words_of.ENGLISH) -> str:
    """'senior-specialist' -> 'Senior specialist'; a printed label passes through."""
    translated = code_label(slug, language)
    if translated is not None:
        return translated
    if re.fullmatch(r"[a-z0-9]+(?:[-_][a-z0-9]+)*", slug):
        text = slug.replace("-", " ").replace("_", " ")
        return text[:1].upper() + text[1:]
    return slug


PARTY_LABELS = {
    PartyRole.COMPANY: "party.company",
    PartyRole.CUSTOMER: "party.customer",
    PartyRole.SELLER: "party.seller",
}


# ---- styles ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    status: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    label: ParagraphStyle
    value: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    cell_right_bold: ParagraphStyle
    head: ParagraphStyle
    head_right: ParagraphStyle
    audit: ParagraphStyle
    audit_head: ParagraphStyle
    mono: ParagraphStyle
    term: ParagraphStyle
    party_name: ParagraphStyle
    lead: ParagraphStyle


def _styles() -> _Styles:
    base = ParagraphStyle(
        "body",
        fontName=SANS,
        fontSize=9.5,
        leading=13.5,
        textColor=INK,
        spaceAfter=5,
        splitLongWords=1,
    )

    def s(name: str, parent: ParagraphStyle = base, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=parent, **kw)

    cell = s("cell", fontSize=8.5, leading=11, spaceAfter=0)
    head = s("head", fontName=SANS_BOLD, fontSize=7.5, leading=9.5, spaceAfter=0, textColor=INK)
    audit = s("audit", fontSize=7.2, leading=9, spaceAfter=0)
    return _Styles(
        body=base,
        small=s("small", fontSize=8, leading=11),
        muted=s("muted", fontSize=8.5, leading=12, textColor=MUTED),
        title=s(
            "title", fontName=SANS_BOLD, fontSize=21, leading=26, textColor=HEADING, spaceAfter=2
        ),
        subtitle=s("subtitle", fontSize=11.5, leading=15, textColor=INK, spaceAfter=2),
        status=s("status", fontSize=9, leading=12, textColor=MUTED, spaceAfter=10),
        h1=s(
            "h1",
            fontName=SANS_BOLD,
            fontSize=11.5,
            leading=15,
            textColor=HEADING,
            spaceBefore=13,
            spaceAfter=6,
            keepWithNext=1,
        ),
        h2=s(
            "h2",
            fontName=SANS_BOLD,
            fontSize=9.5,
            leading=13,
            textColor=INK,
            spaceBefore=6,
            spaceAfter=3,
            keepWithNext=1,
        ),
        label=s(
            "label", fontName=SANS_BOLD, fontSize=6.5, leading=8.5, textColor=MUTED, spaceAfter=1
        ),
        value=s("value", fontSize=9, leading=11.5, spaceAfter=0),
        cell=cell,
        cell_bold=s("cell_bold", parent=cell, fontName=SANS_BOLD),
        cell_right=s("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_right_bold=s("cell_right_bold", parent=cell, fontName=SANS_BOLD, alignment=TA_RIGHT),
        head=head,
        head_right=s("head_right", parent=head, alignment=TA_RIGHT),
        audit=audit,
        audit_head=s("audit_head", parent=head, fontSize=7, leading=9),
        mono=s("mono", fontName=MONO, fontSize=7.5, leading=10, spaceAfter=0, alignment=TA_LEFT),
        term=s("term", fontSize=9, leading=13, leftIndent=22, firstLineIndent=-22, spaceAfter=6),
        party_name=s("party_name", fontName=SANS_BOLD, fontSize=10, leading=13, spaceAfter=1),
        lead=s("lead", keepWithNext=1),
    )


def _table_style(*, header: bool = True, zebra: bool = True, totals: int = 0) -> TableStyle:
    cmds: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LINEBELOW", (0, 0), (-1, -1 - totals), 0.25, HAIRLINE),
    ]
    if header:
        cmds += [
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
            ("LINEBELOW", (0, 0), (-1, 0), 0.75, MUTED),
            ("TOPPADDING", (0, 0), (-1, 0), 4),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 4),
        ]
    if zebra:
        first = 1 if header else 0
        cmds.append(("ROWBACKGROUNDS", (0, first), (-1, -1 - totals), [colors.white, ZEBRA]))
    if totals:
        cmds += [
            ("LINEABOVE", (0, -totals), (-1, -totals), 0.75, MUTED),
            ("LINEBELOW", (0, -1), (-1, -1), 0.75, MUTED),
        ]
    return _style(cmds)


def _style(cmds: list[tuple[Any, ...]]) -> TableStyle:
    """A table style on the embedded font (a table's default is Helvetica, which is not)."""
    return TableStyle([("FONT", (0, 0), (-1, -1), SANS, 8.5), *cmds])


# ---- the document ----------------------------------------------------------------------------


class _Bookmark(Flowable):
    """Zero-size marker that adds a PDF outline entry where it lands."""

    def __init__(self, key: str, title: str, level: int = 0) -> None:
        super().__init__()
        self.key, self.title, self.level = key, title, level
        self.width = self.height = 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level)


@dataclass(frozen=True)
class _Decor:
    """What the page furniture prints; drawn once the page count is known."""

    company: str
    number: str
    version: int
    w: dict[str, str]
    copy_label: str
    content_hash: str
    watermark: str | None
    margin_x: float
    page_w: float
    page_h: float

    def draw(self, canv: Canvas, page: int, total: int) -> None:
        w, h, x0 = self.page_w, self.page_h, self.margin_x
        x1 = w - x0
        canv.saveState()
        # header
        top = h - 13 * mm
        canv.setFillColor(HEADING)
        canv.setFont(SANS_BOLD, 9)
        right = self.w["number_version"].format(number=self.number, version=self.version)
        room = (x1 - x0) - canv.stringWidth(right, SANS_BOLD, 9) - 18
        canv.drawString(x0, top, _clip(self.company, SANS_BOLD, 9, room))
        canv.drawRightString(x1, top, right)
        canv.setFillColor(MUTED)
        canv.setFont(SANS, 7.5)
        canv.drawString(x0, top - 10.5, self.w["header"])
        canv.setFont(SANS_BOLD, 7)
        canv.drawRightString(x1, top - 10.5, self.copy_label.upper(), charSpace=0.8)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(x0, top - 16, x1, top - 16)
        # footer: who this page belongs to, and the content hash on every page
        base = 13 * mm
        canv.line(x0, base + 10, x1, base + 10)
        canv.setFillColor(MUTED)
        canv.setFont(SANS, 7)
        footer = self.w["footer"].format(
            number=self.number, version=self.version, copy=self.copy_label
        )
        canv.drawString(x0, base, footer)
        canv.drawString(x0, base - 9, self.w["content_sha"])
        canv.setFont(MONO, 6.3)
        canv.drawString(
            x0 + canv.stringWidth(self.w["content_sha"] + " ", SANS, 7), base - 9, self.content_hash
        )
        canv.setFont(SANS_BOLD, 7.5)
        canv.setFillColor(INK)
        canv.drawRightString(x1, base, self.w["page_of"].format(page=page, total=total))
        # watermark: on top, translucent, so tables with fills cannot hide it
        if self.watermark:
            canv.setFillColor(colors.HexColor("#6B7785"))
            canv.setFillAlpha(0.13)
            canv.translate(w / 2, h / 2)
            canv.rotate(35)
            # three quarters of the page diagonal, never larger than 130 pt
            span = 0.75 * (w * w + h * h) ** 0.5
            size = min(130.0, span / canv.stringWidth(self.watermark, SANS_BOLD, 1))
            canv.setFont(SANS_BOLD, size)
            canv.drawCentredString(0, -size / 3, self.watermark)
        canv.restoreState()


class _Canvas(Canvas):
    """Defers page output until the end so every page can say 'page X of Y'."""

    def __init__(
        self, *args: Any, decor: _Decor, proof: Proof, created: datetime, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self._decor = decor
        self._saved_pages: list[dict[str, Any]] = []
        # Seed the document ID from the proof, not from the clock or SOURCE_DATE_EPOCH, which
        # reportlab mixes in even in invariant mode.
        # _doc and _startPage: reportlab's private API, which its stubs leave out
        self._doc.signature = hashlib.md5(  # type: ignore[attr-defined]  # an ID, not security
            f"rc-agreement-pdf|{proof.payload()}".encode(), usedforsecurity=False
        )
        stamp = created.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'")
        self.setDateFormatter(lambda *_: stamp)

    def showPage(self) -> None:
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]

    def save(self) -> None:
        total = len(self._saved_pages)
        for number, state in enumerate(self._saved_pages, start=1):
            self.__dict__.update(state)
            self._decor.draw(self, number, total)
            super().showPage()
        super().save()


class _Builder:
    def __init__(self, a: Agreement, copy: Copy, paper: Paper) -> None:
        self.a = a
        self.copy = copy
        self.paper = paper
        self.st = _styles()
        self.page_w, self.page_h = PAGE_SIZES[paper]
        self.margin_x = 20 * mm
        self.width = self.page_w - 2 * self.margin_x
        self.top_margin, self.bottom_margin = 27 * mm, 22 * mm
        self.frame_h = self.page_h - self.top_margin - self.bottom_margin
        self.section = 0
        self.lang = a.language
        self.w = words(a.language)

    def day(self, d: date) -> str:
        return words_of.day(d, self.lang)

    def moment(self, t: datetime) -> str:
        return words_of.moment(t, self.lang)

    def money(self, m: Money) -> str:
        return words_of.money(m, self.lang)

    def label(self, slug: str) -> str:
        return _label(slug, self.lang)

    # -- helpers --

    def p(self, markup: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(markup, style or self.st.body)

    def t(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(_esc(text), style or self.st.body)

    def heading(self, title: str, numbered: bool = True) -> list[Flowable]:
        if numbered:
            self.section += 1
            text = f"{self.section}&nbsp;&nbsp;&nbsp;{escape(title)}"
        else:
            text = escape(title)
        key = f"s{self.section}-{re.sub(r'[^a-z]+', '-', title.lower())}"
        return [
            _Bookmark(key, f"{self.section}  {title}" if numbered else title),
            self.p(text, self.st.h1),
        ]

    def keep_rows(self, table: Table, first: int) -> bool:
        """Keep rows first..last on one page, if they (and the header) fit on one."""
        table.wrap(self.width, self.frame_h)
        heights = table._rowHeights  # type: ignore[attr-defined]  # private; measured by wrap
        if heights[0] + sum(heights[first:]) > 0.9 * self.frame_h:
            return False
        table.setStyle(TableStyle([("NOSPLIT", (0, first), (-1, -1))]))
        return True

    def cols(self, *fractions: float) -> list[float]:
        total = sum(fractions)
        return [self.width * f / total for f in fractions]

    # -- sections --

    def story(self) -> list[Flowable]:
        a = self.a
        out: list[Flowable] = []
        out += self.title_block()
        out += self.parties()
        out += self.complaint()
        out += self.order()
        out += self.remedies()
        out += self.obligations()
        out += self.terms()
        out += self.approvals()
        out += self.signatures()
        out += self.verification()
        # Everything internal starts on a fresh page, after the part both copies share.
        internal = self.notes() if self.copy == "internal" and a.internal_notes else []
        internal += self.history()
        if internal:
            out += [PageBreak(), *internal]
        return out

    def title_block(self) -> list[Flowable]:
        a, st, w = self.a, self.st, self.w
        out: list[Flowable] = [
            _Bookmark("top", w["bookmark"].format(number=a.number)),
            self.p(w["title"], st.title),
            self.t(a.case.subject, st.subtitle),
        ]
        issued = escape(self.moment(a.issued_at)) if a.issued_at else ""
        if a.state is AgreementState.DRAFT:
            status = w["status.draft"]
        elif a.state is AgreementState.ISSUED:
            status = w["status.issued"].format(issued=issued)
        elif a.state is AgreementState.SUPERSEDED:
            later = (
                w["later.version"].format(version=a.superseded_by)
                if a.superseded_by
                else w["later.unknown"]
            )
            status = w["status.superseded"].format(later=later, issued=issued)
        else:
            status = w["status.voided"].format(issued=issued)
            if a.void_reason:
                reason = a.void_reason if a.void_reason[-1] in ".!?" else a.void_reason + "."
                status += w["status.reason"].format(reason=_esc(reason))
        if a.version > 1:
            status += w["status.replaces"].format(version=a.version, previous=a.version - 1)
        out.append(self.p(status, st.status))
        o = a.case.order
        facts = [
            (w["fact.agreement"], a.number),
            (w["fact.version"], str(a.version)),
            (
                w["fact.issued"],
                self.day(a.issued_at.date()) if a.issued_at else w["fact.not_issued"],
            ),
            (w["fact.case"], a.case.reference),
            (w["fact.order"], o.number),
            (w["fact.order_date"], self.day(o.placed_on) if o.placed_on else "—"),
            (w["fact.category"], a.case.category),
            (w["fact.currency"], o.currency),
        ]
        cells = [[self.t(k.upper(), st.label), self.t(v, st.value)] for k, v in facts]
        grid = Table([cells[:4], cells[4:]], colWidths=self.cols(1, 0.8, 1.1, 1.3), hAlign="LEFT")
        grid.setStyle(
            _style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.25, HAIRLINE),
                    ("BACKGROUND", (0, 0), (-1, -1), CARD_FILL),
                    ("LEFTPADDING", (0, 0), (-1, -1), 7),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ]
            )
        )
        out.append(grid)
        return out

    def party_card(self, party: Party) -> list[Flowable]:
        st = self.st
        out: list[Flowable] = [
            self.t(self.w[PARTY_LABELS[party.role]].upper(), st.label),
            self.t(party.name, st.party_name),
        ]
        out += [self.t(line, st.value) for line in party.address]
        if party.email:
            out.append(self.t(party.email, st.value))
        if party.reference:
            out.append(self.t(party.reference, self.st.muted))
        return out

    def parties(self) -> list[Flowable]:
        a = self.a
        parties = [a.company, a.customer] + ([a.seller] if a.seller else [])
        n = len(parties)
        gap = 6
        pad = 8
        card_w = (self.width - gap * (n - 1)) / n
        # Side by side while the cards stay short; long names or addresses stack them, one
        # full-width card per row, so the table can break between them.
        tallest = max(
            sum(f.wrap(card_w - 2 * pad, 10_000)[1] for f in self.party_card(p)) for p in parties
        )
        side_by_side = tallest < 0.4 * self.frame_h
        cards = [self.party_card(p) for p in parties]
        rows: list[list[Any]] = []
        widths: list[float] = []
        boxes: list[tuple[int, int]] = []
        if side_by_side:
            row: list[Any] = []
            for i, card in enumerate(cards):
                if i:
                    row.append("")
                    widths.append(gap)
                boxes.append((len(row), 0))
                row.append(card)
                widths.append(card_w)
            rows.append(row)
        else:
            widths = [self.width]
            for i, card in enumerate(cards):
                if i:
                    rows.append([""])
                boxes.append((0, len(rows)))
                rows.append([card])
        table = Table(rows, colWidths=widths, hAlign="LEFT")
        cmds: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), 7),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
        ]
        for c, r in boxes:
            cmds += [("BOX", (c, r), (c, r), 0.6, RULE), ("LINEABOVE", (c, r), (c, r), 2, HEADING)]
        if not side_by_side:
            cmds += [("TOPPADDING", (0, r), (0, r), 0) for r in range(1, len(rows), 2)]
            cmds += [("BOTTOMPADDING", (0, r), (0, r), 3) for r in range(1, len(rows), 2)]
        table.setStyle(_style(cmds))
        w = self.w
        intro = w["parties.intro"] + (w["parties.seller"] if a.seller else w["parties.end"])
        return [*self.heading(w["h.parties"]), self.t(intro), table]

    def complaint(self) -> list[Flowable]:
        a, st = self.a, self.st
        out = self.heading(self.w["h.complaint"])
        out.append(
            self.p(
                f"<b>{_esc(a.case.subject)}</b> "
                f"<font color='#52606D'>· {self.w['complaint.case']} {escape(a.case.reference)} · "
                f"{_esc(a.case.category)}</font>",
                st.body,
            )
        )
        for para in re.split(r"\n\s*\n", a.case.summary):
            out.append(self.t(para.strip()))
        return out

    def order(self) -> list[Flowable]:
        a, st = self.a, self.st
        o = a.case.order
        w = self.w
        heading = self.heading(w["h.order"])
        out: list[Flowable] = []
        placed = w["order.placed"].format(day=self.day(o.placed_on)) if o.placed_on else ""
        count = len(o.items)
        out.append(
            self.t(
                w["order.line"].format(
                    number=o.number,
                    placed=placed,
                    count=count,
                    items=w["order.item"] if count == 1 else w["order.items"],
                    currency=o.currency,
                )
            )
        )
        head = [
            self.p(w["col.no"], st.head),
            self.p(w["col.sku"], st.head),
            self.p(w["col.product"], st.head),
            self.p(w["col.seller"], st.head),
            self.p(w["col.qty"], st.head_right),
            self.p(w["col.unit_price"], st.head_right),
            self.p(w["col.amount"], st.head_right),
        ]
        rows: list[list[Any]] = [head]
        for i, item in enumerate(o.items, start=1):
            rows.append(
                [
                    self.t(str(i), st.cell),
                    self.t(item.sku or "—", st.cell),
                    self.t(item.product, st.cell),
                    self.t(item.seller or "—", st.cell),
                    self.t(str(item.quantity), st.cell_right),
                    self.t(self.money(item.unit_price), st.cell_right),
                    self.t(self.money(item.total), st.cell_right),
                ]
            )
        totals: list[tuple[str, Money, bool]] = [
            (w["total.items"], a.case.items_total, False),
            (w["total.shipping"], o.shipping, False),
        ]
        if a.case.adjustments.minor:
            totals.append((w["total.adjustments"], a.case.adjustments, False))
        totals.append((w["total.order"], o.total, True))
        for label, amount, bold in totals:
            lab_style = st.cell_right_bold if bold else st.cell_right
            rows.append(
                [
                    "",
                    "",
                    "",
                    self.t(label, lab_style),
                    "",
                    "",
                    self.t(self.money(amount), lab_style),
                ]
            )
        # Number columns are as wide as their widest figure (a JPY or a large total must not
        # wrap); the text columns share what is left.
        no_w = _fit([str(len(o.items)), w["col.no"]], SANS, 8.5)
        qty_w = _fit([w["col.qty"], *(str(i.quantity) for i in o.items)], SANS_BOLD, 8.5)
        unit_w = _fit(
            [w["col.unit_price"], *(self.money(i.unit_price) for i in o.items)], SANS, 8.5
        )
        amount_w = _fit(
            [
                w["col.amount"],
                *(self.money(i.total) for i in o.items),
                *(self.money(m) for _, m, _ in totals),
            ],
            SANS_BOLD,
            8.5,
        )
        rest = self.width - no_w - qty_w - unit_w - amount_w
        widths = [no_w, rest * 0.25, rest * 0.5, rest * 0.25, qty_w, unit_w, amount_w]
        table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        style = _table_style(totals=len(totals))
        for r in range(len(rows) - len(totals), len(rows)):
            style.add("SPAN", (3, r), (5, r))
        # never leave the totals alone on a page: the last two items travel with them, and a
        # short order is never split at all
        table.setStyle(style)
        short = len(o.items) <= 5 and self.keep_rows(table, 1)
        if not short:
            self.keep_rows(table, max(1, len(rows) - len(totals) - 2))
        out.append(table)
        if short:  # the whole section moves as one
            return [KeepTogether([*heading, *out])]
        # a long order starts where it is, once there is room for a few rows
        return [CondPageBreak(60 * mm), *heading, *out]

    def remedies(self) -> list[Flowable]:
        a, st = self.a, self.st
        w = self.w
        out = self.heading(w["h.remedies"])
        if not a.remedies:
            return [*out, self.t(w["remedies.none"])]
        rows: list[list[Any]] = [
            [
                self.p(w["col.reference"], st.head),
                self.p(w["col.remedy"], st.head),
                self.p(w["col.description"], st.head),
                self.p(w["col.amount"], st.head_right),
            ]
        ]
        for r in a.remedies:
            rows.append(
                [
                    self.t(r.remedy_id, st.cell),
                    self.t(r.kind, st.cell_bold),
                    self.t(r.description or "—", st.cell),
                    self.t(self.money(r.amount), st.cell_right),
                ]
            )
        rows.append(
            [
                "",
                "",
                self.t(w["remedies.total"], st.cell_right_bold),
                self.t(self.money(a.remedies_total), st.cell_right_bold),
            ]
        )
        amount_w = _fit(
            [
                w["col.amount"],
                *(self.money(r.amount) for r in a.remedies),
                self.money(a.remedies_total),
            ],
            SANS_BOLD,
            8.5,
        )
        ref_w = _fit([w["col.reference"], *(r.remedy_id for r in a.remedies)], SANS_BOLD, 8.5)
        rest = self.width - amount_w - ref_w
        table = Table(
            rows, colWidths=[ref_w, rest * 0.25, rest * 0.75, amount_w], repeatRows=1, hAlign="LEFT"
        )
        table.setStyle(_table_style(totals=1))
        self.keep_rows(table, len(rows) - 2)  # the last remedy with the total
        return [*out, table]

    def obligations(self) -> list[Flowable]:
        a, st = self.a, self.st
        w = self.w
        out = self.heading(w["h.obligations"])
        if not a.obligations:
            return [*out, self.t(w["obligations.none"])]
        out.append(self.t(w["obligations.lead"], st.lead))
        order = [PartyRole.COMPANY, PartyRole.SELLER, PartyRole.CUSTOMER]
        rows: list[list[Any]] = [
            [
                self.p(w["col.party"], st.head),
                self.p(w["col.obligation"], st.head),
                self.p(w["col.deadline"], st.head_right),
            ]
        ]
        for role in order:
            party = a.party(role)
            if party is None:
                continue
            mine = [ob for ob in a.obligations if ob.party is role]
            name = self.p(
                f"<b>{_esc(party.name)}</b><br/>"
                f"<font color='#52606D'>{w[PARTY_LABELS[role]]}</font>",
                st.cell,
            )
            if not mine:
                # Every party is listed, so a missing line reads as "nothing owed", not as
                # an omission.
                nothing = self.t(w["obligations.nothing"], st.muted)
                rows.append([name, nothing, self.t("—", st.cell_right)])
            for k, ob in enumerate(mine):
                rows.append(
                    [
                        name if k == 0 else "",
                        self.t(ob.text, st.cell),
                        self.t(self.day(ob.deadline), st.cell_right),
                    ]
                )
        deadline_w = _fit(
            [w["col.deadline"], *(self.day(ob.deadline) for ob in a.obligations)], SANS, 8.5
        )
        names = [p.name for p in (a.company, a.customer, a.seller) if p is not None]
        party_w = max(self.width * 0.2, min(self.width * 0.3, _fit(names, SANS_BOLD, 8.5)))
        widths = [party_w, self.width - party_w - deadline_w, deadline_w]
        table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(_table_style(zebra=False))
        out.append(table)
        return out

    def terms(self) -> list[Flowable]:
        a, st = self.a, self.st
        out = self.heading(self.w["h.terms"])
        n = self.section
        paras: list[Flowable] = []
        for i, para in enumerate(a.terms, start=1):
            m = re.match(r"^([A-ZÄÖÜ][\w ,'’-]{0,40}\.)\s+(.*)$", para, re.S)
            body = f"<b>{escape(m.group(1))}</b> {_esc(m.group(2))}" if m else _esc(para)
            paras.append(self.p(f"{n}.{i}&nbsp;&nbsp;{body}", st.term))
        note = self.p(self.w["terms.version"].format(version=escape(a.terms_version)), st.muted)
        if paras:
            return [*out, *paras[:-1], KeepTogether([paras[-1], note])]
        return [*out, note]

    def approvals(self) -> list[Flowable]:
        a, st, w = self.a, self.st, self.w
        out: list[Flowable] = []
        if a.approvals:
            rows: list[list[Any]] = [
                [
                    self.p(w["col.name"], st.head),
                    self.p(w["col.role"], st.head),
                    self.p(w["col.action"], st.head),
                    self.p(w["col.when"], st.head),
                ]
            ]
            for ap in a.approvals:
                rows.append(
                    [
                        self.t(ap.name, st.cell_bold),
                        self.t(self.label(ap.role), st.cell),
                        self.t(self.label(ap.action.value), st.cell),
                        self.t(self.moment(ap.at), st.cell),
                    ]
                )
            table = Table(rows, colWidths=self.cols(31, 20, 16, 33), repeatRows=1, hAlign="LEFT")
            table.setStyle(_table_style())
            out.append(table)
        else:
            out.append(self.t(w["approvals.none"]))
        out.append(Spacer(1, 6))
        acc = a.acceptance
        if acc is None:
            out.append(self.t(w["acceptance.none"]))
        else:
            ref = (
                w["acceptance.reference"].format(reference=_esc(acc.reference))
                if acc.reference
                else ""
            )
            offer = (
                w["acceptance.offer"].format(offer=_esc(acc.offer))
                if acc.offer
                else w["acceptance.the_offer"]
            )
            # The customer said yes to the offer, before this document existed: the record
            # must not claim they accepted the agreement itself, issued later.
            recorded = (
                w["acceptance.recorded_issued"].format(when=escape(self.moment(a.issued_at)))
                if a.issued_at is not None
                else w["acceptance.recorded"]
            )
            channel = code_label(acc.channel, self.lang) or acc.channel
            out.append(
                self.p(
                    w["acceptance.text"].format(
                        customer=_esc(a.customer.name),
                        offer=offer,
                        channel=_esc(channel),
                        when=escape(self.moment(acc.at)),
                        reference=ref,
                    )
                    + recorded
                )
            )
        return [KeepTogether([*self.heading(w["h.approvals"]), *out])]

    def signatures(self) -> list[Flowable]:
        a, st, w = self.a, self.st, self.w

        def last(*actions: ApprovalAction) -> Approval | None:
            found = [ap for ap in a.approvals if ap.action in actions]
            return found[-1] if found else None

        # Each box is labelled with the role its signer actually held, and only the boxes
        # someone signs are printed: no supervisor line when no sign-off was needed.
        proposer = last(ApprovalAction.PROPOSED, ApprovalAction.AUTHORIZED)
        approver = last(ApprovalAction.APPROVED, ApprovalAction.REVIEWED)
        blocks: list[tuple[str, str, str]] = []  # who signs for, name, in what capacity
        signers: list[str] = []
        for ap in (proposer, approver):
            if ap is not None:
                role = self.label(ap.role)
                blocks.append((w["sign.company"], ap.name, role))
                german = self.lang == words_of.GERMAN
                signers.append(
                    w["sign.signer"].format(
                        role=role if german else role.lower(),
                        action=words_of.DE_VERBS.get(ap.action.value, ap.action.value)
                        if german
                        else ap.action.value,
                    )
                )
        if not blocks:
            blocks.append((w["sign.company"], "", ""))
            signers.append(w["sign.representative"])
        if a.seller is not None:
            blocks.append((w["sign.seller"], a.seller.name, ""))
        blocks.append((w["sign.customer"], a.customer.name, ""))
        cells = []
        for party, name, capacity in blocks:
            cells.append(
                [
                    Spacer(1, 16 * mm),
                    self.p(escape(party).upper(), st.label),
                    self.t(name or w["sign.name"], st.value),
                    # The same line in every box keeps the date lines level.
                    self.p(escape(capacity) or "&nbsp;", st.muted),
                    Spacer(1, 4),
                    self.p(w["sign.date"], st.muted),
                ]
            )
        n, gap = len(cells), 10
        box_w = (self.width - (n - 1) * gap) / n
        row: list[Any] = []
        widths: list[float] = []
        for i, cell in enumerate(cells):
            if i:
                row.append("")
                widths.append(gap)
            row.append(cell)
            widths.append(box_w)
        table = Table([row], colWidths=widths, hAlign="LEFT")
        table.setStyle(
            _style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        sig = _SignatureRow(table, 16 * mm, [i * (box_w + gap) for i in range(n)], box_w)
        company = w["sign.and"].join(signers)
        others = w["sign.seller_too"] if a.seller is not None else ""
        intro = self.t(w["sign.intro"].format(company=company, others=others), st.body)
        return [KeepTogether([*self.heading(w["h.signatures"]), intro, Spacer(1, 2), sig])]

    def verification(self) -> list[Flowable]:
        a, st, w = self.a, self.st, self.w
        proof = proof_for(a, self.copy, self.paper)
        size = 38 * mm  # with its 4-module quiet zone; modules of about 0.55 mm scan well
        drawing = _Qr(proof.payload(), width=size, height=size, qrLevel="M", qrBorder=4)
        head = a.chain_head
        rows = [
            [self.t(w["verify.hash"], st.label)],
            [self.t(proof.content_hash, st.mono)],
            [self.t(w["verify.chain"], st.label)],
            [
                self.t(
                    w["verify.event"].format(seq=head.seq, hash=head.hash)
                    if head
                    else w["verify.draft"],
                    st.mono,
                )
            ],
            [self.t(w["verify.proof"], st.label)],
            [self.t(proof.payload(), st.mono)],
            [self.t(w["verify.note"], st.muted)],
        ]
        text = Table(rows, colWidths=[self.width - size - 18 * mm], hAlign="LEFT")
        text.setStyle(
            _style(
                [
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                    ("TOPPADDING", (0, 2), (0, 2), 5),
                    ("TOPPADDING", (0, 4), (0, 4), 5),
                    ("TOPPADDING", (0, 6), (0, 6), 6),
                ]
            )
        )
        box = Table(
            [[drawing, text]], colWidths=[size + 6 * mm, self.width - size - 6 * mm], hAlign="LEFT"
        )
        box.setStyle(
            _style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                    ("LEFTPADDING", (0, 0), (0, 0), 2),
                    ("RIGHTPADDING", (0, 0), (0, 0), 4),
                    ("TOPPADDING", (0, 0), (0, 0), 2),
                    ("BOTTOMPADDING", (0, 0), (0, 0), 2),
                    ("LEFTPADDING", (1, 0), (1, 0), 4),
                    ("RIGHTPADDING", (1, 0), (1, 0), 8),
                    ("TOPPADDING", (1, 0), (1, 0), 8),
                    ("BOTTOMPADDING", (1, 0), (1, 0), 8),
                ]
            )
        )
        block: list[Flowable] = [*self.heading(w["h.verification"]), box]
        if self.copy == "customer" or not a.audit_lines:
            block += [Spacer(1, 6), self.history_summary()]
        return [KeepTogether(block)]

    def notes(self) -> list[Flowable]:
        st = self.st
        rows: list[list[Any]] = [[self.p(self.w["notes.label"], st.label)]]
        for note in self.a.internal_notes:
            for para in re.split(r"\n\s*\n", note):
                # one row per piece, so a long note breaks across pages (a row cannot)
                rows += [[self.t(piece, st.small)] for piece in _pieces(para.strip(), 1_500)]
        box = Table(rows, colWidths=[self.width], hAlign="LEFT")
        box.setStyle(
            _style(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), NOTE_FILL),
                    ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                    ("LEFTPADDING", (0, 0), (-1, -1), 9),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 9),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                    ("TOPPADDING", (0, 0), (-1, 0), 7),
                ]
            )
        )
        return [*self.heading(self.w["h.notes"], numbered=False), box, Spacer(1, 4)]

    def history_summary(self) -> Paragraph:
        a, w = self.a, self.w
        s = a.audit_summary
        if s is None:
            return self.t(w["history.none"], self.st.muted)
        head = a.chain_head
        end = w["history.end"].format(seq=head.seq) if head else ""
        return self.t(
            w["history.summary"].format(
                events=words_of.count(s.events, self.lang),
                first=self.moment(s.first_at),
                last=self.moment(s.last_at),
                end=end,
                company=a.company.name,
            ),
            self.st.muted,
        )

    def history(self) -> list[Flowable]:
        a, st, w = self.a, self.st, self.w
        s = a.audit_summary
        if self.copy == "customer" or not a.audit_lines:
            return []  # the summary sits in the verification section
        assert s is not None
        head = a.chain_head
        out: list[Flowable] = [
            CondPageBreak(60 * mm),  # never a heading alone at the foot of a page
            *self.heading(w["h.history"], numbered=False),
        ]
        anchor = w["history.anchor"].format(seq=head.seq) if head else ""
        out.append(
            self.t(
                w["history.intro"].format(
                    events=words_of.count(s.events, self.lang),
                    first=self.moment(s.first_at),
                    last=self.moment(s.last_at),
                    anchor=anchor,
                    limit=AUDIT_SUMMARY_LIMIT,
                ),
                st.muted,
            )
        )
        columns = ("col.seq", "col.time", "col.actor", "col.role", "col.action", "col.summary")
        rows: list[list[Any]] = [[self.p(w[h], st.audit_head) for h in columns]]
        for line in a.audit_lines:
            summary = line.summary
            if len(summary) > AUDIT_SUMMARY_LIMIT:
                summary = summary[:AUDIT_SUMMARY_LIMIT].rstrip() + " …"
            rows.append(
                [
                    self.t(str(line.seq), st.audit),
                    self.p(escape(_stamp(line.at)).replace(" ", "<br/>"), st.audit),
                    self.t(line.actor, st.audit),
                    self.t(self.label(line.role), st.audit),
                    self.t(trail_label(line.action), st.audit),
                    self.t(summary or "—", st.audit),
                ]
            )
        size = st.audit.fontSize
        seq_w = _fit([w["col.seq"], *(str(x.seq) for x in a.audit_lines)], SANS_BOLD, size, 9)
        time_w = _fit([w["col.time"], "2026-11-23"], SANS_BOLD, size, 9)
        role_w = min(
            self.width * 0.14,
            _fit([w["col.role"], *(self.label(x.role) for x in a.audit_lines)], SANS, size, 9),
        )
        action_w = min(
            self.width * 0.2,
            _fit([w["col.action"], *(trail_label(x.action) for x in a.audit_lines)], SANS, size, 9),
        )
        rest = self.width - seq_w - time_w - role_w - action_w
        widths = [seq_w, time_w, rest * 0.27, role_w, action_w, rest * 0.73]
        table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        style = _table_style()
        style.add("TOPPADDING", (0, 1), (-1, -1), 2)
        style.add("BOTTOMPADDING", (0, 1), (-1, -1), 2.5)
        table.setStyle(style)
        self.keep_rows(table, max(1, len(rows) - 3))  # no lone last row
        out.append(table)
        return out


class _Qr(QrCode):
    """reportlab's QR flowable, drawn in black whatever colour the table cell left set."""

    def draw(self) -> None:
        self.canv.setFillColor(colors.black)
        super().draw()


class _SignatureRow(Flowable):
    """The signature blocks: room to sign, then a rule, then who signs. Never split."""

    def __init__(self, table: Table, space: float, xs: list[float], w: float) -> None:
        super().__init__()
        self.table, self.space, self.xs, self.w = table, space, xs, w

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width, self.height = self.table.wrap(aw, ah)
        return self.width, self.height

    def draw(self) -> None:
        self.table.drawOn(self.canv, 0, 0)
        self.canv.setStrokeColor(INK)
        self.canv.setLineWidth(0.8)
        y = self.height - self.space
        for x in self.xs:
            self.canv.line(x, y, x + self.w, y)


# ---- public ----------------------------------------------------------------------------------


def _all_text(a: Agreement) -> Iterable[str]:
    for p in (a.company, a.customer, a.seller):
        if p is not None:
            yield from (p.name, p.email, p.reference, *p.address)
    c = a.case
    yield from (c.reference, c.subject, c.summary, c.category, c.order.number)
    for item in c.order.items:
        yield from (item.sku, item.product, item.seller)
    for r in a.remedies:
        yield from (r.kind, r.description)
    for ob in a.obligations:
        yield ob.text
    yield from a.terms
    for ap in a.approvals:
        yield from (ap.name, ap.role)
    if a.acceptance:
        yield from (a.acceptance.channel, a.acceptance.reference)
    yield from a.internal_notes
    for line in a.audit_lines:
        yield from (line.actor, line.role, line.action, line.summary)
    yield a.void_reason


def check_printable(agreement: Agreement) -> None:
    """Refuse text the embedded font cannot print (CJK, for one): call it when drafting."""
    missing: set[str] = set()
    for text in _all_text(agreement):
        missing |= unprintable(text)
    if missing:
        shown = " ".join(sorted(missing)[:20])
        raise ValidationError(
            f"the agreement's font cannot print these characters: {shown}"
            + (" …" if len(missing) > 20 else "")
            + ". Replace them (for example with a transliteration) before issuing.",
            field="agreement",
        )


def render_agreement(
    agreement: Agreement, *, copy: Copy = "internal", paper: Paper = "a4"
) -> bytes:
    """The agreement as PDF bytes; the same value, copy and paper always give the same bytes."""
    if copy not in COPIES:
        raise ValidationError(f"unknown copy {copy!r}: use internal or customer", field="copy")
    if paper not in PAPERS:
        raise ValidationError(f"unknown paper size {paper!r}: use a4 or letter", field="paper")
    if copy == "customer":
        agreement = agreement.customer_copy()
    elif agreement.redacted:
        raise ValidationError(
            "a customer copy cannot be rendered as the internal record", field="copy"
        )
    register_fonts()
    check_printable(agreement)
    with RENDER_LOCK:
        return _render(agreement, copy, paper)


def _render(a: Agreement, copy: Copy, paper: Paper) -> bytes:
    builder = _Builder(a, copy, paper)
    w = builder.w
    proof = proof_for(a, copy, paper)
    page_w, page_h = PAGE_SIZES[paper]
    buf = BytesIO()
    doc = BaseDocTemplate(
        buf,
        pagesize=(page_w, page_h),
        leftMargin=builder.margin_x,
        rightMargin=builder.margin_x,
        topMargin=builder.top_margin,
        bottomMargin=builder.bottom_margin,
        title=w["doc_title"].format(number=a.number, version=a.version),
        author=a.company.name,
        subject=w["doc_subject"].format(reference=a.case.reference, subject=a.case.subject),
        creator=CREATOR,
        producer=PRODUCER,
        keywords=proof.payload(),  # type: ignore[arg-type]  # a str is fine: the stubs say list
        invariant=1,
        pageCompression=1,
        lang=a.language,
        initialFontName=SANS,
        initialFontSize=9.5,
        displayDocTitle=1,
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    decor = _Decor(
        a.company.name,
        a.number,
        a.version,
        w,
        w[f"copy.{copy}"],
        proof.content_hash,
        w[WATERMARKS[a.state]] if a.state in WATERMARKS else None,
        builder.margin_x,
        page_w,
        page_h,
    )
    created = a.issued_at or DRAFT_DATE

    def canvasmaker(*args: Any, **kw: Any) -> _Canvas:
        return _Canvas(*args, decor=decor, proof=proof, created=created, **kw)

    maker: Callable[..., Canvas] = canvasmaker
    doc.build(builder.story(), canvasmaker=maker)
    return buf.getvalue()
