"""The remedy form's live policy banner, inline errors, proposing, the Remedies tab, the queue."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from resolution_center.domain.remedy import RemedyState
from tests.helpers.remedies import eur, new_case
from tests.helpers.workspace import PASSWORD
from tests.ui.conftest import watch
from ui.chain_state import ChainState
from ui.dialogs.remedy_form import RemedyForm
from ui.dialogs.signoff import SignoffDialog
from ui.models.remedies import QueueModel, RemediesModel
from ui.views.case_viewer import CaseViewer
from ui.views.signoff_queue import SignoffQueue


@pytest.fixture
def form(qtbot, ws, make_ops):  # type: ignore[no-untyped-def]
    alice = ws.login("alice")
    case = new_case(alice)  # 400.00 EUR order; alice's partial-refund limit is 100.00 EUR
    ops = make_ops(alice)
    dialog = RemedyForm(ops, case)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_an_amount_above_the_limit_shows_needs_signoff_with_the_r3_numbers(qtbot, form) -> None:
    qtbot.keyClicks(form.amount, "150.00")
    qtbot.waitUntil(lambda: form.banner.decision is not None)
    assert form.banner.headline() == (
        "Needs a senior specialist's sign-off: 150.00 EUR is above your 100.00 EUR limit for "
        "partial refunds."
    )
    assert form.banner.outcome.toolTip() == "Needs sign-off: Senior specialist or above"
    rules = form.banner.rules.text()
    assert "150.00 EUR > specialist limit 100.00 EUR for partial-refund (rule R3" in rules
    assert len(rules.splitlines()) == 9

    form.amount.clear()
    qtbot.keyClicks(form.amount, "20")
    qtbot.waitUntil(lambda: form.banner.headline().startswith("Within your authority: 20.00 EUR"))


def test_the_rule_lines_fold_under_why_and_nothing_is_cut_off(qtbot, form) -> None:
    qtbot.keyClicks(form.amount, "150.00")
    qtbot.waitUntil(lambda: form.banner.decision is not None)
    banner = form.banner
    assert banner.why.isVisible() and banner.rules.isHidden()
    assert "(rule R3, policy v1)" in banner.rules.text()  # kept for the record, folded
    qtbot.mouseClick(banner.why, Qt.MouseButton.LeftButton)
    assert banner.rules.isVisible()
    qtbot.mouseClick(banner.why, Qt.MouseButton.LeftButton)
    assert banner.rules.isHidden()

    qtbot.keyClicks(form.reason, "Kettle leaked onto the counter.")
    with qtbot.waitSignal(form.succeeded):
        form.submit()
    qtbot.mouseClick(banner.why, Qt.MouseButton.LeftButton)
    assert banner.headline().startswith("Needs a senior specialist's sign-off")
    for widget in (banner, banner.rules, form.outcome, form.ok_button):
        bottom = widget.mapTo(form, widget.rect().bottomLeft()).y()
        assert widget.isVisible() and bottom < form.height(), widget.objectName()


def test_too_many_decimals_are_refused_inline_and_the_text_stays(qtbot, form, dialogs) -> None:
    watch(form.ops, dialogs)
    qtbot.keyClicks(form.amount, "10.001")
    qtbot.waitUntil(lambda: bool(form.errors.message_for("amount")))
    assert "more decimal places than EUR allows" in form.errors.message_for("amount")
    assert form.amount.text() == "10.001"
    assert form.banner.decision is None
    form.submit()
    assert form.amount.text() == "10.001"
    assert form.proposed is None and dialogs == []


def test_a_replacement_follows_the_covered_items_price(qtbot, ws, make_ops) -> None:
    alice = ws.login("alice")
    case = new_case(alice, "60.00", items=[("A", "Kettle", 1, "40.00"), ("B", "Lid", 2, "10.00")])
    dialog = RemedyForm(make_ops(alice), case)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("replacement"))
    assert dialog.amount.isReadOnly() and dialog.amount.text() == "60.00"
    dialog.lines.item(1).setCheckState(Qt.CheckState.Checked)
    assert dialog.amount.text() == "20.00"
    qtbot.waitUntil(lambda: dialog.banner.decision is not None)
    assert dialog.banner.decision.amount == eur("20.00")


def test_submitting_sends_it_for_signoff_and_says_so(qtbot, form, dialogs) -> None:
    watch(form.ops, dialogs)
    qtbot.keyClicks(form.amount, "150")
    form.submit()
    assert "reason is required" in form.errors.message_for("reason")
    qtbot.keyClicks(form.reason, "Kettle leaked onto the counter.")
    with qtbot.waitSignal(form.succeeded) as done:
        qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    remedy = done.args[0]
    assert remedy.state is RemedyState.PENDING_SIGNOFF
    assert "was sent for sign-off" in form.outcome.text()
    assert form.ops.ctx.remedies.show(remedy.reference).state is RemedyState.PENDING_SIGNOFF
    assert dialogs == []


def test_a_policy_refusal_shows_in_the_banner(qtbot, form, dialogs) -> None:
    watch(form.ops, dialogs)
    qtbot.keyClicks(form.amount, "500")  # above order + shipping: R6 refuses
    qtbot.keyClicks(form.reason, "Too much.")
    form.submit()
    assert form.banner.headline().startswith("Refused:")
    assert "R6" in form.banner.rules.text()
    assert form.proposed is None and dialogs == []


def _pending(ws):  # type: ignore[no-untyped-def]
    alice = ws.login("alice")
    case = new_case(alice)
    remedy = alice.remedies.propose(
        case.reference, "partial-refund", eur("150.00"), reason="Leaks."
    )
    return alice, case, remedy


def _queue(qtbot, ops) -> SignoffQueue:  # type: ignore[no-untyped-def]
    queue = SignoffQueue(ops)
    qtbot.addWidget(queue)
    queue.show()
    with qtbot.waitSignal(queue.loaded):
        queue.reload()
    return queue


def test_the_requester_sees_the_queue_but_cannot_approve(qtbot, ws, make_ops) -> None:
    alice, _case, remedy = _pending(ws)
    queue = _queue(qtbot, make_ops(alice))
    assert queue.model.rowCount() == 1
    assert queue.current().remedy.reference == remedy.reference
    assert not queue.approve_button.isEnabled()
    assert "You requested this remedy" in queue.approve_button.toolTip()
    assert queue.approve() is None


def test_a_supervisor_approves_with_the_password(qtbot, ws, make_ops, dialogs) -> None:
    _alice, case, remedy = _pending(ws)
    maria = ws.login("maria")
    ops = make_ops(maria)
    watch(ops, dialogs)
    queue = _queue(qtbot, ops)
    row = queue.model.rows()[0]
    assert (row.remedy.case_reference, row.remedy.requester) == (case.reference, "alice")
    cell = queue.model.index(0, queue.model.column("explanation"))
    # The column speaks plainly; the rule lines with their ids are its tooltip.
    assert cell.data().startswith("Needs a senior specialist's sign-off: 150.00 EUR")
    assert "rule R3" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert queue.approve_button.isEnabled()
    assert "R3" in queue.banner.rules.text()

    qtbot.mouseClick(queue.approve_button, Qt.MouseButton.LeftButton)
    dialog = queue.findChild(SignoffDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.password, "wrong-password")
    dialog.submit()
    assert dialog.errors.message_for("password")
    assert dialog.isVisible() and dialogs == []
    assert maria.remedies.show(remedy.reference).state is RemedyState.PENDING_SIGNOFF

    dialog.password.clear()
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClicks(dialog.note, "Photos convincing.")
    with qtbot.waitSignal(queue.loaded):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert maria.remedies.show(remedy.reference).state is RemedyState.APPROVED
    assert queue.model.rowCount() == 0


def test_remedy_and_queue_models_pass_modeltester(qtmodeltester, ws) -> None:
    alice, case, _remedy = _pending(ws)
    alice.remedies.propose(case.reference, "partial-refund", eur("20.00"), reason="Small.")
    remedies = RemediesModel()
    remedies.set_rows(alice.remedies.list(case_ref=case.id).items)
    qtmodeltester.check(remedies)
    assert remedies.rowCount() == 2
    queue = QueueModel()
    queue.set_queue(alice.remedies.queue(), alice.now())
    qtmodeltester.check(queue)
    assert queue.rowCount() == 1


def test_the_remedies_tab_shows_the_stored_decision_and_proposes(
    qtbot, ws, make_ops, settings
) -> None:
    _alice, case, remedy = _pending(ws)
    alice = ws.login("alice")
    ops = make_ops(alice)
    viewer = CaseViewer(ops, settings, ChainState(ops))
    qtbot.addWidget(viewer)
    viewer.show()
    with qtbot.waitSignal(viewer.case_loaded):
        viewer.show_case(case.id)
    tab = viewer.remedies
    viewer.show_tab("remedies")
    assert tab.model.rowCount() == 1
    assert remedy.reference in tab.heading.text() and "Pending sign-off" in tab.heading.text()
    for rule in remedy.decision.results:
        assert rule.explanation in tab.decision.rules.text()
    assert tab.withdraw_button.isEnabled() and not tab.fulfil_button.isEnabled()
    dialog = tab.propose()
    assert isinstance(dialog, RemedyForm) and dialog.case.id == case.id
    dialog.close()


def test_awaiting_my_signoff_view_shows_the_case_waiting_for_this_supervisor(
    qtbot, ws, make_ops, settings
) -> None:
    from ui.views.case_list import CaseListView

    _alice, case, _remedy = _pending(ws)
    new_case(ws.login("bob"))  # nothing pending on this one
    widget = CaseListView(make_ops(ws.login("maria")), settings)
    qtbot.addWidget(widget)
    widget.show()
    with qtbot.waitSignal(widget.cases_reloaded) as shown:
        widget.apply_saved_view("awaiting-signoff")
    assert shown.args == [1]
    assert widget.model.case_id(0) == case.id
    assert widget.summary.text() == "Cases awaiting your sign-off: 1"
    with qtbot.waitSignal(widget.cases_reloaded) as cleared:
        widget.filters.clear_button.click()
    assert cleared.args == [2] and widget.summary.text() == "Cases: 2"


def test_a_remedy_bound_by_an_agreement_is_withdrawn_only_once_that_is_voided(
    qtbot, ws, make_ops, settings
) -> None:
    from tests.helpers.agreements import negotiated

    n = negotiated(ws)
    draft = n.sofia.agreements.create(n.case_ref, n.offer.reference, "email")
    number = n.sofia.agreements.issue(draft.number).number
    ops = make_ops(n.sofia)
    viewer = CaseViewer(ops, settings, ChainState(ops))
    qtbot.addWidget(viewer)
    viewer.show()
    case_id = n.sofia.cases.get(n.case_ref).id
    with qtbot.waitSignal(viewer.case_loaded):
        viewer.show_case(case_id)
    viewer.show_tab("remedies")
    tab = viewer.remedies
    rows = [r.reference for r in tab.model.rows()]
    tab.table.selectRow(rows.index(n.large))
    assert tab.current().frozen_by == number
    assert not tab.withdraw_button.isEnabled()  # what the issued agreement promises
    assert tab.fulfil_button.isEnabled()

    n.dmitri.agreements.void(number, "Issued to the wrong order.")
    with qtbot.waitSignal(viewer.case_loaded):
        viewer.reload()
    tab.table.selectRow([r.reference for r in tab.model.rows()].index(n.large))
    assert tab.withdraw_button.isEnabled()
