"""PostgreSQL: the server builds every row image, and no change commits without its event.

Event format 2 (storage/vouched.py) has each event carry images of the rows its change wrote.
On PostgreSQL a client could claim any image, so the server builds them: `rc_append_event` and
`rc_append_events` (and the internal `rc_chain_append` the guard functions use) take the rows
as (table, key) pairs, read them, render each image exactly as `vouched.image_of` does (every
column but the skipped ones, booleans as 0/1, personal columns as "pd:" + sha256(salt US value)
with the row's salt, made here when missing) and splice `"rows":[[table,key,image],...]` into
the event's data before hashing it; the image text is canonical JSON (sorted keys, no spaces).

Each sealed row is recorded in `row_seals` (the sealing event, the row version's ctid, the
transaction). Statement triggers on every vouched table note which rows a
transaction changed (`row_changes`, one mark per table in `row_marks`); a deferred constraint
trigger then refuses to COMMIT unless every changed row has a seal made by this transaction
that names the row version stored now (an UPDATE after its event moves the ctid: refused too).
The database owner and superusers (the `system` actor: set-up, restore, benchmark data sets)
are trusted: they can switch triggers off anyway, so their changes are imaged but not checked.

What app roles may append is no longer anything: `APPENDABLE` lists the kinds the services
emit through the generic append, who may (any user or admins only), the row each kind must have
created or changed in this same transaction, and whether it must name the rows it wrote.
Everything else (remedy.*, user.*, database.*, remedy.frozen...) is written only by the
SECURITY DEFINER function that makes the change. Evidence events are checked against the
stored attachment (their facts and their personal-value digests).

Besides, the inputs of the remedy policy cannot move: a case's reference, customer, order and
creation time never change, order lines are written only with their (new) case and never
changed, and customers and notes are never updated or deleted.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import sql
from .vouched import VOUCHED


@dataclass(frozen=True, slots=True)
class Kind:
    """An event kind app roles may append through rc_append_event(s)."""

    who: str = "user"  # "user": any active user; "admin": admins only
    creates: str | None = None  # the table of the row this kind creates
    # SQL for the key of the row the event is about, from p_target_id, p_case_id and p_data:
    # this transaction must have changed it (inserted it, when `creates`).
    locate: tuple[str, str] | None = None  # (table, key expression)
    rows: bool = False  # must name at least one row it wrote (it is always a change's last)
    may_insert: tuple[str, ...] = ()  # tables a kind that creates nothing may add rows to
    facts: bool = False  # its data is checked against the row (rc_check_facts)


_CASE = ("cases", "p_case_id::text")
_OFFER = ("offers", "(SELECT o.id::text FROM public.offers o WHERE o.reference = p_target_id)")
_AGREEMENT = (
    "agreements",
    "(SELECT a.id::text FROM public.agreements a WHERE a.number = p_target_id "
    "AND a.version = (p_data::jsonb ->> 'version')::integer)",
)
_NOTE = ("notes", "(p_data::jsonb ->> 'note_id')")
_ATTACHMENT = ("attachments", "(p_data::jsonb ->> 'attachment_id')")
_TASK = ("case_tasks", "(p_data::jsonb ->> 'task_id')")
_LINK = ("case_links", "(p_data::jsonb ->> 'link_id')")
_MESSAGE = ("messages", "(p_data::jsonb ->> 'message_id')")
_ANSWER = ("answers", "(p_data::jsonb ->> 'answer_id')")
_OUTBOX = ("outbox", "(p_data::jsonb ->> 'outbox_id')")
_ANSWER_VERSION = ("answer_versions", "(p_data::jsonb ->> 'version_id')")
_QUARANTINE = ("mail_quarantine", "(p_data::jsonb ->> 'quarantine_id')")
_REVIEW = ("reviews", "p_target_id")
_REVIEW_ACTION = ("review_actions", "(p_data::jsonb ->> 'action_id')")

APPENDABLE: dict[str, Kind] = {
    # cases (services/cases.py); case.created is followed by customer.created for a new
    # customer, which then carries the rows (the unit of work gives them to the last event)
    "case.created": Kind(creates="cases", locate=_CASE),
    "customer.created": Kind(creates="customers", locate=("customers", "p_target_id")),
    "case.updated": Kind(locate=_CASE, rows=True),
    "case.status_changed": Kind(locate=_CASE, rows=True),
    "case.assigned": Kind(locate=_CASE, rows=True),
    "case.escalated": Kind(locate=_CASE, rows=True),
    "case.deescalated": Kind(locate=_CASE, rows=True),
    # a new case's routing, in the change that created the case (services/cases.py,
    # imports.py); the intake's last event or the import's batch event carries its rows
    "case.routed": Kind(creates="cases", locate=_CASE),
    "note.added": Kind(creates="notes", locate=_NOTE, rows=True),
    # closing the loop (services/follow_ups.py, case_links.py); a merge also closes its case
    "task.set": Kind(creates="case_tasks", locate=_TASK, rows=True),
    "task.done": Kind(locate=_TASK, rows=True),
    "task.cancelled": Kind(locate=_TASK, rows=True),
    # one event on each case; the second carries the link's row
    "case.linked": Kind(creates="case_links", locate=_LINK),
    "case.merged": Kind(creates="case_links", locate=_LINK, rows=True),
    # negotiation (services/offers.py, agreements.py, agreement_files.py)
    "offer.made": Kind(creates="offers", locate=_OFFER, rows=True),
    "offer.accepted": Kind(locate=_OFFER, rows=True),
    "offer.declined": Kind(locate=_OFFER, rows=True),
    "offer.countered": Kind(locate=_OFFER),  # the counter-offer's offer.made follows
    "offer.withdrawn": Kind(locate=_OFFER, rows=True),
    "agreement.drafted": Kind(creates="agreements", locate=_AGREEMENT, rows=True),
    "agreement.revised": Kind(creates="agreements", locate=_AGREEMENT, rows=True),
    "agreement.superseded": Kind(locate=_AGREEMENT),
    "agreement.issued": Kind(),  # its row changes after it (it names the event): see below
    "agreement.recorded": Kind(locate=_AGREEMENT, rows=True),
    "agreement.voided": Kind(locate=_AGREEMENT, rows=True),
    "agreement.exported": Kind(creates="agreement_exports", rows=True),
    "agreement.printed": Kind(creates="agreement_exports", rows=True),
    # messages (services/messages.py): a case's intake may end with its acknowledgement; a
    # message recorded as sent at once is inserted sent; sending counts the answers it used
    "message.drafted": Kind(creates="messages", locate=_MESSAGE, rows=True),
    "message.edited": Kind(locate=_MESSAGE, rows=True),
    "message.sent": Kind(locate=_MESSAGE, rows=True, may_insert=("messages", "outbox")),
    "message.discarded": Kind(locate=_MESSAGE, rows=True),
    # approved answers (services/answers.py); templates by admins
    "answer.drafted": Kind(creates="answers", locate=_ANSWER, rows=True),
    "answer.revised": Kind(creates="answer_versions", locate=_ANSWER_VERSION, rows=True),
    "answer.approved": Kind(locate=_ANSWER_VERSION, rows=True),
    "answer.retired": Kind(locate=_ANSWER, rows=True),
    "template.saved": Kind(
        who="admin",
        creates="message_templates",
        locate=("message_templates", "(p_data::jsonb ->> 'template_id')"),
        rows=True,
    ),
    "settings.messages_changed": Kind(who="admin", rows=True, may_insert=("settings",)),
    # mail in (services/mail_in.py, mail_fetch.py): a mail may open its case first (intake's
    # events) and add evidence (evidence.added); its own event carries the message's row
    "mail.received": Kind(creates="messages", locate=_MESSAGE, rows=True),
    "mail.quarantined": Kind(creates="mail_quarantine", locate=_QUARANTINE, rows=True),
    "mail.released": Kind(locate=_QUARANTINE, rows=True),
    "mail.discarded": Kind(locate=_QUARANTINE, rows=True),
    "mail.fetched": Kind(
        locate=("mail_cursors", "p_target_id"), rows=True, may_insert=("mail_cursors",)
    ),
    "settings.mail_changed": Kind(who="admin", rows=True, may_insert=("settings",)),
    # mail out (services/outbox.py): queued by message.sent above; attempts recorded by
    # deliverers (admins; `system` from cron), retries by anyone
    "outbox.delivered": Kind(who="admin", locate=_OUTBOX, rows=True),
    "outbox.deferred": Kind(who="admin", locate=_OUTBOX, rows=True),
    "outbox.failed": Kind(who="admin", locate=_OUTBOX, rows=True),
    "outbox.retried": Kind(locate=_OUTBOX, rows=True),
    "settings.smtp_changed": Kind(who="admin", rows=True, may_insert=("settings",)),
    # satisfaction (services/satisfaction.py): a low score's task.set comes first, with its
    # row; notifications' read state is each user's own (services/notifications.py)
    "satisfaction.recorded": Kind(
        creates="satisfaction_scores",
        locate=("satisfaction_scores", "(p_data::jsonb ->> 'score_id')"),
        rows=True,
    ),
    "notifications.read": Kind(rows=True, may_insert=("notification_reads", "notification_marks")),
    # periodic reviews (services/reviews.py): who may write each row is the tables' triggers'
    # (storage/pg_reviews.py); an export writes no row, it records that a file was made
    "review.opened": Kind(creates="reviews", locate=_REVIEW, rows=True),
    "review.refreshed": Kind(locate=_REVIEW, rows=True),
    "review.signed": Kind(locate=_REVIEW, rows=True),
    "review.noted": Kind(
        creates="review_notes", locate=("review_notes", "(p_data::jsonb ->> 'note_id')"), rows=True
    ),
    "review.action_added": Kind(creates="review_actions", locate=_REVIEW_ACTION, rows=True),
    "review.action_done": Kind(locate=_REVIEW_ACTION, rows=True),
    "review.exported": Kind(),
    # the SLA clock (services/sla.py): a sweep may record several warnings and breaches on a
    # case in one change, the last of them carrying the row. Calendar versions by admins.
    "sla.warning": Kind(locate=_CASE),
    "sla.breached": Kind(locate=_CASE),
    "sla.calendar_saved": Kind(
        who="admin", creates="sla_calendars", locate=("sla_calendars", "p_target_id"), rows=True
    ),
    # evidence (services/attachments.py): checked against the stored attachment
    "evidence.added": Kind(creates="attachments", locate=_ATTACHMENT, rows=True, facts=True),
    "evidence.withdrawn": Kind(locate=_ATTACHMENT, rows=True, facts=True),
    # admins: imports, the company's details, policy versions
    "case.imported": Kind(who="admin", creates="cases", locate=_CASE),
    "note.imported": Kind(who="admin", creates="notes", locate=_NOTE),
    "import.batch_written": Kind(who="admin", creates="cases", rows=True),
    "settings.company_changed": Kind(who="admin", rows=True, may_insert=("settings",)),
    # escalation queues (services/queues.py): members and routing, by admins
    "queue.member_added": Kind(who="admin", creates="queue_members", rows=True),
    "queue.member_removed": Kind(who="admin", rows=True),
    "queue.routing_changed": Kind(who="admin", rows=True, may_insert=("queue_routing",)),
    "queue.breach_rule_changed": Kind(who="admin", rows=True, may_insert=("settings",)),
    "policy.loaded": Kind(
        who="admin", creates="policies", locate=("policies", "p_target_id"), rows=True
    ),
}
# Written only by the SECURITY DEFINER function that makes the change (or by `system`):
# remedy.* (storage/pg_remedies.py, rc_freeze_remedies), user.* (storage/pg_roles.py), and the
# set-up actor's database.* events. Anything not in APPENDABLE is refused.
FUNCTION_ONLY_PREFIXES = ("remedy.", "user.", "database.")

# The remedy policy reads these; the app never changes them once a case exists.
CASE_FIXED = (
    "id",
    "reference",
    "customer_id",
    "order_number",
    "order_date",
    "currency",
    "order_total_minor",
    "shipping_minor",
    "created_at",
)


def _lit(value: str | None) -> str:
    return "NULL" if value is None else "'" + value.replace("'", "''") + "'"


def _array(values: tuple[str, ...]) -> str:
    return "ARRAY[" + ", ".join(_lit(v) for v in values) + "]::text[]"


def _vouched_values() -> str:
    return ",\n    ".join(
        f"({_lit(t.name)}, {_array(t.key)}, {_array(t.personal)}, {_array(t.skip)})"
        for t in VOUCHED
    )


def _kinds_values() -> str:
    return ",\n    ".join(
        f"({_lit(name)}, {_lit(k.who)}, {_lit(k.creates)}, {str(k.rows).lower()}, "
        f"{_array(k.may_insert)}, {str(k.facts).lower()}, {str(k.locate is not None).lower()})"
        for name, k in APPENDABLE.items()
    )


def _locate_cases(
    part: int, target: str = "p_target_id", case: str = "p_case_id", data: str = "p_data"
) -> str:
    """The CASE arms of the locators (part 0: the table, 1: the key), over these columns."""
    return "\n    ".join(
        f"WHEN {_lit(name)} THEN "
        + (
            k.locate[1]
            .replace("p_target_id", target)
            .replace("p_case_id", case)
            .replace("p_data", data)
            if part
            else _lit(k.locate[0])
        )
        for name, k in APPENDABLE.items()
        if k.locate is not None
    )


_TABLES = "ARRAY[" + ", ".join(_lit(t.name) for t in VOUCHED) + "]::text[]"
_FIXED = ", ".join(f"NEW.{c}" for c in CASE_FIXED), ", ".join(f"OLD.{c}" for c in CASE_FIXED)

# rc_seal's query: the named rows, what this transaction did to them, their images (one call
# per table), their seals (the set-up actor's changes are not checked, so not sealed either),
# and per event the "rows" text: [[table, key, image], ...] in the order named.
_SEAL_QUERY = sql.source("seal_query").rstrip("\n")
_SEAL_FEW = _SEAL_QUERY
_SEAL_MANY = _lit(
    _SEAL_QUERY.replace("p_tables", "$1")
    .replace("p_keys", "$2")
    .replace("p_events", "$3")
    .replace("p_first_seq", "$4")
    .replace("v_trusted", "$5")
    .replace("v_xid", "$6")
)


def _rendered() -> dict[str, str]:
    """vouch.sql's placeholders: the vouched tables, the appendable kinds and their rows."""
    return {
        "vouched_values": _vouched_values(),
        "vouched_tables": _TABLES,
        "seal_query": _SEAL_FEW,
        "seal_query_quoted": _SEAL_MANY,
        "appendable_kinds": _kinds_values(),
        "locate_tables": _locate_cases(0),
        "locate_keys": _locate_cases(1),
        "locate_keys_of_events": _locate_cases(1, "e.ti", "e.ci", "e.d"),
        "case_fixed_new": _FIXED[0],
        "case_fixed_old": _FIXED[1],
    }


FUNCTIONS_SQL = sql.render("vouch", _rendered())

_INTERNAL = (
    "rc_trusted()",
    "rc_check_sealed()",
    "rc_seal(text[], text[], integer[], bigint, boolean)",
    "rc_splice_rows(text, text)",
    "rc_kind(text)",
    "rc_locate(text, text, bigint, text)",
    "rc_kind_allowed(text, text)",
    "rc_personal_is(jsonb, text)",
    "rc_check_facts(text, text, bigint, text)",
    "rc_check_event(text, text, text, text, bigint, text, text[], text[], boolean)",
    "rc_chain_append(text, text, text, text, text, bigint, text, text[], text[])",
    "rc_images(text, text[])",
    "rc_unsealed(text, xid8)",
    "rc_guard_case_inputs()",
    "rc_guard_new_items()",
    *(f"rc_img__{t.name}(text[])" for t in VOUCHED),
    *(f"rc_changes__{t.name}()" for t in VOUCHED),
    *(f"rc_unsealed__{t.name}(xid8)" for t in VOUCHED),
)
APPEND_EVENT = "rc_append_event(text, text, text, bigint, text, text[], text[])"
APPEND_EVENTS = (
    "rc_append_events(text[], text[], text[], bigint[], text[], text[], text[], integer[])"
)

APP_GRANTS = (
    *(f"REVOKE ALL ON FUNCTION {f} FROM PUBLIC" for f in (*_INTERNAL, APPEND_EVENT, APPEND_EVENTS)),
    f"GRANT EXECUTE ON FUNCTION {APPEND_EVENT} TO {{app}}",
    f"GRANT EXECUTE ON FUNCTION {APPEND_EVENTS} TO {{app}}",
    # The user functions' owner role (storage/pg_roles.py) appends with the users row's image.
    "GRANT EXECUTE ON FUNCTION "
    "rc_chain_append(text, text, text, text, text, bigint, text, text[], text[]) TO {owner}",
    # Seals, salts and the change log are written only by the functions above.
    "REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON row_seals, row_salts, row_changes, row_marks "
    "FROM {app}, {admin}",
    # Order lines and notes are records: written once, never changed (triggers refuse that for
    # everyone; users have no privilege for it either).
    "REVOKE UPDATE, DELETE, TRUNCATE ON order_items, notes FROM {app}, {admin}",
)
