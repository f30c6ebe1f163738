"""Remedy use cases: preview, propose, sign off, edit, withdraw, fulfil, lazy expiry.

Every change: one transaction that first locks the customer (all of a customer's remedies queue
there, so caps cannot be slipped under by racing), re-reads what it changes, evaluates with the
pure domain, writes, and appends its event. On PostgreSQL the write goes through the database's
guard functions, which check it again; the domain's words are what users see.
"""

from __future__ import annotations

import builtins  # a class here has a list() method, which annotations would name
import dataclasses
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from ..domain.actions import Action
from ..domain.agreement import AgreementState
from ..domain.audit import format_time
from ..domain.case import Case, Tier, clean_text
from ..domain.errors import (
    ConflictError,
    NotFound,
    PolicyRefusal,
    ValidationError,
)
from ..domain.ids import CaseId
from ..domain.money import Money
from ..domain.policy import (
    REFUSING_RULES,
    Decision,
    History,
    Outcome,
    PolicySet,
    SignoffVerdict,
    can_approve,
    evaluate,
    signs_off,
)
from ..domain.queues import EscalationRule, authority_escalation
from ..domain.remedy import (
    RemedyAction,
    RemedyAsker,
    RemedyKind,
    RemedyRequest,
    RemedyState,
    allowed_actions,
    check_remedy_action,
    parse_remedy_reference,
    remedy_reference,
    remedy_refusal,
)
from ..domain.remedy_record import (
    REPLACEMENT_KINDS,
    PolicyPreview,
    QueueItem,
    Remedy,
    RemedyId,
    RemedyPage,
    check_lines,
)
from ..storage.agreements import AgreementRepository
from ..storage.remedies import NewRemedy, NewSignoff, RemedyRepository
from ..storage.repositories import CaseRepository
from ..storage.store import UnitOfWork
from .context import SYSTEM_ACTOR, Context
from .guards import CaseLookup, require_person, resolve_reference
from .policies import PolicyService
from .users import confirm_password


def _when(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S} UTC"


def _rule_lines(decision: Decision) -> list[str]:
    return [
        f"{r.rule_id} {'passed' if r.passed else 'failed'}: {r.explanation}"
        for r in decision.results
    ]


def _refusal(decision: Decision, prefix: str = "") -> PolicyRefusal:
    """The decision's own explanation, with every rule behind it for the form to show."""
    return PolicyRefusal(
        prefix + decision.summary(),
        rules=[r.rule_id for r in decision.failed() if r.rule_id in REFUSING_RULES],
        explanation=_rule_lines(decision),
        decision=decision.to_json(),
    )


def _parse_kind(kind: RemedyKind | str) -> RemedyKind:
    try:
        return RemedyKind(str(kind).strip().lower())
    except ValueError:
        known = ", ".join(k.value for k in RemedyKind)
        raise ValidationError(
            f"unknown remedy kind {kind!r}; known: {known}", field="kind"
        ) from None


# Escalates a case by a rule inside the caller's change (CaseService.escalate_by_rule).
EscalateByRule = Callable[[CaseId, EscalationRule, str, Tier | None], object]


class RemedyService:
    def __init__(
        self,
        ctx: Context,
        policies: PolicyService,
        escalate_by_rule: EscalateByRule | None = None,
    ) -> None:
        """`escalate_by_rule`: how a remedy above the case's tier's authority escalates the
        case (the composition root hands in the case service's)."""
        self.ctx = ctx
        self.policies = policies
        self.escalate_by_rule = escalate_by_rule
        self.repo = RemedyRepository(ctx.store)
        self.case_repo = CaseRepository(ctx.store)
        self.cases = CaseLookup(ctx.store)

    # ---- helpers ----------------------------------------------------------------------------
    def _require_person(self) -> None:
        require_person(self.ctx.actor, "work on remedies")

    def resolve(self, ref_or_id: str | int) -> RemedyId:
        find = self.repo.id_for_reference
        return RemedyId(resolve_reference(ref_or_id, "remedy", parse_remedy_reference, find))

    def _get(self, remedy_id: RemedyId) -> Remedy:
        remedy = self.repo.get(remedy_id)
        if remedy is None:
            raise NotFound(f"no remedy with id {remedy_id}", field="reference")
        return remedy

    def _locked(self, remedy_id: RemedyId) -> Remedy:
        """The remedy re-read after locking its customer: whatever won a race is visible now."""
        self.repo.lock_customer(self._get(remedy_id).customer_id)
        return self._get(remedy_id)

    def _request(
        self,
        case: Case,
        kind: RemedyKind | str,
        amount: Money | None,
        lines: Iterable[int],
        at: datetime,
        requester: str,
        role: str,
    ) -> RemedyRequest:
        """A request in the order's currency; a replacement valued at its items' price."""
        kind = _parse_kind(kind)
        covered = check_lines(list(lines))
        items = {item.line_no: item for item in case.order.items}
        unknown = [n for n in covered if n not in items]
        if unknown:
            have = ", ".join(str(n) for n in items) or "none"
            raise ValidationError(
                f"{case.reference}'s order has no line {', '.join(map(str, unknown))} "
                f"(its lines: {have})",
                field="lines",
            )
        currency = case.order.currency
        if amount is not None and not isinstance(amount, Money):
            raise ValidationError(f"the amount must be money, not {amount!r}", field="amount")
        if amount is not None and amount.currency != currency:
            raise ValidationError(
                f"{case.reference}'s order is in {currency}: a remedy is paid in the order's "
                f"currency, not {amount.currency} (amounts are never converted)",
                field="currency",
            )
        if kind in REPLACEMENT_KINDS:
            chosen = [items[n] for n in covered] if covered else list(items.values())
            if not chosen:
                raise ValidationError(
                    f"{case.reference}'s order lists no items to replace", field="lines"
                )
            value = Money(sum(item.total.minor for item in chosen), currency)
            if amount is not None and amount != value:
                raise ValidationError(
                    f"a {kind} is valued at the covered items' price, {value.format()}, not "
                    f"{amount.format()}; leave the amount out or choose the lines",
                    field="amount",
                )
            amount = value
        if amount is None:
            raise ValidationError("enter an amount", field="amount")
        return RemedyRequest(
            kind,
            amount,
            requester,
            role,
            case.category,
            case.subcategory,
            case.order.total,
            case.order.shipping,
            str(case.customer.id),
            str(case.id),
            covered,
            at,
        )

    def _history(
        self, case: Case, policy: PolicySet, at: datetime, exclude: RemedyId | None = None
    ) -> History:
        since = at - timedelta(days=policy.window_days)
        return History(self.repo.history(case.customer.id, since, exclude))  # type: ignore[arg-type]  # stored: has an id

    def _decided(self, remedy: Remedy) -> ConflictError:
        return ConflictError(
            f"{remedy.reference} was already decided by {remedy.updated_by} at "
            f"{_when(remedy.updated_at)} ({remedy.state.value}); reload it",
            reference=remedy.reference,
            state=remedy.state.value,
            decided_by=remedy.updated_by,
            decided_at=format_time(remedy.updated_at),
        )

    def _in_force(self, remedy: Remedy) -> bool:
        """Whether the agreement that binds `remedy` still has a draft or issued version."""
        return bool(remedy.frozen_by and self.repo.agreement_in_force(remedy.frozen_by))

    def _asker(
        self, at: datetime | None = None, signoff: SignoffVerdict | None = None
    ) -> RemedyAsker:
        return RemedyAsker(self.ctx.actor.username, self.ctx.actor.role, at, signoff)

    def _state_for(self, decision: Decision) -> RemedyState:
        return (
            RemedyState.AUTHORIZED
            if decision.outcome is Outcome.AUTHORIZED
            else RemedyState.PENDING_SIGNOFF
        )

    # ---- reads ------------------------------------------------------------------------------
    def signs_off(self) -> bool:
        """Whether the acting user signs off remedies at all under the policy in force (the
        window offers "Awaiting my sign-off" only then)."""
        return signs_off(self.policies.current(), self.ctx.actor.role)

    def for_case_with_actions(
        self, case_ref: str | int
    ) -> list[tuple[Remedy, frozenset[RemedyAction]]]:
        """The case's remedies, newest first, each with what the acting user may do with it now
        (domain.remedy.allowed_actions). A fixed number of queries however many remedies."""
        case_id = self.cases.resolve(case_ref)
        self.expire_due()
        remedies, _total = self.repo.list(pending=False, case_id=case_id, limit=10_000, offset=0)
        in_force: set[str] = set()
        if any(r.frozen_by for r in remedies):
            live = (AgreementState.DRAFT, AgreementState.ISSUED)
            in_force = {
                a.number
                for a in AgreementRepository(self.ctx.store).list(case_id, latest_only=False)
                if a.state in live
            }
        at = self.repo.moment(self.ctx.now())
        verdicts = self._signoff_verdicts(
            [r for r in remedies if r.state is RemedyState.PENDING_SIGNOFF], at
        )
        return [
            (
                r,
                allowed_actions(
                    r.standing(r.frozen_by in in_force), self._asker(at, verdicts.get(r.id))
                ),
            )
            for r in remedies
        ]

    def actions(self, ref_or_id: str | int) -> frozenset[RemedyAction]:
        """What the acting user may do with one remedy now (the CLI's `remedy show`)."""
        remedy = self.show(ref_or_id)
        at = self.repo.moment(self.ctx.now())
        verdict = self._signoff_verdicts([remedy], at).get(remedy.id)
        return allowed_actions(remedy.standing(self._in_force(remedy)), self._asker(at, verdict))

    def check(self, ref_or_id: str | int, action: RemedyAction) -> Remedy:
        """Refuse now, with the words the change itself would use, what `action` on the remedy
        would refuse: the CLI asks before prompting for a password. The change checks again."""
        remedy = self.show(ref_or_id)
        signing = action in (RemedyAction.APPROVE, RemedyAction.REJECT)
        if signing and remedy.state is not RemedyState.PENDING_SIGNOFF:
            raise self._decided(remedy)
        at = self.repo.moment(self.ctx.now())
        verdict = self._signoff_verdicts([remedy], at).get(remedy.id) if signing else None
        check_remedy_action(
            action, remedy.standing(self._in_force(remedy)), self._asker(at, verdict)
        )
        return remedy

    def _signoff_verdicts(
        self, pending: list[Remedy], at: datetime
    ) -> dict[RemedyId, SignoffVerdict]:
        """The policy's verdict on the acting user signing off each pending remedy (of one or
        more cases), under the policy in force."""
        actor = self.ctx.actor
        if not pending or actor.role == "system":
            return {}
        policy = self.policies.current()
        if not signs_off(policy, actor.role):
            return {}
        return {
            remedy.id: can_approve(
                policy, actor.username, actor.role, request, remedy.decision, remedy.approvers
            )
            for remedy, _case, request in self._pending_requests(pending, at)
        }

    def _pending_requests(
        self, pending: Iterable[Remedy], at: datetime
    ) -> Iterator[tuple[Remedy, Case, RemedyRequest]]:
        """Each pending remedy with its case and its request as the requester made it, at `at`."""
        cases: dict[int, Case] = {}  # several pending remedies on one case: read it once
        for remedy in pending:
            case = cases.get(remedy.case_id) or self.cases.get(remedy.case_id)
            cases[remedy.case_id] = case
            request = self._request(
                case,
                remedy.kind,
                remedy.amount,
                remedy.lines,
                at,
                remedy.requester,
                remedy.requester_role,
            )
            yield remedy, case, request

    def show(self, ref_or_id: str | int) -> Remedy:
        remedy_id = self.resolve(ref_or_id)
        self.expire_due()
        return self._get(remedy_id)

    def list(
        self,
        pending: bool = False,
        case_ref: str | int | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> RemedyPage:
        if not 1 <= limit <= 10_000:
            raise ValidationError("limit must be between 1 and 10000", field="limit")
        if offset < 0:
            raise ValidationError("offset must not be negative", field="offset")
        case_id = self.cases.resolve(case_ref) if case_ref not in (None, "") else None
        self.expire_due()
        items, total = self.repo.list(pending=pending, case_id=case_id, limit=limit, offset=offset)
        return RemedyPage(items, total, limit, offset)

    def queue(self) -> builtins.list[QueueItem]:
        """The sign-off queue across cases, oldest first, each with its case's other remedies."""
        self.expire_due()
        pending = self.repo.pending()
        by_case = self.repo.for_cases(sorted({r.case_id for r in pending}))
        return [
            QueueItem(r, tuple(o for o in by_case.get(r.case_id, []) if o.id != r.id))
            for r in pending
        ]

    def signable_case_ids(self) -> builtins.list[CaseId]:
        """Cases with a pending remedy the acting user may sign off now: not their own, not
        signed by them already, within their authority under the policy in force (the read
        model behind "Awaiting my sign-off")."""
        return sorted({r.case_id for r in self.signable()})

    def signable(self) -> builtins.list[Remedy]:
        """The pending remedies the acting user may sign off now (their notifications too)."""
        if not self.signs_off():
            return []
        at = self.repo.moment(self.ctx.now())
        self.expire_due()
        pending = self.repo.pending()
        verdicts = self._signoff_verdicts(pending, at)
        return [
            r
            for r in pending
            if remedy_refusal(
                RemedyAction.APPROVE, r.standing(False), self._asker(at, verdicts.get(r.id))
            )
            is None
        ]

    def preview(
        self,
        case_ref: str | int,
        kind: RemedyKind | str,
        amount: Money | None,
        lines: Iterable[int] = (),
        reason: str = "",
    ) -> Decision:
        """What `propose` would decide now; writes nothing (the form's live banner)."""
        self._require_person()
        case = self.cases.get(case_ref)
        policy = self.policies.current()
        at = self.repo.moment(self.ctx.now())
        actor = self.ctx.actor
        request = self._request(case, kind, amount, lines, at, actor.username, actor.role)
        return evaluate(request, policy, self._history(case, policy, at))

    def preview_policy(self, source: Path | str) -> builtins.list[PolicyPreview]:
        """Each pending remedy's verdict under the policy in force and under `source` (a policy
        file, or its text, not yet loaded), judged now on the same history. Writes nothing of
        its own (expiries fall due as on every read). Admins only, as for loading; the policy
        is validated as `load` would validate it (line-numbered errors)."""
        edited = self.policies.check(source)
        current = self.policies.current()
        at = self.repo.moment(self.ctx.now())
        self.expire_due()
        out: builtins.list[PolicyPreview] = []
        for remedy, case, request in self._pending_requests(self.repo.pending(), at):
            decisions = [
                evaluate(request, policy, self._history(case, policy, at, remedy.id))
                for policy in (current, edited)
            ]
            out.append(PolicyPreview(remedy, decisions[0], decisions[1]))
        return out

    # ---- proposing --------------------------------------------------------------------------
    def propose(
        self,
        case_ref: str | int,
        kind: RemedyKind | str,
        amount: Money | None,
        lines: Iterable[int] = (),
        reason: str = "",
    ) -> Remedy:
        self._require_person()
        why = clean_text(reason, "reason", multiline=True, required=True)
        case = self.cases.get(case_ref)
        actor = self.ctx.actor
        # Input errors before the write lock; the request is re-timed inside it.
        request = self._request(
            case, kind, amount, lines, self.ctx.now(), actor.username, actor.role
        )
        customer_id = case.customer.id
        assert customer_id is not None  # a stored case's customer has an id
        with self.ctx.store.transaction(actor, self.ctx.now()) as work:
            self.repo.lock_customer(customer_id)
            at = self.repo.moment(work.now)
            policy = self.policies.current()
            request = dataclasses.replace(request, at=at)
            decision = evaluate(request, policy, self._history(case, policy, at))
            if decision.outcome is Outcome.REFUSED:
                raise _refusal(decision)
            reference = remedy_reference(self.case_repo.next_counter("remedy"))
            new = NewRemedy(
                reference,
                case.id,
                customer_id,
                request.kind,
                request.amount,
                request.lines,
                why,
                self._state_for(decision),
                actor.username,
                actor.role,
                decision,
            )
            remedy_id = self.repo.insert(
                work,
                new,
                {
                    "reference": reference,
                    "case": case.reference,
                    "state": new.state.value,
                    "kind": new.kind.value,
                    "amount": new.amount.to_json(),
                    "lines": list(new.lines),
                    "reason": why,
                    "policy_version": decision.policy_version,
                    "approvals_needed": decision.approvals_needed,
                    "summary": decision.summary(),
                    "rules": _rule_lines(decision),
                },
            )
            self._escalate_if_above_tier(work, case, request, policy, reference)
        return self._get(remedy_id)

    def _escalate_if_above_tier(
        self,
        work: UnitOfWork,
        case: Case,
        request: RemedyRequest,
        policy: PolicySet,
        reference: str,
    ) -> None:
        """The case moves to the tier whose authority covers the remedy, in the proposal's
        transaction, its event naming the policy rule the case's tier failed."""
        found = authority_escalation(case.tier, request, policy)
        if found is None or self.escalate_by_rule is None:
            return
        tier, rule = found
        work.flush()  # the proposal's event first, then the escalation it caused
        reason = f"remedy {reference} proposed: {rule.explanation}"
        self.escalate_by_rule(case.id, rule, reason, tier)

    # ---- signing off ------------------------------------------------------------------------
    def approve(
        self, ref_or_id: str | int, password: str | None, note: str | None = None
    ) -> Remedy:
        return self._decide(
            ref_or_id, password, "approved", clean_text(note, "note", multiline=True)
        )

    def reject(self, ref_or_id: str | int, password: str | None, reason: str) -> Remedy:
        why = clean_text(reason, "reason", multiline=True, required=True)
        return self._decide(ref_or_id, password, "rejected", why)

    def _decide(
        self, ref_or_id: str | int, password: str | None, verdict: str, note: str
    ) -> Remedy:
        self._require_person()
        remedy_id = self.resolve(ref_or_id)
        confirm_password(self.ctx, password)  # a deliberate act, not a stray click
        self.expire_due()
        actor = self.ctx.actor
        with self.ctx.store.transaction(actor, self.ctx.now()) as work:
            remedy = self._locked(remedy_id)
            if remedy.state is not RemedyState.PENDING_SIGNOFF:
                raise self._decided(remedy)
            at = self.repo.moment(work.now)
            policy = self.policies.current()
            case = self.cases.get(remedy.case_id)
            request = self._request(
                case,
                remedy.kind,
                remedy.amount,
                remedy.lines,
                at,
                remedy.requester,
                remedy.requester_role,
            )
            # Separation of duties and the approver's authority, under the policy in force.
            checked = can_approve(
                policy, actor.username, actor.role, request, remedy.decision, remedy.approvers
            )
            check_remedy_action(
                RemedyAction.APPROVE if verdict == "approved" else RemedyAction.REJECT,
                remedy.standing(False),  # an agreement binds only approved remedies
                self._asker(at, checked),
            )
            approvals = len(remedy.approvers) + (verdict == "approved")
            if verdict == "rejected":
                new_state = RemedyState.REJECTED
            elif approvals >= remedy.approvals_needed:
                new_state = RemedyState.APPROVED
            else:
                new_state = RemedyState.PENDING_SIGNOFF  # a first of two sign-offs
            if verdict == "approved":
                # Evaluated again now: what the customer and case got since may close a cap.
                again = evaluate(request, policy, self._history(case, policy, at, remedy.id))
                if again.outcome is Outcome.REFUSED:
                    raise _refusal(again, f"{remedy.reference} can no longer be approved: ")
            action = {
                RemedyState.APPROVED: Action.REMEDY_APPROVED,
                RemedyState.REJECTED: Action.REMEDY_REJECTED,
            }.get(new_state, Action.REMEDY_SIGNED_OFF)
            event: dict[str, Any] = {
                "reference": remedy.reference,
                "case": remedy.case_reference,
                "verdict": verdict,
                "approver_role": actor.role,
                "approvals": approvals,
                "approvals_needed": remedy.approvals_needed,
                "old": {"state": remedy.state.value},
                "new": {"state": new_state.value},
                "policy_version": policy.version,
                "explanation": checked.explanation,
                "checks": [c.explanation for c in checked.checks],
                ("reason" if verdict == "rejected" else "note"): note,
            }
            self.repo.decide(
                work,
                remedy,
                NewSignoff(verdict, note, policy.version, checked.to_json()),
                new_state,
                action,
                event,
            )
        return self._get(remedy_id)

    # ---- changing ---------------------------------------------------------------------------
    def edit(
        self,
        ref_or_id: str | int,
        expected_version: int,
        *,
        amount: Money | None = None,
        kind: RemedyKind | str | None = None,
        reason: str | None = None,
        lines: Iterable[int] | None = None,
    ) -> Remedy:
        """New terms, decided again. An edit voids earlier sign-offs: what was signed changed."""
        self._require_person()
        remedy_id = self.resolve(ref_or_id)
        actor = self.ctx.actor
        with self.ctx.store.transaction(actor, self.ctx.now()) as work:
            remedy = self._locked(remedy_id)
            if remedy.version != expected_version:
                raise ConflictError(
                    f"{remedy.reference} was changed by {remedy.updated_by} at "
                    f"{_when(remedy.updated_at)} after you opened it (version {expected_version}"
                    f" -> {remedy.version}); your changes were not saved",
                    reference=remedy.reference,
                    current_version=remedy.version,
                )
            check_remedy_action(
                RemedyAction.EDIT, remedy.standing(self._in_force(remedy)), self._asker()
            )
            new_kind = _parse_kind(kind) if kind is not None else remedy.kind
            new_lines = tuple(lines) if lines is not None else remedy.lines
            why = (
                clean_text(reason, "reason", multiline=True, required=True)
                if reason is not None
                else remedy.reason
            )
            if amount is None and new_kind not in REPLACEMENT_KINDS:
                amount = remedy.amount
            case = self.cases.get(remedy.case_id)
            at = self.repo.moment(work.now)
            request = self._request(
                case, new_kind, amount, new_lines, at, actor.username, actor.role
            )
            changes = {
                name: {"old": old, "new": new}
                for name, old, new in (
                    ("kind", remedy.kind.value, request.kind.value),
                    ("amount", remedy.amount.to_json(), request.amount.to_json()),
                    ("lines", list(remedy.lines), list(request.lines)),
                    ("reason", remedy.reason, why),
                )
                if old != new
            }
            if not changes:
                raise ValidationError("nothing to change: the values are the ones stored")
            policy = self.policies.current()
            decision = evaluate(request, policy, self._history(case, policy, at, remedy.id))
            if decision.outcome is Outcome.REFUSED:
                raise _refusal(decision)
            new_state = self._state_for(decision)
            voided = [s.approver for s in remedy.signoffs if not s.void]
            event: dict[str, Any] = {
                "reference": remedy.reference,
                "case": remedy.case_reference,
                "version": remedy.version + 1,
                "changes": changes,
                "old": {"state": remedy.state.value},
                "new": {
                    "state": new_state.value,
                    "kind": request.kind.value,
                    "amount": request.amount.to_json(),
                },
                "policy_version": decision.policy_version,
                "approvals_needed": decision.approvals_needed,
                "summary": decision.summary(),
                "rules": _rule_lines(decision),
            }
            if voided:
                event["voided_signoffs"] = voided
                event["note"] = (
                    f"the sign-off(s) by {', '.join(voided)} no longer count: the remedy changed "
                    f"after it was signed; it is now {new_state.value}"
                )
            self.repo.edit(
                work,
                remedy,
                NewRemedy(
                    remedy.reference,
                    remedy.case_id,
                    remedy.customer_id,
                    request.kind,
                    request.amount,
                    request.lines,
                    why,
                    new_state,
                    remedy.requester,
                    actor.role,
                    decision,
                ),
                event,
            )
        return self._get(remedy_id)

    def withdraw(self, ref_or_id: str | int, reason: str | None = None) -> Remedy:
        self._require_person()
        why = clean_text(reason, "reason", multiline=True)
        return self._close(ref_or_id, RemedyState.WITHDRAWN, why)

    def fulfil(self, ref_or_id: str | int) -> Remedy:
        self._require_person()
        return self._close(ref_or_id, RemedyState.FULFILLED, "")

    def _close(self, ref_or_id: str | int, new_state: RemedyState, why: str) -> Remedy:
        remedy_id = self.resolve(ref_or_id)
        actor = self.ctx.actor
        with self.ctx.store.transaction(actor, self.ctx.now()) as work:
            remedy = self._locked(remedy_id)
            action = (
                RemedyAction.WITHDRAW if new_state is RemedyState.WITHDRAWN else RemedyAction.FULFIL
            )
            check_remedy_action(action, remedy.standing(self._in_force(remedy)), self._asker())
            event: dict[str, Any] = {
                "reference": remedy.reference,
                "case": remedy.case_reference,
                "old": {"state": remedy.state.value},
                "new": {"state": new_state.value},
            }
            if new_state is RemedyState.WITHDRAWN:
                event["reason"] = why
            self.repo.close(work, remedy, new_state, event)
        return self._get(remedy_id)

    # ---- expiry -----------------------------------------------------------------------------
    def expire_due(self) -> builtins.list[str]:
        """Pending remedies past their expiry become expired, recorded by 'system'.

        Applied lazily by every read and sign-off; a cheap read first, so screens do not take
        the write lock when nothing is due.
        """
        store, now = self.ctx.store, self.ctx.now()
        if not self.repo.any_due(now):
            return []
        with store.transaction(SYSTEM_ACTOR, now) as work:
            # PostgreSQL's guard judges by the server's clock and writes the events itself.
            return self.repo.expire_due(
                work,
                now,
                lambda remedy: {
                    "reference": remedy.reference,
                    "policy_version": remedy.policy_version,
                    "expires_at": format_time(remedy.expires_at),  # type: ignore[arg-type]  # due: has one
                    "old": {"state": RemedyState.PENDING_SIGNOFF.value},
                    "new": {"state": RemedyState.EXPIRED.value},
                },
            )
