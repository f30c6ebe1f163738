"""Bulk intake: many cases with their audit events per transaction.

`import_cases` is the admin's way to load cases from another system (and what the benchmark's
"bulk load" figure measures). Each record is validated with the same domain checks as
`CaseService.create`; a bad record is reported by row number and skipped, never half-written.
Good records are written in batches: one transaction per batch, rows with executemany (SQLite) or
COPY (PostgreSQL) on the store's own connection, then the batch's audit events appended last
under one chain-head lock (sealed here on SQLite; stamped and chained by the server's
`rc_append_events` on PostgreSQL). Every case gets a `case.imported` event holding what
`case.created` holds, personal values stored beside the chain under salted digests.

Other systems' exports reach `import_cases` through a mapping (services/import_mapping.py, read
by services/import_files.py); the CFPB Consumer Complaint Database export is the shipped preset
resources/import_mappings/cfpb.toml.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..domain import audit
from ..domain.actions import Action
from ..domain.case import (
    OPEN_STATUSES,
    PRIORITY_RANK,
    CaseDraft,
    Channel,
    Priority,
    Status,
    Tier,
    check_customer,
    check_order,
    clean_tags,
    clean_text,
    effective_priority,
    parse_enum,
)
from ..domain.case_events import CaseOpened, raised_reason
from ..domain.errors import PermissionDenied, PolicyRefusal, UsageError, ValidationError
from ..domain.ids import case_reference
from ..domain.queues import Routed
from ..domain.sla import FINISHED, SlaPolicy, SlaTarget, missed_targets
from ..storage.queues import QueueRepository
from ..storage.repositories import AuditRepository, CaseRepository, UserRepository
from ..storage.store import Store
from .context import Context
from .queues import routed_for
from .sla import SlaCalendars

_sha256 = hashlib.sha256

Progress = Callable[[int, int], None]
"""progress(records read, records imported), called after each batch."""

Cancelled = Callable[[], bool]
"""Asked before each batch is written: True stops the import there (written batches stay)."""

MAX_BATCH = 50_000
SYSTEM_LIMIT, SOURCE_ID_LIMIT = 64, 200  # case_sources.system and .source_id


@dataclass(frozen=True, slots=True)
class ImportNote:
    """Earlier correspondence from the source system; becomes a note and a `note.imported`."""

    body: str
    written_at: datetime | None = None
    to_customer: bool = False
    author: str = ""  # as the source names the writer (kept, as a personal value, in the event)


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One case to import: the intake draft plus what the source system already knows."""

    draft: CaseDraft
    status: Status | str = Status.NEW
    received_at: datetime | None = None  # when we received it (SLA clock); default: import time
    resolved_at: datetime | None = None
    source: str = ""  # the source system, e.g. "cfpb"
    source_id: str = ""  # its id there
    source_data: dict[str, str] = field(default_factory=dict)  # kept in the import event
    notes: tuple[ImportNote, ...] = ()
    row: int | None = None  # position in the source (default: ordinal in the iterable)
    problem: str | None = None  # set by an adapter that could not map the source row


@dataclass(frozen=True, slots=True)
class RejectedRecord:
    row: int
    source_id: str
    message: str
    field: str | None = None

    def __str__(self) -> str:
        where = f"row {self.row}" + (f" ({self.source_id})" if self.source_id else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class PresentRecord:
    """A row whose (source system, source id) a case already has: not imported again."""

    row: int
    source_id: str
    reference: str  # the case that has it, or "" for an earlier row of the same run
    first_row: int | None = None  # that earlier row

    def __str__(self) -> str:
        where = f"row {self.row} ({self.source_id})"
        if self.reference:
            return f"{where}: already present as {self.reference}"
        return f"{where}: already present (row {self.first_row} of this file)"


@dataclass(frozen=True, slots=True)
class RowOutcome:
    """What became of one row: created (or would be, in a dry run), refused, already present."""

    row: int
    source_id: str
    outcome: str  # "created", "would create", "refused", "already present"
    detail: str  # the reference, what the case would be, or why not

    def to_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "source_id": self.source_id,
            "outcome": self.outcome,
            "detail": self.detail,
        }


@dataclass(frozen=True, slots=True)
class ImportResult:
    read: int
    imported: int
    rejected: tuple[RejectedRecord, ...]
    events: int
    customers_created: int
    notes: int
    batches: int
    first_reference: str | None
    last_reference: str | None
    seconds: float
    present: tuple[PresentRecord, ...] = ()
    outcomes: tuple[RowOutcome, ...] = ()  # row by row, when asked for (report=True)
    cancelled: bool = False

    @property
    def rows(self) -> int:
        """Cases plus events: the unit of the benchmark's bulk-load rate."""
        return self.imported + self.events

    def to_json(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "imported": self.imported,
            "rejected": [
                {"row": r.row, "source_id": r.source_id, "message": r.message, "field": r.field}
                for r in self.rejected
            ],
            "events": self.events,
            "customers_created": self.customers_created,
            "notes": self.notes,
            "batches": self.batches,
            "first_reference": self.first_reference,
            "last_reference": self.last_reference,
            "already_present": [
                {
                    "row": p.row,
                    "source_id": p.source_id,
                    "reference": p.reference or None,
                    "first_row": p.first_row,
                }
                for p in self.present
            ],
            "cancelled": self.cancelled,
            "seconds": round(self.seconds, 3),
            **({"rows": [o.to_json() for o in self.outcomes]} if self.outcomes else {}),
        }


# A validated note: (body, written_at, to_customer, author). A plain tuple: there are a million
# for 100,000 cases, a tuple is the cheapest thing to build and to unpack, and the cyclic garbage
# collector stops tracking a tuple of plain values, so a large batch does not make it rescan them.
_Note = tuple[str, datetime | None, bool, str]


# Made once per record; private and never changed after it is made, it is not frozen: a frozen
# dataclass sets each field through object.__setattr__, which made it several times slower to build.
# It keeps the checked customer and order as plain values, not as the Customer, Order and OrderItem
# objects the checks return: a batch holds thousands of records until it is written, and those
# objects (five per record, 28,000 for 5,000 records) made the cyclic garbage collector run a full
# collection of the whole heap during most batches.
@dataclass(slots=True)
class _Prepared:
    """A validated record: exactly what will be written."""

    row: int
    name: str
    email: str
    phone: str
    order_number: str
    currency: str
    total_minor: int
    shipping_minor: int
    placed_on: str | None  # ISO date
    # (line_no, sku, product, seller, quantity, unit_price_minor): ITEM_INSERT_COLUMNS but the case
    items: tuple[tuple[int, str, str, str, int, int], ...]
    category: str
    subcategory: str | None
    safety_hazard: bool
    channel: str
    priority: Priority
    raised: bool
    status: Status
    subject: str
    description: str
    tags: tuple[str, ...]
    received_at: datetime | None
    resolved_at: datetime | None
    source: dict[str, Any]
    notes: tuple[_Note, ...]
    system: str  # the source system and its id: a case is imported once per pair
    source_key: str


def _aware(moment: datetime | None, name: str) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        raise ValidationError(f"{name} must carry a time zone (UTC if unknown)", field=name)
    return moment


def _prepare(record: ImportRecord, row: int, ctx: Context) -> _Prepared:
    """The checks of CaseService.create, plus the import's own fields."""
    if record.problem:
        raise ValidationError(record.problem)
    if type(row) is not int:
        raise ValidationError(f"the row number must be a whole number, not {row!r}", field="row")
    draft = record.draft
    tax = ctx.taxonomy
    category, subcategory = tax.check(draft.category, draft.subcategory)
    cat = tax.get(category)
    if draft.safety_hazard and not cat.safety_flag:
        safety = ", ".join(c.slug for c in tax.categories if c.safety_flag)
        raise ValidationError(
            f"the safety-hazard flag applies to {safety} only", field="safety_hazard"
        )
    customer = check_customer(draft.customer)
    order = check_order(draft.order)
    subject = clean_text(draft.subject, "subject", required=True)
    description = clean_text(draft.description, "description", multiline=True)
    tags = clean_tags(draft.tags)
    channel = parse_enum(Channel, str(draft.channel), "channel")
    priority = effective_priority(
        parse_enum(Priority, str(draft.priority), "priority"),
        cat.priority_floor,
        draft.safety_hazard,
    )
    status = parse_enum(Status, str(record.status), "status")
    notes = tuple(
        (
            clean_text(n.body, "note", multiline=True, required=True),
            _aware(n.written_at, "written_at"),
            bool(n.to_customer),
            clean_text(n.author, "name") if n.author else "",
        )
        for n in record.notes
    )
    source: dict[str, Any] = {}
    if record.source or record.source_id:
        source = {
            "system": clean_text(record.source, "source"),
            "id": clean_text(record.source_id, "source_id"),
        }
        # What case_sources holds (schema step 13): refused here, not by the batch's INSERT.
        for key, limit in (("system", SYSTEM_LIMIT), ("id", SOURCE_ID_LIMIT)):
            if len(source[key]) > limit:
                name = "source" if key == "system" else "source_id"
                raise ValidationError(
                    f"{name.replace('_', ' ')} is too long: {len(source[key]):,} characters, "
                    f"at most {limit}",
                    field=name,
                )
    for key, value in record.source_data.items():
        source[clean_text(key, "source")] = clean_text(value, "source", multiline=True)
    return _Prepared(
        row,
        customer.name,
        customer.email,
        customer.phone,
        order.number,
        order.currency,
        order.total.minor,
        order.shipping.minor,
        order.placed_on.isoformat() if order.placed_on else None,
        tuple(
            (it.line_no, it.sku, it.product, it.seller, it.quantity, it.unit_price.minor)
            for it in order.items
        ),
        category,
        subcategory,
        bool(draft.safety_hazard),
        channel.value,
        priority,
        priority != draft.priority,
        status,
        subject,
        description,
        tags,
        _aware(record.received_at, "received_at"),
        _aware(record.resolved_at, "resolved_at"),
        source,
        notes,
        source.get("system", ""),
        source.get("id", "") if source.get("system") else "",
    )


# The events' data texts are audit.canonical_json's bytes, written out directly from validated
# values: the case's opening payload by domain.case_events.CaseOpened.text(), a note's here (ids
# are ints, times and digests hold nothing JSON escapes).
_JSON_BOOL = {True: "true", False: "false"}
_NOT_BREACHED: dict[SlaTarget, str | None] = {
    SlaTarget.FIRST_RESPONSE: None,
    SlaTarget.RESOLUTION: None,
}


def _salts(count: int) -> Callable[[], str]:
    """`count` salts of 8 random bytes each (hex), as UnitOfWork.personal draws, in one draw."""
    pool = secrets.token_hex(8 * count)
    return iter([pool[i : i + 16] for i in range(0, 16 * count, 16)]).__next__


@dataclass
class BatchRows:
    """Everything one batch writes, as tuples in the repositories' column order."""

    cases: list[tuple[Any, ...]] = field(default_factory=list)
    items: list[tuple[Any, ...]] = field(default_factory=list)
    notes: list[tuple[Any, ...]] = field(default_factory=list)
    personal: list[tuple[str, str, str]] = field(default_factory=list)
    # (action, target_type, target_id, case_id, data): what AuditRepository.append_many takes,
    # data being audit.canonical_json's text of the event's payload (see _build_rows)
    events: list[tuple[str, str, str, int | None, str]] = field(default_factory=list)
    sources: list[tuple[int, str, str]] = field(default_factory=list)  # (case_id, system, id)
    customers_created: int = 0
    first_reference: str = ""
    last_reference: str = ""


def _build_rows(
    prepared: Sequence[_Prepared],
    *,
    now: datetime,
    actor: str,
    first_number: int,
    case_ids: Sequence[int],
    note_ids: Iterable[int],
    customers: dict[str, tuple[int, bool]],
    author_id: int,
    policy: SlaPolicy,
    routed: Sequence[tuple[int, Routed] | None] | None = None,
) -> BatchRows:
    """The rows and events of one batch (pure: ids and customers were reserved by the caller).
    `routed`: per case, the member (user id, routing) the frontline queue's routing gives it.
    `policy`: the SLA calendar version in force, read once per import; each case's due and
    warning times are the ones CaseService.create gives a case opened at its creation time.

    Each event's data is audit.canonical_json's text of its payload, byte for byte (a test holds
    them equal), written out directly with its keys in sorted order instead of building a dict
    per event and encoding it: the import's events are millions, and building and encoding their
    dicts cost more than SQLite took to write them.
    """
    out = BatchRows()
    case_rows, item_rows, note_rows = out.cases, out.items, out.notes
    personal_rows, events = out.personal, out.events
    # Personal values: at most name, email, phone, description, the customer event's email, and
    # a body and author per note.
    next_salt = _salts(sum(5 + 2 * len(p.notes) for p in prepared))
    sep = audit.SEP
    fmt = audit.format_time

    def pii(value: str) -> str:
        """As UnitOfWork.personal: the value beside the chain, its salted digest (audit.pii_digest)
        inside it."""
        salt = next_salt()
        digest = _sha256(f"{salt}{sep}{value}".encode()).hexdigest()
        personal_rows.append((digest, salt, value))
        return digest

    stamp = fmt(now)
    version = policy.version
    next_note = iter(note_ids).__next__
    frontline = Tier.FRONTLINE.value
    announced: set[int] = set()
    given = routed if routed is not None else [None] * len(prepared)
    for number, case_id, p, route in zip(
        range(first_number, first_number + len(prepared)), case_ids, prepared, given, strict=True
    ):
        reference = case_reference(now.year, number)
        customer_id, created = customers[p.email]
        created_at = p.received_at or now
        schedule = policy.schedule(created_at, p.priority, p.category)
        first_due, resolution_due = schedule.first_response_due, schedule.resolution_due
        # Each time formatted once: the row and the event hold the same texts.
        created_text, first_due_text, resolution_due_text = (
            fmt(created_at),
            fmt(first_due),
            fmt(resolution_due),
        )
        resolved_text = fmt(p.resolved_at) if p.resolved_at else None
        # case.imported: what case.created holds (category, ..., the customer and order, the
        # times), with the source row, the source section and why the priority was raised.
        opened = CaseOpened(
            reference=reference,
            category=p.category,
            subcategory=p.subcategory,
            safety_hazard=p.safety_hazard,
            channel=p.channel,
            priority=p.priority.value,
            status=p.status.value,
            tier=frontline,
            subject=p.subject,
            customer_name=pii(p.name),
            customer_email=pii(p.email),
            customer_phone=pii(p.phone) if p.phone else "",
            description=pii(p.description) if p.description else "",
            tags=p.tags,
            customer_id=customer_id,
            order_number=p.order_number,
            currency=p.currency,
            total_minor=p.total_minor,
            shipping_minor=p.shipping_minor,
            items=len(p.items),
            first_response_due=first_due_text,
            resolution_due=resolution_due_text,
            created_at=created_text,
            resolved_at=resolved_text,
            reason=raised_reason(p.priority.value) if p.raised else None,
            row=p.row,
            source=p.source or None,
        )
        events.append((Action.CASE_IMPORTED, "case", reference, case_id, opened.text()))
        if created and customer_id not in announced:
            announced.add(customer_id)
            out.customers_created += 1
            events.append(
                (
                    Action.CUSTOMER_CREATED,
                    "customer",
                    str(customer_id),
                    case_id,
                    f'{{"email":{{"pii":"{pii(p.email)}"}}}}',
                )
            )
        # Last update and first reply to the customer: the latest note, the first reply (ties
        # keep the earlier), each time formatted once, as the note's own row holds it.
        updated_at, updated_text = created_at, created_text
        first_response: datetime | None = None
        first_response_text: str | None = None
        for body, written_at, to_customer, author in p.notes:
            note_id = next_note()
            if written_at is None:
                moment, written = now, stamp
            else:
                moment, written = written_at, fmt(written_at)
            if moment > updated_at:
                updated_at, updated_text = moment, written
            if to_customer and (first_response is None or moment < first_response):
                first_response, first_response_text = moment, written
            note_rows.append((note_id, case_id, author_id, body, not to_customer, written))
            author_data = f'{{"pii":"{pii(author)}"}}' if author else '""'
            events.append(
                (
                    Action.NOTE_IMPORTED,
                    "case",
                    reference,
                    case_id,
                    f'{{"author":{author_data},"body":{{"pii":"{pii(body)}"}},"note_id":{note_id},'
                    f'"to_customer":{_JSON_BOOL[to_customer]},"written_at":"{written}"}}',
                )
            )
        # Targets already missed when the record arrives, recorded as a live case records them
        # in the change that made them late: a case resolved (or closed) after its due time, by
        # the time it stopped; a first response given late, in any status. An open case's
        # running clock is the sweep's (it escalates on breach; the import does not).
        breached = dict(_NOT_BREACHED)
        late: list[tuple[SlaTarget, datetime]] = []
        if p.status in FINISHED and p.resolved_at is not None:
            late = missed_targets(first_due, resolution_due, first_response, p.resolved_at)
        elif first_response is not None and first_response > first_due:
            late = [(SlaTarget.FIRST_RESPONSE, first_due)]
        for target, _ in late:
            breached[target] = (
                first_due_text if target is SlaTarget.FIRST_RESPONSE else resolution_due_text
            )
        case_rows.append(
            (
                case_id,
                reference,
                customer_id,
                p.name,
                p.email,
                p.phone,
                p.order_number,
                p.placed_on,
                p.currency,
                p.total_minor,
                p.shipping_minor,
                p.category,
                p.subcategory,
                p.safety_hazard,
                p.channel,
                p.priority.value,
                PRIORITY_RANK[p.priority],
                p.status.value,
                frontline,
                route[0] if route else None,
                p.subject,
                p.description,
                ",".join(p.tags),
                created_text,
                updated_text,
                actor,
                first_due_text,
                resolution_due_text,
                first_response_text,
                resolved_text,
                1,
                version,
                fmt(schedule.first_response_warn_at),
                fmt(schedule.resolution_warn_at),
                breached[SlaTarget.FIRST_RESPONSE],
                breached[SlaTarget.RESOLUTION],
            )
        )
        item_rows.extend([(case_id, *item) for item in p.items])
        if p.source_key:
            out.sources.append((case_id, p.system, p.source_key))
        if route:
            events.append(
                (
                    Action.CASE_ROUTED,
                    "case",
                    reference,
                    case_id,
                    audit.canonical_json(
                        {"assignee": route[1].username, "rule": route[1].rule, "tier": frontline}
                    ),
                )
            )
        # After the routing: the breach's event names the assignee the row holds (as
        # services.sla.record writes it).
        for target, _ in late:
            events.append(
                (
                    Action.SLA_BREACHED,
                    "case",
                    reference,
                    case_id,
                    audit.canonical_json(
                        {
                            "target": target.value,
                            "due": breached[target],
                            "calendar_version": version,
                            "assignee": route[1].username if route else None,
                            "tier": frontline,
                        }
                    ),
                )
            )
    if prepared:
        out.first_reference = case_reference(now.year, first_number)
        out.last_reference = case_reference(now.year, first_number + len(prepared) - 1)
    return out


def _present(cases: CaseRepository, prepared: Sequence[_Prepared]) -> dict[tuple[str, str], str]:
    """{(system, source id): reference} of the batch's records some case already has."""
    wanted: dict[str, list[str]] = {}
    for p in prepared:
        if p.source_key:
            wanted.setdefault(p.system, []).append(p.source_key)
    return {
        (system, source_id): reference
        for system, ids in wanted.items()
        for source_id, reference in cases.sources_present(system, ids).items()
    }


def _routed(store: Store, prepared: Sequence[_Prepared]) -> list[tuple[int, Routed] | None]:
    """Who the frontline queue's routing gives each open imported case: one read of the
    routing, its members and their latest cases for the whole batch, never one per row."""
    open_at = [i for i, p in enumerate(prepared) if p.status in OPEN_STATUSES]
    out: list[tuple[int, Routed] | None] = [None] * len(prepared)
    if not open_at:
        return out
    routes = routed_for(store, Tier.FRONTLINE, [prepared[i].category for i in open_at])
    names = sorted({r.username for r in routes if r is not None})
    ids = QueueRepository(store).user_ids(names) if names else {}
    for i, r in zip(open_at, routes, strict=True):
        if r is not None:
            out[i] = (ids[r.username], r)
    return out


def _write_batch(
    ctx: Context, prepared: list[_Prepared], author_id: int, policy: SlaPolicy
) -> tuple[BatchRows, list[_Prepared], dict[tuple[str, str], str]]:
    """Write one batch in one transaction: the rows written, the records written, and those a
    case already had (by source system and id), found under the counter's row lock."""
    store = ctx.store
    cases = CaseRepository(store)
    trail = AuditRepository(store)
    now = ctx.now()
    counter = f"case-{now.year}"
    with store.transaction(ctx.actor, now) as work:
        present: dict[tuple[str, str], str] = {}
        if any(p.source_key for p in prepared):
            # Two imports of one export at once: the second waits here until the first
            # commits, then finds its cases (the unique index would refuse them anyway).
            cases.lock_counter(counter)
            present = _present(cases, prepared)
            if present:
                prepared = [p for p in prepared if (p.system, p.source_key) not in present]
        if not prepared:
            return BatchRows(), prepared, present
        # Row locks first (the counter), the chain head last: the unit of work's lock order.
        first_number = cases.reserve_counter(counter, len(prepared))
        customers = cases.customers_bulk([(p.email, p.name, p.phone) for p in prepared], now)
        rows = _build_rows(
            prepared,
            now=now,
            actor=ctx.actor.username,
            first_number=first_number,
            case_ids=cases.reserve_ids("cases", len(prepared)),
            note_ids=cases.reserve_ids("notes", sum(len(p.notes) for p in prepared)),
            customers=dict(customers),
            author_id=author_id,
            policy=policy,
            routed=_routed(store, prepared),
        )
        cases.insert_bulk(rows.cases, rows.items, rows.notes, rows.sources)
        trail.add_personal_bulk(rows.personal)
        # Last: the chain-head lock.
        trail.append_many(rows.events, ctx.actor, now)
        # The batch's rows as written, vouched by one event after the cases' own (format 2).
        work.emit(
            Action.IMPORT_BATCH_WRITTEN,
            "import",
            rows.first_reference,
            {"cases": len(rows.cases), "first": rows.first_reference, "last": rows.last_reference},
        )
    return rows, prepared, present


@dataclass
class ImportPlan:
    """What `import_cases` writes into an empty database, for the benchmark's raw baseline."""

    customers: list[tuple[Any, ...]]  # (id, email_norm, name, email, phone, created_at)
    rows: BatchRows
    rejected: list[RejectedRecord]
    counter: str


def plan_import(
    ctx: Context, records: Iterable[ImportRecord], *, now: datetime, author_id: int
) -> ImportPlan:
    """The exact rows (same validation, same columns, same event data) of importing `records` in
    one batch into an empty database: ids and numbers from 1, every customer new."""
    prepared: list[_Prepared] = []
    rejected: list[RejectedRecord] = []
    for n, record in enumerate(records, 1):
        try:
            prepared.append(_prepare(record, record.row if record.row is not None else n, ctx))
        except (ValidationError, PolicyRefusal) as exc:
            rejected.append(RejectedRecord(n, record.source_id, exc.message))
    customers: dict[str, tuple[int, bool]] = {}
    customer_rows: list[tuple[Any, ...]] = []
    stamp = audit.format_time(now)
    for p in prepared:
        if p.email not in customers:
            customers[p.email] = (len(customers) + 1, True)
            customer_rows.append((len(customers), p.email, p.name, p.email, p.phone, stamp))
    rows = _build_rows(
        prepared,
        now=now,
        actor=ctx.actor.username,
        first_number=1,
        case_ids=range(1, len(prepared) + 1),
        note_ids=range(1, sum(len(p.notes) for p in prepared) + 1),
        customers=customers,
        author_id=author_id,
        policy=SlaCalendars(ctx.store).current_policy(),
    )
    return ImportPlan(customer_rows, rows, rejected, f"case-{now.year}")


def import_cases(
    ctx: Context,
    records: Iterable[ImportRecord],
    *,
    batch: int = 5000,
    progress: Progress | None = None,
    dry_run: bool = False,
    report: bool = False,
    cancelled: Cancelled | None = None,
) -> ImportResult:
    """Import cases in batches of `batch` per transaction; bad records are reported, not written.

    Only an admin (or `system`, for set-up) may import. Returns counts, the rejected rows with
    their messages, the rows already imported, and the range of references given. A record
    with a source system and id is imported once: a case that has them (written by an earlier
    import, or by another import committing first) or an earlier row of the same run makes it
    "already present". With `dry_run` every record is read and checked as for real, against the
    cases already there, but nothing is written: `imported` counts the records that would be.
    `report` adds each row's outcome (a dry run's row-by-row report). `cancelled` is asked
    before each batch; the batches written before it said yes stay written.
    """
    if ctx.actor.role not in ("admin", "system"):
        raise PermissionDenied("only an admin may import cases")
    if not 1 <= batch <= MAX_BATCH:
        raise UsageError(f"batch must be between 1 and {MAX_BATCH}")
    started = time.perf_counter()
    author_id = ctx.user_id
    if author_id is None:
        found = UserRepository(ctx.store).get("system")
        if found is None:
            raise UsageError("the database has no system user: run 'resolution-center init'")
        author_id = found[0].id
    # Read once: every case of the import follows the version in force when it started.
    policy = SlaCalendars(ctx.store).current_policy()
    rejected: list[RejectedRecord] = []
    present: list[PresentRecord] = []
    outcomes: list[RowOutcome] = []
    pending: list[_Prepared] = []
    seen: dict[tuple[str, str], int] = {}  # (system, source id) -> the row that had it first
    read = imported = events = customers = notes = batches = 0
    first_ref: str | None = None
    last_ref: str | None = None
    stopped = False

    def already(p: _Prepared, reference: str) -> None:
        present.append(PresentRecord(p.row, p.source_key, reference))
        if report:
            outcomes.append(RowOutcome(p.row, p.source_key, "already present", f"as {reference}"))

    def flush() -> None:
        nonlocal imported, events, customers, notes, batches, first_ref, last_ref, stopped
        if not pending:
            return
        if cancelled is not None and cancelled():
            stopped = True
            pending.clear()
            return
        if dry_run:
            with ctx.store.reading():
                there = _present(CaseRepository(ctx.store), pending)
            for p in pending:
                reference = there.get((p.system, p.source_key))
                if reference:
                    already(p, reference)
                    continue
                imported += 1
                if report:
                    kind = f"{p.category}/{p.subcategory}" if p.subcategory else p.category
                    what = f"{kind}: {p.subject}"
                    outcomes.append(RowOutcome(p.row, p.source_key, "would create", what))
            pending.clear()
            if progress:
                progress(read, imported)
            return
        rows, written, there = _write_batch(ctx, pending, author_id, policy)
        for p in pending:
            reference = there.get((p.system, p.source_key))
            if reference:
                already(p, reference)
        if report:
            refs = (r[1] for r in rows.cases)
            outcomes.extend(
                RowOutcome(p.row, p.source_key, "created", ref)
                for p, ref in zip(written, refs, strict=True)
            )
        if written:
            imported += len(written)
            events += len(rows.events)
            customers += rows.customers_created
            notes += len(rows.notes)
            batches += 1
            first_ref = first_ref or rows.first_reference
            last_ref = rows.last_reference
        pending.clear()
        if progress:
            progress(read, imported)

    for record in records:
        read += 1
        row = record.row if record.row is not None else read
        try:
            prepared = _prepare(record, row, ctx)
        except (ValidationError, PolicyRefusal) as exc:
            rejected.append(
                RejectedRecord(row, record.source_id, exc.message, getattr(exc, "field", None))
            )
            if report:
                outcomes.append(RowOutcome(row, record.source_id, "refused", exc.message))
        else:
            key = (prepared.system, prepared.source_key)
            if prepared.source_key and key in seen:
                present.append(PresentRecord(row, prepared.source_key, "", seen[key]))
                if report:
                    outcomes.append(
                        RowOutcome(
                            row,
                            prepared.source_key,
                            "already present",
                            f"row {seen[key]} of this file",
                        )
                    )
            else:
                if prepared.source_key:
                    seen[key] = row
                pending.append(prepared)
        if len(pending) >= batch:
            flush()
            if stopped:
                break
    if not stopped:
        flush()
    if progress and not batches:
        progress(read, imported)
    outcomes.sort(key=lambda o: o.row)
    return ImportResult(
        read,
        imported,
        tuple(rejected),
        events,
        customers,
        notes,
        batches,
        first_ref,
        last_ref,
        time.perf_counter() - started,
        tuple(present),
        tuple(outcomes),
        stopped,
    )
