"""The rules of changing a case, asked of the domain directly: what each change writes and
records, and what it refuses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from resolution_center.domain import case_changes
from resolution_center.domain.actions import Action
from resolution_center.domain.case import Case, Channel, Customer, Order, Priority, Status, Tier
from resolution_center.domain.errors import PolicyRefusal, ValidationError
from resolution_center.domain.ids import CaseId
from resolution_center.domain.money import Money
from resolution_center.services.context import Config

NOW = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
TAX = Config().taxonomy


def a_case(**changes: object) -> Case:
    values: dict[str, object] = dict(
        id=CaseId(1),
        reference="RC-2026-000001",
        customer=Customer("Ana", "ana@example.com"),
        order=Order("ORD-1", "EUR", Money(2000, "EUR"), Money(450, "EUR")),
        category="shipping-problem",
        subcategory="delay",
        safety_hazard=False,
        channel=Channel.EMAIL,
        priority=Priority.NORMAL,
        status=Status.OPEN,
        tier=Tier.FRONTLINE,
        assignee="sofia",
        subject="Parcel late",
        description="It is late.",
        tags=("late",),
        created_at=NOW - timedelta(days=2),
        updated_at=NOW - timedelta(days=1),
        first_response_due=NOW - timedelta(days=1),
        resolution_due=NOW + timedelta(days=3),
        first_responded_at=None,
        resolved_at=None,
        version=4,
    )
    values.update(changes)
    return Case(**values)  # type: ignore[arg-type]


def test_resolving_stamps_the_time_and_reopening_clears_it() -> None:
    resolved = case_changes.change_status(
        a_case(), Status.RESOLVED, None, NOW, tax=TAX, code="Refunded", summary=" Paid back. "
    )
    assert resolved.fields == {
        "status": Status.RESOLVED,
        "resolved_at": NOW,
        "resolution_code": "refunded",
        "resolution_summary": "Paid back.",
    }
    assert resolved.event_data(5) == {
        "version": 5,
        "old": {"status": "open", "resolution_code": None, "resolution_summary": ""},
        "new": {
            "status": "resolved",
            "resolution_code": "refunded",
            "resolution_summary": "Paid back.",
        },
        "reason": "",
    }
    was_resolved = a_case(
        status=Status.RESOLVED, resolved_at=NOW, resolution_code="refunded", resolution_summary="x"
    )
    reopened = case_changes.change_status(was_resolved, Status.OPEN, "customer wrote back", NOW)
    assert reopened.fields == {
        "status": Status.OPEN,
        "resolved_at": None,
        "resolution_code": None,
        "resolution_summary": "",
    }
    assert reopened.data["old"]["resolution_code"] == "refunded"


@pytest.mark.parametrize(
    ("code", "summary", "field", "words"),
    [
        (None, "Paid back", "resolution_code", "needs a resolution code"),
        ("teleported", "Paid back", "resolution_code", "unknown resolution code 'teleported'"),
        ("refunded", "   ", "summary", "summary is required"),
    ],
)
def test_resolving_needs_a_known_code_and_a_summary(
    code: str | None, summary: str, field: str, words: str
) -> None:
    with pytest.raises(ValidationError, match=words) as caught:
        case_changes.change_status(
            a_case(), Status.RESOLVED, None, NOW, tax=TAX, code=code, summary=summary
        )
    assert caught.value.field == field


def test_a_resolution_code_is_refused_on_any_other_move() -> None:
    with pytest.raises(ValidationError, match="when resolving"):
        case_changes.change_status(a_case(), Status.ESCALATED, None, NOW, tax=TAX, code="refunded")


def test_a_merged_case_cannot_be_reopened() -> None:
    merged = a_case(status=Status.CLOSED, merged_into="RC-2026-000009")
    with pytest.raises(PolicyRefusal, match="merged into RC-2026-000009"):
        case_changes.change_status(merged, Status.OPEN, "customer wrote back", NOW)


def test_a_product_safety_case_cannot_drop_below_its_floor() -> None:
    case = a_case(
        category="product-defect", subcategory=None, safety_hazard=True, priority=Priority.CRITICAL
    )
    with pytest.raises(ValidationError, match="must stay critical"):
        case_changes.edit(case, {"priority": "low"}, TAX)


def test_a_new_priority_moves_both_due_times_from_creation() -> None:
    change = case_changes.edit(a_case(), {"priority": "high"}, TAX)
    assert change.action is Action.CASE_UPDATED
    assert change.fields["priority"] is Priority.HIGH
    assert change.fields["first_response_due"] < change.fields["resolution_due"]
    assert change.fields["resolution_due"] < NOW + timedelta(days=3)  # sooner than at normal
    recorded = change.data["changes"]
    assert recorded["priority"] == {"old": "normal", "new": "high"}
    assert set(recorded) == {"priority", "resolution_due"}


def test_an_edit_that_changes_nothing_is_refused_and_text_is_marked_personal() -> None:
    with pytest.raises(ValidationError, match="nothing to change"):
        case_changes.edit(a_case(), {"subject": "Parcel late"}, TAX)
    assert case_changes.edit(a_case(), {"description": "Still late."}, TAX).personal == (
        "description",
    )


def test_taking_a_new_case_opens_it_and_the_top_tier_cannot_escalate() -> None:
    taken = case_changes.assign(a_case(status=Status.NEW, assignee=None), "dmitri", 7)
    assert taken.fields == {"assignee": "dmitri", "status": Status.OPEN}
    assert taken.assignee_id == 7
    with pytest.raises(ValidationError, match="highest tier"):
        case_changes.escalate(a_case(tier=Tier.EXPERT), "needs an expert")
    up = case_changes.escalate(a_case(), "carrier refuses to answer")
    # the frontline assignee lets go: the case waits in the senior specialists' queue
    assert up.fields == {"tier": Tier.SENIOR, "status": Status.ESCALATED, "assignee": None}
    assert up.data["old"]["assignee"] and up.data["new"]["assignee"] is None
    handed = case_changes.escalate(a_case(), "needs a senior", "zoe", 9)
    assert (handed.fields["assignee"], handed.assignee_id) == ("zoe", 9)
    down = case_changes.deescalate(a_case(tier=Tier.SENIOR, status=Status.ESCALATED), "done")
    assert down.fields == {"tier": Tier.FRONTLINE, "status": Status.OPEN, "assignee": None}
