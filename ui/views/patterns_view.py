"""The Patterns view: a period's findings (products, sellers, shipping problems, repeat customers,
category jumps) with their counts; activating a finding opens the case list filtered to its
cases. `FindingsTree` also shows a review's frozen findings (ui/views/reviews_view.py)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.case import CaseFilter
from resolution_center.domain.patterns import NOT_RECORDED, Section, cases_named
from resolution_center.services.session import Session

from ..forms import date_edit
from ..ops import Ops
from ..widgets import text_label

FilterRole = Qt.ItemDataRole.UserRole + 1
FindingIdRole = Qt.ItemDataRole.UserRole + 2


def section_title(section: Section) -> str:
    titles = {
        Section.PRODUCTS: QCoreApplication.translate(
            "Patterns", "Products (SKU) with the most defect and warranty cases"
        ),
        Section.SELLERS: QCoreApplication.translate(
            "Patterns", "Sellers with the most defect and warranty cases"
        ),
        Section.SHIPPING: QCoreApplication.translate(
            "Patterns", "Shipping problems by kind and seller"
        ),
        Section.REPEAT_CLAIMS: QCoreApplication.translate(
            "Patterns", "Customers with repeated claims in the policy window"
        ),
        Section.REPEAT_REMEDIES: QCoreApplication.translate(
            "Patterns", "Customers with remedies on several cases in the policy window"
        ),
        Section.CATEGORY_JUMPS: QCoreApplication.translate(
            "Patterns", "Categories whose volume jumped against the previous period"
        ),
    }
    return titles[section]


def figure_text(finding: Mapping[str, Any]) -> str:
    """The finding's figures in words ('orders seen 4, rate 50.0%')."""
    names = {
        "defect_cases": QCoreApplication.translate("Patterns", "defects {v}"),
        "warranty_cases": QCoreApplication.translate("Patterns", "warranty {v}"),
        "orders_seen": QCoreApplication.translate("Patterns", "orders seen {v}"),
        "rate": QCoreApplication.translate("Patterns", "rate {v}"),
        "remedies": QCoreApplication.translate("Patterns", "remedies {v}"),
        "previous": QCoreApplication.translate("Patterns", "previous period {v}"),
        "change": QCoreApplication.translate("Patterns", "change +{v}"),
        "change_percent": QCoreApplication.translate("Patterns", "+{v}%"),
    }
    parts = []
    for key, text in names.items():  # this order, whatever the JSON's (a review sorts keys)
        value = finding.get(key)
        if value is None:
            continue
        parts.append(text.format(v=f"{100 * value:.1f}%" if key == "rate" else value))
    return ", ".join(parts)


def not_recorded_text(text: str) -> str:
    """The report's "not recorded" lines (domain/patterns.py NOT_RECORDED) in the user's
    language; a line this window does not know shows as the report says it."""
    carrier, region, orders = NOT_RECORDED
    known = {
        carrier: QCoreApplication.translate(
            "Patterns",
            "carrier: not recorded (cases and order items have no carrier; an import keeps one "
            "only in its import event)",
        ),
        region: QCoreApplication.translate(
            "Patterns", "region: not recorded (customers have no address)"
        ),
        orders: QCoreApplication.translate(
            "Patterns",
            "orders seen: the orders that came in with a case; the app holds no sales, so a rate "
            "is cases per order seen with a complaint of any kind, not per order sold",
        ),
    }
    return known.get(text, text)


def finding_filter(finding: Mapping[str, Any]) -> CaseFilter:
    """The case list's filter for a finding's cases: their ids, or its criteria (a category
    created within the period)."""
    criteria = finding.get("criteria")
    if criteria:
        return CaseFilter(
            categories=(str(criteria["category"]),),
            created_from=datetime.fromisoformat(criteria["created_from"]),
            created_to=datetime.fromisoformat(criteria["created_to"]),
        )
    return CaseFilter(case_ids=tuple(int(i) for i in finding["case_ids"]))


class FindingsTree(QTreeWidget):
    """Sections with their findings; a finding carries its case ids."""

    open_cases = Signal(object, str)
    """(a CaseFilter, the finding's label): show the finding's cases in the case list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findingsTree")
        self.setAccessibleName(self.tr("Pattern findings"))
        self.setColumnCount(3)
        self.setHeaderLabels([self.tr("Finding"), self.tr("Cases"), self.tr("Figures")])
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformRowHeights(True)
        header = self.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, self.fontMetrics().averageCharWidth() * 56)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.itemActivated.connect(self._activated)

    def show_report(self, data: Mapping[str, Any]) -> None:
        """A pattern report's JSON (PatternReport.to_json, or a review's frozen copy)."""
        self.clear()
        sections = data.get("sections", {})
        for section in Section:
            found = sections.get(section.value, {}).get("findings", [])
            count = str(len(found)) if found else self.tr("none")
            top = QTreeWidgetItem([f"{section_title(section)} · {count}", "", ""])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setFlags(top.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            for f in found:
                item = QTreeWidgetItem([str(f["label"]), str(f["cases"]), figure_text(f)])
                item.setData(0, FilterRole, finding_filter(f))
                item.setData(0, FindingIdRole, str(f["id"]))
                item.setToolTip(0, cases_named(f, 40))
                item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
                top.addChild(item)
            self.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)  # a heading across the columns, never cut short
            top.setExpanded(True)

    def current_finding(self) -> str:
        item = self.currentItem()
        return str(item.data(0, FindingIdRole) or "") if item is not None else ""

    def open_current(self) -> None:
        item = self.currentItem()
        if item is not None:
            self._activated(item, 0)

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        found = item.data(0, FilterRole)
        if isinstance(found, CaseFilter):
            self.open_cases.emit(found, item.text(0))


def load_patterns(ctx: Session, start: QDate, end: QDate) -> dict[str, Any]:
    return ctx.patterns.report(start.toPython(), end.toPython()).to_json()  # type: ignore[arg-type]


class PatternsView(QWidget):
    open_cases = Signal(object, str)

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patternsView")
        self.ops = ops
        self._loaded = False
        today = QDate.currentDate()
        self.from_edit = date_edit(today.addDays(-29))
        self.to_edit = date_edit(today)
        for edit, name in ((self.from_edit, self.tr("From")), (self.to_edit, self.tr("To"))):
            edit.setAccessibleName(name)
        self.show_button = QPushButton(self.tr("&Show"))
        self.show_button.setObjectName("showPatterns")
        self.open_button = QPushButton(self.tr("&Open cases"))
        self.open_button.setObjectName("openFindingCases")
        self.open_button.setToolTip(
            self.tr("Show the selected finding's cases in the case list (or double-click it)")
        )
        self.tree = FindingsTree()
        self.note = text_label("patternsNotRecorded")
        self.status = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("From")))
        bar.addWidget(self.from_edit)
        bar.addWidget(QLabel(self.tr("to")))
        bar.addWidget(self.to_edit)
        bar.addWidget(self.show_button)
        bar.addStretch(1)
        bar.addWidget(self.status)
        bar.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.note)
        self.show_button.clicked.connect(self.reload)
        self.open_button.clicked.connect(self.tree.open_current)
        self.tree.open_cases.connect(self.open_cases)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.reload()

    def reload(self) -> None:
        start, end = self.from_edit.date(), self.to_edit.date()
        self.status.setText(self.tr("Loading…"))
        self.ops.run_in_background(
            lambda ctx, _progress: load_patterns(ctx, start, end),
            parent=self,
            on_done=self.show_report,
            on_failed=lambda _exc: self.status.setText(""),
        )

    def show_report(self, data: dict[str, Any]) -> None:
        self.tree.show_report(data)
        count = sum(len(s["findings"]) for s in data["sections"].values())
        self.status.setText(self.tr("{n} findings").format(n=count))
        what = [not_recorded_text(t) for t in data.get("not_recorded", [])]
        self.note.setText(self.tr("Not recorded: {what}").format(what="; ".join(what)))
