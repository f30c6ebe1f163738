"""Intake of a new case: customer, order (amounts in the user's locale), category and text."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.case import (
    CaseDraft,
    Channel,
    Customer,
    Order,
    OrderItem,
    Priority,
)
from resolution_center.domain.errors import ValidationError
from resolution_center.domain.money import Money, known_currencies
from resolution_center.services.session import Session

from ..formatting import parse_local_amount, to_date
from ..forms import date_edit
from ..labels import channel_label, priority_label, taxonomy_text
from ..ops import Ops
from ..style import error_text_style
from .action_dialog import ActionDialog

ITEM_COLUMNS = ("product", "sku", "seller", "quantity", "unit_price")
DEFAULT_CURRENCY = "EUR"


def _amount(text: str, currency: str, field: str, *, blank_is_zero: bool = False) -> Money:
    """Parse with the locale's separators; the error names this form field, not 'amount'."""
    if blank_is_zero and not text.strip():
        return Money.zero(currency)
    try:
        return parse_local_amount(text, currency)
    except ValidationError as exc:
        if exc.field == "currency":
            raise
        raise ValidationError(exc.message, field=field) from None


class NewCaseDialog(ActionDialog):
    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, self.tr("New case"), parent)
        self.setObjectName("newCaseDialog")
        taxonomy = ops.ctx.taxonomy
        locale = QLocale()
        example = f"1{locale.groupSeparator()}234{locale.decimalPoint()}50"

        # Customer
        self.name = QLineEdit()
        self.email = QLineEdit()
        self.phone = QLineEdit()
        customer = QGroupBox(self.tr("Customer"))
        customer_form = QFormLayout(customer)
        self.add_field(self.tr("&Name:"), self.name, "name", form=customer_form)
        self.add_field(self.tr("&E-mail:"), self.email, "email", form=customer_form)
        self.add_field(self.tr("&Phone:"), self.phone, "phone", form=customer_form)

        # Order
        self.order_number = QLineEdit()
        self.currency = QComboBox()
        self.currency.addItems(known_currencies())
        self.currency.setCurrentText(DEFAULT_CURRENCY)
        self.placed_on = date_edit(QDate.currentDate())
        self.total = QLineEdit()
        self.total.setPlaceholderText(self.tr("e.g. {example}").format(example=example))
        self.shipping = QLineEdit()
        self.shipping.setPlaceholderText(self.tr("0 if free"))
        self.items = QTableWidget(1, len(ITEM_COLUMNS))
        self.items.setObjectName("newCaseItems")
        self.items.setHorizontalHeaderLabels(
            [
                self.tr("Product"),
                self.tr("SKU"),
                self.tr("Seller"),
                self.tr("Qty"),
                self.tr("Unit price"),
            ]
        )
        self.items.verticalHeader().setVisible(False)
        item_header = self.items.horizontalHeader()
        item_header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        item_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        em = self.fontMetrics().averageCharWidth()
        for column, chars in ((1, 16), (2, 24), (3, 6), (4, 14)):
            # never narrower than its heading: German's "Menge" is wider than "Qty"
            item_header.resizeSection(column, max(em * chars, item_header.sectionSizeHint(column)))
        self.items.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items.setTabKeyNavigation(True)
        self.items.setMinimumHeight(self.fontMetrics().height() * 5)
        self.items.setMaximumHeight(self.fontMetrics().height() * 9)
        self.add_item_button = QPushButton(self.tr("Add &item"))
        self.remove_item_button = QPushButton(self.tr("Remo&ve item"))
        items_box = QWidget()
        items_layout = QVBoxLayout(items_box)
        items_layout.setContentsMargins(0, 0, 0, 0)
        items_layout.addWidget(self.items)
        item_buttons = QHBoxLayout()
        item_buttons.addWidget(self.add_item_button)
        item_buttons.addWidget(self.remove_item_button)
        item_buttons.addStretch(1)
        items_layout.addLayout(item_buttons)
        order = QGroupBox(self.tr("Order"))
        order_form = QFormLayout(order)
        self.add_field(
            self.tr("Order &number:"), self.order_number, "order_number", form=order_form
        )
        self.add_field(self.tr("C&urrency:"), self.currency, "currency", form=order_form)
        self.add_field(self.tr("Placed &on:"), self.placed_on, "placed_on", form=order_form)
        self.add_field(
            self.tr("Order &total:"), self.total, "order_total", "amount", form=order_form
        )
        self.add_field(self.tr("S&hipping:"), self.shipping, "shipping", form=order_form)
        # A likely duplicate (same customer e-mail and order within the taxonomy's window) is
        # said here as soon as both are typed; the case may still be created.
        self.duplicate_notice = QLabel()
        self.duplicate_notice.setObjectName("duplicateNotice")
        self.duplicate_notice.setWordWrap(True)
        self.duplicate_notice.setVisible(False)
        order_form.addRow(self.duplicate_notice)
        items_group = QGroupBox(self.tr("Ite&ms ordered"))
        items_form = QFormLayout(items_group)
        self.add_field("", items_box, "items", "sku", "product", "seller", form=items_form)
        self.items.setAccessibleName(self.tr("Order items"))

        # The case itself
        self.category = QComboBox()
        for category in taxonomy.categories:
            self.category.addItem(taxonomy_text(category.label), category.slug)
        # No category is chosen for the user: a preselected first one was kept unread.
        self.category.setPlaceholderText(self.tr("Choose a category"))
        self.category.setCurrentIndex(-1)
        self.subcategory = QComboBox()
        self.safety_hazard = QCheckBox(self.tr("This defect endangers someone"))
        self.channel = QComboBox()
        for channel in Channel:
            self.channel.addItem(channel_label(channel), channel.value)
        self.priority = QComboBox()
        for priority in Priority:
            self.priority.addItem(priority_label(priority), priority.value)
        self.priority.setCurrentIndex(self.priority.findData(Priority.NORMAL.value))
        self.subject = QLineEdit()
        self.subject.setMaxLength(200)
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(self.tr("Comma-separated"))
        case_box = QGroupBox(self.tr("Case"))
        case_form = QFormLayout(case_box)
        case_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.add_field(self.tr("&Category:"), self.category, "category", form=case_form)
        self.add_field(self.tr("Su&bcategory:"), self.subcategory, "subcategory", form=case_form)
        self.add_field(self.tr("Safety:"), self.safety_hazard, "safety_hazard", form=case_form)
        self.add_field(self.tr("Chann&el:"), self.channel, "channel", form=case_form)
        self.add_field(self.tr("P&riority:"), self.priority, "priority", form=case_form)
        self.add_field(self.tr("&Subject:"), self.subject, "subject", form=case_form)
        self.add_field(self.tr("&Description:"), self.description, "description", form=case_form)
        self.add_field(self.tr("T&ags:"), self.tags, "tags", "tag", form=case_form)

        left = QVBoxLayout()
        left.addWidget(customer)
        left.addWidget(order)
        left.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addWidget(case_box, 1)
        self.column.insertLayout(1, columns, 1)
        self.column.insertWidget(2, items_group)
        self.set_intro(
            self.tr("Amounts use your locale's separators ({example}).").format(example=example)
        )
        self.ok_button.setText(self.tr("&Create case"))
        self.resize(self.fontMetrics().averageCharWidth() * 150, self.fontMetrics().height() * 44)

        self._connect()
        self._category_changed()

    def _connect(self) -> None:
        self.category.currentIndexChanged.connect(self._category_changed)
        self.add_item_button.clicked.connect(self.add_item_row)
        self.email.editingFinished.connect(self.check_duplicates)
        self.order_number.editingFinished.connect(self.check_duplicates)
        self.remove_item_button.clicked.connect(self.remove_item_row)

    def _category_changed(self) -> None:
        slug = self.category.currentData()
        category = next((c for c in self.ops.ctx.taxonomy.categories if c.slug == slug), None)
        self.subcategory.clear()
        self.subcategory.addItem(self.tr("(none)"), None)
        if category is None:
            self.subcategory.setEnabled(False)
            self.safety_hazard.setEnabled(False)
            self.safety_hazard.setChecked(False)
            return
        for sub_slug, label in category.subcategories:
            self.subcategory.addItem(taxonomy_text(label), sub_slug)
        self.subcategory.setEnabled(bool(category.subcategories))
        self.safety_hazard.setEnabled(category.safety_flag)
        if not category.safety_flag:
            self.safety_hazard.setChecked(False)

    def check_duplicates(self) -> None:
        email, number = self.email.text(), self.order_number.text()
        found = self.ops.run(
            lambda ctx: ctx.case_links.likely_duplicates(email, number), parent=self
        )
        refs = [d.reference for d in found.found] if found is not None else []
        if refs and found is not None:
            self.duplicate_notice.setText(
                self.tr(
                    "Likely duplicate: this customer already has {refs} about order {order}, "
                    "opened in the last {days} days. Check it before creating another."
                ).format(refs=", ".join(refs), order=number.strip(), days=found.days)
            )
            self.duplicate_notice.setStyleSheet(error_text_style(self.duplicate_notice))
        self.duplicate_notice.setVisible(bool(refs))
        self.ok_button.setText(self.tr("&Create anyway") if refs else self.tr("&Create case"))

    def add_item_row(self) -> None:
        self.items.insertRow(self.items.rowCount())
        self.items.setCurrentCell(self.items.rowCount() - 1, 0)
        self.items.setFocus()

    def remove_item_row(self) -> None:
        row = self.items.currentRow()
        if row >= 0:
            self.items.removeRow(row)

    def set_item(self, row: int, **values: str) -> None:
        """Fill an item row (used by tests and screenshots as a user would type it)."""
        while self.items.rowCount() <= row:
            self.items.insertRow(self.items.rowCount())
        for key, text in values.items():
            self.items.setItem(row, ITEM_COLUMNS.index(key), QTableWidgetItem(text))

    def _item_text(self, row: int, key: str) -> str:
        cell = self.items.item(row, ITEM_COLUMNS.index(key))
        return cell.text().strip() if cell is not None else ""

    def _order_items(self, currency: str) -> tuple[OrderItem, ...]:
        items = []
        for row in range(self.items.rowCount()):
            texts = {key: self._item_text(row, key) for key in ITEM_COLUMNS}
            if not any(texts.values()):
                continue
            quantity_text = texts["quantity"] or "1"
            quantity, ok = QLocale().toInt(quantity_text)
            if not ok:
                raise ValidationError(
                    self.tr('item {n}: quantity "{q}" is not a whole number').format(
                        n=row + 1, q=quantity_text
                    ),
                    field="items",
                )
            price = _amount(texts["unit_price"], currency, "items")
            items.append(
                OrderItem(texts["sku"], texts["product"], texts["seller"], quantity, price)
            )
        return tuple(items)

    def draft(self) -> CaseDraft:
        """What the form says, as a CaseDraft; amount errors name their own field."""
        currency = self.currency.currentText()
        placed = to_date(self.placed_on.date())
        tags = tuple(t.strip() for t in self.tags.text().split(",") if t.strip())
        category = self.category.currentData()
        if category is None:
            raise ValidationError(self.tr("Choose the case's category."), field="category")
        return CaseDraft(
            customer=Customer(self.name.text(), self.email.text(), self.phone.text()),
            order=Order(
                self.order_number.text(),
                currency,
                _amount(self.total.text(), currency, "order_total"),
                _amount(self.shipping.text(), currency, "shipping", blank_is_zero=True),
                placed,
                self._order_items(currency),
            ),
            category=category,
            subcategory=self.subcategory.currentData(),
            subject=self.subject.text(),
            description=self.description.toPlainText(),
            channel=Channel(self.channel.currentData()),
            priority=Priority(self.priority.currentData()),
            safety_hazard=self.safety_hazard.isChecked(),
            tags=tags,
        )

    def perform(self, ctx: Session) -> Any:
        return ctx.cases.create(self.draft())
