"""Who may answer, counter or withdraw an offer, whom a counter-offer goes to, and how the trail
says it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from resolution_center.domain.actions import Action
from resolution_center.domain.agreement import PartyRole
from resolution_center.domain.audit import AuditEvent, canonical_json
from resolution_center.domain.errors import ValidationError
from resolution_center.domain.ids import CaseId
from resolution_center.domain.money import Money
from resolution_center.domain.offer import (
    Offer,
    OfferAction,
    OfferedRemedy,
    OfferState,
    OfferTerms,
    check_recipients,
    default_recipients,
    new_offer_refusal,
    offer_parties,
    offer_refusal,
    parse_channel,
)
from resolution_center.domain.trail_text import TrailText, entry_of

CUSTOMER, COMPANY, SELLER = PartyRole.CUSTOMER, PartyRole.COMPANY, PartyRole.SELLER
ALL = (COMPANY, CUSTOMER, SELLER)
TERMS = OfferTerms((OfferedRemedy("RM-000001", Money(4_000, "EUR")),))
DUE = date(2026, 11, 30)


def offer(by: PartyRole, to: tuple[PartyRole, ...], state: OfferState = OfferState.OPEN) -> Offer:
    return Offer(
        id=1,
        reference="OF-000001",
        case_id=CaseId(1),
        case_reference="RC-2026-000001",
        round=1,
        parent=None,
        proposed_by=by,
        recorded_by="sofia",
        terms=TERMS,
        response_due=dict.fromkeys(to, DUE),
        state=state,
        created_at=datetime(2026, 11, 23, tzinfo=UTC),
    )


def test_any_party_the_offer_is_made_to_answers_it() -> None:
    o = offer(SELLER, (COMPANY, CUSTOMER))
    for action in (OfferAction.ACCEPT, OfferAction.DECLINE, OfferAction.COUNTER):
        assert offer_parties(action, o, DUE) == (COMPANY, CUSTOMER)
    assert offer_parties(OfferAction.WITHDRAW, o, DUE) == (SELLER,)
    refusal = offer_refusal(OfferAction.ACCEPT, o, SELLER, DUE)
    assert refusal is not None and refusal.field == "by"
    assert "made by the seller to company and customer" in str(refusal)


def test_a_late_yes_is_refused_a_late_no_is_not() -> None:
    o = offer(COMPANY, (CUSTOMER,))
    late = date(2026, 12, 1)
    assert "lapsed" in str(offer_refusal(OfferAction.ACCEPT, o, CUSTOMER, late))
    assert offer_refusal(OfferAction.DECLINE, o, CUSTOMER, late) is None
    assert offer_refusal(OfferAction.COUNTER, o, CUSTOMER, late) is None


@pytest.mark.parametrize("state", [s for s in OfferState if s is not OfferState.OPEN])
def test_an_answered_offer_takes_no_more_answers(state: OfferState) -> None:
    o = offer(COMPANY, (CUSTOMER, SELLER), state)
    assert all(offer_parties(a, o, DUE) == () for a in OfferAction)
    assert f"is {state.value}, not open" in str(offer_refusal(OfferAction.ACCEPT, o, CUSTOMER, DUE))


def test_a_counter_offer_goes_to_everyone_the_round_it_answers_involved() -> None:
    seller_offer = offer(SELLER, (COMPANY, CUSTOMER))
    # Before: the customer's counter went to the company alone, and the seller could not answer.
    assert default_recipients(ALL, CUSTOMER, (), seller_offer) == (COMPANY, SELLER)
    # A first offer: the customer and the company, the seller only when its terms name it.
    assert default_recipients(ALL, COMPANY) == (CUSTOMER,)
    assert default_recipients(ALL, SELLER) == (COMPANY, CUSTOMER)
    assert default_recipients(ALL, COMPANY, [SELLER]) == (CUSTOMER, SELLER)


def test_the_parties_an_offer_is_made_to_are_checked() -> None:
    assert check_recipients(ALL, COMPANY, ["seller", "customer"]) == (CUSTOMER, SELLER)
    with pytest.raises(ValidationError, match="not made to itself"):
        check_recipients(ALL, COMPANY, ["company"])
    with pytest.raises(ValidationError, match="at least one party"):
        check_recipients(ALL, COMPANY, [])
    with pytest.raises(ValidationError, match="no marketplace seller"):
        check_recipients((COMPANY, CUSTOMER), COMPANY, ["seller"])
    with pytest.raises(ValidationError, match="unknown party"):
        check_recipients(ALL, COMPANY, ["broker"])


def test_one_open_offer_per_case_and_none_on_a_closed_case() -> None:
    assert (
        new_offer_refusal("RC-1", None, [offer(COMPANY, (CUSTOMER,), OfferState.DECLINED)]) is None
    )
    assert "still open" in str(new_offer_refusal("RC-1", None, [offer(COMPANY, (CUSTOMER,))]))
    assert "is closed: reopen it" in str(new_offer_refusal("RC-1", "closed", []))


def test_channels() -> None:
    assert (
        parse_channel("In person") is not None and parse_channel("In person").value == "in-person"
    )  # type: ignore[union-attr]
    assert parse_channel("") is None
    with pytest.raises(ValidationError, match="unknown channel") as err:
        parse_channel("pigeon")
    assert err.value.field == "via"


def _summary(action: Action, data: dict[str, Any]) -> str:
    event = AuditEvent(
        seq=1,
        prev_hash="0" * 64,
        time="2026-11-24T10:00:00.000000Z",
        actor="sofia",
        role="specialist",
        action=action.value,
        target_type="offer",
        target_id="OF-000002",
        data=canonical_json(data),
        hash="0" * 64,
    )
    # A case's trail names the offer first: "OF-000002: Round 2: ..."
    return TrailText().summary(entry_of(event)).removeprefix("OF-000002: ")


def test_the_trail_tells_the_negotiation_in_sentences() -> None:
    made = _summary(
        Action.OFFER_MADE,
        {
            "case": "RC-2026-000001",
            "round": 2,
            "parent": "OF-000001",
            "proposed_by": "customer",
            "terms": TERMS.to_json(),
            "response_due": {"company": "2026-11-27", "seller": "2026-11-28"},
        },
    )
    assert made == (
        "Round 2: the customer offers 40.00 EUR to the company and the seller, countering "
        "OF-000001; replies due: the company by 2026-11-27, the seller by 2026-11-28"
    )
    answered = {"round": 2, "by": "seller", "via": "phone", "note": "Fine."}
    assert _summary(Action.OFFER_ACCEPTED, answered) == "Accepted by the seller, by phone (round 2)"
    assert _summary(Action.OFFER_DECLINED, {**answered, "via": "in-person"}) == (
        "Declined by the seller, in person (round 2)"
    )
    assert _summary(Action.OFFER_WITHDRAWN, {"round": 1, "by": "company", "via": None}) == (
        "Withdrawn by the company (round 1)"
    )
