"""Remedies and their sign-offs: reads for both backends, writes per backend.

SQLite: plain SQL inside the exclusive write transaction, events through the unit of work.
PostgreSQL: users may not write these tables at all; every change goes through a SECURITY DEFINER
function (storage/pg_remedies.py) that re-checks it against the stored policy, stamps the user
and the server's time, and appends the event itself, so nothing is stored without its event.
"""

from __future__ import annotations

import builtins  # a class here has a list() method, which annotations would name
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

import peewee

from ..domain import audit
from ..domain.actions import Action
from ..domain.errors import ConflictError, PermissionDenied, PolicyRefusal, ValidationError
from ..domain.ids import CaseId, CustomerId
from ..domain.money import Money
from ..domain.policy import Decision, PastRemedy
from ..domain.remedy import COUNTS_TOWARD_CAPS, RemedyKind, RemedyState
from ..domain.remedy_record import Remedy, RemedyId, Signoff
from .dialect import PostgresDialect, Repository
from .rows import Columns
from .store import UnitOfWork
from .values import dt, time_of, ts


def json_object(text: str) -> dict[str, Any]:
    value = json.loads(text)
    if not isinstance(value, dict):
        raise ValidationError("stored remedy data is not a JSON object")
    return value


class RemedyRecord(NamedTuple):
    """A remedy's columns as stored (with its case's reference), before becoming a `Remedy`."""

    id: int
    reference: str
    case_id: int
    case_reference: str
    customer_id: int
    kind: str
    amount_minor: int
    currency: str
    lines: str
    reason: str
    state: str
    requester: str
    requester_role: str
    policy_version: int
    decision: str
    approvals_needed: int
    created_at: str
    updated_at: str
    updated_by: str
    expires_at: str | None
    frozen_by: str | None
    version: int


RECORD = Columns(
    RemedyRecord,
    **{
        name: "c.reference" if name == "case_reference" else f"r.{name}"
        for name in RemedyRecord._fields
    },
)
COLUMNS = RECORD.sql
# A sign-off, then the remedy it belongs to.
SIGNOFF = Columns(
    Signoff,
    approver="approver",
    approver_role="approver_role",
    verdict="verdict",
    note="note",
    at=("at", time_of),
    policy_version=("policy_version", int),
    remedy_version=("remedy_version", int),
    void=("void", bool),
    detail=("detail", json_object),
)
FROM = " FROM remedies r JOIN cases c ON c.id = r.case_id"
COUNTING = tuple(s.value for s in COUNTS_TOWARD_CAPS)
# SQLSTATEs raised by the PostgreSQL guard functions, mapped to whose fault it is.
PG_ERRORS: dict[str, type[Exception]] = {
    "RC001": ConflictError,
    "RC002": PolicyRefusal,
    "RC003": ValidationError,
    "42501": PermissionDenied,
}


def _lines_text(lines: Iterable[int]) -> str:
    return ",".join(str(n) for n in lines)


def _lines(text: str) -> tuple[int, ...]:
    return tuple(int(n) for n in text.split(",")) if text else ()


def _guard_error(exc: BaseException) -> Exception | None:
    """The RCError a guard function's refusal stands for, or None for any other error."""
    seen: list[Any] = [exc, exc.__cause__, exc.__context__, *exc.args]
    for err in seen:
        code = getattr(err, "pgcode", None)
        if code in PG_ERRORS:
            diag = getattr(err, "diag", None)
            message = getattr(diag, "message_primary", None) or str(err).strip()
            return PG_ERRORS[code](message)
    return None


@dataclass(frozen=True, slots=True)
class NewRemedy:
    reference: str
    case_id: CaseId
    customer_id: CustomerId
    kind: RemedyKind
    amount: Money
    lines: tuple[int, ...]
    reason: str
    state: RemedyState
    requester: str
    requester_role: str
    decision: Decision


@dataclass(frozen=True, slots=True)
class NewSignoff:
    verdict: str  # approved | rejected
    note: str
    policy_version: int
    detail: dict[str, Any]  # SignoffVerdict.to_json


class RemedyRepository(Repository):
    """Remedies as the app writes them inside SQLite's write transaction; the PostgreSQL variant
    below writes through the guard functions instead."""

    # ---- time and locks ---------------------------------------------------------------------
    def moment(self, local: datetime) -> datetime:
        """When a decision is made. PostgreSQL: the transaction's server time, the very clock
        its guard functions judge windows and expiry by; SQLite: the app's clock."""
        return self.sql.moment(local)

    def lock_customer(self, customer_id: CustomerId) -> None:
        """Serialise every remedy change of one customer (SQLite's write lock already does)."""
        self.sql.lock_rows("SELECT id FROM customers WHERE id = ?", (customer_id,))

    def _call(self, sql: str, params: Sequence[Any]) -> Any:
        try:
            return self.sql.scalar(sql, params)
        except peewee.DatabaseError as exc:
            mapped = _guard_error(exc)
            if mapped is None:
                raise
            raise mapped from None

    # ---- reads ------------------------------------------------------------------------------
    def agreement_in_force(self, number: str) -> bool:
        """Whether agreement `number` has a draft or issued version (not only voided ones)."""
        return (
            self.sql.scalar(
                "SELECT 1 FROM agreements WHERE number = ? AND state IN ('draft', 'issued') "
                "LIMIT 1",
                (number,),
            )
            is not None
        )

    def id_for_reference(self, reference: str) -> RemedyId | None:
        value = self.sql.scalar("SELECT id FROM remedies WHERE reference = ?", (reference,))
        return RemedyId(value) if value is not None else None

    def _build(self, rows: list[tuple[Any, ...]]) -> list[Remedy]:
        if not rows:
            return []
        ids = [r[0] for r in rows]
        marks = ", ".join("?" for _ in ids)
        signoffs: dict[int, list[Signoff]] = {}
        read, width = SIGNOFF.read, SIGNOFF.width
        for sr in self.sql.all(
            f"SELECT {SIGNOFF.sql}, remedy_id FROM remedy_signoffs WHERE remedy_id IN ({marks}) "
            "ORDER BY at, id",
            ids,
        ):
            signoffs.setdefault(sr[width], []).append(read(sr))
        out = []
        for r in map(RECORD.read, rows):
            out.append(
                Remedy(
                    id=RemedyId(r.id),
                    reference=r.reference,
                    case_id=CaseId(r.case_id),
                    case_reference=r.case_reference,
                    customer_id=CustomerId(r.customer_id),
                    kind=RemedyKind(r.kind),
                    amount=Money(int(r.amount_minor), r.currency),
                    lines=_lines(r.lines),
                    reason=r.reason,
                    state=RemedyState(r.state),
                    requester=r.requester,
                    requester_role=r.requester_role,
                    policy_version=int(r.policy_version),
                    decision=Decision.from_json(json_object(r.decision)),
                    approvals_needed=int(r.approvals_needed),
                    created_at=time_of(r.created_at),
                    updated_at=time_of(r.updated_at),
                    updated_by=r.updated_by,
                    expires_at=dt(r.expires_at),
                    frozen_by=r.frozen_by,
                    version=int(r.version),
                    signoffs=tuple(signoffs.get(r.id, ())),
                )
            )
        return out

    def get(self, remedy_id: RemedyId) -> Remedy | None:
        found = self._build(self.sql.all(f"SELECT {COLUMNS}{FROM} WHERE r.id = ?", (remedy_id,)))
        return found[0] if found else None

    def list(
        self, *, pending: bool, case_id: CaseId | None, limit: int, offset: int
    ) -> tuple[list[Remedy], int]:
        clauses: list[str] = []
        params: list[Any] = []
        if pending:
            clauses.append("r.state = ?")
            params.append(RemedyState.PENDING_SIGNOFF.value)
        if case_id is not None:
            clauses.append("r.case_id = ?")
            params.append(case_id)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        # The queue reads oldest first; otherwise the newest are what people look for.
        order = (
            " ORDER BY r.created_at, r.id"
            if pending
            else (" ORDER BY r.created_at DESC, r.id DESC")
        )
        rows = self.sql.all(
            f"SELECT {COLUMNS}{FROM}{where}{order} LIMIT ? OFFSET ?", (*params, limit, offset)
        )
        total = int(self.sql.scalar(f"SELECT count(*) FROM remedies r{where}", params))
        return self._build(rows), total

    def pending(self) -> builtins.list[Remedy]:
        """Everything waiting for sign-off, oldest first (the index on state, created_at)."""
        return self._build(
            self.sql.all(
                f"SELECT {COLUMNS}{FROM} WHERE r.state = ? ORDER BY r.created_at, r.id",
                (RemedyState.PENDING_SIGNOFF.value,),
            )
        )

    def for_cases(self, case_ids: Sequence[CaseId]) -> dict[CaseId, builtins.list[Remedy]]:
        if not case_ids:
            return {}
        marks = ", ".join("?" for _ in case_ids)
        out: dict[CaseId, list[Remedy]] = {}
        for remedy in self._build(
            self.sql.all(
                f"SELECT {COLUMNS}{FROM} WHERE r.case_id IN ({marks}) ORDER BY r.created_at, r.id",
                list(case_ids),
            )
        ):
            out.setdefault(remedy.case_id, []).append(remedy)
        return out

    def history(
        self, customer_id: CustomerId, since: datetime, exclude: RemedyId | None = None
    ) -> tuple[PastRemedy, ...]:
        """The customer's remedies (so also the case's) that count against the caps since
        `since`: exactly what the PostgreSQL guard sums."""
        marks = ", ".join("?" for _ in COUNTING)
        sql = (
            "SELECT amount_minor, currency, state, case_id, created_at AS at FROM remedies "
            f"WHERE customer_id = ? AND state IN ({marks}) AND created_at > ?"
        )
        params: list[Any] = [customer_id, *COUNTING, ts(since)]
        if exclude is not None:
            sql += " AND id <> ?"
            params.append(exclude)
        return tuple(
            PastRemedy(
                amount=Money(int(a), cur),
                state=RemedyState(st),
                customer_key=str(customer_id),
                case_key=str(case),
                at=time_of(at),
            )
            for a, cur, st, case, at in self.sql.all(sql, params)
        )

    def any_due(self, now: datetime) -> bool:
        """Is some pending remedy past its expiry? A read, so screens do not take write locks."""
        moment, params = self.sql.now_text(ts(now))
        found = self.sql.scalar(
            "SELECT 1 FROM remedies WHERE state = 'pending-signoff' AND expires_at <= "
            f"{moment} LIMIT 1",
            params,
        )
        return found is not None

    # ---- writes -----------------------------------------------------------------------------
    def _sealed_by_server(self, work: UnitOfWork, action: str, remedy_id: RemedyId) -> RemedyId:
        """PostgreSQL: the guard function wrote the remedy (and its sign-offs), appended its
        event and sealed the rows (storage/pg_vouch.py)."""
        work.sealed_by_server(action)
        return remedy_id

    def insert(self, work: UnitOfWork, new: NewRemedy, event: dict[str, Any]) -> RemedyId:
        decision = new.decision
        decision_text = audit.canonical_json(decision.to_json())
        at = ts(work.now)
        expires = ts(decision.expires_at) if decision.expires_at else None
        remedy_id = self.sql.insert(
            "INSERT INTO remedies (reference, case_id, customer_id, kind, amount_minor, currency, "
            "lines, reason, state, requester, requester_role, policy_version, decision, "
            "approvals_needed, created_at, updated_at, updated_by, expires_at, frozen_by, "
            "version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 1)",
            (
                new.reference,
                new.case_id,
                new.customer_id,
                new.kind.value,
                new.amount.minor,
                new.amount.currency,
                _lines_text(new.lines),
                new.reason,
                new.state.value,
                new.requester,
                new.requester_role,
                decision.policy_version,
                decision_text,
                decision.approvals_needed,
                at,
                at,
                new.requester,
                expires,
            ),
        )
        work.touch("remedies", remedy_id)
        work.emit(Action.REMEDY_PROPOSED, "remedy", new.reference, event, case_id=new.case_id)
        return RemedyId(remedy_id)

    def decide(
        self,
        work: UnitOfWork,
        remedy: Remedy,
        signoff: NewSignoff,
        new_state: RemedyState,
        action: str,
        event: dict[str, Any],
    ) -> None:
        detail = audit.canonical_json(signoff.detail)
        at, who = ts(work.now), work.actor
        work.touch(
            "remedy_signoffs",
            self.sql.insert(
                "INSERT INTO remedy_signoffs (remedy_id, approver, approver_role, verdict, note, "
                "at, "
                "policy_version, remedy_version, void, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?)",
                (
                    remedy.id,
                    who.username,
                    who.role,
                    signoff.verdict,
                    signoff.note,
                    at,
                    signoff.policy_version,
                    remedy.version,
                    False,
                    detail,
                ),
            ),
        )
        self._bump(remedy, {"state": new_state.value}, at, who.username)
        work.emit(action, "remedy", remedy.reference, event, case_id=remedy.case_id)

    def edit(
        self,
        work: UnitOfWork,
        remedy: Remedy,
        values: NewRemedy,
        event: dict[str, Any],
    ) -> None:
        """New terms and a new decision; earlier sign-offs no longer count (they are voided)."""
        decision = values.decision
        decision_text = audit.canonical_json(decision.to_json())
        at = ts(work.now)
        for (signoff_id,) in self.sql.all(
            "UPDATE remedy_signoffs SET void = ? WHERE remedy_id = ? AND NOT void RETURNING id",
            (True, remedy.id),
        ):
            work.touch("remedy_signoffs", signoff_id)
        self._bump(
            remedy,
            {
                "kind": values.kind.value,
                "amount_minor": values.amount.minor,
                "lines": _lines_text(values.lines),
                "reason": values.reason,
                "state": values.state.value,
                "requester_role": values.requester_role,
                "policy_version": decision.policy_version,
                "decision": decision_text,
                "approvals_needed": decision.approvals_needed,
                "expires_at": ts(decision.expires_at) if decision.expires_at else None,
            },
            at,
            work.actor.username,
        )
        work.emit(Action.REMEDY_EDITED, "remedy", remedy.reference, event, case_id=remedy.case_id)

    def close(
        self, work: UnitOfWork, remedy: Remedy, new_state: RemedyState, event: dict[str, Any]
    ) -> None:
        """Withdraw or fulfil: a state change with no new terms."""
        action = _CLOSING[new_state]
        self._bump(remedy, {"state": new_state.value}, ts(work.now), work.actor.username)
        work.emit(action, "remedy", remedy.reference, event, case_id=remedy.case_id)

    def _bump(self, remedy: Remedy, values: dict[str, Any], at: str, who: str) -> None:
        assignments = ", ".join(f"{k} = ?" for k in values)
        cursor = self.sql.execute(
            f"UPDATE remedies SET {assignments}, updated_at = ?, updated_by = ?, "
            "version = version + 1 WHERE id = ? AND version = ?",
            (*values.values(), at, who, remedy.id, remedy.version),
        )
        if cursor.rowcount != 1:  # the caller re-read it under the write lock: a bug if hit
            raise ConflictError(f"{remedy.reference} changed while it was being saved; reload it")
        self.store.touch("remedies", remedy.id)

    # ---- expiry -----------------------------------------------------------------------------
    def due(self, now: datetime) -> builtins.list[Remedy]:
        return self._build(
            self.sql.all(
                f"SELECT {COLUMNS}{FROM} WHERE r.state = ? AND r.expires_at <= ? ORDER BY r.id",
                (RemedyState.PENDING_SIGNOFF.value, ts(now)),
            )
        )

    def expire_due(
        self, work: UnitOfWork, now: datetime, event: Callable[[Remedy], dict[str, Any]]
    ) -> builtins.list[str]:
        """Expire the pending remedies past due, the unit of work acting as 'system'; their
        references. `event` makes each one's event data."""
        due = self.due(now)
        for remedy in due:
            self.expire(work, remedy, event(remedy))
        return [r.reference for r in due]

    def expire(self, work: UnitOfWork, remedy: Remedy, event: dict[str, Any]) -> None:
        self._bump(remedy, {"state": RemedyState.EXPIRED.value}, ts(work.now), work.actor.username)
        work.emit(Action.REMEDY_EXPIRED, "remedy", remedy.reference, event, case_id=remedy.case_id)


_CLOSING = {
    RemedyState.WITHDRAWN: Action.REMEDY_WITHDRAWN,
    RemedyState.FULFILLED: Action.REMEDY_FULFILLED,
}


@PostgresDialect.variant
class PgRemedyRepository(RemedyRepository):
    """Users may not write these tables: each change is a guard function that re-checks it,
    writes the rows, appends the event and seals them (storage/pg_vouch.py)."""

    def insert(self, work: UnitOfWork, new: NewRemedy, event: dict[str, Any]) -> RemedyId:
        decision = new.decision
        return self._sealed_by_server(
            work,
            Action.REMEDY_PROPOSED,
            RemedyId(
                int(
                    self._call(
                        "SELECT rc_propose_remedy(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            new.reference,
                            new.case_id,
                            new.kind.value,
                            new.amount.minor,
                            new.amount.currency,
                            _lines_text(new.lines),
                            new.reason,
                            new.state.value,
                            decision.policy_version,
                            audit.canonical_json(decision.to_json()),
                            decision.approvals_needed,
                            audit.canonical_json(event),
                        ),
                    )
                )
            ),
        )

    def decide(
        self,
        work: UnitOfWork,
        remedy: Remedy,
        signoff: NewSignoff,
        new_state: RemedyState,
        action: str,
        event: dict[str, Any],
    ) -> None:
        stored = self._call(
            "SELECT rc_decide_remedy(?, ?, ?, ?, ?, ?)",
            (
                remedy.id,
                signoff.verdict,
                signoff.note,
                signoff.policy_version,
                audit.canonical_json(signoff.detail),
                audit.canonical_json(event),
            ),
        )
        if stored != new_state.value:  # the guard and the domain disagree: never guess
            raise ConflictError(
                f"{remedy.reference}: the database decided {stored}, "
                f"not {new_state.value}; reload it"
            )
        self._sealed_by_server(work, action, remedy.id)

    def edit(
        self,
        work: UnitOfWork,
        remedy: Remedy,
        values: NewRemedy,
        event: dict[str, Any],
    ) -> None:
        decision = values.decision
        self._call(
            "SELECT rc_edit_remedy(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                remedy.id,
                remedy.version,
                values.kind.value,
                values.amount.minor,
                _lines_text(values.lines),
                values.reason,
                values.state.value,
                decision.policy_version,
                audit.canonical_json(decision.to_json()),
                decision.approvals_needed,
                audit.canonical_json(event),
            ),
        )
        self._sealed_by_server(work, Action.REMEDY_EDITED, remedy.id)

    def close(
        self, work: UnitOfWork, remedy: Remedy, new_state: RemedyState, event: dict[str, Any]
    ) -> None:
        if new_state is RemedyState.WITHDRAWN:
            self._call(
                "SELECT rc_withdraw_remedy(?, ?, ?)",
                (remedy.id, event.get("reason", ""), audit.canonical_json(event)),
            )
        else:
            self._call("SELECT rc_fulfil_remedy(?, ?)", (remedy.id, audit.canonical_json(event)))
        self._sealed_by_server(work, _CLOSING[new_state], remedy.id)

    def expire_due(
        self, work: UnitOfWork, now: datetime, event: Callable[[Remedy], dict[str, Any]]
    ) -> list[str]:
        """The guard expires what is past due by the server's clock, as 'system', appending
        the events and sealing the rows itself."""
        return [r[0] for r in self.sql.all("SELECT * FROM rc_expire_remedies()")]
