"""Demo remedies, in every state, made by the services as the demo users inside `fill_demo`.

A remedy's history is part of its case's history, so `add_demo_remedies` plans steps that
`fill_demo` merges into its time-ordered schedule (an audit trail never goes back in time), and
`DemoRemedies` plays them. Amounts are worked out when a remedy is proposed, from the policy in
force and the case as it is then, so each lands where it was planned: within the requester's
authority, or needing a senior specialist, a supervisor, or two supervisors.

The planned mix: authorized, fulfilled and withdrawn ones in the past weeks; approved (by maria
or olu) and rejected ones; two that nobody signed off in time and that `system` expired when a
supervisor next looked at the queue; and several pending ones from the last few days, on open
cases, so a supervisor has a queue to work on (one of them a dual sign-off with its first
approval given).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ..domain.case import Case
from ..domain.money import Money
from ..domain.policy import authority_of
from ..domain.remedy import RemedyKind, RemedyRequest, RemedyState
from .session import Session

# Open at the end of the demo's history: where a pending remedy still waits for sign-off.
_OPEN = ("new", "open", "waiting-on-customer", "waiting-on-third-party", "escalated")
_CURRENCIES = ("EUR", "USD", "GBP", "JPY")
_BELOW = {"senior-specialist": "specialist", "supervisor": "expert"}
SUPERVISORS = ("maria", "olu")
DUAL_REQUESTER = "kenji"


@dataclass(frozen=True, slots=True)
class CasePlan:
    """What the demo's schedule says about one case: enough to place a remedy on it."""

    no: int
    created: datetime
    ends: datetime  # its last planned action
    final: str  # its status at the end of the history
    currency: str
    total: int  # the order total in minor units
    handlers: tuple[tuple[datetime, str], ...] = ()  # (since, assignee), in time order
    recategorized: bool = False  # intake's category corrected later: limits would shift

    def handler_at(self, moment: datetime) -> str | None:
        current = None
        for since, user in self.handlers:
            if since <= moment:
                current = user
        return current


@dataclass(frozen=True, slots=True)
class RemedyStep:
    at: datetime
    key: int  # which planned remedy the step acts on
    case_no: int
    actor: str
    op: str  # propose, approve, reject, withdraw, fulfil, look
    args: dict[str, Any] = field(default_factory=dict)


# (name, how many, days before the run day the remedy is proposed, on an open case only)
_PLAN: tuple[tuple[str, int, tuple[float, float], bool], ...] = (
    ("authorized", 5, (1.0, 30.0), False),
    ("fulfilled", 6, (8.0, 50.0), False),
    ("approved-fulfilled", 1, (10.0, 40.0), False),
    ("withdrawn", 1, (5.0, 40.0), False),
    ("withdrawn-pending", 1, (3.0, 20.0), False),
    ("approved", 4, (2.0, 45.0), False),
    ("rejected", 2, (2.0, 45.0), False),
    ("expired", 2, (12.0, 40.0), False),
    ("pending-senior", 3, (0.2, 4.5), True),
    ("pending-supervisor", 2, (0.2, 4.5), True),
    ("pending-dual", 1, (0.5, 3.0), True),
)

_WITHIN_REASONS = (
    "Partial refund for the delay, as offered to the customer.",
    "Goodwill for the trouble; the customer keeps the item.",
    "Refund of the shipping costs and a little for the inconvenience.",
    "Minor defect confirmed from the photos; partial refund agreed.",
)
_SIGNOFF_REASONS = (
    "The customer documented the damage well; more than my limit, please sign off.",
    "Second failure of the same item: a larger refund is fair here.",
    "Carrier confirmed the loss; refund above my authority.",
    "Long-standing customer, repeated trouble with this order.",
)
_APPROVE_NOTES = (
    "Checked the order and the photos: fair.",
    "Agreed; the evidence is clear.",
    "Fine. Please confirm to the customer in writing.",
    "",
)
_DUAL_REASON = "Whole order unusable after the second repair; refund nearly all of it."
_REJECT_REASONS = (
    "The customer already received a replacement for this item; a refund on top is too much.",
    "Outside the return window and no defect shown in the photos. Offer a coupon instead.",
)
_WITHDRAW_REASONS = (
    "The customer found the parcel with a neighbour after all.",
    "The customer prefers a replacement; proposing that instead.",
)


def add_demo_remedies(
    rng: random.Random, cases: list[CasePlan], anchor: datetime, roles: Mapping[str, str]
) -> list[RemedyStep]:
    """The demo's remedy steps for `fill_demo` to merge into its schedule, in time order.

    `roles` maps the demo's usernames to their roles. Deterministic for a given `rng` and
    schedule. One remedy per case; a remedy is proposed while its case is being worked on
    (after intake, before its last action), and every step of it happens before `anchor`, the
    run day's start.
    """
    usable = [c for c in cases if c.currency in _CURRENCIES and not c.recategorized]
    taken: set[int] = set()
    steps: list[RemedyStep] = []
    key = 0
    for name, count, (young, old), open_only in _PLAN:
        for _ in range(count):
            at = anchor - timedelta(seconds=int(rng.uniform(young, old) * 86_400))
            case = _pick(rng, usable, taken, at, name, open_only)
            taken.add(case.no)
            steps.extend(_story(rng, key, name, case, at, anchor, roles))
            key += 1
    steps.sort(key=lambda s: (s.at, s.key))
    return steps


def _pick(
    rng: random.Random,
    usable: list[CasePlan],
    taken: set[int],
    at: datetime,
    name: str,
    open_only: bool,
) -> CasePlan:
    def fits(c: CasePlan, *, strict: bool) -> bool:
        if c.no in taken or c.created > at - timedelta(hours=2):
            return False
        if open_only and c.final not in _OPEN:
            return False
        if name == "pending-dual" and c.total < _DUAL_MIN.get(c.currency, 0):
            return False
        return not strict or open_only or c.ends > at  # still being worked on then

    fitting = [c for c in usable if fits(c, strict=True)] or [
        c for c in usable if fits(c, strict=False)
    ]
    if not fitting:
        raise AssertionError(f"no demo case suits a {name} remedy")  # pragma: no cover
    if name == "pending-dual":
        return max(fitting, key=lambda c: (c.total, -c.no))  # the biggest order there is
    return rng.choice(fitting)


# Order totals that leave room for a remedy above the default policy's dual sign-off threshold.
_DUAL_MIN = {"EUR": 110_000, "USD": 110_000, "GBP": 95_000, "JPY": 165_000}


def _story(
    rng: random.Random,
    key: int,
    name: str,
    case: CasePlan,
    at: datetime,
    anchor: datetime,
    roles: Mapping[str, str],
) -> list[RemedyStep]:
    handler = case.handler_at(at) or ""
    specialists = sorted(u for u, r in roles.items() if r == "specialist")
    specialist = handler if roles.get(handler) == "specialist" else rng.choice(specialists)
    below_supervisor = (
        handler
        if roles.get(handler) in ("specialist", "senior-specialist", "expert")
        else specialist
    )
    supervisor = rng.choice(SUPERVISORS)
    fraction = round(rng.uniform(0.3, 0.9), 2)

    def step(hours: float, actor: str, op: str, **args: Any) -> RemedyStep:
        moment = at + timedelta(minutes=int(hours * 60))
        return RemedyStep(min(moment, anchor - timedelta(minutes=1)), key, case.no, actor, op, args)

    def propose(actor: str, band: str, reasons: tuple[str, ...], **extra: Any) -> RemedyStep:
        return step(
            0, actor, "propose", band=band, fraction=fraction, reason=rng.choice(reasons), **extra
        )

    later = rng.uniform(1, 30)  # hours until a supervisor gets to it
    if name == "authorized":
        return [propose(specialist, "within", _WITHIN_REASONS)]
    if name == "fulfilled":
        return [
            propose(specialist, "within", _WITHIN_REASONS),
            step(rng.uniform(20, 96), specialist, "fulfil"),
        ]
    if name == "withdrawn":
        return [
            propose(specialist, "within", _WITHIN_REASONS),
            step(rng.uniform(2, 48), specialist, "withdraw", reason=_WITHDRAW_REASONS[0]),
        ]
    if name == "withdrawn-pending":
        return [
            propose(specialist, "senior-specialist", _SIGNOFF_REASONS),
            step(rng.uniform(1, 24), specialist, "withdraw", reason=_WITHDRAW_REASONS[1]),
        ]
    band = rng.choice(("senior-specialist", "supervisor"))
    requester = specialist if band == "senior-specialist" else below_supervisor
    if name in ("approved", "approved-fulfilled"):
        out = [
            propose(requester, band, _SIGNOFF_REASONS),
            step(later, supervisor, "approve", note=rng.choice(_APPROVE_NOTES)),
        ]
        if name == "approved-fulfilled":
            out.append(step(later + rng.uniform(24, 72), requester, "fulfil"))
        return out
    if name == "rejected":
        reason = _REJECT_REASONS[key % len(_REJECT_REASONS)]
        return [
            propose(requester, band, _SIGNOFF_REASONS),
            step(later, supervisor, "reject", reason=reason),
        ]
    if name == "expired":
        # Nobody signed off within the policy's 7 days; the next look at the queue expires it.
        return [
            propose(requester, band, _SIGNOFF_REASONS),
            step(7 * 24 + rng.uniform(2, 40), supervisor, "look"),
        ]
    if name == "pending-senior":
        return [propose(specialist, "senior-specialist", _SIGNOFF_REASONS)]
    if name == "pending-supervisor":
        return [propose(below_supervisor, "supervisor", _SIGNOFF_REASONS)]
    assert name == "pending-dual", name
    return [
        propose(DUAL_REQUESTER, "dual", (_DUAL_REASON,)),
        step(rng.uniform(1, 6), "olu", "approve", note="First sign-off; needs a second one."),
    ]


class DemoRemedies:
    """Plays `RemedyStep`s through the real services; counts the remedies it made."""

    def __init__(self, contexts: Mapping[str, Session], passwords: Mapping[str, str]) -> None:
        self.contexts = contexts
        self.passwords = passwords
        self.refs: dict[int, str] = {}

    @property
    def count(self) -> int:
        return len(self.refs)

    def apply(self, step: RemedyStep, case: Case) -> None:
        ctx = self.contexts[step.actor]
        service, args = ctx.remedies, step.args
        if step.op == "propose":
            kind, amount = self._amount(ctx, case, args["band"], args["fraction"])
            remedy = service.propose(case.id, kind, amount, reason=args["reason"])
            want = (
                RemedyState.AUTHORIZED
                if args["band"] == "within"
                else (RemedyState.PENDING_SIGNOFF)
            )
            assert remedy.state is want, (remedy.reference, remedy.state, args)
            self.refs[step.key] = remedy.reference
            return
        ref = self.refs[step.key]
        if step.op == "approve":
            service.approve(ref, self.passwords[step.actor], args["note"])
        elif step.op == "reject":
            service.reject(ref, self.passwords[step.actor], args["reason"])
        elif step.op == "withdraw":
            service.withdraw(ref, args["reason"])
        elif step.op == "fulfil":
            service.fulfil(ref)
        elif step.op == "look":
            service.queue()  # a supervisor opens the queue: whatever is overdue expires
            assert service.show(ref).state is RemedyState.EXPIRED, ref
        else:  # pragma: no cover - the plan only makes the ops above
            raise AssertionError(step.op)

    def _amount(
        self, ctx: Session, case: Case, band: str, fraction: float
    ) -> tuple[RemedyKind, Money]:
        """An amount that puts the remedy in `band`, under the policy in force for this case."""
        policy = ctx.policies.current()
        currency = case.order.currency

        def limit(role: str, kind: RemedyKind) -> int:
            probe = RemedyRequest(
                kind,
                Money(1, currency),
                ctx.actor.username,
                ctx.actor.role,
                case.category,
                case.subcategory,
                case.order.total,
                case.order.shipping,
                str(case.customer.id),
                str(case.id),
                (),
                ctx.now(),
            )
            found = authority_of(policy, role, probe)
            assert found is not None, currency
            return found.limit.minor

        kinds = (RemedyKind.PARTIAL_REFUND, RemedyKind.STORE_CREDIT, RemedyKind.COUPON)
        for kind in kinds:
            if band == "within":
                lo, hi = 0, limit(ctx.actor.role, kind)
            elif band == "dual":
                lo = policy.currencies[currency].dual_signoff_above.minor
                hi = limit("supervisor", kind)
            else:
                lo, hi = limit(_BELOW[band], kind), limit(band, kind)
            if hi - lo >= 2:
                return kind, Money(_round(lo, hi, fraction), currency)
        raise AssertionError(f"no remedy fits {band} on {case.reference}")  # pragma: no cover


def _round(lo: int, hi: int, fraction: float) -> int:
    """A value in (lo, hi], rounded to whole units (or tens, hundreds) where that stays inside."""
    raw = lo + max(1, int((hi - lo) * fraction))
    for step in (1000, 100):
        rounded = raw // step * step
        if lo < rounded <= hi:
            return rounded
    return raw
