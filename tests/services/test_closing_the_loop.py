"""Closing the loop on both backends: resolving with a code and a summary, closing refused over
open remedies unless a supervisor overrides, follow-ups, links and merges, likely duplicates,
the customer page; and `verify` still passes on what these wrote."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from resolution_center.domain.case import Status
from resolution_center.domain.closing import LinkKind, TaskState
from resolution_center.domain.errors import (
    PermissionDenied,
    PolicyRefusal,
    ValidationError,
)
from resolution_center.services.session import Session
from tests.helpers.remedies import eur, new_case
from tests.helpers.workspace import Workspace, draft


def last_status_change(ctx: Session, case_id: int) -> Any:
    """The case's latest status change (the SLA clock may write its own event after it)."""
    return [e for e in ctx.audit.case_trail(case_id) if e.event.action == "case.status_changed"][-1]


def _resolved(ctx: Session, ref: str) -> None:
    ctx.cases.change_status(ref, "resolved", code="refunded", summary="Refund of 60.00 EUR sent")


def test_resolving_records_the_code_and_summary_on_the_case_and_in_the_event(
    workspace: Workspace,
) -> None:
    alice = workspace.login("alice")
    case = new_case(alice)
    with pytest.raises(ValidationError) as missing:
        alice.cases.change_status(case.reference, "resolved", summary="Paid")
    assert missing.value.field == "resolution_code"
    with pytest.raises(ValidationError) as no_summary:
        alice.cases.change_status(case.reference, "resolved", code="refunded")
    assert no_summary.value.field == "summary"
    assert alice.cases.get(case.reference).status is Status.NEW  # nothing was written

    _resolved(alice, case.reference)
    stored = workspace.login("bob").cases.get(case.reference)
    assert (stored.status, stored.resolution_code) == (Status.RESOLVED, "refunded")
    assert stored.resolution_summary == "Refund of 60.00 EUR sent"
    event = last_status_change(alice, case.id)
    assert event.data["new"]["resolution_code"] == "refunded"
    assert event.data["new"]["resolution_summary"] == "Refund of 60.00 EUR sent"

    reopened = alice.cases.change_status(case.reference, "open", reason="customer wrote back")
    assert (reopened.resolution_code, reopened.resolution_summary) == (None, "")
    assert workspace.login("root").audit.verify().ok


def test_closing_is_refused_while_a_remedy_is_open_and_lists_it(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = new_case(alice)
    remedy = alice.remedies.propose(case.reference, "partial-refund", eur("60.00"), reason="late")
    _resolved(alice, case.reference)

    with pytest.raises(PolicyRefusal, match=remedy.reference) as refused:
        alice.cases.change_status(case.reference, "closed")
    assert remedy.reference in refused.value.details["open_remedies"][0]
    with pytest.raises(PermissionDenied, match="only a supervisor"):
        alice.cases.change_status(case.reference, "closed", override="customer is happy")
    assert alice.cases.get(case.reference).status is Status.RESOLVED

    alice.remedies.fulfil(remedy.reference)
    closed = alice.cases.change_status(case.reference, "closed")
    assert closed.status is Status.CLOSED
    assert workspace.login("root").audit.verify().ok


def test_a_supervisor_closes_over_open_remedies_with_a_reason_the_event_keeps(
    workspace: Workspace,
) -> None:
    alice = workspace.login("alice")
    case = new_case(alice)
    remedy = alice.remedies.propose(case.reference, "coupon", eur("20.00"), reason="goodwill")
    _resolved(alice, case.reference)
    maria = workspace.login("maria")
    with pytest.raises(PolicyRefusal):
        maria.cases.change_status(case.reference, "closed")  # no reason: still refused
    closed = maria.cases.change_status(
        case.reference, "closed", override="coupon is issued by the shop, not by us"
    )
    assert closed.status is Status.CLOSED
    event = last_status_change(maria, case.id)
    assert event.data["override"] == {
        "reason": "coupon is issued by the shop, not by us",
        "open_remedies": [f"{remedy.reference} (authorized, 20.00 EUR)"],
    }
    assert workspace.login("root").audit.verify().ok


def test_bulk_resolve_needs_the_code_too(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    ids = [new_case(alice).id, new_case(alice).id]
    refused = alice.case_selection.change_status(ids, "resolved", None)
    assert not refused.changed and len(refused.failed) == 2
    assert "resolution code" in refused.failed[0][1]
    done = alice.case_selection.change_status(
        ids, "resolved", None, code="explained", summary="Explained the delivery times"
    )
    assert len(done.changed) == 2
    assert {alice.cases.get(i).resolution_code for i in ids} == {"explained"}


def test_follow_ups_are_set_done_and_cancelled_and_show_when_due(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = new_case(alice)
    alice.cases.assign(case.reference, "bob")
    now = workspace.clock.now
    with pytest.raises(ValidationError) as past:
        alice.follow_ups.add(case.reference, now - timedelta(days=1), "call back")
    assert past.value.field == "due"
    call = alice.follow_ups.add(case.reference, now + timedelta(hours=2), "Call the carrier")
    mail = alice.follow_ups.add(case.reference, now + timedelta(days=3), "Check refund", "alice")
    assert (call.assignee, mail.assignee) == ("bob", "alice")  # the case's assignee by default

    bob = workspace.login("bob")
    assert bob.follow_ups.due_for_me() == []
    workspace.clock.advance(hours=3)
    assert [t.id for t in bob.follow_ups.due_for_me()] == [call.id]
    assert bob.follow_ups.due_case_ids() == (case.id,)

    done = bob.follow_ups.done(call.id)
    assert (done.state, done.closed_by) == (TaskState.DONE, "bob")
    with pytest.raises(PolicyRefusal, match="already done"):
        bob.follow_ups.cancel(call.id, "changed my mind")
    cancelled = alice.follow_ups.cancel(mail.id, "Customer confirmed the refund")
    assert cancelled.state is TaskState.CANCELLED
    assert bob.follow_ups.due_for_me() == []
    actions = [e.event.action for e in alice.audit.case_trail(case.id)]
    assert [a for a in actions if a.startswith("task.")] == [
        "task.set",
        "task.set",
        "task.done",
        "task.cancelled",
    ]
    assert workspace.login("root").audit.verify().ok


def test_links_are_two_way_and_a_merge_closes_with_a_pointer(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    first = alice.cases.create(draft("Kettle leaks"))
    second = alice.cases.create(draft("Kettle still leaking"))
    other_customer = alice.cases.create(draft("Toaster", email="yan@example.com"))
    alice.cases.add_note(second.reference, "Photos sent again by the customer")

    link = alice.case_links.link(first.reference, other_customer.reference, "same courier")
    assert link.kind is LinkKind.LINKED and link.other_reference == other_customer.reference
    seen_from_other = alice.case_links.links(other_customer.reference)
    assert [x.other_reference for x in seen_from_other] == [first.reference]
    with pytest.raises(ValidationError, match="already linked"):
        alice.case_links.link(other_customer.reference, first.reference)
    with pytest.raises(PolicyRefusal, match="different customers"):
        alice.case_links.merge(other_customer.reference, first.reference, "dup")

    merged = alice.case_links.merge(second.reference, first.reference, "Same complaint twice")
    assert (merged.status, merged.merged_into) == (Status.CLOSED, first.reference)
    assert merged.resolution_code == "duplicate"
    assert [n.body for n in alice.cases.notes(second.reference)] == [
        "Photos sent again by the customer"
    ]
    assert [x.text for x in alice.case_links.links(first.reference)] == [
        f"linked with {other_customer.reference}",
        f"{second.reference} was merged into this case",
    ]
    with pytest.raises(PolicyRefusal, match=f"merged into {first.reference}"):
        alice.cases.change_status(second.reference, "open", reason="customer wrote back")
    assert workspace.login("root").audit.verify().ok


def test_a_new_case_warns_about_a_likely_duplicate_within_the_window(
    workspace: Workspace,
) -> None:
    alice = workspace.login("alice")
    earlier = alice.cases.create(draft())
    found = alice.case_links.likely_duplicates("ZOE@example.com", "ORD-1001")
    assert [d.reference for d in found.found] == [earlier.reference]
    assert found.days == 30 and earlier.reference in found.warning
    assert not alice.case_links.likely_duplicates("zoe@example.com", "ORD-9").found
    assert not alice.case_links.likely_duplicates("yan@example.com", "ORD-1001").found
    workspace.clock.advance(days=31)
    assert not alice.case_links.likely_duplicates("zoe@example.com", "ORD-1001").found


def test_the_customer_page_counts_the_policy_window_and_marks_a_repeat_claimant(
    workspace: Workspace,
) -> None:
    alice = workspace.login("alice")
    one = new_case(alice, email="kim@example.com")
    two = new_case(alice, email="kim@example.com")
    alice.remedies.propose(one.reference, "partial-refund", eur("60.00"), reason="late")
    page = alice.case_links.customer_page(one.reference)
    assert [c.reference for c in page.cases] == [two.reference, one.reference]
    assert not page.repeat_claimant and page.window_days == 90
    withdrawn = alice.remedies.propose(two.reference, "coupon", eur("10.00"), reason="sorry")
    alice.remedies.withdraw(withdrawn.reference, "customer declined")
    assert not alice.case_links.customer_page(one.reference).repeat_claimant  # not counted
    alice.remedies.propose(two.reference, "coupon", eur("15.00"), reason="sorry")
    page = alice.case_links.customer_page(two.reference)
    assert page.repeat_claimant
    assert [r.amount.format() for r in page.window_remedies] == ["15.00 EUR", "60.00 EUR"]
    assert [m.format() for m in page.window_totals] == ["75.00 EUR"]
    assert page.scores == ()


def test_a_merge_over_an_open_remedy_needs_a_supervisors_override(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    first = new_case(alice, email="kim@example.com")
    second = new_case(alice, email="kim@example.com")
    remedy = alice.remedies.propose(second.reference, "coupon", eur("10.00"), reason="sorry")
    with pytest.raises(PolicyRefusal, match=remedy.reference):
        alice.case_links.merge(second.reference, first.reference, "same order")
    with pytest.raises(PermissionDenied):
        alice.case_links.merge(second.reference, first.reference, "same", override="fine")
    maria = workspace.login("maria")
    merged = maria.case_links.merge(
        second.reference, first.reference, "same order", override="coupon moves with the case"
    )
    assert (merged.status, merged.merged_into) == (Status.CLOSED, first.reference)
    event = [e for e in maria.audit.case_trail(second.id) if e.event.action == "case.merged"][-1]
    assert event.data["override"]["reason"] == "coupon moves with the case"
    assert event.data["link_id"] == maria.case_links.links(first.id)[0].id
    assert workspace.login("root").audit.verify().ok
