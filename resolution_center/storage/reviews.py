"""Periodic reviews' rows: the review with its frozen JSON, its notes and its actions. Plain SQL
on both backends; every write names its rows for the event (the trail vouches for them) and
PostgreSQL's guards (storage/pg_reviews.py) keep a signed review as it was signed."""

from __future__ import annotations

import builtins  # a class here has a list() method, which annotations would name
import json
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from ..domain.review import ActionState, Review, ReviewAction, ReviewNote, ReviewState
from .dialect import Repository
from .rows import Columns
from .values import dt, time_of, ts


def _day(text: str) -> date:
    return date.fromisoformat(text)


_REVIEW = Columns(
    Review,
    id=("r.id", int),
    period_from=("r.period_from", _day),
    period_to=("r.period_to", _day),
    state=("r.state", ReviewState),
    opened_at=("r.opened_at", time_of),
    opened_by="r.opened_by",
    frozen_at=("r.frozen_at", time_of),
    frozen_by="r.frozen_by",
    refreshes=("r.refreshes", int),
    kpis=("r.kpis", json.loads),
    patterns=("r.patterns", json.loads),
    signed_at=("r.signed_at", dt),
    signed_by="r.signed_by",
    sign_note="r.sign_note",
    version=("r.version", int),
)
_NOTE = Columns(
    ReviewNote,
    id=("n.id", int),
    review_id=("n.review_id", int),
    finding="n.finding",
    body="n.body",
    created_at=("n.created_at", time_of),
    created_by="n.created_by",
)
_ACTION = Columns(
    ReviewAction,
    id=("a.id", int),
    review_id=("a.review_id", int),
    body="a.body",
    owner="u.username",
    due_on=("a.due_on", _day),
    state=("a.state", ActionState),
    created_at=("a.created_at", time_of),
    created_by="a.created_by",
    done_at=("a.done_at", dt),
    done_by="a.done_by",
    period_from=("r.period_from", _day),
    period_to=("r.period_to", _day),
)
_ACTION_FROM = (
    f"SELECT {_ACTION.sql} FROM review_actions a JOIN users u ON u.id = a.owner_id "
    "JOIN reviews r ON r.id = a.review_id"
)


def frozen_text(data: dict[str, Any]) -> str:
    """The JSON a review keeps: canonical (sorted keys), so its digest is the same everywhere."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class ReviewRepository(Repository):
    def add(
        self,
        start: date,
        end: date,
        kpis: str,
        patterns: str,
        actor: str,
        now: datetime,
    ) -> int:
        review_id = self.sql.insert(
            "INSERT INTO reviews (period_from, period_to, state, opened_at, opened_by, "
            "frozen_at, frozen_by, refreshes, kpis, patterns, sign_note, version) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, '', 1)",
            (
                start.isoformat(),
                end.isoformat(),
                ReviewState.OPEN.value,
                ts(now),
                actor,
                ts(now),
                actor,
                kpis,
                patterns,
            ),
        )
        self.store.touch("reviews", review_id)
        return review_id

    def refreeze(
        self, review_id: int, version: int, kpis: str, patterns: str, actor: str, now: datetime
    ) -> bool:
        """False when the review changed since `version` was read (or is signed)."""
        cursor = self.sql.execute(
            "UPDATE reviews SET kpis = ?, patterns = ?, frozen_at = ?, frozen_by = ?, "
            "refreshes = refreshes + 1, version = version + 1 "
            "WHERE id = ? AND version = ? AND state = ?",
            (kpis, patterns, ts(now), actor, review_id, version, ReviewState.OPEN.value),
        )
        if cursor.rowcount:
            self.store.touch("reviews", review_id)
        return bool(cursor.rowcount)

    def sign(self, review_id: int, version: int, note: str, actor: str, now: datetime) -> bool:
        cursor = self.sql.execute(
            "UPDATE reviews SET state = ?, signed_at = ?, signed_by = ?, sign_note = ?, "
            "version = version + 1 WHERE id = ? AND version = ? AND state = ?",
            (
                ReviewState.SIGNED.value,
                ts(now),
                actor,
                note,
                review_id,
                version,
                ReviewState.OPEN.value,
            ),
        )
        if cursor.rowcount:
            self.store.touch("reviews", review_id)
        return bool(cursor.rowcount)

    def add_note(self, review_id: int, finding: str, body: str, actor: str, now: datetime) -> int:
        note_id = self.sql.insert(
            "INSERT INTO review_notes (review_id, finding, body, created_at, created_by) "
            "VALUES (?, ?, ?, ?, ?)",
            (review_id, finding, body, ts(now), actor),
        )
        self.store.touch("review_notes", note_id)
        self._bump(review_id)
        return note_id

    def _bump(self, review_id: int) -> None:
        """A note or action changes what a sign-off signs: the review's version moves, so a
        sign-off by someone who has not seen it is refused as a conflict."""
        self.sql.execute(
            "UPDATE reviews SET version = version + 1 WHERE id = ? AND state = ?",
            (review_id, ReviewState.OPEN.value),
        )
        self.store.touch("reviews", review_id)

    def add_action(
        self,
        review_id: int,
        body: str,
        owner_id: int,
        due_on: date,
        actor: str,
        now: datetime,
    ) -> int:
        action_id = self.sql.insert(
            "INSERT INTO review_actions (review_id, body, owner_id, due_on, state, created_at, "
            "created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (review_id, body, owner_id, due_on.isoformat(), ActionState.OPEN.value, ts(now), actor),
        )
        self.store.touch("review_actions", action_id)
        self._bump(review_id)
        return action_id

    def finish_action(self, action_id: int, actor: str, now: datetime) -> bool:
        cursor = self.sql.execute(
            "UPDATE review_actions SET state = ?, done_at = ?, done_by = ? "
            "WHERE id = ? AND state = ?",
            (ActionState.DONE.value, ts(now), actor, action_id, ActionState.OPEN.value),
        )
        if cursor.rowcount:
            self.store.touch("review_actions", action_id)
        return bool(cursor.rowcount)

    # ---- reads ----------------------------------------------------------------------------
    def get(self, review_id: int) -> Review | None:
        row = self.sql.one(f"SELECT {_REVIEW.sql} FROM reviews r WHERE r.id = ?", (review_id,))
        if row is None:
            return None
        review = _REVIEW.read(row)
        notes = tuple(
            _NOTE.read(r)
            for r in self.sql.all(
                f"SELECT {_NOTE.sql} FROM review_notes n WHERE n.review_id = ? ORDER BY n.id",
                (review_id,),
            )
        )
        actions = tuple(
            _ACTION.read(r)
            for r in self.sql.all(
                f"{_ACTION_FROM} WHERE a.review_id = ? ORDER BY a.id", (review_id,)
            )
        )
        return _with(review, notes, actions)

    def list(self) -> builtins.list[tuple[int, date, date, ReviewState, str, str | None, int]]:
        """(id, from, to, state, opened by, signed by, open actions), newest period first; the
        frozen JSON is not read for a list."""
        return [
            (int(i), _day(a), _day(b), ReviewState(s), str(o), g, int(n))
            for i, a, b, s, o, g, n in self.sql.all(
                "SELECT r.id, r.period_from, r.period_to, r.state, r.opened_by, r.signed_by, "
                "(SELECT COUNT(*) FROM review_actions a WHERE a.review_id = r.id "
                "AND a.state = ?) FROM reviews r ORDER BY r.period_to DESC, r.id DESC",
                (ActionState.OPEN.value,),
            )
        ]

    def action(self, action_id: int) -> ReviewAction | None:
        row = self.sql.one(f"{_ACTION_FROM} WHERE a.id = ?", (action_id,))
        return _ACTION.read(row) if row else None

    def open_actions(self, owner_id: int | None) -> builtins.list[ReviewAction]:
        """Open actions, soonest due first; of one owner, or everyone's."""
        where = "a.state = ?"
        params: builtins.list[Any] = [ActionState.OPEN.value]
        if owner_id is not None:
            where += " AND a.owner_id = ?"
            params.append(owner_id)
        return [
            _ACTION.read(r)
            for r in self.sql.all(f"{_ACTION_FROM} WHERE {where} ORDER BY a.due_on, a.id", params)
        ]


def _with(
    review: Review, notes: tuple[ReviewNote, ...], actions: tuple[ReviewAction, ...]
) -> Review:
    return replace(review, notes=notes, actions=actions)
