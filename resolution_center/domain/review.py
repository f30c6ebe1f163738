"""The recorded periodic review: a supervisor opens one for a period, the KPI report and the
pattern findings are frozen into it, findings and actions are noted, and it is signed off with
the password; a signed review never changes. What may happen when is answered here, once: the
service refuses with it, the window enables its buttons from it, PostgreSQL's guards render
its roles and states (storage/pg_reviews.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from .case import Role, clean_text
from .errors import PermissionDenied, PolicyRefusal, ValidationError
from .kpis import Period as Grain


class ReviewState(StrEnum):
    OPEN = "open"
    SIGNED = "signed"


class ActionState(StrEnum):
    OPEN = "open"
    DONE = "done"


class ReviewStep(StrEnum):
    OPEN = "open"
    REFRESH = "refresh"
    NOTE = "note"
    ADD_ACTION = "add-action"
    SIGN = "sign"


# Who runs a review: the people who lead the team (admins too, who run the tool).
REVIEWERS = frozenset({Role.SUPERVISOR, Role.ADMIN})
# An action is due at most this far ahead (a typo of the year would hide it for a decade).
LONGEST_DUE_DAYS = 366


def grain(start: date, end: date) -> Grain:
    """How finely a review's KPI report is cut over time: a month's review by day, a quarter's
    by week, a year's by month (its charts then show a shape, not one bar)."""
    days = (end - start).days + 1
    if days <= 31:
        return Grain.DAY
    return Grain.WEEK if days <= 186 else Grain.MONTH


@dataclass(frozen=True, slots=True)
class ReviewNote:
    id: int
    review_id: int
    finding: str  # the finding's id in the frozen patterns ('products:SKU-1'), '' = general
    body: str
    created_at: datetime
    created_by: str


@dataclass(frozen=True, slots=True)
class ReviewAction:
    id: int
    review_id: int
    body: str
    owner: str
    due_on: date
    state: ActionState
    created_at: datetime
    created_by: str
    done_at: datetime | None = None
    done_by: str | None = None
    period_from: date | None = None  # of its review, for a task list that shows many reviews
    period_to: date | None = None


@dataclass(frozen=True, slots=True)
class Review:
    id: int
    period_from: date
    period_to: date
    state: ReviewState
    opened_at: datetime
    opened_by: str
    frozen_at: datetime
    frozen_by: str
    refreshes: int
    kpis: dict[str, Any]  # KpiReport.to_json as frozen
    patterns: dict[str, Any]  # PatternReport.to_json as frozen
    signed_at: datetime | None
    signed_by: str | None
    sign_note: str
    version: int
    notes: tuple[ReviewNote, ...] = ()
    actions: tuple[ReviewAction, ...] = ()

    @property
    def title(self) -> str:
        return f"Review #{self.id}: {self.period_from} to {self.period_to}"

    def finding_ids(self) -> set[str]:
        return {
            f["id"]
            for section in self.patterns.get("sections", {}).values()
            for f in section.get("findings", [])
        }


def steps_allowed(review: Review | None, role: str) -> frozenset[ReviewStep]:
    """What `role` may do with `review` (None: no review yet, so only opening one)."""
    if role not in REVIEWERS:
        return frozenset()
    if review is None:
        return frozenset({ReviewStep.OPEN})
    if review.state is ReviewState.SIGNED:
        return frozenset()
    return frozenset(s for s in ReviewStep if s is not ReviewStep.OPEN)


def check_step(review: Review | None, role: str, step: ReviewStep) -> None:
    if role not in REVIEWERS:
        raise PermissionDenied("reviews are opened, noted and signed by supervisors and admins")
    if step not in steps_allowed(review, role):
        assert review is not None
        raise PolicyRefusal(
            f"review #{review.id} was signed off by {review.signed_by}: it is read-only"
        )


def may_finish_action(action: ReviewAction, username: str, role: str) -> bool:
    """Its owner finishes an action, or a reviewer; once (also after sign-off: actions are the
    work a review leaves behind)."""
    return action.state is ActionState.OPEN and (action.owner == username or role in REVIEWERS)


def check_note(body: str | None, finding: str | None, review: Review) -> tuple[str, str]:
    text = clean_text(body, "note", multiline=True, required=True)
    key = (finding or "").strip()
    if key and key not in review.finding_ids():
        raise ValidationError(
            f"review #{review.id} has no finding {key!r} (see `review show`)", field="finding"
        )
    return text, key


def check_action(body: str | None, due_on: date | None, today: date) -> tuple[str, date]:
    text = clean_text(body, "action", multiline=True, required=True)
    if due_on is None:
        raise ValidationError("an action needs a due date", field="due")
    if due_on < today:
        raise ValidationError(f"the due date {due_on} has passed", field="due")
    if (due_on - today).days > LONGEST_DUE_DAYS:
        raise ValidationError(
            f"an action is due within {LONGEST_DUE_DAYS} days, not on {due_on}", field="due"
        )
    return text, due_on
