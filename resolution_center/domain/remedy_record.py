"""A stored remedy as the services hand it out: the request, its decision, its sign-offs.

Separate from remedy.py because it holds a policy Decision, and policy.py imports remedy.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, NewType

from .audit import format_time
from .errors import ValidationError
from .ids import CaseId, CustomerId, ascii_only
from .money import Money
from .policy import Decision
from .remedy import RemedyKind, RemedyStanding, RemedyState

RemedyId = NewType("RemedyId", int)

# Valued at the covered order items' price, never at a typed amount.
REPLACEMENT_KINDS = frozenset({RemedyKind.REPLACEMENT, RemedyKind.EXPEDITED_REPLACEMENT})
VERDICTS = ("approved", "rejected")


def parse_lines(text: str | None) -> tuple[int, ...]:
    """'1,3' -> (1, 3): order line numbers as typed; '' means the whole order."""
    raw = (text or "").strip()
    if not raw:
        return ()
    out: list[int] = []
    for part in raw.split(","):
        part = part.strip()
        # ASCII digits only ('١' is not line 1), and few of them: an order has few lines.
        if not (part.isascii() and part.isdigit()) or len(part) > 9 or int(part) < 1:
            raise ValidationError(
                f"{text!r} is not a list of order line numbers (example: 1,3{ascii_only(raw)})",
                field="lines",
            )
        out.append(int(part))
    return check_lines(out)


def check_lines(lines: tuple[int, ...] | list[int]) -> tuple[int, ...]:
    out = tuple(lines)
    if any(type(n) is not int or n < 1 for n in out):
        raise ValidationError("order line numbers must be positive whole numbers", field="lines")
    if len(set(out)) != len(out):
        raise ValidationError("an order line is listed twice", field="lines")
    return tuple(sorted(out))


def _time(moment: datetime | None) -> str | None:
    return format_time(moment) if moment else None


@dataclass(frozen=True, slots=True)
class Signoff:
    approver: str
    approver_role: str
    verdict: str  # approved | rejected
    note: str
    at: datetime
    policy_version: int
    remedy_version: int  # the version of the remedy that was signed
    void: bool  # an edit after signing voided it
    detail: Mapping[str, Any] = field(default_factory=dict)  # SignoffVerdict.to_json

    def __post_init__(self) -> None:
        object.__setattr__(self, "detail", MappingProxyType(dict(self.detail)))

    @property
    def explanation(self) -> str:
        return str(self.detail.get("explanation", ""))

    def to_json(self) -> dict[str, Any]:
        return {
            "approver": self.approver,
            "approver_role": self.approver_role,
            "verdict": self.verdict,
            "note": self.note,
            "at": format_time(self.at),
            "policy_version": self.policy_version,
            "remedy_version": self.remedy_version,
            "void": self.void,
            "explanation": self.explanation,
        }


@dataclass(frozen=True, slots=True)
class Remedy:
    id: RemedyId
    reference: str
    case_id: CaseId
    case_reference: str
    customer_id: CustomerId
    kind: RemedyKind
    amount: Money
    lines: tuple[int, ...]
    reason: str
    state: RemedyState
    requester: str
    requester_role: str
    policy_version: int
    decision: Decision  # as decided when proposed or last edited, never recomputed
    approvals_needed: int
    created_at: datetime
    updated_at: datetime
    updated_by: str
    expires_at: datetime | None
    frozen_by: str | None  # the issued agreement that names it
    version: int
    signoffs: tuple[Signoff, ...] = ()

    @property
    def approvers(self) -> tuple[str, ...]:
        """Who approved the current terms (sign-offs voided by an edit do not count)."""
        return tuple(s.approver for s in self.signoffs if s.verdict == "approved" and not s.void)

    @property
    def explanation(self) -> str:
        return self.decision.summary()

    def standing(self, agreement_in_force: bool) -> RemedyStanding:
        """What the action rules read (remedy.allowed_actions); whether the agreement that
        binds it is still in force is a lookup the caller makes, once per screen."""
        return RemedyStanding(
            self.reference,
            self.state,
            self.requester,
            self.frozen_by,
            bool(self.frozen_by) and agreement_in_force,
            self.expires_at,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "reference": self.reference,
            "case": self.case_reference,
            "kind": self.kind.value,
            "amount": self.amount.to_json(),
            "lines": list(self.lines),
            "reason": self.reason,
            "state": self.state.value,
            "requester": self.requester,
            "requester_role": self.requester_role,
            "policy_version": self.policy_version,
            "approvals_needed": self.approvals_needed,
            "approvals": list(self.approvers),
            "explanation": self.explanation,
            # As stored, except its expiry in the same 'Z' form as every other time shown.
            "decision": {**self.decision.to_json(), "expires_at": _time(self.decision.expires_at)},
            "created_at": format_time(self.created_at),
            "updated_at": format_time(self.updated_at),
            "updated_by": self.updated_by,
            "expires_at": _time(self.expires_at),
            "frozen_by": self.frozen_by,
            "version": self.version,
            "signoffs": [s.to_json() for s in self.signoffs],
        }


@dataclass(frozen=True, slots=True)
class PolicyPreview:
    """One pending remedy judged by the policy in force and by an edited policy, at the same
    moment on the same history: what loading the edit would change for it."""

    remedy: Remedy
    current: Decision
    edited: Decision

    @property
    def changed(self) -> bool:
        a, b = self.current, self.edited
        return (a.outcome, a.required_role, a.approvals_needed) != (
            b.outcome,
            b.required_role,
            b.approvals_needed,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "reference": self.remedy.reference,
            "case": self.remedy.case_reference,
            "kind": self.remedy.kind.value,
            "amount": self.remedy.amount.to_json(),
            "changed": self.changed,
            "current": {
                "outcome": self.current.outcome.value,
                "required_role": self.current.required_role,
                "approvals_needed": self.current.approvals_needed,
                "summary": self.current.summary(),
            },
            "edited": {
                "outcome": self.edited.outcome.value,
                "required_role": self.edited.required_role,
                "approvals_needed": self.edited.approvals_needed,
                "summary": self.edited.summary(),
            },
        }


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One line of the supervisors' sign-off queue: the remedy and what its case already got."""

    remedy: Remedy
    case_history: tuple[Remedy, ...]  # the case's other remedies, oldest first

    def to_json(self) -> dict[str, Any]:
        return {
            **self.remedy.to_json(),
            "case_history": [
                {
                    "reference": r.reference,
                    "kind": r.kind.value,
                    "amount": r.amount.to_json(),
                    "state": r.state.value,
                    "requester": r.requester,
                    "created_at": format_time(r.created_at),
                }
                for r in self.case_history
            ],
        }


@dataclass(frozen=True, slots=True)
class RemedyPage:
    items: list[Remedy]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True, slots=True)
class PolicyInfo:
    """A stored policy version: what was loaded, when, by whom, and the digest of its text."""

    version: int
    name: str
    sha256: str
    loaded_at: datetime
    loaded_by: str

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "name": self.name,
            "sha256": self.sha256,
            "loaded_at": format_time(self.loaded_at),
            "loaded_by": self.loaded_by,
        }
