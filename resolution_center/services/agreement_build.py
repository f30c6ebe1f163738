"""Assembling the Agreement value from what is stored: case, accepted offer, remedies, people.

No storage and no clock here: the agreement service reads the facts inside its transaction and
hands them in, so the same facts always give the same value (and the same content hash).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from ..domain.agreement import (
    Acceptance,
    AgreedRemedy,
    Agreement,
    AgreementState,
    Approval,
    ApprovalAction,
    AuditLine,
    CaseFacts,
    Obligation,
    Party,
    PartyRole,
)
from ..domain.audit import AuditEvent, ChainHead, parse_time
from ..domain.case import Case
from ..domain.errors import ValidationError
from ..domain.money import Money
from ..domain.offer import Offer
from ..domain.taxonomy import Taxonomy
from ..domain.trail_text import TrailText, entry_of
from ..export import agreement_words
from ..export.terms import TermsTemplate
from ..storage.agreements import RemedyFacts
from .service_text import localize

AGREEABLE = ("authorized", "approved")  # remedy states an agreement may name
SUMMARY_LIMIT = 400
# When the offer sets no date for the company's own part, each remedy is due this many days
# after the customer accepted: term 6.2 promises the remedies "by the dates stated under
# Obligations", so every remedy needs one there.
REMEDY_DAYS = 14
_REMEDY_DUTY = {
    "full-refund": "Refund {amount} to the original method of payment",
    "partial-refund": "Refund {amount} to the original method of payment",
    "return-for-refund": "Refund {amount} to the original method of payment once the goods "
    "are back",
    "replacement": "Send replacement goods worth {amount}, free of charge",
    "expedited-replacement": "Send replacement goods worth {amount} by express delivery, free "
    "of charge",
    "coupon": "Issue a coupon worth {amount}",
    "store-credit": "Credit {amount} to the customer's account as store credit",
    "service-credit": "Credit {amount} to the customer's account as service credit",
    "goodwill-gesture": "Pay a goodwill gesture of {amount}",
}


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything one version is built from, read in one transaction."""

    number: str
    version: int
    case: Case
    offer: Offer
    chain: Sequence[Offer]  # the negotiation, first round first, ending with `offer`
    remedies: Mapping[str, RemedyFacts]  # by reference
    company: Party
    names: Mapping[str, str]  # username -> display name
    taxonomy: Taxonomy
    template: TermsTemplate
    acceptance: Acceptance
    language: str = "en"  # what the agreement is written in (export/agreement_words.py)


def check_remedies(offer: Offer, remedies: Mapping[str, RemedyFacts], number: str | None) -> None:
    """Every remedy the offer names exists on the case, may be agreed and covers its amount."""
    for offered in offer.terms.remedies:
        found = remedies.get(offered.remedy)
        if found is None:
            raise ValidationError(
                f"remedy {offered.remedy} is not a remedy of this case", field="remedies"
            )
        if found.state not in AGREEABLE:
            raise ValidationError(
                f"remedy {found.reference} is {found.state}: an agreement can only name "
                "authorized or approved remedies",
                field="remedies",
                remedy=found.reference,
                state=found.state,
            )
        if found.frozen_by and found.frozen_by != number:
            raise ValidationError(
                f"remedy {found.reference} is already bound by agreement {found.frozen_by}",
                field="remedies",
            )
        amount = offered.amount or found.amount
        if amount.currency != found.amount.currency or amount > found.amount:
            raise ValidationError(
                f"{found.reference} offers {amount.format()}, more than the "
                f"{found.amount.format()} it was {found.state} for",
                field="amount",
            )


def _seller(case: Case, company: Party) -> Party:
    names = [i.seller for i in case.order.items if i.seller and i.seller != company.name]
    if not names:
        raise ValidationError(
            "the offer involves the seller, but the order names no marketplace seller",
            field="seller",
        )
    return Party(PartyRole.SELLER, names[0])


def _approvals(facts: Facts) -> tuple[Approval, ...]:
    """Requester 'authorized' (within their authority) or 'proposed', sign-offs 'approved'."""
    seen: dict[tuple[str, str, str], datetime] = {}
    for offered in facts.offer.terms.remedies:
        r = facts.remedies[offered.remedy]
        action = ApprovalAction.AUTHORIZED if r.state == "authorized" else ApprovalAction.PROPOSED
        steps = [(r.requester, r.requester_role, action.value, r.created_at)]
        steps += [(who, role, ApprovalAction.APPROVED.value, at) for who, role, at in r.approvals]
        for who, role, act, at in steps:
            key = (who, role, act)
            if key not in seen or at < seen[key]:
                seen[key] = at
    ordered = sorted(seen.items(), key=lambda kv: (kv[1], kv[0]))
    return tuple(
        Approval(facts.names.get(who, who), role, ApprovalAction(act), at)
        for (who, role, act), at in ordered
    )


def _negotiation(chain: Sequence[Offer]) -> tuple[str, ...]:
    lines = []
    for o in chain:
        text = (
            f"Round {o.round} ({o.reference}): offered by the {o.proposed_by.value} on "
            f"{o.created_at:%Y-%m-%d}, recorded by {o.recorded_by}"
        )
        if o.answered_by is not None:
            text += f"; {o.state.value} by the {o.answered_by.value}"
            if o.answer_note:
                text += f": {o.answer_note}"
        lines.append(text if text.endswith((".", "!", "?")) else text + ".")
    return ("Negotiation:\n" + "\n".join(lines),) if lines else ()


def _involved(chain: Sequence[Offer], offer: Offer) -> set[PartyRole]:
    """Everyone who made or answered an offer in the negotiation, or owes something in the
    accepted one: a seller who countered in round 1 is a party even if round 2 leaves it out."""
    involved = {*offer.terms.parties()}
    for o in (*chain, offer):
        involved.add(o.proposed_by)
        if o.answered_by is not None:
            involved.add(o.answered_by)
    return involved


def _remedy_obligations(
    remedies: Sequence[AgreedRemedy],
    kinds: Mapping[str, str],
    offer: Offer,
    accepted: date,
    language: str = "en",
) -> tuple[Obligation, ...]:
    """The company's part, one line per remedy with its amount and due date: the offer's
    earliest date for the company, or REMEDY_DAYS after the customer accepted."""
    company_dates = [o.deadline for o in offer.terms.obligations if o.party is PartyRole.COMPANY]
    due = min(company_dates) if company_dates else accepted + timedelta(days=REMEDY_DAYS)
    out = []
    for r in remedies:
        if language == agreement_words.ENGLISH:
            duty = _REMEDY_DUTY.get(kinds[r.remedy_id], "Provide {amount}")
            text = f"{duty.format(amount=r.amount.format())} ({r.kind.lower()}, {r.remedy_id})."
        else:
            w = agreement_words.words(language)
            duty = w.get(f"duty.{kinds[r.remedy_id]}", w["duty.other"])
            amount = agreement_words.money(r.amount, language)
            text = w["duty.line"].format(
                duty=duty.format(amount=amount), kind=r.kind, remedy=r.remedy_id
            )
        out.append(Obligation(PartyRole.COMPANY, text, due))
    return tuple(out)


def build(facts: Facts) -> Agreement:
    """The draft value of one version (no audit appendix yet: that is added at issue)."""
    case, offer, terms = facts.case, facts.offer, facts.offer.terms
    language = facts.language
    w = agreement_words.words(language)
    check_remedies(offer, facts.remedies, facts.number)
    involved = _involved(facts.chain, offer)
    seller = _seller(case, facts.company) if PartyRole.SELLER in involved else None
    customer = Party(
        PartyRole.CUSTOMER,
        case.customer.name,
        (),
        case.customer.email,
        w["build.customer_no"].format(id=case.customer.id) if case.customer.id else "",
    )
    remedies = []
    for offered in terms.remedies:
        r = facts.remedies[offered.remedy]
        kind = agreement_words.code_label(r.kind, language) or r.kind.replace("-", " ").capitalize()
        remedies.append(
            AgreedRemedy(r.reference, kind, offered.description, offered.amount or r.amount)
        )
    total = Money.zero(case.order.currency)
    for agreed in remedies:
        total = total + agreed.amount
    paragraphs = facts.template.fill(
        company=facts.company.name,
        customer=customer.name,
        seller_clause=w["build.sold_by"].format(seller=seller.name) if seller else "",
        case_reference=case.reference,
        order_number=case.order.number,
        agreement_number=facts.number,
        remedies_total=agreement_words.money(total, language),
    )
    if terms.return_conditions:
        paragraphs = (*paragraphs, w["build.return"].format(text=terms.return_conditions))
    return Agreement(
        number=facts.number,
        version=facts.version,
        state=AgreementState.DRAFT,
        company=facts.company,
        customer=customer,
        seller=seller,
        case=CaseFacts(
            case.reference,
            case.subject,
            case.description or case.subject,
            ": ".join(
                localize(part, language)
                for part in facts.taxonomy.label(case.category, case.subcategory).split(": ", 1)
            ),
            case.order,
        ),
        remedies=tuple(remedies),
        obligations=(
            *_remedy_obligations(
                remedies,
                {ref: facts.remedies[ref].kind for ref in terms.remedy_refs},
                offer,
                facts.acceptance.at.date(),
                language,
            ),
            *terms.obligations,
        ),
        terms=paragraphs,
        terms_version=facts.template.version,
        approvals=_approvals(facts),
        acceptance=facts.acceptance,
        internal_notes=_negotiation(facts.chain),
        language=language,
    )


# ---- issue: the appendix and the chain head ---------------------------------------------------


def event_summary(event: AuditEvent, trail: TrailText | None = None) -> str:
    """One line per event for the appendix, in the words the window and the CLI use (money in
    its currency, labels for slugs, yes/no); personal values stay '[personal data]', as the
    appendix is printed from the raw events."""
    trail = trail or TrailText()
    entry = entry_of(event)
    text = trail.summary(entry)
    why = trail.reason(entry)
    if why and why not in text:
        text += f" — {why}"
    return text if len(text) <= SUMMARY_LIMIT else text[: SUMMARY_LIMIT - 1] + "…"


def issued(
    draft: Agreement,
    event: AuditEvent,
    events: Sequence[AuditEvent],
    taxonomy: Taxonomy | None = None,
) -> Agreement:
    """The issued value: the issue event's time and position, the case's history up to it."""
    trail = TrailText(taxonomy)
    lines = tuple(
        AuditLine(e.seq, parse_time(e.time), e.actor, e.role, e.action, event_summary(e, trail))
        for e in events
        if e.seq <= event.seq
    )
    return replace(
        draft,
        state=AgreementState.ISSUED,
        issued_at=parse_time(event.time),
        chain_head=ChainHead(event.seq, event.hash, event.time),
        audit_lines=lines,
    )
