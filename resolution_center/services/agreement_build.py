"""Assembling the Agreement value from what is stored: case, accepted offer, remedies, people.

No storage and no clock here: the agreement service reads the facts inside its transaction and
hands them in, so the same facts always give the same value (and the same content hash).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from ..domain.actions import Action
from ..domain.agreement import (
    Acceptance,
    AgreedRemedy,
    Agreement,
    AgreementState,
    Approval,
    ApprovalAction,
    AuditLine,
    CaseFacts,
    Party,
    PartyRole,
)
from ..domain.audit import AuditEvent, ChainHead, parse_time
from ..domain.case import Case
from ..domain.errors import ValidationError
from ..domain.money import Money
from ..domain.offer import Offer
from ..domain.taxonomy import Taxonomy
from ..export.terms import TermsTemplate
from ..storage.agreements import RemedyFacts

AGREEABLE = ("authorized", "approved")  # remedy states an agreement may name
SUMMARY_LIMIT = 400


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
        Approval(facts.names.get(who, who), role, act, at) for (who, role, act), at in ordered
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


def build(facts: Facts) -> Agreement:
    """The draft value of one version (no audit appendix yet: that is added at issue)."""
    case, offer, terms = facts.case, facts.offer, facts.offer.terms
    check_remedies(offer, facts.remedies, facts.number)
    involved = {offer.proposed_by, *terms.parties()}
    if offer.answered_by is not None:
        involved.add(offer.answered_by)
    seller = _seller(case, facts.company) if PartyRole.SELLER in involved else None
    customer = Party(
        PartyRole.CUSTOMER,
        case.customer.name,
        (),
        case.customer.email,
        f"Customer no. C-{case.customer.id:07d}" if case.customer.id else "",
    )
    remedies = []
    for offered in terms.remedies:
        r = facts.remedies[offered.remedy]
        kind = r.kind.replace("-", " ").capitalize()
        remedies.append(
            AgreedRemedy(r.reference, kind, offered.description, offered.amount or r.amount)
        )
    total = Money.zero(case.order.currency)
    for agreed in remedies:
        total = total + agreed.amount
    paragraphs = facts.template.fill(
        company=facts.company.name,
        customer=customer.name,
        seller_clause=f", sold by {seller.name}" if seller else "",
        case_reference=case.reference,
        order_number=case.order.number,
        agreement_number=facts.number,
        remedies_total=total.format(),
    )
    if terms.return_conditions:
        paragraphs = (*paragraphs, f"Return conditions. {terms.return_conditions}")
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
            facts.taxonomy.label(case.category, case.subcategory),
            case.order,
        ),
        remedies=tuple(remedies),
        obligations=terms.obligations,
        terms=paragraphs,
        terms_version=facts.template.version,
        approvals=_approvals(facts),
        acceptance=facts.acceptance,
        internal_notes=_negotiation(facts.chain),
    )


# ---- issue: the appendix and the chain head ---------------------------------------------------


def _value(value: Any) -> str:
    if isinstance(value, dict):
        if set(value) == {"pii"}:
            return "[personal data]"
        if set(value) == {"minor", "currency"}:
            try:
                return Money.from_json(value).format()
            except ValidationError:
                pass
        return "{" + ", ".join(f"{k}: {_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if value is None:
        return "-"
    return str(value)


def event_summary(event: AuditEvent) -> str:
    """One line per event for the appendix; personal values stay digests ('[personal data]')."""
    data = json.loads(event.data)
    parts: list[str] = []
    if isinstance(data.get("changes"), dict):
        for name, diff in data["changes"].items():
            diff = diff if isinstance(diff, dict) else {}
            parts.append(f"{name}: {_value(diff.get('old'))} → {_value(diff.get('new'))}")
    elif isinstance(data.get("new"), dict) and event.action != Action.CASE_CREATED:
        old = data.get("old") if isinstance(data.get("old"), dict) else {}
        for name, value in data["new"].items():
            before = f"{_value(old[name])} → " if name in old else ""
            parts.append(f"{name}: {before}{_value(value)}")
    elif event.action == Action.CASE_CREATED:
        new = data.get("new") or {}
        parts = [f"{k}: {_value(new[k])}" for k in ("category", "priority", "status") if k in new]
    else:
        # The line names the target and the appendix the case; the reason comes last.
        skip = {"version", "rules", "checks", "decision", "summary", "explanation", "terms",
                "reason", "reference", "case"}  # fmt: skip
        parts = [f"{k}: {_value(v)}" for k, v in data.items() if k not in skip]
    if data.get("reason") and not isinstance(data["reason"], dict):
        parts.append(f"reason: {data['reason']}")
    text = f"{event.target_type} {event.target_id}" + (": " + "; ".join(parts) if parts else "")
    return text if len(text) <= SUMMARY_LIMIT else text[: SUMMARY_LIMIT - 1] + "…"


def issued(draft: Agreement, event: AuditEvent, events: Sequence[AuditEvent]) -> Agreement:
    """The issued value: the issue event's time and position, the case's history up to it."""
    lines = tuple(
        AuditLine(e.seq, parse_time(e.time), e.actor, e.role, e.action, event_summary(e))
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
