"""Closing the loop on a case: what resolving needs, what keeps a case from closing (promised
remedies not yet fulfilled or withdrawn) and who may override that, follow-up tasks, links and
merges between cases, likely duplicates at intake, and the repeat-claimant marker."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from .case import Case, Role, Status, clean_text
from .errors import PermissionDenied, PolicyRefusal, ValidationError
from .ids import CaseId
from .money import Money
from .remedy import COUNTS_TOWARD_CAPS, RemedyState
from .remedy_record import Remedy

# Promised to the customer and not yet carried out: a case with one of these does not close
# silently (fulfil it, withdraw it, or a supervisor overrides with a reason).
OPEN_REMEDY_STATES = frozenset({RemedyState.AUTHORIZED, RemedyState.APPROVED})
# Who may close a case over open remedies. Admins manage users and settings, not money (the
# policy ranks them lowest), so they may not.
CLOSE_OVERRIDE_ROLES = frozenset({Role.SUPERVISOR})
# The code a case merged into another is closed with (a slug of taxonomy.toml's resolutions).
MERGED_CODE = "duplicate"
# A customer whose counted remedies in the policy's window fall on this many different cases
# or more is a repeat claimant (one case with two remedies is one problem, not a pattern).
REPEAT_CLAIMANT_CASES = 2


def open_remedies(remedies: Iterable[Remedy]) -> tuple[Remedy, ...]:
    return tuple(r for r in remedies if r.state in OPEN_REMEDY_STATES)


def remedy_line(remedy: Remedy) -> str:
    """'RM-000012 (authorized, 25.00 EUR)': how a refusal lists a remedy."""
    return f"{remedy.reference} ({remedy.state.value}, {remedy.amount.format()})"


@dataclass(frozen=True, slots=True)
class Override:
    """A supervisor closing a case over open remedies: the reason and what stayed open."""

    reason: str
    open_remedies: tuple[str, ...]

    def data(self) -> dict[str, object]:
        return {"reason": self.reason, "open_remedies": list(self.open_remedies)}


def close_check(
    case: Case, remedies: Sequence[Remedy], override_reason: str | None, role: str
) -> Override | None:
    """Whether `case` may close now: refused while remedies are open, unless a supervisor gives
    a reason (returned as the Override the event records). None: nothing to override."""
    still_open = open_remedies(remedies)
    why = clean_text(override_reason, "reason", multiline=True)
    if not still_open:
        if why:
            raise ValidationError(
                f"{case.reference} has no open remedy: there is nothing to override",
                field="override",
            )
        return None
    lines = tuple(remedy_line(r) for r in still_open)
    if not why:
        raise PolicyRefusal(
            f"{case.reference} cannot close while remedies are still open: "
            f"{', '.join(lines)}. Fulfil or withdraw them first, or a supervisor may close it "
            "with an override reason",
            open_remedies=list(lines),
        )
    if role not in CLOSE_OVERRIDE_ROLES:
        raise PermissionDenied(
            f"only a supervisor may close {case.reference} over open remedies "
            f"({', '.join(lines)}); you are {role}",
            open_remedies=list(lines),
        )
    return Override(why, lines)


def check_resolution_summary(summary: str | None) -> str:
    return clean_text(summary, "summary", multiline=True, required=True)


# ---- follow-up tasks -------------------------------------------------------------------------


class TaskState(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class Task:
    id: int
    case_id: CaseId
    case_reference: str
    due_at: datetime
    note: str
    assignee: str | None
    state: TaskState
    created_at: datetime
    created_by: str
    closed_at: datetime | None = None
    closed_by: str | None = None

    def is_due(self, now: datetime) -> bool:
        return self.state is TaskState.OPEN and self.due_at <= now


# A follow-up set a few minutes "in the past" is one typed for now, not a mistake.
TASK_GRACE = timedelta(minutes=5)


def check_task(due_at: datetime | None, note: str | None, now: datetime) -> tuple[datetime, str]:
    text = clean_text(note, "note", multiline=True, required=True)
    if due_at is None:
        raise ValidationError("a follow-up needs a due date and time", field="due")
    if due_at.tzinfo is None:
        raise ValidationError("the due time needs a time zone", field="due")
    if due_at < now - TASK_GRACE:
        raise ValidationError(
            "the due time is in the past: a follow-up is set for later", field="due"
        )
    return due_at, text


def task_refusal(task: Task, new: TaskState) -> None:
    if task.state is not TaskState.OPEN:
        raise PolicyRefusal(
            f"follow-up #{task.id} on {task.case_reference} is already {task.state.value}"
        )
    if new is TaskState.OPEN:
        raise ValidationError("a follow-up is marked done or cancelled", field="state")


# ---- links, merges and duplicates --------------------------------------------------------------


class LinkKind(StrEnum):
    LINKED = "linked"  # two cases about related things; shown on both
    MERGED = "merged"  # case_id was merged into other_case_id and closed


def check_link(case: Case, other: Case, linked: Iterable[CaseId]) -> None:
    if case.id == other.id:
        raise ValidationError("a case cannot be linked to itself", field="other")
    if other.id in set(linked):
        raise ValidationError(
            f"{case.reference} and {other.reference} are already linked", field="other"
        )


def check_merge(merged: Case, survivor: Case) -> None:
    """`merged` closes with a pointer to `survivor`, which stays as it is."""
    if merged.id == survivor.id:
        raise ValidationError("a case cannot be merged into itself", field="other")
    for case in (merged, survivor):
        if case.merged_into:
            raise PolicyRefusal(
                f"{case.reference} was already merged into {case.merged_into}; "
                f"work on {case.merged_into} instead"
            )
    if merged.status is Status.CLOSED:
        raise PolicyRefusal(f"{merged.reference} is closed already; reopen it to merge it")
    if merged.customer.id != survivor.customer.id:
        raise PolicyRefusal(
            f"{merged.reference} and {survivor.reference} belong to different customers: "
            "link them instead of merging"
        )


def check_not_merged(case: Case) -> None:
    """A merged case stays closed: its work goes on in the case it was merged into."""
    if case.merged_into:
        raise PolicyRefusal(
            f"{case.reference} was merged into {case.merged_into}; work on {case.merged_into}"
        )


def duplicate_since(now: datetime, days: int) -> datetime:
    return now - timedelta(days=days)


@dataclass(frozen=True, slots=True)
class LikelyDuplicate:
    """An earlier case of the same customer about the same order."""

    id: CaseId
    reference: str
    subject: str
    status: Status
    created_at: datetime


def duplicate_warning(found: Sequence[LikelyDuplicate], order_number: str, days: int) -> str:
    if not found:
        return ""
    refs = ", ".join(f"{d.reference} ({d.status.value})" for d in found)
    return (
        f"likely duplicate: this customer already has a case about order {order_number} "
        f"opened in the last {days} days: {refs}"
    )


# ---- the customer page -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WindowRemedy:
    """A remedy the policy counts toward the customer's cap in its window."""

    reference: str
    case_reference: str
    case_id: CaseId
    kind: str
    amount: Money
    state: RemedyState
    created_at: datetime


def counted(remedies: Iterable[Remedy], since: datetime) -> tuple[Remedy, ...]:
    """The remedies the caps (R7, R8) add up: counted states, requested after `since`."""
    return tuple(r for r in remedies if r.state in COUNTS_TOWARD_CAPS and r.created_at > since)


def is_repeat_claimant(window: Iterable[WindowRemedy]) -> bool:
    return len({r.case_id for r in window}) >= REPEAT_CLAIMANT_CASES


def window_totals(window: Iterable[WindowRemedy]) -> tuple[Money, ...]:
    """One total per currency, never converted (the caps are per currency too)."""
    totals: dict[str, Money] = {}
    for r in window:
        totals[r.amount.currency] = totals.get(r.amount.currency, Money.zero(r.amount.currency))
        totals[r.amount.currency] = totals[r.amount.currency] + r.amount
    return tuple(totals[c] for c in sorted(totals))
