"""Negotiation on both backends: offers, counter-offers, answers and the events they write."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from resolution_center.domain.agreement import PartyRole
from resolution_center.domain.errors import ValidationError
from resolution_center.domain.offer import OfferAction, OfferChannel, OfferState
from tests.helpers.agreements import eur, negotiated, offer_terms
from tests.helpers.workspace import Workspace, draft


def _offer_events(ws: Workspace, case_ref: str) -> list[tuple[str, str, dict]]:  # type: ignore[type-arg]
    ctx = ws.login("root")
    case = ctx.cases.get(case_ref)
    return [
        (t.event.action, t.event.target_id, t.data)
        for t in ctx.audit.case_trail(case.id)
        if t.event.target_type == "offer"
    ]


def test_offer_counter_accept_each_step_is_an_event(workspace: Workspace) -> None:
    n = negotiated(workspace, accept=False)
    first = n.offer
    assert first.state is OfferState.OPEN and first.round == 1 and first.parent is None
    assert first.proposed_by.value == "company" and first.recorded_by == "sofia"
    # The seller has an obligation, so the seller answers too; the default due date applies.
    assert {p.value for p in first.response_due} == {"customer", "seller"}
    assert first.terms.remedies[0].amount == eur(4_000)  # filled in from the remedy
    assert first.terms.remedies[1].amount == eur(15_000)

    counter = n.sofia.offers.answer(
        first.reference,
        "counter",
        "Wants the larger refund only, no return.",
        counter_terms={"remedies": [n.large]},
        response_due=date(2026, 11, 27),
    )
    assert counter.round == 2 and counter.parent == first.reference
    assert counter.proposed_by.value == "customer" and counter.state is OfferState.OPEN
    # Made to everyone the first round involved but the customer: the company that made it
    # and the seller it was made to.
    assert counter.answering == (PartyRole.COMPANY, PartyRole.SELLER)
    assert n.sofia.offers.get(first.reference).state is OfferState.COUNTERED
    assert n.sofia.offers.get(first.reference).answered_by.value == "customer"  # type: ignore[union-attr]

    accepted = n.sofia.offers.answer(counter.reference, "accept", "Fine for us.")
    assert accepted.state is OfferState.ACCEPTED and accepted.answered_by.value == "company"  # type: ignore[union-attr]
    assert [o.reference for o in n.sofia.offers.list(n.case_ref)] == [
        first.reference,
        counter.reference,
    ]

    events = _offer_events(workspace, n.case_ref)
    assert [(a, t) for a, t, _ in events] == [
        ("offer.made", first.reference),
        ("offer.countered", first.reference),
        ("offer.made", counter.reference),
        ("offer.accepted", counter.reference),
    ]
    made, countered, made2, acc = (d for _, _, d in events)
    assert made["proposed_by"] == "company" and made["round"] == 1
    assert made["terms"]["remedies"][1] == {
        "remedy": n.large,
        "amount": {"minor": 15_000, "currency": "EUR"},
        "description": "Partial refund for a week without the machine.",
    }
    assert countered["by"] == "customer" and countered["new"] == {"state": "countered"}
    assert countered["note"] == "Wants the larger refund only, no return."
    assert made2["parent"] == first.reference and made2["round"] == 2
    assert made2["response_due"] == {"company": "2026-11-27", "seller": "2026-11-27"}
    assert acc["by"] == "company" and acc["old"] == {"state": "open"}
    assert n.sofia.audit.verify().ok


def test_add_with_parent_is_a_counter_offer(workspace: Workspace) -> None:
    n = negotiated(workspace, accept=False)
    counter = n.sofia.offers.add(
        n.case_ref,
        "seller",
        {"remedies": [n.small]},
        parent=n.offer.reference,
        note="The seller offers less.",
    )
    assert counter.parent == n.offer.reference and counter.proposed_by.value == "seller"
    old = n.sofia.offers.get(n.offer.reference)
    assert old.state is OfferState.COUNTERED and old.answered_by.value == "seller"  # type: ignore[union-attr]


def test_one_open_offer_at_a_time_and_withdrawing(workspace: Workspace) -> None:
    n = negotiated(workspace, accept=False)
    with pytest.raises(ValidationError, match="still open"):
        n.sofia.offers.add(n.case_ref, "company", {"remedies": [n.small]})
    withdrawn = n.sofia.offers.withdraw(n.offer.reference, "Made in error.")
    assert withdrawn.state is OfferState.WITHDRAWN
    assert withdrawn.answered_by.value == "company"  # type: ignore[union-attr]
    again = n.sofia.offers.add(n.case_ref, "company", {"remedies": [n.small]})
    assert again.state is OfferState.OPEN and again.round == 1
    with pytest.raises(ValidationError, match="withdrawn, not open"):
        n.sofia.offers.answer(n.offer.reference, "accept")
    actions = [a for a, _, _ in _offer_events(workspace, n.case_ref)]
    assert actions == ["offer.made", "offer.withdrawn", "offer.made"]


def test_answered_offers_stay_answered(workspace: Workspace) -> None:
    n = negotiated(workspace)
    for answer in ("accept", "decline", "counter"):
        with pytest.raises(ValidationError, match="accepted, not open"):
            n.sofia.offers.answer(
                n.offer.reference,
                answer,
                counter_terms=({"remedies": [n.small]} if answer == "counter" else None),
            )
    with pytest.raises(ValidationError, match="does not answer"):
        n.sofia.offers.add(n.case_ref, "company", {"remedies": [n.small]})  # fine: none open
        n.sofia.offers.answer(
            n.sofia.offers.list(n.case_ref)[-1].reference, "accept", by="company"
        )  # the company made it: it cannot answer it


def test_an_offer_lapses_after_its_due_date(workspace: Workspace) -> None:
    n = negotiated(workspace, accept=False)
    workspace.clock.advance(days=8)  # due 2026-11-30; now 2026-12-01
    with pytest.raises(ValidationError, match="lapsed"):
        n.sofia.offers.answer(n.offer.reference, "accept")
    declined = n.sofia.offers.answer(n.offer.reference, "decline", "Too late anyway.")
    assert declined.state is OfferState.DECLINED


def test_what_an_offer_may_promise(workspace: Workspace) -> None:
    n = negotiated(workspace, accept=False)
    n.sofia.offers.withdraw(n.offer.reference)
    add = n.sofia.offers.add
    with pytest.raises(ValidationError, match="cannot promise"):
        add(n.case_ref, "company", {"remedies": [{"remedy": n.small, "amount": "40.01"}]})
    with pytest.raises(ValidationError, match="not a remedy of"):
        add(n.case_ref, "company", {"remedies": ["RM-999999"]})
    with pytest.raises(ValidationError, match="at least one remedy"):
        add(n.case_ref, "company", {"remedies": []})
    with pytest.raises(ValidationError, match="unknown offer terms"):
        add(n.case_ref, "company", {"remedies": [n.small], "bonus": 1})
    with pytest.raises(ValidationError, match="in the past"):
        add(n.case_ref, "company", offer_terms(n.small), response_due=date(2026, 11, 1))
    with pytest.raises(ValidationError, match="unknown party"):
        add(n.case_ref, "broker", {"remedies": [n.small]})
    with pytest.raises(ValidationError, match="cannot be offered"):
        n.sofia.remedies.withdraw(n.small, "Not needed.")
        add(n.case_ref, "company", {"remedies": [n.small]})
    # Another case's remedy is not this case's to offer.
    other = n.sofia.cases.create(draft("Other", email="other@example.com", total=5_000))
    with pytest.raises(ValidationError, match="not a remedy of"):
        add(other.reference, "company", {"remedies": [n.large]})


def test_no_seller_without_a_marketplace_seller(workspace: Workspace) -> None:
    n = negotiated(workspace, accept=False)
    plain = draft("Plain", email="p@example.com", total=5_000)
    items = tuple(replace(i, seller="") for i in plain.order.items)
    case = n.sofia.cases.create(replace(plain, order=replace(plain.order, items=items)))
    remedy = n.sofia.remedies.propose(case.reference, "partial-refund", eur(1_000), reason="x")
    with pytest.raises(ValidationError, match="no marketplace seller"):
        n.sofia.offers.add(case.reference, "seller", {"remedies": [remedy.reference]})
    with pytest.raises(ValidationError, match="no marketplace seller"):
        n.sofia.offers.add(case.reference, "company", offer_terms(remedy.reference))
    offer = n.sofia.offers.add(case.reference, "company", {"remedies": [remedy.reference]})
    assert list(offer.response_due) == [PartyRole.CUSTOMER]


# ---- any party an offer is made to answers it ---------------------------------------------------


def test_the_seller_answers_the_customers_counter_to_its_offer(workspace: Workspace) -> None:
    """The seller made the offer, the customer countered it: the counter is made to the seller
    too, so the seller's yes is recorded (before, "the seller does not answer ...")."""
    n = negotiated(workspace, accept=False)
    n.sofia.offers.withdraw(n.offer.reference)
    seller_offer = n.sofia.offers.add(n.case_ref, "seller", {"remedies": [n.small]})
    assert seller_offer.answering == (PartyRole.COMPANY, PartyRole.CUSTOMER)
    counter = n.sofia.offers.answer(
        seller_offer.reference,
        "counter",
        "Wants the larger refund.",
        {"remedies": [n.large]},
        by="customer",
        via="chat",
    )
    assert PartyRole.SELLER in counter.answering
    accepted = n.sofia.offers.answer(
        counter.reference, "accept", "Agreed on the phone.", by="seller", via="phone"
    )
    assert accepted.state is OfferState.ACCEPTED
    assert accepted.answered_by is PartyRole.SELLER
    assert accepted.answered_via is OfferChannel.PHONE
    assert accepted.answer_recorded_by == "sofia"
    countered = n.sofia.offers.get(seller_offer.reference)
    assert countered.answered_via is OfferChannel.CHAT
    *_, (action, target, data) = _offer_events(workspace, n.case_ref)
    assert (action, target) == ("offer.accepted", counter.reference)
    assert (data["by"], data["via"], data["note"]) == ("seller", "phone", "Agreed on the phone.")
    assert n.sofia.audit.verify().ok


def test_an_offer_is_made_to_the_parties_named(workspace: Workspace) -> None:
    n = negotiated(workspace, accept=False)
    n.sofia.offers.withdraw(n.offer.reference)
    add = n.sofia.offers.add
    with pytest.raises(ValidationError, match="not made to itself") as err:
        add(n.case_ref, "company", {"remedies": [n.small]}, to=["company", "customer"])
    assert err.value.field == "to"
    with pytest.raises(ValidationError, match="at least one party"):
        add(n.case_ref, "company", {"remedies": [n.small]}, to=[])
    offer = add(
        n.case_ref,
        "company",
        {"remedies": [n.small]},
        {"customer": date(2026, 11, 26), "seller": date(2026, 11, 28)},
    )
    assert offer.response_due == {
        PartyRole.CUSTOMER: date(2026, 11, 26),
        PartyRole.SELLER: date(2026, 11, 28),
    }
    with pytest.raises(ValidationError, match="does not answer"):
        n.sofia.offers.answer(offer.reference, "accept", by="company")
    with pytest.raises(ValidationError, match="unknown channel"):
        n.sofia.offers.answer(offer.reference, "decline", by="customer", via="pigeon")
    accepted = n.sofia.offers.answer(offer.reference, "accept", by="seller", via="letter")
    assert accepted.answered_by is PartyRole.SELLER
    with pytest.raises(ValidationError, match="accepted, not open"):
        n.sofia.offers.withdraw(offer.reference)


def test_the_negotiation_says_who_may_do_what(workspace: Workspace) -> None:
    n = negotiated(workspace, accept=False)
    talk = n.sofia.offers.negotiation(n.case_ref)
    current = talk.current()
    assert current is not None and current.reference == n.offer.reference
    assert talk.who_may(current, OfferAction.ACCEPT) == (PartyRole.CUSTOMER, PartyRole.SELLER)
    assert talk.who_may(current, OfferAction.WITHDRAW) == (PartyRole.COMPANY,)
    assert "still open" in talk.new_offer_refusal
    workspace.clock.advance(days=8)  # past the due date: no acceptance, a refusal still
    talk = n.sofia.offers.negotiation(n.case_ref)
    assert talk.who_may(talk.current(), OfferAction.ACCEPT) == ()
    assert talk.who_may(talk.current(), OfferAction.DECLINE) == (
        PartyRole.CUSTOMER,
        PartyRole.SELLER,
    )
    n.sofia.offers.answer(n.offer.reference, "decline", by="seller", via="email")
    talk = n.sofia.offers.negotiation(n.case_ref)
    assert talk.current() is None and talk.new_offer_refusal == ""
    assert all(not talk.who_may(talk.offers[0], a) for a in OfferAction)


def test_an_answer_rewritten_around_the_app_is_named_by_verify(workspace: Workspace) -> None:
    """Who said yes and how are vouched for by the trail: changed in the file (or by the
    server's owner with the triggers off), verify names the offer's row."""
    n = negotiated(workspace, accept=False)
    accepted = n.sofia.offers.answer(n.offer.reference, "accept", by="seller", via="phone")
    assert n.sofia.audit.verify().ok
    workspace.tamper(
        (
            "UPDATE offers SET answered_by_party = 'customer', answered_via = 'email' "
            "WHERE reference = ?",
            (accepted.reference,),
        )
    )
    report = workspace.login("root").audit.verify()
    assert not report.ok
    named = [(p.detail["table"], p.detail["key"]) for p in report.problems if p.detail]
    assert ("offers", str(accepted.id)) in named
