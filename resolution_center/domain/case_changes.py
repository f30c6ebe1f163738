"""The rules of changing a case, as pure functions of the case as read: status moves, assignment,
escalation and edits (with the category's priority floor). Each returns one `CaseChange`: the
case's fields as they become (typed, as `Case` holds them) and the audit event's data. Storage
turns the fields into columns; the service only reads, asks here, and writes what it is given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

from .actions import Action
from .audit import format_time
from .case import (
    EDITABLE_FIELDS,
    OPEN_STATUSES,
    TIER_ORDER,
    Case,
    Channel,
    Priority,
    Status,
    Tier,
    check_transition,
    clean_tags,
    clean_text,
    effective_priority,
    parse_enum,
)
from .closing import (
    MERGED_CODE,
    Override,
    check_merge,
    check_not_merged,
    check_resolution_summary,
    close_check,
)
from .errors import ValidationError
from .queues import EscalationRule, next_tier, previous_tier
from .remedy_record import Remedy
from .sla import due_times
from .taxonomy import Taxonomy


@dataclass(frozen=True, slots=True)
class CaseChange:
    action: Action
    fields: dict[str, Any]  # Case field -> its new value, typed as Case holds it
    data: dict[str, Any]  # the event's data but its "version" (the write knows the version)
    # The assignee's user id when "assignee" (a name) changes: the column holds the id.
    assignee_id: int | None = None
    personal: tuple[str, ...] = field(default=())  # changes[...] entries holding personal text

    def event_data(self, version: int) -> dict[str, Any]:
        return {"version": version, **self.data}


def jsonable(value: Any) -> Any:
    """A field's value as the trail records it."""
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, Enum):
        return value.value
    return value


def safety_categories(tax: Taxonomy) -> list[str]:
    return [c.slug for c in tax.categories if c.safety_flag]


def change_status(
    case: Case,
    new: Status,
    reason: str | None,
    now: datetime,
    *,
    tax: Taxonomy | None = None,
    code: str | None = None,
    summary: str | None = None,
    override: Override | None = None,
) -> CaseChange:
    """A status move. Resolving needs a resolution code from the taxonomy and a summary, both
    kept on the case and in the event; reopening clears them (the trail keeps them). Closing
    over open remedies needs `override` (closing.close_check decides who may give one)."""
    why = clean_text(reason, "reason", multiline=True)
    check_not_merged(case)
    check_transition(case.status, new, why)
    fields: dict[str, Any] = {"status": new}
    old_values: dict[str, Any] = {"status": case.status.value}
    new_values: dict[str, Any] = {"status": new.value}
    if new is Status.RESOLVED:
        if tax is None:
            raise ValidationError("resolving a case needs the taxonomy's resolution codes")
        fields["resolution_code"] = tax.check_resolution(code)
        fields["resolution_summary"] = check_resolution_summary(summary)
        fields["resolved_at"] = now
    elif (code or "").strip() or (summary or "").strip():
        raise ValidationError(
            "a resolution code and summary are given when resolving a case, "
            f"not when it becomes {new.value}",
            field="resolution_code",
        )
    if new is Status.OPEN and case.status in (Status.RESOLVED, Status.CLOSED):
        fields["resolved_at"] = None
        if case.resolution_code or case.resolution_summary:
            fields["resolution_code"], fields["resolution_summary"] = None, ""
    for name in ("resolution_code", "resolution_summary"):
        if name in fields and fields[name] != getattr(case, name):
            old_values[name], new_values[name] = getattr(case, name), fields[name]
    data: dict[str, Any] = {"old": old_values, "new": new_values, "reason": why}
    if override is not None:
        if new is not Status.CLOSED:
            raise ValidationError("an override applies to closing a case", field="override")
        data["override"] = override.data()
    return CaseChange(Action.CASE_STATUS_CHANGED, fields, data)


def merge(
    case: Case,
    survivor: Case,
    reason: str,
    now: datetime,
    remedies: Sequence[Remedy] = (),
    override: str | None = None,
    role: str = "",
) -> CaseChange:
    """`case` closes as a duplicate of `survivor`, pointing at it; nothing of it is removed.
    Which merges are refused: closing.check_merge; open remedies on `case` need a supervisor's
    `override` reason, as closing does (closing.close_check)."""
    check_merge(case, survivor)
    ruling = close_check(case, remedies, override, role)
    why = clean_text(reason, "reason", multiline=True, required=True)
    fields: dict[str, Any] = {
        "status": Status.CLOSED,
        "merged_into": survivor.reference,
        "resolution_code": MERGED_CODE,
        "resolution_summary": f"Merged into {survivor.reference}: {why}",
    }
    if case.resolved_at is None:
        fields["resolved_at"] = now
    data: dict[str, Any] = {
        "into": survivor.reference,
        "old": {"status": case.status.value},
        "new": {"status": Status.CLOSED.value, "merged_into": survivor.reference},
        "reason": why,
    }
    if ruling is not None:
        data["override"] = ruling.data()
    return CaseChange(Action.CASE_MERGED, fields, data)


def assign(case: Case, name: str | None, user_id: int | None) -> CaseChange:
    """Hand the case to `name` (None: nobody); a new case taken on opens."""
    if name == case.assignee:
        raise ValidationError(
            f"the case is already assigned to {name or 'nobody'}", field="assignee"
        )
    fields: dict[str, Any] = {"assignee": name}
    old: dict[str, Any] = {"assignee": case.assignee}
    new: dict[str, Any] = {"assignee": name}
    if case.status is Status.NEW and name:
        fields["status"] = Status.OPEN
        old["status"], new["status"] = case.status.value, Status.OPEN.value
    return CaseChange(Action.CASE_ASSIGNED, fields, {"old": old, "new": new}, assignee_id=user_id)


def escalate(
    case: Case,
    reason: str,
    to: str | None = None,
    to_id: int | None = None,
    *,
    tier: Tier | None = None,
    rule: EscalationRule | None = None,
    routed: str | None = None,
) -> CaseChange:
    """Up a tier (or to `tier`), into that tier's queue: to its member `to`, or to nobody, and
    it waits there. The frontline assignee lets go of it. `rule`: the rule that escalated the
    case by itself (none when a person asked); `routed`: the queue's routing rule that chose
    `to` (none when a person named them)."""
    why = clean_text(reason, "reason", multiline=True, required=True)
    if case.status not in OPEN_STATUSES:
        raise ValidationError(
            f"a {case.status.value} case cannot be escalated; reopen it first", field="status"
        )
    higher = next_tier(case.tier)
    if tier is not None and TIER_ORDER.index(tier) > TIER_ORDER.index(higher):
        higher = tier
    moved = _moved(Action.CASE_ESCALATED, case, higher, Status.ESCALATED, why, to, to_id, rule)
    return _routed(moved, routed)


def deescalate(
    case: Case,
    reason: str,
    to: str | None = None,
    to_id: int | None = None,
    *,
    routed: str | None = None,
) -> CaseChange:
    """Down a tier, into its queue (to its member `to`, or to nobody). Back at the frontline an
    escalated case is open again; between the higher tiers it stays escalated."""
    why = clean_text(reason, "reason", multiline=True, required=True)
    if case.status not in OPEN_STATUSES:
        raise ValidationError(
            f"a {case.status.value} case cannot be de-escalated; reopen it first", field="status"
        )
    lower = previous_tier(case.tier)
    status = case.status
    if lower is TIER_ORDER[0] and status is Status.ESCALATED:
        status = Status.OPEN
    moved = _moved(Action.CASE_DEESCALATED, case, lower, status, why, to, to_id, None)
    return _routed(moved, routed)


def _routed(change: CaseChange, rule: str | None) -> CaseChange:
    if rule is not None:
        change.data["routed"] = rule
    return change


def _moved(
    action: Action,
    case: Case,
    tier: Tier,
    status: Status,
    why: str,
    to: str | None,
    to_id: int | None,
    rule: EscalationRule | None,
) -> CaseChange:
    fields: dict[str, Any] = {"tier": tier, "status": status}
    old: dict[str, Any] = {"tier": case.tier.value, "status": case.status.value}
    new: dict[str, Any] = {"tier": tier.value, "status": status.value}
    if case.assignee is not None or to is not None:  # the trail says who let go and who took it
        fields["assignee"] = to
        old["assignee"], new["assignee"] = case.assignee, to
    data: dict[str, Any] = {"old": old, "new": new, "reason": why}
    if rule is not None:
        data["rule"] = rule.data()
    return CaseChange(action, fields, data, assignee_id=to_id)


def edit(case: Case, changes: Mapping[str, Any], tax: Taxonomy) -> CaseChange:
    """Case details edited; every changed field recorded old -> new. A new priority moves the
    due times (from the case's creation); the category's floor and a safety hazard keep the
    priority from going below what they require."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            f"these fields cannot be edited here: {', '.join(sorted(unknown))}"
            f"; editable: {', '.join(EDITABLE_FIELDS)}",
            field=sorted(unknown)[0],
        )
    new = _validated(case, changes, tax)
    diff = {
        k: {"old": jsonable(getattr(case, k)), "new": jsonable(v)}
        for k, v in new.items()
        if jsonable(getattr(case, k)) != jsonable(v)
    }
    if not diff:
        raise ValidationError("nothing to change: the values are the ones already stored")
    fields = {k: v for k, v in new.items() if k in diff}
    if "priority" in diff:
        first_due, resolution_due = due_times(case.created_at, fields["priority"])
        fields.update(first_response_due=first_due, resolution_due=resolution_due)
        diff["resolution_due"] = {
            "old": format_time(case.resolution_due),
            "new": format_time(resolution_due),
        }
    personal = ("description",) if "description" in diff else ()
    return CaseChange(Action.CASE_UPDATED, fields, {"changes": diff}, personal=personal)


def _validated(case: Case, changes: Mapping[str, Any], tax: Taxonomy) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "category" in changes or "subcategory" in changes:
        category = changes.get("category", case.category)
        sub = changes.get("subcategory", case.subcategory if "category" not in changes else None)
        out["category"], out["subcategory"] = tax.check(category, sub)
    if "subject" in changes:
        out["subject"] = clean_text(changes["subject"], "subject", required=True)
    if "description" in changes:
        out["description"] = clean_text(changes["description"], "description", multiline=True)
    if "channel" in changes:
        out["channel"] = parse_enum(Channel, changes["channel"], "channel")
    if "tags" in changes:
        raw = changes["tags"]
        out["tags"] = clean_tags(raw.split(",") if isinstance(raw, str) else raw)
    safety = bool(changes.get("safety_hazard", case.safety_hazard))
    if "safety_hazard" in changes:
        out["safety_hazard"] = safety
    category = out.get("category", case.category)
    cat = tax.get(category)
    if safety and not cat.safety_flag:
        raise ValidationError(
            f"the safety-hazard flag applies to {', '.join(safety_categories(tax))} only",
            field="safety_hazard",
        )
    requested = (
        parse_enum(Priority, changes["priority"], "priority")
        if "priority" in changes
        else case.priority
    )
    priority = effective_priority(requested, cat.priority_floor, safety)
    if "priority" in changes and priority != requested:
        raise ValidationError(
            f"a {category} case{' with a safety hazard' if safety else ''}"
            f" must stay {priority.value}",
            field="priority",
        )
    if priority != case.priority:
        out["priority"] = priority
    return out
