"""Audit events in words: labels, one-line summaries, detail rows and reasons, for every action.

One formatter for the window, the command line's text mode and the agreement's audit appendix,
so an event reads the same wherever it is shown: money in its currency ('150.00 EUR'), times as
'2026-12-03 18:17 UTC', category slugs as their labels, hashes shortened ('e673797b5387…') with
the full value kept beside them. It works on any entry with `.event` (an AuditEvent) and `.data`
(its payload, personal values resolved by the audit service's trail reader, or still markers
when read raw: those print as '[personal data]').

English only: the core has no translator; the window keeps its own translated labels where it
has them and falls back to these.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

from .actions import Action
from .audit import AuditEvent
from .business_time import duration_text
from .errors import ValidationError
from .money import Money
from .taxonomy import Taxonomy

SUMMARY_LIMIT = 200
HASH_SHOWN = 12
PERSONAL = "[personal data]"
NONE = "—"

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_AUDIT_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NEEDS_ROLE = re.compile(r"^needs ([a-z-]+)")


class EntryLike(Protocol):
    """What the formatter reads: services.audit.TrailEntry, or `entry_of` for a raw event."""

    @property
    def event(self) -> AuditEvent: ...

    @property
    def data(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True, slots=True)
class RawEntry:
    event: AuditEvent
    data: Mapping[str, Any]


def entry_of(event: AuditEvent) -> RawEntry:
    """An event read without the trail reader: personal values stay markers."""
    try:
        data = json.loads(event.data)
    except ValueError:
        data = {}
    return RawEntry(event, data if isinstance(data, dict) else {})


@dataclass(frozen=True, slots=True)
class Field:
    """One row of an event's detail table. `full` holds what a copy action copies (a hash's
    whole value) when `value` shortens it. Unpacks as (label, value)."""

    label: str
    value: str
    full: str = ""

    def __iter__(self) -> Iterator[str]:
        yield self.label
        yield self.value


# ---- values ----------------------------------------------------------------------------------


def is_money(value: Any) -> bool:
    return isinstance(value, Money) or (
        isinstance(value, Mapping) and set(value) == {"minor", "currency"}
    )


def money_text(value: Any) -> str:
    """Money, or its stored form {"minor": 15000, "currency": "EUR"}, as '150.00 EUR'."""
    if isinstance(value, Money):
        return value.format()
    if isinstance(value, Mapping):
        try:
            return Money.from_json(dict(value)).format()
        except ValidationError:
            minor, currency = value.get("minor"), value.get("currency")
            return f"{minor} {currency} (minor units)"
    return NONE if value is None else str(value)


def time_text(value: datetime | str | None) -> str:
    """A moment as '2026-12-03 18:17 UTC'; a plain date ('2026-11-30') stays a date."""
    if value is None or value == "":
        return NONE
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(value, date):
        return value.isoformat()
    if _AUDIT_TIME.match(value):
        try:
            return time_text(datetime.fromisoformat(value.replace("Z", "+00:00")))
        except ValueError:
            return value
    return value


def short_hash(value: str) -> str:
    """The first 12 hex digits and an ellipsis; shorter text is returned whole."""
    return value if len(value) <= HASH_SHOWN + 1 else value[:HASH_SHOWN] + "…"


def is_hash(value: Any) -> bool:
    return isinstance(value, str) and bool(_HEX64.match(value))


def words(slug: str) -> str:
    """A code as words: 'waiting-on-customer' -> 'Waiting on customer'."""
    text = str(slug).replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:] if text else NONE


_STATES = {
    # cases
    "new": "New",
    "open": "Open",
    "waiting-on-customer": "Waiting on customer",
    "waiting-on-third-party": "Waiting on third party",
    "escalated": "Escalated",
    "resolved": "Resolved",
    "closed": "Closed",
    # remedies
    "proposed": "Proposed",
    "authorized": "Authorized",
    "pending-signoff": "Awaiting sign-off",
    "approved": "Approved",
    "rejected": "Rejected",
    "fulfilled": "Fulfilled",
    "withdrawn": "Withdrawn",
    "expired": "Expired",
    # offers and agreements
    "accepted": "Accepted",
    "declined": "Declined",
    "countered": "Countered",
    "draft": "Draft",
    "issued": "Issued",
    "superseded": "Superseded",
    "voided": "Voided",
}
_ROLES = {
    "specialist": "specialist",
    "senior-specialist": "senior specialist",
    "expert": "expert",
    "supervisor": "supervisor",
    "admin": "administrator",
    "system": "system",
}
_PARTIES = {"company": "the company", "customer": "the customer", "seller": "the seller"}
_FIELD_LABELS = {
    "subject": "Subject",
    "description": "Description",
    "category": "Category",
    "subcategory": "Subcategory",
    "priority": "Priority",
    "channel": "Channel",
    "tags": "Tags",
    "safety_hazard": "Safety hazard",
    "status": "Status",
    "tier": "Tier",
    "assignee": "Assignee",
    "resolution_due": "Resolution due",
    "first_response_due": "First response due",
    "first_response": "First response",
    "reason": "Reason",
    "note": "Note",
    "kind": "Remedy",
    "amount": "Amount",
    "lines": "Order lines",
    "state": "State",
    "reference": "Reference",
    "case": "Case",
    "approvals": "Sign-offs so far",
    "approvals_needed": "Sign-offs needed",
    "approver_role": "Signed as",
    "policy_version": "Policy version",
    "verdict": "Verdict",
    "explanation": "Why allowed",
    "checks": "Checks",
    "rules": "Policy rules",
    "summary": "Policy decision",
    "expires_at": "Expires",
    "agreement": "Agreement",
    "round": "Round",
    "by": "By",
    "parent": "Answers offer",
    "proposed_by": "Offered by",
    "response_due": "Reply due",
    "terms": "Terms",
    "content_hash": "Content hash",
    "file_sha256": "File SHA-256",
    "sha256": "SHA-256",
    "offer": "Offer",
    "remedies": "Remedies",
    "total": "Total",
    "supersedes": "Supersedes",
    "previous_version": "Previous version",
    "version": "Version",
    "by_version": "Replaced by",
    "issue_event": "Issue event",
    "copy": "Copy",
    "paper": "Paper",
    "path": "File",
    "note_id": "Note number",
    "to_customer": "To the customer",
    "body": "Text",
    "author": "Author",
    "written_at": "Written",
    "attachment_id": "Evidence number",
    "file_name": "File name",
    "media_type": "Type",
    "size": "Size",
    "withdrawn_at": "Withdrawn",
    "customer": "Customer",
    "order": "Order",
    "created_at": "Created",
    "resolved_at": "Resolved",
    "row": "Source row",
    "source": "Source",
    "cases": "Cases",
    "first": "First case",
    "last": "Last case",
    "role": "Role",
    "display_name": "Name",
    "disabled": "Disabled",
    "failed_logins": "Failed logins",
    "locked_minutes": "Locked for (minutes)",
    "time_cost": "Time cost",
    "memory_kib": "Memory (KiB)",
    "parallelism": "Parallelism",
    "schema_version": "Schema version",
    "backend": "Database",
    "format": "Format",
    "events": "Events verified",
    "table": "Table",
    "count": "Rows",
    "why": "Why",
    "name": "Name",
    "email": "E-mail",
    "phone": "Phone",
    "address": "Address",
    "previous": "Previous",
    "id": "Id",
    "number": "Number",
    "currency": "Currency",
    "items": "Items",
    "total_minor": "Total",
    "shipping_minor": "Shipping",
}

_LABELS: dict[str, str] = {
    Action.CASE_CREATED: "Case created",
    Action.CASE_IMPORTED: "Case imported",
    Action.CASE_UPDATED: "Details edited",
    Action.CASE_STATUS_CHANGED: "Status changed",
    Action.CASE_ASSIGNED: "Assigned",
    Action.CASE_ESCALATED: "Escalated",
    Action.CASE_DEESCALATED: "De-escalated",
    Action.CASE_ROUTED: "Routed",
    Action.CUSTOMER_CREATED: "Customer created",
    Action.NOTE_ADDED: "Note added",
    Action.NOTE_IMPORTED: "Note imported",
    Action.IMPORT_BATCH_WRITTEN: "Import batch written",
    Action.TASK_SET: "Follow-up set",
    Action.TASK_DONE: "Follow-up done",
    Action.TASK_CANCELLED: "Follow-up cancelled",
    Action.CASE_LINKED: "Cases linked",
    Action.CASE_MERGED: "Case merged",
    Action.MESSAGE_DRAFTED: "Message drafted",
    Action.MESSAGE_EDITED: "Message edited",
    Action.MESSAGE_SENT: "Message sent",
    Action.MESSAGE_DISCARDED: "Message discarded",
    Action.TEMPLATE_SAVED: "Template saved",
    Action.ANSWER_DRAFTED: "Answer drafted",
    Action.ANSWER_REVISED: "Answer revised",
    Action.ANSWER_APPROVED: "Answer approved",
    Action.ANSWER_RETIRED: "Answer retired",
    Action.SETTINGS_MESSAGES_CHANGED: "Message settings changed",
    Action.OUTBOX_DELIVERED: "Mail delivered",
    Action.OUTBOX_DEFERRED: "Mail not delivered yet",
    Action.OUTBOX_FAILED: "Mail delivery failed",
    Action.OUTBOX_RETRIED: "Mail retried",
    Action.SETTINGS_SMTP_CHANGED: "Mail server settings changed",
    Action.SATISFACTION_RECORDED: "Satisfaction recorded",
    Action.NOTIFICATIONS_READ: "Notifications read",
    Action.MAIL_RECEIVED: "Mail received",
    Action.MAIL_QUARANTINED: "Mail quarantined",
    Action.MAIL_RELEASED: "Quarantined mail imported",
    Action.MAIL_DISCARDED: "Quarantined mail discarded",
    Action.MAIL_FETCHED: "Mail fetched",
    Action.SETTINGS_MAIL_CHANGED: "Mail settings changed",
    Action.EVIDENCE_ADDED: "Evidence added",
    Action.EVIDENCE_WITHDRAWN: "Evidence withdrawn",
    Action.REMEDY_PROPOSED: "Remedy proposed",
    Action.REMEDY_EDITED: "Remedy edited",
    Action.REMEDY_SIGNED_OFF: "Remedy signed off",
    Action.REMEDY_APPROVED: "Remedy approved",
    Action.REMEDY_REJECTED: "Remedy rejected",
    Action.REMEDY_WITHDRAWN: "Remedy withdrawn",
    Action.REMEDY_FULFILLED: "Remedy fulfilled",
    Action.REMEDY_EXPIRED: "Remedy expired",
    Action.REMEDY_FROZEN: "Remedy bound by agreement",
    Action.OFFER_MADE: "Offer made",
    Action.OFFER_ACCEPTED: "Offer accepted",
    Action.OFFER_DECLINED: "Offer declined",
    Action.OFFER_COUNTERED: "Offer countered",
    Action.OFFER_WITHDRAWN: "Offer withdrawn",
    Action.AGREEMENT_DRAFTED: "Agreement drafted",
    Action.AGREEMENT_REVISED: "Agreement revised",
    Action.AGREEMENT_ISSUED: "Agreement issued",
    Action.AGREEMENT_RECORDED: "Agreement issue recorded",
    Action.AGREEMENT_SUPERSEDED: "Agreement superseded",
    Action.AGREEMENT_VOIDED: "Agreement voided",
    Action.AGREEMENT_EXPORTED: "Agreement exported",
    Action.AGREEMENT_PRINTED: "Agreement printed",
    Action.REVIEW_OPENED: "Review opened",
    Action.REVIEW_REFRESHED: "Review figures frozen again",
    Action.REVIEW_NOTED: "Review note",
    Action.REVIEW_ACTION_ADDED: "Review action set",
    Action.REVIEW_ACTION_DONE: "Review action done",
    Action.REVIEW_SIGNED: "Review signed off",
    Action.REVIEW_EXPORTED: "Review exported",
    Action.USER_CREATED: "User created",
    Action.USER_ROLE_CHANGED: "Role changed",
    Action.USER_DISABLED: "User disabled",
    Action.USER_PASSWORD_CHANGED: "Password changed",
    Action.USER_PASSWORD_REHASHED: "Password hash renewed",
    Action.USER_LOGIN_FAILED: "Failed login",
    Action.USER_LOCKED: "Account locked",
    Action.USER_LOGIN_RESET: "Login counter reset",
    Action.DATABASE_INITIALIZED: "Database created",
    Action.DATABASE_MIGRATED: "Database migrated",
    Action.DATABASE_RESTORED: "Database restored",
    Action.STATE_SEALED: "Rows sealed",
    Action.POLICY_LOADED: "Policy loaded",
    Action.SLA_WARNING: "SLA warning",
    Action.SLA_BREACHED: "SLA breached",
    Action.SLA_CALENDAR_SAVED: "SLA calendar saved",
    Action.SETTINGS_COMPANY_CHANGED: "Company details changed",
    Action.QUEUE_MEMBER_ADDED: "Queue member added",
    Action.QUEUE_MEMBER_REMOVED: "Queue member removed",
    Action.QUEUE_ROUTING_CHANGED: "Queue routing changed",
    Action.QUEUE_BREACH_RULE_CHANGED: "Escalation on SLA breach changed",
}

# Keys a summary or the field table never shows: the decision's full text is in "rules".
_HIDDEN = frozenset({"rows"})
# Read by `reason`; shown as the Reason column, not repeated in the summary.
_REASON_KEYS = ("reason", "note", "why")
_NAMED_TARGETS = frozenset({"remedy", "offer", "agreement"})


def label(action: str) -> str:
    """'remedy.approved' -> 'Remedy approved'; an unknown action still reads as words."""
    known = _LABELS.get(action)
    if known is not None:
        return known
    kind, _, what = str(action).partition(".")
    return words(f"{kind} {what}".strip())


def state_text(value: Any) -> str:
    return _STATES.get(value, words(value)) if isinstance(value, str) and value else NONE


def role_text(value: Any) -> str:
    return _ROLES.get(value, words(value).lower()) if isinstance(value, str) else NONE


def party_text(value: Any) -> str:
    return _PARTIES.get(value, str(value)) if isinstance(value, str) else NONE


def field_label(key: str) -> str:
    return _FIELD_LABELS.get(key, words(key))


def kind_text(value: Any) -> str:
    """A remedy kind: 'partial-refund' -> 'Partial refund'."""
    return words(value) if isinstance(value, str) and value else "Remedy"


def _clip(text: str, limit: int = SUMMARY_LIMIT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _count(n: Any, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


class TrailText:
    """Events in words. The taxonomy (the services hold it) turns category slugs into labels;
    without one they read as words."""

    def __init__(self, taxonomy: Taxonomy | None = None) -> None:
        self.taxonomy = taxonomy

    label = staticmethod(label)

    # ---- one value ---------------------------------------------------------------------------
    def category_text(self, category: Any, subcategory: Any = None) -> str:
        if not isinstance(category, str) or not category:
            return NONE
        if self.taxonomy is not None:
            sub = subcategory if isinstance(subcategory, str) else None
            text = self.taxonomy.label(category, sub)
            if text != category:
                return text
        if isinstance(subcategory, str) and subcategory:
            return f"{words(category)}: {words(subcategory)}"
        return words(category)

    def subcategory_text(self, category: Any, subcategory: Any) -> str:
        if not isinstance(subcategory, str) or not subcategory:
            return NONE
        if self.taxonomy is not None and isinstance(category, str):
            full = self.taxonomy.label(category, subcategory)
            whole = self.taxonomy.label(category)
            if full != whole and full.startswith(whole + ": "):
                return full[len(whole) + 2 :]
        return words(subcategory)

    def value(self, key: str, value: Any, context: Mapping[str, Any] | None = None) -> str:
        """One stored value in words, by what its key says it is; never JSON."""
        if isinstance(value, Mapping) and set(value) == {"pii"}:
            return PERSONAL
        if value is None or value == "":
            return NONE
        if is_money(value):
            return money_text(value)
        if isinstance(value, bool):
            return "yes" if value else "no"
        ctx = context or {}
        if key == "category":
            return self.category_text(value)
        if key == "subcategory":
            return self.subcategory_text(ctx.get("category"), value)
        if key in (
            "status",
            "state",
            "priority",
            "tier",
            "channel",
            "verdict",
            "copy",
            "backend",
            "format",
        ):
            return state_text(value) if isinstance(value, str) else str(value)
        if key == "kind":
            return kind_text(value)
        if key in ("role", "approver_role"):
            return words(role_text(value))
        if key in ("by", "proposed_by"):
            return words(party_text(value))
        if key == "paper" and isinstance(value, str):
            return value.upper() if len(value) <= 2 else words(value)
        if key == "size" and isinstance(value, int):
            return size_text(value)
        if key == "order" and isinstance(value, Mapping):
            return self.order_text(value)
        if key == "customer" and isinstance(value, Mapping):
            return self._record_text({k: v for k, v in value.items() if k != "id"}) or NONE
        if key == "terms" and isinstance(value, Mapping):
            return "; ".join(self.terms_lines(value)) or NONE
        if key == "response_due" and isinstance(value, Mapping):
            return self._record_text({words(party_text(k)): v for k, v in value.items()})
        if key == "lines" and isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value) if value else "the whole order"
        if isinstance(value, str):
            if is_hash(value):
                return short_hash(value)
            return time_text(value)
        if isinstance(value, list | tuple):
            return ", ".join(self.value(key, v) for v in value) if value else NONE
        if isinstance(value, Mapping):
            return self._record_text(value) or NONE
        return str(value)

    def _record_text(self, value: Mapping[str, Any]) -> str:
        return ", ".join(
            f"{field_label(k)} {self.value(k, v, value)}"
            for k, v in value.items()
            if v not in (None, "", [], {})
        )

    def order_text(self, order: Mapping[str, Any]) -> str:
        parts = [str(order.get("number") or NONE)]
        currency, total = order.get("currency"), order.get("total_minor")
        if isinstance(currency, str) and isinstance(total, int):
            parts.append(money_text({"minor": total, "currency": currency}))
        items = order.get("items")
        if isinstance(items, int):
            parts.append(_count(items, "item"))
        return " · ".join(parts)

    def terms_lines(self, terms: Mapping[str, Any]) -> list[str]:
        """An offer's terms, one line per remedy and obligation."""
        lines: list[str] = []
        for r in terms.get("remedies") or []:
            if isinstance(r, Mapping):
                ref = f" ({r['remedy']})" if r.get("remedy") else ""
                lines.append(f"{money_text(r.get('amount'))}{ref}")
        for o in terms.get("obligations") or []:
            if isinstance(o, Mapping):
                due = f" by {o['deadline']}" if o.get("deadline") else ""
                lines.append(f"{words(party_text(o.get('party')))}: {o.get('text') or ''}{due}")
        if terms.get("return_conditions"):
            lines.append(f"Return: {terms['return_conditions']}")
        return lines

    def _diff(self, name: str, old: Any, new: Any, ctx: Mapping[str, Any]) -> str:
        return f"{field_label(name)} {self.value(name, old, ctx)} → {self.value(name, new, ctx)}"

    def changes(self, data: Mapping[str, Any]) -> list[str]:
        """'Status Open → Resolved' per changed field, from "changes" or "old"/"new"."""
        out: list[str] = []
        changes = data.get("changes")
        if isinstance(changes, Mapping):
            for name, diff in changes.items():
                d = diff if isinstance(diff, Mapping) else {}
                out.append(self._diff(name, d.get("old"), d.get("new"), d))
            return out
        new, old = data.get("new"), data.get("old")
        if isinstance(new, Mapping):
            before = old if isinstance(old, Mapping) else {}
            for name, value in new.items():
                if name in before:
                    if before[name] != value:
                        out.append(self._diff(name, before[name], value, new))
                else:
                    out.append(f"{field_label(name)} {self.value(name, value, new)}")
        return out

    # ---- one event ---------------------------------------------------------------------------
    def reason(self, entry: EntryLike) -> str:
        """The reason, note or comment the actor gave, whatever the event's kind; '' if none."""
        data = entry.data
        parts = []
        for key in _REASON_KEYS:
            text = data.get(key)
            if isinstance(text, Mapping) and set(text) == {"pii"}:
                parts.append(PERSONAL)
            elif isinstance(text, str) and text.strip():
                parts.append(text.strip())
        return " · ".join(parts)

    def summary(self, entry: EntryLike) -> str:
        """One line: what happened, with the numbers, in words."""
        event, data = entry.event, entry.data
        builder = _SUMMARIES.get(event.action)
        try:
            text = builder(self, event, data) if builder else ""
        except (AttributeError, KeyError, TypeError, ValueError):
            text = ""  # an older or foreign payload: the generic line below still reads
        if not text:
            text = self._generic(data)
        text = text or label(event.action)
        # A case's trail mixes several remedies, offers and agreements: say which one.
        if event.target_type in _NAMED_TARGETS and event.target_id:
            text = f"{event.target_id}: {text}"
        return _clip(text)

    def _generic(self, data: Mapping[str, Any]) -> str:
        parts = self.changes(data)
        if not parts:
            parts = [
                f"{field_label(k)} {self.value(k, v, data)}"
                for k, v in data.items()
                if k not in _HIDDEN and k not in _REASON_KEYS and v not in (None, "", [], {})
            ]
        return "; ".join(parts)

    def fields(self, entry: EntryLike) -> list[Field]:
        """The event's payload as (label, human value) rows for a detail table, in a stable
        order: what changed, the reason or note, then the rest; hashes shortened with `full`
        set."""
        data = entry.data
        rows: list[Field] = []
        changes = data.get("changes")
        if isinstance(changes, Mapping):
            for name, diff in changes.items():
                d = diff if isinstance(diff, Mapping) else {}
                old_text = self.value(name, d.get("old"), d)
                rows.append(
                    Field(field_label(name), f"{old_text} → {self.value(name, d.get('new'), d)}")
                )
        new, old = data.get("new"), data.get("old")
        before = old if isinstance(old, Mapping) else {}
        if isinstance(new, Mapping):
            for name, value in new.items():
                if name in ("customer", "order") or name in _REASON_KEYS:
                    continue
                text = self.value(name, value, new)
                if name in before:
                    text = f"{self.value(name, before[name], before)} → {text}"
                rows.append(self._field(name, value, text))
            for name in ("customer", "order"):
                if name in new and isinstance(new[name], Mapping):
                    rows.extend(self._nested_fields(name, new[name]))
        elif before:
            rows.extend(self._field(n, v, self.value(n, v, before)) for n, v in before.items())
        # The actor's own words next, before the bookkeeping: an approver's note is what a
        # reader opens the event for.
        for key in _REASON_KEYS:
            if key in data and data[key] not in (None, ""):
                rows.append(Field(field_label(key), self.value(key, data[key], data)))
        for key, value in data.items():
            if key in _HIDDEN or key in ("changes", "new", "old") or key in _REASON_KEYS:
                continue
            if key == "terms" and isinstance(value, Mapping):
                rows.extend(Field(field_label(key), line) for line in self.terms_lines(value))
            elif key in ("rules", "checks") and isinstance(value, list | tuple):
                rows.extend(Field(field_label(key), str(line)) for line in value)
            else:
                rows.append(self._field(key, value, self.value(key, value, data)))
        return rows

    def _nested_fields(self, name: str, value: Mapping[str, Any]) -> list[Field]:
        if name == "order":
            return [Field(field_label("order"), self.order_text(value))]
        return [
            Field(f"{field_label(name)}: {field_label(k).lower()}", self.value(k, v, value))
            for k, v in value.items()
        ]

    def _field(self, key: str, value: Any, text: str) -> Field:
        return Field(field_label(key), text, value if is_hash(value) else "")

    def line(self, entry: EntryLike) -> str:
        """A trail line for plain text: time, actor (role), label: summary — reason."""
        event = entry.event
        why = self.reason(entry)
        tail = f" — {_clip(why, 120)}" if why else ""
        return (
            f"#{event.seq} {time_text(event.time)} {event.actor} ({role_text(event.role)}) "
            f"{label(event.action)}: {self.summary(entry)}{tail}"
        )


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


# ---- one builder per action -------------------------------------------------------------------

Data = Mapping[str, Any]


def _sub(d: Data, key: str) -> Data:
    """A sub-record of the payload, or an empty one when it is missing or not a record."""
    value = d.get(key)
    return value if isinstance(value, Mapping) else {}


def _opened(t: TrailText, e: AuditEvent, d: Data, verb: str) -> str:
    new = _sub(d, "new")
    subject = new.get("subject")
    parts = [f"{verb} “{subject}”" if subject else verb]
    if new.get("category"):
        parts.append(t.category_text(new.get("category"), new.get("subcategory")))
    if new.get("priority"):
        parts.append(f"{state_text(new['priority'])} priority")
    if new.get("safety_hazard") is True:
        parts.append("safety hazard")
    return " · ".join(parts)


def _status(t: TrailText, e: AuditEvent, d: Data) -> str:
    return "; ".join(t.changes(d))


def _status_changed(t: TrailText, e: AuditEvent, d: Data) -> str:
    text = "; ".join(t.changes(d))
    override = d.get("override")
    if isinstance(override, Mapping):
        still = ", ".join(str(x) for x in override.get("open_remedies") or ())
        text += f"; closed over open remedies {still} (supervisor override)"
    return text + _sla_clock(d)


def _task(t: TrailText, e: AuditEvent, d: Data) -> str:
    what = {"task.set": "set", "task.done": "done", "task.cancelled": "cancelled"}
    text = f"Follow-up #{d.get('task_id')} {what.get(e.action, 'changed')}"
    if e.action == Action.TASK_SET:
        due = d.get("due_at")
        text += f", due {time_text(due) if isinstance(due, str) else NONE}"
        if d.get("assignee"):
            text += f", for {d['assignee']}"
    return text


def _satisfaction(t: TrailText, e: AuditEvent, d: Data) -> str:
    text = f"Score {d.get('score')} of {d.get('scale')} by {words(str(d.get('source', '')))}"
    if d.get("message_id") is not None:
        text += f" (reply, message #{d['message_id']})"
    if d.get("supersedes") is not None:
        text += f"; replaces score #{d['supersedes']}"
    if d.get("follow_up") is not None:
        text += f"; low: follow-up #{d['follow_up']}"
    return text


def _notifications_read(t: TrailText, e: AuditEvent, d: Data) -> str:
    if d.get("all_through") is not None:
        return f"All notifications up to event {d['all_through']} marked read"
    return f"{_count(len(d.get('events') or ()), 'notification')} marked read"


def _linked(t: TrailText, e: AuditEvent, d: Data) -> str:
    if e.action == Action.CASE_MERGED:
        return f"Merged into {d.get('into')}; closed, its notes and evidence stay here"
    return f"Linked with {d.get('other')}"


def _assigned(t: TrailText, e: AuditEvent, d: Data) -> str:
    new, old = d.get("new") or {}, d.get("old") or {}
    who = new.get("assignee")
    text = f"Assigned to {who}" if who else "Unassigned"
    if old.get("assignee"):
        text += f" (was {old['assignee']})"
    if "status" in new and old.get("status") != new.get("status"):
        text += f"; status {state_text(old.get('status'))} → {state_text(new['status'])}"
    return text


def _escalated(t: TrailText, e: AuditEvent, d: Data) -> str:
    new, old = d.get("new") or {}, d.get("old") or {}
    down = e.action == Action.CASE_DEESCALATED
    verb = "De-escalated" if down else "Escalated"
    text = f"{verb} to the {state_text(new.get('tier')).lower()} tier"
    if old.get("tier"):
        text += f" (from {state_text(old['tier']).lower()})"
    if "assignee" in new:
        text += f", to {new['assignee']}" if new["assignee"] else ", waiting in its queue"
    if d.get("routed"):
        text += f" (the queue's {d['routed']})"
    rule = d.get("rule")
    if isinstance(rule, dict):
        text += f"; automatic, rule {rule.get('id')} {rule.get('name')}: {rule.get('why')}"
    return text


def _queue(tier: Any) -> str:
    return _QUEUES.get(tier, state_text(tier).lower()) if isinstance(tier, str) else NONE


_QUEUES = {"frontline": "frontline", "senior": "senior specialists", "expert": "experts"}


def _routed(t: TrailText, e: AuditEvent, d: Data) -> str:
    return f"Given to {d.get('assignee')} by the {_queue(d.get('tier'))} queue's {d.get('rule')}"


def _queue_member(t: TrailText, e: AuditEvent, d: Data) -> str:
    added = e.action == Action.QUEUE_MEMBER_ADDED
    why = f" ({d['why']})" if d.get("why") else ""
    return (
        f"{d.get('username')} {'joined' if added else 'left'} the "
        f"{_queue(d.get('tier'))} queue{why}"
    )


def _breach_rule(t: TrailText, e: AuditEvent, d: Data) -> str:
    new, old = str(d.get("new")), str(d.get("old"))
    said = {"off": "no breach", "both": "a first-response or resolution breach"}
    return (
        f"The SLA sweep escalates a case on {said.get(new, f'a {new} breach')} "
        f"(was {said.get(old, f'a {old} breach')})"
    )


def _queue_routing(t: TrailText, e: AuditEvent, d: Data) -> str:
    new = d.get("new") or {}
    text = f"The {_queue(d.get('tier'))} queue routes new cases: {new.get('mode')}"
    rules = new.get("categories") or {}
    if rules:
        text += " (" + ", ".join(f"{k} → {v}" for k, v in rules.items()) + ")"
    return text


def _note(t: TrailText, e: AuditEvent, d: Data) -> str:
    kind = "Reply to the customer" if d.get("to_customer") else "Internal note"
    if e.action == Action.NOTE_IMPORTED:
        kind = "Imported " + kind[0].lower() + kind[1:]
    return f"{kind}: {t.value('body', d.get('body'))}"


def _customer(t: TrailText, e: AuditEvent, d: Data) -> str:
    email = d.get("email")
    shown = "" if email is None else f", e-mail {t.value('email', email)}"
    return f"Customer record {e.target_id} created{shown}"


def _batch(t: TrailText, e: AuditEvent, d: Data) -> str:
    return f"{_count(d.get('cases'), 'case')} imported ({d.get('first')} to {d.get('last')})"


def _evidence_added(t: TrailText, e: AuditEvent, d: Data) -> str:
    parts = [f"{t.value('file_name', d.get('file_name'))}"]
    details = [words(str(d["media_type"]).split("/")[-1]).upper()] if d.get("media_type") else []
    if isinstance(d.get("size"), int):
        details.append(size_text(d["size"]))
    text = f"Attached {parts[0]}" + (f" ({', '.join(details)})" if details else "")
    return text + f", evidence #{d.get('attachment_id')}"


def _message(t: TrailText, e: AuditEvent, d: Data) -> str:
    verb = {
        Action.MESSAGE_DRAFTED: "drafted",
        Action.MESSAGE_EDITED: "edited",
        Action.MESSAGE_SENT: "sent to the customer",
        Action.MESSAGE_DISCARDED: "discarded",
    }[Action(e.action)]
    text = f"Message #{d.get('message_id')} {verb}"
    if d.get("template"):
        text += f" from template {d['template']}"
    if d.get("answers"):
        text += f" with {_count(len(d['answers']), 'approved answer')}"
    if d.get("subject") is not None:
        text += f": {t.value('subject', d.get('subject'))}"
    if d.get("first_response"):
        text += "; first response"
    return text


def _mail_received(t: TrailText, e: AuditEvent, d: Data) -> str:
    text = f"Mail from the customer recorded as message #{d.get('message_id')}"
    if d.get("new_case"):
        text += "; it opened the case"
    if d.get("subject") is not None:
        text += f": {t.value('subject', d.get('subject'))}"
    if d.get("attachments"):
        text += f"; {_count(len(d['attachments']), 'attachment')} kept as evidence"
    if d.get("refused"):
        text += f"; {_count(len(d['refused']), 'attachment')} refused as evidence"
    if d.get("reopened"):
        text += "; the case was waiting on the customer and is open again"
    return text


def _mail_quarantined(t: TrailText, e: AuditEvent, d: Data) -> str:
    return f"Mail #{d.get('quarantine_id')} from {d.get('source')} quarantined: {d.get('reason')}"


def _mail_released(t: TrailText, e: AuditEvent, d: Data) -> str:
    return f"Quarantined mail #{d.get('quarantine_id')} imported as message #{d.get('message_id')}"


def _mail_discarded(t: TrailText, e: AuditEvent, d: Data) -> str:
    return f"Quarantined mail #{d.get('quarantine_id')} discarded: {d.get('reason')}"


def _mail_fetched(t: TrailText, e: AuditEvent, d: Data) -> str:
    return (
        f"Fetched {d.get('folder')} up to message {d.get('last_uid')}: "
        f"{_count(d.get('imported'), 'mail')} imported, {d.get('duplicates')} already here, "
        f"{d.get('quarantined')} quarantined"
    )


def _outbox(t: TrailText, e: AuditEvent, d: Data) -> str:
    action = Action(e.action)
    text = f"Mail #{d.get('outbox_id')} for message #{d.get('message_id')}"
    attempt = f"attempt {d.get('attempts')}"
    if action is Action.OUTBOX_RETRIED:
        return text + " queued again by hand"
    if action is Action.OUTBOX_DELIVERED:
        return text + f" delivered ({attempt}): {t.value('answer', d.get('answer'))}"
    if action is Action.OUTBOX_FAILED:
        return (
            text
            + f" not delivered ({attempt}), waiting for a retry: "
            + t.value("answer", d.get("answer"))
        )
    return (
        text
        + f" not delivered ({attempt}), next try {time_text(d.get('next_attempt_at'))}: "
        + (t.value("answer", d.get("answer")))
    )


def _template(t: TrailText, e: AuditEvent, d: Data) -> str:
    return f"Template {d.get('name')}/{d.get('language')} version {d.get('version')} saved"


def _answer(t: TrailText, e: AuditEvent, d: Data) -> str:
    action = Action(e.action)
    text = f"Answer #{d.get('answer_id')}"
    if action is Action.ANSWER_RETIRED:
        return text + " retired; messages that used it keep its text"
    if action is not Action.ANSWER_DRAFTED:
        text += f" version {d.get('version')}"
    verb = "approved" if action is Action.ANSWER_APPROVED else "written"
    text += f" {verb}: {d.get('title')}"
    return text if action is Action.ANSWER_APPROVED else text + " (awaiting approval)"


def _evidence_withdrawn(t: TrailText, e: AuditEvent, d: Data) -> str:
    return f"Evidence #{d.get('attachment_id')} withdrawn; the file stays in the record"


def _signoffs(n: Any) -> str:
    return {1: "one sign-off", 2: "two sign-offs"}.get(n, f"{n} sign-offs")


def _needs(d: Data) -> str:
    state = d.get("state") or (d.get("new") or {}).get("state")
    if state == "authorized":
        return "within the proposer's authority"
    if state == "pending-signoff":
        m = _NEEDS_ROLE.match(str(d.get("summary") or ""))
        role = role_text(m.group(1)) if m else "supervisor"
        need = d.get("approvals_needed") or 1
        return f"needs {role} sign-off" if need == 1 else f"needs {_signoffs(need)}"
    if state == "proposed":
        return "awaiting a decision"
    return state_text(state).lower() if state else ""


def _remedy_proposed(t: TrailText, e: AuditEvent, d: Data) -> str:
    text = f"{kind_text(d.get('kind'))} {money_text(d.get('amount'))} proposed"
    needs = _needs(d)
    return f"{text}; {needs}" if needs else text


def _remedy_edited(t: TrailText, e: AuditEvent, d: Data) -> str:
    parts = [c for c in t.changes({"changes": d["changes"]}) if not c.startswith("Reason ")]
    needs = _needs({**d, "state": (d.get("new") or {}).get("state")})
    return "; ".join(parts + ([f"now {needs}"] if needs else [])) or "Terms edited"


def _remedy_signoff(t: TrailText, e: AuditEvent, d: Data) -> str:
    role = role_text(d.get("approver_role")) if d.get("approver_role") else "approver"
    have, need = d.get("approvals"), d.get("approvals_needed")
    if e.action == Action.REMEDY_REJECTED:
        return f"Rejected by the {role}"
    if e.action == Action.REMEDY_SIGNED_OFF:
        return f"Signed off by the {role}: {have} of {need}; awaiting another sign-off"
    counted = f" ({have} of {need} sign-offs)" if need and need > 1 else ""
    return f"Approved by the {role}{counted}; may now be fulfilled"


def _remedy_closed(t: TrailText, e: AuditEvent, d: Data) -> str:
    old = state_text((d.get("old") or {}).get("state"))
    verbs: dict[str, str] = {
        Action.REMEDY_WITHDRAWN: "Withdrawn",
        Action.REMEDY_FULFILLED: "Fulfilled",
    }
    verb = verbs.get(e.action, "Closed")
    return f"{verb} (was {old.lower()})"


def _remedy_expired(t: TrailText, e: AuditEvent, d: Data) -> str:
    return f"Expired: nobody signed off by {time_text(d.get('expires_at'))}"


def _remedy_frozen(t: TrailText, e: AuditEvent, d: Data) -> str:
    return f"Bound by agreement {d.get('agreement')}: its terms can no longer change"


def _parties_text(values: Any) -> str:
    names = [party_text(v) for v in values if isinstance(v, str)]
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)


_VIA = {
    "email": "by email",
    "phone": "by phone",
    "chat": "in a chat",
    "letter": "by letter",
    "in-person": "in person",
    "portal": "through the portal",
}


def _offer_made(t: TrailText, e: AuditEvent, d: Data) -> str:
    terms = _sub(d, "terms")
    amounts = [money_text(r.get("amount")) for r in terms.get("remedies") or []]
    what = " + ".join(amounts) if amounts else "terms without money"
    text = f"Round {d.get('round')}: {party_text(d.get('proposed_by'))} offers {what}"
    due = d.get("response_due")
    if isinstance(due, Mapping) and due:
        text += f" to {_parties_text(due)}"
    if d.get("parent"):
        text += f", countering {d['parent']}"
    if isinstance(due, Mapping) and due:
        dates = {str(v) for v in due.values()}
        if len(dates) == 1:
            text += f"; reply due by {dates.pop()}"
        else:
            text += "; replies due: " + ", ".join(f"{party_text(p)} by {v}" for p, v in due.items())
    return text


def _offer_answer(t: TrailText, e: AuditEvent, d: Data) -> str:
    verb = {
        Action.OFFER_ACCEPTED: "Accepted",
        Action.OFFER_DECLINED: "Declined",
        Action.OFFER_COUNTERED: "Countered",
        Action.OFFER_WITHDRAWN: "Withdrawn",
    }[Action(e.action)]
    how = _VIA.get(d.get("via") or "")
    said = f", {how}" if how else ""
    return f"{verb} by {party_text(d.get('by'))}{said} (round {d.get('round')})"


def _agreement_draft(t: TrailText, e: AuditEvent, d: Data) -> str:
    if e.action == Action.AGREEMENT_REVISED:
        text = f"Version {d.get('version')} drafted to replace version {d.get('previous_version')}"
    else:
        text = f"Version {d.get('version')} drafted"
    if d.get("offer"):
        text += f" from {d['offer']}"
    if d.get("total") is not None:
        text += f"; total {money_text(d['total'])}"
    return text


def _agreement_issued(t: TrailText, e: AuditEvent, d: Data) -> str:
    text = f"Version {d.get('version')} issued"
    if d.get("total") is not None:
        text += f"; total {money_text(d['total'])}"
    if d.get("supersedes"):
        text += f"; replaces version {d['supersedes']}"
    if is_hash(d.get("content_hash")):
        text += f"; content hash {short_hash(d['content_hash'])}"
    return text


def _agreement_recorded(t: TrailText, e: AuditEvent, d: Data) -> str:
    return f"Issued version {d.get('version')} vouched for (issue event #{d.get('issue_event')})"


def _agreement_superseded(t: TrailText, e: AuditEvent, d: Data) -> str:
    return f"Version {d.get('version')} replaced by version {d.get('by_version')}"


def _agreement_voided(t: TrailText, e: AuditEvent, d: Data) -> str:
    return f"Version {d.get('version')} voided, without a replacement"


def _agreement_output(t: TrailText, e: AuditEvent, d: Data) -> str:
    verb = "exported" if e.action == Action.AGREEMENT_EXPORTED else "printed"
    paper = t.value("paper", d.get("paper"))
    text = f"Version {d.get('version')}, {d.get('copy')} copy on {paper}, {verb}"
    if d.get("path"):
        text += f" to {d['path']}"
    if is_hash(d.get("file_sha256")):
        text += f"; file SHA-256 {short_hash(d['file_sha256'])}"
    return text


def _review(t: TrailText, e: AuditEvent, d: Data) -> str:
    """The periodic review's steps (services/reviews.py)."""
    head = f"Review #{d.get('review_id')}"
    period = f"{d.get('from')} to {d.get('to')}"
    if e.action == Action.REVIEW_OPENED:
        return f"{head} opened for {period}; {d.get('findings')} findings frozen"
    if e.action == Action.REVIEW_REFRESHED:
        return (
            f"{head}: figures and findings frozen again (refresh {d.get('refreshes')}); "
            f"{d.get('findings')} findings"
        )
    if e.action == Action.REVIEW_NOTED:
        finding = str(d.get("finding") or "")
        if not finding:
            return f"{head}: general note"
        section, _, key = finding.partition(":")
        return f"{head}: note on {section.replace('_', ' ')} {key}"
    if e.action == Action.REVIEW_ACTION_ADDED:
        return f"{head}: action #{d.get('action_id')} for {d.get('owner')}, due {d.get('due_on')}"
    if e.action == Action.REVIEW_ACTION_DONE:
        return f"{head}: action #{d.get('action_id')} of {d.get('owner')} done"
    if e.action == Action.REVIEW_SIGNED:
        return f"{head} for {period} signed off; {d.get('notes')} notes, {d.get('actions')} actions"
    text = f"{head} exported as {str(d.get('format', '')).upper()}"
    if d.get("path"):
        text += f" to {d['path']}"
    if is_hash(d.get("file_sha256")):
        text += f"; file SHA-256 {short_hash(d['file_sha256'])}"
    return text


def _user_created(t: TrailText, e: AuditEvent, d: Data) -> str:
    new = _sub(d, "new") or d
    name = new.get("display_name")
    who = f"{e.target_id} ({name})" if name else e.target_id
    return f"{who}, {role_text(new.get('role'))}"


def _user_role(t: TrailText, e: AuditEvent, d: Data) -> str:
    old, new = (d.get("old") or {}).get("role"), (d.get("new") or {}).get("role")
    return f"{e.target_id}: {role_text(old)} → {role_text(new)}"


def _user_simple(t: TrailText, e: AuditEvent, d: Data) -> str:
    return {
        Action.USER_DISABLED: f"{e.target_id} may no longer log in",
        Action.USER_PASSWORD_CHANGED: f"{e.target_id}'s password was set",
        Action.USER_LOGIN_RESET: f"{e.target_id}'s failed logins reset to 0",
    }[Action(e.action)]


def _user_rehashed(t: TrailText, e: AuditEvent, d: Data) -> str:
    old, new = d.get("old") or {}, d.get("new") or {}
    return (
        f"{e.target_id}'s password stored with new cost settings: memory "
        f"{old.get('memory_kib')} → {new.get('memory_kib')} KiB, time cost "
        f"{old.get('time_cost')} → {new.get('time_cost')}"
    )


def _user_failed(t: TrailText, e: AuditEvent, d: Data) -> str:
    n = d.get("failed_logins")
    if e.action == Action.USER_LOCKED:
        return f"{e.target_id} locked for {d.get('locked_minutes')} minutes after {n} failed logins"
    return f"Wrong password for {e.target_id} ({_count(n, 'failed attempt')} in a row)"


def _db_created(t: TrailText, e: AuditEvent, d: Data) -> str:
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    backend = names.get(str(d.get("backend")), d.get("backend"))
    return f"{backend} database, schema version {d.get('schema_version')}"


def _db_migrated(t: TrailText, e: AuditEvent, d: Data) -> str:
    old = (d.get("old") or {}).get("schema_version")
    new = (d.get("new") or {}).get("schema_version")
    return f"Schema version {old} → {new}"


def _db_restored(t: TrailText, e: AuditEvent, d: Data) -> str:
    return (
        f"Restored from {d.get('source')} ({d.get('format')} backup); "
        f"{_count(d.get('events'), 'event')} verified"
    )


def _sealed(t: TrailText, e: AuditEvent, d: Data) -> str:
    return f"{_count(d.get('count'), 'row')} of {d.get('table')} sealed as they stood"


def _policy(t: TrailText, e: AuditEvent, d: Data) -> str:
    text = f"Version {d.get('version')} “{d.get('name')}”"
    if d.get("source"):
        text += f" from {d['source']}"
    if d.get("previous_version"):
        text += f", replacing version {d['previous_version']}"
    return text


def _sla_clock(d: Data) -> str:
    """What a change did to the SLA clock (its data's "sla"), or nothing."""
    clock = _sub(d, "sla")
    if clock.get("clock") == "paused":
        return "; SLA clock paused"
    if clock.get("clock") == "resumed":
        seconds = clock.get("paused_seconds")
        paused = duration_text(timedelta(seconds=seconds)) if isinstance(seconds, int) else NONE
        return (
            f"; SLA clock running again after {paused} of working time, resolution due "
            f"{time_text(clock.get('resolution_due'))}"
        )
    return ""


def _sla_alert(t: TrailText, e: AuditEvent, d: Data) -> str:
    what = words(str(d.get("target", ""))).capitalize()
    if e.action == Action.SLA_WARNING:
        return f"{what}: {d.get('percent')}% of the target used; due {time_text(d.get('due'))}"
    return f"{what} target missed: it was due {time_text(d.get('due'))}"


def _sla_calendar(t: TrailText, e: AuditEvent, d: Data) -> str:
    text = f"Version {d.get('version')} for {d.get('team')}, time zone {d.get('time_zone')}"
    if d.get("holiday_country"):
        region = f"-{d['holiday_region']}" if d.get("holiday_region") else ""
        text += f", public holidays of {d['holiday_country']}{region}"
    return text + f", warning at {d.get('warn_percent')}%"


def _company(t: TrailText, e: AuditEvent, d: Data) -> str:
    return "; ".join(t.changes(d))


Builder = Callable[[TrailText, AuditEvent, Data], str]

_SUMMARIES: dict[str, Builder] = {
    Action.CASE_CREATED: lambda t, e, d: _opened(t, e, d, "Opened"),
    Action.CASE_IMPORTED: lambda t, e, d: _opened(t, e, d, "Imported"),
    Action.CASE_UPDATED: _status,
    Action.CASE_STATUS_CHANGED: _status_changed,
    Action.CASE_ASSIGNED: _assigned,
    Action.CASE_ESCALATED: _escalated,
    Action.CASE_DEESCALATED: _escalated,
    Action.CASE_ROUTED: _routed,
    Action.CUSTOMER_CREATED: _customer,
    Action.NOTE_ADDED: _note,
    Action.NOTE_IMPORTED: _note,
    Action.IMPORT_BATCH_WRITTEN: _batch,
    Action.TASK_SET: _task,
    Action.TASK_DONE: _task,
    Action.TASK_CANCELLED: _task,
    Action.CASE_LINKED: _linked,
    Action.CASE_MERGED: _linked,
    Action.MESSAGE_DRAFTED: _message,
    Action.MESSAGE_EDITED: _message,
    Action.MESSAGE_SENT: _message,
    Action.MESSAGE_DISCARDED: _message,
    Action.TEMPLATE_SAVED: _template,
    Action.ANSWER_DRAFTED: _answer,
    Action.ANSWER_REVISED: _answer,
    Action.ANSWER_APPROVED: _answer,
    Action.ANSWER_RETIRED: _answer,
    Action.SETTINGS_MESSAGES_CHANGED: _company,
    Action.OUTBOX_DELIVERED: _outbox,
    Action.OUTBOX_DEFERRED: _outbox,
    Action.OUTBOX_FAILED: _outbox,
    Action.OUTBOX_RETRIED: _outbox,
    Action.SETTINGS_SMTP_CHANGED: _company,
    Action.SATISFACTION_RECORDED: _satisfaction,
    Action.NOTIFICATIONS_READ: _notifications_read,
    Action.MAIL_RECEIVED: _mail_received,
    Action.MAIL_QUARANTINED: _mail_quarantined,
    Action.MAIL_RELEASED: _mail_released,
    Action.MAIL_DISCARDED: _mail_discarded,
    Action.MAIL_FETCHED: _mail_fetched,
    Action.SETTINGS_MAIL_CHANGED: _company,
    Action.EVIDENCE_ADDED: _evidence_added,
    Action.EVIDENCE_WITHDRAWN: _evidence_withdrawn,
    Action.REMEDY_PROPOSED: _remedy_proposed,
    Action.REMEDY_EDITED: _remedy_edited,
    Action.REMEDY_SIGNED_OFF: _remedy_signoff,
    Action.REMEDY_APPROVED: _remedy_signoff,
    Action.REMEDY_REJECTED: _remedy_signoff,
    Action.REMEDY_WITHDRAWN: _remedy_closed,
    Action.REMEDY_FULFILLED: _remedy_closed,
    Action.REMEDY_EXPIRED: _remedy_expired,
    Action.REMEDY_FROZEN: _remedy_frozen,
    Action.OFFER_MADE: _offer_made,
    Action.OFFER_ACCEPTED: _offer_answer,
    Action.OFFER_DECLINED: _offer_answer,
    Action.OFFER_COUNTERED: _offer_answer,
    Action.OFFER_WITHDRAWN: _offer_answer,
    Action.AGREEMENT_DRAFTED: _agreement_draft,
    Action.AGREEMENT_REVISED: _agreement_draft,
    Action.AGREEMENT_ISSUED: _agreement_issued,
    Action.AGREEMENT_RECORDED: _agreement_recorded,
    Action.AGREEMENT_SUPERSEDED: _agreement_superseded,
    Action.AGREEMENT_VOIDED: _agreement_voided,
    Action.AGREEMENT_EXPORTED: _agreement_output,
    Action.AGREEMENT_PRINTED: _agreement_output,
    Action.REVIEW_OPENED: _review,
    Action.REVIEW_REFRESHED: _review,
    Action.REVIEW_NOTED: _review,
    Action.REVIEW_ACTION_ADDED: _review,
    Action.REVIEW_ACTION_DONE: _review,
    Action.REVIEW_SIGNED: _review,
    Action.REVIEW_EXPORTED: _review,
    Action.USER_CREATED: _user_created,
    Action.USER_ROLE_CHANGED: _user_role,
    Action.USER_DISABLED: _user_simple,
    Action.USER_PASSWORD_CHANGED: _user_simple,
    Action.USER_PASSWORD_REHASHED: _user_rehashed,
    Action.USER_LOGIN_FAILED: _user_failed,
    Action.USER_LOCKED: _user_failed,
    Action.USER_LOGIN_RESET: _user_simple,
    Action.DATABASE_INITIALIZED: _db_created,
    Action.DATABASE_MIGRATED: _db_migrated,
    Action.DATABASE_RESTORED: _db_restored,
    Action.STATE_SEALED: _sealed,
    Action.POLICY_LOADED: _policy,
    Action.SLA_WARNING: _sla_alert,
    Action.SLA_BREACHED: _sla_alert,
    Action.SLA_CALENDAR_SAVED: _sla_calendar,
    Action.SETTINGS_COMPANY_CHANGED: _company,
    Action.QUEUE_MEMBER_ADDED: _queue_member,
    Action.QUEUE_MEMBER_REMOVED: _queue_member,
    Action.QUEUE_ROUTING_CHANGED: _queue_routing,
    Action.QUEUE_BREACH_RULE_CHANGED: _breach_rule,
}


DEFAULT = TrailText()
"""For callers without a taxonomy at hand (category slugs then read as words)."""
