"""Escalation queues: members per tier and each queue's routing of new cases.

Plain SQL on both backends. On PostgreSQL only admins may write these tables (grants in
storage/pg_queues.py) and a trigger there keeps every case's assignee in its tier's queue.
"""

from __future__ import annotations

import builtins  # a class here has a list() method, which annotations would name
import json
from collections.abc import Sequence
from datetime import datetime

from ..domain.case import Tier
from ..domain.queues import Member, Routing, RoutingMode
from .agreements import guard_error
from .dialect import Repository
from .rows import Columns
from .values import dt, enum_reader, time_of, ts

_MEMBER = Columns(
    Member,
    tier=("m.tier", enum_reader(Tier)),
    username="u.username",
    display_name="u.display_name",
    role="u.role",
    disabled=("u.disabled", bool),
    added_at=("m.added_at", time_of),
    added_by="m.added_by",
)
_MEMBERS = (
    f"SELECT {_MEMBER.sql} FROM queue_members m JOIN users u ON u.id = m.user_id "
    "{where} ORDER BY m.tier, u.username"
)


class QueueRepository(Repository):
    # ---- members ------------------------------------------------------------------------
    def members(self, tier: Tier | None = None) -> builtins.list[Member]:
        if tier is None:
            rows = self.sql.all(_MEMBERS.format(where=""))
        else:
            rows = self.sql.all(_MEMBERS.format(where="WHERE m.tier = ?"), (tier.value,))
        return [_MEMBER.read(r) for r in rows]

    def active_names(self, tier: Tier) -> builtins.list[str]:
        """Members who may take cases now (disabled accounts keep their row, not their turn)."""
        return [m.username for m in self.members(tier) if not m.disabled]

    def tiers_of(self, user_id: int) -> builtins.list[Tier]:
        rows = self.sql.all(
            "SELECT tier FROM queue_members WHERE user_id = ? ORDER BY tier", (user_id,)
        )
        return [Tier(r[0]) for r in rows]

    def is_member(self, tier: Tier, user_id: int) -> bool:
        return bool(
            self.sql.one(
                "SELECT 1 FROM queue_members WHERE tier = ? AND user_id = ?", (tier.value, user_id)
            )
        )

    def add_member(self, tier: Tier, user_id: int, now: datetime, actor: str) -> None:
        try:
            self.sql.execute(
                "INSERT INTO queue_members (tier, user_id, added_at, added_by) VALUES (?, ?, ?, ?)",
                (tier.value, user_id, ts(now), actor),
            )
        except Exception as exc:  # PostgreSQL's refusal (no grant) as the error it stands for
            err = guard_error(exc)
            if err is None:
                raise
            raise err from exc
        self.store.touch("queue_members", f"{tier.value}/{user_id}")

    def remove_member(self, tier: Tier, user_id: int) -> None:
        self.sql.execute(
            "DELETE FROM queue_members WHERE tier = ? AND user_id = ?", (tier.value, user_id)
        )
        self.store.touch("queue_members", f"{tier.value}/{user_id}")

    def holding(self, tier: Tier, user_id: int) -> builtins.list[str]:
        """References of the open cases at `tier` assigned to the user (they block removal)."""
        rows = self.sql.all(
            "SELECT reference FROM cases WHERE tier = ? AND assignee_id = ? AND status NOT IN "
            "('resolved', 'closed') ORDER BY reference",
            (tier.value, user_id),
        )
        return [r[0] for r in rows]

    def give(self, case_id: int, user_id: int) -> None:
        """A case written in this change goes to a member (routing at intake)."""
        self.sql.execute("UPDATE cases SET assignee_id = ? WHERE id = ?", (user_id, case_id))
        self.store.touch("cases", case_id)

    # ---- routing -----------------------------------------------------------------------
    def routing(self, tier: Tier) -> Routing:
        row = self.sql.one(
            "SELECT mode, categories, changed_at, changed_by FROM queue_routing WHERE tier = ?",
            (tier.value,),
        )
        if row is None:
            return Routing(tier)
        return Routing(
            tier, RoutingMode(row[0]), json.loads(row[1]) if row[1] else {}, dt(row[2]), row[3]
        )

    def set_routing(
        self, tier: Tier, mode: RoutingMode, categories: dict[str, str], now: datetime, actor: str
    ) -> None:
        text = json.dumps(categories, sort_keys=True, ensure_ascii=False) if categories else ""
        self.sql.execute(
            "INSERT INTO queue_routing (tier, mode, categories, changed_at, changed_by) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (tier) DO UPDATE SET mode = excluded.mode, "
            "categories = excluded.categories, changed_at = excluded.changed_at, "
            "changed_by = excluded.changed_by",
            (tier.value, mode.value, text, ts(now), actor),
        )
        self.store.touch("queue_routing", tier.value)

    def last_given(self, tier: Tier, members: Sequence[str]) -> dict[str, int]:
        """The id of each member's latest case at this tier (ids grow with intake, whatever
        date an imported case carries); one grouped query, however many cases are routed."""
        if not members:
            return {}
        return {
            r[0]: int(r[1])
            for r in self.sql.rows_in(
                "SELECT u.username, max(c.id) FROM users u JOIN cases c "
                f"ON c.assignee_id = u.id AND c.tier = '{tier.value}' "
                "WHERE u.username {in} GROUP BY u.username",
                list(members),
            )
        }

    def user_ids(self, names: Sequence[str]) -> dict[str, int]:
        return {
            r[0]: int(r[1])
            for r in self.sql.rows_in("SELECT username, id FROM users WHERE username {in}", names)
        }
