"""Closing the loop in the window: the resolve dialog asks for a code and a summary, closing
shows the open remedies (a supervisor may override), the Follow-up tab sets and finishes tasks
and links cases, "My follow-ups due" counts them, the customer page, the duplicate warning."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from resolution_center.domain.case import Status
from resolution_center.domain.closing import TaskState
from tests.helpers.remedies import eur, new_case
from tests.services.test_closing_the_loop import last_status_change
from tests.ui.conftest import cases
from tests.ui.test_case_viewer import open_viewer  # noqa: F401  # a fixture
from tests.ui.test_mainwindow import open_window  # noqa: F401  # a fixture
from ui.dialogs.change_status import ChangeStatusDialog
from ui.dialogs.customer_page import CustomerPageDialog
from ui.dialogs.new_case import NewCaseDialog
from ui.views.saved_views import saved_view, view_counts


def test_resolving_in_the_dialog_needs_a_code_and_a_summary(qtbot, ws, make_ops) -> None:
    alice = ws.login("alice")
    case = cases(alice, ["Kettle leaks"])[0]
    dialog = ChangeStatusDialog(make_ops(alice), case)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.target.setCurrentIndex(dialog.target.findData("waiting-on-customer"))
    assert not dialog.resolution.code.isVisibleTo(dialog)
    dialog.target.setCurrentIndex(dialog.target.findData("resolved"))
    assert dialog.resolution.code.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.resolution.summary, "New kettle sent")
    dialog.submit()
    assert dialog.isVisible()
    assert "needs a resolution code" in dialog.errors.message_for("resolution_code")
    assert dialog.resolution.summary.toPlainText() == "New kettle sent"  # kept
    dialog.resolution.code.setCurrentIndex(dialog.resolution.code.findData("replaced"))
    with qtbot.waitSignal(dialog.succeeded):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    stored = alice.cases.get(case.id)
    assert (stored.status, stored.resolution_code) == (Status.RESOLVED, "replaced")
    assert stored.resolution_summary == "New kettle sent"


def test_closing_lists_open_remedies_and_only_a_supervisor_overrides(qtbot, ws, make_ops) -> None:
    alice = ws.login("alice")
    case = new_case(alice)
    remedy = alice.remedies.propose(case.reference, "partial-refund", eur("60.00"), reason="late")
    case = alice.cases.change_status(case.id, "resolved", code="refunded", summary="Refund sent")

    as_alice = ChangeStatusDialog(make_ops(alice), case)
    qtbot.addWidget(as_alice)
    as_alice.open()
    as_alice.target.setCurrentIndex(as_alice.target.findData("closed"))
    assert remedy.reference in as_alice.blocked.text()
    assert "only a supervisor" in as_alice.blocked.text()
    assert not as_alice.ok_button.isEnabled() and not as_alice.override.isVisibleTo(as_alice)

    maria = ws.login("maria")
    as_maria = ChangeStatusDialog(make_ops(maria), case)
    qtbot.addWidget(as_maria)
    as_maria.open()
    as_maria.target.setCurrentIndex(as_maria.target.findData("closed"))
    assert as_maria.override.isVisibleTo(as_maria) and as_maria.ok_button.isEnabled()
    as_maria.submit()
    assert "cannot close while remedies are still open" in as_maria.general_error.text()
    qtbot.keyClicks(as_maria.override, "Refund paid by the marketplace")
    with qtbot.waitSignal(as_maria.succeeded):
        as_maria.submit()
    event = last_status_change(maria, case.id)
    assert event.data["override"]["reason"] == "Refund paid by the marketplace"


def test_the_follow_up_tab_sets_and_finishes_tasks_and_links_cases(
    qtbot,
    ws,
    open_viewer,  # noqa: F811  # the fixture imported above
) -> None:
    alice = ws.login("alice")
    first, second = cases(alice, ["Kettle leaks", "Toaster sparks"])
    viewer = open_viewer(alice, first.id)
    viewer.show_tab("follow_up")
    tab = viewer.follow_up
    assert tab.no_tasks.isVisible()
    qtbot.keyClicks(tab.note, "Call the carrier back")
    with qtbot.waitSignal(viewer.case_loaded, timeout=5000):
        qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert tab.tasks.topLevelItemCount() == 1
    assert tab.tasks.topLevelItem(0).text(3) == "Call the carrier back"
    assert tab.note.text() == ""
    tab.tasks.setCurrentItem(tab.tasks.topLevelItem(0))
    assert tab.done_button.isEnabled()
    with qtbot.waitSignal(viewer.case_loaded, timeout=5000):
        qtbot.mouseClick(tab.done_button, Qt.MouseButton.LeftButton)
    [task] = alice.follow_ups.for_case(first.id)
    assert task.state is TaskState.DONE

    qtbot.keyClicks(tab.note, "Half-typed follow-up")
    with qtbot.waitSignal(viewer.case_loaded, timeout=5000):
        viewer.show_case(second.id)
    assert tab.note.text() == "" and tab.has_unsaved_input()  # kept for the first case
    with qtbot.waitSignal(viewer.case_loaded, timeout=5000):
        viewer.show_case(first.id)
    assert tab.note.text() == "Half-typed follow-up"
    tab.note.clear()

    qtbot.keyClicks(tab.other, second.reference)
    qtbot.keyClicks(tab.link_reason, "Same shop")
    with qtbot.waitSignal(viewer.case_loaded, timeout=5000):
        qtbot.mouseClick(tab.link_button, Qt.MouseButton.LeftButton)
    assert tab.links.topLevelItem(0).text(0) == f"linked with {second.reference}"
    assert [x.other_reference for x in alice.case_links.links(second.id)] == [first.reference]


def test_my_follow_ups_due_lists_and_counts_the_cases_whose_time_has_come(ws) -> None:
    alice = ws.login("alice")
    soon, later = cases(alice, ["Kettle leaks", "Toaster sparks"])
    alice.follow_ups.add(soon.id, ws.clock.now + timedelta(hours=1), "Call back", "alice")
    alice.follow_ups.add(later.id, ws.clock.now + timedelta(days=5), "Check refund", "alice")
    view = saved_view("my-follow-ups")
    assert view is not None
    assert view_counts(alice)["my-follow-ups"] == 0
    ws.clock.advance(hours=2)
    assert view_counts(alice)["my-follow-ups"] == 1
    assert view.case_filter(alice).case_ids == (soon.id,)
    assert view_counts(ws.login("bob"))["my-follow-ups"] == 0


def test_the_customer_page_shows_cases_window_remedies_and_no_scores_yet(qtbot, ws) -> None:
    alice = ws.login("alice")
    one = new_case(alice, email="kim@example.com")
    two = new_case(alice, email="kim@example.com")
    alice.remedies.propose(one.reference, "partial-refund", eur("60.00"), reason="late")
    alice.remedies.propose(two.reference, "coupon", eur("15.00"), reason="sorry")
    opened: list[int] = []
    dialog = CustomerPageDialog(
        alice.case_links.customer_page(one.id), alice.taxonomy.resolution_label, opened.append
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.marker.text() == "Repeat claimant"
    assert dialog.cases.topLevelItemCount() == 2 and dialog.remedies.topLevelItemCount() == 2
    assert "75.00 EUR" in dialog.window_note.text()
    assert dialog.scores.text().startswith("No scores yet")
    dialog.cases.itemActivated.emit(dialog.cases.topLevelItem(1), 0)
    assert opened == [one.id]


def test_a_new_case_warns_about_a_likely_duplicate(qtbot, ws, make_ops) -> None:
    alice = ws.login("alice")
    earlier = cases(alice, ["Kettle leaks"])[0]
    dialog = NewCaseDialog(make_ops(alice))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.email, "zoe@example.com")
    qtbot.keyClicks(dialog.order_number, "ORD-1001")
    dialog.order_number.editingFinished.emit()
    assert dialog.duplicate_notice.isVisible()
    assert earlier.reference in dialog.duplicate_notice.text()
    assert dialog.ok_button.text().replace("&", "") == "Create anyway"
    dialog.order_number.setText("ORD-2002")
    dialog.order_number.editingFinished.emit()
    assert not dialog.duplicate_notice.isVisible()


def test_a_merged_case_says_where_it_went_in_its_header_and_follow_up_tab(
    qtbot,
    ws,
    open_viewer,  # noqa: F811  # the fixture imported above
) -> None:
    alice = ws.login("alice")
    first, second = cases(alice, ["Kettle leaks", "Kettle leaks again"])
    alice.case_links.merge(second.id, first.id, "Same complaint twice")
    viewer = open_viewer(alice, second.id)
    assert viewer.header.status.text() == f"Status: Closed, merged into {first.reference}"
    viewer.show_tab("follow_up")
    assert first.reference in viewer.follow_up.merged.text()
    assert not viewer.follow_up.merge_button.isEnabled()


def test_the_customer_page_opens_from_the_case_list_and_the_header(
    qtbot,
    ws,
    open_window,  # noqa: F811  # the fixture imported above
) -> None:
    alice = ws.login("alice")
    case = cases(alice, ["Kettle leaks"])[0]
    window = open_window(alice)
    with qtbot.waitSignal(window.case_list.cases_reloaded):
        window.case_list.apply_saved_view("all")
    assert window.case_list.select_case(case.id)
    [action] = [
        a for a in window.case_list.table.actions() if a.objectName() == "list-customer-page"
    ]
    action.trigger()
    page = window.findChild(CustomerPageDialog)
    assert page is not None and page.isVisible()
    assert page.cases.topLevelItem(0).text(0) == case.reference
    page.close()
    qtbot.waitUntil(lambda: window.viewer.case is not None)
    button = next(
        b for b in window.viewer.header.action_buttons if b.objectName() == "header-customer-page"
    )
    assert button.text() == "Customer"
