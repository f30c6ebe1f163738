"""Case use cases: intake, edits with optimistic locking, status, assignment, escalation, notes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from ..domain.actions import Action
from ..domain.case import (
    EDITABLE_FIELDS,
    OPEN_STATUSES,
    TIER_ORDER,
    Case,
    CaseDraft,
    CaseFilter,
    CaseQuery,
    CaseRow,
    Channel,
    Note,
    Priority,
    Status,
    Tier,
    check_customer,
    check_order,
    check_transition,
    clean_tags,
    clean_text,
    effective_priority,
    parse_enum,
)
from ..domain.case_events import CaseOpened, raised_reason
from ..domain.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from ..domain.ids import (
    CaseId,
    case_reference,
    is_case_reference,
)
from ..domain.sla import due_times
from ..domain.taxonomy import Taxonomy
from ..storage.repositories import AuditRepository, CaseRepository, UserRepository, dt, ts
from ..storage.store import UnitOfWork
from .context import Context
from .guards import CaseLookup, require_person


@dataclass(frozen=True, slots=True)
class CasePage:
    items: list[CaseRow]
    total: int  # exact; or, when `total_exact` is false, more than this many match
    limit: int
    offset: int
    total_exact: bool = True


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, datetime):
        return ts(value)
    if hasattr(value, "value"):
        return value.value
    return value


def safety_categories(tax: Taxonomy) -> list[str]:
    return [c.slug for c in tax.categories if c.safety_flag]


class CaseService:
    def __init__(
        self, ctx: Context, signable_case_ids: Callable[[], list[CaseId]] | None = None
    ) -> None:
        """`signable_case_ids`: the cases with a remedy the actor may sign off now (a read
        model the remedies service keeps, since SQL cannot judge authority); the composition
        root (session.py) hands it in."""
        self.ctx = ctx
        self.repo = CaseRepository(ctx.store)
        self.audit = AuditRepository(ctx.store)
        self.lookup = CaseLookup(ctx.store)
        self.signable_case_ids = signable_case_ids

    def _require_person(self) -> None:
        require_person(self.ctx.actor, "work on cases")

    # ---- reads ------------------------------------------------------------------------------
    def resolve(self, ref_or_id: str | int) -> CaseId:
        return self.lookup.resolve(ref_or_id)

    def get(self, ref_or_id: str | int) -> Case:
        return self.lookup.get(ref_or_id)

    def list(self, query: CaseQuery) -> CasePage:
        query = replace(query, filter=self._resolved(query.filter))
        rows, total, exact = self.repo.list(query, self.ctx.now())
        return CasePage(rows, total, query.limit, query.offset, exact)

    def ids(self, query: CaseQuery) -> list[CaseId]:
        return self.repo.ids(replace(query, filter=self._resolved(query.filter)), self.ctx.now())

    def rows(self, ids: list[CaseId]) -> dict[CaseId, CaseRow]:
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

    def notes(self, ref_or_id: str | int) -> list[Note]:
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
        first_due, resolution_due = due_times(now, priority)
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
        return self.get(case_id)

    # ---- changes ----------------------------------------------------------------------------
    def _write(
        self,
        work: UnitOfWork,
        case: Case,
        values: dict[str, Any],
        fields: dict[str, Any],
        *event: Any,
    ) -> Case:
        """The version-checked write of `case` as read and its audit event (action, data; the
        data names the new version, case.version + 1); returns the case as written. `values`
        are the columns written, `fields` the same changes as the case's own (typed) fields."""
        written = self.repo.update_audited(work, case, values, fields, *event)
        if written is None:
            raise self._conflict(case.id, case.version, values)
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
                your_changes={k: _jsonable(v) for k, v in yours.items()},
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
            your_changes={k: _jsonable(v) for k, v in yours.items()},
        )

    def update(self, ref_or_id: str | int, expected_version: int, changes: dict[str, Any]) -> Case:
        """Edit case details; every changed field is recorded old -> new in one event."""
        case = self._load_for_change(ref_or_id, None)
        unknown = set(changes) - set(EDITABLE_FIELDS)
        if unknown:
            raise ValidationError(
                f"these fields cannot be edited here: {', '.join(sorted(unknown))}"
                f"; editable: {', '.join(EDITABLE_FIELDS)}",
                field=sorted(unknown)[0],
            )
        new = self._validated(case, changes)
        diff = {
            k: {"old": _jsonable(getattr(case, k)), "new": _jsonable(v)}
            for k, v in new.items()
            if _jsonable(getattr(case, k)) != _jsonable(v)
        }
        if not diff:
            raise ValidationError("nothing to change: the values are the ones already stored")
        values: dict[str, Any] = {k: _jsonable(v) for k, v in new.items() if k in diff}
        if "tags" in values:
            values["tags"] = ",".join(values["tags"])
        if "priority" in diff:
            first_due, resolution_due = due_times(case.created_at, Priority(values["priority"]))
            values.update(first_response_due=ts(first_due), resolution_due=ts(resolution_due))
            diff["resolution_due"] = {"old": ts(case.resolution_due), "new": ts(resolution_due)}
        with self.ctx.store.transaction(self.ctx.actor, self.ctx.now()) as work:
            if "description" in diff:
                diff["description"] = {
                    "old": work.personal(case.description),
                    "new": work.personal(new["description"]),
                }
            # Written only if the case is still at the version the user edited.
            fields = {k: v for k, v in new.items() if k in diff}
            if "priority" in diff:
                fields.update(
                    first_response_due=dt(values["first_response_due"]),
                    resolution_due=dt(values["resolution_due"]),
                )
            return self._write(
                work,
                replace(case, version=expected_version),
                values,
                fields,
                Action.CASE_UPDATED,
                {"version": expected_version + 1, "changes": diff},
            )

    def _validated(self, case: Case, changes: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        tax = self.ctx.taxonomy
        if "category" in changes or "subcategory" in changes:
            category = changes.get("category", case.category)
            sub = changes.get(
                "subcategory", case.subcategory if "category" not in changes else None
            )
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

    def change_status(
        self,
        ref_or_id: str | int,
        new_status: str,
        expected_version: int | None = None,
        reason: str | None = None,
    ) -> Case:
        case = self._load_for_change(ref_or_id, expected_version)
        new = parse_enum(Status, new_status, "status")
        why = clean_text(reason, "reason", multiline=True)
        check_transition(case.status, new, why)
        values: dict[str, Any] = {"status": new.value}
        fields: dict[str, Any] = {"status": new}
        now = self.ctx.now()
        if new is Status.RESOLVED:
            values["resolved_at"] = ts(now)
            fields["resolved_at"] = dt(values["resolved_at"])
        if new is Status.OPEN and case.status in (Status.RESOLVED, Status.CLOSED):
            values["resolved_at"] = fields["resolved_at"] = None
        with self.ctx.store.transaction(self.ctx.actor, now) as work:
            return self._write(
                work,
                case,
                values,
                fields,
                Action.CASE_STATUS_CHANGED,
                {
                    "version": case.version + 1,
                    "old": {"status": case.status.value},
                    "new": {"status": new.value},
                    "reason": why,
                },
            )

    def assign(
        self, ref_or_id: str | int, username: str | None, expected_version: int | None = None
    ) -> Case:
        case = self._load_for_change(ref_or_id, expected_version)
        users = UserRepository(self.ctx.store)
        assignee_id = None
        name = (username or "").strip().lower() or None
        if name:
            found = users.get(name)
            if not found or found[0].role == "system":
                raise NotFound(f"no user named {name!r}", field="assignee")
            if found[0].disabled:
                raise ValidationError(f"{name} is disabled and cannot take cases", field="assignee")
            assignee_id = found[0].id
        if name == case.assignee:
            raise ValidationError(
                f"the case is already assigned to {name or 'nobody'}", field="assignee"
            )
        values: dict[str, Any] = {"assignee": assignee_id}
        fields: dict[str, Any] = {"assignee": name}
        if case.status is Status.NEW and name:
            values["status"], fields["status"] = Status.OPEN.value, Status.OPEN
        data: dict[str, Any] = {
            "version": case.version + 1,
            "old": {"assignee": case.assignee},
            "new": {"assignee": name},
        }
        if "status" in values:
            data["old"]["status"], data["new"]["status"] = case.status.value, "open"
        with self.ctx.store.transaction(self.ctx.actor, self.ctx.now()) as work:
            return self._write(work, case, values, fields, Action.CASE_ASSIGNED, data)

    def escalate(
        self, ref_or_id: str | int, reason: str, expected_version: int | None = None
    ) -> Case:
        case = self._load_for_change(ref_or_id, expected_version)
        why = clean_text(reason, "reason", multiline=True, required=True)
        if case.status not in OPEN_STATUSES:
            raise ValidationError(
                f"a {case.status.value} case cannot be escalated; reopen it first", field="status"
            )
        position = TIER_ORDER.index(case.tier)
        if position == len(TIER_ORDER) - 1:
            raise ValidationError(
                "the case is already with the resolution-center experts, the highest tier",
                field="tier",
            )
        tier = TIER_ORDER[position + 1]
        values: dict[str, Any] = {"tier": tier.value, "status": Status.ESCALATED.value}
        fields: dict[str, Any] = {"tier": tier, "status": Status.ESCALATED}
        with self.ctx.store.transaction(self.ctx.actor, self.ctx.now()) as work:
            return self._write(
                work,
                case,
                values,
                fields,
                Action.CASE_ESCALATED,
                {
                    "version": case.version + 1,
                    "old": {"tier": case.tier.value, "status": case.status.value},
                    "new": {"tier": tier.value, "status": Status.ESCALATED.value},
                    "reason": why,
                },
            )

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
        return next(n for n in self.repo.notes(case.id) if n.id == note_id)

    def reference_or_none(self, text: str) -> str | None:
        return text.strip().upper() if is_case_reference(text) else None
