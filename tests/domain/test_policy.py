"""Remedy authorization: every rule of `evaluate`, sign-off checks, states and references."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from resolution_center.domain.errors import PolicyRefusal, ValidationError
from resolution_center.domain.money import Money, parse_amount
from resolution_center.domain.policy import (
    CategoryOverride,
    CurrencyLimits,
    Decision,
    History,
    Outcome,
    PastRemedy,
    PolicySet,
    authority_of,
    can_approve,
    evaluate,
)
from resolution_center.domain.remedy import (
    RemedyKind,
    RemedyRequest,
    RemedyState,
    check_remedy_transition,
    parse_remedy_reference,
    remedy_reference,
)

K = RemedyKind
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ALL_RULES = [f"R{n}" for n in range(1, 10)]


def eur(text: str) -> Money:
    return parse_amount(text, "EUR")


def jpy(text: str) -> Money:
    return parse_amount(text, "JPY")


def make_policy() -> PolicySet:
    """Small numbers that are easy to reason about; version 4 so explanations show 'v4'."""
    eur_limits = {
        ("specialist", K.PARTIAL_REFUND): eur("100.00"),
        ("specialist", K.FULL_REFUND): eur("150.00"),
        ("specialist", K.GOODWILL_GESTURE): eur("20.00"),
        ("supervisor", K.PARTIAL_REFUND): eur("2000.00"),
        ("supervisor", K.FULL_REFUND): eur("2000.00"),
        ("supervisor", K.GOODWILL_GESTURE): eur("100.00"),
    }
    jpy_limits = {
        ("specialist", K.PARTIAL_REFUND): jpy("15000"),
        ("supervisor", K.PARTIAL_REFUND): jpy("300000"),
    }
    return PolicySet(
        version=4,
        name="test policy",
        roles=("admin", "specialist", "supervisor"),
        currencies={
            "EUR": CurrencyLimits(
                "EUR",
                eur_limits,
                case_cap=eur("2500.00"),
                customer_cap=eur("5000.00"),
                dual_signoff_above=eur("1000.00"),
                goodwill_limit=eur("50.00"),
            ),
            "JPY": CurrencyLimits(
                "JPY",
                jpy_limits,
                case_cap=jpy("375000"),
                customer_cap=jpy("750000"),
                dual_signoff_above=jpy("150000"),
                goodwill_limit=jpy("7500"),
            ),
        },
        percents={("specialist", K.PARTIAL_REFUND): 50, ("supervisor", K.PARTIAL_REFUND): 100},
        overrides={
            "product-defect": CategoryOverride("product-defect", 150),
            "shipping-problem": CategoryOverride("shipping-problem", 120),
            "shipping-problem/lost": CategoryOverride("shipping-problem/lost", 150),
            "fraud-suspicion": CategoryOverride(
                "fraud-suspicion",
                50,
                limits={("EUR", "specialist", K.GOODWILL_GESTURE): eur("0.00")},
                percents={("specialist", K.PARTIAL_REFUND): 10},
            ),
        },
        window_days=90,
        pending_expiry_days=7,
    )


POLICY = make_policy()
NO_HISTORY = History()


def req(
    amount: str = "80.00",
    *,
    kind: RemedyKind = K.PARTIAL_REFUND,
    role: str = "specialist",
    requester: str = "sam",
    currency: str = "EUR",
    order: str = "300.00",
    shipping: str = "5.00",
    category: str = "order-issue",
    sub: str | None = None,
    case: str = "C1",
    customer: str = "K1",
    at: datetime = T0,
) -> RemedyRequest:
    return RemedyRequest(
        kind,
        parse_amount(amount, currency),
        requester,
        role,
        category,
        sub,
        parse_amount(order, currency),
        parse_amount(shipping, currency),
        customer,
        case,
        (1,),
        at,
    )


def explain(decision: Decision, rule_id: str) -> str:
    return decision.result(rule_id).explanation


# ---- outcomes and every rule -------------------------------------------------------------------


def test_within_authority_is_authorized_with_every_rule_listed() -> None:
    d = evaluate(req("80.00"), POLICY, NO_HISTORY)
    assert d.outcome is Outcome.AUTHORIZED
    assert [r.rule_id for r in d.results] == ALL_RULES
    assert all(r.passed for r in d.results)
    assert d.required_role is None and d.approvals_needed == 0 and d.expires_at is None
    assert explain(d, "R1") == "the policy has limits for EUR (rule R1, policy v4)"
    assert explain(d, "R2") == "specialist is ranked 2 of 3 (rule R2, policy v4)"
    assert explain(d, "R3") == (
        "80.00 EUR <= specialist limit 100.00 EUR for partial-refund (rule R3, policy v4)"
    )
    assert explain(d, "R4") == (
        "80.00 EUR <= specialist limit 50% of order value 300.00 EUR = "
        "150.00 EUR for partial-refund (rule R4, policy v4)"
    )
    assert explain(d, "R5") == (
        "lowest role with authority for 80.00 EUR partial-refund: "
        "specialist (authority 100.00 EUR) (rule R5, policy v4)"
    )
    assert explain(d, "R6") == (
        "80.00 EUR <= order value 300.00 EUR + shipping 5.00 EUR = 305.00 EUR (rule R6, policy v4)"
    )
    assert explain(d, "R7") == (
        "case remedies in the last 90 days 0.00 EUR (0 counted) + this "
        "80.00 EUR = 80.00 EUR <= case cap 2,500.00 EUR "
        "(rule R7, policy v4)"
    )
    assert explain(d, "R8") == (
        "customer remedies in the last 90 days 0.00 EUR (0 counted) + "
        "this 80.00 EUR = 80.00 EUR <= customer cap 5,000.00 EUR "
        "(rule R8, policy v4)"
    )
    assert explain(d, "R9") == (
        "80.00 EUR <= dual sign-off threshold 1,000.00 EUR (rule R9, policy v4)"
    )
    assert d.summary() == "authorized: 80.00 EUR partial-refund, all 9 rules passed (policy v4)"


def test_r1_unknown_currency_is_refused_never_converted() -> None:
    d = evaluate(req("80.00", currency="CHF"), POLICY, NO_HISTORY)
    assert d.outcome is Outcome.REFUSED
    assert [r.rule_id for r in d.results] == ["R1"]
    assert explain(d, "R1") == (
        "refused: policy v4 has no limits for CHF (it has EUR, JPY); "
        "amounts are never converted between currencies "
        "(rule R1, policy v4)"
    )
    assert d.summary() == explain(d, "R1")


@pytest.mark.parametrize("role", ["system", "expert"])
def test_r2_unranked_role_may_not_request(role: str) -> None:
    d = evaluate(req("10.00", role=role), POLICY, NO_HISTORY)
    assert d.outcome is Outcome.REFUSED
    assert explain(d, "R2") == (
        f"refused: {role} is not ranked in this policy (ranked, lowest "
        f"first: admin, specialist, supervisor) and may not request "
        f"remedies (rule R2, policy v4)"
    )


def test_r3_over_absolute_limit_needs_signoff_naming_the_role() -> None:
    d = evaluate(req("120.00"), POLICY, NO_HISTORY)
    assert d.outcome is Outcome.NEEDS_SIGNOFF
    assert d.required_role == "supervisor"
    assert d.approvals_needed == 1
    assert d.expires_at == T0 + timedelta(days=7)
    assert explain(d, "R3") == (
        "needs supervisor: 120.00 EUR > specialist limit 100.00 EUR for "
        "partial-refund (rule R3, policy v4)"
    )
    assert d.result("R4").passed
    assert explain(d, "R5") == (
        "lowest role with authority for 120.00 EUR partial-refund: "
        "supervisor (authority 300.00 EUR) (rule R5, policy v4)"
    )
    assert d.summary() == explain(d, "R3")
    assert [r.rule_id for r in d.failed()] == ["R3"]


def test_r3_kind_without_a_limit_means_no_authority() -> None:
    d = evaluate(req("5.00", kind=K.COUPON), POLICY, NO_HISTORY)
    assert explain(d, "R3") == (
        "beyond every role's authority: 5.00 EUR > specialist limit "
        "0.00 EUR for coupon (rule R3, policy v4)"
    )
    assert d.outcome is Outcome.REFUSED


def test_r4_percent_of_order_limit() -> None:
    d = evaluate(req("60.00", order="100.00"), POLICY, NO_HISTORY)
    assert d.outcome is Outcome.NEEDS_SIGNOFF
    assert d.result("R3").passed
    assert explain(d, "R4") == (
        "needs supervisor: 60.00 EUR > specialist limit 50% of order "
        "value 100.00 EUR = 50.00 EUR for partial-refund "
        "(rule R4, policy v4)"
    )
    assert d.summary() == explain(d, "R4")


def test_r4_kind_without_percent_has_no_percent_limit() -> None:
    d = evaluate(
        req("120.00", kind=K.FULL_REFUND, order="100.00", shipping="20.00"), POLICY, NO_HISTORY
    )
    assert explain(d, "R4") == (
        "no percent-of-order limit for specialist full-refund (rule R4, policy v4)"
    )
    assert d.outcome is Outcome.AUTHORIZED


def test_r5_no_role_has_enough_authority_is_refused() -> None:
    d = evaluate(req("2500.00", order="3000.00", role="supervisor"), POLICY, NO_HISTORY)
    assert d.outcome is Outcome.REFUSED
    assert d.required_role is None
    assert explain(d, "R5") == (
        "refused: no role may authorize 2,500.00 EUR partial-refund; the "
        "most any role may authorize here is 2,000.00 EUR (supervisor) "
        "(rule R5, policy v4)"
    )
    assert explain(d, "R3") == (
        "beyond every role's authority: 2,500.00 EUR > supervisor limit "
        "2,000.00 EUR for partial-refund (rule R3, policy v4)"
    )
    assert d.summary().startswith("refused: no role may authorize")


def test_r6_ceiling_is_order_value_plus_shipping() -> None:
    d = evaluate(req("306.00", role="supervisor"), POLICY, NO_HISTORY)
    assert d.outcome is Outcome.REFUSED
    assert explain(d, "R6") == (
        "refused: 306.00 EUR > order value 300.00 EUR + shipping 5.00 EUR "
        "= 305.00 EUR; only a goodwill-gesture (up to 50.00 EUR) may "
        "exceed it (rule R6, policy v4)"
    )
    assert evaluate(req("305.00", role="supervisor"), POLICY, NO_HISTORY).result("R6").passed


def test_r6_goodwill_may_exceed_the_ceiling_within_the_goodwill_limit() -> None:
    ok = evaluate(
        req("40.00", kind=K.GOODWILL_GESTURE, role="supervisor", order="10.00", shipping="0.00"),
        POLICY,
        NO_HISTORY,
    )
    assert ok.outcome is Outcome.AUTHORIZED
    assert explain(ok, "R6") == (
        "40.00 EUR > order value 10.00 EUR + shipping 0.00 EUR = "
        "10.00 EUR, allowed: a goodwill-gesture within the goodwill "
        "limit 50.00 EUR (rule R6, policy v4)"
    )
    over = evaluate(
        req("60.00", kind=K.GOODWILL_GESTURE, role="supervisor", order="10.00", shipping="0.00"),
        POLICY,
        NO_HISTORY,
    )
    assert over.outcome is Outcome.REFUSED
    assert explain(over, "R6") == (
        "refused: 60.00 EUR > order value 10.00 EUR + shipping "
        "0.00 EUR = 10.00 EUR and > the goodwill limit 50.00 EUR "
        "(rule R6, policy v4)"
    )
    # Within the ceiling the goodwill limit does not apply: only the role's own limit does.
    within = evaluate(
        req("60.00", kind=K.GOODWILL_GESTURE, role="supervisor", order="100.00"), POLICY, NO_HISTORY
    )
    assert within.outcome is Outcome.AUTHORIZED
    # The exception is for goodwill only: a partial refund beyond the ceiling is refused.
    refund = evaluate(
        req("40.00", role="supervisor", order="10.00", shipping="0.00"), POLICY, NO_HISTORY
    )
    assert not refund.result("R6").passed


def past(
    amount: str,
    state: RemedyState = RemedyState.AUTHORIZED,
    *,
    case: str = "C1",
    customer: str = "K1",
    days_ago: float = 1,
    currency: str = "EUR",
) -> PastRemedy:
    return PastRemedy(
        parse_amount(amount, currency), state, customer, case, T0 - timedelta(days=days_ago)
    )


def test_r7_case_cap_counts_authorized_pending_approved_fulfilled_in_window() -> None:
    history = History(
        (
            past("800.00", RemedyState.AUTHORIZED),
            past("700.00", RemedyState.PENDING_SIGNOFF),
            past("500.00", RemedyState.APPROVED),
            past("400.00", RemedyState.FULFILLED),
            # Not counted: no longer promised, outside the window, another currency or case.
            past("900.00", RemedyState.REJECTED),
            past("900.00", RemedyState.WITHDRAWN),
            past("900.00", RemedyState.EXPIRED),
            past("900.00", RemedyState.PROPOSED),
            past("900.00", days_ago=90),
            past("90000", currency="JPY"),
            past("900.00", case="C2", customer="K9"),
        )
    )
    d = evaluate(req("150.00", role="supervisor"), POLICY, history)
    assert d.outcome is Outcome.REFUSED
    assert explain(d, "R7") == (
        "refused: case remedies in the last 90 days 2,400.00 EUR "
        "(4 counted) + this 150.00 EUR = 2,550.00 EUR > case cap "
        "2,500.00 EUR (rule R7, policy v4)"
    )
    assert d.result("R8").passed
    assert evaluate(req("100.00", role="supervisor"), POLICY, history).outcome is Outcome.AUTHORIZED


def test_r7_pending_remedies_count_so_splitting_cannot_slip_under() -> None:
    history = History(
        tuple(past("600.00", RemedyState.PENDING_SIGNOFF, days_ago=0.1 * n) for n in range(1, 5))
    )
    d = evaluate(req("200.00", role="supervisor"), POLICY, history)
    assert not d.result("R7").passed
    assert d.outcome is Outcome.REFUSED


def test_r8_customer_cap_spans_the_customers_cases() -> None:
    history = History(
        (
            past("2000.00", case="C2"),
            past("2000.00", case="C3"),
            past("900.00", case="C4", state=RemedyState.APPROVED),
            past("2000.00", case="C5", customer="K2"),
        )
    )
    d = evaluate(req("150.00", role="supervisor"), POLICY, history)
    assert d.outcome is Outcome.REFUSED
    assert d.result("R7").passed
    assert explain(d, "R8") == (
        "refused: customer remedies in the last 90 days 4,900.00 EUR "
        "(3 counted) + this 150.00 EUR = 5,050.00 EUR > customer cap "
        "5,000.00 EUR (rule R8, policy v4)"
    )


def test_window_is_rolling_and_excludes_exactly_window_days_ago() -> None:
    history = History((past("2450.00", days_ago=89.99),))
    assert not evaluate(req("100.00", role="supervisor"), POLICY, history).result("R7").passed
    history = History((past("2450.00", days_ago=90),))
    assert evaluate(req("100.00", role="supervisor"), POLICY, history).result("R7").passed


def test_r9_above_dual_threshold_needs_two_approvers_even_within_authority() -> None:
    d = evaluate(
        req("1200.00", role="supervisor", requester="sue", order="2000.00"), POLICY, NO_HISTORY
    )
    assert d.outcome is Outcome.NEEDS_DUAL_SIGNOFF
    assert d.approvals_needed == 2
    assert d.required_role == "supervisor"
    assert d.result("R3").passed
    assert explain(d, "R9") == (
        "needs two distinct approvers with supervisor authority: "
        "1,200.00 EUR > dual sign-off threshold 1,000.00 EUR "
        "(rule R9, policy v4)"
    )
    assert d.summary() == explain(d, "R9")
    at_threshold = evaluate(req("1000.00", role="supervisor", order="2000.00"), POLICY, NO_HISTORY)
    assert at_threshold.outcome is Outcome.AUTHORIZED


# ---- category overrides --------------------------------------------------------------------------


def test_override_multiplies_absolute_and_percent_limits() -> None:
    d = evaluate(req("140.00", category="product-defect"), POLICY, NO_HISTORY)
    assert d.outcome is Outcome.AUTHORIZED
    assert explain(d, "R3") == (
        "140.00 EUR <= specialist limit 150.00 EUR for partial-refund, "
        "100.00 EUR × 150% for product-defect (rule R3, policy v4)"
    )
    assert explain(d, "R4") == (
        "140.00 EUR <= specialist limit 75% of order value 300.00 EUR = "
        "225.00 EUR for partial-refund, 50% × 150% for product-defect "
        "(rule R4, policy v4)"
    )


def test_most_specific_override_wins() -> None:
    lost = evaluate(req("140.00", category="shipping-problem", sub="lost"), POLICY, NO_HISTORY)
    assert "100.00 EUR × 150% for shipping-problem/lost" in explain(lost, "R3")
    assert lost.outcome is Outcome.AUTHORIZED
    delay = evaluate(req("140.00", category="shipping-problem", sub="delay"), POLICY, NO_HISTORY)
    assert explain(delay, "R3") == (
        "needs supervisor: 140.00 EUR > specialist limit 120.00 EUR "
        "for partial-refund, 100.00 EUR × 120% for shipping-problem "
        "(rule R3, policy v4)"
    )


def test_fraud_override_lowers_and_replaces_limits() -> None:
    d = evaluate(req("60.00", category="fraud-suspicion"), POLICY, NO_HISTORY)
    assert d.outcome is Outcome.NEEDS_SIGNOFF
    assert explain(d, "R3") == (
        "needs supervisor: 60.00 EUR > specialist limit 50.00 EUR for "
        "partial-refund, 100.00 EUR × 50% for fraud-suspicion "
        "(rule R3, policy v4)"
    )
    assert explain(d, "R4") == (
        "needs supervisor: 60.00 EUR > specialist limit 10% of order "
        "value 300.00 EUR = 30.00 EUR for partial-refund, set for "
        "fraud-suspicion (rule R4, policy v4)"
    )
    goodwill = evaluate(
        req("1.00", kind=K.GOODWILL_GESTURE, category="fraud-suspicion"), POLICY, NO_HISTORY
    )
    assert explain(goodwill, "R3") == (
        "needs supervisor: 1.00 EUR > specialist limit 0.00 EUR "
        "for goodwill-gesture, set for fraud-suspicion "
        "(rule R3, policy v4)"
    )


# ---- currencies are never compared across ----------------------------------------------------


def test_jpy_request_uses_the_jpy_table_and_ignores_eur_history() -> None:
    history = History((past("2499.00"), past("4999.00", case="C2")))
    d = evaluate(req("20000", currency="JPY", order="100000", shipping="0"), POLICY, history)
    assert d.outcome is Outcome.NEEDS_SIGNOFF
    assert explain(d, "R3") == (
        "needs supervisor: 20,000 JPY > specialist limit 15,000 JPY for "
        "partial-refund (rule R3, policy v4)"
    )
    assert explain(d, "R7") == (
        "case remedies in the last 90 days 0 JPY (0 counted) + this "
        "20,000 JPY = 20,000 JPY <= case cap 375,000 JPY "
        "(rule R7, policy v4)"
    )


def test_request_in_one_currency_with_order_in_another_is_invalid() -> None:
    with pytest.raises(ValidationError, match="order is in EUR"):
        RemedyRequest(
            K.PARTIAL_REFUND,
            jpy("100"),
            "sam",
            "specialist",
            "order-issue",
            None,
            eur("300.00"),
            eur("0.00"),
            "K1",
            "C1",
            (),
            T0,
        )


# ---- decision values -------------------------------------------------------------------------


def test_decision_to_json_is_plain_and_round_trips() -> None:
    d = evaluate(req("120.00"), POLICY, NO_HISTORY)
    data = d.to_json()
    assert json.loads(json.dumps(data)) == data
    assert data["amount"] == {"minor": 12000, "currency": "EUR"}
    assert data["outcome"] == "needs-signoff"
    assert data["policy_version"] == 4
    assert data["required_role"] == "supervisor"
    assert data["expires_at"] == "2026-03-08T12:00:00+00:00"
    assert data["results"][2] == {
        "rule_id": "R3",
        "name": "absolute-limit",
        "passed": False,
        "explanation": "needs supervisor: 120.00 EUR > specialist limit 100.00 EUR for "
        "partial-refund (rule R3, policy v4)",
    }
    assert Decision.from_json(data) == d


def test_evaluate_is_pure() -> None:
    history = History((past("100.00"),))
    assert evaluate(req("120.00"), POLICY, history) == evaluate(req("120.00"), POLICY, history)


def test_decision_expiry() -> None:
    d = evaluate(req("120.00"), POLICY, NO_HISTORY)
    assert not d.expired(T0 + timedelta(days=6, hours=23))
    assert d.expired(T0 + timedelta(days=7))
    assert not evaluate(req("80.00"), POLICY, NO_HISTORY).expired(T0 + timedelta(days=999))


def test_authority_of_reports_a_roles_limit() -> None:
    auth = authority_of(POLICY, "specialist", req("1.00", order="100.00"))
    assert auth is not None and auth.limit == eur("50.00")
    assert authority_of(POLICY, "admin", req("1.00")).limit == eur("0.00")  # type: ignore[union-attr]
    assert authority_of(POLICY, "specialist", req("1.00", currency="CHF")) is None


# ---- sign-off ----------------------------------------------------------------------------------


def test_valid_approver_may_sign_off() -> None:
    r = req("120.00")
    d = evaluate(r, POLICY, NO_HISTORY)
    v = can_approve(POLICY, "sue", "supervisor", r, d, [])
    assert v.passed
    assert [c.rule_id for c in v.checks] == ["S1", "S2", "S3", "S4"]
    assert v.explanation == (
        "sue may sign off: 120.00 EUR <= supervisor authority 300.00 EUR "
        "for partial-refund (limit 2,000.00 EUR; 100% of order value = "
        "300.00 EUR) (rule S4, policy v4)"
    )
    v.raise_if_refused()


@pytest.mark.parametrize("role", ["supervisor", "admin"])
def test_self_approval_is_refused_whatever_the_role(role: str) -> None:
    r = req("1200.00", role=role, requester="boss", order="2000.00")
    d = evaluate(r, POLICY, NO_HISTORY)
    assert d.outcome in (Outcome.NEEDS_SIGNOFF, Outcome.NEEDS_DUAL_SIGNOFF)
    v = can_approve(POLICY, "Boss", role, r, d, [])
    assert not v.passed
    assert "S2" in v.refused_by
    assert v.checks[1].explanation == (
        "refused: Boss requested this remedy and may not approve "
        "it, whatever their role (rule S2, policy v4)"
    )
    with pytest.raises(PolicyRefusal, match="may not approve it"):
        v.raise_if_refused()


def test_dual_signoff_needs_two_distinct_approvers() -> None:
    r = req("1200.00", role="supervisor", requester="sue", order="2000.00")
    d = evaluate(r, POLICY, NO_HISTORY)
    assert can_approve(POLICY, "sid", "supervisor", r, d, []).passed
    again = can_approve(POLICY, "sid", "supervisor", r, d, ["sid"])
    assert again.refused_by == ("S3",)
    assert again.explanation == (
        "refused: sid has already signed off; another approver must sign (rule S3, policy v4)"
    )
    assert can_approve(POLICY, "sal", "supervisor", r, d, ["sid"]).passed
    third = can_approve(POLICY, "sam", "supervisor", r, d, ["sid", "sal"])
    assert third.refused_by == ("S1",)
    assert third.explanation == (
        "refused: already complete with 2 of 2 sign-off(s) (rule S1, policy v4)"
    )


def test_approver_needs_authority_for_the_amount() -> None:
    r = req("120.00", requester="sam")
    d = evaluate(r, POLICY, NO_HISTORY)
    v = can_approve(POLICY, "sky", "specialist", r, d, [])
    assert v.refused_by == ("S4",)
    assert v.explanation == (
        "refused: 120.00 EUR > specialist authority 100.00 EUR for "
        "partial-refund (limit 100.00 EUR; 50% of order value = 150.00 EUR) "
        "(rule S4, policy v4)"
    )


def test_admin_has_no_money_authority_unless_granted() -> None:
    r = req("10.00", kind=K.GOODWILL_GESTURE, role="admin", requester="root")
    d = evaluate(r, POLICY, NO_HISTORY)
    assert d.outcome is Outcome.NEEDS_SIGNOFF
    assert d.required_role == "specialist"
    v = can_approve(
        POLICY, "ada", "admin", req("120.00"), evaluate(req("120.00"), POLICY, NO_HISTORY), []
    )
    assert v.refused_by == ("S4",)
    assert "admin authority 0.00 EUR" in v.explanation
    assert can_approve(
        POLICY, "sys", "system", req("120.00"), evaluate(req("120.00"), POLICY, NO_HISTORY), []
    ).refused_by == ("S4",)


def test_nothing_to_sign_off_for_authorized_or_refused() -> None:
    for r in (req("80.00"), req("999.00", order="100.00", role="supervisor")):
        d = evaluate(r, POLICY, NO_HISTORY)
        v = can_approve(POLICY, "sue", "supervisor", r, d, [])
        assert not v.passed and v.refused_by[0] == "S1"
        assert v.checks[0].explanation == (
            f"refused: the decision is {d.outcome}; there is "
            f"nothing to sign off (rule S1, policy v4)"
        )


def test_signoff_against_the_wrong_request_is_a_bug() -> None:
    d = evaluate(req("120.00"), POLICY, NO_HISTORY)
    with pytest.raises(ValidationError, match="different remedy request"):
        can_approve(POLICY, "sue", "supervisor", req("130.00"), d, [])


# ---- remedy states, references and request validation ------------------------------------------


def test_remedy_transitions() -> None:
    check_remedy_transition(RemedyState.PROPOSED, RemedyState.PENDING_SIGNOFF, None)
    check_remedy_transition(RemedyState.PENDING_SIGNOFF, RemedyState.APPROVED, None)
    check_remedy_transition(RemedyState.APPROVED, RemedyState.FULFILLED, None)
    check_remedy_transition(RemedyState.PENDING_SIGNOFF, RemedyState.REJECTED, "not justified")
    with pytest.raises(ValidationError, match="with a reason"):
        check_remedy_transition(RemedyState.PENDING_SIGNOFF, RemedyState.REJECTED, "  ")
    with pytest.raises(PolicyRefusal, match="from fulfilled to withdrawn"):
        check_remedy_transition(RemedyState.FULFILLED, RemedyState.WITHDRAWN, "oops")
    with pytest.raises(PolicyRefusal, match="from proposed to approved"):
        check_remedy_transition(RemedyState.PROPOSED, RemedyState.APPROVED, None)
    with pytest.raises(PolicyRefusal, match="already authorized"):
        check_remedy_transition(RemedyState.AUTHORIZED, RemedyState.AUTHORIZED, None)


def test_remedy_reference() -> None:
    assert remedy_reference(123) == "RM-000123"
    assert parse_remedy_reference(" rm-000123 ") == "RM-000123"
    for bad in (0, 1_000_000):
        with pytest.raises(ValidationError):
            remedy_reference(bad)
    with pytest.raises(ValidationError):
        parse_remedy_reference("RM-12")


@pytest.mark.parametrize(
    "change, message",
    [
        ({"amount": "0.00"}, "more than zero"),
        ({"role": "wizard"}, "unknown role"),
        ({"requester": " "}, "requester is required"),
        ({"at": datetime(2026, 3, 1, 12)}, "aware UTC"),
        ({"at": datetime(2026, 3, 1, 13, tzinfo=timezone(timedelta(hours=1)))}, "aware UTC"),
    ],
)
def test_request_validation(change: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        req(**change)  # type: ignore[arg-type]


def test_request_normalises_kind_and_lines() -> None:
    r = RemedyRequest(
        "coupon",
        eur("1.00"),
        "sam",
        "specialist",
        "order-issue",
        None,  # type: ignore[arg-type]
        eur("1.00"),
        eur("0.00"),
        "K1",
        "C1",
        [2, 3],
        T0,
    )  # type: ignore[arg-type]
    assert r.kind is K.COUPON and r.lines == (2, 3)
    with pytest.raises(ValidationError, match="unknown remedy kind"):
        req(kind="refund-ish")  # type: ignore[arg-type]
