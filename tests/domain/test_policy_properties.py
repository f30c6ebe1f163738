"""Properties of remedy authorization: random request sequences against the default policy.

A simulated ledger grants money only when `evaluate` authorizes it or when valid approvers (per
`can_approve`) sign off. Whatever the sequence, nobody gets money beyond their authority without
valid sign-off, the cumulative caps hold in every window, and self-approval never succeeds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from resolution_center.domain.money import Money
from resolution_center.domain.policy import (
    History,
    Outcome,
    PastRemedy,
    PolicySet,
    can_approve,
    evaluate,
)
from resolution_center.domain.remedy import (
    COUNTS_TOWARD_CAPS,
    REMEDY_TRANSITIONS,
    RemedyKind,
    RemedyRequest,
    RemedyState,
    check_remedy_transition,
)
from resolution_center.policy.loader import load_policy_file, policy_from_dict, policy_to_dict

DEFAULT = load_policy_file(Path(__file__).parents[2] / "resources" / "policy" / "default.toml")


def _tight(policy: PolicySet) -> PolicySet:
    """The default with each customer cap at 120% of the case cap, so R8 bites as often as R7."""
    data = policy_to_dict(policy)
    for code, table in policy.currencies.items():
        cap = Money(table.case_cap.minor * 6 // 5, code).as_decimal_text()
        data["currency"][code]["customer_cap"] = cap
    return policy_from_dict(data, "tight")


POLICIES = [DEFAULT, _tight(DEFAULT)]
USERS = {
    "ann": "specialist",
    "ben": "specialist",
    "sen": "senior-specialist",
    "exa": "expert",
    "sue": "supervisor",
    "sid": "supervisor",
    "adm": "admin",
    "bot": "system",
}
# Mostly EUR, so one customer's cases share a currency and the customer cap is reached; CHF has
# no table in the policy and is always refused (R1).
CURRENCIES = ["EUR", "EUR", "EUR", "USD", "GBP", "JPY", "CHF"]
CATEGORIES = [
    ("order-issue", None),
    ("product-defect", None),
    ("shipping-problem", "lost"),
    ("shipping-problem", "delay"),
    ("fraud-suspicion", None),
]
GRANTED = frozenset({RemedyState.AUTHORIZED, RemedyState.APPROVED, RemedyState.FULFILLED})
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def scale(currency: str) -> int:
    """A currency's default customer cap in minor units, to draw amounts of a sensible size."""
    table = DEFAULT.currencies.get(currency) or DEFAULT.currencies["EUR"]
    return table.customer_cap.minor


def oracle_limit(policy: PolicySet, role: str, request: RemedyRequest) -> int:
    """The most `role` may grant, computed straight from the policy's tables (minor units)."""
    if role not in policy.roles:
        return 0
    cur, kind = request.currency, request.kind
    absolute = policy.currencies[cur].limits.get((role, kind), Money.zero(cur)).minor
    pct = policy.percents.get((role, kind))
    over = policy.overrides.get(
        f"{request.category}/{request.subcategory}"
    ) or policy.overrides.get(request.category)
    if over is not None:
        if (cur, role, kind) in over.limits:
            absolute = over.limits[(cur, role, kind)].minor
        else:
            absolute = absolute * over.multiplier_percent // 100
        if (role, kind) in over.percents:
            pct = over.percents[(role, kind)]
        elif pct is not None:
            pct = pct * over.multiplier_percent // 100
    if pct is not None:
        absolute = min(absolute, request.order_value.minor * pct // 100)
    return absolute


@dataclass
class Entry:
    request: RemedyRequest
    needed: int
    state: RemedyState
    approvers: list[str] = field(default_factory=list)


# Four cases of two customers; amounts are drawn per mille of the currency's customer cap so
# the limits, the dual threshold, the ceiling and both caps are all reached often.
cases = st.lists(
    st.tuples(
        st.sampled_from([0, 0, 1]),
        st.sampled_from(CURRENCIES),
        st.sampled_from(CATEGORIES),
        st.integers(0, 1000),
        st.integers(0, 20),
    ),
    min_size=4,
    max_size=4,
)
steps = st.lists(
    st.tuples(
        st.sampled_from(sorted(USERS)),
        st.sampled_from(list(RemedyKind)),
        st.integers(0, 3),  # which case
        st.one_of(
            st.integers(1, 40), st.integers(1, 250), st.integers(1, 700)
        ),  # amount, per mille
        st.one_of(st.integers(0, 3), st.integers(0, 60)),  # days since the previous request
        st.lists(st.sampled_from(sorted(USERS)), max_size=4),  # who tries to sign off, in order
        st.sampled_from(["keep", "expire", "withdraw", "reject", "fulfil"]),
    ),
    max_size=40,
)


@settings(deadline=None, derandomize=True, max_examples=200, database=None)
@given(st.sampled_from(POLICIES), cases, steps)
def test_ledger_never_grants_beyond_authority_or_caps(policy, case_specs, step_specs) -> None:
    ledger: list[Entry] = []
    at = T0
    for user, kind, case_no, permille, gap, attempts, then in step_specs:
        customer, currency, (category, sub), order_pm, ship_pm = case_specs[case_no]
        at += timedelta(days=gap)
        big = scale(currency)
        request = RemedyRequest(
            kind,
            Money(max(1, big * permille // 1000), currency),
            user,
            USERS[user],
            category,
            sub,
            Money(big * order_pm // 1000, currency),
            Money(big * ship_pm // 1000, currency),
            f"K{customer}",
            f"C{case_no}",
            (),
            at,
        )
        history = History(
            tuple(
                PastRemedy(
                    e.request.amount,
                    e.state,
                    e.request.customer_key,
                    e.request.case_key,
                    e.request.at,
                )
                for e in ledger
            )
        )
        decision = evaluate(request, policy, history)
        state = {
            Outcome.REFUSED: RemedyState.REJECTED,
            Outcome.AUTHORIZED: RemedyState.AUTHORIZED,
        }.get(decision.outcome, RemedyState.PENDING_SIGNOFF)
        entry = Entry(request, decision.approvals_needed, state)
        ledger.append(entry)
        for approver in attempts:
            verdict = can_approve(
                policy, approver, USERS[approver], request, decision, entry.approvers
            )
            if approver == user or approver in entry.approvers:
                assert not verdict.passed, verdict.explanation
            if verdict.passed:
                entry.approvers.append(approver)
                if len(entry.approvers) == entry.needed:
                    check_remedy_transition(entry.state, RemedyState.APPROVED, None)
                    entry.state = RemedyState.APPROVED
        target = {
            "expire": RemedyState.EXPIRED,
            "withdraw": RemedyState.WITHDRAWN,
            "reject": RemedyState.REJECTED,
            "fulfil": RemedyState.FULFILLED,
        }.get(then)
        # Only moves the table allows: a refused or final remedy stays as it is.
        if target is not None and target in REMEDY_TRANSITIONS[entry.state]:
            check_remedy_transition(entry.state, target, "simulated")
            entry.state = target
        _check_invariants(policy, ledger)


def _check_invariants(policy: PolicySet, ledger: list[Entry]) -> None:
    for e in ledger:
        r = e.request
        assert r.requester not in e.approvers, "self-approval succeeded"
        assert len(set(e.approvers)) == len(e.approvers), "the same approver counted twice"
        if e.state in COUNTS_TOWARD_CAPS:
            table = policy.currencies[r.currency]  # R1: no table, never promised
            ceiling = r.order_value.minor + r.shipping.minor
            assert r.amount.minor <= ceiling or (
                r.kind is RemedyKind.GOODWILL_GESTURE
                and r.amount.minor <= table.goodwill_limit.minor
            )
        if e.state not in GRANTED:
            continue
        amount, dual = r.amount.minor, policy.currencies[r.currency].dual_signoff_above.minor
        if not e.approvers:
            # Granted on the requester's own authority: it must cover the amount, single-handed.
            assert amount <= oracle_limit(policy, r.requester_role, r)
            assert amount <= dual
        else:
            assert len(e.approvers) >= (2 if amount > dual else 1)
            for approver in e.approvers:
                assert amount <= oracle_limit(policy, USERS[approver], r), (approver, r)
    _check_caps(policy, ledger)


def _check_caps(policy: PolicySet, ledger: list[Entry]) -> None:
    counted = [e.request for e in ledger if e.state in COUNTS_TOWARD_CAPS]
    window = timedelta(days=policy.window_days)
    for end in counted:
        table = policy.currencies[end.currency]
        inside = [
            r for r in counted if r.currency == end.currency and end.at - window < r.at <= end.at
        ]
        case_total = sum(r.amount.minor for r in inside if r.case_key == end.case_key)
        customer_total = sum(r.amount.minor for r in inside if r.customer_key == end.customer_key)
        assert case_total <= table.case_cap.minor
        assert customer_total <= table.customer_cap.minor
