"""Notifications for staff, derived from the audit trail: which events concern a user, and as
what (a sign-off they may give, a case given to them, an escalation into their queue, an SLA
warning or breach on their case, the customer writing back on their case).

Nothing writes a notification: every write already has its event, so deriving them from the
trail cannot forget one, and a new kind of event becomes a notification by being named here.
A user is not notified of what they did themselves.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from .actions import Action
from .ids import CaseId


class NotificationKind(StrEnum):
    SIGNOFF = "signoff"  # a remedy waits for a decision the user may give
    ASSIGNED = "assigned"  # a case was given to the user
    ESCALATED = "escalated"  # a case arrived in one of the user's queues, for anyone to take
    SLA = "sla"  # an SLA warning or breach on the user's case
    REPLY = "reply"  # the customer wrote back on the user's case
    FOLLOW_UP = "follow-up"  # someone set a follow-up for the user (a low satisfaction score's)


# The customer's messages arriving on a case: naming mail-in's event here is all it takes for
# a reply to notify the case's assignee (the queries read these lists).
REPLY_ACTIONS: tuple[Action, ...] = (Action.MAIL_RECEIVED,)
SLA_ACTIONS: tuple[Action, ...] = (Action.SLA_WARNING, Action.SLA_BREACHED)
# Events that may give a case to someone (their data names the new assignee).
ASSIGNING_ACTIONS: tuple[Action, ...] = (
    Action.CASE_ASSIGNED,
    Action.CASE_ROUTED,
    Action.CASE_ESCALATED,
    Action.CASE_DEESCALATED,
)
# Events that move a case into another tier's queue.
QUEUE_ACTIONS: tuple[Action, ...] = (Action.CASE_ESCALATED, Action.CASE_DEESCALATED)
# Events after which a remedy waits for a sign-off (the first of two included).
SIGNOFF_ACTIONS: tuple[Action, ...] = (
    Action.REMEDY_PROPOSED,
    Action.REMEDY_EDITED,
    Action.REMEDY_SIGNED_OFF,
)
# How far back notifications reach: two working weeks. Older news is history, in the case's
# audit trail and (for sign-offs) the sign-off queue; a bounded window keeps every poll's cost
# to the recent trail however long the trail grows.
WINDOW = timedelta(days=14)
# Events that give the user a follow-up task (on any case: a task's assignee need not hold it).
TASK_ACTIONS: tuple[Action, ...] = (Action.TASK_SET,)
# Events on the user's own cases worth telling them about.
ON_MY_CASES: tuple[Action, ...] = (*SLA_ACTIONS, *REPLY_ACTIONS, *ASSIGNING_ACTIONS)


@dataclass(frozen=True, slots=True)
class Candidate:
    """An event as storage read it for a user, with the case as it stands now."""

    seq: int
    time: datetime
    actor: str
    action: str
    target_id: str
    case_id: CaseId | None
    case_reference: str
    data: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Notification:
    seq: int  # the event's sequence number: the notification's id
    kind: NotificationKind
    time: datetime
    actor: str
    action: str
    case_id: CaseId | None
    case_reference: str
    target_id: str
    read: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.seq,
            "kind": self.kind.value,
            "time": self.time.isoformat(),
            "actor": self.actor,
            "action": self.action,
            "case": self.case_reference,
            "target": self.target_id,
            "read": self.read,
        }


def _new_assignee(action: str, data: Mapping[str, Any]) -> str | None:
    if action == Action.CASE_ROUTED:
        return data.get("assignee")
    new = data.get("new")
    return new.get("assignee") if isinstance(new, Mapping) else None


def _new_tier(data: Mapping[str, Any]) -> str | None:
    new = data.get("new")
    return new.get("tier") if isinstance(new, Mapping) else None


def kind_of(
    c: Candidate,
    username: str,
    *,
    mine: bool,
    tiers: Collection[str] = (),
    signable: Collection[str] = (),
) -> NotificationKind | None:
    """What `c` is to `username`, or None when it is not theirs to hear about. `mine`: the
    case is assigned to them now; `tiers`: their queues; `signable`: references of remedies
    they may sign off now. What a user did themselves is no news to them; an SLA alert or a
    reply is news whoever's client recorded it (the sweep runs in every open window)."""
    if mine and c.action in SLA_ACTIONS:
        return NotificationKind.SLA
    if mine and c.action in REPLY_ACTIONS and not c.data.get("new_case"):
        return NotificationKind.REPLY  # a mail that opened the case is its assignment's news
    if c.actor == username:
        return None
    if c.action in SIGNOFF_ACTIONS:
        return NotificationKind.SIGNOFF if c.target_id in signable else None
    if c.action in TASK_ACTIONS:
        return NotificationKind.FOLLOW_UP if c.data.get("assignee") == username else None
    if c.action in ASSIGNING_ACTIONS:
        if mine and _new_assignee(c.action, c.data) == username:
            return NotificationKind.ASSIGNED
        if (
            not mine  # waiting in the queue: once taken it is nobody's to pick up
            and c.action in QUEUE_ACTIONS
            and _new_assignee(c.action, c.data) is None
            and _new_tier(c.data) in tiers
        ):
            return NotificationKind.ESCALATED
        return None
    return None
