"""The trail in words: every action has a label and a summary, money and times read as text."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from resolution_center.domain.actions import Action
from resolution_center.domain.audit import AuditEvent, canonical_json
from resolution_center.domain.money import Money
from resolution_center.domain.taxonomy import Category, Taxonomy
from resolution_center.domain.trail_text import (
    PERSONAL,
    Field,
    TrailText,
    entry_of,
    label,
    money_text,
    short_hash,
    time_text,
)

HASH = "e673797b5387541ba999ed582a5b5b0a821ccb16933f857c3b88255e62d9bc5c"
EUR150 = {"currency": "EUR", "minor": 15000}
PII = {"pii": "9b02dfaf2282ae74a66c5faee45ef4e9ee8c3fb3490689da2ce88c2ad8a7e8cd"}
STATE = {"old": {"state": "open"}}

# One payload per action, shaped as the services write them.
SAMPLES: dict[Action, tuple[str, str, dict[str, Any]]] = {
    Action.CASE_CREATED: (
        "case",
        "RC-2026-000001",
        {
            "new": {
                "category": "warranty-claim",
                "subcategory": None,
                "priority": "normal",
                "status": "new",
                "tier": "frontline",
                "subject": "Vacuum broken",
                "description": PII,
                "tags": [],
                "safety_hazard": False,
                "customer": {"id": 1, "name": PII, "email": PII, "phone": PII},
                "order": {
                    "number": "MP-1",
                    "currency": "USD",
                    "total_minor": 32599,
                    "shipping_minor": 0,
                    "items": 1,
                },
                "first_response_due": "2026-09-25T00:55:29.000000Z",
            },
            "version": 1,
        },
    ),
    Action.CASE_IMPORTED: (
        "case",
        "RC-2026-000002",
        {
            "new": {
                "category": "shipping-problem",
                "priority": "high",
                "status": "open",
                "subject": "Parcel lost",
                "tags": [],
            },
            "row": 4,
            "version": 1,
        },
    ),
    Action.CASE_UPDATED: (
        "case",
        "RC-2026-000001",
        {
            "changes": {
                "tags": {"old": [], "new": ["carrier"]},
                "category": {"old": "pre-sale-inquiry", "new": "warranty-claim"},
            },
            "version": 3,
        },
    ),
    Action.CASE_STATUS_CHANGED: (
        "case",
        "RC-2026-000001",
        {
            "old": {"status": "open"},
            "new": {"status": "resolved"},
            "reason": "Repaired",
            "version": 4,
        },
    ),
    Action.CASE_ASSIGNED: (
        "case",
        "RC-2026-000001",
        {
            "old": {"assignee": None, "status": "new"},
            "new": {"assignee": "sofia", "status": "open"},
            "version": 2,
        },
    ),
    Action.CASE_ESCALATED: (
        "case",
        "RC-2026-000001",
        {
            "old": {"status": "open", "tier": "frontline"},
            "new": {"status": "escalated", "tier": "senior"},
            "reason": "Second opinion",
            "version": 7,
        },
    ),
    Action.CASE_DEESCALATED: (
        "case",
        "RC-2026-000001",
        {
            "old": {"status": "escalated", "tier": "senior", "assignee": "zoe"},
            "new": {"status": "open", "tier": "frontline", "assignee": None},
            "reason": "A frontline refund will do",
            "version": 8,
        },
    ),
    Action.CASE_ROUTED: (
        "case",
        "RC-2026-000001",
        {"tier": "frontline", "assignee": "sofia", "rule": "round-robin"},
    ),
    Action.CUSTOMER_CREATED: ("customer", "1", {"email": PII}),
    Action.NOTE_ADDED: (
        "case",
        "RC-2026-000001",
        {
            "body": "Dear Carlos, thank you",
            "note_id": 1,
            "to_customer": True,
            "first_response": "2026-09-24T04:08:29.000000Z",
        },
    ),
    Action.NOTE_IMPORTED: (
        "case",
        "RC-2026-000002",
        {
            "author": "",
            "body": PII,
            "note_id": 2,
            "to_customer": False,
            "written_at": "2026-09-24T04:08:29.000000Z",
        },
    ),
    Action.IMPORT_BATCH_WRITTEN: (
        "import",
        "RC-2026-000002",
        {"cases": 500, "first": "RC-2026-000002", "last": "RC-2026-000501"},
    ),
    Action.TASK_SET: (
        "task",
        "7",
        {
            "task_id": 7,
            "case": "RC-2026-000001",
            "due_at": "2026-12-04T09:00:00.000000Z",
            "assignee": "sofia",
            "note": "Call the carrier back",
        },
    ),
    Action.TASK_DONE: ("task", "7", {"task_id": 7, "case": "RC-2026-000001"}),
    Action.TASK_CANCELLED: (
        "task",
        "7",
        {"task_id": 7, "case": "RC-2026-000001", "reason": "Customer called first"},
    ),
    Action.CASE_LINKED: (
        "case",
        "RC-2026-000001",
        {"link_id": 3, "other": "RC-2026-000002", "kind": "linked", "reason": "Same parcel"},
    ),
    Action.CASE_MERGED: (
        "case",
        "RC-2026-000002",
        {
            "link_id": 4,
            "into": "RC-2026-000001",
            "old": {"status": "open"},
            "new": {"status": "closed", "merged_into": "RC-2026-000001"},
            "reason": "Same complaint twice",
            "version": 3,
        },
    ),
    Action.MESSAGE_DRAFTED: (
        "case",
        "RC-2026-000001",
        {
            "message_id": 4,
            "template": "acknowledgement/en v1",
            "template_sha256": HASH,
            "language": "en",
            "answers": [],
            "subject": PII,
            "body": PII,
            "automatic": True,
        },
    ),
    Action.MESSAGE_EDITED: (
        "case",
        "RC-2026-000001",
        {"message_id": 4, "language": "de", "answers": [7], "subject": PII, "body": PII},
    ),
    Action.MESSAGE_SENT: (
        "case",
        "RC-2026-000001",
        {
            "message_id": 4,
            "template": "status-update/de v2",
            "language": "de",
            "answers": [7, 9],
            "first_response": "2026-12-03T18:17:12.000000Z",
        },
    ),
    Action.MESSAGE_DISCARDED: ("case", "RC-2026-000001", {"message_id": 4}),
    Action.TEMPLATE_SAVED: (
        "template",
        "status-update/en",
        {
            "template_id": 2,
            "name": "status-update",
            "language": "en",
            "version": 2,
            "sha256": HASH,
        },
    ),
    Action.ANSWER_DRAFTED: (
        "answer",
        "7",
        {
            "answer_id": 7,
            "version_id": 11,
            "version": 1,
            "kind": "reply",
            "title": "Leaking kettle: free replacement",
            "language": "en",
        },
    ),
    Action.ANSWER_REVISED: (
        "answer",
        "7",
        {"answer_id": 7, "version_id": 12, "version": 2, "title": "Leaking kettle"},
    ),
    Action.ANSWER_APPROVED: (
        "answer",
        "7",
        {
            "answer_id": 7,
            "version_id": 12,
            "version": 2,
            "title": "Leaking kettle",
            "author": "alice",
        },
    ),
    Action.ANSWER_RETIRED: ("answer", "7", {"answer_id": 7, "reason": "replaced by policy 7"}),
    Action.SETTINGS_MESSAGES_CHANGED: (
        "settings",
        "messages",
        {"changes": {"acknowledge": {"old": "draft", "new": "send"}}},
    ),
    Action.OUTBOX_DELIVERED: (
        "case",
        "RC-2026-000001",
        {"outbox_id": 3, "message_id": 4, "attempts": 1, "answer": PII},
    ),
    Action.OUTBOX_DEFERRED: (
        "case",
        "RC-2026-000001",
        {
            "outbox_id": 3,
            "message_id": 4,
            "attempts": 2,
            "answer": PII,
            "next_attempt_at": "2026-12-03T18:19:12.000000Z",
        },
    ),
    Action.OUTBOX_FAILED: (
        "case",
        "RC-2026-000001",
        {"outbox_id": 3, "message_id": 4, "attempts": 3, "answer": PII},
    ),
    Action.OUTBOX_RETRIED: (
        "case",
        "RC-2026-000001",
        {"outbox_id": 3, "message_id": 4, "attempts": 3, "was": "failed"},
    ),
    Action.SETTINGS_SMTP_CHANGED: (
        "settings",
        "smtp",
        {
            "changes": {"host": {"old": "", "new": "smtp.example.com"}},
            "password": "stored in the system keyring",
        },
    ),
    Action.MAIL_RECEIVED: (
        "case",
        "RC-2026-000001",
        {
            "message_id": 5,
            "identity": "<abc@mail.example>",
            "source": "imap:INBOX uid 7",
            "route": "new-case",
            "sender": PII,
            "subject": PII,
            "attachments": [3],
            "refused": [{"file_name": PII, "size": 26_218_496, "sha256": HASH, "reason": "x"}],
            "new_case": True,
        },
    ),
    Action.MAIL_QUARANTINED: (
        "mail",
        "2",
        {
            "quarantine_id": 2,
            "reason": "the mail has no sender (From) address",
            "source": "inbox.mbox #3",
            "sha256": HASH,
            "size": 812,
        },
    ),
    Action.MAIL_RELEASED: ("mail", "2", {"quarantine_id": 2, "message_id": 9, "retried": True}),
    Action.MAIL_DISCARDED: ("mail", "2", {"quarantine_id": 2, "reason": "spam"}),
    Action.MAIL_FETCHED: (
        "mail",
        "support@imap.example.com:993/INBOX",
        {
            "folder": "INBOX",
            "uidvalidity": 1765,
            "last_uid": 42,
            "imported": 3,
            "duplicates": 1,
            "quarantined": 0,
        },
    ),
    Action.SETTINGS_MAIL_CHANGED: (
        "settings",
        "mail",
        {"changes": {"mail.imap.host": {"old": "", "new": "imap.example.com"}}},
    ),
    Action.SATISFACTION_RECORDED: (
        "case",
        "RC-2026-000001",
        {
            "score_id": 3,
            "score": 2,
            "scale": 5,
            "source": "reply",
            "message_id": 9,
            "comment": PII,
            "supersedes": 2,
            "follow_up": 5,
        },
    ),
    Action.NOTIFICATIONS_READ: ("user", "alice", {"events": [12, 15]}),
    Action.EVIDENCE_ADDED: (
        "case",
        "RC-2026-000001",
        {
            "attachment_id": 3,
            "file_name": "photo.jpg",
            "media_type": "image/jpeg",
            "size": 123456,
            "sha256": HASH,
            "description": "",
        },
    ),
    Action.EVIDENCE_WITHDRAWN: (
        "case",
        "RC-2026-000001",
        {
            "attachment_id": 3,
            "sha256": HASH,
            "withdrawn_at": "2026-11-23T09:41:07.123456Z",
            "reason": "Wrong case",
        },
    ),
    Action.REMEDY_PROPOSED: (
        "remedy",
        "RM-000028",
        {
            "amount": EUR150,
            "approvals_needed": 1,
            "case": "RC-2026-000163",
            "kind": "partial-refund",
            "lines": [],
            "policy_version": 1,
            "reason": "Above my limit",
            "reference": "RM-000028",
            "state": "pending-signoff",
            "rules": ["R3 failed: needs supervisor: 150.00 EUR > specialist limit 100.00 EUR"],
            "summary": "needs supervisor: 150.00 EUR > specialist limit 100.00 EUR",
        },
    ),
    Action.REMEDY_EDITED: (
        "remedy",
        "RM-000028",
        {
            "reference": "RM-000028",
            "case": "RC-2026-000163",
            "version": 2,
            "changes": {
                "amount": {"old": EUR150, "new": {"currency": "EUR", "minor": 9000}},
                "reason": {"old": "a", "new": "b"},
            },
            "old": {"state": "pending-signoff"},
            "new": {
                "state": "authorized",
                "kind": "partial-refund",
                "amount": {"currency": "EUR", "minor": 9000},
            },
            "policy_version": 1,
            "approvals_needed": 0,
            "rules": [],
        },
    ),
    Action.REMEDY_SIGNED_OFF: (
        "remedy",
        "RM-000025",
        {
            "approvals": 1,
            "approvals_needed": 2,
            "approver_role": "supervisor",
            "checks": ["awaiting 0 of 2 sign-off(s) (rule S1, policy v1)"],
            "explanation": "olu may sign off",
            "new": {"state": "pending-signoff"},
            "note": "First of two",
            "old": {"state": "pending-signoff"},
            "policy_version": 1,
            "reference": "RM-000025",
            "verdict": "approved",
        },
    ),
    Action.REMEDY_APPROVED: (
        "remedy",
        "RM-000005",
        {
            "approvals": 1,
            "approvals_needed": 1,
            "approver_role": "supervisor",
            "checks": [],
            "explanation": "maria may sign off",
            "new": {"state": "approved"},
            "note": "Checked the photos: fair.",
            "old": {"state": "pending-signoff"},
            "policy_version": 1,
            "reference": "RM-000005",
            "verdict": "approved",
        },
    ),
    Action.REMEDY_REJECTED: (
        "remedy",
        "RM-000004",
        {
            "approvals": 0,
            "approvals_needed": 1,
            "approver_role": "supervisor",
            "new": {"state": "rejected"},
            "old": {"state": "pending-signoff"},
            "reason": "Outside the return window",
            "reference": "RM-000004",
            "verdict": "rejected",
        },
    ),
    Action.REMEDY_WITHDRAWN: (
        "remedy",
        "RM-000018",
        {
            "new": {"state": "withdrawn"},
            "old": {"state": "authorized"},
            "reason": "Parcel found",
            "reference": "RM-000018",
        },
    ),
    Action.REMEDY_FULFILLED: (
        "remedy",
        "RM-000002",
        {"new": {"state": "fulfilled"}, "old": {"state": "authorized"}, "reference": "RM-000002"},
    ),
    Action.REMEDY_EXPIRED: (
        "remedy",
        "RM-000006",
        {
            "expires_at": "2026-10-26T07:32:08.000000Z",
            "new": {"state": "expired"},
            "old": {"state": "pending-signoff"},
            "policy_version": 1,
            "reference": "RM-000006",
        },
    ),
    Action.REMEDY_FROZEN: (
        "remedy",
        "RM-000032",
        {"agreement": "AG-2026-000002", "case": "RC-2026-000030", "reference": "RM-000032"},
    ),
    Action.OFFER_MADE: (
        "offer",
        "OF-000001",
        {
            "case": "RC-2026-000004",
            "parent": None,
            "proposed_by": "company",
            "response_due": {"customer": "2026-11-30", "seller": "2026-11-30"},
            "round": 1,
            "terms": {
                "obligations": [
                    {"deadline": "2026-11-30", "party": "company", "text": "Refund the amount."}
                ],
                "remedies": [{"amount": EUR150, "description": "As agreed", "remedy": "RM-000029"}],
                "return_conditions": "",
            },
        },
    ),
    Action.OFFER_ACCEPTED: (
        "offer",
        "OF-000004",
        {"by": "customer", "new": {"state": "accepted"}, "note": "By e-mail", **STATE, "round": 1},
    ),
    Action.OFFER_DECLINED: (
        "offer",
        "OF-000004",
        {"by": "customer", "new": {"state": "declined"}, "note": "Too little", **STATE, "round": 1},
    ),
    Action.OFFER_COUNTERED: (
        "offer",
        "OF-000002",
        {"by": "customer", "new": {"state": "countered"}, "note": "More", **STATE, "round": 1},
    ),
    Action.OFFER_WITHDRAWN: (
        "offer",
        "OF-000002",
        {"by": "company", "new": {"state": "withdrawn"}, "note": "", **STATE, "round": 1},
    ),
    Action.AGREEMENT_DRAFTED: (
        "agreement",
        "AG-2026-000001",
        {
            "case": "RC-2026-000025",
            "content_hash": HASH,
            "offer": "OF-000004",
            "remedies": ["RM-000031"],
            "total": EUR150,
            "version": 1,
        },
    ),
    Action.AGREEMENT_REVISED: (
        "agreement",
        "AG-2026-000003",
        {
            "content_hash": HASH,
            "offer": "OF-000006",
            "previous_version": 1,
            "reason": "Corrected the address.",
            "remedies": ["RM-000033"],
            "total": EUR150,
            "version": 2,
        },
    ),
    Action.AGREEMENT_ISSUED: (
        "agreement",
        "AG-2026-000002",
        {
            "content_hash": HASH,
            "offer": "OF-000005",
            "remedies": ["RM-000032"],
            "supersedes": None,
            "total": EUR150,
            "version": 1,
        },
    ),
    Action.AGREEMENT_RECORDED: ("agreement", "AG-2026-000002", {"issue_event": 2652, "version": 1}),
    Action.AGREEMENT_SUPERSEDED: (
        "agreement",
        "AG-2026-000003",
        {"by_version": 2, "new": {"state": "superseded"}, "old": {"state": "issued"}, "version": 1},
    ),
    Action.AGREEMENT_VOIDED: (
        "agreement",
        "AG-2026-000004",
        {
            "new": {"state": "voided"},
            "old": {"state": "issued"},
            "reason": "Bank details",
            "version": 1,
        },
    ),
    Action.AGREEMENT_EXPORTED: (
        "agreement",
        "AG-2026-000002",
        {
            "version": 1,
            "state": "issued",
            "copy": "internal",
            "paper": "a4",
            "file_sha256": HASH,
            "content_hash": HASH,
            "path": "/tmp/ag.pdf",
        },
    ),
    Action.AGREEMENT_PRINTED: (
        "agreement",
        "AG-2026-000002",
        {
            "version": 1,
            "state": "issued",
            "copy": "customer",
            "paper": "letter",
            "file_sha256": HASH,
            "content_hash": HASH,
        },
    ),
    Action.USER_CREATED: (
        "user",
        "maria",
        {"new": {"display_name": "María Fernández", "role": "supervisor"}},
    ),
    Action.USER_ROLE_CHANGED: (
        "user",
        "maria",
        {"old": {"role": "specialist"}, "new": {"role": "supervisor"}},
    ),
    Action.USER_DISABLED: (
        "user",
        "maria",
        {"old": {"disabled": False}, "new": {"disabled": True}, "reason": "Left the company"},
    ),
    Action.USER_PASSWORD_CHANGED: ("user", "maria", {}),
    Action.USER_PASSWORD_REHASHED: (
        "user",
        "maria",
        {
            "old": {"time_cost": 1, "memory_kib": 1024, "parallelism": 1},
            "new": {"time_cost": 3, "memory_kib": 65536, "parallelism": 4},
        },
    ),
    Action.USER_LOGIN_FAILED: ("user", "maria", {"failed_logins": 2}),
    Action.USER_LOCKED: ("user", "maria", {"failed_logins": 5, "locked_minutes": 15}),
    Action.USER_LOGIN_RESET: ("user", "maria", {"failed_logins": 0}),
    Action.DATABASE_INITIALIZED: ("database", "db-1", {"backend": "sqlite", "schema_version": 6}),
    Action.DATABASE_MIGRATED: (
        "database",
        "db-1",
        {"old": {"schema_version": 5}, "new": {"schema_version": 6}},
    ),
    Action.DATABASE_RESTORED: (
        "database",
        "db-1",
        {"source": "rc.backup", "format": "sqlite", "events": 2700},
    ),
    Action.STATE_SEALED: (
        "database",
        "db-1",
        {
            "table": "cases",
            "count": 250,
            "why": "rows written before event format 2, as they stood at the upgrade",
        },
    ),
    Action.SLA_WARNING: (
        "case",
        "RC-2026-000001",
        {"target": "resolution", "due": "2026-12-09T12:00:00.000000Z", "percent": 80},
    ),
    Action.SLA_BREACHED: (
        "case",
        "RC-2026-000001",
        {"target": "first-response", "due": "2026-12-04T12:00:00.000000Z", "calendar_version": 1},
    ),
    Action.SLA_CALENDAR_SAVED: (
        "sla_calendar",
        "resolution-center/2",
        {
            "team": "resolution-center",
            "version": 2,
            "time_zone": "Europe/Berlin",
            "holiday_country": "DE",
            "holiday_region": "BY",
            "warn_percent": 80,
        },
    ),
    Action.POLICY_LOADED: (
        "policy",
        "2",
        {
            "name": "Default remedy policy",
            "previous_version": 1,
            "sha256": HASH,
            "source": "default.toml",
            "version": 2,
        },
    ),
    Action.SETTINGS_COMPANY_CHANGED: (
        "settings",
        "company",
        {
            "old": {"name": "Company name not set", "address": []},
            "new": {"name": "Nordlicht GmbH", "address": ["Speicherstraße 12", "Hamburg"]},
        },
    ),
    Action.QUEUE_MEMBER_ADDED: (
        "queue",
        "senior",
        {"tier": "senior", "username": "maria", "why": "covers the senior desk"},
    ),
    Action.QUEUE_MEMBER_REMOVED: ("queue", "senior", {"tier": "senior", "username": "maria"}),
    Action.QUEUE_BREACH_RULE_CHANGED: (
        "settings",
        "queues.escalate_on_breach",
        {"old": "resolution", "new": "both"},
    ),
    Action.QUEUE_ROUTING_CHANGED: (
        "queue",
        "frontline",
        {
            "tier": "frontline",
            "old": {"mode": "off", "categories": {}},
            "new": {"mode": "by-category", "categories": {"product-defect": "sofia"}},
        },
    ),
    Action.REVIEW_OPENED: (
        "review",
        "3",
        {
            "review_id": 3,
            "from": "2026-11-01",
            "to": "2026-11-30",
            "findings": 12,
            "kpis_sha256": HASH,
            "patterns_sha256": HASH,
        },
    ),
    Action.REVIEW_REFRESHED: (
        "review",
        "3",
        {"review_id": 3, "from": "2026-11-01", "to": "2026-11-30", "findings": 9, "refreshes": 1},
    ),
    Action.REVIEW_NOTED: (
        "review",
        "3",
        {"review_id": 3, "note_id": 4, "finding": "repeat_claims:17", "body": PII},
    ),
    Action.REVIEW_ACTION_ADDED: (
        "review",
        "3",
        {"review_id": 3, "action_id": 5, "owner": "maria", "due_on": "2026-12-20", "body": PII},
    ),
    Action.REVIEW_ACTION_DONE: (
        "review",
        "3",
        {"review_id": 3, "action_id": 5, "owner": "maria"},
    ),
    Action.REVIEW_SIGNED: (
        "review",
        "3",
        {"review_id": 3, "from": "2026-11-01", "to": "2026-11-30", "notes": 2, "actions": 1},
    ),
    Action.REVIEW_EXPORTED: (
        "review",
        "3",
        {"review_id": 3, "format": "pdf", "path": "/home/maria/review.pdf", "file_sha256": HASH},
    ),
}

TAXONOMY = Taxonomy(
    (
        Category("warranty-claim", "Warranty claim"),
        Category("pre-sale-inquiry", "Pre-sale inquiry"),
        Category("shipping-problem", "Shipping problem", (("lost", "Lost in transit"),)),
    )
)
TEXT = TrailText(TAXONOMY)


def entry(action: Action, *, role: str = "specialist") -> Any:
    target_type, target_id, data = SAMPLES[action]
    event = AuditEvent(
        seq=7,
        prev_hash="0" * 64,
        time="2026-12-03T18:17:12.000000Z",
        actor="sofia",
        role=role,
        action=action.value,
        target_type=target_type,
        target_id=target_id,
        data=canonical_json(data),
        hash=HASH,
    )
    return entry_of(event)


def test_every_action_has_a_sample() -> None:
    assert set(SAMPLES) == set(Action)


@pytest.mark.parametrize("action", list(Action))
def test_every_action_reads_as_words(action: Action) -> None:
    e = entry(action)
    name = label(action)
    assert name and action.value not in name and "." not in name and "_" not in name
    summary = TEXT.summary(e)
    assert summary and summary != action.value
    for raw in ("{", "}", "minor", "'currency'", '"', "_", "T18:17", action.value):
        assert raw not in summary, (action, raw, summary)
    for f in TEXT.fields(e):
        assert "{" not in f.value and "minor" not in f.value, (action, f)


def test_examples_read_as_a_person_would_write_them() -> None:
    assert TEXT.summary(entry(Action.REMEDY_PROPOSED)) == (
        "RM-000028: Partial refund 150.00 EUR proposed; needs supervisor sign-off"
    )
    assert TEXT.summary(entry(Action.CASE_STATUS_CHANGED)) == "Status Open → Resolved"
    assert TEXT.summary(entry(Action.TASK_SET)) == (
        "Follow-up #7 set, due 2026-12-04 09:00 UTC, for sofia"
    )
    assert TEXT.summary(entry(Action.CASE_MERGED)).startswith("Merged into RC-2026-000001")
    assert TEXT.summary(entry(Action.CASE_UPDATED)) == (
        "Category Pre-sale inquiry → Warranty claim; Tags — → carrier"
    )
    assert "150.00 EUR → 90.00 EUR" in TEXT.summary(entry(Action.REMEDY_EDITED))
    assert "Lost in transit" not in TEXT.summary(entry(Action.CASE_IMPORTED))
    assert "Shipping problem" in TEXT.summary(entry(Action.CASE_IMPORTED))
    assert "e673797b5387…" in TEXT.summary(entry(Action.AGREEMENT_ISSUED))


def test_review_steps_read_as_words() -> None:
    assert TEXT.summary(entry(Action.REVIEW_OPENED)) == (
        "Review #3 opened for 2026-11-01 to 2026-11-30; 12 findings frozen"
    )
    assert TEXT.summary(entry(Action.REVIEW_NOTED)) == "Review #3: note on repeat claims 17"
    assert TEXT.summary(entry(Action.REVIEW_ACTION_ADDED)) == (
        "Review #3: action #5 for maria, due 2026-12-20"
    )
    assert TEXT.summary(entry(Action.REVIEW_SIGNED)) == (
        "Review #3 for 2026-11-01 to 2026-11-30 signed off; 2 notes, 1 actions"
    )


def test_escalations_say_where_the_case_went_and_why() -> None:
    auto = entry(Action.CASE_ESCALATED)
    assert TEXT.summary(auto) == "Escalated to the senior tier (from frontline)"
    down = TEXT.summary(entry(Action.CASE_DEESCALATED))
    assert down == "De-escalated to the frontline tier (from senior), waiting in its queue"
    assert TEXT.summary(entry(Action.CASE_ROUTED)) == (
        "Given to sofia by the frontline queue's round-robin"
    )
    assert TEXT.summary(entry(Action.QUEUE_MEMBER_ADDED)) == (
        "maria joined the senior specialists queue (covers the senior desk)"
    )


def test_reason_covers_notes_and_comments_of_every_kind() -> None:
    assert TEXT.reason(entry(Action.REMEDY_APPROVED)) == "Checked the photos: fair."
    assert TEXT.reason(entry(Action.CASE_STATUS_CHANGED)) == "Repaired"
    assert TEXT.reason(entry(Action.OFFER_DECLINED)) == "Too little"
    assert TEXT.reason(entry(Action.AGREEMENT_VOIDED)) == "Bank details"
    assert TEXT.reason(entry(Action.STATE_SEALED)).startswith("rows written before")
    assert TEXT.reason(entry(Action.REMEDY_FULFILLED)) == ""
    # The reason is the Reason column's, not repeated in the summary.
    assert "Repaired" not in TEXT.summary(entry(Action.CASE_STATUS_CHANGED))


def test_money_never_prints_as_a_dict() -> None:
    assert money_text(EUR150) == "150.00 EUR"
    assert money_text(Money(1500, "JPY")) == "1,500 JPY"
    assert money_text({"minor": 1, "currency": "XXX"}) == "1 XXX (minor units)"
    for action in Action:
        for f in TEXT.fields(entry(action)):
            assert "currency" not in f.value, (action, f)
    rows = dict(TEXT.fields(entry(Action.AGREEMENT_ISSUED)))
    assert rows["Total"] == "150.00 EUR"


def test_times_and_hashes() -> None:
    assert time_text("2026-12-03T18:17:12.000000Z") == "2026-12-03 18:17 UTC"
    assert time_text(datetime(2026, 12, 3, 18, 17, 59, tzinfo=UTC)) == "2026-12-03 18:17 UTC"
    assert time_text("2026-11-30") == "2026-11-30"
    assert time_text(None) == "—"
    assert short_hash(HASH) == "e673797b5387…"
    hashed = [f for f in TEXT.fields(entry(Action.AGREEMENT_EXPORTED)) if f.full]
    assert {f.label for f in hashed} == {"File SHA-256", "Content hash"}
    assert all(f.value == "e673797b5387…" and f.full == HASH for f in hashed)


def test_fields_unpack_as_label_and_value() -> None:
    rows = TEXT.fields(entry(Action.REMEDY_APPROVED))
    assert all(isinstance(f, Field) for f in rows)
    as_dict = dict(rows)
    assert as_dict["State"] == "Awaiting sign-off → Approved"
    assert as_dict["Note"] == "Checked the photos: fair."
    assert as_dict["Signed as"] == "Supervisor"


def test_personal_markers_read_raw_say_personal_data() -> None:
    # The agreement appendix reads events raw: a marker is never printed as its digest.
    summary = TEXT.summary(entry(Action.NOTE_IMPORTED))
    assert summary == f"Imported internal note: {PERSONAL}"
    assert PII["pii"] not in json.dumps([tuple(f) for f in TEXT.fields(entry(Action.CASE_CREATED))])


def test_a_payload_of_another_shape_still_reads() -> None:
    event = AuditEvent(
        seq=1,
        prev_hash="0" * 64,
        time="2026-12-03T18:17:12.000000Z",
        actor="x",
        role="system",
        action="remedy.approved",
        target_type="remedy",
        target_id="RM-1",
        data=canonical_json({"weird": {"nested": [1, 2]}}),
        hash=HASH,
    )
    text = TEXT.summary(entry_of(event))
    assert "{" not in text and text.startswith("RM-1: ")
    unknown = AuditEvent(
        seq=1,
        prev_hash="0" * 64,
        time="2026-12-03T18:17:12.000000Z",
        actor="x",
        role="system",
        action="future.thing_done",
        target_type="x",
        target_id="1",
        data="{}",
        hash=HASH,
    )
    assert label(unknown.action) == "Future thing done"
    assert TEXT.summary(entry_of(unknown)) == "Future thing done"
