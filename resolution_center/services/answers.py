"""Approved answers: write, revise, approve, retire and search the library.

Anyone drafts an answer or a new version of one; a senior specialist or above who did not write
a version approves it (domain/answers.py; PostgreSQL's guard holds a user's own role to the same
rule). Every change is one transaction with its event. An answer's text may name placeholders,
checked as it is saved and filled from the case when the message editor inserts it.
"""

from __future__ import annotations

import builtins  # a class here has a list() method, which annotations would name
import time

from ..domain.actions import Action
from ..domain.answers import (
    Answer,
    AnswerKind,
    AnswerText,
    AnswerVersion,
    approval_refusal,
    check_text,
    retire_refusal,
)
from ..domain.case import parse_enum
from ..domain.errors import NotFound, ValidationError
from ..domain.ids import check_id
from ..domain.messages import check_language
from ..storage.answers import SEARCH_LIMIT, AnswerRepository
from . import message_render
from .context import Context
from .guards import require_person
from .message_values import demo_values


class AnswerService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.repo = AnswerRepository(ctx.store)
        self.last_search_ms = 0.0  # the bench and the editor's status line read it

    def _require_person(self) -> None:
        require_person(self.ctx.actor, "write answers")

    # ---- reads ------------------------------------------------------------------------------
    def get(self, answer_id: int) -> Answer:
        found = self.repo.get(check_id(int(answer_id), "answer id", field="answer"))
        if found is None:
            raise NotFound(f"no answer {answer_id}", field="answer")
        return found

    def versions(self, answer_id: int) -> builtins.list[AnswerVersion]:
        return self.repo.versions(self.get(answer_id).id)

    def list(self, *, include_retired: bool = False, limit: int = 500) -> builtins.list[Answer]:
        return self.repo.library(include_retired=include_retired, limit=limit)

    def search(
        self, text: str, language: str | None = None, limit: int = SEARCH_LIMIT
    ) -> builtins.list[Answer]:
        """Approved answers in use whose text has every word (as a prefix), best first."""
        if language:
            language = check_language(language)
        if len(text) > 500:
            raise ValidationError("a search is at most 500 characters", field="search")
        started = time.perf_counter()
        found = self.repo.search(text, language or None, max(1, min(limit, 100)))
        self.last_search_ms = (time.perf_counter() - started) * 1000
        return found

    # ---- changes ----------------------------------------------------------------------------
    def _checked(self, text: AnswerText) -> AnswerText:
        text = check_text(text)
        # Filled once with a demo case, as it will be from a real one in the editor.
        message_render.render_text(text.title, demo_values(), "subject")
        message_render.render_text(text.body, demo_values(), "body")
        return text

    def add(self, kind: str, text: AnswerText) -> Answer:
        """A new answer: version 1, a draft until approved."""
        self._require_person()
        answer_kind = parse_enum(AnswerKind, kind, "kind")
        text = self._checked(text)
        now = self.ctx.now()
        with self.ctx.store.transaction(self.ctx.actor, now) as work:
            answer_id = self.repo.insert(answer_kind, self.ctx.actor.username, now)
            version_id = self.repo.insert_version(answer_id, 1, text, self.ctx.actor.username, now)
            work.emit(
                Action.ANSWER_DRAFTED,
                "answer",
                answer_id,
                {
                    "answer_id": answer_id,
                    "version_id": version_id,
                    "version": 1,
                    "kind": answer_kind.value,
                    "title": text.title,
                    "language": text.language,
                },
            )
        return self.get(answer_id)

    def edit(self, answer_id: int, text: AnswerText) -> Answer:
        """A new version, awaiting approval; the approved version stays in use meanwhile."""
        self._require_person()
        answer = self.get(answer_id)
        if answer.retired_at is not None:
            raise ValidationError(f"answer {answer.id} is retired", field="answer")
        text = self._checked(text)
        if text == answer.latest.text:
            raise ValidationError("nothing changed: the text is the latest version's", field="body")
        version = answer.latest.version + 1
        now = self.ctx.now()
        with self.ctx.store.transaction(self.ctx.actor, now) as work:
            version_id = self.repo.insert_version(
                answer.id, version, text, self.ctx.actor.username, now
            )
            work.emit(
                Action.ANSWER_REVISED,
                "answer",
                answer.id,
                {
                    "answer_id": answer.id,
                    "version_id": version_id,
                    "version": version,
                    "title": text.title,
                },
            )
        return self.get(answer.id)

    def approve(self, answer_id: int, version: int | None = None) -> Answer:
        """The latest version (or `version`) approved, and in use from now on."""
        self._require_person()
        answer = self.get(answer_id)
        versions = self.repo.versions(answer.id)
        chosen = (
            versions[-1]
            if version is None
            else next((v for v in versions if v.version == version), None)
        )
        if chosen is None:
            raise NotFound(f"answer {answer.id} has no version {version}", field="version")
        if answer.retired_at is not None:
            raise ValidationError(f"answer {answer.id} is retired", field="answer")
        if answer.in_use is not None and chosen.version < answer.in_use.version:
            raise ValidationError(
                f"version {chosen.version} is older than the version in use "
                f"({answer.in_use.version})",
                field="version",
            )
        refusal = approval_refusal(chosen, self.ctx.actor.username, self.ctx.actor.role)
        if refusal is not None:
            raise refusal
        now = self.ctx.now()
        with self.ctx.store.transaction(self.ctx.actor, now) as work:
            self.repo.approve(chosen, self.ctx.actor.username, now)
            work.emit(
                Action.ANSWER_APPROVED,
                "answer",
                answer.id,
                {
                    "answer_id": answer.id,
                    "version_id": chosen.id,
                    "version": chosen.version,
                    "title": chosen.text.title,
                    "author": chosen.created_by,
                },
            )
        return self.get(answer.id)

    def retire(self, answer_id: int, reason: str = "") -> Answer:
        self._require_person()
        answer = self.get(answer_id)
        refusal = retire_refusal(answer, self.ctx.actor.role)
        if refusal is not None:
            raise refusal
        now = self.ctx.now()
        with self.ctx.store.transaction(self.ctx.actor, now) as work:
            self.repo.retire(answer.id, self.ctx.actor.username, now)
            work.emit(
                Action.ANSWER_RETIRED,
                "answer",
                answer.id,
                {"answer_id": answer.id, "reason": reason.strip()[:2000]},
            )
        return self.get(answer.id)
