"""Approved answers: the library of replies, FAQ entries, troubleshooting steps and policy texts.

An answer is a series of versions. Every edit is a new version, a draft until someone at senior
specialist or above (never its own author) approves it; the answer is used in its latest
approved version, so an edit under review leaves the approved text in use. A retired answer is
kept (messages name its versions) but no longer offered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from .case import Role, clean_tags
from .errors import PolicyRefusal, ValidationError
from .messages import BODY_LIMIT, check_language, clean

TITLE_LIMIT = 200
CATEGORY_LIMIT = 64
TAG_LIMIT = 20
# Senior specialist or above on the specialists' ladder; admins run the system, not the answers.
APPROVERS = frozenset({Role.SENIOR_SPECIALIST, Role.EXPERT, Role.SUPERVISOR})


class AnswerKind(StrEnum):
    REPLY = "reply"
    FAQ = "faq"
    TROUBLESHOOTING = "troubleshooting"
    POLICY = "policy"


class AnswerState(StrEnum):
    """The answer as a whole, as the library lists it."""

    DRAFT = "draft"  # no version approved yet
    APPROVED = "approved"  # in use; its latest version may still await approval
    RETIRED = "retired"


@dataclass(frozen=True, slots=True)
class AnswerText:
    """What a version says; checked by `check_text`."""

    title: str
    body: str
    tags: tuple[str, ...] = ()
    category: str = ""
    language: str = "en"


@dataclass(frozen=True, slots=True)
class AnswerVersion:
    id: int
    answer_id: int
    version: int
    text: AnswerText
    created_by: str
    created_at: datetime
    approved_by: str | None = None
    approved_at: datetime | None = None

    @property
    def approved(self) -> bool:
        return self.approved_by is not None


@dataclass(frozen=True, slots=True)
class Answer:
    id: int
    kind: AnswerKind
    created_by: str
    created_at: datetime
    uses: int
    latest: AnswerVersion  # the newest version, approved or not
    in_use: AnswerVersion | None  # the latest approved version
    retired_at: datetime | None = None
    retired_by: str | None = None

    @property
    def state(self) -> AnswerState:
        if self.retired_at is not None:
            return AnswerState.RETIRED
        return AnswerState.APPROVED if self.in_use is not None else AnswerState.DRAFT

    @property
    def pending(self) -> AnswerVersion | None:
        """The version awaiting approval, if the newest is not approved."""
        return None if self.latest.approved else self.latest

    @property
    def usable(self) -> bool:
        return self.retired_at is None and self.in_use is not None


def check_text(text: AnswerText) -> AnswerText:
    tags = clean_tags(text.tags)
    if len(tags) > TAG_LIMIT:
        raise ValidationError(f"at most {TAG_LIMIT} tags", field="tags")
    category = clean(text.category, "category", CATEGORY_LIMIT, multiline=False, required=False)
    return AnswerText(
        title=clean(text.title, "title", TITLE_LIMIT, multiline=False, required=True),
        body=clean(text.body, "body", BODY_LIMIT, multiline=True, required=True),
        tags=tags,
        category=category.lower(),
        language=check_language(text.language),
    )


def approval_refusal(version: AnswerVersion, username: str, role: str) -> PolicyRefusal | None:
    """Why `username` (with `role`) may not approve `version`, or None."""
    if version.approved:
        return PolicyRefusal(
            f"version {version.version} of answer {version.answer_id} is approved already",
            field="answer",
        )
    if role not in APPROVERS:
        return PolicyRefusal(
            "answers are approved by a senior specialist, expert or supervisor", field="answer"
        )
    if version.created_by == username:
        return PolicyRefusal(
            "you wrote this version: someone else approves it (no self-approval)",
            field="answer",
        )
    return None


def retire_refusal(answer: Answer, role: str) -> PolicyRefusal | None:
    if answer.retired_at is not None:
        return PolicyRefusal(f"answer {answer.id} is retired already", field="answer")
    if role not in APPROVERS:
        return PolicyRefusal(
            "answers are retired by a senior specialist, expert or supervisor", field="answer"
        )
    return None
