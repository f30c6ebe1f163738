"""The Negotiation tab, all through the window: withdraw, a new offer by the seller, the
customer's counter, the seller's acceptance by phone, and the agreement drafted in one step."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from resolution_center.domain.agreement import PartyRole
from resolution_center.domain.offer import OfferAction, OfferState
from tests.helpers.agreements import negotiated
from ui.chain_state import ChainState
from ui.dialogs.offer_editor import AnswerOfferDialog, OfferEditor
from ui.views.case_viewer import CaseViewer


def _viewer(qtbot, ops, settings, case_ref):  # type: ignore[no-untyped-def]
    viewer = CaseViewer(ops, settings, ChainState(ops))
    qtbot.addWidget(viewer)
    viewer.resize(1024, 700)
    viewer.show()
    with qtbot.waitSignal(viewer.case_loaded):
        viewer.show_case(ops.ctx.cases.get(case_ref).id)
    viewer.show_tab("negotiation")
    return viewer


def _pick(box: Any, value: str) -> None:
    index = box.findData(value)
    assert index >= 0, f"{value} is not offered: {[box.itemData(i) for i in range(box.count())]}"
    box.setCurrentIndex(index)


def _submit(qtbot, viewer, dialog) -> Any:  # type: ignore[no-untyped-def]
    """OK, then the service's result once the viewer has reloaded (the dialog closes itself)."""
    results: list[Any] = []
    dialog.succeeded.connect(results.append)
    with qtbot.waitSignal(viewer.case_loaded, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert len(results) == 1
    return results[0]


def test_a_whole_negotiation_through_the_window(qtbot, ws, make_ops, settings) -> None:
    n = negotiated(ws, accept=False)  # OF-000001: the company's offer, open
    viewer = _viewer(qtbot, make_ops(n.sofia), settings, n.case_ref)
    tab = viewer.negotiation
    assert tab.current() is not None and tab.current().reference == n.offer.reference
    assert "Round 1 · OF-000001 · Open" in tab.rounds.toPlainText()
    # The buttons follow the domain: only the company withdraws, no new offer while one is open.
    assert tab.withdraw_button.isEnabled() and tab.accept_button.isEnabled()
    assert not tab.new_button.isEnabled() and "still open" in tab.new_button.toolTip()
    assert not tab.draft_button.isEnabled()

    # Withdraw the company's offer.
    tab.withdraw_button.click()
    withdraw = viewer.window().findChild(AnswerOfferDialog)
    assert withdraw is not None and withdraw.by.count() == 1
    assert withdraw.by.currentData() == "company"
    _submit(qtbot, viewer, withdraw)
    assert tab.current() is None and tab.new_button.isEnabled()

    # The seller offers the small remedy; a bad amount stays typed, its error beside it.
    tab.new_button.click()
    editor = viewer.window().findChild(OfferEditor)
    assert editor is not None
    _pick(editor.by, "seller")
    assert not editor.made_to[PartyRole.SELLER][0].isEnabled()  # nobody offers to itself
    assert editor.recipients() == [PartyRole.COMPANY, PartyRole.CUSTOMER]
    check, amount, text = editor.remedy_rows[n.small]
    check.setChecked(True)
    qtbot.keyClicks(amount, "12,3x")
    qtbot.keyClicks(text, "Compensation for the cracked tray.")
    qtbot.keyClicks(editor.note, "Seller's first offer, by mail.")
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible()
    assert "12,3x" in editor.errors.message_for("amount")
    assert amount.text() == "12,3x" and editor.note.text() == "Seller's first offer, by mail."
    amount.setText("30.00")
    editor.obligations.setPlainText("seller | 2026-12-04")
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    assert "party | YYYY-MM-DD" in editor.errors.message_for("obligations")
    editor.obligations.setPlainText("seller | 2026-12-04 | Ship a new drip tray.")
    _submit(qtbot, viewer, editor)
    seller_offer = tab.current()
    assert seller_offer is not None and seller_offer.proposed_by is PartyRole.SELLER
    assert seller_offer.answering == (PartyRole.COMPANY, PartyRole.CUSTOMER)
    assert "30.00 EUR" in tab.rounds.toPlainText()

    # The customer counters in a chat: the editor starts from the seller's terms.
    tab.counter_button.click()
    counter = viewer.window().findChild(OfferEditor)
    assert counter is not None and counter is not editor
    assert counter.remedy_rows[n.small][0].isChecked()
    assert counter.remedy_rows[n.small][1].text() == "30.00"
    assert "Ship a new drip tray." in counter.obligations.toPlainText()
    _pick(counter.by, "customer")
    _pick(counter.via, "chat")
    assert PartyRole.SELLER in counter.recipients()  # the seller made the round it answers
    counter.remedy_rows[n.large][0].setChecked(True)
    counter.remedy_rows[n.large][1].setText("150.00")
    _submit(qtbot, viewer, counter)
    round_two = tab.current()
    assert round_two is not None and round_two.round == 2
    assert round_two.proposed_by is PartyRole.CUSTOMER
    assert tab.talk is not None
    assert tab.talk.who_may(round_two, OfferAction.ACCEPT) == (PartyRole.COMPANY, PartyRole.SELLER)

    # The seller accepts on the phone.
    tab.accept_button.click()
    accept = viewer.window().findChild(AnswerOfferDialog)
    assert accept is not None
    assert [accept.by.itemData(i) for i in range(accept.by.count())] == ["company", "seller"]
    _pick(accept.by, "seller")
    _pick(accept.via, "phone")
    accept.note.setPlainText("Agreed with the customer's figures.")
    _submit(qtbot, viewer, accept)
    accepted = n.sofia.offers.get(round_two.reference)
    assert accepted.state is OfferState.ACCEPTED and accepted.answered_by is PartyRole.SELLER
    assert accepted.answered_via is not None and accepted.answered_via.value == "phone"
    thread = tab.rounds.toPlainText()
    assert "Accepted by the marketplace seller, by phone" in thread
    assert "Countered by the customer, by chat" in thread
    assert not tab.accept_button.isEnabled() and tab.new_button.isEnabled()

    # One step from the accepted offer to a draft agreement.
    assert tab.draft_button.isEnabled()
    with qtbot.waitSignal(tab.drafted) as drafted:
        tab.draft_button.click()
    agreement = drafted.args[0]
    assert agreement.acceptance.offer == round_two.reference
    assert agreement.acceptance.channel == "phone"
    assert f"Drafted {agreement.number} version 1" in tab.status.text()
    qtbot.waitUntil(lambda: not tab.draft_button.isEnabled())  # the offer has its agreement
    assert viewer.agreements.model.rowCount() == 1
    assert n.sofia.audit.verify().ok


def test_the_editors_input_survives_a_refusal(qtbot, ws, make_ops, settings) -> None:
    n = negotiated(ws, accept=False)
    viewer = _viewer(qtbot, make_ops(n.sofia), settings, n.case_ref)
    tab = viewer.negotiation
    tab.withdraw_button.click()
    _submit(qtbot, viewer, viewer.window().findChild(AnswerOfferDialog))
    tab.new_button.click()
    editor = viewer.window().findChild(OfferEditor)
    for check, _day in editor.made_to.values():
        check.setChecked(False)
    editor.remedy_rows[n.large][0].setChecked(True)
    qtbot.keyClicks(editor.return_conditions, "Keep the tray.")
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    assert "at least one party" in editor.errors.message_for("to")
    assert editor.return_conditions.text() == "Keep the tray."
    assert editor.remedy_rows[n.large][0].isChecked()
    editor.made_to[PartyRole.CUSTOMER][0].setChecked(True)
    editor.remedy_rows[n.large][0].setChecked(False)
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    assert "at least one remedy" in editor.errors.message_for("remedies")
    assert n.sofia.offers.negotiation(n.case_ref).current() is None  # nothing was recorded
    editor.close()
