"""Offers: one round of a negotiation, its terms, who must answer by when, and how it was answered.

A negotiation is a chain of offers: an answer of 'counter' closes the offer as countered and
opens the next round's offer, made by the party that countered, whose parent is the one it
answers. An accepted offer is what an agreement is drafted from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from .agreement import Obligation, PartyRole
from .audit import format_time
from .case import clean_text
from .errors import ValidationError
from .ids import CaseId, ascii_only
from .money import Money, check_currency, parse_amount
from .remedy import parse_remedy_reference

DEFAULT_RESPONSE_DAYS = 7  # a counter-offer's answer is due a week later unless a date is given
MAX_REMEDIES = 20
MAX_OBLIGATIONS = 20

_OFFER_REF = re.compile(r"^OF-(\d{6})$", re.ASCII)


class OfferState(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    COUNTERED = "countered"  # answered by the next round's offer
    WITHDRAWN = "withdrawn"  # taken back by the party that made it


class OfferAnswer(StrEnum):
    ACCEPT = "accept"
    DECLINE = "decline"
    COUNTER = "counter"


class OfferChannel(StrEnum):
    """How a party said it: what the answer was heard or read through."""

    EMAIL = "email"
    PHONE = "phone"
    CHAT = "chat"
    LETTER = "letter"
    IN_PERSON = "in-person"
    PORTAL = "portal"


class OfferAction(StrEnum):
    """What may be done with an open offer; each is taken in a party's name."""

    ACCEPT = "accept"
    DECLINE = "decline"
    COUNTER = "counter"
    WITHDRAW = "withdraw"


ACTION_STATES = {
    OfferAction.ACCEPT: OfferState.ACCEPTED,
    OfferAction.DECLINE: OfferState.DECLINED,
    OfferAction.COUNTER: OfferState.COUNTERED,
    OfferAction.WITHDRAW: OfferState.WITHDRAWN,
}


def offer_reference(number: int) -> str:
    if type(number) is not int or not 0 < number <= 999_999:
        raise ValidationError(f"offer number {number!r} is out of range (1..999999)")
    return f"OF-{number:06d}"


def parse_offer_reference(text: str) -> str:
    ref = (text or "").strip().upper()
    if not _OFFER_REF.match(ref):
        raise ValidationError(
            f"{text!r} is not an offer reference (expected OF-NNNNNN{ascii_only(ref)})",
            field="offer",
        )
    return ref


def parse_party(value: object, field: str = "party") -> PartyRole:
    try:
        return PartyRole(str(value).strip().lower())
    except ValueError:
        raise ValidationError(
            f"unknown party {value!r}: use customer, company or seller", field=field
        ) from None


def parse_answer(value: object) -> OfferAnswer:
    try:
        return OfferAnswer(str(value).strip().lower())
    except ValueError:
        raise ValidationError(
            f"unknown answer {value!r}: use accept, decline or counter", field="answer"
        ) from None


def parse_channel(value: object) -> OfferChannel | None:
    """How an answer was given; None or "" when nobody said."""
    if value is None or value == "":
        return None
    text = str(value).strip().lower().replace(" ", "-")
    try:
        return OfferChannel(text)
    except ValueError:
        raise ValidationError(
            f"unknown channel {value!r}: use {', '.join(c.value for c in OfferChannel)}",
            field="via",
        ) from None


def _date(value: object, field: str) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValidationError(f"{field}: {value!r} is not a date (YYYY-MM-DD)", field=field)


@dataclass(frozen=True, slots=True)
class OfferedRemedy:
    remedy: str  # RM-NNNNNN
    amount: Money | None  # None: the remedy's own amount (filled in when the offer is stored)
    description: str = ""  # what the agreement prints; the remedy's reason is internal

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "description", clean_text(self.description, "description", multiline=True)
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "remedy": self.remedy,
            "amount": None if self.amount is None else self.amount.to_json(),
            "description": self.description,
        }


@dataclass(frozen=True, slots=True)
class OfferTerms:
    """What one side proposes: remedies (and amounts), each party's obligations, return rules."""

    remedies: tuple[OfferedRemedy, ...]
    obligations: tuple[Obligation, ...] = ()
    return_conditions: str = ""

    def __post_init__(self) -> None:
        if not self.remedies:
            raise ValidationError("an offer names at least one remedy", field="remedies")
        if len(self.remedies) > MAX_REMEDIES or len(self.obligations) > MAX_OBLIGATIONS:
            raise ValidationError(
                f"an offer holds at most {MAX_REMEDIES} remedies and {MAX_OBLIGATIONS} obligations",
                field="terms",
            )
        seen: set[str] = set()
        for r in self.remedies:
            if r.remedy in seen:
                raise ValidationError(f"remedy {r.remedy} is offered twice", field="remedies")
            seen.add(r.remedy)
            if r.amount is not None and r.amount.minor < 0:
                raise ValidationError(f"{r.remedy}: the amount is negative", field="amount")
        object.__setattr__(
            self,
            "return_conditions",
            clean_text(self.return_conditions, "return_conditions", multiline=True),
        )

    @property
    def remedy_refs(self) -> tuple[str, ...]:
        return tuple(r.remedy for r in self.remedies)

    def parties(self) -> set[PartyRole]:
        return {o.party for o in self.obligations}

    def to_json(self) -> dict[str, Any]:
        return {
            "remedies": [r.to_json() for r in self.remedies],
            "obligations": [o.to_json() for o in self.obligations],
            "return_conditions": self.return_conditions,
        }

    @classmethod
    def from_json(cls, data: object, currency: str) -> OfferTerms:
        """Terms as typed or stored: amounts as {"minor", "currency"} or decimal text ("15.00")."""
        if not isinstance(data, Mapping):
            raise ValidationError("offer terms must be a JSON object", field="terms")
        unknown = set(data) - {"remedies", "obligations", "return_conditions"}
        if unknown:
            raise ValidationError(
                f"unknown offer terms: {', '.join(sorted(unknown))} (known: remedies, "
                "obligations, return_conditions)",
                field="terms",
            )
        code = check_currency(currency)
        remedies = []
        for raw in _list(data.get("remedies"), "remedies"):
            if isinstance(raw, str):
                raw = {"remedy": raw}
            if not isinstance(raw, Mapping) or "remedy" not in raw:
                raise ValidationError(
                    'each offered remedy is "RM-NNNNNN" or {"remedy": ..., "amount": ...}',
                    field="remedies",
                )
            unknown = set(raw) - {"remedy", "amount", "description"}
            if unknown:
                raise ValidationError(
                    f"unknown remedy terms: {', '.join(sorted(unknown))}", field="remedies"
                )
            remedies.append(
                OfferedRemedy(
                    parse_remedy_reference(str(raw["remedy"])),
                    _amount(raw.get("amount"), code),
                    str(raw.get("description") or ""),
                )
            )
        obligations = []
        for raw in _list(data.get("obligations"), "obligations"):
            if not isinstance(raw, Mapping):
                raise ValidationError(
                    'each obligation is {"party": ..., "text": ..., "deadline": "YYYY-MM-DD"}',
                    field="obligations",
                )
            obligations.append(
                Obligation(
                    parse_party(raw.get("party")),
                    str(raw.get("text") or ""),
                    _date(raw.get("deadline"), "obligation deadline"),
                )
            )
        conditions = data.get("return_conditions") or ""
        if not isinstance(conditions, str):
            raise ValidationError("return_conditions must be text", field="return_conditions")
        return cls(tuple(remedies), tuple(obligations), conditions)


def _list(value: object, field: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationError(f"{field} must be a list", field=field)
    return value


def _amount(value: object, currency: str) -> Money | None:
    if value is None:
        return None
    if isinstance(value, str):
        return parse_amount(value, currency)
    if isinstance(value, Mapping):
        money = Money.from_json(dict(value))
        if money.currency != currency:
            raise ValidationError(
                f"an amount in {money.currency} cannot be offered on a {currency} order",
                field="currency",
            )
        return money
    raise ValidationError(f"{value!r} is not an amount", field="amount")


def default_recipients(
    case_parties: Sequence[PartyRole],
    proposer: PartyRole,
    obliged: Iterable[PartyRole] = (),
    parent: Offer | None = None,
) -> tuple[PartyRole, ...]:
    """Whom an offer is made to when nobody says: a first offer goes to the customer and the
    company, and to the seller when the terms give it something to do (`obliged`: the parties
    with obligations); a counter-offer goes to everyone the round it answers involved (who made
    it and whom it was made to), so the seller who made an offer answers the customer's counter
    to it."""
    involved = {PartyRole.CUSTOMER, PartyRole.COMPANY, *obliged}
    if parent is not None:
        involved |= {parent.proposed_by, *parent.answering}
    return tuple(p for p in case_parties if p in involved and p is not proposer)


def check_recipients(
    case_parties: Sequence[PartyRole], proposer: PartyRole, to: Iterable[object]
) -> tuple[PartyRole, ...]:
    """The parties named to receive an offer, in the case's order; at least one, never the one
    making it, and the seller only when the order names one."""
    named = {parse_party(p, "to") for p in to}
    if not named:
        raise ValidationError("an offer is made to at least one party", field="to")
    if proposer in named:
        raise ValidationError(
            f"the {proposer.value} makes this offer: it is not made to itself", field="to"
        )
    outside = sorted(p.value for p in named if p not in case_parties)
    if outside:
        raise ValidationError(
            f"the order names no marketplace seller to make an offer to ({', '.join(outside)})",
            field="to",
        )
    return tuple(p for p in case_parties if p in named)


def response_dates(
    due: date | Mapping[str, date] | Mapping[PartyRole, date], made_to: tuple[PartyRole, ...]
) -> dict[PartyRole, date]:
    """The answer's due date per party the offer is made to: one date for all, or one each."""
    if isinstance(due, date):
        return {party: _date(due, "response due") for party in made_to}
    out = {parse_party(k, "response_due"): _date(v, "response due") for k, v in due.items()}
    missing = [p.value for p in made_to if p not in out]
    extra = [p.value for p in out if p not in made_to]
    if missing or extra:
        raise ValidationError(
            "response dates are for the parties the offer is made to "
            f"({', '.join(p.value for p in made_to)})"
            + (f"; missing: {', '.join(missing)}" if missing else "")
            + (f"; not made to: {', '.join(extra)}" if extra else ""),
            field="response_due",
        )
    return {p: out[p] for p in made_to}


@dataclass(frozen=True, slots=True)
class Offer:
    id: int
    reference: str
    case_id: CaseId
    case_reference: str
    round: int
    parent: str | None  # the offer this one counters
    proposed_by: PartyRole
    recorded_by: str  # the user who recorded it
    terms: OfferTerms
    response_due: dict[PartyRole, date]
    state: OfferState
    created_at: datetime
    answered_at: datetime | None = None
    answered_by: PartyRole | None = None
    answer_note: str = ""
    answered_via: OfferChannel | None = None  # how the answer was given, when it was said
    answer_recorded_by: str = ""  # the user who recorded the answer

    @property
    def answering(self) -> tuple[PartyRole, ...]:
        """The parties the offer is made to: any of them may answer it."""
        return tuple(self.response_due)

    def to_json(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "case": self.case_reference,
            "round": self.round,
            "parent": self.parent,
            "proposed_by": self.proposed_by.value,
            "recorded_by": self.recorded_by,
            "terms": self.terms.to_json(),
            "response_due": {p.value: d.isoformat() for p, d in self.response_due.items()},
            "state": self.state.value,
            "created_at": format_time(self.created_at),
            "answered_at": format_time(self.answered_at) if self.answered_at else None,
            "answered_by": self.answered_by.value if self.answered_by else None,
            "answer_note": self.answer_note,
            "answered_via": self.answered_via.value if self.answered_via else None,
            "answer_recorded_by": self.answer_recorded_by or None,
        }


# ---- who may do what with an offer ------------------------------------------------------------


def offer_refusal(
    action: OfferAction, offer: Offer, party: PartyRole, today: date
) -> ValidationError | None:
    """Why `party` may not take `action` on `offer` today (None: it may). The one statement of
    the rule: the service raises it, the window enables its buttons and lists the parties from
    it, the command line gets its error, and PostgreSQL's guard holds the same two facts (who
    may answer, who may withdraw)."""
    if offer.state is not OfferState.OPEN:
        return ValidationError(f"{offer.reference} is {offer.state.value}, not open", field="offer")
    if action is OfferAction.WITHDRAW:
        if party is not offer.proposed_by:
            return ValidationError(
                f"only the {offer.proposed_by.value}, who made {offer.reference}, withdraws it",
                field="by",
            )
        return None
    if party not in offer.response_due:
        return ValidationError(
            f"the {party.value} does not answer {offer.reference}: it was made by the "
            f"{offer.proposed_by.value} to {_and(p.value for p in offer.answering)}",
            field="by",
        )
    due = offer.response_due[party]
    if action is OfferAction.ACCEPT and today > due:
        return ValidationError(
            f"{offer.reference} lapsed: the {party.value}'s answer was due by {due}; "
            "record a new offer instead",
            field="offer",
        )
    return None


def offer_parties(action: OfferAction, offer: Offer, today: date) -> tuple[PartyRole, ...]:
    """The parties that may take `action` on `offer` today (a button is enabled iff any)."""
    candidates = (offer.proposed_by, *offer.answering)
    return tuple(p for p in candidates if offer_refusal(action, offer, p, today) is None)


def new_offer_refusal(
    case_reference: str, closed_as: str | None, offers: Iterable[Offer]
) -> ValidationError | None:
    """Why no first-round offer may be recorded on the case now (None: one may); `closed_as`
    is the status of a case that is not open."""
    if closed_as is not None:
        return ValidationError(
            f"{case_reference} is {closed_as}: reopen it to negotiate", field="case"
        )
    open_ = next((o for o in offers if o.state is OfferState.OPEN), None)
    if open_ is not None:
        return ValidationError(
            f"{open_.reference} is still open on {case_reference}: answer it "
            "(a counter-offer is an answer) or withdraw it first",
            field="offer",
        )
    return None


def _and(words: Iterable[str]) -> str:
    items = list(words)
    return ", ".join(items[:-1]) + f" and {items[-1]}" if len(items) > 1 else "".join(items)
