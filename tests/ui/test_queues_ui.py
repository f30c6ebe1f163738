"""Escalation in the window: the escalate and de-escalate dialogs offer the receiving queue's
members, the queue editor (admins change, others read), and the "My queue" saved view."""

from __future__ import annotations

from PySide6.QtCore import Qt

from resolution_center.domain.case import CaseFilter, Status, Tier
from tests.ui.conftest import cases
from ui.dialogs.escalate import DeescalateDialog, EscalateDialog, queue_members
from ui.dialogs.queue_editor import QueueEditorDialog
from ui.views.saved_views import SavedViewsPanel, saved_view, view_counts


def _offered(dialog: EscalateDialog | DeescalateDialog) -> list[str]:
    return [dialog.to.itemData(i) for i in range(dialog.to.count())]


def test_escalating_hands_the_case_to_the_member_chosen(qtbot, ws, make_ops) -> None:  # type: ignore[no-untyped-def]
    root = ws.login("root")
    root.queues.add_member("senior", "maria")
    alice = ws.login("alice")
    case = alice.cases.assign(cases(alice, ["Kettle leaks"])[0].id, "alice")
    dialog = EscalateDialog(make_ops(alice), case, queue_members(alice, Tier.SENIOR))
    qtbot.addWidget(dialog)
    assert _offered(dialog) == ["", "maria", "sam"]  # nobody yet, then the senior queue
    assert "from Frontline to Senior" in dialog.intro.text()
    assert "alice no longer holds it" in dialog.intro.text()
    dialog.to.setCurrentIndex(dialog.to.findData("sam"))
    dialog.submit()  # no reason: refused, the choice stays
    assert dialog.errors.message_for("reason") == "reason is required"
    assert dialog.to.currentData() == "sam"
    qtbot.keyClicks(dialog.reason, "carrier refuses to answer")
    with qtbot.waitSignal(dialog.succeeded):
        dialog.submit()
    stored = alice.cases.get(case.id)
    assert (stored.tier, stored.assignee, stored.status) == (Tier.SENIOR, "sam", Status.ESCALATED)


def test_de_escalating_goes_back_to_the_queue_below(qtbot, ws, make_ops) -> None:  # type: ignore[no-untyped-def]
    alice = ws.login("alice")
    case = cases(alice, ["Kettle leaks"])[0]
    sam = ws.login("sam")
    up = sam.cases.escalate(case.id, "needs a senior", to="sam")
    dialog = DeescalateDialog(make_ops(sam), up, queue_members(sam, Tier.FRONTLINE))
    qtbot.addWidget(dialog)
    assert _offered(dialog) == ["", "alice", "bob"]
    qtbot.keyClicks(dialog.reason, "a frontline refund will do")
    with qtbot.waitSignal(dialog.succeeded):
        dialog.submit()
    stored = sam.cases.get(case.id)
    assert (stored.tier, stored.assignee, stored.status) == (Tier.FRONTLINE, None, Status.OPEN)


def test_an_admin_edits_a_queue_and_others_only_read_it(qtbot, ws, make_ops) -> None:  # type: ignore[no-untyped-def]
    dialog = QueueEditorDialog(make_ops(ws.login("root")))
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(1)  # the senior specialists
    shown = [dialog.members.item(r, 0).text() for r in range(dialog.members.rowCount())]
    assert shown == ["Sam (sam)"]
    dialog.candidate.setCurrentIndex(dialog.candidate.findData("maria"))
    dialog.reason.setText("covers the senior desk")
    dialog.add_member()
    shown = [dialog.members.item(r, 0).text() for r in range(dialog.members.rowCount())]
    assert shown == ["Maria (maria)", "Sam (sam)"]
    assert dialog.list.item(1).text() == "Senior specialists (2)"
    dialog.mode.setCurrentIndex(dialog.mode.findData("round-robin"))
    dialog.apply_routing()
    assert ws.login("alice").queues.get(Tier.SENIOR).routing.mode.value == "round-robin"
    dialog.members.selectRow(1)  # sam holds no case: may leave
    dialog.remove_member()
    assert [m.username for m in ws.login("alice").queues.get(Tier.SENIOR).members] == ["maria"]
    dialog.list.setCurrentRow(0)
    dialog.mode.setCurrentIndex(dialog.mode.findData("by-category"))
    assert dialog.rules.isVisibleTo(dialog)
    dialog.apply_routing()  # no category chosen: refused beside the rules, nothing saved
    assert "at least one category" in dialog.routing_error.text()
    assert ws.login("alice").queues.get(Tier.FRONTLINE).routing.mode.value == "off"

    reader = QueueEditorDialog(make_ops(ws.login("alice")))
    qtbot.addWidget(reader)
    assert reader.read_only.isVisibleTo(reader)
    assert not reader.add_button.isEnabled() and not reader.save_routing.isEnabled()


def test_my_queue_lists_what_waits_for_my_tier_with_its_count(qtbot, ws, make_ops) -> None:  # type: ignore[no-untyped-def]
    alice = ws.login("alice")
    waiting, taken = cases(alice, ["Kettle leaks", "Blender cracked"])
    alice.cases.escalate(waiting.id, "needs a senior")
    alice.cases.escalate(taken.id, "needs a senior", to="sam")
    sam = ws.login("sam")
    view = saved_view("my-queue")
    assert view is not None and view.available(sam)
    assert view.case_filter(sam) == CaseFilter(tiers=(Tier.SENIOR,), assignee="", open_only=True)
    assert view_counts(sam)["my-queue"] == 1
    panel = SavedViewsPanel(sam)
    qtbot.addWidget(panel)
    panel.show_view_counts(view_counts(sam))
    titles = [panel.views.item(r).text() for r in range(panel.views.count())]
    assert "My queue (1)" in titles
    maria = ws.login("maria")  # a supervisor is in no queue until an admin adds her
    assert not view.available(maria)
    supervisor_panel = SavedViewsPanel(maria)
    qtbot.addWidget(supervisor_panel)
    item = next(
        supervisor_panel.views.item(r)
        for r in range(supervisor_panel.views.count())
        if supervisor_panel.views.item(r).text() == "My queue"
    )
    assert not item.flags() & Qt.ItemFlag.ItemIsEnabled
    assert "no escalation queue" in item.toolTip()
