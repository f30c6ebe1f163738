"""Escalation queues: one per tier (frontline, senior specialists, resolution-center experts),
who may hold a case at each tier, how new cases are routed within a queue, and the rules that
escalate a case by themselves.

A queue is a tier: a case's queue is its tier's, so a case needs no column of its own for it.
Membership and routing are data (admins change them, each change an event); the rules here are
pure functions of what storage read.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from .case import TIER_ORDER, Role, Tier, parse_enum
from .errors import ValidationError
from .policy import PolicySet, authority_of
from .remedy import RemedyRequest

QUEUE_NAMES: Mapping[Tier, str] = {
    Tier.FRONTLINE: "frontline",
    Tier.SENIOR: "senior specialists",
    Tier.EXPERT: "resolution-center experts",
}
# The role whose authority a tier holds (remedy limits) and whose new users join its queue.
TIER_ROLE: Mapping[Tier, Role] = {
    Tier.FRONTLINE: Role.SPECIALIST,
    Tier.SENIOR: Role.SENIOR_SPECIALIST,
    Tier.EXPERT: Role.EXPERT,
}
ROLE_TIER: Mapping[str, Tier] = {role.value: tier for tier, role in TIER_ROLE.items()}


class RoutingMode(StrEnum):
    OFF = "off"
    ROUND_ROBIN = "round-robin"
    BY_CATEGORY = "by-category"


def parse_tier(value: str) -> Tier:
    return parse_enum(Tier, value, "queue")


def queue_name(tier: Tier) -> str:
    return QUEUE_NAMES[tier]


@dataclass(frozen=True, slots=True)
class Member:
    tier: Tier
    username: str
    display_name: str
    role: str
    disabled: bool
    added_at: datetime
    added_by: str


@dataclass(frozen=True, slots=True)
class Routing:
    """How new cases in a queue get a member. `categories`: category slug -> username."""

    tier: Tier
    mode: RoutingMode = RoutingMode.OFF
    categories: Mapping[str, str] = field(default_factory=dict)
    changed_at: datetime | None = None
    changed_by: str = ""


def check_member(tier: Tier, username: str | None, members: Collection[str]) -> None:
    """Only a member of a case's queue may hold it; say which queue and who is in it."""
    if username is None or username in members:
        return
    listed = ", ".join(sorted(members)) or "nobody yet"
    raise ValidationError(
        f"{username} is not in the {queue_name(tier)} queue (its members: {listed}); "
        "escalate or de-escalate the case to move it to another tier, or ask an admin to add "
        f"{username} to the queue",
        field="assignee",
    )


def next_tier(tier: Tier) -> Tier:
    position = TIER_ORDER.index(tier)
    if position == len(TIER_ORDER) - 1:
        raise ValidationError(
            "the case is already with the resolution-center experts, the highest tier",
            field="tier",
        )
    return TIER_ORDER[position + 1]


def previous_tier(tier: Tier) -> Tier:
    position = TIER_ORDER.index(tier)
    if position == 0:
        raise ValidationError(
            "the case is already with the frontline, the lowest tier", field="tier"
        )
    return TIER_ORDER[position - 1]


# ---- routing of new cases ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Routed:
    username: str
    rule: str  # "round-robin" or "by-category:<slug>"


def route(
    routing: Routing,
    categories: Sequence[str],
    members: Sequence[str],
    last_given: Mapping[str, int],
) -> list[Routed | None]:
    """Who gets each of these new cases (in order), or None: it waits in the queue.

    Round-robin keeps no counter: the turn goes to the member whose latest case in this queue
    came in longest ago (members with none first, then by name), and a batch deals its cases
    out in that order; the cases themselves are the state, so nothing else can drift from it.
    By category: the member named for the case's category, if still in the queue.
    `members` are the queue's active members; `last_given` member -> the id of their latest
    case in the queue (ids grow with intake)."""
    if routing.mode is RoutingMode.OFF or not members:
        return [None] * len(categories)
    if routing.mode is RoutingMode.BY_CATEGORY:
        active = set(members)
        out: list[Routed | None] = []
        for category in categories:
            who = routing.categories.get(category)
            out.append(Routed(who, f"by-category:{category}") if who in active else None)
        return out
    turn = sorted(members, key=lambda name: (last_given.get(name, 0), name))
    return [Routed(turn[i % len(turn)], "round-robin") for i in range(len(categories))]


def check_routing(
    mode: RoutingMode, categories: Mapping[str, str], members: Collection[str]
) -> dict[str, str]:
    """The category rules as stored: only with by-category, each naming a member."""
    if mode is not RoutingMode.BY_CATEGORY:
        if categories:
            raise ValidationError(
                "category rules apply only to by-category routing", field="categories"
            )
        return {}
    if not categories:
        raise ValidationError(
            "by-category routing needs at least one category -> member rule", field="categories"
        )
    for category, who in categories.items():
        if who not in members:
            raise ValidationError(
                f"{who} (for {category}) is not a member of this queue", field="categories"
            )
    return dict(sorted(categories.items()))


# ---- escalation rules that fire by themselves -------------------------------------------


@dataclass(frozen=True, slots=True)
class EscalationRule:
    """Why a case escalated without anyone asking: the rule's id, name and what it found."""

    id: str
    name: str
    explanation: str

    def data(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "why": self.explanation}


# The SLA targets whose breach escalates a case when the sweep records it (an admin's setting;
# unset: a resolution breach does). Rule ids as the trail names them.
BREACH_RULES: Mapping[str, tuple[str, str]] = {
    "first-response": ("SLA-F", "first-response-breach"),
    "resolution": ("SLA-R", "resolution-breach"),
}
BREACH_CHOICES: Mapping[str, frozenset[str]] = {
    "off": frozenset(),
    "first-response": frozenset({"first-response"}),
    "resolution": frozenset({"resolution"}),
    "both": frozenset(BREACH_RULES),
}
DEFAULT_BREACH_CHOICE = "resolution"


def parse_breach_choice(value: str) -> str:
    text = (value or "").strip().lower()
    if text not in BREACH_CHOICES:
        raise ValidationError(
            f"unknown choice {value!r}; known: {', '.join(BREACH_CHOICES)}", field="on_breach"
        )
    return text


def sla_rule(target: str, due: datetime) -> EscalationRule:
    """The rule a breach of `target` (an SlaTarget value) escalates a case by."""
    rule_id, name = BREACH_RULES[target]
    words = target.replace("-", " ")
    return EscalationRule(rule_id, name, f"the {words} deadline ({due:%Y-%m-%d %H:%M} UTC) passed")


def authority_escalation(
    tier: Tier, request: RemedyRequest, policy: PolicySet
) -> tuple[Tier, EscalationRule] | None:
    """Where a case goes when a remedy above its tier's authority is proposed: the lowest
    tier whose role may authorize it (or the highest), with the policy rule the tier failed
    (R3 absolute-limit or R4 percent-limit). None: the tier may authorize it, or it is the top.
    """
    if tier is TIER_ORDER[-1]:
        return None
    own = authority_of(policy, TIER_ROLE[tier].value, request)
    if own is None or own.covers(request.amount):
        return None  # no table in this currency: rule R1 refuses the remedy itself
    over_absolute = request.amount > own.absolute
    rule_id = "R3" if over_absolute else "R4"
    rule_name = "absolute-limit" if over_absolute else "percent-limit"
    target = TIER_ORDER[-1]
    for higher in TIER_ORDER[TIER_ORDER.index(tier) + 1 :]:
        authority = authority_of(policy, TIER_ROLE[higher].value, request)
        if authority is not None and authority.covers(request.amount):
            target = higher
            break
    return target, EscalationRule(
        rule_id,
        rule_name,
        f"{request.amount.format()} {request.kind} is above the {queue_name(tier)} tier's "
        f"{own.describe()} (rule {rule_id}, policy v{policy.version})",
    )
