"""Translated, human labels for the domain's vocabulary (statuses, fields, audit actions)."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from resolution_center.domain.actions import Action
from resolution_center.domain.case import Channel, Priority, Status, Tier
from resolution_center.domain.sla import SlaState
from resolution_center.domain.taxonomy import Taxonomy
from resolution_center.domain.trail_text import label as trail_label
from resolution_center.services.service_text import localize, localize_message

from .formatting import value_text

translate = QCoreApplication.translate  # a name pyside6-lupdate recognises


# Each label is a literal inside translate() so pyside6-lupdate finds it; the functions run at
# call time so they use whichever translator is installed by then.


def status_label(status: Status | str) -> str:
    return {
        Status.NEW: translate("Labels", "New"),
        Status.OPEN: translate("Labels", "Open"),
        Status.WAITING_CUSTOMER: translate("Labels", "Waiting on customer"),
        Status.WAITING_THIRD_PARTY: translate("Labels", "Waiting on third party"),
        Status.ESCALATED: translate("Labels", "Escalated"),
        Status.RESOLVED: translate("Labels", "Resolved"),
        Status.CLOSED: translate("Labels", "Closed"),
    }.get(Status(status), str(status))


def priority_label(priority: Priority | str) -> str:
    return {
        Priority.LOW: translate("Labels", "Low"),
        Priority.NORMAL: translate("Labels", "Normal"),
        Priority.HIGH: translate("Labels", "High"),
        Priority.CRITICAL: translate("Labels", "Critical"),
    }.get(Priority(priority), str(priority))


def tier_label(tier: Tier | str) -> str:
    return {
        Tier.FRONTLINE: translate("Labels", "Frontline"),
        Tier.SENIOR: translate("Labels", "Senior"),
        Tier.EXPERT: translate("Labels", "Expert", "tier"),
    }.get(Tier(tier), str(tier))


def channel_label(channel: Channel | str) -> str:
    return {
        Channel.EMAIL: translate("Labels", "E-mail"),
        Channel.PHONE: translate("Labels", "Phone"),
        Channel.CHAT: translate("Labels", "Chat"),
        Channel.SOCIAL: translate("Labels", "Social media"),
        Channel.WEB_FORM: translate("Labels", "Web form"),
        Channel.MARKETPLACE: translate("Labels", "Marketplace"),
    }.get(Channel(channel), str(channel))


# The order the side bar and the filter list SLA states in: what needs action first.
SLA_ORDER = (
    SlaState.OVERDUE,
    SlaState.DUE_SOON,
    SlaState.ON_TIME,
    SlaState.PAUSED,
    SlaState.MISSED,
    SlaState.MET,
)


def sla_label(state: SlaState | str) -> str:
    return {
        SlaState.ON_TIME: translate("Labels", "On time"),
        SlaState.DUE_SOON: translate("Labels", "Due soon"),
        SlaState.OVERDUE: translate("Labels", "Overdue"),
        SlaState.PAUSED: translate("Labels", "Paused"),
        SlaState.MET: translate("Labels", "Met"),
        SlaState.MISSED: translate("Labels", "Missed"),
    }.get(SlaState(state), str(state))


def role_label(role: str) -> str:
    return {
        "specialist": translate("Labels", "Specialist"),
        "senior-specialist": translate("Labels", "Senior specialist"),
        "expert": translate("Labels", "Expert"),
        "supervisor": translate("Labels", "Supervisor"),
        "admin": translate("Labels", "Administrator"),
        "system": translate("Labels", "System"),
    }.get(role, role)


def field_label(name: str) -> str:
    """Names of case fields as the forms, the conflict view and the trail show them."""
    return {
        "subject": translate("Labels", "Subject"),
        "description": translate("Labels", "Description"),
        "category": translate("Labels", "Category"),
        "subcategory": translate("Labels", "Subcategory"),
        "priority": translate("Labels", "Priority"),
        "channel": translate("Labels", "Channel"),
        "tags": translate("Labels", "Tags"),
        "safety_hazard": translate("Labels", "Safety hazard"),
        "status": translate("Labels", "Status"),
        "tier": translate("Labels", "Tier"),
        "assignee": translate("Labels", "Assignee"),
        "resolution_due": translate("Labels", "Resolution due"),
        "first_response_due": translate("Labels", "First response due"),
        "reason": translate("Labels", "Reason"),
        "note": translate("Labels", "Note"),
    }.get(name, name.replace("_", " ").capitalize())


def action_label(action: str) -> str:
    """Audit actions ('case.status_changed') as words, translated where a translation exists."""
    known: dict[str, str] = {
        Action.CASE_CREATED: translate("Labels", "Case created"),
        Action.CASE_UPDATED: translate("Labels", "Details edited"),
        Action.CASE_STATUS_CHANGED: translate("Labels", "Status changed"),
        Action.CASE_ASSIGNED: translate("Labels", "Assigned"),
        Action.CASE_ESCALATED: translate("Labels", "Escalated"),
        Action.NOTE_ADDED: translate("Labels", "Note added"),
        Action.EVIDENCE_ADDED: translate("Labels", "Evidence added"),
        Action.EVIDENCE_WITHDRAWN: translate("Labels", "Evidence withdrawn"),
        Action.CUSTOMER_CREATED: translate("Labels", "Customer created"),
        Action.USER_CREATED: translate("Labels", "User created"),
        Action.USER_DISABLED: translate("Labels", "User disabled"),
        Action.USER_LOCKED: translate("Labels", "Account locked"),
        Action.USER_LOGIN_FAILED: translate("Labels", "Failed login"),
        Action.USER_LOGIN_RESET: translate("Labels", "Login counter reset"),
        Action.USER_PASSWORD_CHANGED: translate("Labels", "Password changed"),
        Action.USER_PASSWORD_REHASHED: translate("Labels", "Password hash renewed"),
        Action.USER_ROLE_CHANGED: translate("Labels", "Role changed"),
        Action.DATABASE_INITIALIZED: translate("Labels", "Database created"),
        Action.DATABASE_MIGRATED: translate("Labels", "Database migrated"),
    }
    # The core's words for every other action (remedies, offers, agreements...), through the
    # service-message table's values.
    return known.get(action) or localize(trail_label(action))


_ENUM_LABELS = {
    "priority": priority_label,
    "channel": channel_label,
    "status": status_label,
    "tier": tier_label,
}


def field_value_text(name: str, value: object) -> str:
    """A field's stored value as words: 'waiting-on-customer' -> 'Waiting on customer'."""
    label = _ENUM_LABELS.get(name)
    if label is not None and isinstance(value, str) and value:
        try:
            return label(value)
        except ValueError:
            return value
    return value_text(value)


def taxonomy_text(label: str) -> str:
    """A category, subcategory or resolution label of the taxonomy (data, in English) in the
    window's language, from the service-message table's values."""
    return localize(label)


def category_text(taxonomy: Taxonomy, category: str, subcategory: str | None = None) -> str:
    """'Billing dispute: Subscription charge' in the window's language."""
    return ": ".join(
        taxonomy_text(part) for part in taxonomy.label(category, subcategory).split(": ", 1)
    )


def trail_summary_text(summary: str) -> str:
    """An audit event's one-line summary (domain/trail_text.py, English) in the window's
    language, piece by piece as far as the service-message table knows them ("Opened “…” ·
    Shipping problem: Delay · High priority"; "Status Open → Resolved; SLA clock paused").
    A piece is translated only as a whole known message, so what someone typed stays."""
    ref = re.match(r"[A-Z]{2,3}-[0-9][0-9-]*: ", summary)
    head = ref.group(0) if ref else ""
    parts = summary[len(head) :].split(" · ")
    return head + " · ".join(_summary_part(part) for part in parts)


def _summary_part(part: str) -> str:
    if part.count(": ") == 1:  # a category with its subcategory
        head, tail = part.split(": ")
        pair = f"{taxonomy_text(head)}: {taxonomy_text(tail)}"
        if pair != part:
            return pair
    whole = localize_message(part)
    if whole is not None and "; " not in part:
        return whole
    pieces = part.split("; ")
    done = [localize_message(piece) for piece in pieces]
    if done[0] is None and whole is not None:
        return whole  # a message that holds "; " itself (a note, a subject)
    return "; ".join(d if d is not None else p for d, p in zip(done, pieces, strict=True))


def template_label(name: str) -> str:
    """A message template's name as words: the shipped ones translated, an administrator's
    own ("price-match") as its words."""
    shipped = {
        "acknowledgement": translate("Labels", "Acknowledgement"),
        "request-for-information": translate("Labels", "Request for information"),
        "status-update": translate("Labels", "Status update"),
        "escalation-notice": translate("Labels", "Escalation notice"),
        "remedy-decision": translate("Labels", "Remedy decision"),
        "agreement-sent": translate("Labels", "Agreement sent"),
        "resolution-summary": translate("Labels", "Resolution summary"),
        "satisfaction-survey": translate("Labels", "Satisfaction survey"),
    }
    return shipped.get(name) or name.replace("-", " ").capitalize()
