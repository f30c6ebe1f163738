"""Negotiation: offers, counter-offers and their answers, each one step with its audit event."""

from __future__ import annotations

import builtins  # a class here has a list() method, which annotations would name
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..domain.actions import Action
from ..domain.agreement import PartyRole
from ..domain.case import OPEN_STATUSES, Case, clean_text
from ..domain.errors import NotFound, ValidationError
from ..domain.money import Money
from ..domain.offer import (
    ACTION_STATES,
    DEFAULT_RESPONSE_DAYS,
    Offer,
    OfferAction,
    OfferAnswer,
    OfferChannel,
    OfferedRemedy,
    OfferState,
    OfferTerms,
    check_recipients,
    default_recipients,
    new_offer_refusal,
    offer_parties,
    offer_reference,
    offer_refusal,
    parse_answer,
    parse_channel,
    parse_offer_reference,
    parse_party,
    response_dates,
)
from ..storage.agreements import AgreementRepository, OfferRepository, RemedyFacts
from ..storage.repositories import CaseRepository
from ..storage.store import UnitOfWork
from .agreement_values import company_party
from .context import Context
from .guards import CaseLookup, require_person

DueDates = date | Mapping[str, date] | Mapping[PartyRole, date]
ACTION_EVENTS = {
    OfferAction.ACCEPT: Action.OFFER_ACCEPTED,
    OfferAction.DECLINE: Action.OFFER_DECLINED,
    OfferAction.COUNTER: Action.OFFER_COUNTERED,
    OfferAction.WITHDRAW: Action.OFFER_WITHDRAWN,
}
CLOSED_REMEDY_STATES = ("rejected", "withdrawn", "expired")
Parties = Iterable[str | PartyRole]


@dataclass(frozen=True, slots=True)
class CaseRemedy:
    """A remedy of the case as the offer editor shows it; `refusal` says why it cannot be
    offered now ("" when it can)."""

    reference: str
    kind: str
    amount: Money
    refusal: str


@dataclass(frozen=True, slots=True)
class Negotiation:
    """A case's offers with what may be done with each now: the window's Negotiation tab."""

    offers: tuple[Offer, ...]
    parties: tuple[PartyRole, ...]  # who may take part on this case
    # per offer reference, the parties that may take each action on it today
    may: dict[str, dict[OfferAction, tuple[PartyRole, ...]]]
    new_offer_refusal: str  # why no first-round offer may be made now ("" when one may)
    remedies: tuple[CaseRemedy, ...] = ()  # every remedy of the case, oldest first

    def current(self) -> Offer | None:
        """The open offer, if any (there is at most one per case)."""
        return next((o for o in self.offers if o.state is OfferState.OPEN), None)

    def who_may(self, offer: Offer | None, action: OfferAction) -> tuple[PartyRole, ...]:
        if offer is None:
            return ()
        return self.may.get(offer.reference, {}).get(action, ())


def _unofferable(r: RemedyFacts) -> str:
    """Why an offer cannot name this remedy ("" when it can)."""
    if r.state in CLOSED_REMEDY_STATES:
        return f"remedy {r.reference} is {r.state} and cannot be offered"
    if r.frozen_by:
        return f"remedy {r.reference} is already bound by agreement {r.frozen_by}"
    return ""


class OfferService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.repo = OfferRepository(ctx.store)
        self.agreements = AgreementRepository(ctx.store)
        self.case_repo = CaseRepository(ctx.store)
        self.cases = CaseLookup(ctx.store)

    def _require_person(self) -> None:
        require_person(self.ctx.actor, "record offers")

    # ---- reads ------------------------------------------------------------------------------
    def get(self, offer_ref: str) -> Offer:
        ref = parse_offer_reference(offer_ref)
        offer = self.repo.get(ref)
        if offer is None:
            raise NotFound(f"no offer {ref}", field="offer")
        return offer

    def list(self, case_ref: str | int) -> list[Offer]:
        return self.repo.for_case(self.cases.resolve(case_ref))

    def negotiation(self, case_ref: str | int) -> Negotiation:
        """The case's offers, oldest first, with who may do what with each today."""
        case = self.cases.get(case_ref)
        offers = tuple(self.repo.for_case(case.id))
        today = self.ctx.now().date()
        refusal = new_offer_refusal(
            case.reference, None if case.status in OPEN_STATUSES else case.status.value, offers
        )
        return Negotiation(
            offers,
            self.parties(case),
            {o.reference: {a: offer_parties(a, o, today) for a in OfferAction} for o in offers},
            str(refusal.message) if refusal else "",
            self._case_remedies(case),
        )

    def _case_remedies(self, case: Case) -> tuple[CaseRemedy, ...]:
        found = self.agreements.remedies(case.id, self.agreements.remedy_references(case.id))
        return tuple(
            CaseRemedy(r.reference, r.kind, r.amount, _unofferable(r)) for r in found.values()
        )

    def chain(self, offer: Offer) -> builtins.list[Offer]:
        """The negotiation that led to this offer, first round first."""
        by_ref = {o.reference: o for o in self.repo.for_case(offer.case_id)}
        out = [offer]
        while out[-1].parent is not None:
            out.append(by_ref[out[-1].parent])
        return out[::-1]

    # ---- checks -----------------------------------------------------------------------------
    def parties(self, case: Case) -> tuple[PartyRole, ...]:
        """Who may take part: the seller only when the order names a marketplace seller."""
        company = company_party(self.agreements).name
        has_seller = any(item.seller and item.seller != company for item in case.order.items)
        return tuple(p for p in PartyRole if p is not PartyRole.SELLER or has_seller)

    def terms(self, case: Case, terms: OfferTerms | Mapping[str, Any]) -> OfferTerms:
        """Checked terms with every amount filled in (the remedy's own when none is given)."""
        if not isinstance(terms, OfferTerms):
            terms = OfferTerms.from_json(terms, case.order.currency)
        found = self.agreements.remedies(case.id, terms.remedy_refs)
        today = self.ctx.now().date()
        remedies = []
        for offered in terms.remedies:
            r = found.get(offered.remedy)
            if r is None:
                raise ValidationError(
                    f"{offered.remedy} is not a remedy of {case.reference}", field="remedies"
                )
            refusal = _unofferable(r)
            if refusal:
                raise ValidationError(refusal, field="remedies")
            amount = offered.amount or r.amount
            if amount.currency != r.amount.currency or amount > r.amount:
                raise ValidationError(
                    f"{r.reference} is for {r.amount.format()}: an offer cannot promise "
                    f"{amount.format()}",
                    field="amount",
                )
            remedies.append(OfferedRemedy(r.reference, amount, offered.description))
        allowed = self.parties(case)
        for ob in terms.obligations:
            if ob.party not in allowed:
                raise ValidationError(
                    f"an obligation names the {ob.party.value}, but {case.reference}'s order "
                    "names no marketplace seller",
                    field="obligations",
                )
            if ob.deadline < today:
                raise ValidationError(
                    f"the {ob.party.value}'s deadline {ob.deadline} is in the past",
                    field="obligations",
                )
        return OfferTerms(tuple(remedies), terms.obligations, terms.return_conditions)

    def _due(
        self,
        case: Case,
        proposer: PartyRole,
        terms: OfferTerms,
        parent: Offer | None,
        to: Parties | None,
        due: DueDates | None,
    ) -> dict[PartyRole, date]:
        """The answer's due date per party the offer is made to: those named in `to`, else
        those the due dates name, else the domain's default recipients."""
        parties = self.parties(case)
        if to is not None:
            made_to = check_recipients(parties, proposer, to)
        elif isinstance(due, Mapping):
            made_to = check_recipients(parties, proposer, due.keys())
        else:
            made_to = default_recipients(parties, proposer, terms.parties(), parent)
        today = self.ctx.now().date()
        dates = response_dates(
            due if due is not None else today + timedelta(days=DEFAULT_RESPONSE_DAYS), made_to
        )
        for party, day in dates.items():
            if day < today:
                raise ValidationError(
                    f"the {party.value}'s answer cannot be due in the past ({day})",
                    field="response_due",
                )
        return dates

    # ---- changes ----------------------------------------------------------------------------
    def _insert(
        self,
        work: UnitOfWork,
        case: Case,
        proposer: PartyRole,
        terms: OfferTerms,
        due: dict[PartyRole, date],
        parent: Offer | None,
    ) -> str:
        reference = offer_reference(self.case_repo.next_counter("offer"))
        round_ = parent.round + 1 if parent else 1
        self.repo.insert(
            reference,
            case.id,
            round_,
            parent.id if parent else None,
            proposer,
            self.ctx.actor.username,
            terms,
            due,
            work.now,
        )
        work.emit(
            Action.OFFER_MADE,
            "offer",
            reference,
            {
                "case": case.reference,
                "round": round_,
                "parent": parent.reference if parent else None,
                "proposed_by": proposer.value,
                "terms": terms.to_json(),
                "response_due": {p.value: d.isoformat() for p, d in due.items()},
            },
            case_id=case.id,
        )
        return reference

    def add(
        self,
        case_ref: str | int,
        proposed_by: str | PartyRole,
        terms: OfferTerms | Mapping[str, Any],
        response_due: DueDates | None = None,
        parent: str | None = None,
        note: str = "",
        *,
        to: Parties | None = None,
        via: str | OfferChannel | None = None,
    ) -> Offer:
        """Record an offer made to the parties `to` (default: the domain's recipients); with
        `parent`, a counter-offer answering that open offer (`via`: how it was received)."""
        if parent is not None:
            return self.answer(
                parent,
                OfferAnswer.COUNTER,
                note,
                counter_terms=terms,
                by=proposed_by,
                response_due=response_due,
                to=to,
                via=via,
            )
        self._require_person()
        case = self.cases.get(case_ref)
        proposer = parse_party(proposed_by, "proposed_by")
        self._check_case(case, proposer)
        checked = self.terms(case, terms)
        due = self._due(case, proposer, checked, None, to, response_due)
        with self.ctx.store.transaction(self.ctx.actor, self.ctx.now()) as work:
            refusal = new_offer_refusal(case.reference, None, self.repo.for_case(case.id))
            if refusal is not None:
                raise refusal
            reference = self._insert(work, case, proposer, checked, due, None)
        return self.get(reference)

    def _check_case(self, case: Case, party: PartyRole) -> None:
        if case.status not in OPEN_STATUSES:
            raise ValidationError(
                f"{case.reference} is {case.status.value}: reopen it to negotiate",
                field="case",
            )
        if party not in self.parties(case):
            raise ValidationError(
                f"{case.reference}'s order names no marketplace seller to make an offer",
                field="proposed_by",
            )

    def answer(
        self,
        offer_ref: str,
        answer: str | OfferAnswer,
        note: str = "",
        counter_terms: OfferTerms | Mapping[str, Any] | None = None,
        *,
        by: str | PartyRole | None = None,
        response_due: DueDates | None = None,
        to: Parties | None = None,
        via: str | OfferChannel | None = None,
    ) -> Offer:
        """Accept, decline or counter an open offer in the name of a party it is made to
        (`via`: how that party said it); a counter returns the new offer, made to `to`."""
        self._require_person()
        kind = parse_answer(answer)
        text = clean_text(note, "note", multiline=True)
        channel = parse_channel(via)
        offer = self.get(offer_ref)
        case = self.cases.get(offer.case_id)
        party = self._answerer(offer, by)
        now = self.ctx.now()
        refusal = offer_refusal(OfferAction(kind.value), offer, party, now.date())
        if refusal is not None:
            raise refusal
        checked: OfferTerms | None = None
        due: dict[PartyRole, date] = {}
        if kind is OfferAnswer.COUNTER:
            if counter_terms is None:
                raise ValidationError("a counter-offer needs its terms", field="terms")
            self._check_case(case, party)
            checked = self.terms(case, counter_terms)
            due = self._due(case, party, checked, offer, to, response_due)
        elif counter_terms is not None:
            raise ValidationError("only a counter-offer has terms of its own", field="terms")
        elif to is not None:
            raise ValidationError("only a counter-offer is made to parties of its own", field="to")
        with self.ctx.store.transaction(self.ctx.actor, now) as work:
            self._close(work, offer, OfferAction(kind.value), party, text, channel)
            reference = offer.reference
            if checked is not None:
                reference = self._insert(work, case, party, checked, due, offer)
        return self.get(reference)

    def _close(
        self,
        work: UnitOfWork,
        offer: Offer,
        action: OfferAction,
        party: PartyRole,
        note: str,
        via: OfferChannel | None,
    ) -> None:
        """Answer or withdraw the offer as it stands now (locked), with its event."""
        current = self.repo.get(offer.reference, lock=True)
        if current is None:
            raise NotFound(f"no offer {offer.reference}", field="offer")
        refusal = offer_refusal(action, current, party, work.now.date())
        if refusal is not None:
            raise refusal
        state = ACTION_STATES[action]
        self.repo.close(offer.id, state, party, note, work.now, via, self.ctx.actor.username)
        work.emit(
            ACTION_EVENTS[action],
            "offer",
            offer.reference,
            {
                "case": offer.case_reference,
                "round": offer.round,
                "by": party.value,
                "via": via.value if via else None,
                "note": note,
                "old": {"state": OfferState.OPEN.value},
                "new": {"state": state.value},
            },
            case_id=offer.case_id,
        )

    @staticmethod
    def _answerer(offer: Offer, by: str | PartyRole | None) -> PartyRole:
        if by is not None:
            return parse_party(by, "by")
        # Unsaid: the usual other side, the customer answering the company and vice versa.
        preferred = (
            PartyRole.CUSTOMER if offer.proposed_by is not PartyRole.CUSTOMER else PartyRole.COMPANY
        )
        return preferred if preferred in offer.response_due else offer.answering[0]

    def withdraw(
        self, offer_ref: str, note: str = "", *, via: str | OfferChannel | None = None
    ) -> Offer:
        """The party that made an open offer takes it back (`via`: how it said so)."""
        self._require_person()
        text = clean_text(note, "note", multiline=True)
        channel = parse_channel(via)
        offer = self.get(offer_ref)
        with self.ctx.store.transaction(self.ctx.actor, self.ctx.now()) as work:
            self._close(work, offer, OfferAction.WITHDRAW, offer.proposed_by, text, channel)
        return self.get(offer.reference)
