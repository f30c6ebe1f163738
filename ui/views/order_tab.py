"""The Order tab: the order's number, date, totals and its items."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.case import Case

from ..formatting import local_date, money_text
from ..models.order_items import COLUMNS, OrderItemsModel
from .case_tab import CaseTab, TabEnv


def _value_label() -> QLabel:
    label = QLabel()
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class OrderTab(CaseTab):
    key = "order"

    def __init__(self, env: TabEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.number = _value_label()
        self.placed_on = _value_label()
        self.total = _value_label()
        self.shipping = _value_label()
        self.items_total = _value_label()
        self.model = OrderItemsModel(self)
        self.items = QTableView()
        self.items.setObjectName("orderItems")
        self.items.setAccessibleName(self.tr("Order items"))
        self.items.setModel(self.model)
        self.items.verticalHeader().setVisible(False)
        self.items.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items.setAlternatingRowColors(True)
        header = self.items.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("product"), QHeaderView.ResizeMode.Stretch)

        form = QFormLayout()
        form.addRow(self.tr("Order number:"), self.number)
        form.addRow(self.tr("Placed on:"), self.placed_on)
        form.addRow(self.tr("Order total:"), self.total)
        form.addRow(self.tr("Shipping:"), self.shipping)
        form.addRow(self.tr("Sum of items:"), self.items_total)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.items, 1)

    def title(self) -> str:
        return self.tr("&Order")

    def show_case(self, case: Case, data: Any) -> None:
        super().show_case(case, data)
        order = case.order
        self.number.setText(order.number)
        self.placed_on.setText(local_date(order.placed_on) or self.tr("not recorded"))
        self.total.setText(money_text(order.total))
        self.shipping.setText(money_text(order.shipping))
        if order.items:
            total = order.items[0].total
            for item in order.items[1:]:
                total = total + item.total
            self.items_total.setText(money_text(total))
        else:
            self.items_total.setText(self.tr("no items recorded"))
        self.model.set_items(order.items)

    def clear(self) -> None:
        super().clear()
        for label in (self.number, self.placed_on, self.total, self.shipping, self.items_total):
            label.clear()
        self.model.set_items([])
