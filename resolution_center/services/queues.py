"""Escalation queues: who is in each tier's queue, how each routes new cases, and the queue work
of intake (routing) and of new users (joining their role's queue). Admins change queues; every
change is one transaction with its event."""

from __future__ import annotations

import builtins  # a class here has a list() method, which annotations would name
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from ..domain.actions import Action
from ..domain.case import TIER_ORDER, Tier, clean_text, parse_enum
from ..domain.errors import NotFound, PermissionDenied, ValidationError
from ..domain.ids import CaseId
from ..domain.queues import (
    BREACH_CHOICES,
    DEFAULT_BREACH_CHOICE,
    ROLE_TIER,
    Member,
    Routed,
    Routing,
    RoutingMode,
    check_routing,
    parse_breach_choice,
    parse_tier,
    queue_name,
    route,
)
from ..storage.queues import QueueRepository
from ..storage.repositories import UserRepository
from ..storage.store import Store, UnitOfWork
from .context import SYSTEM_ACTOR, Context

BREACH_SETTING = "queues.escalate_on_breach"


def breach_choice(store: Store) -> str:
    """Which SLA breaches the sweep escalates a case on: off, first-response, resolution, both."""
    stored = store.setting(BREACH_SETTING)
    return stored if stored is not None and stored in BREACH_CHOICES else DEFAULT_BREACH_CHOICE


@dataclass(frozen=True, slots=True)
class Queue:
    tier: Tier
    name: str
    members: tuple[Member, ...]
    routing: Routing

    def to_json(self) -> dict[str, object]:
        return {
            "queue": self.tier.value,
            "name": self.name,
            "members": [
                {
                    "username": m.username,
                    "display_name": m.display_name,
                    "role": m.role,
                    "disabled": m.disabled,
                    "added_at": m.added_at.isoformat(),
                    "added_by": m.added_by,
                }
                for m in self.members
            ],
            "routing": {
                "mode": self.routing.mode.value,
                "categories": dict(self.routing.categories),
            },
        }


def join_role_queue(
    store: Store, work: UnitOfWork, user_id: int, username: str, role: str, why: str
) -> Tier | None:
    """A new specialist, senior specialist or expert joins their tier's queue, in the change
    that created them; supervisors and admins join a queue only when an admin adds them."""
    tier = ROLE_TIER.get(role)
    if tier is None:
        return None
    QueueRepository(store).add_member(tier, user_id, work.now, work.actor.username)
    work.emit(
        Action.QUEUE_MEMBER_ADDED,
        "queue",
        tier.value,
        {"tier": tier.value, "username": username, "why": why},
    )
    return tier


def seed_role_queues(store: Store, now: datetime) -> int:
    """An upgraded database's active specialists, senior specialists and experts join their
    tiers' queues (one change, as `system`): before queues, anyone could hold any case."""
    repo = QueueRepository(store)
    joined = 0
    with store.transaction(SYSTEM_ACTOR, now) as work:
        for user in UserRepository(store).list():
            tier = ROLE_TIER.get(user.role)
            if tier is None or user.disabled or repo.is_member(tier, user.id):
                continue
            join_role_queue(
                store, work, user.id, user.username, user.role, "by role, at the upgrade"
            )
            joined += 1
    return joined


def routed_for(store: Store, tier: Tier, categories: Sequence[str]) -> list[Routed | None]:
    """Who each new case (by its category) goes to under the queue's routing, in one read of
    the routing, its members and their latest cases, however many cases (bulk intake)."""
    repo = QueueRepository(store)
    routing = repo.routing(tier)
    if routing.mode is RoutingMode.OFF:
        return [None] * len(categories)
    members = repo.active_names(tier)
    last = repo.last_given(tier, members) if routing.mode is RoutingMode.ROUND_ROBIN else {}
    return route(routing, categories, members, last)


def give_routed(
    store: Store, work: UnitOfWork, case_id: CaseId, reference: str, tier: Tier, routed: Routed
) -> None:
    """A case just written goes to the member routing chose, with the event naming the rule."""
    repo = QueueRepository(store)
    user_id = repo.user_ids([routed.username])[routed.username]
    repo.give(case_id, user_id)
    work.emit(
        Action.CASE_ROUTED,
        "case",
        reference,
        {"tier": tier.value, "assignee": routed.username, "rule": routed.rule},
        case_id=case_id,
    )


class QueueService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.repo = QueueRepository(ctx.store)
        self.users = UserRepository(ctx.store)

    def _require_admin(self) -> None:
        if self.ctx.actor.role not in ("admin", "system"):
            raise PermissionDenied("only an admin may change queues")

    # ---- reads --------------------------------------------------------------------------
    def list(self) -> builtins.list[Queue]:
        members = self.repo.members()
        return [
            Queue(
                tier,
                queue_name(tier),
                tuple(m for m in members if m.tier is tier),
                self.repo.routing(tier),
            )
            for tier in TIER_ORDER
        ]

    def get(self, queue: str | Tier) -> Queue:
        tier = queue if isinstance(queue, Tier) else parse_tier(queue)
        return next(q for q in self.list() if q.tier is tier)

    def member_names(self, tier: Tier) -> builtins.list[str]:
        """Who may hold a case at this tier now (the escalate dialog's choices)."""
        return self.repo.active_names(tier)

    def my_tiers(self) -> builtins.list[Tier]:
        """The queues the acting user is in ("My queue" lists their waiting cases)."""
        if self.ctx.user_id is None:
            return []
        return self.repo.tiers_of(self.ctx.user_id)

    # ---- changes ------------------------------------------------------------------------
    def _user(self, username: str) -> tuple[int, str, str, bool]:
        name = (username or "").strip().lower()
        found = self.users.get(name)
        if not found or found[0].role == "system":
            raise NotFound(f"no user named {name!r}", field="username")
        user = found[0]
        return user.id, user.username, user.role, user.disabled

    def add_member(self, queue: str | Tier, username: str, why: str = "") -> Queue:
        self._require_admin()
        tier = queue if isinstance(queue, Tier) else parse_tier(queue)
        user_id, name, _role, disabled = self._user(username)
        reason = clean_text(why, "reason", multiline=True)
        if disabled:
            raise ValidationError(f"{name} is disabled and cannot take cases", field="username")
        if self.repo.is_member(tier, user_id):
            raise ValidationError(
                f"{name} is already in the {queue_name(tier)} queue", field="username"
            )
        with self.ctx.store.transaction(self.ctx.actor, self.ctx.now()) as work:
            self.repo.add_member(tier, user_id, work.now, self.ctx.actor.username)
            data = {"tier": tier.value, "username": name}
            if reason:
                data["why"] = reason
            work.emit(Action.QUEUE_MEMBER_ADDED, "queue", tier.value, data)
        return self.get(tier)

    def remove_member(self, queue: str | Tier, username: str, why: str = "") -> Queue:
        """A member who still holds open cases at this tier stays until they are handed on:
        the queue is the rule of who may hold them."""
        self._require_admin()
        tier = queue if isinstance(queue, Tier) else parse_tier(queue)
        user_id, name, _role, _disabled = self._user(username)
        reason = clean_text(why, "reason", multiline=True)
        if not self.repo.is_member(tier, user_id):
            raise ValidationError(
                f"{name} is not in the {queue_name(tier)} queue", field="username"
            )
        held = self.repo.holding(tier, user_id)
        if held:
            shown = ", ".join(held[:5]) + (f" and {len(held) - 5} more" if len(held) > 5 else "")
            raise ValidationError(
                f"{name} still holds {len(held)} open case(s) at this tier ({shown}); "
                "assign them to another member or to nobody first",
                field="username",
            )
        routing = self.repo.routing(tier)
        named = sorted(c for c, who in routing.categories.items() if who == name)
        if named:
            raise ValidationError(
                f"the {queue_name(tier)} queue routes {', '.join(named)} to {name}; "
                "change its routing first",
                field="username",
            )
        with self.ctx.store.transaction(self.ctx.actor, self.ctx.now()) as work:
            self.repo.remove_member(tier, user_id)
            data = {"tier": tier.value, "username": name}
            if reason:
                data["why"] = reason
            work.emit(Action.QUEUE_MEMBER_REMOVED, "queue", tier.value, data)
        return self.get(tier)

    def breach_choice(self) -> str:
        return breach_choice(self.ctx.store)

    def set_breach_choice(self, choice: str) -> str:
        """Which SLA breaches escalate a case when the sweep records them (admins)."""
        self._require_admin()
        new = parse_breach_choice(choice)
        old = self.breach_choice()
        if new == old:
            raise ValidationError(f"the sweep already escalates on: {new}", field="on_breach")
        with self.ctx.store.transaction(self.ctx.actor, self.ctx.now()) as work:
            self.ctx.store.put_setting(BREACH_SETTING, new)
            work.emit(
                Action.QUEUE_BREACH_RULE_CHANGED,
                "settings",
                BREACH_SETTING,
                {"old": old, "new": new},
            )
        return new

    def set_routing(
        self,
        queue: str | Tier,
        mode: str | RoutingMode,
        categories: Mapping[str, str] | None = None,
    ) -> Queue:
        self._require_admin()
        tier = queue if isinstance(queue, Tier) else parse_tier(queue)
        chosen = mode if isinstance(mode, RoutingMode) else parse_enum(RoutingMode, mode, "mode")
        tax = self.ctx.taxonomy
        rules: dict[str, str] = {}
        for category, who in (categories or {}).items():
            slug, _sub = tax.check(category, None)
            rules[slug] = (who or "").strip().lower()
        rules = check_routing(chosen, rules, self.repo.active_names(tier))
        old = self.repo.routing(tier)
        if old.mode is chosen and dict(old.categories) == rules:
            raise ValidationError("nothing to change: the queue already routes so", field="mode")
        with self.ctx.store.transaction(self.ctx.actor, self.ctx.now()) as work:
            self.repo.set_routing(tier, chosen, rules, work.now, self.ctx.actor.username)
            work.emit(
                Action.QUEUE_ROUTING_CHANGED,
                "queue",
                tier.value,
                {
                    "tier": tier.value,
                    "old": {"mode": old.mode.value, "categories": dict(old.categories)},
                    "new": {"mode": chosen.value, "categories": rules},
                },
            )
        return self.get(tier)
