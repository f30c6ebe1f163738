"""Staff notifications on both backends: derived from the trail for each user (assignments,
escalations into their queue, sign-offs they may give, SLA alerts on their cases), with read
state per user that the trail vouches for."""

from __future__ import annotations

from datetime import timedelta

import pytest

from resolution_center.domain.case import Priority
from resolution_center.domain.errors import NotFound, ValidationError
from resolution_center.domain.notifications import NotificationKind as K
from resolution_center.services.session import Session
from tests.helpers.remedies import eur, new_case
from tests.helpers.workspace import PASSWORD, Workspace, draft


def _kinds(ctx: Session, *, unread: bool = False) -> list[tuple[K, str]]:
    return [(n.kind, n.case_reference) for n in ctx.notifications.list(unread=unread)]


def test_a_case_given_to_a_user_notifies_them_and_not_whoever_gave_it(
    workspace: Workspace,
) -> None:
    bob = workspace.login("bob")
    case = bob.cases.create(draft())
    bob.cases.assign(case.reference, "alice")
    alice = workspace.login("alice")
    [note] = alice.notifications.list()
    assert (note.kind, note.case_reference, note.actor) == (K.ASSIGNED, case.reference, "bob")
    assert not note.read and note.to_dict()["kind"] == "assigned"
    assert bob.notifications.list() == []  # his own doing
    # Taking a case oneself is no news either.
    other = alice.cases.create(draft("Second"))
    alice.cases.assign(other.reference, "alice")
    assert _kinds(alice) == [(K.ASSIGNED, case.reference)]


def test_an_escalation_into_a_queue_notifies_its_members_until_someone_takes_it(
    workspace: Workspace,
) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    alice.cases.escalate(case.reference, "needs a senior")  # to the queue, nobody named
    sam = workspace.login("sam")
    assert _kinds(sam) == [(K.ESCALATED, case.reference)]
    assert _kinds(workspace.login("bob")) == []  # frontline: not his queue
    assert _kinds(workspace.login("erin")) == []  # experts: not theirs
    sam.cases.assign(case.reference, "sam")
    assert _kinds(sam) == []  # taken (by himself: no news)


def test_an_escalation_to_a_named_member_is_their_assignment(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    alice.cases.escalate(case.reference, "needs a senior", to="sam")
    assert _kinds(workspace.login("sam")) == [(K.ASSIGNED, case.reference)]


def test_a_remedy_waiting_for_sign_off_notifies_who_may_give_it_until_it_is_decided(
    workspace: Workspace,
) -> None:
    alice = workspace.login("alice")
    case = new_case(alice, "400.00")
    remedy = alice.remedies.propose(
        case.reference, "partial-refund", eur("150.00"), reason="handle broke"
    )
    sam = workspace.login("sam")
    # Above alice's authority: the case went up to sam's queue with the remedy.
    escalated, note = sam.notifications.list()
    assert (note.kind, note.target_id) == (K.SIGNOFF, remedy.reference)
    assert (escalated.kind, escalated.case_reference) == (K.ESCALATED, case.reference)
    assert _kinds(workspace.login("bob")) == []  # a specialist cannot sign it off
    assert alice.notifications.list() == []  # nor can its requester
    sam.remedies.approve(remedy.id, PASSWORD)
    assert [n for n in sam.notifications.list() if n.kind is K.SIGNOFF] == []


def test_sla_alerts_on_a_users_cases_notify_them_whoever_swept(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft(priority=Priority.HIGH))
    alice.cases.assign(case.reference, "alice")
    workspace.clock.advance(hours=3, minutes=30)
    alice.sla.sweep()  # her own window records the warning
    workspace.clock.advance(hours=1)
    workspace.login("bob").sla.sweep()
    assert _kinds(alice) == [(K.SLA, case.reference), (K.SLA, case.reference)]
    assert _kinds(workspace.login("bob")) == []


def test_read_state_is_each_users_own(workspace: Workspace) -> None:
    bob = workspace.login("bob")
    refs = []
    for i in range(3):
        case = bob.cases.create(draft(f"Case {i}"))
        bob.cases.assign(case.reference, "alice")
        refs.append(case.reference)
    alice = workspace.login("alice")
    first, second, third = alice.notifications.list()
    assert alice.notifications.unread_count() == 3
    assert alice.notifications.mark_read([second.seq]) == [second.seq]
    assert alice.notifications.mark_read([second.seq]) == []  # already read: nothing written
    assert [n.read for n in alice.notifications.list()] == [False, True, False]
    assert [n.seq for n in alice.notifications.list(unread=True)] == [first.seq, third.seq]
    assert alice.notifications.mark_all_read() == 2
    assert alice.notifications.unread_count() == 0
    # Someone else's notifications are not hers to mark.
    with pytest.raises(NotFound, match="among yours"):
        workspace.login("sam").notifications.mark_read([first.seq])
    with pytest.raises(ValidationError):
        alice.notifications.mark_read([])
    # A new one after "all read" is unread.
    more = bob.cases.create(draft("Later"))
    bob.cases.assign(more.reference, "alice")
    assert _kinds(alice, unread=True) == [(K.ASSIGNED, more.reference)]
    assert workspace.login("root").audit.verify().ok


def test_verify_names_a_read_state_edited_in_the_database(workspace: Workspace) -> None:
    bob = workspace.login("bob")
    case = bob.cases.create(draft())
    bob.cases.assign(case.reference, "alice")
    alice = workspace.login("alice")
    [note] = alice.notifications.list()
    alice.notifications.mark_all_read()
    workspace.tamper("UPDATE notification_marks SET seq = 0")
    report = workspace.login("root").audit.verify()
    assert not report.ok
    named = [p.detail["table"] for p in report.problems if p.detail]
    assert "notification_marks" in named
    assert not note.read


def test_a_customers_reply_notifies_the_cases_assignee_whoever_imported_it(
    workspace: Workspace,
) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    alice.cases.assign(case.reference, "alice")
    raw = (
        "From: Zoe <zoe@example.com>\r\nTo: support@example.com\r\n"
        f"Subject: Re: {case.reference}\r\nMessage-ID: <r1@example.com>\r\n\r\n"
        "Still leaking.\r\n"
    ).encode()
    alice.mail_in.import_bytes(raw, "reply.eml", case=case.reference)  # her own import
    assert _kinds(alice) == [(K.REPLY, case.reference)]
    assert _kinds(workspace.login("bob")) == []


def test_notifications_reach_back_two_weeks(workspace: Workspace) -> None:
    bob = workspace.login("bob")
    old = bob.cases.create(draft("Old news"))
    bob.cases.assign(old.reference, "alice")
    workspace.clock.advance(days=15)
    if workspace.backend == "postgresql":  # the server stamps events by its own clock
        workspace.tamper("UPDATE audit_events SET time = '2020-01-01T00:00:00.000000Z'")
    new = bob.cases.create(draft("Fresh"))
    bob.cases.assign(new.reference, "alice")
    # The old assignment is in the case's trail; the list holds the last fortnight.
    assert _kinds(workspace.login("alice")) == [(K.ASSIGNED, new.reference)]


def test_a_follow_up_set_for_a_user_by_someone_else_notifies_them(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    alice.cases.assign(case.reference, "alice")
    alice.cases.change_status(case.reference, "resolved", code="refunded", summary="Refunded")
    bob = workspace.login("bob")
    bob.satisfaction.record(case.reference, 1, "phone", "Never again")  # low: alice's follow-up
    bob.follow_ups.add(case.reference, workspace.clock() + timedelta(days=1), "Mine", "bob")
    [note] = alice.notifications.list()
    assert (note.kind, note.case_reference, note.actor) == (K.FOLLOW_UP, case.reference, "bob")
    assert bob.notifications.list() == []  # his own follow-up is no news to him
