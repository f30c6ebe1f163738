"""What the window asks before offering an action: which offers may be drafted from, and why
each refused agreement action is refused (the same verdicts the service raises)."""

from __future__ import annotations

import pytest

from resolution_center.domain.errors import ValidationError
from tests.helpers.workspace import Workspace


def test_an_offer_is_draftable_until_an_agreement_uses_it(workspace: Workspace) -> None:
    from tests.helpers.agreements import negotiated

    n = negotiated(workspace)
    offers, why = n.sofia.agreements.offers_to_draft(n.case_ref)
    assert [o.reference for o in offers] == [n.offer.reference] and why == ""
    draft = n.sofia.agreements.create(n.case_ref, n.offer.reference, "email")
    offers, why = n.sofia.agreements.offers_to_draft(n.case_ref)
    assert offers == []
    with pytest.raises(ValidationError) as refused:
        n.sofia.agreements.create(n.case_ref, n.offer.reference, "email")
    assert why == refused.value.message  # what the refusal would say, said beforehand
    assert draft.number in why


def test_refusals_name_exactly_the_actions_not_allowed(workspace: Workspace) -> None:
    from tests.helpers.agreements import negotiated

    n = negotiated(workspace)
    draft = n.sofia.agreements.create(n.case_ref, n.offer.reference, "email")
    n.dmitri.agreements.issue(draft.number)
    [(info, allowed)] = n.sofia.agreements.for_case_with_actions(n.case_ref)
    [(same, refusals)] = n.sofia.agreements.for_case_with_refusals(n.case_ref)
    assert same == info
    assert set(refusals) == {a for a in type(next(iter(allowed))) if a not in allowed}
    assert all(refusals.values())
