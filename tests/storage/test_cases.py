"""Cases on both backends: intake, edits, status rules, locking, lists; bad input loses nothing."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest

from resolution_center.domain.case import (
    CaseFilter,
    CaseQuery,
    Priority,
    Status,
)
from resolution_center.domain.errors import (
    ConflictError,
    PermissionDenied,
    PolicyRefusal,
    ValidationError,
)
from resolution_center.storage.store import Sql
from tests.helpers.workspace import Workspace, draft

HOSTILE = "Robert'); DROP TABLE cases;-- \" % _ \\ ; /* */ OR 1=1"


def _count_events(ws: Workspace) -> int:
    return ws.login("root").audit.head().seq


def _total(ws: Workspace) -> int:
    return ws.login("alice").cases.list(CaseQuery()).total


def test_references_are_sequential_per_year_and_never_reused(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    refs = [alice.cases.create(draft(f"Case {i}")).reference for i in range(3)]
    assert refs == ["RC-2026-000001", "RC-2026-000002", "RC-2026-000003"]
    # A deleted newest case does not free its number: the counter is not max()+1.
    workspace.tamper("DELETE FROM order_items WHERE case_id = 3", "DELETE FROM cases WHERE id = 3")
    assert alice.cases.create(draft("Next")).reference == "RC-2026-000004"


def test_one_customer_per_normalised_email(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    first = alice.cases.create(draft(email="Zoe@Example.COM"))
    second = alice.cases.create(draft("Another", email="  zoe@example.com "))
    assert first.customer.id == second.customer.id
    assert second.customer.email == "zoe@example.com"


def test_fraud_and_safety_cases_are_critical(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    fraud = alice.cases.create(draft(category="fraud-suspicion", priority=Priority.LOW))
    safety = alice.cases.create(draft(safety_hazard=True, priority=Priority.LOW))
    assert fraud.priority is Priority.CRITICAL
    assert safety.priority is Priority.CRITICAL
    with pytest.raises(ValidationError, match="must stay critical"):
        alice.cases.update(fraud.reference, fraud.version, {"priority": "low"})


def test_every_field_change_is_recorded_old_to_new(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    updated = alice.cases.update(
        case.reference,
        1,
        {"subject": "Leaks at the base", "priority": "high", "tags": "urgent,vip"},
    )
    assert (updated.subject, updated.priority, updated.tags, updated.version) == (
        "Leaks at the base",
        Priority.HIGH,
        ("urgent", "vip"),
        2,
    )
    assert updated.resolution_due < case.resolution_due  # high priority: sooner
    event = alice.audit.case_trail(case.id)[-1]
    assert event.event.action == "case.updated"
    changes = event.data["changes"]
    assert changes["subject"] == {"old": "Kettle leaks", "new": "Leaks at the base"}
    assert changes["priority"] == {"old": "normal", "new": "high"}
    assert changes["tags"] == {"old": [], "new": ["urgent", "vip"]}
    assert event.event.actor == "alice" and event.event.role == "specialist"


def test_stale_edit_is_refused_naming_who_changed_what(workspace: Workspace) -> None:
    alice, bob = workspace.login("alice"), workspace.login("bob")
    case = alice.cases.create(draft())
    bob.cases.update(case.reference, 1, {"subject": "Bob's subject"})
    events = _count_events(workspace)
    with pytest.raises(ConflictError) as err:
        alice.cases.update(
            case.reference, 1, {"subject": "Alice's subject", "description": "typed by alice"}
        )
    details = err.value.details
    assert details["changed_by"] == "bob"
    assert details["their_changes"] == {"subject": "Bob's subject"}
    assert details["your_changes"] == {
        "subject": "Alice's subject",
        "description": "typed by alice",
    }
    assert "bob" in err.value.message
    assert alice.cases.get(case.reference).subject == "Bob's subject"
    assert _count_events(workspace) == events  # nothing half-written


def test_illegal_status_change_is_refused_and_reopen_needs_a_reason(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    with pytest.raises(PolicyRefusal, match="the case is already new"):
        alice.cases.change_status(case.reference, "new")
    case = alice.cases.change_status(
        case.reference, "resolved", reason="refund sent", code="refunded", summary="Refund sent"
    )
    with pytest.raises(PolicyRefusal, match="from resolved to escalated"):
        alice.cases.change_status(case.reference, "escalated")
    with pytest.raises(ValidationError, match="reopening a case needs a reason"):
        alice.cases.change_status(case.reference, "open")
    case = alice.cases.change_status(case.reference, "open", reason="refund bounced")
    assert case.status is Status.OPEN and case.resolved_at is None
    trail = alice.audit.case_trail(case.id)
    data = trail[-1].data
    assert (data["version"], data["reason"]) == (3, "refund bounced")
    # Reopening clears how it was resolved from the case; the trail keeps what it was.
    assert data["old"] == {
        "status": "resolved",
        "resolution_code": "refunded",
        "resolution_summary": "Refund sent",
    }
    assert data["new"] == {"status": "open", "resolution_code": None, "resolution_summary": ""}


def test_escalation_climbs_the_tiers_and_stops_at_the_experts(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    case = alice.cases.escalate(case.reference, "customer threatens chargeback")
    assert (case.tier.value, case.status.value) == ("senior", "escalated")
    case = alice.cases.escalate(case.reference, "needs legal view")
    assert case.tier.value == "expert"
    with pytest.raises(ValidationError, match="highest tier"):
        alice.cases.escalate(case.reference, "again")
    with pytest.raises(ValidationError, match="reason is required"):
        alice.cases.escalate(case.reference, "  ")


def test_assignment_opens_a_new_case_and_refuses_unknown_users(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    case = alice.cases.assign(case.reference, "bob")
    assert (case.assignee, case.status) == ("bob", Status.OPEN)
    with pytest.raises(ValidationError, match="no user named 'nobody'"):
        alice.cases.assign(case.reference, "nobody")


def test_message_to_customer_is_the_first_response(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    alice.cases.add_note(case.reference, "internal: check stock")
    assert alice.cases.get(case.reference).first_responded_at is None
    alice.cases.add_note(case.reference, "Dear Zoë, we are on it.", to_customer=True)
    assert alice.cases.get(case.reference).first_responded_at is not None
    assert [n.body for n in alice.cases.notes(case.reference)] == [
        "internal: check stock",
        "Dear Zoë, we are on it.",
    ]


def test_the_system_actor_cannot_work_cases(workspace: Workspace) -> None:
    with pytest.raises(PermissionDenied):
        workspace.login(None).cases.create(draft())


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"category": "teleportation"}, "category", "unknown category 'teleportation'"),
        ({"subject": "x" * 201}, "subject", "subject is too long"),
        ({"description": "d" * 100_000}, "description", "description is too long: 100,000"),
        ({"subject": "bell\x07"}, "subject", "control character (U+0007)"),
        ({"subject": "   "}, "subject", "subject is required"),
    ],
)
def test_bad_input_gets_one_clear_message_and_writes_nothing(
    workspace: Workspace, change: dict, field: str, message: str
) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    events, total = _count_events(workspace), _total(workspace)
    with pytest.raises(ValidationError) as err:
        alice.cases.update(case.reference, 1, change)
    assert err.value.field == field
    assert message in err.value.message
    bad_draft = (
        {"category": "teleportation"}
        if field == "category"
        else {"subject": change.get("subject", "ok"), "description": change.get("description", "")}
    )
    with pytest.raises(ValidationError):
        alice.cases.create(draft(**bad_draft))
    assert (_count_events(workspace), _total(workspace)) == (events, total)
    assert alice.cases.get(case.reference).version == 1


def test_sql_metacharacters_are_stored_and_found_verbatim(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(
        draft(HOSTILE, name=HOSTILE, description=HOSTILE, email="o'brien+test@example.com")
    )
    stored = alice.cases.get(case.reference)
    assert (stored.subject, stored.description, stored.customer.name) == (HOSTILE,) * 3
    assert stored.customer.email == "o'brien+test@example.com"
    page = alice.cases.list(CaseQuery(CaseFilter(search="robert drop")))
    assert [r.reference for r in page.items] == [case.reference]


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "'",
        "AND",
        "OR NOT",
        "(",
        "*",
        "kettle*",
        '"un closed',
        "NEAR(a b)",
        "col:umn",
        "^",
        "-",
        "!!",
        "a & | b",
        "\\",
        "\u0000",
        "%",
        "_",
    ],
)
def test_any_search_text_is_safe(workspace: Workspace, text: str) -> None:
    alice = workspace.login("alice")
    alice.cases.create(draft())
    page = alice.cases.list(CaseQuery(CaseFilter(search=text)))
    assert page.total >= 0


def test_search_finds_by_reference_customer_email_order_and_text(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    kettle = alice.cases.create(draft(description="The thermostat failed after a week"))
    parcel = alice.cases.create(
        draft(
            "Parcel lost",
            email="sofia@example.gr",
            name="Σοφία Παπαδοπούλου",
            category="shipping-problem",
        )
    )

    def found(text: str) -> list[str]:
        return [r.reference for r in alice.cases.list(CaseQuery(CaseFilter(search=text))).items]

    assert found(kettle.reference) == [kettle.reference]
    assert found("Παπαδοπούλου") == [parcel.reference]
    assert found("sofia@example.gr") == [parcel.reference]
    assert found("thermo") == [kettle.reference]  # prefix
    assert set(found("ORD-1001")) == {kettle.reference, parcel.reference}


def test_list_filters_sorts_and_pages_in_sql(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    made = [
        alice.cases.create(draft(f"Case {i}", category=c))
        for i, c in enumerate(["product-defect", "billing-dispute"] * 3)
    ]
    alice.cases.change_status(made[0].reference, "open")
    q = CaseQuery(
        CaseFilter(statuses=(Status.NEW,), categories=("billing-dispute",)),
        sort="-updated",
        limit=2,
    )
    page = alice.cases.list(q)
    assert page.total == 3
    assert [r.subject for r in page.items] == ["Case 5", "Case 3"]
    page2 = alice.cases.list(CaseQuery(q.filter, sort="-updated", limit=2, offset=2))
    assert [r.subject for r in page2.items] == ["Case 1"]
    counts = alice.cases.counts(CaseFilter())
    assert counts["status"] == {"new": 5, "open": 1}
    assert sum(counts["sla"].values()) == 6


def test_sla_state_follows_due_times(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    alice.cases.create(draft(priority=Priority.HIGH))  # first response due in 4 h
    assert alice.cases.counts(CaseFilter())["sla"] == {"on-time": 1}
    workspace.clock.advance(hours=3, minutes=30)  # the warning comes at 80 %: 3 h 12 min
    assert alice.cases.counts(CaseFilter())["sla"] == {"due-soon": 1}
    workspace.clock.advance(hours=1)
    assert alice.cases.counts(CaseFilter())["sla"] == {"overdue": 1}
    overdue = alice.cases.list(CaseQuery(CaseFilter(sla_states=("overdue",))))
    assert overdue.total == 1


@contextlib.contextmanager
def _statements(sql: Sql) -> Iterator[list[str]]:
    calls: list[str] = []
    original = sql.execute

    def counting(statement: str, params=()):  # type: ignore[no-untyped-def]
        calls.append(statement)
        return original(statement, params)

    sql.execute = counting  # type: ignore[method-assign]
    try:
        yield calls
    finally:
        sql.execute = original  # type: ignore[method-assign]


def test_list_uses_a_fixed_number_of_queries(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    for i in range(30):
        alice.cases.create(draft(f"Case {i}"))
    with _statements(alice.store.sql) as calls:
        page = alice.cases.list(CaseQuery(limit=30))
    assert len(page.items) == 30
    assert len(calls) == 2  # one page query, one count: not one per row


def test_a_change_returns_what_is_stored_in_few_statements(workspace: Workspace) -> None:
    """Each change is the version-checked UPDATE and its event (on PostgreSQL one statement),
    returns the row as written, and a stale change appends nothing."""
    alice, bob = workspace.login("alice"), workspace.login("bob")
    case = alice.cases.create(draft())
    alice.cases.add_note(case.reference, "On it.", to_customer=True)  # no version bump
    with _statements(alice.store.sql) as calls:
        changed = alice.cases.change_status(case.reference, "open", expected_version=1)
    writes = [c for c in calls if c.startswith(("EXECUTE rc_case_write_", "UPDATE cases"))]
    assert len(writes) == 1
    reads = [c for c in calls if c.startswith("EXECUTE rc_case_get") or "FROM cases c" in c]
    assert len(reads) == 1  # the case as read before the change; none after it
    assert changed == alice.cases.get(case.reference)
    assert changed.first_responded_at is not None and changed.version == 2
    changed = alice.cases.assign(case.reference, "bob")
    assert changed == alice.cases.get(case.reference) and changed.assignee == "bob"
    changed = alice.cases.escalate(case.reference, "needs a senior")
    assert changed == alice.cases.get(case.reference)
    changed = alice.cases.update(
        case.reference, changed.version, {"subject": "Kettle leaks badly", "priority": "high"}
    )
    assert changed == alice.cases.get(case.reference)
    trail = alice.audit.case_trail(case.id)
    assert [e.event.action for e in trail[-4:]] == [
        "case.status_changed",
        "case.assigned",
        "case.escalated",
        "case.updated",
    ]
    assert [e.data["version"] for e in trail[-4:]] == [2, 3, 4, 5]
    events = _count_events(workspace)
    bob.cases.change_status(case.reference, "waiting-on-customer", expected_version=5)
    with pytest.raises(ConflictError):
        alice.cases.update(case.reference, 5, {"subject": "Stale"})
    assert _count_events(workspace) == events + 1
    assert workspace.login("root").audit.verify().ok


def test_every_kind_of_change_returns_exactly_the_stored_case(workspace: Workspace) -> None:
    """The written case is built from the read one (not read back): each field a change can
    touch, and the first response that lands between the read and the write without a
    version bump, must match what a fresh read returns."""
    from resolution_center.storage.repositories import CaseRepository

    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    steps = [
        lambda c: alice.cases.update(
            c.reference,
            c.version,
            {
                "tags": "VIP, repeat-customer",
                "channel": "phone",
                "description": "Leaks.\nBadly.",
                "category": "shipping-problem",
                "subcategory": "lost",
            },
        ),
        lambda c: alice.cases.update(c.reference, c.version, {"priority": "critical"}),
        lambda c: alice.cases.change_status(
            c.reference, "resolved", reason="refund sent", code="refunded", summary="Refund sent"
        ),
        lambda c: alice.cases.change_status(c.reference, "open", reason="refund bounced"),
        lambda c: alice.cases.assign(c.reference, "bob"),
        lambda c: alice.cases.escalate(c.reference, "needs a senior", to="sam"),
        lambda c: alice.cases.assign(c.reference, None),
        lambda c: alice.cases.update(c.reference, c.version, {"tags": ""}),
    ]
    for step in steps:
        case = step(case)
        assert case == alice.cases.get(case.reference)
    assert case.tags == () and case.resolved_at is None and case.assignee is None

    read = alice.cases.get(case.reference)
    assert read.first_responded_at is None
    alice.cases.add_note(case.reference, "On it.", to_customer=True)  # no version bump
    with alice.store.transaction(alice.actor, alice.now()) as work:
        written = CaseRepository(alice.store).update_audited(
            work,
            read,
            {"status": "waiting-on-customer"},
            {"status": Status.WAITING_CUSTOMER},
            "case.status_changed",
            {
                "version": read.version + 1,
                "old": {"status": "open"},
                "new": {"status": "waiting-on-customer"},
                "reason": "",
            },
        )
    assert written is not None and written.first_responded_at is not None
    assert written == alice.cases.get(case.reference)
    assert workspace.login("root").audit.verify().ok
