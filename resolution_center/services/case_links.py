"""Cases seen together: links and merges between cases (each an event), the likely-duplicate
check a new case gets, and the customer page (the customer's cases, the remedies the policy
counts in its window, satisfaction scores, the repeat-claimant marker)."""

from __future__ import annotations

import builtins  # a class here has a list() method, which annotations would name
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ..domain import case_changes
from ..domain.actions import Action
from ..domain.case import Case, Status, clean_text, normalize_email
from ..domain.closing import (
    LikelyDuplicate,
    LinkKind,
    WindowRemedy,
    check_link,
    duplicate_since,
    duplicate_warning,
    is_repeat_claimant,
    window_totals,
)
from ..domain.errors import NotFound
from ..domain.ids import CaseId, CustomerId
from ..domain.money import Money
from ..storage.follow_ups import FollowUpRepository
from ..storage.store import UnitOfWork
from .cases import CaseService
from .context import Context
from .guards import require_person
from .policies import PolicyService


@dataclass(frozen=True, slots=True)
class CaseLink:
    """A link as one case sees it: the other case, and which way a merge went."""

    id: int
    kind: LinkKind
    other_id: CaseId
    other_reference: str
    other_subject: str
    other_status: Status
    outgoing: bool  # this case is the link's first (for a merge: this case was merged)
    reason: str
    created_at: datetime
    created_by: str

    @property
    def text(self) -> str:
        if self.kind is LinkKind.MERGED:
            return (
                f"merged into {self.other_reference}"
                if self.outgoing
                else f"{self.other_reference} was merged into this case"
            )
        return f"linked with {self.other_reference}"


@dataclass(frozen=True, slots=True)
class Duplicates:
    found: tuple[LikelyDuplicate, ...]
    days: int
    warning: str  # '' when none


@dataclass(frozen=True, slots=True)
class CustomerCase:
    id: CaseId
    reference: str
    subject: str
    status: Status
    category: str
    order_number: str
    created_at: datetime
    resolution_code: str | None
    merged_into: str | None


@dataclass(frozen=True, slots=True)
class SatisfactionScore:
    case_reference: str
    score: int
    scale: int
    answered_at: datetime


@dataclass(frozen=True, slots=True)
class CustomerPage:
    customer_id: CustomerId
    name: str
    email: str
    phone: str
    since: datetime
    cases: tuple[CustomerCase, ...]
    window_days: int  # the policy's rolling window (R7, R8)
    policy_version: int
    window_remedies: tuple[WindowRemedy, ...]
    window_totals: tuple[Money, ...]  # one per currency, never converted
    scores: tuple[SatisfactionScore, ...]  # empty until a survey exists
    repeat_claimant: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "customer_id": self.customer_id,
            "name": self.name,
            "email": self.email,
            "phone": self.phone,
            "repeat_claimant": self.repeat_claimant,
            "cases": [
                {
                    "reference": c.reference,
                    "subject": c.subject,
                    "status": c.status.value,
                    "order_number": c.order_number,
                    "resolution_code": c.resolution_code,
                    "merged_into": c.merged_into,
                }
                for c in self.cases
            ],
            "window_days": self.window_days,
            "policy_version": self.policy_version,
            "window_remedies": [
                {
                    "reference": r.reference,
                    "case": r.case_reference,
                    "kind": r.kind,
                    "state": r.state.value,
                    "amount": r.amount.as_decimal_text(),
                    "currency": r.amount.currency,
                }
                for r in self.window_remedies
            ],
            "window_totals": [
                {"amount": m.as_decimal_text(), "currency": m.currency} for m in self.window_totals
            ],
            "satisfaction_scores": [
                {"case": s.case_reference, "score": s.score, "scale": s.scale} for s in self.scores
            ],
        }


class CaseLinkService:
    def __init__(self, ctx: Context, cases: CaseService, policies: PolicyService) -> None:
        self.ctx = ctx
        self.cases = cases
        self.policies = policies
        self.repo = FollowUpRepository(ctx.store)

    # ---- links and merges -------------------------------------------------------------------
    def links(self, ref_or_id: str | int) -> builtins.list[CaseLink]:
        case_id = self.cases.resolve(ref_or_id)
        return [
            CaseLink(
                int(lid),
                LinkKind(kind),
                CaseId(oid),
                oref,
                subject,
                status,
                direction == "out",
                reason,
                at,
                by,
            )
            for lid, kind, oid, oref, subject, status, direction, reason, at, by in self.repo.links(
                case_id
            )
        ]

    def link(self, ref_or_id: str | int, other_ref: str | int, reason: str = "") -> CaseLink:
        """Two-way: one row, an event on each case, shown in both viewers."""
        require_person(self.ctx.actor, "link cases")
        case, other = self.cases.get(ref_or_id), self.cases.get(other_ref)
        check_link(case, other, self.repo.linked_ids(case.id))
        why = clean_text(reason, "reason", multiline=True)
        now = self.ctx.now()
        with self.ctx.store.transaction(self.ctx.actor, now) as work:
            link_id = self.repo.add_link(
                case.id, other.id, LinkKind.LINKED, why, self.ctx.actor.username, now
            )
            for this, that in ((other, case), (case, other)):  # the acting case's event last
                work.emit(
                    Action.CASE_LINKED,
                    "case",
                    this.reference,
                    {"link_id": link_id, "other": that.reference, "kind": "linked", "reason": why},
                    case_id=this.id,
                )
        return next(link for link in self.links(case.id) if link.id == link_id)

    def merge(
        self,
        ref_or_id: str | int,
        into_ref: str | int,
        reason: str,
        *,
        expected_version: int | None = None,
        override: str | None = None,
    ) -> Case:
        """`ref_or_id` closes as a duplicate pointing at `into_ref`; its notes, evidence and
        trail stay where they are and readable. Open remedies on it need a supervisor's
        override, as closing does."""
        require_person(self.ctx.actor, "merge cases")
        merged, survivor = self.cases.get(ref_or_id), self.cases.get(into_ref)
        remedies = self.cases.remedies_of(merged.id)
        change = case_changes.merge(
            merged, survivor, reason, self.ctx.now(), remedies, override, self.ctx.actor.role
        )
        why = change.data["reason"]

        def link(work: UnitOfWork) -> dict[str, Any]:
            link_id = self.repo.add_link(
                merged.id, survivor.id, LinkKind.MERGED, why, self.ctx.actor.username, work.now
            )
            return {"link_id": link_id}

        return self.cases.apply_change(merged, change, expected_version, link)

    # ---- intake -------------------------------------------------------------------------------
    def likely_duplicates(self, email: str, order_number: str) -> Duplicates:
        """Earlier cases of this customer (by e-mail) about this order within the taxonomy's
        duplicate window; empty when the e-mail or order number is not filled in yet."""
        days = self.ctx.taxonomy.duplicate_window_days
        number = (order_number or "").strip()
        try:
            email_norm = normalize_email(email)
        except Exception:  # a half-typed address has no duplicates yet
            return Duplicates((), days, "")
        if not number:
            return Duplicates((), days, "")
        found = tuple(
            self.repo.likely_duplicates(email_norm, number, duplicate_since(self.ctx.now(), days))
        )
        return Duplicates(found, days, duplicate_warning(found, number, days))

    # ---- the customer page --------------------------------------------------------------------
    def customer_page(self, ref_or_id: str | int) -> CustomerPage:
        """The page of the customer of case `ref_or_id`."""
        case = self.cases.get(ref_or_id)
        assert case.customer.id is not None  # a stored case's customer has an id
        return self.customer(case.customer.id)

    def customer(self, customer_id: int) -> CustomerPage:
        cid = CustomerId(int(customer_id))
        found = self.repo.customer(cid)
        if found is None:
            raise NotFound(f"no customer with id {customer_id}", field="customer")
        name, email, phone, since = found
        policy = self.policies.current()
        start = self.ctx.now() - timedelta(days=policy.window_days)
        window = tuple(self.repo.window_remedies(cid, start))
        return CustomerPage(
            cid,
            name,
            email,
            phone,
            since,
            tuple(CustomerCase(*row) for row in self.repo.customer_cases(cid)),
            policy.window_days,
            policy.version,
            window,
            window_totals(window),
            tuple(SatisfactionScore(*row) for row in self.repo.satisfaction_scores(cid)),
            is_repeat_claimant(window),
        )
