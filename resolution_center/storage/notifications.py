"""The trail's events that may concern a user, read for notifications, and each user's read
state (schema step 18).

Three reads, each on an index: events on the user's own cases (cases by assignee, then the
trail by case), escalations into their queues (the trail by action), and the remedies they may
sign off (the trail by case). Which of them really concern the user is the domain's call
(domain/notifications.py). Read state rows are written in the user's own name; PostgreSQL's
triggers (sql/notifications.sql) refuse anyone else's.
"""

from __future__ import annotations

import builtins
import json
from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import Any

import peewee

from ..domain.ids import CaseId
from ..domain.notifications import Candidate
from .dialect import Repository
from .messages import reraise
from .values import time_of, ts

_EVENT = "e.seq, e.time, e.actor, e.action, e.target_id, e.case_id, c.reference, e.data"


def _candidate(row: tuple[Any, ...]) -> Candidate:
    seq, time, actor, action, target, case_id, reference, data = row
    try:
        payload = json.loads(data)
    except ValueError:
        payload = {}
    return Candidate(
        int(seq),
        time_of(time),
        actor,
        action,
        target,
        CaseId(case_id) if case_id is not None else None,
        reference or "",
        payload if isinstance(payload, dict) else {},
    )


def _marks(n: int) -> str:
    return ", ".join("?" * n)


class NotificationRepository(Repository):
    # ---- candidates -------------------------------------------------------------------------
    # Each read takes the events after `after` (the window's first event, first_seq_since), so
    # its cost follows the recent trail, not the whole of it: on the 100,000-case data set the
    # whole trail of one user's 3,000 cases is 30,000 events, their last fortnight a few.

    def on_cases_of(
        self, user_id: int, actions: Sequence[str], after: int, limit: int
    ) -> builtins.list[Candidate]:
        """Events of `actions` on the cases assigned to the user now, newest first (their own
        included: an SLA alert their client recorded is news to them all the same)."""
        if not actions:
            return []
        rows = self.sql.all(
            f"SELECT {_EVENT} FROM audit_events e JOIN cases c ON c.id = e.case_id "
            "WHERE e.case_id IN (SELECT x.id FROM cases x WHERE x.assignee_id = ?) "
            f"AND e.seq > ? AND e.action IN ({_marks(len(actions))}) "
            "ORDER BY e.seq DESC LIMIT ?",
            (user_id, after, *actions, limit),
        )
        return [_candidate(r) for r in rows]

    def into_queues(
        self,
        tiers: Collection[str],
        actions: Sequence[str],
        username: str,
        after: int,
        limit: int,
    ) -> builtins.list[Candidate]:
        """Events of `actions` on cases now waiting unassigned in one of `tiers`' queues."""
        if not tiers or not actions:
            return []
        # The trail by action, then each case by id: SQLite would rather walk the whole trail
        # backwards for the ORDER BY (0.8 s on the 100,000-case data set when nothing matches).
        hint = self.sql.index_hint("audit_events_action_seq")
        rows = self.sql.all(
            f"SELECT {_EVENT} FROM audit_events e{hint} CROSS JOIN cases c "
            f"WHERE c.id = e.case_id AND e.action IN ({_marks(len(actions))}) AND e.seq > ? "
            f"AND c.tier IN ({_marks(len(tiers))}) AND c.assignee_id IS NULL AND e.actor <> ? "
            "ORDER BY e.seq DESC LIMIT ?",
            (*actions, after, *tiers, username, limit),
        )
        return [_candidate(r) for r in rows]

    def given_to(
        self, username: str, actions: Sequence[str], after: int, limit: int
    ) -> builtins.list[Candidate]:
        """Events of `actions` whose data names `username` as the assignee (follow-ups set
        for them), by others, newest first. The LIKE narrows by the event's canonical JSON
        text; the domain checks the parsed value (a '_' in a name matches any character)."""
        if not actions:
            return []
        hint = self.sql.index_hint("audit_events_action_seq")
        rows = self.sql.all(
            f"SELECT {_EVENT} FROM audit_events e{hint} LEFT JOIN cases c ON c.id = e.case_id "
            f"WHERE e.action IN ({_marks(len(actions))}) AND e.seq > ? AND e.actor <> ? "
            "AND e.data LIKE ? ORDER BY e.seq DESC LIMIT ?",
            (*actions, after, username, f'%"assignee":{json.dumps(username)}%', limit),
        )
        return [_candidate(r) for r in rows]

    def on_cases(
        self,
        case_ids: Sequence[CaseId],
        actions: Sequence[str],
        username: str,
        after: int,
        limit: int,
    ) -> builtins.list[Candidate]:
        """Events of `actions` on the given cases (those with a remedy to sign off)."""
        if not case_ids or not actions:
            return []
        found: builtins.list[Candidate] = []
        for start in range(0, len(case_ids), 500):
            chunk = list(case_ids[start : start + 500])
            rows = self.sql.all(
                f"SELECT {_EVENT} FROM audit_events e JOIN cases c ON c.id = e.case_id "
                f"WHERE e.case_id IN ({_marks(len(chunk))}) AND e.seq > ? "
                f"AND e.action IN ({_marks(len(actions))}) AND e.actor <> ? "
                "ORDER BY e.seq DESC LIMIT ?",
                (*chunk, after, *actions, username, limit),
            )
            found += [_candidate(r) for r in rows]
        return found

    def window_start(self, now: datetime, window: timedelta) -> int:
        """The last event before the window that ends now (0: the window holds them all), by
        the clock that stamps events (PostgreSQL's own)."""
        return self.first_seq_since(self.sql.moment(now) - window) - 1

    def first_seq_since(self, moment: datetime) -> int:
        """The first event at or after `moment` (one past the last when none is): a binary
        search by sequence number, as times are not indexed but grow with it."""
        low = int(self.sql.scalar("SELECT min(seq) FROM audit_events") or 1)
        high = self.last_seq() + 1
        wanted = ts(moment)
        while low < high:
            middle = (low + high) // 2
            row = self.sql.one(
                "SELECT seq, time FROM audit_events WHERE seq >= ? ORDER BY seq LIMIT 1",
                (middle,),
            )
            if row is None or row[1] >= wanted:
                high = middle
            else:
                low = int(row[0]) + 1
        return low

    # ---- read state -------------------------------------------------------------------------
    def read_mark(self, user_id: int) -> int:
        """The event up to which the user marked everything read (0: never)."""
        return int(
            self.sql.scalar("SELECT seq FROM notification_marks WHERE user_id = ?", (user_id,)) or 0
        )

    def read_among(self, user_id: int, seqs: Sequence[int]) -> set[int]:
        """Which of `seqs` the user marked read one by one."""
        if not seqs:
            return set()
        return {
            int(r[0])
            for r in self.sql.rows_in(
                # rows_in binds the values alone; the user id is an int, written in
                f"SELECT seq FROM notification_reads WHERE user_id = {int(user_id)} AND seq {{in}}",
                list(seqs),
                "bigint",
            )
        }

    def mark_read(self, user_id: int, seqs: Sequence[int], now: datetime) -> builtins.list[int]:
        """Rows for the events not yet marked; returns those it wrote."""
        already = self.read_among(user_id, seqs)
        wrote = []
        for seq in dict.fromkeys(seqs):
            if seq in already:
                continue
            try:
                self.sql.execute(
                    "INSERT INTO notification_reads (user_id, seq, read_at) VALUES (?, ?, ?)",
                    (user_id, seq, ts(now)),
                )
            except peewee.DatabaseError as exc:
                reraise(exc)
            self.store.touch("notification_reads", f"{user_id}/{seq}")
            wrote.append(seq)
        return wrote

    def mark_all_read(self, user_id: int, seq: int, now: datetime) -> bool:
        """Everything up to `seq` read; False when the mark already stood there or beyond."""
        if self.read_mark(user_id) >= seq:
            return False
        try:
            cursor = self.sql.execute(
                "UPDATE notification_marks SET seq = ?, marked_at = ? WHERE user_id = ?",
                (seq, ts(now), user_id),
            )
            if not cursor.rowcount:
                self.sql.execute(
                    "INSERT INTO notification_marks (user_id, seq, marked_at) VALUES (?, ?, ?)",
                    (user_id, seq, ts(now)),
                )
        except peewee.DatabaseError as exc:
            reraise(exc)
        self.store.touch("notification_marks", user_id)
        return True

    def last_seq(self) -> int:
        return int(self.sql.scalar("SELECT max(seq) FROM audit_events") or 0)
