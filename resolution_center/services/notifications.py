"""Staff notifications: the trail's events that concern the acting user (domain/notifications.py
decides which), newest first, with their read state; marking some or all of them read.

Derived, not written: no change anywhere has to remember to notify anyone, because every change
already has its event. Marking read is the one write, in the user's own name, with its event.
"""

from __future__ import annotations

import builtins  # a class here has a list() method, which annotations would name
from collections.abc import Callable, Sequence
from dataclasses import replace

from ..domain.actions import Action
from ..domain.errors import NotFound, ValidationError
from ..domain.notifications import (
    ON_MY_CASES,
    QUEUE_ACTIONS,
    SIGNOFF_ACTIONS,
    TASK_ACTIONS,
    WINDOW,
    Candidate,
    Notification,
    kind_of,
)
from ..domain.remedy_record import Remedy
from ..storage.notifications import NotificationRepository
from ..storage.queues import QueueRepository
from .context import Context
from .guards import require_person

# The list shows the newest this many; older ones are in the case's audit tab. The unread count
# is exact up to this many and shown as "LIMIT+" beyond (a badge reading 500 says enough).
LIMIT = 500


class NotificationService:
    def __init__(self, ctx: Context, signable: Callable[[], Sequence[Remedy]]) -> None:
        """`signable`: the pending remedies the acting user may sign off now (the remedies
        service's read model, which judges authority under the policy)."""
        self.ctx = ctx
        self.signable = signable
        self.repo = NotificationRepository(ctx.store)

    def _user_id(self) -> int:
        if self.ctx.user_id is None:
            raise NotFound("notifications are a signed-in user's", field="user")
        return self.ctx.user_id

    def list(self, *, unread: bool = False, limit: int = LIMIT) -> builtins.list[Notification]:
        """The acting user's notifications of the last WINDOW, newest first (only the unread
        with `unread`)."""
        if self.ctx.user_id is None:
            return []
        user_id, me = self.ctx.user_id, self.ctx.actor.username
        tiers = [t.value for t in QueueRepository(self.ctx.store).tiers_of(user_id)]
        remedies = self.signable()
        signable = {r.reference for r in remedies}
        found: dict[int, Notification] = {}

        def add(candidates: Sequence[Candidate], mine: bool) -> None:
            for c in candidates:
                kind = kind_of(c, me, mine=mine, tiers=tiers, signable=signable)
                if kind is not None and c.seq not in found:
                    found[c.seq] = Notification(
                        c.seq,
                        kind,
                        c.time,
                        c.actor,
                        c.action,
                        c.case_id,
                        c.case_reference,
                        c.target_id,
                        read=False,
                    )

        after = self.repo.window_start(self.ctx.now(), WINDOW)
        add(self.repo.on_cases_of(user_id, ON_MY_CASES, after, limit), True)
        add(self.repo.into_queues(tiers, QUEUE_ACTIONS, me, after, limit), False)
        case_ids = sorted({r.case_id for r in remedies})
        add(self.repo.on_cases(case_ids, SIGNOFF_ACTIONS, me, after, limit), False)
        add(self.repo.given_to(me, TASK_ACTIONS, after, limit), False)
        newest = sorted(found.values(), key=lambda n: n.seq, reverse=True)[:limit]
        mark = self.repo.read_mark(user_id)
        read = self.repo.read_among(user_id, [n.seq for n in newest if n.seq > mark])
        out = [replace(n, read=n.seq <= mark or n.seq in read) for n in newest]
        return [n for n in out if not n.read] if unread else out

    def unread_count(self) -> int:
        return len(self.list(unread=True))

    def mark_read(self, seqs: Sequence[int]) -> builtins.list[int]:
        """The named notifications read (ids the user has, else refused); returns those that
        were unread."""
        require_person(self.ctx.actor, "read notifications")
        user_id = self._user_id()
        wanted = list(dict.fromkeys(int(s) for s in seqs))
        if not wanted:
            raise ValidationError("name a notification, or mark all read", field="id")
        mine = {n.seq: n for n in self.list()}
        unknown = [s for s in wanted if s not in mine]
        if unknown:
            raise NotFound(
                f"no notification {unknown[0]} among yours (the newest {LIMIT})", field="id"
            )
        new = [s for s in wanted if not mine[s].read]
        if not new:
            return []
        with self.ctx.store.transaction(self.ctx.actor, self.ctx.now()) as work:
            wrote = self.repo.mark_read(user_id, new, work.now)
            if wrote:
                work.emit(
                    Action.NOTIFICATIONS_READ,
                    "user",
                    self.ctx.actor.username,
                    {"events": wrote},
                )
        return wrote

    def mark_all_read(self) -> int:
        """Everything shown now read (the mark moves to the newest notification); returns how
        many were unread."""
        require_person(self.ctx.actor, "read notifications")
        user_id = self._user_id()
        shown = self.list()
        unread = [n for n in shown if not n.read]
        if not unread:
            return 0
        through = shown[0].seq
        with self.ctx.store.transaction(self.ctx.actor, self.ctx.now()) as work:
            if self.repo.mark_all_read(user_id, through, work.now):
                work.emit(
                    Action.NOTIFICATIONS_READ,
                    "user",
                    self.ctx.actor.username,
                    {"all_through": through},
                )
        return len(unread)
