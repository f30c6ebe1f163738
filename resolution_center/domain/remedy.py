"""Remedies: their kinds, the one table of legal state changes, references and the request value."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from .case import Role
from .errors import PermissionDenied, PolicyRefusal, RCError, ValidationError
from .ids import ascii_only
from .money import Money

if TYPE_CHECKING:  # policy.py imports this module
    from .policy import SignoffVerdict


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


def transition_refusal(old: RemedyState, new: RemedyState, reason: str | None) -> RCError | None:
    """Why a remedy may not go from `old` to `new` (None: it may)."""
    if old == new:
        return PolicyRefusal(f"the remedy is already {old.value}")
    allowed = REMEDY_TRANSITIONS[old]
    if new not in allowed:
        onward = ", ".join(sorted(s.value for s in allowed)) or "nothing (it is final)"
        return PolicyRefusal(
            f"a remedy cannot go from {old.value} to {new.value}; "
            f"from {old.value} it may go to: {onward}"
        )
    if new in REASON_REQUIRED and not (reason or "").strip():
        return ValidationError(f"a remedy can only be {new.value} with a reason", field="reason")
    return None


def check_remedy_transition(old: RemedyState, new: RemedyState, reason: str | None) -> None:
    refusal = transition_refusal(old, new, reason)
    if refusal is not None:
        raise refusal


# ---- what an actor may do with a remedy -------------------------------------------------------


class RemedyAction(StrEnum):
    """What a person (or the system) may do to a stored remedy. The events these write are
    named in domain.actions; these are the verbs the window's buttons and the CLI offer."""

    EDIT = "edit"
    APPROVE = "approve"
    REJECT = "reject"
    WITHDRAW = "withdraw"
    FULFIL = "fulfil"
    EXPIRE = "expire"


# States in which the remedy's terms may still change (a final state is history).
EDITABLE_STATES = frozenset(
    {RemedyState.AUTHORIZED, RemedyState.PENDING_SIGNOFF, RemedyState.APPROVED}
)
# Besides its requester, these roles may withdraw someone else's remedy.
WITHDRAWING_ROLES = frozenset({Role.SUPERVISOR})
_TARGET_STATE = {
    RemedyAction.WITHDRAW: RemedyState.WITHDRAWN,
    RemedyAction.FULFIL: RemedyState.FULFILLED,
    RemedyAction.EXPIRE: RemedyState.EXPIRED,
}


def _when(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S} UTC"


@dataclass(frozen=True, slots=True)
class RemedyStanding:
    """All the rules read about one remedy besides who asks: no lookups, so one answer fits
    the service's refusal, the CLI and a button's enabled state alike."""

    reference: str
    state: RemedyState
    requester: str
    frozen_by: str | None = None  # the agreement that names it
    # That agreement still has a draft or issued version (not only voided ones): what it
    # promised stands, so the remedy may be neither edited nor withdrawn.
    agreement_in_force: bool = False
    expires_at: datetime | None = None  # a pending remedy's sign-off deadline


@dataclass(frozen=True, slots=True)
class RemedyAsker:
    """Who asks, when, and (for a sign-off) the policy's verdict on them for this remedy."""

    username: str
    role: str
    at: datetime | None = None  # None: expiry is not judged (the lazy expiry runs first)
    signoff: SignoffVerdict | None = None  # None: sign-off not judged, so not offered


def remedy_refusal(
    action: RemedyAction, remedy: RemedyStanding, asker: RemedyAsker
) -> RCError | None:
    """Why `asker` may not take `action` on `remedy` now, as the error to raise; None if they
    may. The one statement of these rules: services raise it, the window and CLI ask it."""
    state, ref = remedy.state, remedy.reference
    due = remedy.expires_at is not None and asker.at is not None and asker.at >= remedy.expires_at
    if action is RemedyAction.EXPIRE:
        if asker.role != Role.SYSTEM:
            return PermissionDenied("remedies expire by themselves; nobody expires one")
        if state is not RemedyState.PENDING_SIGNOFF or not due:
            return PolicyRefusal(f"{ref} is {state.value} and not past a sign-off deadline")
        return None
    if asker.role == Role.SYSTEM:
        return PermissionDenied("log in as a user to work on remedies (--user NAME)")
    if action is RemedyAction.EDIT:
        if remedy.frozen_by and remedy.agreement_in_force:
            return _bound_refusal(remedy)
        if remedy.frozen_by:
            return PolicyRefusal(
                f"{ref} is bound by voided agreement {remedy.frozen_by} and keeps the terms it "
                "had there; withdraw it and propose a new remedy instead"
            )
        if state not in EDITABLE_STATES:
            return PolicyRefusal(f"a {state.value} remedy cannot be edited; propose a new one")
        if asker.username != remedy.requester:
            return PermissionDenied(f"only {remedy.requester} (who requested {ref}) may edit it")
        return None
    if action in (RemedyAction.APPROVE, RemedyAction.REJECT):
        if state is not RemedyState.PENDING_SIGNOFF:
            return PolicyRefusal(f"{ref} is {state.value}: there is nothing to sign off")
        if due:
            assert remedy.expires_at is not None  # due implies a deadline
            return PolicyRefusal(
                f"{ref} expired at {_when(remedy.expires_at)}: nobody signed off in time"
            )
        if asker.signoff is None:
            return PolicyRefusal(f"{ref}: whether you may sign it off was not checked")
        if not asker.signoff.passed:
            return PolicyRefusal(asker.signoff.explanation, rules=list(asker.signoff.refused_by))
        return None
    # Withdraw or fulfil: a move in the state table.
    if action is RemedyAction.WITHDRAW and remedy.frozen_by and remedy.agreement_in_force:
        # Once that agreement is voided the remedy may go, so its money stops counting
        # against the case's and customer's caps.
        return _bound_refusal(remedy)
    refusal = transition_refusal(state, _TARGET_STATE[action], "")
    if refusal is not None:
        return refusal
    if (
        action is RemedyAction.WITHDRAW
        and asker.username != remedy.requester
        and asker.role not in WITHDRAWING_ROLES
    ):
        return PermissionDenied(
            f"only {remedy.requester} (who requested {ref}) or a supervisor may withdraw it"
        )
    return None


def _bound_refusal(remedy: RemedyStanding) -> PolicyRefusal:
    return PolicyRefusal(
        f"{remedy.reference} is named in issued agreement {remedy.frozen_by}; changing it means "
        "a new agreement version"
    )


def check_remedy_action(action: RemedyAction, remedy: RemedyStanding, asker: RemedyAsker) -> None:
    refusal = remedy_refusal(action, remedy, asker)
    if refusal is not None:
        raise refusal


def allowed_actions(remedy: RemedyStanding, asker: RemedyAsker) -> frozenset[RemedyAction]:
    """Every action `asker` may take on `remedy` now (a button is enabled iff it is here)."""
    return frozenset(a for a in RemedyAction if remedy_refusal(a, remedy, asker) is None)


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
