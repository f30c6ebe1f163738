"""Remedies: their kinds, the one table of legal state changes, references and the request value."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from .case import Role
from .errors import PolicyRefusal, ValidationError
from .ids import ascii_only
from .money import Money


class RemedyKind(StrEnum):
    FULL_REFUND = "full-refund"
    PARTIAL_REFUND = "partial-refund"
    REPLACEMENT = "replacement"
    EXPEDITED_REPLACEMENT = "expedited-replacement"
    RETURN_FOR_REFUND = "return-for-refund"
    COUPON = "coupon"
    STORE_CREDIT = "store-credit"
    SERVICE_CREDIT = "service-credit"
    GOODWILL_GESTURE = "goodwill-gesture"


class RemedyState(StrEnum):
    PROPOSED = "proposed"
    AUTHORIZED = "authorized"  # within the requester's own authority: no sign-off needed
    PENDING_SIGNOFF = "pending-signoff"
    APPROVED = "approved"  # signed off by enough distinct approvers
    REJECTED = "rejected"
    FULFILLED = "fulfilled"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"  # nobody signed off within the policy's pending expiry


# The one table of legal state changes. A first approval of a dual sign-off is recorded as a
# sign-off, not a state change: the remedy stays pending until the second one.
REMEDY_TRANSITIONS: dict[RemedyState, frozenset[RemedyState]] = {
    RemedyState.PROPOSED: frozenset(
        {
            RemedyState.AUTHORIZED,
            RemedyState.PENDING_SIGNOFF,
            RemedyState.REJECTED,
            RemedyState.WITHDRAWN,
        }
    ),
    RemedyState.AUTHORIZED: frozenset({RemedyState.FULFILLED, RemedyState.WITHDRAWN}),
    RemedyState.PENDING_SIGNOFF: frozenset(
        {RemedyState.APPROVED, RemedyState.REJECTED, RemedyState.WITHDRAWN, RemedyState.EXPIRED}
    ),
    RemedyState.APPROVED: frozenset({RemedyState.FULFILLED, RemedyState.WITHDRAWN}),
    RemedyState.REJECTED: frozenset(),
    RemedyState.FULFILLED: frozenset(),
    RemedyState.WITHDRAWN: frozenset(),
    RemedyState.EXPIRED: frozenset(),
}
REASON_REQUIRED = frozenset({RemedyState.REJECTED})

# Money promised or about to be: these count against the cumulative caps. Pending ones count so
# that splitting one large remedy into several pending small ones cannot slip under a cap.
COUNTS_TOWARD_CAPS = frozenset(
    {
        RemedyState.AUTHORIZED,
        RemedyState.PENDING_SIGNOFF,
        RemedyState.APPROVED,
        RemedyState.FULFILLED,
    }
)


def check_remedy_transition(old: RemedyState, new: RemedyState, reason: str | None) -> None:
    if old == new:
        raise PolicyRefusal(f"the remedy is already {old.value}")
    allowed = REMEDY_TRANSITIONS[old]
    if new not in allowed:
        onward = ", ".join(sorted(s.value for s in allowed)) or "nothing (it is final)"
        raise PolicyRefusal(
            f"a remedy cannot go from {old.value} to {new.value}; "
            f"from {old.value} it may go to: {onward}"
        )
    if new in REASON_REQUIRED and not (reason or "").strip():
        raise ValidationError(f"a remedy can only be {new.value} with a reason", field="reason")


_REMEDY_REF = re.compile(r"^RM-(\d{6})$", re.ASCII)


def remedy_reference(number: int) -> str:
    if type(number) is not int or not 0 < number <= 999_999:
        raise ValidationError(f"remedy number {number!r} is out of range (1..999999)")
    return f"RM-{number:06d}"


def parse_remedy_reference(text: str) -> str:
    ref = (text or "").strip().upper()
    if not _REMEDY_REF.match(ref):
        raise ValidationError(
            f"{text!r} is not a remedy reference (expected RM-NNNNNN{ascii_only(ref)})",
            field="reference",
        )
    return ref


@dataclass(frozen=True, slots=True)
class RemedyRequest:
    """What a specialist asks for: all `policy.evaluate` needs, nothing it must look up."""

    kind: RemedyKind
    amount: Money
    requester: str  # username
    requester_role: str  # a Role value
    category: str
    subcategory: str | None
    order_value: Money  # items total, without shipping
    shipping: Money
    customer_key: str
    case_key: str
    lines: tuple[int, ...]  # order line numbers the remedy covers; empty for the whole order
    at: datetime  # aware, UTC: the request time, which places it in the caps' rolling window

    def __post_init__(self) -> None:
        # Normalise what a caller may pass loosely (a kind slug, a list of lines) so the frozen
        # value is hashable and compares equal however it was built.
        object.__setattr__(self, "lines", tuple(self.lines))
        try:
            object.__setattr__(self, "kind", RemedyKind(self.kind))
        except ValueError:
            known = ", ".join(k.value for k in RemedyKind)
            raise ValidationError(
                f"unknown remedy kind {self.kind!r}; known: {known}", field="kind"
            ) from None
        try:
            Role(self.requester_role)
        except ValueError:
            raise ValidationError(
                f"unknown role {self.requester_role!r}", field="requester_role"
            ) from None
        for name in ("requester", "customer_key", "case_key", "category"):
            if not isinstance(getattr(self, name), str) or not getattr(self, name).strip():
                raise ValidationError(f"{name.replace('_', ' ')} is required", field=name)
        # Refunds are paid in the order's currency; nothing is ever converted.
        currency = self.order_value.currency
        for name in ("amount", "shipping"):
            if getattr(self, name).currency != currency:
                raise ValidationError(
                    f"the {name} is in {getattr(self, name).currency} but the "
                    f"order is in {currency}",
                    field="currency",
                )
        if self.amount.minor <= 0:
            raise ValidationError("a remedy amount must be more than zero", field="amount")
        if self.order_value.minor < 0 or self.shipping.minor < 0:
            raise ValidationError("order amounts must not be negative", field="order_value")
        if any(type(n) is not int or n < 1 for n in self.lines):
            raise ValidationError("order line numbers must be positive integers", field="lines")
        if self.at.tzinfo is None or self.at.utcoffset() != timedelta(0):
            raise ValidationError("the request time must be an aware UTC datetime", field="at")

    @property
    def currency(self) -> str:
        return self.amount.currency
