"""Agreements: the immutable value a printed agreement renders, its number and its content hash.

The service assembles an `Agreement` (everything the PDF shows) and hands it to `export/`; the
PDF is a rendering of this value and nothing more.

What the content hash covers (`canonical_content`, format `rc-agreement-content/1`) is what was
agreed and what both the internal record and the customer copy show, so the two copies verify
against the one hash:

- number and version; the parties (role, name, address, email, reference); the case facts
  (reference, subject, summary, category, the order with its items, shipping and total); the
  agreed remedies; each party's obligations and deadlines; the terms (template version and the
  filled-in paragraphs); the approval chain; the customer's acceptance.

What it deliberately leaves out, and why:

- `state`, `superseded_by`, `void_reason`: they change over the agreement's life while what was
  agreed does not; a voided agreement still verifies as the thing that was voided.
- `issued_at` and `chain_head`: they anchor the hash. The service appends the issue event, whose
  data carries this content hash, and the chain head at issue is that event, so covering them
  would be circular. The chain proves when and in what order; the hash proves what.
- `internal_notes`, `audit_lines`, `audit_summary`: internal, absent from the customer copy, and
  the audit lines are a display of the chain, which has its own hashes.

Text is normalised to NFC (and CRLF to LF) on construction, so a value rebuilt from storage that
handed back another normalisation still hashes the same.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any, cast

from .audit import ChainHead, canonical_json, format_time, parse_time
from .case import Order, OrderItem, Role
from .errors import PermissionDenied, RCError, ValidationError
from .ids import ascii_only
from .money import Money, check_currency
from .remedy import parse_remedy_reference

CONTENT_FORMAT = "rc-agreement-content/1"

_NUMBER = re.compile(r"^AG-(\d{4})-(\d{6})$", re.ASCII)
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def agreement_number(year: int, n: int) -> str:
    """AG-YYYY-NNNNNN: the year it was first drafted and a counter within the year."""
    if type(year) is not int or not 2000 <= year <= 9999:
        raise ValidationError(f"agreement year {year!r} is out of range", field="number")
    if type(n) is not int or not 0 < n <= 999_999:
        raise ValidationError(
            f"agreement counter for {year} is exhausted or invalid ({n!r})", field="number"
        )
    return f"AG-{year:04d}-{n:06d}"


def parse_agreement_number(text: str) -> str:
    """The normalised number, or a ValidationError saying what the format is."""
    ref = (text or "").strip().upper()
    m = _NUMBER.match(ref)
    if not m or int(m.group(2)) == 0 or int(m.group(1)) < 2000:
        raise ValidationError(
            f"{text!r} is not an agreement number (expected AG-YYYY-NNNNNN{ascii_only(ref)})",
            field="number",
        )
    return ref


def agreement_number_parts(text: str) -> tuple[int, int]:
    m = _NUMBER.match(parse_agreement_number(text))
    assert m is not None  # parse_agreement_number matched it
    return int(m.group(1)), int(m.group(2))


def is_agreement_number(text: str) -> bool:
    try:
        parse_agreement_number(text)
    except ValidationError:
        return False
    return True


class AgreementState(StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"
    SUPERSEDED = "superseded"  # a later version replaced it
    VOIDED = "voided"  # withdrawn without replacement


class AgreementAction(StrEnum):
    """What a person may do with one agreement version (the events are domain.actions')."""

    ISSUE = "issue"
    REVISE = "revise"
    VOID = "void"
    PREVIEW = "preview"
    EXPORT = "export"
    PRINT = "print"


# Voiding an issued agreement withdraws a promise made to the customer: supervisors only.
VOIDING_ROLES = frozenset({Role.SUPERVISOR})
LIVE_STATES = frozenset({AgreementState.DRAFT, AgreementState.ISSUED})  # "in force"
_RENDERINGS = frozenset({AgreementAction.PREVIEW, AgreementAction.EXPORT, AgreementAction.PRINT})


@dataclass(frozen=True, slots=True)
class AgreementStanding:
    """All the action rules read about one agreement version (no lookups)."""

    number: str
    version: int
    state: AgreementState
    was_issued: bool  # issued at some time: a voided issued version still renders
    latest: bool = True  # the newest version of its number


def agreement_refusal(
    action: AgreementAction, agreement: AgreementStanding, role: str
) -> RCError | None:
    """Why someone in `role` may not take `action` on this version now (None: they may). The
    service raises it; the window's buttons and the CLI ask it."""
    what = f"{agreement.number} version {agreement.version}"
    state = AgreementState(agreement.state)
    if role == Role.SYSTEM:
        return PermissionDenied("log in as a user to work on agreements (--user NAME)")
    if action in _RENDERINGS:
        if state is AgreementState.VOIDED and not agreement.was_issued:
            return ValidationError(
                f"{what} is a discarded draft: there is nothing to export", field="number"
            )
        return None
    if action is AgreementAction.ISSUE:
        if state is not AgreementState.DRAFT or not agreement.latest:
            return ValidationError(
                f"{what} is {state.value}; revise it to issue a new version", field="number"
            )
        return None
    if action is AgreementAction.REVISE:
        if state is not AgreementState.ISSUED or not agreement.latest:
            return ValidationError(
                f"{what} is {state.value}: only the issued version is revised", field="number"
            )
        return None
    # Void: discard a draft, or withdraw an issued version without replacement.
    if state not in LIVE_STATES:
        return ValidationError(f"{what} is {state.value} and cannot be voided", field="number")
    if state is AgreementState.ISSUED and role not in VOIDING_ROLES:
        return PermissionDenied("only a supervisor may void an issued agreement")
    return None


def check_agreement_action(
    action: AgreementAction, agreement: AgreementStanding, role: str
) -> None:
    refusal = agreement_refusal(action, agreement, role)
    if refusal is not None:
        raise refusal


def agreement_actions(agreement: AgreementStanding, role: str) -> frozenset[AgreementAction]:
    """Every action someone in `role` may take on this version now."""
    return frozenset(a for a in AgreementAction if agreement_refusal(a, agreement, role) is None)


class PartyRole(StrEnum):
    COMPANY = "company"
    CUSTOMER = "customer"
    SELLER = "seller"  # the marketplace seller, when a third party sold the goods


class ApprovalAction(StrEnum):
    PROPOSED = "proposed"
    REVIEWED = "reviewed"
    AUTHORIZED = "authorized"  # within the proposer's own authority
    APPROVED = "approved"  # a sign-off by someone else


# ---- text hygiene ------------------------------------------------------------------------------


def _text(
    value: object, field: str, *, limit: int, multiline: bool = False, required: bool = True
) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"{field} must be text, not {type(value).__name__}", field=field)
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if required and not text:
        raise ValidationError(f"{field} is required", field=field)
    if len(text) > limit:
        raise ValidationError(
            f"{field} is too long: {len(text):,} characters, at most {limit:,}", field=field
        )
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cs") and not (multiline and ch in "\n\t"):
            raise ValidationError(
                f"{field} contains a control character (U+{ord(ch):04X})", field=field
            )
    return text


def _set(obj: object, name: str, value: object) -> None:
    object.__setattr__(obj, name, value)


def _utc(moment: object, field: str) -> datetime:
    if not isinstance(moment, datetime) or moment.tzinfo is None:
        raise ValidationError(f"{field} must be an aware UTC datetime", field=field)
    if moment.utcoffset() != timedelta(0):
        raise ValidationError(f"{field} must be in UTC", field=field)
    return moment.astimezone(UTC)


def _date(value: object, field: str) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValidationError(f"{field} must be a date", field=field)
    return value


def _money_json(m: Money) -> dict[str, object]:
    return {"minor": m.minor, "currency": m.currency}


# ---- parts -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Party:
    role: PartyRole
    name: str
    address: tuple[str, ...] = ()  # printed one line each: street, city, country
    email: str = ""
    reference: str = ""  # customer number, seller id or company registration, printed small

    def __post_init__(self) -> None:
        try:
            _set(self, "role", PartyRole(self.role))
        except ValueError:
            raise ValidationError(f"unknown party role {self.role!r}", field="role") from None
        _set(self, "name", _text(self.name, f"{self.role} name", limit=200))
        lines = tuple(_text(x, f"{self.role} address", limit=200) for x in self.address)
        if len(lines) > 8:
            raise ValidationError(f"{self.role} address has more than 8 lines", field="address")
        _set(self, "address", lines)
        _set(self, "email", _text(self.email, f"{self.role} email", limit=254, required=False))
        _set(
            self,
            "reference",
            _text(self.reference, f"{self.role} reference", limit=80, required=False),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "role": self.role.value,
            "name": self.name,
            "address": list(self.address),
            "email": self.email,
            "reference": self.reference,
        }


@dataclass(frozen=True, slots=True)
class CaseFacts:
    reference: str  # RC-YYYY-NNNNNN
    subject: str
    summary: str  # may hold paragraphs separated by blank lines
    category: str  # the label, as printed: "Shipping problem / Damaged in transit"
    order: Order

    def __post_init__(self) -> None:
        _set(self, "reference", _text(self.reference, "case reference", limit=40))
        _set(self, "subject", _text(self.subject, "case subject", limit=200))
        _set(self, "summary", _text(self.summary, "case summary", limit=20_000, multiline=True))
        _set(self, "category", _text(self.category, "category", limit=200))
        o = self.order
        currency = check_currency(o.currency)
        for name, m in (("order total", o.total), ("shipping", o.shipping)):
            if not isinstance(m, Money) or m.currency != currency:
                raise ValidationError(
                    f"the {name} must be in the order currency {currency}", field="currency"
                )
        items = []
        for i, item in enumerate(o.items, start=1):
            if not isinstance(item.unit_price, Money) or item.unit_price.currency != currency:
                raise ValidationError(
                    f"item {i} is not priced in the order currency {currency}", field="items"
                )
            if type(item.quantity) is not int or not 1 <= item.quantity <= 100_000:
                raise ValidationError(
                    f"item {i}: quantity must be between 1 and 100000", field="items"
                )
            items.append(
                OrderItem(
                    _text(item.sku, f"item {i} SKU", limit=64, required=False),
                    _text(item.product, f"item {i} product", limit=300),
                    _text(item.seller, f"item {i} seller", limit=200, required=False),
                    item.quantity,
                    item.unit_price,
                    i,
                )
            )
        placed = None if o.placed_on is None else _date(o.placed_on, "order date")
        _set(
            self,
            "order",
            Order(
                _text(o.number, "order number", limit=64),
                currency,
                o.total,
                o.shipping,
                placed,
                tuple(items),
            ),
        )

    @property
    def currency(self) -> str:
        return self.order.currency

    @property
    def items_total(self) -> Money:
        total = Money.zero(self.currency)
        for item in self.order.items:
            total = total + item.total
        return total

    @property
    def adjustments(self) -> Money:
        """What the order total holds beyond items and shipping (discounts, taxes, fees)."""
        return self.order.total - self.items_total - self.order.shipping

    def to_json(self) -> dict[str, Any]:
        o = self.order
        return {
            "reference": self.reference,
            "subject": self.subject,
            "summary": self.summary,
            "category": self.category,
            "order": {
                "number": o.number,
                "currency": o.currency,
                "date": None if o.placed_on is None else o.placed_on.isoformat(),
                "items": [
                    {
                        "sku": i.sku,
                        "product": i.product,
                        "seller": i.seller,
                        "quantity": i.quantity,
                        "unit_price": _money_json(i.unit_price),
                    }
                    for i in o.items
                ],
                "shipping": _money_json(o.shipping),
                "total": _money_json(o.total),
            },
        }


@dataclass(frozen=True, slots=True)
class AgreedRemedy:
    remedy_id: str  # RM-NNNNNN
    kind: str  # the label, as printed: "Partial refund"
    description: str
    amount: Money

    def __post_init__(self) -> None:
        _set(self, "remedy_id", parse_remedy_reference(self.remedy_id))
        _set(self, "kind", _text(self.kind, "remedy kind", limit=80))
        _set(
            self,
            "description",
            _text(self.description, "remedy description", limit=2_000, required=False),
        )
        if not isinstance(self.amount, Money) or self.amount.minor < 0:
            raise ValidationError("a remedy amount must be money, not negative", field="amount")

    def to_json(self) -> dict[str, Any]:
        return {
            "remedy_id": self.remedy_id,
            "kind": self.kind,
            "description": self.description,
            "amount": _money_json(self.amount),
        }


@dataclass(frozen=True, slots=True)
class Obligation:
    party: PartyRole
    text: str
    deadline: date

    def __post_init__(self) -> None:
        try:
            _set(self, "party", PartyRole(self.party))
        except ValueError:
            raise ValidationError(f"unknown party role {self.party!r}", field="party") from None
        _set(self, "text", _text(self.text, "obligation", limit=2_000, multiline=True))
        _date(self.deadline, "obligation deadline")

    def to_json(self) -> dict[str, Any]:
        return {"party": self.party.value, "text": self.text, "deadline": self.deadline.isoformat()}


@dataclass(frozen=True, slots=True)
class Approval:
    name: str  # display name, as printed
    role: str  # a Role value ("supervisor") or a printed label
    action: ApprovalAction
    at: datetime  # aware UTC

    def __post_init__(self) -> None:
        _set(self, "name", _text(self.name, "approver name", limit=200))
        _set(self, "role", _text(self.role, "approver role", limit=80))
        try:
            _set(self, "action", ApprovalAction(self.action))
        except ValueError:
            raise ValidationError(
                f"unknown approval action {self.action!r}", field="action"
            ) from None
        _set(self, "at", _utc(self.at, "approval time"))

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role,
            "action": self.action.value,
            "time": format_time(self.at),
        }


@dataclass(frozen=True, slots=True)
class Acceptance:
    channel: str  # how the customer said yes: "email", "phone", "customer portal"
    at: datetime  # aware UTC
    reference: str = ""  # message id, call id: where the acceptance can be found
    # What the customer said yes to: the offer (OF-NNNNNN), accepted before this agreement was
    # drawn up and issued. Empty in versions drafted before the offer was recorded here.
    offer: str = ""

    def __post_init__(self) -> None:
        _set(self, "channel", _text(self.channel, "acceptance channel", limit=80))
        _set(self, "at", _utc(self.at, "acceptance time"))
        _set(
            self,
            "reference",
            _text(self.reference, "acceptance reference", limit=200, required=False),
        )
        _set(self, "offer", _text(self.offer, "accepted offer", limit=40, required=False))

    def to_json(self) -> dict[str, Any]:
        out = {"channel": self.channel, "time": format_time(self.at), "reference": self.reference}
        if self.offer:  # absent, not empty, when unknown: earlier versions hash as they did
            out["offer"] = self.offer
        return out


@dataclass(frozen=True, slots=True)
class AuditLine:
    """One event of the case's audit history as the appendix prints it (a display, not proof)."""

    seq: int
    at: datetime
    actor: str
    role: str
    action: str
    summary: str

    def __post_init__(self) -> None:
        if type(self.seq) is not int or self.seq < 1:
            raise ValidationError(f"audit sequence {self.seq!r} is invalid", field="audit")
        _set(self, "at", _utc(self.at, "audit time"))
        for name in ("actor", "role", "action"):
            _set(self, name, _text(getattr(self, name), f"audit {name}", limit=200))
        _set(
            self,
            "summary",
            _text(self.summary, "audit summary", limit=100_000, multiline=True, required=False),
        )


@dataclass(frozen=True, slots=True)
class AuditSummary:
    """What the customer copy says about the history it leaves out."""

    events: int
    first_seq: int
    last_seq: int
    first_at: datetime
    last_at: datetime

    @classmethod
    def of(cls, lines: tuple[AuditLine, ...]) -> AuditSummary | None:
        if not lines:
            return None
        return cls(len(lines), lines[0].seq, lines[-1].seq, lines[0].at, lines[-1].at)


# ---- the agreement -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Agreement:
    number: str  # AG-YYYY-NNNNNN
    version: int  # 1, 2, ...: each re-issue after a change is a new version
    state: AgreementState
    company: Party
    customer: Party
    seller: Party | None
    case: CaseFacts
    remedies: tuple[AgreedRemedy, ...]
    obligations: tuple[Obligation, ...]
    terms: tuple[str, ...]  # paragraphs, filled in from the template at drafting time
    terms_version: str  # the template's version, e.g. "2026-1"
    approvals: tuple[Approval, ...]
    acceptance: Acceptance | None = None
    internal_notes: tuple[str, ...] = ()
    audit_lines: tuple[AuditLine, ...] = ()  # the case's history up to and including the issue
    issued_at: datetime | None = None  # None for drafts
    chain_head: ChainHead | None = None  # the audit chain head at issue: the issue event
    superseded_by: int | None = None  # the version that replaced this one
    void_reason: str = ""
    redacted: bool = False  # True for the customer copy: no internal notes or audit details
    audit_summary: AuditSummary | None = None  # derived from audit_lines when they are present
    # The language it is written and printed in ("en", "de"): part of the content, so the hash
    # covers it and a verified copy re-renders in it.
    language: str = "en"

    def __post_init__(self) -> None:
        _set(self, "number", parse_agreement_number(self.number))
        if type(self.version) is not int or not 1 <= self.version <= 9_999:
            raise ValidationError(f"agreement version {self.version!r} is invalid", field="version")
        if not (isinstance(self.language, str) and re.fullmatch(r"[a-z]{2}", self.language)):
            raise ValidationError(
                f"agreement language {self.language!r} is not a two-letter code", field="language"
            )
        try:
            _set(self, "state", AgreementState(self.state))
        except ValueError:
            raise ValidationError(
                f"unknown agreement state {self.state!r}", field="state"
            ) from None
        for name, role in (
            ("company", PartyRole.COMPANY),
            ("customer", PartyRole.CUSTOMER),
            ("seller", PartyRole.SELLER),
        ):
            party = getattr(self, name)
            if party is None and name == "seller":
                continue
            if not isinstance(party, Party) or party.role is not role:
                raise ValidationError(
                    f"the {name} must be a Party with role {role.value}", field=name
                )
        if not isinstance(self.case, CaseFacts):
            raise ValidationError("case facts are required", field="case")
        currency = self.case.currency
        for name in (
            "remedies",
            "obligations",
            "terms",
            "approvals",
            "internal_notes",
            "audit_lines",
        ):
            _set(self, name, tuple(getattr(self, name)))
        seen: set[str] = set()
        for r in self.remedies:
            if not isinstance(r, AgreedRemedy):
                raise ValidationError("remedies must be AgreedRemedy values", field="remedies")
            if r.amount.currency != currency:
                raise ValidationError(
                    f"remedy {r.remedy_id} is in {r.amount.currency} but the "
                    f"order is in {currency}",
                    field="currency",
                )
            if r.remedy_id in seen:
                raise ValidationError(f"remedy {r.remedy_id} is listed twice", field="remedies")
            seen.add(r.remedy_id)
        present = {PartyRole.COMPANY, PartyRole.CUSTOMER}
        if self.seller is not None:
            present.add(PartyRole.SELLER)
        for ob in self.obligations:
            if ob.party not in present:
                raise ValidationError(
                    f"an obligation names the {ob.party.value}, who is not a "
                    "party to this agreement",
                    field="obligations",
                )
        _set(
            self,
            "terms",
            tuple(_text(t, "terms paragraph", limit=5_000, multiline=True) for t in self.terms),
        )
        _set(self, "terms_version", _text(self.terms_version, "terms version", limit=40))
        _set(
            self,
            "internal_notes",
            tuple(
                _text(t, "internal note", limit=20_000, multiline=True) for t in self.internal_notes
            ),
        )
        _set(
            self, "void_reason", _text(self.void_reason, "void reason", limit=2_000, required=False)
        )
        self._check_life_cycle()
        self._check_history()

    def _check_life_cycle(self) -> None:
        if self.state is AgreementState.DRAFT:
            if self.issued_at is not None or self.chain_head is not None:
                raise ValidationError("a draft has no issue time or chain head", field="state")
        else:
            if self.issued_at is None or self.chain_head is None:
                raise ValidationError(
                    f"an {self.state.value} agreement needs its issue time and "
                    "the audit chain head at issue",
                    field="state",
                )
            _set(self, "issued_at", _utc(self.issued_at, "issue time"))
            head = self.chain_head
            if type(head.seq) is not int or head.seq < 1 or not _HEX64.match(head.hash or ""):
                raise ValidationError(
                    "the chain head at issue must be a sequence number and a SHA-256 hex hash",
                    field="chain_head",
                )
        if self.superseded_by is not None:
            if self.state is not AgreementState.SUPERSEDED:
                raise ValidationError(
                    "only a superseded agreement names its successor", field="superseded_by"
                )
            if type(self.superseded_by) is not int or self.superseded_by <= self.version:
                raise ValidationError(
                    "the superseding version must be a later version", field="superseded_by"
                )
        if self.void_reason and self.state is not AgreementState.VOIDED:
            raise ValidationError("only a voided agreement has a void reason", field="void_reason")

    def _check_history(self) -> None:
        previous = 0
        for line in self.audit_lines:
            if not isinstance(line, AuditLine):
                raise ValidationError("audit lines must be AuditLine values", field="audit")
            if line.seq <= previous:
                raise ValidationError(
                    "audit lines must be in increasing sequence order", field="audit"
                )
            previous = line.seq
        if self.chain_head is not None and previous > self.chain_head.seq:
            raise ValidationError(
                "the audit appendix must stop at the issue event (sequence "
                f"{self.chain_head.seq}), not run on to {previous}",
                field="audit",
            )
        if self.redacted and (self.audit_lines or self.internal_notes):
            raise ValidationError(
                "a customer copy holds no internal notes or audit lines", field="redacted"
            )
        if self.audit_lines:
            _set(self, "audit_summary", AuditSummary.of(self.audit_lines))

    # ---- hashing ------------------------------------------------------------------------------

    def content(self) -> dict[str, Any]:
        """The agreed content as plain JSON data: what the content hash covers (see the module)."""
        return {
            "format": CONTENT_FORMAT,
            "number": self.number,
            "version": self.version,
            "parties": {
                "company": self.company.to_json(),
                "customer": self.customer.to_json(),
                "seller": None if self.seller is None else self.seller.to_json(),
            },
            "case": self.case.to_json(),
            "remedies": [r.to_json() for r in self.remedies],
            "obligations": [o.to_json() for o in self.obligations],
            "terms": {"version": self.terms_version, "paragraphs": list(self.terms)},
            "approvals": [a.to_json() for a in self.approvals],
            "acceptance": None if self.acceptance is None else self.acceptance.to_json(),
            # English is the absence of the key: agreements issued before there was a choice
            # keep their content, and so their hash, byte for byte.
            **({"language": self.language} if self.language != "en" else {}),
        }

    def canonical_content(self) -> str:
        return canonical_json(self.content())

    def content_hash(self) -> str:
        return hashlib.sha256(self.canonical_content().encode("utf-8")).hexdigest()

    @classmethod
    def from_content(
        cls,
        content: str | dict[str, Any],
        *,
        state: AgreementState | str,
        issued_at: datetime | None = None,
        chain_head: ChainHead | None = None,
        superseded_by: int | None = None,
        void_reason: str = "",
        internal_notes: tuple[str, ...] = (),
        audit_lines: tuple[AuditLine, ...] = (),
    ) -> Agreement:
        """Rebuild the value from stored canonical content plus what the hash leaves out.

        Storage can keep `canonical_content()` as it was issued and rebuild exactly the value
        (and so exactly the PDF) from it, however the tables around it change.
        """
        try:
            doc = json.loads(content) if isinstance(content, str) else content
            if doc.get("format") != CONTENT_FORMAT:
                raise ValidationError(f"unknown agreement content format {doc.get('format')!r}")

            def party(d: dict[str, Any] | None) -> Party | None:
                if d is None:
                    return None
                return Party(
                    PartyRole(d["role"]), d["name"], tuple(d["address"]), d["email"], d["reference"]
                )

            c, o = doc["case"], doc["case"]["order"]
            order = Order(
                o["number"],
                o["currency"],
                Money.from_json(o["total"]),
                Money.from_json(o["shipping"]),
                None if o["date"] is None else date.fromisoformat(o["date"]),
                tuple(
                    OrderItem(
                        i["sku"],
                        i["product"],
                        i["seller"],
                        i["quantity"],
                        Money.from_json(i["unit_price"]),
                        n,
                    )
                    for n, i in enumerate(o["items"], start=1)
                ),
            )
            acceptance = doc["acceptance"]
            # a missing company or customer is refused by the constructor, by name; the casts
            # leave that check to it rather than repeat it here
            company, customer = party(doc["parties"]["company"]), party(doc["parties"]["customer"])
            return cls(
                number=doc["number"],
                version=doc["version"],
                state=AgreementState(state),
                company=cast(Party, company),
                customer=cast(Party, customer),
                seller=party(doc["parties"]["seller"]),
                case=CaseFacts(c["reference"], c["subject"], c["summary"], c["category"], order),
                remedies=tuple(
                    AgreedRemedy(
                        r["remedy_id"], r["kind"], r["description"], Money.from_json(r["amount"])
                    )
                    for r in doc["remedies"]
                ),
                obligations=tuple(
                    Obligation(PartyRole(x["party"]), x["text"], date.fromisoformat(x["deadline"]))
                    for x in doc["obligations"]
                ),
                terms=tuple(doc["terms"]["paragraphs"]),
                terms_version=doc["terms"]["version"],
                approvals=tuple(
                    Approval(
                        x["name"], x["role"], ApprovalAction(x["action"]), parse_time(x["time"])
                    )
                    for x in doc["approvals"]
                ),
                acceptance=None
                if acceptance is None
                else Acceptance(
                    acceptance["channel"],
                    parse_time(acceptance["time"]),
                    acceptance["reference"],
                    acceptance.get("offer", ""),
                ),
                internal_notes=internal_notes,
                audit_lines=audit_lines,
                issued_at=issued_at,
                chain_head=chain_head,
                superseded_by=superseded_by,
                void_reason=void_reason,
                language=doc.get("language", "en"),
            )
        except ValidationError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise ValidationError(
                f"the stored agreement content is malformed ({e!r})", field="content"
            ) from None

    # ---- views --------------------------------------------------------------------------------

    def customer_copy(self) -> Agreement:
        """The same agreement without internal notes or audit details; the same content hash."""
        if self.redacted:
            return self
        return replace(
            self, internal_notes=(), audit_lines=(), redacted=True, audit_summary=self.audit_summary
        )

    @property
    def currency(self) -> str:
        return self.case.currency

    @property
    def remedies_total(self) -> Money:
        total = Money.zero(self.currency)
        for r in self.remedies:
            total = total + r.amount
        return total

    def party(self, role: PartyRole) -> Party | None:
        return {
            PartyRole.COMPANY: self.company,
            PartyRole.CUSTOMER: self.customer,
            PartyRole.SELLER: self.seller,
        }[PartyRole(role)]
