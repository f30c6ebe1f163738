"""What an actor may do with a remedy: every state, role, requester and binding, with the error
the service raises when it refuses."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, timedelta

import pytest

from resolution_center.domain.case import Role
from resolution_center.domain.errors import PermissionDenied, PolicyRefusal
from resolution_center.domain.policy import RuleResult, SignoffVerdict
from resolution_center.domain.remedy import (
    RemedyAction,
    RemedyAsker,
    RemedyStanding,
    RemedyState,
    allowed_actions,
    check_remedy_action,
    remedy_refusal,
)

S, A = RemedyState, RemedyAction
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
BINDINGS = ("unbound", "in-force", "voided")


def _standing(state: RemedyState, binding: str = "unbound", due: bool = False) -> RemedyStanding:
    deadline = NOW - timedelta(minutes=1) if due else NOW + timedelta(days=3)
    return RemedyStanding(
        "RM-000007",
        state,
        "alice",
        frozen_by=None if binding == "unbound" else "AG-2026-000001",
        agreement_in_force=binding == "in-force",
        expires_at=deadline if state is S.PENDING_SIGNOFF else None,
    )


def _verdict(passed: bool) -> SignoffVerdict:
    check = RuleResult(
        "S2",
        "separation of duties",
        passed,
        "sam is not the requester" if passed else "refused: no",
    )
    return SignoffVerdict("sam", passed, (check,))


def _expected(
    state: RemedyState, role: str, requester: bool, binding: str, signoff: bool, due: bool
) -> frozenset[RemedyAction]:
    """The rules, written out once more as a plain table for the test to hold the code to."""
    if role == Role.SYSTEM:
        return frozenset({A.EXPIRE}) if state is S.PENDING_SIGNOFF and due else frozenset()
    out = set()
    if (
        binding == "unbound"
        and requester
        and state in (S.AUTHORIZED, S.PENDING_SIGNOFF, S.APPROVED)
    ):
        out.add(A.EDIT)
    withdrawable = (S.PROPOSED, S.AUTHORIZED, S.PENDING_SIGNOFF, S.APPROVED)
    if binding != "in-force" and state in withdrawable and (requester or role == "supervisor"):
        out.add(A.WITHDRAW)
    if state in (S.AUTHORIZED, S.APPROVED):
        out.add(A.FULFIL)
    if state is S.PENDING_SIGNOFF and signoff and not due:
        out |= {A.APPROVE, A.REJECT}
    return frozenset(out)


def test_allowed_actions_over_every_state_role_and_binding() -> None:
    flags = (True, False)
    for state, role, requester, binding, signoff, due in itertools.product(
        S, Role, flags, BINDINGS, flags, flags
    ):
        asker = RemedyAsker("alice" if requester else "maria", role.value, NOW, _verdict(signoff))
        got = allowed_actions(_standing(state, binding, due), asker)
        want = _expected(state, role, requester, binding, signoff, due)
        assert got == want, (state, role, requester, binding, signoff, due)


# Concrete verdicts, each with the words the user reads.
CASES = [
    # (state, binding, username, role, action, error or None, message)
    (S.AUTHORIZED, "unbound", "alice", "specialist", A.WITHDRAW, None, ""),
    (
        S.AUTHORIZED,
        "unbound",
        "bob",
        "specialist",
        A.WITHDRAW,
        PermissionDenied,
        "only alice (who requested RM-000007) or a supervisor may withdraw it",
    ),
    (S.AUTHORIZED, "unbound", "maria", "supervisor", A.WITHDRAW, None, ""),
    (
        S.APPROVED,
        "in-force",
        "alice",
        "specialist",
        A.WITHDRAW,
        PolicyRefusal,
        "RM-000007 is named in issued agreement AG-2026-000001; changing it means a new agreement",
    ),
    (S.APPROVED, "voided", "alice", "specialist", A.WITHDRAW, None, ""),
    (
        S.APPROVED,
        "voided",
        "alice",
        "specialist",
        A.EDIT,
        PolicyRefusal,
        "bound by voided agreement AG-2026-000001 and keeps the terms it had there",
    ),
    (S.APPROVED, "in-force", "alice", "specialist", A.FULFIL, None, ""),
    (
        S.WITHDRAWN,
        "unbound",
        "alice",
        "specialist",
        A.WITHDRAW,
        PolicyRefusal,
        "the remedy is already withdrawn",
    ),
    (
        S.PENDING_SIGNOFF,
        "unbound",
        "alice",
        "specialist",
        A.FULFIL,
        PolicyRefusal,
        "a remedy cannot go from pending-signoff to fulfilled",
    ),
    (
        S.FULFILLED,
        "unbound",
        "alice",
        "specialist",
        A.EDIT,
        PolicyRefusal,
        "a fulfilled remedy cannot be edited; propose a new one",
    ),
    (
        S.AUTHORIZED,
        "unbound",
        "bob",
        "supervisor",
        A.EDIT,
        PermissionDenied,
        "only alice (who requested RM-000007) may edit it",
    ),
    (
        S.AUTHORIZED,
        "unbound",
        "system",
        "system",
        A.FULFIL,
        PermissionDenied,
        "log in as a user to work on remedies",
    ),
    (
        S.APPROVED,
        "unbound",
        "sam",
        "senior-specialist",
        A.APPROVE,
        PolicyRefusal,
        "RM-000007 is approved: there is nothing to sign off",
    ),
]


@pytest.mark.parametrize(("state", "binding", "user", "role", "action", "error", "message"), CASES)
def test_each_refusal_is_the_error_the_service_raises(
    state: RemedyState,
    binding: str,
    user: str,
    role: str,
    action: RemedyAction,
    error: type[Exception] | None,
    message: str,
) -> None:
    standing, asker = _standing(state, binding), RemedyAsker(user, role, NOW)
    refusal = remedy_refusal(action, standing, asker)
    if error is None:
        assert refusal is None and action in allowed_actions(standing, asker)
        check_remedy_action(action, standing, asker)
        return
    assert type(refusal) is error and message in str(refusal)
    assert action not in allowed_actions(standing, asker)
    with pytest.raises(error, match=re.escape(message)):
        check_remedy_action(action, standing, asker)


def test_a_refused_sign_off_carries_the_policys_explanation_and_rules() -> None:
    standing = _standing(S.PENDING_SIGNOFF)
    refusal = remedy_refusal(
        A.APPROVE, standing, RemedyAsker("sam", "expert", NOW, _verdict(False))
    )
    assert isinstance(refusal, PolicyRefusal)
    assert refusal.message == "refused: no" and refusal.details["rules"] == ["S2"]
    late = remedy_refusal(
        A.APPROVE,
        _standing(S.PENDING_SIGNOFF, due=True),
        RemedyAsker("sam", "expert", NOW, _verdict(True)),
    )
    assert isinstance(late, PolicyRefusal) and "nobody signed off in time" in late.message
    # Not judged (no verdict given): never offered.
    assert A.APPROVE not in allowed_actions(standing, RemedyAsker("sam", "expert", NOW))
