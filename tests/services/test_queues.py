"""Escalation that moves the case: tier queues, escalation into the next tier's hands,
de-escalation, reassignment within a queue, routing of new cases, and escalation by rule (a
remedy above the tier's authority), on both backends."""

from __future__ import annotations

from typing import Any

import pytest

from resolution_center.domain.case import CaseFilter, CaseQuery, Status, Tier
from resolution_center.domain.errors import PermissionDenied, ValidationError
from resolution_center.domain.trail_text import TrailText
from resolution_center.services.session import Session
from tests.helpers.remedies import eur, new_case
from tests.helpers.workspace import Workspace, draft


def _trail(ctx: Session, case_id: int) -> list[tuple[str, dict[str, Any]]]:
    return [(str(e.event.action), e.event.payload()) for e in ctx.audit.case_trail(case_id)]


def _members(ctx: Session) -> dict[str, list[str]]:
    return {q.tier.value: [m.username for m in q.members] for q in ctx.queues.list()}


def test_new_people_join_their_roles_queue_and_admins_change_the_rest(
    workspace: Workspace,
) -> None:
    root = workspace.login("root")
    assert _members(root) == {
        "frontline": ["alice", "bob"],
        "senior": ["sam"],
        "expert": ["erin"],
    }
    root.queues.add_member("senior", "maria", "covers the senior desk this week")
    assert _members(root)["senior"] == ["maria", "sam"]
    with pytest.raises(ValidationError, match="already in the senior specialists queue"):
        root.queues.add_member("senior", "maria")
    with pytest.raises(PermissionDenied, match="only an admin"):
        workspace.login("alice").queues.add_member("senior", "alice")
    root.queues.remove_member("senior", "maria")
    assert _members(root)["senior"] == ["sam"]
    events = [e for e in root.audit.target_trail("queue", "senior")]
    kinds = [str(e.event.action) for e in events]
    assert kinds[-2:] == ["queue.member_added", "queue.member_removed"]
    assert events[-2].event.payload()["why"] == "covers the senior desk this week"
    assert root.audit.verify().ok


def test_an_escalation_lands_with_the_next_tier(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    case = alice.cases.assign(case.reference, "alice")
    with pytest.raises(ValidationError, match="erin is not in the senior specialists queue"):
        alice.cases.escalate(case.reference, "needs a senior", to="erin")
    with pytest.raises(ValidationError, match="reason is required"):
        alice.cases.escalate(case.reference, "  ", to="sam")
    escalated = alice.cases.escalate(case.reference, "carrier refuses to answer", to="sam")
    assert (escalated.tier, escalated.status, escalated.assignee) == (
        Tier.SENIOR,
        Status.ESCALATED,
        "sam",
    )
    # without a name it waits in the expert queue, where erin sees it in "My queue"
    sam = workspace.login("sam")
    waiting = sam.cases.escalate(case.reference, "needs legal view")
    assert (waiting.tier, waiting.assignee) == (Tier.EXPERT, None)
    erin = workspace.login("erin")
    assert erin.queues.my_tiers() == [Tier.EXPERT]
    mine = CaseFilter(tiers=tuple(erin.queues.my_tiers()), assignee="", open_only=True)
    assert [r.reference for r in erin.cases.list(CaseQuery(mine)).items] == [case.reference]
    assert workspace.login("root").audit.verify().ok


def test_reassignment_stays_inside_the_cases_queue(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    case = alice.cases.assign(case.reference, "bob")
    with pytest.raises(ValidationError, match="sam is not in the frontline queue") as err:
        alice.cases.assign(case.reference, "sam")
    assert "alice, bob" in err.value.message and "escalate" in err.value.message
    assert alice.cases.get(case.reference).assignee == "bob"


def test_de_escalation_goes_one_tier_down_with_a_reason(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    alice.cases.assign(case.reference, "alice")
    alice.cases.escalate(case.reference, "needs a senior", to="sam")
    sam = workspace.login("sam")
    with pytest.raises(ValidationError, match="reason is required"):
        sam.cases.deescalate(case.reference, "")
    back = sam.cases.deescalate(case.reference, "a frontline refund will do", to="alice")
    assert (back.tier, back.status, back.assignee) == (Tier.FRONTLINE, Status.OPEN, "alice")
    with pytest.raises(ValidationError, match="already with the frontline"):
        alice.cases.deescalate(case.reference, "lower still")


def test_the_escalation_history_is_reconstructed_from_the_trail(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    alice.cases.assign(case.reference, "alice")
    alice.cases.escalate(case.reference, "needs a senior")
    workspace.login("sam").cases.assign(case.reference, "sam")
    workspace.login("sam").cases.escalate(case.reference, "needs an expert", to="erin")
    workspace.login("erin").cases.deescalate(case.reference, "policy question answered")
    # replay tier and assignee from the events alone
    tier, assignee, history = "frontline", None, []
    for action, data in _trail(alice, case.id):
        new = data.get("new") or {}
        if action in ("case.escalated", "case.deescalated"):
            history.append((action, data["old"]["tier"], new["tier"], data["reason"]))
        tier = new.get("tier", tier)
        assignee = new.get("assignee", assignee) if "assignee" in new else assignee
    stored = alice.cases.get(case.reference)
    assert (tier, assignee) == (stored.tier.value, stored.assignee) == ("senior", None)
    assert history == [
        ("case.escalated", "frontline", "senior", "needs a senior"),
        ("case.escalated", "senior", "expert", "needs an expert"),
        ("case.deescalated", "expert", "senior", "policy question answered"),
    ]


def test_a_member_holding_cases_stays_in_the_queue(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    alice.cases.assign(case.reference, "bob")
    root = workspace.login("root")
    held = rf"bob still holds 1 open case\(s\) at this tier \({case.reference}\)"
    with pytest.raises(ValidationError, match=held):
        root.queues.remove_member("frontline", "bob")
    alice.cases.assign(case.reference, None)
    assert "bob" not in [m.username for m in root.queues.remove_member("frontline", "bob").members]


def test_round_robin_routing_deals_new_cases_out_with_an_event(workspace: Workspace) -> None:
    root = workspace.login("root")
    root.queues.set_routing("frontline", "round-robin")
    alice = workspace.login("alice")
    given = [alice.cases.create(draft()) for _ in range(3)]
    assert [c.assignee for c in given] == ["alice", "bob", "alice"]
    routed = [d for a, d in _trail(alice, given[1].id) if a == "case.routed"]
    assert routed == [{"tier": "frontline", "assignee": "bob", "rule": "round-robin"}]
    assert root.audit.verify().ok


def test_routing_by_category_names_the_rule(workspace: Workspace) -> None:
    root = workspace.login("root")
    with pytest.raises(ValidationError, match=r"sam \(for product-defect\) is not a member"):
        root.queues.set_routing("frontline", "by-category", {"product-defect": "sam"})
    root.queues.set_routing("frontline", "by-category", {"product-defect": "bob"})
    alice = workspace.login("alice")
    defect = alice.cases.create(draft(category="product-defect"))
    other = alice.cases.create(draft(category="shipping-problem"))
    assert (defect.assignee, other.assignee) == ("bob", None)
    rules = [d["rule"] for a, d in _trail(alice, defect.id) if a == "case.routed"]
    assert rules == ["by-category:product-defect"]
    routing = [e.event.payload() for e in root.audit.target_trail("queue", "frontline")][-1]
    assert routing["new"] == {"mode": "by-category", "categories": {"product-defect": "bob"}}


def test_a_remedy_above_the_tiers_authority_escalates_the_case(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = new_case(alice, "900.00")
    alice.cases.assign(case.reference, "alice")
    small = alice.remedies.propose(case.reference, "partial-refund", eur("60.00"), reason="dent")
    assert alice.cases.get(case.reference).tier is Tier.FRONTLINE
    # 200 EUR: above the frontline's 100 EUR, within the senior specialists' 250 EUR
    big = alice.remedies.propose(case.reference, "partial-refund", eur("200.00"), reason="broken")
    moved = alice.cases.get(case.reference)
    assert (moved.tier, moved.status, moved.assignee) == (Tier.SENIOR, Status.ESCALATED, None)
    trail = alice.audit.case_trail(case.id)
    escalation = next(e.event for e in trail if e.event.action == "case.escalated")
    proposed = next(
        e.event
        for e in trail
        if e.event.action == "remedy.proposed" and e.event.target_id == big.reference
    )
    assert abs(escalation.seq - proposed.seq) == 1  # one change: the proposal and its escalation
    rule = escalation.payload()["rule"]
    assert (rule["id"], rule["name"]) == ("R3", "absolute-limit")
    assert big.reference in escalation.payload()["reason"]
    assert small.reference not in escalation.payload()["reason"]
    assert workspace.login("root").audit.verify().ok


def test_a_remedy_needing_the_experts_skips_the_senior_tier(workspace: Workspace) -> None:
    maria = workspace.login("maria")
    case = new_case(maria, "900.00")
    maria.remedies.propose(case.reference, "partial-refund", eur("600.00"), reason="broken")
    assert maria.cases.get(case.reference).tier is Tier.EXPERT


def test_verify_names_a_membership_row_edited_behind_the_apps_back(
    workspace: Workspace,
) -> None:
    workspace.tamper(
        "INSERT INTO queue_members (tier, user_id, added_at, added_by) SELECT 'expert', id, "
        "'2026-11-23T09:00:00.000000Z', 'root' FROM users WHERE username = 'alice'"
    )
    report = workspace.login("root").audit.verify()
    assert not report.ok
    where = [str(p) for p in report.problems]
    assert any("queue_members expert/" in p for p in where), where


def test_an_import_routes_its_open_cases_in_bulk(workspace: Workspace) -> None:
    from resolution_center.services.imports import ImportRecord, import_cases

    root = workspace.login("root")
    root.queues.set_routing("frontline", "round-robin")
    records = [ImportRecord(draft(f"Kettle {n}", email=f"buyer{n}@example.com")) for n in range(5)]
    records.append(
        ImportRecord(draft("Old one", email="old@example.com"), status="closed")  # type: ignore[arg-type]
    )
    result = import_cases(root, records, batch=3)
    assert result.imported == 6
    rows = root.cases.list(CaseQuery(CaseFilter(), sort="reference", limit=10)).items
    given = {r.subject: r.assignee for r in rows}
    # dealt out in turn within a batch and across batches; a closed case waits for nobody
    assert [given[f"Kettle {n}"] for n in range(5)] == ["alice", "bob", "alice", "bob", "alice"]
    assert given["Old one"] is None
    first = next(r for r in rows if r.subject == "Kettle 1")
    routed = [d for a, d in _trail(root, first.id) if a == "case.routed"]
    assert routed == [{"assignee": "bob", "rule": "round-robin", "tier": "frontline"}]
    assert root.audit.verify().ok


def test_the_sla_sweep_escalates_a_breached_case_naming_the_rule(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    late = alice.cases.create(draft("Late"))
    alice.cases.assign(late.reference, "alice")
    workspace.clock.advance(days=30)  # every deadline of a normal case has passed
    swept = alice.sla.sweep()
    assert {(a.reference, a.target.value) for a in swept if a.action == "sla.breached"} == {
        (late.reference, "first-response"),
        (late.reference, "resolution"),
    }
    moved = alice.cases.get(late.reference)
    assert (moved.tier, moved.status, moved.assignee) == (Tier.SENIOR, Status.ESCALATED, None)
    trail = _trail(alice, late.id)
    kinds = [a for a, _ in trail]
    # in the breach's transaction, right after its events
    assert kinds[-3:] == ["sla.breached", "sla.breached", "case.escalated"]
    rule = trail[-1][1]["rule"]
    assert (rule["id"], rule["name"]) == ("SLA-R", "resolution-breach")
    assert alice.sla.sweep() == []  # recorded once, escalated once
    assert alice.cases.get(late.reference).tier is Tier.SENIOR
    assert workspace.login("root").audit.verify().ok


def test_escalation_on_breach_is_an_admins_setting(workspace: Workspace) -> None:
    root = workspace.login("root")
    assert root.queues.breach_choice() == "resolution"
    with pytest.raises(PermissionDenied):
        workspace.login("alice").queues.set_breach_choice("off")
    assert root.queues.set_breach_choice("off") == "off"
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    workspace.clock.advance(days=30)
    assert alice.sla.sweep()
    assert alice.cases.get(case.reference).tier is Tier.FRONTLINE
    changed = [
        e.event.payload() for e in root.audit.target_trail("settings", "queues.escalate_on_breach")
    ]
    assert changed == [{"old": "resolution", "new": "off"}]


def test_an_escalation_without_a_name_follows_the_next_queues_routing(
    workspace: Workspace,
) -> None:
    root = workspace.login("root")
    root.queues.add_member("senior", "maria")
    root.queues.set_routing("senior", "round-robin")
    alice = workspace.login("alice")
    first, second = (alice.cases.create(draft(f"Case {n}")) for n in range(2))
    up = [alice.cases.escalate(c.reference, "needs a senior") for c in (first, second)]
    assert [c.assignee for c in up] == ["maria", "sam"]
    named = alice.cases.escalate(
        alice.cases.create(draft("Named")).reference, "needs sam", to="sam"
    )
    assert named.assignee == "sam"
    data = next(d for a, d in _trail(alice, first.id) if a == "case.escalated")
    assert (data["new"]["assignee"], data["routed"]) == ("maria", "round-robin")
    entry = alice.audit.case_trail(first.id)[-1]
    assert TrailText().summary(entry) == (
        "Escalated to the senior tier (from frontline), to maria (the queue's round-robin)"
    )
