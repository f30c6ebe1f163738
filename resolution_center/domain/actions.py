"""Audit action names: every kind of event the app appends to the trail, named once.

A StrEnum, so a member is the very string stored and hashed: events written before the enum
existed verify unchanged. PostgreSQL's guard functions write some of these names themselves; a
test holds their SQL to this list.
"""

from __future__ import annotations

from enum import StrEnum, unique


@unique
class Action(StrEnum):
    # cases (services/cases.py, imports.py)
    CASE_CREATED = "case.created"
    CASE_IMPORTED = "case.imported"
    CASE_UPDATED = "case.updated"
    CASE_STATUS_CHANGED = "case.status_changed"
    CASE_ASSIGNED = "case.assigned"
    CASE_ESCALATED = "case.escalated"
    CASE_DEESCALATED = "case.deescalated"
    CASE_ROUTED = "case.routed"  # a new case given to a queue member by the queue's routing
    CUSTOMER_CREATED = "customer.created"
    NOTE_ADDED = "note.added"
    NOTE_IMPORTED = "note.imported"
    IMPORT_BATCH_WRITTEN = "import.batch_written"
    # closing the loop (services/follow_ups.py, case_links.py)
    TASK_SET = "task.set"
    TASK_DONE = "task.done"
    TASK_CANCELLED = "task.cancelled"
    CASE_LINKED = "case.linked"
    CASE_MERGED = "case.merged"
    # the SLA clock and calendars (services/sla.py, services/cases.py)
    SLA_WARNING = "sla.warning"
    SLA_BREACHED = "sla.breached"
    SLA_CALENDAR_SAVED = "sla.calendar_saved"
    # messages to the customer, templates, approved answers (services/messages.py, answers.py)
    MESSAGE_DRAFTED = "message.drafted"
    MESSAGE_EDITED = "message.edited"
    MESSAGE_SENT = "message.sent"  # recorded on the case as sent
    MESSAGE_DISCARDED = "message.discarded"
    TEMPLATE_SAVED = "template.saved"
    ANSWER_DRAFTED = "answer.drafted"
    ANSWER_REVISED = "answer.revised"
    ANSWER_APPROVED = "answer.approved"
    ANSWER_RETIRED = "answer.retired"
    SETTINGS_MESSAGES_CHANGED = "settings.messages_changed"
    # mail out (services/outbox.py): queued with message.sent; each attempt's outcome
    OUTBOX_DELIVERED = "outbox.delivered"
    OUTBOX_DEFERRED = "outbox.deferred"  # an attempt failed; tried again after a back-off
    OUTBOX_FAILED = "outbox.failed"  # no more automatic attempts; waits for a person's retry
    OUTBOX_RETRIED = "outbox.retried"  # made due again by a person
    SETTINGS_SMTP_CHANGED = "settings.smtp_changed"
    # satisfaction after resolution and staff notifications (services/satisfaction.py,
    # notifications.py); the survey itself goes out as a message.sent event
    SATISFACTION_RECORDED = "satisfaction.recorded"
    NOTIFICATIONS_READ = "notifications.read"
    # mail in (services/mail_in.py)
    MAIL_RECEIVED = "mail.received"  # a customer's mail recorded on a case
    MAIL_QUARANTINED = "mail.quarantined"  # kept, with the reason it could not be imported
    MAIL_RELEASED = "mail.released"  # a quarantined mail imported after all
    MAIL_DISCARDED = "mail.discarded"  # a quarantined mail nobody will import
    MAIL_FETCHED = "mail.fetched"  # where an IMAP folder's fetch left off
    SETTINGS_MAIL_CHANGED = "settings.mail_changed"
    # evidence (services/attachments.py)
    EVIDENCE_ADDED = "evidence.added"
    EVIDENCE_WITHDRAWN = "evidence.withdrawn"
    # remedies (services/remedies.py, storage/pg_remedies.py)
    REMEDY_PROPOSED = "remedy.proposed"
    REMEDY_EDITED = "remedy.edited"
    REMEDY_SIGNED_OFF = "remedy.signed_off"  # the first of two sign-offs
    REMEDY_APPROVED = "remedy.approved"
    REMEDY_REJECTED = "remedy.rejected"
    REMEDY_WITHDRAWN = "remedy.withdrawn"
    REMEDY_FULFILLED = "remedy.fulfilled"
    REMEDY_EXPIRED = "remedy.expired"
    REMEDY_FROZEN = "remedy.frozen"  # named by an issued agreement
    # negotiation (services/offers.py)
    OFFER_MADE = "offer.made"
    OFFER_ACCEPTED = "offer.accepted"
    OFFER_DECLINED = "offer.declined"
    OFFER_COUNTERED = "offer.countered"
    OFFER_WITHDRAWN = "offer.withdrawn"
    # agreements (services/agreements.py, agreement_files.py)
    AGREEMENT_DRAFTED = "agreement.drafted"
    AGREEMENT_REVISED = "agreement.revised"
    AGREEMENT_ISSUED = "agreement.issued"
    AGREEMENT_RECORDED = "agreement.recorded"  # vouches for the issued row (event format 2)
    AGREEMENT_SUPERSEDED = "agreement.superseded"
    AGREEMENT_VOIDED = "agreement.voided"
    AGREEMENT_EXPORTED = "agreement.exported"
    AGREEMENT_PRINTED = "agreement.printed"
    # periodic reviews (services/reviews.py)
    REVIEW_OPENED = "review.opened"
    REVIEW_REFRESHED = "review.refreshed"  # its figures and findings frozen again
    REVIEW_NOTED = "review.noted"
    REVIEW_ACTION_ADDED = "review.action_added"
    REVIEW_ACTION_DONE = "review.action_done"
    REVIEW_SIGNED = "review.signed"
    REVIEW_EXPORTED = "review.exported"
    # users (services/users.py, storage/pg_roles.py)
    USER_CREATED = "user.created"
    USER_ROLE_CHANGED = "user.role_changed"
    USER_DISABLED = "user.disabled"
    USER_PASSWORD_CHANGED = "user.password_changed"
    USER_PASSWORD_REHASHED = "user.password_rehashed"
    USER_LOGIN_FAILED = "user.login_failed"
    USER_LOCKED = "user.locked"
    USER_LOGIN_RESET = "user.login_reset"
    # the database, its settings and policies (services/setup.py, backup.py, policies.py)
    DATABASE_INITIALIZED = "database.initialized"
    DATABASE_MIGRATED = "database.migrated"
    DATABASE_RESTORED = "database.restored"
    STATE_SEALED = "state.sealed"  # the rows an older event format left unvouched
    POLICY_LOADED = "policy.loaded"
    SETTINGS_COMPANY_CHANGED = "settings.company_changed"
    # escalation queues (services/queues.py)
    QUEUE_MEMBER_ADDED = "queue.member_added"
    QUEUE_MEMBER_REMOVED = "queue.member_removed"
    QUEUE_ROUTING_CHANGED = "queue.routing_changed"
    QUEUE_BREACH_RULE_CHANGED = "queue.breach_rule_changed"


# Events that bring a case into being (typed or imported).
CASE_CREATIONS = frozenset({Action.CASE_CREATED, Action.CASE_IMPORTED})
