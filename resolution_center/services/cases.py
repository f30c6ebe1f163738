"""Case use cases: intake, edits with optimistic locking, status, assignment, escalation, notes."""

from __future__ import annotations

import builtins  # a class here has a list() method, which annotations would name
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ..domain import case_changes
from ..domain.actions import Action
from ..domain.case import (
    OPEN_STATUSES,
    SEARCH_COUNT_BOUND,
    TIER_ORDER,
    Case,
    CaseDraft,
    CaseFilter,
    CaseQuery,
    CaseRow,
    Note,
    Status,
    Tier,
    check_customer,
    check_order,
    clean_tags,
    clean_text,
    effective_priority,
    parse_enum,
)
from ..domain.case_changes import CaseChange, jsonable, safety_categories
from ..domain.case_events import CaseOpened, raised_reason
from ..domain.closing import close_check, open_remedies
from ..domain.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from ..domain.ids import (
    CaseId,
    case_reference,
    is_case_reference,
)
from ..domain.queues import EscalationRule, check_member, next_tier, previous_tier
from ..domain.remedy_record import Remedy
from ..domain.sla_clock import with_clock
from ..storage.case_columns import case_columns
from ..storage.queues import QueueRepository
from ..storage.remedies import RemedyRepository
from ..storage.repositories import AuditRepository, CaseRepository, UserRepository, ts
from ..storage.sla import SlaRepository
from ..storage.store import UnitOfWork
from .context import Context
from .guards import CaseLookup, require_person
from .queues import give_routed, routed_for
from .sla import SlaCalendars, record_breaches


@dataclass(frozen=True, slots=True)
class CasePage:
    items: list[CaseRow]
    total: int  # exact; or, when `total_exact` is false, more than this many match
    limit: int
    offset: int
    total_exact: bool = True


class CaseService:
    def __init__(
        self,
        ctx: Context,
        signable_case_ids: Callable[[], list[CaseId]] | None = None,
        after_intake: Callable[[UnitOfWork, CaseId], object] | None = None,
        after_resolution: Callable[[UnitOfWork, Case], object] | None = None,
    ) -> None:
        """`signable_case_ids`: the cases with a remedy the actor may sign off now (a read
        model the remedies service keeps, since SQL cannot judge authority); `after_intake`:
        what a new case's transaction does last (its acknowledgement, services/messages.py).
        `after_resolution`: what a change that resolves or closes an open case does last (the
        satisfaction survey, services/satisfaction.py). The composition root (session.py)
        hands them in."""
        self.ctx = ctx
        self.repo = CaseRepository(ctx.store)
        self.audit = AuditRepository(ctx.store)
        self.lookup = CaseLookup(ctx.store)
        self.queues = QueueRepository(ctx.store)
        self.signable_case_ids = signable_case_ids
        self.after_intake = after_intake
        self.after_resolution = after_resolution
        # The calendar versions cases follow (a read model: versions never change once saved).
        self.sla = SlaCalendars(ctx.store)

    def _require_person(self) -> None:
        require_person(self.ctx.actor, "work on cases")

    # ---- reads ------------------------------------------------------------------------------
    def resolve(self, ref_or_id: str | int) -> CaseId:
        return self.lookup.resolve(ref_or_id)

    def get(self, ref_or_id: str | int) -> Case:
        return self.lookup.get(ref_or_id)

    def list(self, query: CaseQuery, *, count: bool = True) -> CasePage:
        """A page of rows and the number of matches. With `count=False` the total is only
        counted when the page shows it is all (fewer rows than the limit); else it reads "more
        than the page" (`total_exact` false): the window counts on a worker (48,000 open cases
        took 46 ms to count, against 1 ms for their first page)."""
        query = replace(query, filter=self._resolved(query.filter))
        rows, total, exact = self.repo.list(query, self.ctx.now(), count=count)
        return CasePage(rows, total, query.limit, query.offset, exact)

    def ids(
        self, query: CaseQuery, *, offset: int = 0, limit: int | None = None
    ) -> builtins.list[CaseId]:
        """The matching ids in order: all, or `limit` of them from `offset`."""
        return self.repo.ids(
            replace(query, filter=self._resolved(query.filter)),
            self.ctx.now(),
            offset=offset,
            limit=limit,
        )

    def count(self, f: CaseFilter, *, at_most: int | None = None) -> int:
        """How many cases match; with `at_most`, a number past it means "more than it" (the
        work then stops there, however many match)."""
        return self.repo.count(self._resolved(f), self.ctx.now(), at_most=at_most)

    def list_total(self, f: CaseFilter) -> tuple[int, bool]:
        """(total, exact) as the window counts a list: exactly, but a word search only up to
        SEARCH_COUNT_BOUND (not exact: more than that many match)."""
        if not f.search.strip():
            return self.count(f), True
        found = self.count(f, at_most=SEARCH_COUNT_BOUND)
        return min(found, SEARCH_COUNT_BOUND), found <= SEARCH_COUNT_BOUND

    def position(self, query: CaseQuery, case_id: CaseId) -> int | None:
        """A case's place in the query's order (0 first), None when it does not match."""
        return self.repo.position(
            replace(query, filter=self._resolved(query.filter)), self.ctx.now(), case_id
        )

    def rows(self, ids: builtins.list[CaseId]) -> dict[CaseId, CaseRow]:
        return self.repo.rows(ids)

    def counts(self, f: CaseFilter) -> dict[str, dict[str, int]]:
        return self.repo.counts(self._resolved(f), self.ctx.now())

    def _resolved(self, f: CaseFilter) -> CaseFilter:
        """The filter with criteria the database cannot judge turned into case ids."""
        if not f.awaiting_my_signoff:
            return f
        if self.signable_case_ids is None:
            raise ValidationError("awaiting my sign-off needs the remedies' read model")
        mine = self.signable_case_ids()
        ids = mine if f.case_ids is None else sorted(set(mine) & set(f.case_ids))
        return replace(f, awaiting_my_signoff=False, case_ids=tuple(ids))

    def notes(self, ref_or_id: str | int) -> builtins.list[Note]:
        return self.repo.notes(self.resolve(ref_or_id))

    # ---- intake -----------------------------------------------------------------------------
    def create(self, draft: CaseDraft) -> Case:
        self._require_person()
        tax = self.ctx.taxonomy
        category, subcategory = tax.check(draft.category, draft.subcategory)
        cat = tax.get(category)
        if draft.safety_hazard and not cat.safety_flag:
            raise ValidationError(
                f"the safety-hazard flag applies to {', '.join(safety_categories(tax))} only",
                field="safety_hazard",
            )
        customer = check_customer(draft.customer)
        order = check_order(draft.order)
        subject = clean_text(draft.subject, "subject", required=True)
        description = clean_text(draft.description, "description", multiline=True)
        tags = clean_tags(draft.tags)
        priority = effective_priority(draft.priority, cat.priority_floor, draft.safety_hazard)
        now = self.ctx.now()
        policy = self.sla.current_policy()
        schedule = policy.schedule(now, priority, category)
        first_due, resolution_due = schedule.first_response_due, schedule.resolution_due
        with self.ctx.store.transaction(self.ctx.actor, now) as work:
            number = self.repo.next_counter(f"case-{now.year}")
            reference = case_reference(now.year, number)
            customer_id, new_customer = self.repo.customer_for(customer, now)
            case_id = self.repo.insert(
                reference,
                customer_id,
                customer,
                order,
                category=category,
                subcategory=subcategory,
                safety_hazard=draft.safety_hazard,
                channel=draft.channel.value,
                priority=priority,
                tier=Tier.FRONTLINE.value,
                subject=subject,
                description=description,
                tags=tags,
                now=now,
                first_response_due=first_due,
                resolution_due=resolution_due,
                actor=self.ctx.actor.username,
            )

            SlaRepository(self.ctx.store).start_clock(case_id, policy.version, schedule)

            def digest(value: str) -> str:
                return work.personal(value)["pii"] if value else ""

            opened = CaseOpened(
                reference=reference,
                category=category,
                subcategory=subcategory,
                safety_hazard=draft.safety_hazard,
                channel=draft.channel.value,
                priority=priority.value,
                status=Status.NEW.value,
                tier=Tier.FRONTLINE.value,
                subject=subject,
                description=digest(description),
                tags=tuple(tags),
                customer_id=customer_id,
                customer_name=digest(customer.name),
                customer_email=digest(customer.email),
                customer_phone=digest(customer.phone),
                order_number=order.number,
                currency=order.currency,
                total_minor=order.total.minor,
                shipping_minor=order.shipping.minor,
                items=len(order.items),
                first_response_due=ts(first_due),
                resolution_due=ts(resolution_due),
                reason=raised_reason(priority.value) if priority != draft.priority else None,
            )
            work.emit(Action.CASE_CREATED, "case", reference, opened.data(), case_id=case_id)
            if new_customer:
                work.emit(
                    Action.CUSTOMER_CREATED,
                    "customer",
                    customer_id,
                    {"email": work.personal(customer.email)},
                    case_id=case_id,
                )
            # Last: the routing's event carries the case row as routing left it.
            routed = routed_for(self.ctx.store, Tier.FRONTLINE, [category])[0]
            if routed is not None:
                give_routed(self.ctx.store, work, case_id, reference, Tier.FRONTLINE, routed)
            if self.after_intake is not None:
                self.after_intake(work, case_id)
        return self.get(case_id)

    # ---- changes ----------------------------------------------------------------------------
    def _apply(
        self,
        case: Case,
        change: CaseChange,
        before: Callable[[UnitOfWork], dict[str, Any]] | None = None,
    ) -> Case:
        """The version-checked write of `case` as read (at case.version) and its event, in one
        transaction; returns the case as written, or raises the conflict with what changed.
        `before` writes other rows of the same change first (a merge's link) and returns what
        the event adds about them."""
        now = self.ctx.now()
        change = with_clock(case, change, self.sla.policy(case.sla_calendar_version), now)
        with self.ctx.store.transaction(self.ctx.actor, now) as work:
            data = change.event_data(case.version + 1)
            if before is not None:
                data.update(before(work))
            for name in change.personal:  # old and new text kept beside the chain
                entry = data["changes"][name]
                entry.update(old=work.personal(entry["old"]), new=work.personal(entry["new"]))
            values = case_columns(change.fields, change.assignee_id)
            fields, action = change.fields, change.action
            written = self.repo.update_audited(work, case, values, fields, action, data)
            if written is None:
                raise self._conflict(case.id, case.version, values)
            breached = record_breaches(self.ctx.store, work, written)
            if breached:
                written = self.repo.get(case.id) or written
            if (
                self.after_resolution is not None
                and case.status in OPEN_STATUSES
                and written.status in (Status.RESOLVED, Status.CLOSED)
                and action is not Action.CASE_MERGED  # the survivor's customer is asked
            ):
                self.after_resolution(work, written)
            return written

    def _load_for_change(self, ref_or_id: str | int, expected_version: int | None) -> Case:
        self._require_person()
        case = self.get(ref_or_id)
        if expected_version is not None and case.version != expected_version:
            raise self._conflict(case.id, expected_version, {})
        return case

    def _conflict(
        self, case_id: CaseId, expected_version: int, yours: dict[str, Any]
    ) -> ConflictError:
        """Say who changed the case and what, so the user can merge without losing input."""
        current = self.repo.get(case_id)
        if current is None:
            return ConflictError("the case no longer exists")
        if expected_version >= current.version:
            return ConflictError(
                f"{current.reference} is at version {current.version}, not {expected_version}: "
                "reload the case and apply your change to what is stored",
                case=current.reference,
                current_version=current.version,
                your_changes={k: jsonable(v) for k, v in yours.items()},
            )
        changed: dict[str, Any] = {}
        for event in self.audit.for_case(case_id):
            data = event.payload()
            if int(data.get("version", 0)) > expected_version:
                for name, diff in (data.get("changes") or {}).items():
                    changed[name] = diff.get("new")
                if "new" in data and event.action != Action.CASE_CREATED:
                    changed.update(
                        {k: v for k, v in data["new"].items() if not isinstance(v, dict)}
                    )
        return ConflictError(
            f"{current.reference} was changed by {current.updated_by or 'someone'} at "
            f"{current.updated_at:%Y-%m-%d %H:%M:%S} UTC after you opened it (version "
            f"{expected_version} -> {current.version}); your changes were not saved and are "
            "kept for you to apply again",
            case=current.reference,
            changed_by=current.updated_by,
            changed_at=ts(current.updated_at),
            current_version=current.version,
            their_changes=changed,
            your_changes={k: jsonable(v) for k, v in yours.items()},
        )

    def update(
        self, ref_or_id: str | int, expected_version: int | None, changes: dict[str, Any]
    ) -> Case:
        """Edit case details; every changed field is recorded old -> new in one event.

        Without an expected version the version read here is the one expected, so a change
        written by someone else between this read and the write is still refused.
        """
        case = self._load_for_change(ref_or_id, None)
        change = case_changes.edit(case, changes, self.ctx.taxonomy)
        # Written only if the case is still at the version the user edited.
        seen = case.version if expected_version is None else expected_version
        return self._apply(replace(case, version=seen), change)

    def change_status(
        self,
        ref_or_id: str | int,
        new_status: str,
        expected_version: int | None = None,
        reason: str | None = None,
        *,
        code: str | None = None,
        summary: str | None = None,
        override: str | None = None,
    ) -> Case:
        """Resolving needs `code` (a taxonomy resolution) and `summary`; closing over open
        remedies needs a supervisor's `override` reason (domain/closing.py)."""
        case = self._load_for_change(ref_or_id, expected_version)
        new = parse_enum(Status, new_status, "status")
        ruling = None
        if new is Status.CLOSED:
            ruling = close_check(case, self.remedies_of(case.id), override, self.ctx.actor.role)
        elif (override or "").strip():
            raise ValidationError("an override applies to closing a case", field="override")
        change = case_changes.change_status(
            case,
            new,
            reason,
            self.ctx.now(),
            tax=self.ctx.taxonomy,
            code=code,
            summary=summary,
            override=ruling,
        )
        return self._apply(case, change)

    def apply_change(
        self,
        case: Case,
        change: CaseChange,
        expected_version: int | None,
        before: Callable[[UnitOfWork], dict[str, Any]],
    ) -> Case:
        """A change another service asked of the domain, written as this service writes its
        own (version check, SLA clock, one event), with `before`'s rows in the same
        transaction (services/case_links.py: a merge's link)."""
        if expected_version is not None and case.version != expected_version:
            raise self._conflict(case.id, expected_version, {})
        return self._apply(case, change, before)

    def remedies_of(self, case_id: CaseId) -> builtins.list[Remedy]:
        return RemedyRepository(self.ctx.store).for_cases([case_id]).get(case_id, [])

    def open_remedies(self, ref_or_id: str | int) -> builtins.list[Remedy]:
        """What keeps the case from closing: remedies promised and not yet carried out."""
        return list(open_remedies(self.remedies_of(self.resolve(ref_or_id))))

    def assign(
        self, ref_or_id: str | int, username: str | None, expected_version: int | None = None
    ) -> Case:
        """Hand the case to a member of its tier's queue (or to nobody): who may hold a case
        at a tier is the queue's membership, so a name outside it is refused with who is in."""
        case = self._load_for_change(ref_or_id, expected_version)
        name, assignee_id = self._member(case.tier, username)
        return self._apply(case, case_changes.assign(case, name, assignee_id))

    def _member(self, tier: Tier, username: str | None) -> tuple[str | None, int | None]:
        """(name, user id) of a member of `tier`'s queue who may take cases, or (None, None)."""
        name = (username or "").strip().lower() or None
        if not name:
            return None, None
        found = UserRepository(self.ctx.store).get(name)
        if not found or found[0].role == "system":
            raise NotFound(f"no user named {name!r}", field="assignee")
        if found[0].disabled:
            raise ValidationError(f"{name} is disabled and cannot take cases", field="assignee")
        check_member(tier, name, self.queues.active_names(tier))
        return name, found[0].id

    def escalate(
        self,
        ref_or_id: str | int,
        reason: str,
        expected_version: int | None = None,
        to: str | None = None,
    ) -> Case:
        """Up a tier, into its queue: to the member `to`, or waiting for one of them."""
        case = self._load_for_change(ref_or_id, expected_version)
        case_changes.escalate(case, reason)  # the reason, the status and the tier first
        name, user_id, routed = self._arrival(case, next_tier(case.tier), to)
        change = case_changes.escalate(case, reason, name, user_id, routed=routed)
        return self._apply(case, change)

    def deescalate(
        self,
        ref_or_id: str | int,
        reason: str,
        expected_version: int | None = None,
        to: str | None = None,
    ) -> Case:
        """Down a tier, into its queue: to the member `to`, or waiting for one of them."""
        case = self._load_for_change(ref_or_id, expected_version)
        case_changes.deescalate(case, reason)  # the reason, the status and the tier first
        name, user_id, routed = self._arrival(case, previous_tier(case.tier), to)
        change = case_changes.deescalate(case, reason, name, user_id, routed=routed)
        return self._apply(case, change)

    def _arrival(
        self, case: Case, tier: Tier, to: str | None
    ) -> tuple[str | None, int | None, str | None]:
        """Who takes a case arriving in `tier`'s queue: the member named, else whom the queue's
        routing chooses (with its rule), else nobody: it waits there."""
        name, user_id = self._member(tier, to)
        if name is not None:
            return name, user_id, None
        routed = routed_for(self.ctx.store, tier, [case.category])[0]
        if routed is None:
            return None, None, None
        name, user_id = self._member(tier, routed.username)
        return name, user_id, routed.rule

    def escalate_by_rule(
        self, case_id: CaseId, rule: EscalationRule, reason: str, tier: Tier | None = None
    ) -> Case | None:
        """A rule escalated the case by itself (a remedy above its tier's authority, an SLA
        breach): into the next tier's queue (or `tier`'s), nobody named, the event naming the
        rule. Run inside the caller's transaction. None: the case is closed or at the top."""
        case = self.repo.get(case_id)
        if case is None or case.status not in OPEN_STATUSES or case.tier is TIER_ORDER[-1]:
            return None
        target = next_tier(case.tier)
        if tier is not None and TIER_ORDER.index(tier) > TIER_ORDER.index(target):
            target = tier
        name, user_id, routed = self._arrival(case, target, None)
        change = case_changes.escalate(
            case, reason, name, user_id, tier=tier, rule=rule, routed=routed
        )
        return self._apply(case, change)

    def add_note(self, ref_or_id: str | int, body: str, *, to_customer: bool = False) -> Note:
        """Notes never conflict with edits, so they do not bump the case version.

        A message to the customer is the first response for the SLA clock.
        """
        self._require_person()
        case = self.get(ref_or_id)
        text = clean_text(body, "note", multiline=True, required=True)
        if self.ctx.user_id is None:
            raise PermissionDenied("log in as a user to add notes")
        now = self.ctx.now()
        with self.ctx.store.transaction(self.ctx.actor, now) as work:
            note_id = self.repo.add_note(case.id, self.ctx.user_id, text, not to_customer, now)
            data: dict[str, Any] = {
                "note_id": note_id,
                "body": work.personal(text),
                "to_customer": to_customer,
            }
            if to_customer and case.first_responded_at is None:
                self.repo.mark_first_response(case.id, now)
                data["first_response"] = ts(now)
            work.emit(Action.NOTE_ADDED, "case", case.reference, data, case_id=case.id)
            if data.get("first_response"):  # a late first response is a breach from now on
                work.flush()  # the note's event carries its rows; the breach's, the case row
                record_breaches(self.ctx.store, work, replace(case, first_responded_at=now))
        return next(n for n in self.repo.notes(case.id) if n.id == note_id)

    def reference_or_none(self, text: str) -> str | None:
        return text.strip().upper() if is_case_reference(text) else None
