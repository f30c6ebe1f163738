"""The items of a case's order, with money in the user's locale (money_text)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from resolution_center.domain.case import OrderItem

from ..formatting import money_text

translate = QCoreApplication.translate  # a name pyside6-lupdate recognises

Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("line", "sku", "product", "seller", "quantity", "unit_price", "total")
NUMERIC = frozenset({"line", "quantity", "unit_price", "total"})


def _titles() -> dict[str, str]:
    return {
        "line": translate("OrderItemsModel", "#"),
        "sku": translate("OrderItemsModel", "SKU"),
        "product": translate("OrderItemsModel", "Product"),
        "seller": translate("OrderItemsModel", "Seller"),
        "quantity": translate("OrderItemsModel", "Qty"),
        "unit_price": translate("OrderItemsModel", "Unit price"),
        "total": translate("OrderItemsModel", "Line total"),
    }


class OrderItemsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[OrderItem] = []

    def set_items(self, items: Sequence[OrderItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return _titles()[COLUMNS[section]]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        key = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            match key:
                case "line":
                    return str(item.line_no or index.row() + 1)
                case "sku":
                    return item.sku
                case "product":
                    return item.product
                case "seller":
                    return item.seller
                case "quantity":
                    return str(item.quantity)
                case "unit_price":
                    return money_text(item.unit_price)
                case "total":
                    return money_text(item.total)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
