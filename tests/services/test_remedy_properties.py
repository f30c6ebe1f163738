"""Properties of the remedy services under random work by random users (SQLite): nothing is
granted beyond the authority of its requester or approvers, the caps always hold, and nobody
ever signs off their own remedy."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolution_center.domain.errors import (
    ConflictError,
    PermissionDenied,
    PolicyRefusal,
    ValidationError,
)
from resolution_center.domain.money import Money
from resolution_center.domain.policy import authority_of
from resolution_center.domain.remedy import COUNTS_TOWARD_CAPS, RemedyRequest, RemedyState
from resolution_center.domain.remedy_record import Remedy
from resolution_center.services.session import Session
from tests.helpers.remedies import new_case
from tests.helpers.workspace import PASSWORD, Workspace

USERS = ("alice", "bob", "sam", "erin", "maria", "olu", "root")
# Approvers drawn more often from those who may actually sign, so sign-offs really happen.
SIGNERS = (*USERS, "maria", "olu", "maria", "olu", "erin", "sam")
KINDS = (
    "partial-refund",
    "partial-refund",
    "full-refund",
    "full-refund",
    "coupon",
    "goodwill-gesture",
    "store-credit",
)
# Minor units around the limits. Hypothesis starts from the first values of a sampled_from, so
# the large amounts that approach the caps come first.
AMOUNTS = (
    90_000,
    100_000,
    120_000,
    200_000,
    100_001,
    75_000,
    50_000,
    25_000,
    15_000,
    10_000,
    9_000,
    2_000,
    150_000,
)
ORDERS = (
    ("3000.00", "return-refund"),
    ("3000.00", "product-defect"),
    ("3000.00", "fraud-suspicion"),
    ("1500.00", "return-refund"),
)
EXPECTED = (PolicyRefusal, ConflictError, ValidationError, PermissionDenied)

# Mostly at the first case, so the caps are really approached.
propose = st.tuples(
    st.just("propose"),
    st.sampled_from(USERS),
    st.sampled_from((0, 0, 0, 1, 2, 3)),
    st.sampled_from(KINDS),
    st.sampled_from(AMOUNTS),
)
step = st.one_of(
    propose,
    propose,
    st.tuples(st.just("approve"), st.sampled_from(SIGNERS), st.integers(0, 11)),
    st.tuples(st.just("approve"), st.sampled_from(SIGNERS), st.integers(0, 11)),
    st.tuples(st.just("reject"), st.sampled_from(SIGNERS), st.integers(0, 11)),
    st.tuples(st.just("edit"), st.integers(0, 11), st.sampled_from(AMOUNTS)),
    st.tuples(st.just("withdraw"), st.sampled_from(USERS), st.integers(0, 11)),
)
_customers = count(1)


@pytest.fixture
def sqlite_ws(tmp_path: Path) -> Iterator[Workspace]:
    """One workspace for all examples: a fresh one per example would be far too slow."""
    ws = Workspace.create("sqlite:///" + str(tmp_path / "rc.db"))
    try:
        yield ws
    finally:
        ws.close()


def _request(ctx: Session, remedy: Remedy) -> RemedyRequest:
    case = ctx.cases.get(remedy.case_id)
    return RemedyRequest(
        remedy.kind,
        remedy.amount,
        remedy.requester,
        remedy.requester_role,
        case.category,
        case.subcategory,
        case.order.total,
        case.order.shipping,
        str(remedy.customer_id),
        str(remedy.case_id),
        remedy.lines,
        remedy.created_at,
    )


def _check_invariants(ctx: Session, remedies: list[Remedy]) -> None:
    policy = ctx.policies.current()
    table = policy.currencies["EUR"]
    by_case: dict[int, int] = defaultdict(int)
    by_customer: dict[int, int] = defaultdict(int)
    for stale in remedies:
        remedy = ctx.remedies.show(stale.reference)
        request = _request(ctx, remedy)
        roles = {name: ctx.users.get(name).role for name in USERS}
        # Self-approval never succeeds, not even a voided sign-off.
        assert all(s.approver != remedy.requester for s in remedy.signoffs), remedy
        if remedy.state is RemedyState.AUTHORIZED:
            own = authority_of(policy, remedy.requester_role, request)
            assert own is not None and own.covers(remedy.amount), remedy
            assert remedy.amount <= table.dual_signoff_above, remedy
            assert remedy.approvals_needed == 0
        if remedy.state is RemedyState.APPROVED:
            approvers = remedy.approvers
            assert len(set(approvers)) == len(approvers) >= remedy.approvals_needed >= 1
            if remedy.amount > table.dual_signoff_above:
                assert len(approvers) >= 2, remedy
            for approver in approvers:
                authority = authority_of(policy, roles[approver], request)
                assert authority is not None and authority.covers(remedy.amount), remedy
        if remedy.state in COUNTS_TOWARD_CAPS:
            by_case[remedy.case_id] += remedy.amount.minor
            by_customer[remedy.customer_id] += remedy.amount.minor
    assert all(total <= table.case_cap.minor for total in by_case.values()), by_case
    assert all(total <= table.customer_cap.minor for total in by_customer.values()), by_customer


@settings(
    deadline=None,
    derandomize=True,
    max_examples=25,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=8, max_size=20))
def test_random_work_never_grants_beyond_authority_or_caps(
    sqlite_ws: Workspace, steps: list[tuple[Any, ...]]
) -> None:
    ctxs = getattr(sqlite_ws, "_by_user", None)
    if ctxs is None:  # logged in once for all examples
        ctxs = {name: sqlite_ws.login(name) for name in USERS}
        sqlite_ws._by_user = ctxs  # type: ignore[attr-defined]
    # Fresh customers per example: two customers, two cases each.
    emails = [f"customer-{next(_customers)}@example.com" for _ in range(2)]
    cases = [
        new_case(ctxs["alice"], total, email=emails[i // 2], category=category)
        for i, (total, category) in enumerate(ORDERS)
    ]
    remedies: list[Remedy] = []
    for action, *rest in steps:
        try:
            if action == "propose":
                who, case_no, kind, minor = rest
                remedies.append(
                    ctxs[who].remedies.propose(
                        cases[case_no].reference, kind, Money(minor, "EUR"), reason="test"
                    )
                )
            elif not remedies:
                continue
            elif action in ("approve", "reject", "withdraw"):
                who, index = rest
                # Mostly at what still awaits sign-off, so decisions really happen.
                waiting = [
                    r
                    for r in remedies
                    if ctxs["root"].remedies.show(r.reference).state is RemedyState.PENDING_SIGNOFF
                ] or remedies
                ref = waiting[index % len(waiting)].reference
                service = ctxs[who].remedies
                if action == "approve":
                    service.approve(ref, PASSWORD)
                elif action == "reject":
                    service.reject(ref, PASSWORD, "no")
                else:
                    service.withdraw(ref, "no longer needed")
            else:
                index, minor = rest
                target = ctxs["root"].remedies.show(remedies[index % len(remedies)].reference)
                ctxs[target.requester].remedies.edit(
                    target.reference, target.version, amount=Money(minor, "EUR")
                )
        except EXPECTED:
            pass
    _check_invariants(ctxs["root"], remedies)
