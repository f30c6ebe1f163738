"""Intake: a new case typed like a user would, amounts in the user's locale."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale, Qt

from resolution_center.domain.case import CaseQuery, Status
from resolution_center.domain.money import Money
from ui.dialogs.new_case import NewCaseDialog


@pytest.fixture
def german() -> Iterator[None]:
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    try:
        yield
    finally:
        QLocale.setDefault(previous)


def fill(
    qtbot,
    dialog: NewCaseDialog,
    total: str,  # type: ignore[no-untyped-def]
    unit_price: str = "617,25",
) -> None:
    dialog.name.setText("Zoë Łukasiewicz-Ørsted")  # pasted: QTest types Latin-1 only
    qtbot.keyClicks(dialog.email, "Zoe@Example.com")
    qtbot.keyClicks(dialog.order_number, "ORD-77")
    qtbot.keyClicks(dialog.total, total)
    dialog.set_item(
        0,
        product="Electric kettle",
        sku="KT-1",
        seller="Acme Home",
        quantity="2",
        unit_price=unit_price,
    )
    dialog.category.setCurrentIndex(dialog.category.findData("product-defect"))
    qtbot.keyClicks(dialog.subject, "Kettle leaks from the base")
    qtbot.keyClicks(dialog.description, "Water on the counter after two days.")


def test_a_case_is_created_with_amounts_in_the_german_locale(qtbot, german, ws, make_ops) -> None:
    alice = ws.login("alice")
    dialog = NewCaseDialog(make_ops(alice))
    qtbot.addWidget(dialog)
    dialog.show()
    assert "1.234,50" in dialog.intro.text()
    fill(qtbot, dialog, "1.234,50")
    dialog.safety_hazard.setChecked(True)
    with qtbot.waitSignal(dialog.succeeded) as blocker:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    case = alice.cases.get(blocker.args[0].id)
    assert case.order.total == Money(123_450, "EUR")
    assert case.order.items[0].unit_price == Money(61_725, "EUR")
    assert case.order.items[0].quantity == 2
    assert case.customer.email == "zoe@example.com"
    assert (case.status, case.priority.value, case.safety_hazard) == (Status.NEW, "critical", True)
    assert not dialog.isVisible()


def test_a_dot_where_the_locale_wants_a_comma_is_refused_at_the_total(
    qtbot, german, ws, make_ops
) -> None:
    alice = ws.login("alice")
    dialog = NewCaseDialog(make_ops(alice))
    qtbot.addWidget(dialog)
    dialog.show()
    fill(qtbot, dialog, "12.5")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.errors.message_for("order_total") == (
        "'12.5' is not an amount: use ',' for decimals; '.' only separates thousands (1.234,50)"
    )
    assert dialog.total.text() == "12.5"
    assert dialog.subject.text() == "Kettle leaks from the base"


def test_service_errors_land_on_their_fields(qtbot, ws, make_ops) -> None:
    alice = ws.login("alice")
    dialog = NewCaseDialog(make_ops(alice))
    qtbot.addWidget(dialog)
    dialog.show()
    fill(qtbot, dialog, "10", unit_price="617.25")
    dialog.email.setText("not an address")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.message_for("email") == "'not an address' is not an email address"
    dialog.email.setText("zoe@example.com")
    dialog.subject.clear()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.message_for("subject") == "subject is required"
    assert dialog.errors.message_for("email") == ""


def test_subcategories_and_the_safety_flag_follow_the_category(qtbot, ws, make_ops) -> None:
    dialog = NewCaseDialog(make_ops(ws.login("alice")))
    qtbot.addWidget(dialog)
    dialog.category.setCurrentIndex(dialog.category.findData("shipping-problem"))
    subs = [dialog.subcategory.itemData(i) for i in range(dialog.subcategory.count())]
    assert subs == [None, "delay", "damaged-in-transit", "lost"]
    assert not dialog.safety_hazard.isEnabled()
    dialog.category.setCurrentIndex(dialog.category.findData("product-defect"))
    assert dialog.safety_hazard.isEnabled()


def test_the_category_starts_empty_and_is_required(qtbot, ws, make_ops) -> None:  # type: ignore[no-untyped-def]
    alice = ws.login("alice")
    dialog = NewCaseDialog(make_ops(alice))
    qtbot.addWidget(dialog)
    dialog.show()
    fill(qtbot, dialog, "10", unit_price="617.25")
    dialog.category.setCurrentIndex(-1)  # as the dialog opens: nothing chosen for the user
    assert dialog.category.currentText() == ""
    assert not dialog.subcategory.isEnabled() and not dialog.safety_hazard.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.message_for("category") == "Choose the case's category."
    assert alice.cases.list(CaseQuery()).total == 0
    fresh = NewCaseDialog(make_ops(alice))
    qtbot.addWidget(fresh)
    assert fresh.category.currentIndex() == -1 and fresh.category.currentData() is None
