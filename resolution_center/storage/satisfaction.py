"""Satisfaction scores (schema step 18): written once each, never changed; a case's current
score is its latest. PostgreSQL's triggers (sql/satisfaction.sql) hold that for a user at a SQL
prompt too."""

from __future__ import annotations

import builtins
from datetime import datetime

import peewee

from ..domain.ids import CaseId, CustomerId
from ..domain.satisfaction import Score, ScoreSource
from .dialect import Repository
from .messages import reraise
from .rows import Columns
from .values import enum_reader, time_of, ts

_SCORE = Columns(
    Score,
    id="s.id",
    case_id=("s.case_id", CaseId),
    case_reference="c.reference",
    score="s.score",
    comment="s.comment",
    source=("s.source", enum_reader(ScoreSource)),
    message_id="s.message_id",
    recorded_by="s.recorded_by",
    recorded_at=("s.recorded_at", time_of),
)
_FROM = "FROM satisfaction_scores s JOIN cases c ON c.id = s.case_id"


class SatisfactionRepository(Repository):
    def insert(
        self,
        case_id: CaseId,
        score: int,
        comment: str,
        source: ScoreSource,
        *,
        message_id: int | None,
        follow_up_id: int | None,
        actor: str,
        now: datetime,
    ) -> int:
        try:
            row = self.sql.one(
                "INSERT INTO satisfaction_scores (case_id, score, comment, source, message_id, "
                "follow_up_id, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "RETURNING id",
                (case_id, score, comment, source.value, message_id, follow_up_id, actor, ts(now)),
            )
        except peewee.DatabaseError as exc:
            reraise(exc)
        assert row is not None  # RETURNING gives the row or the insert raised
        self.store.touch("satisfaction_scores", row[0])
        return int(row[0])

    def get(self, score_id: int) -> Score | None:
        row = self.sql.one(f"SELECT {_SCORE.sql} {_FROM} WHERE s.id = ?", (score_id,))
        return _SCORE.read(row) if row else None

    def for_case(self, case_id: CaseId) -> builtins.list[Score]:
        """Every score the case was given, oldest first: the last is the current one."""
        return [
            _SCORE.read(r)
            for r in self.sql.all(
                f"SELECT {_SCORE.sql} {_FROM} WHERE s.case_id = ? ORDER BY s.id", (case_id,)
            )
        ]

    def by_message(self, message_id: int) -> Score | None:
        row = self.sql.one(f"SELECT {_SCORE.sql} {_FROM} WHERE s.message_id = ?", (message_id,))
        return _SCORE.read(row) if row else None

    def current(self, limit: int = 200, case_id: CaseId | None = None) -> builtins.list[Score]:
        """Each case's current score, newest first."""
        where, params = ("AND s.case_id = ? ", (case_id,)) if case_id is not None else ("", ())
        return [
            _SCORE.read(r)
            for r in self.sql.all(
                f"SELECT {_SCORE.sql} {_FROM} WHERE s.id = (SELECT max(x.id) FROM "
                f"satisfaction_scores x WHERE x.case_id = s.case_id) {where}"
                "ORDER BY s.id DESC LIMIT ?",
                (*params, limit),
            )
        ]

    def current_of_customer(self, customer_id: CustomerId) -> builtins.list[Score]:
        """The current score of each of a customer's cases, newest first (the customer page)."""
        return [
            _SCORE.read(r)
            for r in self.sql.all(
                f"SELECT {_SCORE.sql} {_FROM} WHERE c.customer_id = ? AND s.id = (SELECT "
                "max(x.id) FROM satisfaction_scores x WHERE x.case_id = s.case_id) "
                "ORDER BY s.id DESC",
                (customer_id,),
            )
        ]
