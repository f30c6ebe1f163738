"""Cases: vocabulary (status, priority, tier, channel, roles), transitions and validation."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TypeVar

from .errors import PolicyRefusal, ValidationError
from .ids import CaseId, CustomerId
from .money import Money, check_currency


class Status(StrEnum):
    NEW = "new"
    OPEN = "open"
    WAITING_CUSTOMER = "waiting-on-customer"
    WAITING_THIRD_PARTY = "waiting-on-third-party"
    ESCALATED = "escalated"
    RESOLVED = "resolved"
    CLOSED = "closed"


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    CRITICAL = "critical"


PRIORITY_RANK = {Priority.LOW: 0, Priority.NORMAL: 1, Priority.HIGH: 2, Priority.CRITICAL: 3}


class Tier(StrEnum):
    FRONTLINE = "frontline"
    SENIOR = "senior"
    EXPERT = "expert"


TIER_ORDER = (Tier.FRONTLINE, Tier.SENIOR, Tier.EXPERT)


class Channel(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    CHAT = "chat"
    SOCIAL = "social"
    WEB_FORM = "web-form"
    MARKETPLACE = "marketplace"


class Role(StrEnum):
    SPECIALIST = "specialist"
    SENIOR_SPECIALIST = "senior-specialist"
    EXPERT = "expert"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    SYSTEM = "system"  # the built-in actor of set-up commands and lazy expiry; cannot log in


HUMAN_ROLES = tuple(r for r in Role if r is not Role.SYSTEM)
OPEN_STATUSES = frozenset(
    {Status.NEW, Status.OPEN, Status.WAITING_CUSTOMER, Status.WAITING_THIRD_PARTY, Status.ESCALATED}
)

# The one table of legal status changes. Reopening (resolved/closed -> open) needs a reason.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.NEW: frozenset(
        {
            Status.OPEN,
            Status.WAITING_CUSTOMER,
            Status.WAITING_THIRD_PARTY,
            Status.ESCALATED,
            Status.RESOLVED,
            Status.CLOSED,
        }
    ),
    Status.OPEN: frozenset(
        {Status.WAITING_CUSTOMER, Status.WAITING_THIRD_PARTY, Status.ESCALATED, Status.RESOLVED}
    ),
    Status.WAITING_CUSTOMER: frozenset(
        {Status.OPEN, Status.WAITING_THIRD_PARTY, Status.ESCALATED, Status.RESOLVED}
    ),
    Status.WAITING_THIRD_PARTY: frozenset(
        {Status.OPEN, Status.WAITING_CUSTOMER, Status.ESCALATED, Status.RESOLVED}
    ),
    Status.ESCALATED: frozenset(
        {Status.OPEN, Status.WAITING_CUSTOMER, Status.WAITING_THIRD_PARTY, Status.RESOLVED}
    ),
    Status.RESOLVED: frozenset({Status.CLOSED, Status.OPEN}),
    Status.CLOSED: frozenset({Status.OPEN}),
}
REOPEN_FROM = frozenset({Status.RESOLVED, Status.CLOSED})


E = TypeVar("E", bound=StrEnum)


def parse_enum(enum: type[E], value: str, field_name: str) -> E:
    try:
        return enum((value or "").strip().lower())
    except ValueError:
        known = ", ".join(e.value for e in enum)
        raise ValidationError(
            f"unknown {field_name} {value!r}; known: {known}", field=field_name
        ) from None


def check_transition(old: Status, new: Status, reason: str | None) -> None:
    if old == new:
        raise PolicyRefusal(f"the case is already {old.value}")
    if new not in TRANSITIONS[old]:
        allowed = ", ".join(sorted(s.value for s in TRANSITIONS[old]))
        raise PolicyRefusal(
            f"a case cannot go from {old.value} to {new.value}; "
            f"from {old.value} it may go to: {allowed}"
        )
    if old in REOPEN_FROM and new is Status.OPEN and not (reason or "").strip():
        raise ValidationError("reopening a case needs a reason", field="reason")


def effective_priority(
    requested: Priority, priority_floor: str | None, safety_hazard: bool
) -> Priority:
    """Fraud and safety cases are critical whatever was typed."""
    if safety_hazard:
        return Priority.CRITICAL
    if priority_floor and PRIORITY_RANK[Priority(priority_floor)] > PRIORITY_RANK[requested]:
        return Priority(priority_floor)
    return requested


# ---- text validation -------------------------------------------------------------------------

LIMITS = {
    "subject": 200,
    "name": 200,
    "email": 254,
    "phone": 40,
    "order_number": 64,
    "sku": 64,
    "product": 300,
    "seller": 200,
    "tag": 40,
    "reason": 2_000,
    "summary": 4_000,
    "description": 20_000,
    "note": 20_000,
}
# Control characters (Unicode category Cc) and lone surrogates (Cs); a multi-line text may keep
# line feeds and tabs. One regex search instead of a loop over every character: bulk intake
# checks millions of characters.
_REFUSED = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_REFUSED_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def clean_text(
    value: str | None, field_name: str, *, multiline: bool = False, required: bool = False
) -> str:
    """Normalise user text (NFC, CRLF -> LF, trimmed) and refuse control characters and excess.

    Refusing instead of silently stripping tells the user what was wrong with what they pasted.
    """
    text = value or ""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text).strip()
    if required and not text:
        raise ValidationError(f"{field_name.replace('_', ' ')} is required", field=field_name)
    limit = LIMITS.get(field_name, 2_000)
    if len(text) > limit:
        raise ValidationError(
            f"{field_name.replace('_', ' ')} is too long: {len(text):,} "
            f"characters, at most {limit:,}",
            field=field_name,
        )
    # Every Cc and Cs character is unprintable, so printable text (the usual case, checked in
    # one pass several times faster than the regex) holds none; anything else gets the regex.
    if not text.isprintable():
        refused = (_REFUSED_MULTILINE if multiline else _REFUSED).search(text)
        if refused:
            raise ValidationError(
                f"{field_name.replace('_', ' ')} contains a control character "
                f"(U+{ord(refused.group()):04X}); remove it",
                field=field_name,
            )
    return text


def normalize_email(email: str) -> str:
    text = clean_text(email, "email", required=True).lower()
    if not _EMAIL.match(text):
        raise ValidationError(f"{email!r} is not an email address", field="email")
    return text


def clean_tags(tags: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    out: list[str] = []
    for raw in tags or ():
        tag = clean_text(raw, "tag").lower()
        if tag and tag not in out:
            if "," in tag:
                raise ValidationError("a tag may not contain a comma", field="tags")
            out.append(tag)
    return tuple(out)


# ---- values ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Customer:
    name: str
    email: str
    phone: str = ""
    id: CustomerId | None = None


@dataclass(frozen=True, slots=True)
class OrderItem:
    sku: str
    product: str
    seller: str
    quantity: int
    unit_price: Money
    line_no: int = 0

    @property
    def total(self) -> Money:
        return self.unit_price.times(self.quantity)


@dataclass(frozen=True, slots=True)
class Order:
    number: str
    currency: str
    total: Money
    shipping: Money
    placed_on: date | None = None
    items: tuple[OrderItem, ...] = ()


@dataclass(frozen=True, slots=True)
class CaseDraft:
    """What intake supplies for a new case; validated by `validate_draft`."""

    customer: Customer
    order: Order
    category: str
    subject: str
    description: str = ""
    subcategory: str | None = None
    channel: Channel = Channel.EMAIL
    priority: Priority = Priority.NORMAL
    safety_hazard: bool = False
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Case:
    id: CaseId
    reference: str
    customer: Customer
    order: Order
    category: str
    subcategory: str | None
    safety_hazard: bool
    channel: Channel
    priority: Priority
    status: Status
    tier: Tier
    assignee: str | None
    subject: str
    description: str
    tags: tuple[str, ...]
    created_at: datetime
    updated_at: datetime
    first_response_due: datetime
    resolution_due: datetime
    first_responded_at: datetime | None
    resolved_at: datetime | None
    version: int
    updated_by: str = ""
    resolution_code: str | None = None  # a taxonomy resolution slug, set when resolved
    resolution_summary: str = ""
    merged_into: str | None = None  # the reference of the case this one was merged into
    # The SLA clock (schema step 10): the calendar version the due times follow, where the
    # clock stopped (waiting, resolved), the working seconds it stood still, when the warning
    # share is used up, and the warnings and breaches recorded (each once, never cleared).
    sla_calendar_version: int | None = None
    sla_paused_at: datetime | None = None
    sla_paused_seconds: int = 0
    first_response_warn_at: datetime | None = None
    resolution_warn_at: datetime | None = None
    first_response_warned_at: datetime | None = None
    resolution_warned_at: datetime | None = None
    first_response_breached_at: datetime | None = None
    resolution_breached_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CaseRow:
    """One line of the case list: only what the list shows, cheap to build in bulk."""

    id: CaseId
    reference: str
    subject: str
    customer_name: str
    order_number: str
    category: str
    priority: Priority
    status: Status
    tier: Tier
    channel: Channel
    assignee: str | None
    created_at: datetime
    updated_at: datetime
    resolution_due: datetime
    first_response_due: datetime
    first_responded_at: datetime | None
    # What the SLA state is read from besides the due times (domain/sla.py sla_state), which
    # the list reads; where a paused clock stopped it does not read (the state does not need
    # it), and that field comes last so the list's reader passes every other one by position.
    first_response_warn_at: datetime | None = None
    resolution_warn_at: datetime | None = None
    first_response_breached_at: datetime | None = None
    resolution_breached_at: datetime | None = None
    sla_paused_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Note:
    id: int
    case_id: CaseId
    author: str
    body: str
    created_at: datetime
    internal: bool = True


# Fields a specialist may edit with `case update`; each is one audited old -> new change.
EDITABLE_FIELDS = (
    "subject",
    "description",
    "category",
    "subcategory",
    "priority",
    "channel",
    "tags",
    "safety_hazard",
)


@dataclass(frozen=True, slots=True)
class CaseFilter:
    statuses: tuple[Status, ...] = ()
    categories: tuple[str, ...] = ()
    priorities: tuple[Priority, ...] = ()
    tiers: tuple[Tier, ...] = ()
    channels: tuple[Channel, ...] = ()
    assignee: str | None = None  # a username, or "" for unassigned
    sla_states: tuple[str, ...] = ()  # SlaState values: on-time, due-soon, overdue, paused...
    created_from: datetime | None = None
    created_to: datetime | None = None
    search: str = ""
    open_only: bool = False
    # Cases with a remedy the acting user may sign off now; the service turns it into case_ids
    # (authority depends on the policy's numbers, which SQL cannot weigh).
    awaiting_my_signoff: bool = False
    case_ids: tuple[int, ...] | None = None  # only these cases (None: no such restriction)


SORT_KEYS = ("updated", "created", "priority", "due", "reference", "status")

# A word search's list counts its matches up to this many and then says "more than" it: a
# common word matches a third of the cases, and counting them all grew with the database
# (60,000 matches: 62 ms) for a number nobody scrolls to. Lists by other filters count exactly.
SEARCH_COUNT_BOUND = 1_000


@dataclass(frozen=True, slots=True)
class CaseQuery:
    filter: CaseFilter = field(default_factory=CaseFilter)
    sort: str = "-updated"  # a SORT_KEYS name, '-' for descending
    limit: int = 50
    offset: int = 0

    def __post_init__(self) -> None:
        key = self.sort.lstrip("-")
        if key not in SORT_KEYS:
            raise ValidationError(
                f"unknown sort {self.sort!r}; known: {', '.join(SORT_KEYS)}", field="sort"
            )
        if not 1 <= self.limit <= 10_000:
            raise ValidationError("limit must be between 1 and 10000", field="limit")
        if self.offset < 0:
            raise ValidationError("offset must not be negative", field="offset")


def check_order(order: Order) -> Order:
    currency = check_currency(order.currency)
    number = clean_text(order.number, "order_number", required=True)
    for m in (order.total, order.shipping):
        if m.currency != currency:
            raise ValidationError(
                f"order amounts must all be in {currency}, not {m.currency}", field="currency"
            )
        if m.minor < 0:
            raise ValidationError("order amounts must not be negative", field="order_total")
    items = []
    for i, item in enumerate(order.items, start=1):
        if item.unit_price.currency != currency:
            raise ValidationError(
                f"item {i} is priced in {item.unit_price.currency}, the order in {currency}",
                field="items",
            )
        if not 1 <= item.quantity <= 100_000:
            raise ValidationError(f"item {i}: quantity must be between 1 and 100000", field="items")
        if item.unit_price.minor < 0:
            raise ValidationError(f"item {i}: price must not be negative", field="items")
        items.append(
            OrderItem(
                clean_text(item.sku, "sku"),
                clean_text(item.product, "product", required=True),
                clean_text(item.seller, "seller"),
                item.quantity,
                item.unit_price,
                i,
            )
        )
    return Order(number, currency, order.total, order.shipping, order.placed_on, tuple(items))


def check_customer(customer: Customer) -> Customer:
    return Customer(
        clean_text(customer.name, "name", required=True),
        normalize_email(customer.email),
        clean_text(customer.phone, "phone"),
        customer.id,
    )
