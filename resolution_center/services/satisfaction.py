"""Satisfaction after resolution: the survey goes out when a case is resolved or closed, and a
score of 1 to 5 with a comment is recorded per case, typed in by staff with where it came from
or read from the customer's reply. A low score sets a follow-up in the same change.

A case keeps every score; the latest is its current one (domain/satisfaction.py says why).
"""

from __future__ import annotations

import builtins  # a class here has a list() method, which annotations would name
from typing import Any

from ..domain.actions import Action
from ..domain.case import Case, Status
from ..domain.errors import ValidationError
from ..domain.ids import CaseId
from ..domain.messages import Direction, Message, MessageState
from ..domain.satisfaction import (
    LOW_SCORE,
    LOW_SCORE_FOLLOW_UP,
    SCALE,
    SURVEY_TEMPLATE,
    Score,
    ScoreSource,
    check_comment,
    check_score,
    check_source,
    is_low,
    score_from_reply,
)
from ..storage.repositories import UserRepository
from ..storage.satisfaction import SatisfactionRepository
from ..storage.store import UnitOfWork
from .cases import CaseService
from .context import Context
from .follow_ups import FollowUpService
from .guards import require_person
from .messages import MessageService

SCORED_STATUSES = (Status.RESOLVED, Status.CLOSED)


class SatisfactionService:
    def __init__(
        self,
        ctx: Context,
        cases: CaseService,
        messages: MessageService,
        follow_ups: FollowUpService,
    ) -> None:
        self.ctx = ctx
        self.cases = cases
        self.messages = messages
        self.follow_ups = follow_ups
        self.repo = SatisfactionRepository(ctx.store)

    # ---- reads ------------------------------------------------------------------------------
    def for_case(self, ref_or_id: str | int) -> builtins.list[Score]:
        """Every score of the case, oldest first; the last is the current one."""
        return self.repo.for_case(self.cases.resolve(ref_or_id))

    def current(self, ref_or_id: str | int) -> Score | None:
        scores = self.for_case(ref_or_id)
        return scores[-1] if scores else None

    def list(self, limit: int = 200) -> builtins.list[Score]:
        """The current score of each scored case, newest first."""
        return self.repo.current(limit)

    def surveys(self, ref_or_id: str | int) -> builtins.list[Message]:
        return [
            m
            for m in self.messages.list(ref_or_id)
            if m.template_name == SURVEY_TEMPLATE and m.state is not MessageState.DISCARDED
        ]

    # ---- the survey -------------------------------------------------------------------------
    def survey_in(self, work: UnitOfWork, case: Case) -> int | None:
        """Inside the change that resolved or closed `case`: its survey, sent once per case (a
        case reopened and resolved again is not asked twice)."""
        if self.surveys(case.id):
            return None
        return self.messages.template_in(work, case.id, SURVEY_TEMPLATE, send=True)

    def send_survey(self, ref_or_id: str | int) -> Message:
        """The survey for a resolved or closed case that has none yet (one resolved before
        surveys existed, or whose survey draft was discarded)."""
        require_person(self.ctx.actor, "write to customers")
        case = self.cases.get(ref_or_id)
        self._require_scored_status(case)
        if self.surveys(case.id):
            raise ValidationError(
                f"{case.reference} already has its satisfaction survey", field="reference"
            )
        with self.ctx.store.transaction(self.ctx.actor, self.ctx.now()) as work:
            message_id = self.messages.template_in(work, case.id, SURVEY_TEMPLATE, send=True)
        return self.messages.get(message_id)

    @staticmethod
    def _require_scored_status(case: Case) -> None:
        if case.status not in SCORED_STATUSES:
            raise ValidationError(
                f"{case.reference} is {case.status.value}: satisfaction is asked after resolution",
                field="status",
            )

    # ---- scores -----------------------------------------------------------------------------
    def record(
        self, ref_or_id: str | int, score: object, source: str, comment: str | None = ""
    ) -> Score:
        """A score the customer gave by phone, mail or chat, typed in by staff."""
        require_person(self.ctx.actor, "record satisfaction scores")
        case = self.cases.get(ref_or_id)
        value, text = check_score(score), check_comment(comment)
        where = check_source(source)
        self._require_scored_status(case)
        return self._write(case, value, text, where, None)

    def record_from_reply(self, case_id: CaseId | int, text: str, message_id: int) -> Score | None:
        """The score in a customer's reply (its first line a digit 1 to 5, the rest the
        comment), or None when the reply holds none or this message was read already. For
        mail-in: a reply to a case that was surveyed."""
        found = score_from_reply(text)
        if found is None or self.repo.by_message(int(message_id)) is not None:
            return None
        case = self.cases.get(int(case_id))
        reply = self.messages.get(message_id)
        if reply.direction is not Direction.IN or reply.case_id != case.id:
            # A score "from a reply" is the customer's: never read from our own messages or
            # another case's (on PostgreSQL the insert's trigger holds the same).
            raise ValidationError(
                f"message {reply.id} is not a reply the customer sent to {case.reference}",
                field="message",
            )
        if case.status not in SCORED_STATUSES and not self.surveys(case.id):
            return None  # a digit opening a reply on a case never surveyed is not an answer
        value, comment = found
        return self._write(case, value, check_comment(comment), ScoreSource.REPLY, message_id)

    def _write(
        self, case: Case, value: int, comment: str, source: ScoreSource, message_id: int | None
    ) -> Score:
        earlier = self.repo.for_case(case.id)
        now = self.ctx.now()
        with self.ctx.store.transaction(self.ctx.actor, now) as work:
            follow_up = self._follow_up(work, case, value) if is_low(value) else None
            work.flush()  # the task's event carries its row; this one's, the score's
            score_id = self.repo.insert(
                case.id,
                value,
                comment,
                source,
                message_id=message_id,
                follow_up_id=follow_up,
                actor=self.ctx.actor.username,
                now=now,
            )
            data: dict[str, Any] = {
                "score_id": score_id,
                "score": value,
                "scale": SCALE,
                "source": source.value,
            }
            if comment:
                data["comment"] = work.personal(comment)
            if message_id is not None:
                data["message_id"] = int(message_id)
            if earlier:
                data["supersedes"] = earlier[-1].id
            if follow_up is not None:
                data["follow_up"] = follow_up
            work.emit(Action.SATISFACTION_RECORDED, "case", case.reference, data, case_id=case.id)
        found = self.repo.get(score_id)
        assert found is not None  # just written
        return found

    def _follow_up(self, work: UnitOfWork, case: Case, value: int) -> int:
        """A follow-up for the case's assignee (else whoever records the score; unassigned
        when that is the system reading a reply), due in LOW_SCORE_FOLLOW_UP."""
        found = UserRepository(self.ctx.store).get(case.assignee or self.ctx.actor.username)
        user = found[0] if found else None
        name: str | None = None
        user_id: int | None = None
        if user is not None and user.role != "system" and not user.disabled:
            name, user_id = user.username, user.id
        note = (
            f"Satisfaction score {value} of {SCALE} (at or below {LOW_SCORE}): call the "
            "customer back and find out what went wrong."
        )
        return self.follow_ups.add_in(
            work, case, work.now + LOW_SCORE_FOLLOW_UP, note, name, user_id
        )
