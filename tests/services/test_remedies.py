"""Remedy life cycle through the services, on SQLite and PostgreSQL: decisions stored verbatim,
separation of duties, dual sign-off, caps, expiry, edits, freezing and bad input."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from resolution_center.domain.audit import canonical_json
from resolution_center.domain.errors import (
    AuthenticationError,
    ConflictError,
    NotFound,
    PermissionDenied,
    PolicyRefusal,
    ValidationError,
)
from resolution_center.domain.money import Money, parse_amount
from resolution_center.domain.policy import Outcome
from resolution_center.domain.remedy import RemedyState
from tests.helpers.remedies import eur, new_case, pass_days, trail
from tests.helpers.workspace import PASSWORD, Workspace

S = RemedyState


def _stored_decision(ws: Workspace, reference: str) -> str:
    ctx = ws.login("root")
    return str(
        ctx.store.sql.scalar("SELECT decision FROM remedies WHERE reference = ?", (reference,))
    )


# ---- proposing ---------------------------------------------------------------------------------


def test_within_own_authority_it_is_authorized_and_the_decision_is_kept_verbatim(
    workspace: Workspace,
) -> None:
    alice = workspace.login("alice")
    case = new_case(alice, "400.00")
    preview = alice.remedies.preview(case.reference, "partial-refund", eur("60.00"))
    remedy = alice.remedies.propose(
        case.reference, "partial-refund", eur("60.00"), reason="arrived late"
    )

    assert preview.outcome is Outcome.AUTHORIZED
    assert remedy.state is S.AUTHORIZED and remedy.reference == "RM-000001"
    assert remedy.requester == "alice" and remedy.policy_version == 1
    assert remedy.decision == preview  # what the banner showed is what was stored
    assert _stored_decision(workspace, remedy.reference) == canonical_json(
        remedy.decision.to_json()
    )
    [event] = trail(alice, remedy.reference)
    assert (event.event.actor, event.event.action) == ("alice", "remedy.proposed")
    assert event.data["summary"] == remedy.decision.summary()
    assert event.data["rules"] == [
        f"{r.rule_id} passed: {r.explanation}" for r in remedy.decision.results
    ]
    assert event.data["policy_version"] == 1 and event.data["case"] == case.reference
    assert len(event.data["rules"]) == 9


def test_beyond_own_authority_it_waits_for_an_approver_with_enough_authority(
    workspace: Workspace,
) -> None:
    alice = workspace.login("alice")
    case = new_case(alice, "400.00")
    remedy = alice.remedies.propose(
        case.reference, "partial-refund", eur("150.00"), reason="handle broke"
    )
    assert remedy.state is S.PENDING_SIGNOFF and remedy.approvals_needed == 1
    assert remedy.decision.required_role == "senior-specialist"
    assert "needs senior-specialist: 150.00 EUR > specialist limit 100.00 EUR" in (
        remedy.explanation
    )
    [proposed] = trail(alice, remedy.reference)
    assert "R3 failed: needs senior-specialist" in " ".join(proposed.data["rules"])

    with pytest.raises(PolicyRefusal, match=r"150.00 EUR > specialist authority .*rule S4"):
        workspace.login("bob").remedies.approve(remedy.reference, PASSWORD)
    approved = workspace.login("sam").remedies.approve(remedy.reference, PASSWORD, "receipt ok")
    assert approved.state is S.APPROVED and approved.approvers == ("sam",)
    [signoff] = approved.signoffs
    assert (signoff.approver, signoff.approver_role, signoff.verdict, signoff.note) == (
        "sam",
        "senior-specialist",
        "approved",
        "receipt ok",
    )
    assert "sam may sign off" in signoff.explanation
    events = trail(alice, remedy.reference)
    assert [(e.event.actor, e.event.action) for e in events] == [
        ("alice", "remedy.proposed"),
        ("sam", "remedy.approved"),
    ]
    assert events[-1].data["new"] == {"state": "approved"}
    assert workspace.login("root").audit.verify().ok


def test_nobody_approves_their_own_remedy_not_even_a_supervisor_or_an_admin(
    workspace: Workspace,
) -> None:
    maria = workspace.login("maria")
    case = new_case(maria, "3000.00")
    big = maria.remedies.propose(
        case.reference, "partial-refund", eur("1500.00"), reason="whole set broken"
    )
    assert big.state is S.PENDING_SIGNOFF and big.approvals_needed == 2  # above 1,000: dual
    with pytest.raises(PolicyRefusal, match="maria requested this remedy and may not approve it"):
        maria.remedies.approve(big.reference, PASSWORD)

    root = workspace.login("root")
    small = root.remedies.propose(
        case.reference, "goodwill-gesture", eur("10.00"), reason="sorry for the wait"
    )
    assert small.state is S.PENDING_SIGNOFF  # admin is ranked but holds no money authority
    with pytest.raises(PolicyRefusal, match="root requested this remedy") as refused:
        root.remedies.approve(small.reference, PASSWORD)
    assert "S2" in refused.value.details["rules"]
    with pytest.raises(PolicyRefusal, match="rule S4"):  # and cannot approve others' either
        root.remedies.approve(big.reference, PASSWORD)
    assert maria.remedies.show(big.reference).signoffs == ()


def test_dual_signoff_needs_two_different_supervisors(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = new_case(alice, "3000.00")
    remedy = alice.remedies.propose(
        case.reference, "partial-refund", eur("1500.00"), reason="sofa delivered broken"
    )
    assert remedy.decision.outcome is Outcome.NEEDS_DUAL_SIGNOFF
    maria = workspace.login("maria")
    first = maria.remedies.approve(remedy.reference, PASSWORD, "checked photos")
    assert first.state is S.PENDING_SIGNOFF and first.approvers == ("maria",)
    with pytest.raises(PolicyRefusal, match="maria has already signed off"):
        maria.remedies.approve(remedy.reference, PASSWORD)
    with pytest.raises(PolicyRefusal, match="rule S4"):  # an expert's 750.00 does not cover it
        workspace.login("erin").remedies.approve(remedy.reference, PASSWORD)
    done = workspace.login("olu").remedies.approve(remedy.reference, PASSWORD)
    assert done.state is S.APPROVED and done.approvers == ("maria", "olu")
    assert [e.event.action for e in trail(alice, remedy.reference)] == [
        "remedy.proposed",
        "remedy.signed_off",
        "remedy.approved",
    ]


def test_a_second_decision_is_a_conflict_naming_who_decided_and_when(
    workspace: Workspace,
) -> None:
    alice = workspace.login("alice")
    case = new_case(alice, "400.00")
    remedy = alice.remedies.propose(case.reference, "partial-refund", eur("150.00"), reason="x")
    workspace.login("sam").remedies.reject(remedy.reference, PASSWORD, "no proof of damage")
    with pytest.raises(ConflictError, match=r"already decided by sam at .* UTC \(rejected\)"):
        workspace.login("erin").remedies.approve(remedy.reference, PASSWORD)
    with pytest.raises(ValidationError, match="reason is required"):
        workspace.login("erin").remedies.reject(remedy.reference, PASSWORD, "  ")
    rejected = alice.remedies.show(remedy.reference)
    assert rejected.state is S.REJECTED
    assert rejected.signoffs[0].note == "no proof of damage"
    assert trail(alice, remedy.reference)[-1].data["reason"] == "no proof of damage"


def test_signing_off_asks_for_the_password_again(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = new_case(alice, "400.00")
    remedy = alice.remedies.propose(case.reference, "partial-refund", eur("150.00"), reason="x")
    sam = workspace.login("sam")
    with pytest.raises(AuthenticationError, match="wrong password"):
        sam.remedies.approve(remedy.reference, "not-sams-password")
    with pytest.raises(AuthenticationError):
        sam.remedies.approve(remedy.reference, "")
    assert sam.remedies.show(remedy.reference).state is S.PENDING_SIGNOFF


def test_the_system_actor_cannot_propose(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = new_case(alice)
    with pytest.raises(PermissionDenied):
        workspace.login(None).remedies.propose(case.reference, "coupon", eur("5.00"), reason="x")


# ---- caps ----------------------------------------------------------------------------------------


def test_split_requests_cannot_slip_under_the_case_cap(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = new_case(alice, "3000.00")
    first = alice.remedies.propose(case.reference, "partial-refund", eur("900.00"), reason="a")
    second = alice.remedies.propose(case.reference, "partial-refund", eur("900.00"), reason="b")
    assert first.state is second.state is S.PENDING_SIGNOFF  # pending money counts too
    with pytest.raises(PolicyRefusal) as refused:
        alice.remedies.propose(case.reference, "partial-refund", eur("900.00"), reason="c")
    assert refused.value.details["rules"] == ["R7"]
    assert (
        "refused: case remedies in the last 90 days 1,800.00 EUR (2 counted) + this "
        "900.00 EUR = 2,700.00 EUR > case cap 2,500.00 EUR" in refused.value.message
    )
    assert any(line.startswith("R7 failed") for line in refused.value.details["explanation"])
    assert alice.remedies.list(case_ref=case.reference).total == 2  # nothing stored

    # A rejection frees its share of the cap.
    workspace.login("maria").remedies.reject(second.reference, PASSWORD, "duplicate")
    third = alice.remedies.propose(case.reference, "partial-refund", eur("900.00"), reason="c")
    assert third.state is S.PENDING_SIGNOFF


def test_the_customer_cap_spans_cases(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    cases = [new_case(alice, "3000.00", email="big@example.com") for _ in range(3)]
    for case in cases[:2]:
        alice.remedies.propose(case.reference, "partial-refund", eur("2000.00"), reason="x")
    with pytest.raises(PolicyRefusal, match=r"customer cap 5,000.00 EUR") as refused:
        alice.remedies.propose(cases[2].reference, "partial-refund", eur("1200.00"), reason="x")
    assert refused.value.details["rules"] == ["R8"]
    other = new_case(alice, "3000.00", email="someone-else@example.com")
    assert (
        alice.remedies.propose(other.reference, "partial-refund", eur("1200.00"), reason="x").state
        is S.PENDING_SIGNOFF
    )


def test_approval_evaluates_the_caps_again(workspace: Workspace) -> None:
    from tests.services.test_policies import policy_text

    alice = workspace.login("alice")
    case = new_case(alice, "3000.00")
    pending = alice.remedies.propose(case.reference, "partial-refund", eur("900.00"), reason="a")
    workspace.login("root").policies.load(policy_text(2, case_cap="500.00"))
    with pytest.raises(
        PolicyRefusal,
        match=r"can no longer be approved: refused: .*case cap "
        r"500.00 EUR",
    ) as refused:
        workspace.login("maria").remedies.approve(pending.reference, PASSWORD)
    assert refused.value.details["rules"] == ["R7"]
    assert alice.remedies.show(pending.reference).state is S.PENDING_SIGNOFF


# ---- expiry -------------------------------------------------------------------------------------


def test_a_pending_remedy_expires_after_the_policys_days_recorded_by_system(
    workspace: Workspace,
) -> None:
    alice = workspace.login("alice")
    case = new_case(alice)
    remedy = alice.remedies.propose(case.reference, "partial-refund", eur("150.00"), reason="x")
    assert remedy.expires_at is not None
    assert remedy.expires_at - remedy.created_at == timedelta(days=7)
    pass_days(workspace, 6)
    assert alice.remedies.show(remedy.reference).state is S.PENDING_SIGNOFF
    pass_days(workspace, 1.5)
    assert [item.remedy.reference for item in alice.remedies.queue()] == []
    expired = alice.remedies.show(remedy.reference)
    assert expired.state is S.EXPIRED and expired.updated_by == "system"
    last = trail(alice, remedy.reference)[-1]
    assert (last.event.actor, last.event.role, last.event.action) == (
        "system",
        "system",
        "remedy.expired",
    )
    assert last.data["old"] == {"state": "pending-signoff"}
    assert alice.remedies.expire_due() == []  # once only
    assert workspace.login("root").audit.verify().ok


# ---- edits, withdrawal, fulfilment, freezing -------------------------------------------------


def test_editing_an_approved_remedy_voids_the_approval(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = new_case(alice, "400.00")
    remedy = alice.remedies.propose(case.reference, "partial-refund", eur("150.00"), reason="x")
    approved = workspace.login("sam").remedies.approve(remedy.reference, PASSWORD)

    edited = alice.remedies.edit(remedy.reference, approved.version, amount=eur("160.00"))
    assert edited.state is S.PENDING_SIGNOFF and edited.approvers == ()
    assert edited.amount == eur("160.00") and edited.version == approved.version + 1
    assert [s.void for s in edited.signoffs] == [True]
    last = trail(alice, remedy.reference)[-1]
    assert last.event.action == "remedy.edited"
    assert last.data["voided_signoffs"] == ["sam"]
    assert "no longer count" in last.data["note"]
    assert last.data["changes"]["amount"] == {
        "old": eur("150.00").to_json(),
        "new": eur("160.00").to_json(),
    }
    assert (last.data["old"], last.data["new"]["state"]) == (
        {"state": "approved"},
        "pending-signoff",
    )

    with pytest.raises(ConflictError, match="was changed by alice"):
        alice.remedies.edit(remedy.reference, approved.version, amount=eur("90.00"))
    smaller = alice.remedies.edit(remedy.reference, edited.version, amount=eur("90.00"))
    assert smaller.state is S.AUTHORIZED  # within her own authority now
    with pytest.raises(PermissionDenied, match="only alice"):
        workspace.login("maria").remedies.edit(remedy.reference, smaller.version, reason="changed")
    with pytest.raises(ValidationError, match="nothing to change"):
        alice.remedies.edit(remedy.reference, smaller.version, amount=eur("90.00"))


def test_a_remedy_named_in_an_issued_agreement_is_frozen(workspace: Workspace) -> None:
    from tests.helpers.agreements import negotiated

    n = negotiated(workspace)
    draft = n.sofia.agreements.create(n.case_ref, n.offer.reference, "email")
    issued = n.dmitri.agreements.issue(draft.number)
    frozen = n.sofia.remedies.show(n.small)
    assert frozen.frozen_by == issued.number
    message = f"named in issued agreement {issued.number}; changing it means a new agreement"
    with pytest.raises(PolicyRefusal, match=message):
        n.sofia.remedies.edit(n.small, frozen.version, amount=eur("30.00"))
    with pytest.raises(PolicyRefusal, match=message):
        n.sofia.remedies.withdraw(n.small, "changed my mind")
    assert n.sofia.remedies.fulfil(n.small).state is S.FULFILLED  # what was agreed


def test_withdraw_and_fulfil_follow_the_state_table(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = new_case(alice, "400.00")
    pending = alice.remedies.propose(case.reference, "partial-refund", eur("150.00"), reason="x")
    with pytest.raises(PolicyRefusal, match="from pending-signoff to fulfilled"):
        alice.remedies.fulfil(pending.reference)
    with pytest.raises(PermissionDenied, match="or a supervisor"):
        workspace.login("bob").remedies.withdraw(pending.reference)
    withdrawn = workspace.login("maria").remedies.withdraw(pending.reference, "duplicate")
    assert withdrawn.state is S.WITHDRAWN and withdrawn.updated_by == "maria"
    assert trail(alice, pending.reference)[-1].data["reason"] == "duplicate"
    with pytest.raises(PolicyRefusal, match="already withdrawn"):
        alice.remedies.withdraw(pending.reference)

    ok = alice.remedies.propose(case.reference, "coupon", eur("20.00"), reason="sorry")
    fulfilled = workspace.login("bob").remedies.fulfil(ok.reference)
    assert fulfilled.state is S.FULFILLED
    with pytest.raises(PolicyRefusal):
        alice.remedies.fulfil(ok.reference)
    assert [e.event.action for e in trail(alice, ok.reference)] == [
        "remedy.proposed",
        "remedy.fulfilled",
    ]


# ---- lists and the queue ------------------------------------------------------------------------


def test_the_queue_shows_pending_remedies_oldest_first_with_the_case_history(
    workspace: Workspace,
) -> None:
    alice = workspace.login("alice")
    first_case, second_case = new_case(alice, "400.00"), new_case(alice, "400.00")
    done = alice.remedies.propose(first_case.reference, "coupon", eur("20.00"), reason="a")
    older = alice.remedies.propose(
        first_case.reference, "partial-refund", eur("150.00"), reason="b"
    )
    newer = alice.remedies.propose(
        second_case.reference, "partial-refund", eur("120.00"), reason="c"
    )
    queue = workspace.login("maria").remedies.queue()
    assert [item.remedy.reference for item in queue] == [older.reference, newer.reference]
    assert [r.reference for r in queue[0].case_history] == [done.reference]
    assert queue[0].remedy.requester == "alice" and queue[0].remedy.amount == eur("150.00")
    assert queue[0].to_json()["explanation"].startswith("needs senior-specialist")
    assert queue[1].case_history == ()

    page = alice.remedies.list(pending=True)
    assert [r.reference for r in page.items] == [older.reference, newer.reference]
    assert page.total == 2
    assert alice.remedies.list(case_ref=first_case.reference).total == 2
    assert [r.reference for r in alice.remedies.list(limit=1).items] == [newer.reference]
    with pytest.raises(NotFound):
        alice.remedies.show("RM-999999")
    with pytest.raises(ValidationError):
        alice.remedies.show("REM-1")


# ---- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, message",
    [
        ("-10.00", "must not be negative"),
        ("10.001", "more decimal places than EUR allows"),
        ("10000000000000000", "absurdly large"),
        ("1,5", "is not an amount in EUR"),
        ("", "enter an amount"),
    ],
)
def test_amounts_are_parsed_strictly(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_amount(text, "EUR")


def test_bad_remedy_requests_are_refused_and_nothing_is_stored(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = new_case(alice, "400.00")

    def propose(amount: Money | None, kind: str = "partial-refund", **kw: object) -> object:
        return alice.remedies.propose(case.reference, kind, amount, reason="x", **kw)  # type: ignore[arg-type]

    with pytest.raises(ValidationError, match="more than zero"):
        propose(eur("0.00"))
    with pytest.raises(ValidationError, match="more than zero"):
        propose(Money(-1000, "EUR"))
    with pytest.raises(
        ValidationError, match="in EUR: a remedy is paid in the order's currency, not USD"
    ):
        propose(Money(1000, "USD"))
    with pytest.raises(ValidationError, match="unknown currency"):
        propose(Money(1000, "XYZ"))
    with pytest.raises(ValidationError, match="unknown remedy kind 'cash'"):
        propose(eur("10.00"), "cash")
    with pytest.raises(ValidationError, match="has no line 7"):
        propose(eur("10.00"), lines=(7,))
    with pytest.raises(ValidationError, match="reason is required"):
        alice.remedies.propose(case.reference, "coupon", eur("5.00"), reason=" ")
    with pytest.raises(PolicyRefusal, match=r"refused: no role may authorize 999,999,999\.00 EUR"):
        propose(eur("999999999.00"))  # large but well-formed: the policy refuses it (R5)
    with pytest.raises(PolicyRefusal, match=r"refused: 450.00 EUR > order value 400.00 EUR"):
        propose(eur("450.00"), "full-refund")  # more than was paid (R6)

    zloty = new_case(alice, "400.00", currency="PLN")
    with pytest.raises(PolicyRefusal, match="policy v1 has no limits for PLN") as refused:
        alice.remedies.propose(zloty.reference, "coupon", parse_amount("10.00", "PLN"), reason="x")
    assert refused.value.details["rules"] == ["R1"]
    assert alice.remedies.list().total == 0


def test_a_replacement_is_valued_at_the_covered_items_price(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = new_case(
        alice, "68.50", items=[("SKU-1", "Kettle", 2, "30.00"), ("SKU-2", "Lid", 1, "8.50")]
    )
    lid = alice.remedies.propose(case.reference, "replacement", None, lines=[2], reason="cracked")
    assert (lid.amount, lid.lines, lid.state) == (eur("8.50"), (2,), S.AUTHORIZED)
    kettles = alice.remedies.propose(
        case.reference, "replacement", None, lines=[1], reason="both leak"
    )
    assert kettles.amount == eur("60.00")
    whole = alice.remedies.preview(case.reference, "expedited-replacement", None)
    assert whole.amount == eur("68.50")
    with pytest.raises(ValidationError, match=r"valued at the covered items' price, 8\.50 EUR"):
        alice.remedies.propose(case.reference, "replacement", eur("5.00"), lines=[2], reason="x")
    with pytest.raises(ValidationError, match="listed twice"):
        alice.remedies.propose(case.reference, "replacement", None, lines=[2, 2], reason="x")
    with pytest.raises(ValidationError, match="enter an amount"):
        alice.remedies.propose(case.reference, "coupon", None, reason="x")


# ---- policy versions over time ------------------------------------------------------------------


def test_a_new_policy_never_rewrites_stored_decisions(workspace: Workspace, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.services.test_policies import policy_text

    alice = workspace.login("alice")
    case = new_case(alice, "400.00")
    before = alice.remedies.propose(case.reference, "partial-refund", eur("60.00"), reason="x")
    workspace.login("root").policies.load(policy_text(2, specialist_partial="50.00"))
    after = alice.remedies.propose(case.reference, "partial-refund", eur("60.00"), reason="y")
    assert after.state is S.PENDING_SIGNOFF and after.policy_version == 2
    kept = alice.remedies.show(before.reference)
    assert kept.policy_version == 1 and kept.decision == before.decision
    assert json.loads(_stored_decision(workspace, before.reference))["policy_version"] == 1


def test_awaiting_my_signoff_lists_the_cases_each_person_may_sign_off(
    workspace: Workspace,
) -> None:
    from resolution_center.domain.case import CaseFilter, CaseQuery

    def awaiting(user: str, **narrow: object) -> list[str]:
        ctx = workspace.login(user)
        query = CaseQuery(CaseFilter(awaiting_my_signoff=True, **narrow))  # type: ignore[arg-type]
        return [row.reference for row in ctx.cases.list(query).items]

    alice, sam = workspace.login("alice"), workspace.login("sam")
    small, big, quiet = new_case(alice, "400.00"), new_case(alice, "400.00"), new_case(alice)
    alice.remedies.propose(small.reference, "partial-refund", eur("150.00"), reason="leaks")
    sams = sam.remedies.propose(big.reference, "partial-refund", eur("390.00"), reason="all")
    assert sams.state is S.PENDING_SIGNOFF

    assert awaiting("sam") == [small.reference]  # his own request is not his to sign
    assert sorted(awaiting("maria")) == sorted([small.reference, big.reference])
    assert awaiting("alice") == [] and awaiting("bob") == []  # specialists sign nothing
    assert quiet.reference not in awaiting("olu")
    assert awaiting("maria", search=big.reference) == [big.reference]  # narrows with the rest
    counts = workspace.login("maria").cases.counts(CaseFilter(awaiting_my_signoff=True))
    assert sum(counts["status"].values()) == 2

    workspace.login("olu").remedies.approve(sams.reference, PASSWORD, "ok")
    assert awaiting("maria") == [small.reference]  # decided: off everyone's list
