"""The case viewer: the whole audit trail, notes, edits with optimistic locking and merging."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from resolution_center.domain.case import TRANSITIONS, Status
from tests.ui.conftest import cases, watch
from ui.chain_state import ChainState, ChainStatus
from ui.dialogs.change_status import ChangeStatusDialog
from ui.dialogs.escalate import EscalateDialog
from ui.errors.conflict import ConflictDialog
from ui.models.audit_trail import ActionRole, SeqRole
from ui.views.case_viewer import CaseViewer


def verified(chain: ChainState) -> Any:
    return lambda: chain.status is not ChainStatus.VERIFYING


@pytest.fixture
def open_viewer(qtbot, make_ops, settings):  # type: ignore[no-untyped-def]
    def make(ctx, case_id: int) -> CaseViewer:  # type: ignore[no-untyped-def]
        ops = make_ops(ctx)
        viewer = CaseViewer(ops, settings, ChainState(ops))
        qtbot.addWidget(viewer)
        viewer.resize(1000, 700)
        viewer.show()
        with qtbot.waitSignal(viewer.case_loaded):
            viewer.show_case(case_id)
        return viewer

    return make


def test_the_trail_shows_every_event_with_its_details(qtbot, ws, open_viewer) -> None:
    alice, bob = ws.login("alice"), ws.login("bob")
    case = cases(alice, ["Kettle leaks"])[0]
    alice.cases.update(case.id, 1, {"subject": "Kettle leaks badly"})
    bob.cases.assign(case.id, "bob")
    bob.cases.escalate(case.id, "needs a senior")
    trail = alice.audit.case_trail(case.id)

    viewer = open_viewer(alice, case.id)
    viewer.show_tab("audit")
    audit = viewer.audit
    seqs = [
        audit.proxy.data(audit.proxy.index(r, 0), SeqRole) for r in range(audit.proxy.rowCount())
    ]
    assert seqs == [entry.event.seq for entry in trail]
    actions = [
        audit.proxy.data(audit.proxy.index(r, 0), ActionRole) for r in range(audit.proxy.rowCount())
    ]
    assert actions == [
        "case.created",
        "customer.created",
        "message.drafted",  # the acknowledgement intake drafts
        "case.updated",
        "case.assigned",
        "case.escalated",
    ]
    reasons = [audit.proxy.index(r, 6).data() for r in range(audit.proxy.rowCount())]
    assert "needs a senior" in reasons

    escalated = trail[-1].event
    assert audit.select_seq(escalated.seq)
    assert audit.raw.isHidden()  # the stored form waits behind its toggle
    audit.raw_toggle.click()
    detail = audit.raw.toPlainText()
    assert escalated.hash in detail and escalated.prev_hash in detail
    assert json.dumps(trail[-1].data, indent=2, ensure_ascii=False, sort_keys=True) in detail
    assert "Content matches its hash: yes" in detail

    audit.set_actor_filter("bob")
    assert audit.proxy.rowCount() == 2
    audit.set_kind_filter("case.escalated")
    assert audit.proxy.rowCount() == 1
    assert audit.shown.text() == "1 of 6 events"


def test_the_badge_follows_the_chain_verification(qtbot, ws, open_viewer) -> None:
    alice = ws.login("alice")
    case = cases(alice, ["Kettle leaks"])[0]
    viewer = open_viewer(alice, case.id)
    chain = viewer.env.chain
    with qtbot.waitSignal(chain.changed, check_params_cb=verified(chain)):
        chain.verify()
    # opened, customer, and the acknowledgement intake drafts
    assert viewer.audit.badge.text() == "Chain verified · events of this case intact: 3"

    ws.tamper(
        (
            "UPDATE audit_events SET data = replace(data, 'Kettle', 'Teapot') "
            "WHERE action = 'case.created'",
            (),
        )
    )
    with qtbot.waitSignal(viewer.case_loaded):
        viewer.reload()
    assert viewer.audit.badge.text().startswith("Altered: event(s)")
    with qtbot.waitSignal(chain.changed, check_params_cb=verified(chain)):
        chain.verify()
    assert "BROKEN" in chain.text()


def test_adding_a_note_shows_it_and_its_audit_event(qtbot, ws, open_viewer) -> None:
    alice = ws.login("alice")
    case = cases(alice, ["Kettle leaks"])[0]
    viewer = open_viewer(alice, case.id)
    viewer.show_tab("notes")
    notes = viewer.notes
    viewer.activateWindow()
    notes.focus_composer(to_customer=True)
    qtbot.waitUntil(notes.composer.hasFocus)
    qtbot.keyClicks(notes.composer, "Called the customer; sending a label")
    with qtbot.waitSignal(viewer.case_loaded):  # the Changes broadcast reloads the case
        QTest.keySequence(notes.composer, "Ctrl+Return")
    assert notes.composer.toPlainText() == ""
    assert "Called the customer; sending a label" in notes.model.index(0, 0).data()
    audit = viewer.audit
    last = audit.proxy.rowCount() - 1
    assert audit.proxy.data(audit.proxy.index(last, 0), ActionRole) == "note.added"
    assert "Reply to the customer: Called the customer" in audit.proxy.index(last, 5).data()


def test_an_empty_note_is_refused_inline(qtbot, ws, open_viewer) -> None:
    alice = ws.login("alice")
    viewer = open_viewer(alice, cases(alice, ["Kettle leaks"])[0].id)
    seen: list[Any] = []
    watch(viewer.ops, seen)
    qtbot.keyClicks(viewer.notes.composer, "   ")
    qtbot.mouseClick(viewer.notes.add_button, Qt.MouseButton.LeftButton)
    assert seen == []
    assert viewer.notes.errors.message_for("note") == "note is required"


def test_a_validation_error_shows_next_to_its_field(qtbot, ws, open_viewer) -> None:
    alice = ws.login("alice")
    viewer = open_viewer(alice, cases(alice, ["Kettle leaks"])[0].id)
    details = viewer.details
    seen: list[Any] = []
    watch(viewer.ops, seen)
    details.subject.clear()
    details.description.setPlainText("typed\x07bell")  # pasted: keyClicks cannot type it
    qtbot.mouseClick(details.save_button, Qt.MouseButton.LeftButton)
    assert seen == []
    assert details.errors.message_for("subject") == "subject is required"
    assert details.description.toPlainText() == "typed\x07bell"  # the input survives


def _button(dialog: ConflictDialog, text: str) -> Any:
    buttons = dialog.findChild(QDialogButtonBox)
    return next(b for b in buttons.buttons() if b.text().replace("&", "") == text)


def test_two_people_editing_one_case_get_a_merge_view(qtbot, ws, open_viewer) -> None:
    alice, bob = ws.login("alice"), ws.login("bob")
    case = cases(alice, ["Kettle leaks"])[0]
    at_alice = open_viewer(alice, case.id)
    at_bob = open_viewer(bob, case.id)

    at_alice.details.subject.clear()
    qtbot.keyClicks(at_alice.details.subject, "Kettle leaks at the base")
    at_alice.details.tags.setText("water")
    with qtbot.waitSignal(at_alice.case_loaded):
        qtbot.mouseClick(at_alice.details.save_button, Qt.MouseButton.LeftButton)
    assert at_alice.case.version == 2

    bob_subject = "Kettle leaks; customer sent photos"
    at_bob.details.subject.clear()
    qtbot.keyClicks(at_bob.details.subject, bob_subject)
    at_bob.details.description.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(at_bob.details.description, " Photos attached to the e-mail.")
    shown: list[Any] = []
    watch(at_bob.ops, shown)
    qtbot.mouseClick(at_bob.details.save_button, Qt.MouseButton.LeftButton)

    assert len(shown) == 1 and isinstance(shown[0], ConflictDialog)
    dialog: ConflictDialog = shown[0]
    assert "changed by alice" in dialog.summary.text()
    rows = {
        dialog.table.item(r, 0).data(Qt.ItemDataRole.UserRole): (
            dialog.table.item(r, 1).text(),
            dialog.table.item(r, 2).text(),
        )
        for r in range(dialog.table.rowCount())
    }
    assert rows["subject"] == ("Kettle leaks at the base", bob_subject)
    assert rows["tags"] == ("water", "(not edited)")
    assert rows["description"][1] == "It leaks. Photos attached to the e-mail."
    # Bob's typing is still in his form while he decides.
    assert at_bob.details.subject.text() == bob_subject

    with qtbot.waitSignal(at_bob.details.conflict_resolved) as blocker:
        qtbot.mouseClick(
            _button(dialog, "Reload and reapply my changes"), Qt.MouseButton.LeftButton
        )
    assert blocker.args[0].value == "reapply"
    details = at_bob.details
    assert details.base.version == 2
    assert details.subject.text() == bob_subject
    assert details.tags.text() == "water"  # alice's saved value, bob did not touch it
    assert details.description.toPlainText() == "It leaks. Photos attached to the e-mail."
    assert "Review them and save again" in details.banner.text()

    with qtbot.waitSignal(at_bob.case_loaded):
        qtbot.mouseClick(details.save_button, Qt.MouseButton.LeftButton)
    stored = bob.cases.get(case.id)
    assert (stored.subject, stored.tags, stored.version) == (bob_subject, ("water",), 3)


def test_discarding_after_a_conflict_loads_what_is_stored(qtbot, ws, open_viewer) -> None:
    alice, bob = ws.login("alice"), ws.login("bob")
    case = cases(alice, ["Kettle leaks"])[0]
    at_bob = open_viewer(bob, case.id)
    alice.cases.update(case.id, 1, {"subject": "Saved by alice"})
    at_bob.details.subject.setText("Typed by bob")
    shown: list[Any] = []
    watch(at_bob.ops, shown)
    at_bob.details.save()
    with qtbot.waitSignal(at_bob.details.conflict_resolved):
        qtbot.mouseClick(_button(shown[0], "Discard my changes"), Qt.MouseButton.LeftButton)
    assert at_bob.details.subject.text() == "Saved by alice"
    assert not at_bob.details.has_unsaved_input()


def test_a_background_change_never_overwrites_typing(qtbot, ws, open_viewer) -> None:
    alice, bob = ws.login("alice"), ws.login("bob")
    case = cases(alice, ["Kettle leaks"])[0]
    at_bob = open_viewer(bob, case.id)
    at_bob.details.subject.setText("Typed by bob")
    alice.cases.update(case.id, 1, {"subject": "Saved by alice"})
    with qtbot.waitSignal(at_bob.case_loaded):
        at_bob.reload()  # F5, or another of bob's own actions on the case
    assert at_bob.details.subject.text() == "Typed by bob"
    assert "alice changed this case" in at_bob.details.banner.text()
    assert at_bob.header.subject.text() == "Saved by alice"


def test_change_status_offers_the_allowed_targets_and_needs_a_reason_to_reopen(
    qtbot, ws, make_ops
) -> None:
    alice = ws.login("alice")
    case = cases(alice, ["Kettle leaks"])[0]
    case = alice.cases.change_status(case.id, "resolved", code="repaired", summary="Fixed")
    ops = make_ops(alice)
    dialog = ChangeStatusDialog(ops, case)
    qtbot.addWidget(dialog)
    offered = {dialog.target.itemData(i) for i in range(dialog.target.count())}
    assert offered == {s.value for s in TRANSITIONS[Status.RESOLVED]}
    dialog.target.setCurrentIndex(dialog.target.findData("open"))
    dialog.open()
    dialog.submit()
    assert dialog.isVisible()
    assert dialog.errors.message_for("reason") == "reopening a case needs a reason"
    qtbot.keyClicks(dialog.reason, "customer wrote again")
    with qtbot.waitSignal(dialog.succeeded):
        dialog.submit()
    assert alice.cases.get(case.id).status is Status.OPEN


def test_escalate_needs_a_reason(qtbot, ws, make_ops) -> None:
    alice = ws.login("alice")
    case = cases(alice, ["Kettle leaks"])[0]
    dialog = EscalateDialog(make_ops(alice), case)
    qtbot.addWidget(dialog)
    assert "from Frontline to Senior" in dialog.intro.text()
    dialog.submit()
    assert dialog.errors.message_for("reason") == "reason is required"
    qtbot.keyClicks(dialog.reason, "needs a senior")
    with qtbot.waitSignal(dialog.succeeded):
        dialog.submit()
    assert alice.cases.get(case.id).tier.value == "senior"


def test_unsaved_edits_stay_with_their_case_when_moving_on(qtbot, ws, open_viewer) -> None:
    alice = ws.login("alice")
    first, second = cases(alice, ["Kettle leaks", "Blender cracked"])
    viewer = open_viewer(alice, first.id)
    viewer.details.subject.setText("Kettle leaks, typed")
    viewer.notes.composer.setPlainText("half a note about the kettle")
    with qtbot.waitSignal(viewer.case_loaded):
        viewer.show_case(second.id)
    assert viewer.details.subject.text() == "Blender cracked"
    assert viewer.notes.composer.toPlainText() == ""
    assert viewer.has_unsaved_input()  # the kettle's edits are parked, not lost
    with qtbot.waitSignal(viewer.case_loaded):
        viewer.show_case(first.id)
    assert viewer.details.subject.text() == "Kettle leaks, typed"
    assert viewer.notes.composer.toPlainText() == "half a note about the kettle"


def test_a_parked_edit_survives_an_empty_selection(qtbot, ws, open_viewer) -> None:
    alice = ws.login("alice")
    case = cases(alice, ["Kettle leaks"])[0]
    viewer = open_viewer(alice, case.id)
    viewer.details.subject.setText("typed before the filter hid it")
    viewer.show_case(None)  # the filters no longer match the case
    alice.cases.update(case.id, 1, {"tags": "moved-on"})
    with qtbot.waitSignal(viewer.case_loaded):
        viewer.show_case(case.id)
    assert viewer.details.subject.text() == "typed before the filter hid it"
    assert viewer.details.base.version == 1  # saving will show alice's change side by side
    assert "changed this case" in viewer.details.banner.text()


def test_the_header_offers_the_case_actions_as_buttons(qtbot, ws, make_ops, settings) -> None:  # type: ignore[no-untyped-def]
    from ui.mainwindow import MainWindow

    alice = ws.login("alice")
    case = cases(alice, ["Kettle leaks"])[0]
    window = MainWindow(make_ops(alice), settings)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(
        window.chain.changed,
        check_params_cb=lambda: window.chain.status is not ChainStatus.VERIFYING,
    ):
        window.start()
    window.build_viewer()
    with qtbot.waitSignal(window.viewer.case_loaded, timeout=5_000):
        window.open_case(case.id)
    header = window.viewer.header
    buttons = {b.objectName(): b for b in header.action_buttons}
    assert list(buttons) == [
        "header-change-status",
        "header-assign",
        "header-take",
        "header-escalate",
        "header-customer-page",
    ]
    assert buttons["header-take"].text() == "Take it myself"
    assert all(b.isVisible() and b.isEnabled() for b in buttons.values())
    with qtbot.waitSignal(window.viewer.case_loaded, timeout=5_000) as loaded:
        qtbot.mouseClick(buttons["header-take"], Qt.MouseButton.LeftButton)
    assert loaded.args[0].assignee == "alice"
    assert not buttons["header-take"].isEnabled()
    assert buttons["header-take"].toolTip() == "This case is assigned to you already."
    qtbot.mouseClick(buttons["header-change-status"], Qt.MouseButton.LeftButton)
    dialog = window.findChild(ChangeStatusDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
