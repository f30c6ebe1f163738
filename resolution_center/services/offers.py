"""Negotiation: offers, counter-offers and their answers, each one step with its audit event."""

from __future__ import annotations

import builtins  # a class here has a list() method, which annotations would name
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from ..domain.actions import Action
from ..domain.agreement import PartyRole
from ..domain.case import OPEN_STATUSES, Case, clean_text
from ..domain.errors import NotFound, ValidationError
from ..domain.offer import (
    ANSWER_STATES,
    DEFAULT_RESPONSE_DAYS,
    Offer,
    OfferAnswer,
    OfferedRemedy,
    OfferState,
    OfferTerms,
    offer_reference,
    parse_answer,
    parse_offer_reference,
    parse_party,
    response_dates,
)
from ..storage.agreements import AgreementRepository, OfferRepository
from ..storage.repositories import CaseRepository
from ..storage.store import UnitOfWork
from .agreement_values import company_party
from .context import Context
from .guards import CaseLookup, require_person

DueDates = date | Mapping[str, date] | Mapping[PartyRole, date]
ANSWER_ACTIONS = {
    OfferAnswer.ACCEPT: Action.OFFER_ACCEPTED,
    OfferAnswer.DECLINE: Action.OFFER_DECLINED,
    OfferAnswer.COUNTER: Action.OFFER_COUNTERED,
}
CLOSED_REMEDY_STATES = ("rejected", "withdrawn", "expired")


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
            if r.state in CLOSED_REMEDY_STATES:
                raise ValidationError(
                    f"remedy {r.reference} is {r.state} and cannot be offered", field="remedies"
                )
            if r.frozen_by:
                raise ValidationError(
                    f"remedy {r.reference} is already bound by agreement {r.frozen_by}",
                    field="remedies",
                )
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

    def _answering(
        self, case: Case, proposer: PartyRole, terms: OfferTerms
    ) -> tuple[PartyRole, ...]:
        """Who must answer: customer and company, and the seller when it is involved."""
        involved = {PartyRole.CUSTOMER, PartyRole.COMPANY, proposer, *terms.parties()}
        return tuple(p for p in self.parties(case) if p in involved and p is not proposer)

    def _due(self, answering: tuple[PartyRole, ...], due: DueDates | None) -> dict[PartyRole, date]:
        today = self.ctx.now().date()
        dates = response_dates(
            due if due is not None else today + timedelta(days=DEFAULT_RESPONSE_DAYS), answering
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
    ) -> Offer:
        """Record an offer; with `parent`, a counter-offer answering that open offer."""
        if parent is not None:
            return self.answer(
                parent,
                OfferAnswer.COUNTER,
                note,
                counter_terms=terms,
                by=proposed_by,
                response_due=response_due,
            )
        self._require_person()
        case = self.cases.get(case_ref)
        proposer = parse_party(proposed_by, "proposed_by")
        self._check_case(case, proposer)
        checked = self.terms(case, terms)
        due = self._due(self._answering(case, proposer, checked), response_due)
        with self.ctx.store.transaction(self.ctx.actor, self.ctx.now()) as work:
            open_ = [o for o in self.repo.for_case(case.id) if o.state is OfferState.OPEN]
            if open_:
                raise ValidationError(
                    f"{open_[0].reference} is still open on {case.reference}: answer it "
                    "(a counter-offer is an answer) or withdraw it first",
                    field="offer",
                )
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
    ) -> Offer:
        """Accept, decline or counter an open offer; a counter returns the new offer."""
        self._require_person()
        kind = parse_answer(answer)
        text = clean_text(note, "note", multiline=True)
        offer = self.get(offer_ref)
        case = self.cases.get(offer.case_id)
        party = self._answerer(offer, by)
        checked: OfferTerms | None = None
        due: dict[PartyRole, date] = {}
        if kind is OfferAnswer.COUNTER:
            if counter_terms is None:
                raise ValidationError("a counter-offer needs its terms", field="terms")
            self._check_case(case, party)
            checked = self.terms(case, counter_terms)
            due = self._due(self._answering(case, party, checked), response_due)
        elif counter_terms is not None:
            raise ValidationError("only a counter-offer has terms of its own", field="terms")
        now = self.ctx.now()
        if kind is OfferAnswer.ACCEPT and now.date() > offer.response_due[party]:
            raise ValidationError(
                f"{offer.reference} lapsed: the {party.value}'s answer was due by "
                f"{offer.response_due[party]}; record a new offer instead",
                field="offer",
            )
        with self.ctx.store.transaction(self.ctx.actor, now) as work:
            current = self.repo.get(offer.reference, lock=True)
            if current is None or current.state is not OfferState.OPEN:
                state = current.state.value if current else "gone"
                raise ValidationError(f"{offer.reference} is {state}, not open", field="offer")
            self.repo.close(offer.id, ANSWER_STATES[kind], party, text, work.now)
            work.emit(
                ANSWER_ACTIONS[kind],
                "offer",
                offer.reference,
                {
                    "case": case.reference,
                    "round": offer.round,
                    "by": party.value,
                    "note": text,
                    "old": {"state": OfferState.OPEN.value},
                    "new": {"state": ANSWER_STATES[kind].value},
                },
                case_id=case.id,
            )
            reference = offer.reference
            if checked is not None:
                reference = self._insert(work, case, party, checked, due, offer)
        return self.get(reference)

    @staticmethod
    def _answerer(offer: Offer, by: str | PartyRole | None) -> PartyRole:
        if by is None:
            # The usual other side: the customer answers the company and vice versa.
            preferred = (
                PartyRole.CUSTOMER
                if offer.proposed_by is not PartyRole.CUSTOMER
                else (PartyRole.COMPANY)
            )
            return preferred if preferred in offer.response_due else offer.answering[0]
        party = parse_party(by, "by")
        if party not in offer.response_due:
            raise ValidationError(
                f"the {party.value} does not answer {offer.reference} (it was made by the "
                f"{offer.proposed_by.value}; answering: "
                f"{', '.join(p.value for p in offer.answering)})",
                field="by",
            )
        return party

    def withdraw(self, offer_ref: str, note: str = "") -> Offer:
        """The party that made an open offer takes it back."""
        self._require_person()
        text = clean_text(note, "note", multiline=True)
        offer = self.get(offer_ref)
        with self.ctx.store.transaction(self.ctx.actor, self.ctx.now()) as work:
            current = self.repo.get(offer.reference, lock=True)
            if current is None or current.state is not OfferState.OPEN:
                state = current.state.value if current else "gone"
                raise ValidationError(f"{offer.reference} is {state}, not open", field="offer")
            self.repo.close(offer.id, OfferState.WITHDRAWN, offer.proposed_by, text, work.now)
            work.emit(
                Action.OFFER_WITHDRAWN,
                "offer",
                offer.reference,
                {
                    "case": offer.case_reference,
                    "round": offer.round,
                    "by": offer.proposed_by.value,
                    "note": text,
                    "old": {"state": OfferState.OPEN.value},
                    "new": {"state": OfferState.WITHDRAWN.value},
                },
                case_id=offer.case_id,
            )
        return self.get(offer.reference)
