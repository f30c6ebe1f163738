"""The services refuse exactly what the domain's allowed_actions leaves out, with its error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from resolution_center.domain.agreement import AgreementAction, agreement_refusal
from resolution_center.domain.errors import RCError
from resolution_center.domain.remedy import RemedyAction, RemedyAsker, remedy_refusal
from resolution_center.domain.remedy_record import Remedy
from resolution_center.services.agreements import standing
from resolution_center.services.session import Session
from tests.helpers.remedies import eur, new_case
from tests.helpers.workspace import Workspace


def _attempt(ctx: Session, remedy: Remedy, action: RemedyAction) -> Callable[[], Any]:
    return {
        RemedyAction.WITHDRAW: lambda: ctx.remedies.withdraw(remedy.reference, "not needed"),
        RemedyAction.FULFIL: lambda: ctx.remedies.fulfil(remedy.reference),
        RemedyAction.EDIT: lambda: ctx.remedies.edit(
            remedy.reference, remedy.version, reason="new words"
        ),
    }[action]


def test_a_refused_remedy_action_raises_the_error_the_domain_predicted(
    workspace: Workspace,
) -> None:
    alice = workspace.login("alice")
    case = new_case(alice, "400.00")
    alice.remedies.propose(case.reference, "coupon", eur("20.00"), reason="sorry")  # authorized
    alice.remedies.propose(case.reference, "partial-refund", eur("150.00"), reason="x")  # pending
    done = alice.remedies.propose(case.reference, "coupon", eur("10.00"), reason="y")
    alice.remedies.fulfil(done.reference)

    refused = 0
    for user in ("bob", "alice", "maria"):
        ctx = workspace.login(user)
        asker = RemedyAsker(ctx.actor.username, ctx.actor.role)
        for remedy, allowed in ctx.remedies.for_case_with_actions(case.reference):
            for action in (RemedyAction.WITHDRAW, RemedyAction.FULFIL, RemedyAction.EDIT):
                predicted = remedy_refusal(action, remedy.standing(False), asker)
                assert (action in allowed) == (predicted is None), (user, remedy.state, action)
                if predicted is None:
                    continue
                with pytest.raises(RCError) as raised:
                    _attempt(ctx, remedy, action)()
                assert type(raised.value) is type(predicted)
                assert raised.value.message == predicted.message
                refused += 1
    assert refused >= 10  # bob may withdraw nothing, a fulfilled remedy takes nothing, ...


def test_a_refused_agreement_action_raises_the_error_the_domain_predicted(
    workspace: Workspace,
) -> None:
    from tests.helpers.agreements import negotiated

    n = negotiated(workspace)
    draft = n.sofia.agreements.create(n.case_ref, n.offer.reference, "email")
    [(info, allowed)] = n.sofia.agreements.for_case_with_actions(n.case_ref)
    assert AgreementAction.ISSUE in allowed and AgreementAction.REVISE not in allowed
    n.dmitri.agreements.issue(draft.number)
    [(info, allowed)] = n.sofia.agreements.for_case_with_actions(n.case_ref)
    assert info.state == "issued" and AgreementAction.ISSUE not in allowed
    record = n.sofia.agreements.record(draft.number)
    for action, attempt in (
        (AgreementAction.ISSUE, lambda: n.sofia.agreements.issue(draft.number)),
        (AgreementAction.VOID, lambda: n.sofia.agreements.void(draft.number, "wrong order")),
    ):
        predicted = agreement_refusal(action, standing(record, True), n.sofia.actor.role)
        assert predicted is not None and action not in allowed
        with pytest.raises(RCError) as raised:
            attempt()
        assert (type(raised.value), raised.value.message) == (type(predicted), predicted.message)
