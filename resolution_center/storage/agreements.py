"""Offers, agreement versions, their exports, and the few remedy facts an agreement needs.

Plain SQL on both backends. The remedies are read with small queries of our own (the remedy
repository is another module's business); binding them to an agreement goes through
`rc_freeze_remedies` on PostgreSQL, where users may not write remedies.
"""

from __future__ import annotations

import builtins  # a class here has a list() method, which annotations would name
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

import peewee

from ..domain import audit
from ..domain.actions import Action
from ..domain.agreement import PartyRole
from ..domain.errors import PermissionDenied, ValidationError
from ..domain.ids import CaseId
from ..domain.money import Money
from ..domain.offer import Offer, OfferChannel, OfferState, OfferTerms
from .dialect import PostgresDialect, Repository
from .rows import Columns
from .store import UnitOfWork
from .values import dt, time_of, ts

# SQLSTATEs our guard functions and triggers raise, mapped to whose fault it is.
_PG_ERRORS: dict[str, type[Exception]] = {"RC003": ValidationError, "42501": PermissionDenied}


def guard_error(exc: BaseException) -> Exception | None:
    """The error a PostgreSQL guard's refusal stands for, or None for any other error."""
    for err in (exc, exc.__cause__, exc.__context__, *exc.args):
        code = getattr(err, "pgcode", None)
        if code in _PG_ERRORS:
            diag = getattr(err, "diag", None)
            message = getattr(diag, "message_primary", None) or str(err).strip()
            return _PG_ERRORS[code](message)
    return None


@dataclass(frozen=True, slots=True)
class RemedyFacts:
    """What an agreement shows of a remedy, and what decides whether it may be agreed."""

    id: int
    reference: str
    case_id: int
    kind: str
    amount: Money
    reason: str
    state: str
    requester: str
    requester_role: str
    created_at: datetime
    updated_at: datetime
    frozen_by: str | None
    approvals: tuple[tuple[str, str, datetime], ...]  # (approver, role, at): approved, not void


@dataclass(frozen=True, slots=True)
class AgreementRecord:
    id: int
    number: str
    version: int
    state: str
    case_id: CaseId
    case_reference: str
    offer_id: int
    offer_reference: str
    value: str  # the whole Agreement as canonical JSON (agreement_codec)
    content_hash: str
    created_at: datetime
    created_by: str
    issued_at: datetime | None
    issued_by: str | None
    chain_seq: int | None
    chain_hash: str | None
    void_reason: str
    superseded_by_version: int | None


@dataclass(frozen=True, slots=True)
class ExportRecord:
    number: str
    version: int
    copy: str
    paper: str
    file_sha256: str
    exported_by: str
    at: datetime
    path: str | None


def _int_or_none(value: Any) -> int | None:
    return None if value is None else int(value)


def _text(value: str | None) -> str:
    return value or ""


class RemedyFactsRecord(NamedTuple):
    """The remedy columns an agreement reads."""

    id: int
    reference: str
    case_id: int
    kind: str
    amount_minor: int
    currency: str
    reason: str
    state: str
    requester: str
    requester_role: str
    created_at: str
    updated_at: str
    frozen_by: str | None


class OfferRecord(NamedTuple):
    """An offer's columns as stored (with its case's reference and currency)."""

    id: int
    reference: str
    case_id: int
    case_reference: str
    round: int
    parent: str | None
    proposed_by_party: str
    recorded_by: str
    terms: str
    response_due: str
    state: str
    created_at: str
    answered_at: str | None
    answered_by_party: str | None
    answer_note: str | None
    answered_via: str | None
    answer_recorded_by: str | None
    currency: str


_OFFER = Columns(
    OfferRecord,
    **{
        name: {
            "case_reference": "c.reference",
            "parent": "p.reference",
            "currency": "c.currency",
        }.get(name, f"o.{name}")
        for name in OfferRecord._fields
    },
)
_OFFER_COLUMNS = _OFFER.sql
_OFFER_FROM = (
    " FROM offers o JOIN cases c ON c.id = o.case_id LEFT JOIN offers p ON p.id = o.parent_id"
)
_AGREEMENT = Columns(
    AgreementRecord,
    id=("a.id", int),
    number="a.number",
    version=("a.version", int),
    state="a.state",
    case_id=("a.case_id", CaseId),
    case_reference="c.reference",
    offer_id=("a.offer_id", int),
    offer_reference="o.reference",
    value="a.value",
    content_hash="a.content_hash",
    created_at=("a.created_at", time_of),
    created_by="a.created_by",
    issued_at=("a.issued_at", dt),
    issued_by="a.issued_by",
    chain_seq=("a.chain_seq", _int_or_none),
    chain_hash="a.chain_hash",
    void_reason=("a.void_reason", _text),
    superseded_by_version=("a.superseded_by_version", _int_or_none),
)
_AGREEMENT_COLUMNS = _AGREEMENT.sql
_EXPORT = Columns(
    ExportRecord,
    number="a.number",
    version=("e.version", int),
    copy="e.copy",
    paper="e.paper",
    file_sha256="e.file_sha256",
    exported_by="e.exported_by",
    at=("e.at", time_of),
    path="e.path",
)
_REMEDY_FACTS = Columns(RemedyFactsRecord, **{name: name for name in RemedyFactsRecord._fields})
_AGREEMENT_FROM = (
    " FROM agreements a JOIN cases c ON c.id = a.case_id JOIN offers o ON o.id = a.offer_id"
)


class OfferRepository(Repository):
    @staticmethod
    def _offer(row: tuple[Any, ...]) -> Offer:
        r = _OFFER.read(row)
        due = {PartyRole(k): date.fromisoformat(v) for k, v in json.loads(r.response_due).items()}
        return Offer(
            id=int(r.id),
            reference=r.reference,
            case_id=CaseId(r.case_id),
            case_reference=r.case_reference,
            round=int(r.round),
            parent=r.parent,
            proposed_by=PartyRole(r.proposed_by_party),
            recorded_by=r.recorded_by,
            terms=OfferTerms.from_json(json.loads(r.terms), r.currency),
            response_due=due,
            state=OfferState(r.state),
            created_at=time_of(r.created_at),
            answered_at=dt(r.answered_at),
            answered_by=PartyRole(r.answered_by_party) if r.answered_by_party else None,
            answer_note=r.answer_note or "",
            answered_via=OfferChannel(r.answered_via) if r.answered_via else None,
            answer_recorded_by=r.answer_recorded_by or "",
        )

    def get(self, reference: str, *, lock: bool = False) -> Offer | None:
        suffix = self.sql.for_update("o") if lock else ""
        row = self.sql.one(
            f"SELECT {_OFFER_COLUMNS}{_OFFER_FROM} WHERE o.reference = ?{suffix}", (reference,)
        )
        return self._offer(row) if row else None

    def by_id(self, offer_id: int) -> Offer | None:
        row = self.sql.one(f"SELECT {_OFFER_COLUMNS}{_OFFER_FROM} WHERE o.id = ?", (offer_id,))
        return self._offer(row) if row else None

    def for_case(self, case_id: int) -> list[Offer]:
        return [
            self._offer(r)
            for r in self.sql.all(
                f"SELECT {_OFFER_COLUMNS}{_OFFER_FROM} WHERE o.case_id = ? ORDER BY o.id",
                (case_id,),
            )
        ]

    def insert(
        self,
        reference: str,
        case_id: int,
        round_: int,
        parent_id: int | None,
        proposed_by: PartyRole,
        recorded_by: str,
        terms: OfferTerms,
        response_due: dict[PartyRole, date],
        now: datetime,
    ) -> int:
        due = audit.canonical_json({p.value: d.isoformat() for p, d in response_due.items()})
        return self._touched(
            "offers",
            self.sql.insert(
                "INSERT INTO offers (reference, case_id, round, parent_id, proposed_by_party, "
                "recorded_by, terms, response_due, state, answered_at, answered_by_party, "
                "answer_note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, '', ?)",
                (
                    reference,
                    case_id,
                    round_,
                    parent_id,
                    proposed_by.value,
                    recorded_by,
                    audit.canonical_json(terms.to_json()),
                    due,
                    OfferState.OPEN.value,
                    ts(now),
                ),
            ),
        )

    def _touched(self, table: str, row_id: int) -> int:
        self.store.touch(table, row_id)
        return row_id

    def close(
        self,
        offer_id: int,
        state: OfferState,
        by: PartyRole,
        note: str,
        now: datetime,
        via: OfferChannel | None,
        recorded_by: str,
    ) -> bool:
        """Answer or withdraw an open offer; False if it was no longer open."""
        cursor = self.sql.execute(
            "UPDATE offers SET state = ?, answered_at = ?, answered_by_party = ?, "
            "answer_note = ?, answered_via = ?, answer_recorded_by = ? WHERE id = ? AND state = ?",
            (
                state.value,
                ts(now),
                by.value,
                note,
                via.value if via else None,
                recorded_by,
                offer_id,
                OfferState.OPEN.value,
            ),
        )
        self.store.touch("offers", offer_id)
        return bool(cursor.rowcount == 1)


class AgreementRepository(Repository):
    # ---- agreement versions -----------------------------------------------------------------
    def _select(self, where: str, params: Sequence[Any], tail: str = "") -> list[AgreementRecord]:
        rows = self.sql.all(f"SELECT {_AGREEMENT_COLUMNS}{_AGREEMENT_FROM} {where}{tail}", params)
        return _AGREEMENT.all(rows)

    def lock(self, number: str) -> None:
        """Serialise changes of one agreement (SQLite's write lock already does)."""
        self.sql.lock_rows("SELECT id FROM agreements WHERE number = ? ORDER BY version", (number,))

    def lock_case(self, case_id: int) -> None:
        """One agreement change per case at a time (two drafts racing for one case)."""
        self.sql.lock_rows("SELECT id FROM cases WHERE id = ?", (case_id,))

    def lock_customer(self, customer_id: int) -> None:
        """Every remedy change of a customer queues on this row (the remedy service takes it
        first), so remedies read after it stay as read until commit; rc_freeze_remedies
        re-checks them under its own row locks anyway."""
        self.sql.lock_rows("SELECT id FROM customers WHERE id = ?", (customer_id,))

    def versions(self, number: str) -> list[AgreementRecord]:
        return self._select("WHERE a.number = ?", (number,), " ORDER BY a.version")

    def get(self, number: str, version: int | None = None) -> AgreementRecord | None:
        if version is None:
            found = self._select(
                "WHERE a.number = ?", (number,), " ORDER BY a.version DESC LIMIT 1"
            )
        else:
            found = self._select("WHERE a.number = ? AND a.version = ?", (number, version))
        return found[0] if found else None

    def for_offer(self, offer_id: int) -> list[AgreementRecord]:
        return self._select("WHERE a.offer_id = ?", (offer_id,), " ORDER BY a.version")

    def list(
        self, case_id: int | None = None, state: str | None = None, latest_only: bool = True
    ) -> list[AgreementRecord]:
        clauses: list[str] = []
        params: list[Any] = []
        if case_id is not None:
            clauses.append("a.case_id = ?")
            params.append(case_id)
        if state is not None:
            clauses.append("a.state = ?")
            params.append(state)
        if latest_only:
            clauses.append(
                "a.version = (SELECT max(b.version) FROM agreements b WHERE b.number = a.number)"
            )
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        return self._select(where, params, " ORDER BY a.number, a.version")

    def issued_between(self, first: str, last: str) -> builtins.list[AgreementRecord]:
        """Every version issued at first <= issued_at < last (fixed-width UTC text)."""
        return self._select(
            "WHERE a.issued_at >= ? AND a.issued_at < ?",
            (first, last),
            " ORDER BY a.issued_at, a.number, a.version",
        )

    def insert(
        self,
        number: str,
        version: int,
        case_id: int,
        offer_id: int,
        value: str,
        content_hash: str,
        now: datetime,
        actor: str,
    ) -> int:
        return self._touched(
            "agreements",
            self.sql.insert(
                "INSERT INTO agreements (number, version, state, case_id, offer_id, value, "
                "content_hash, created_at, created_by, issued_at, issued_by, chain_seq, "
                "chain_hash, "
                "void_reason, superseded_by_version) VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, ?, "
                "NULL, "
                "NULL, NULL, NULL, '', NULL)",
                (number, version, case_id, offer_id, value, content_hash, ts(now), actor),
            ),
        )

    def _touched(self, table: str, row_id: int) -> int:
        self.store.touch(table, row_id)
        return row_id

    def _update(self, sql: str, params: Sequence[Any], what: str) -> None:
        cursor = self.sql.execute(sql, params)
        self.store.touch("agreements", params[-1])
        if cursor.rowcount != 1:  # the caller read it under the lock: a bug if ever hit
            raise ValidationError(f"{what}: the agreement changed meanwhile; reload it")

    def mark_issued(
        self,
        record_id: int,
        value: str,
        content_hash: str,
        issued_at: str,
        issued_by: str,
        head: audit.ChainHead,
    ) -> None:
        self._update(
            "UPDATE agreements SET state = 'issued', value = ?, content_hash = ?, issued_at = ?, "
            "issued_by = ?, chain_seq = ?, chain_hash = ? WHERE id = ? AND state = 'draft'",
            (value, content_hash, issued_at, issued_by, head.seq, head.hash, record_id),
            "issue",
        )

    def supersede(self, record_id: int, by_version: int) -> None:
        self._update(
            "UPDATE agreements SET state = 'superseded', superseded_by_version = ? "
            "WHERE id = ? AND state = 'issued'",
            (by_version, record_id),
            "supersede",
        )

    def void(self, record_id: int, reason: str) -> None:
        self._update(
            "UPDATE agreements SET state = 'voided', void_reason = ? "
            "WHERE id = ? AND state IN ('draft', 'issued')",
            (reason, record_id),
            "void",
        )

    # ---- exports ----------------------------------------------------------------------------
    def add_export(
        self,
        record: AgreementRecord,
        copy: str,
        paper: str,
        file_sha256: str,
        actor: str,
        now: datetime,
        path: str | None,
    ) -> None:
        self._touched(
            "agreement_exports",
            self.sql.insert(
                "INSERT INTO agreement_exports (agreement_id, version, copy, paper, file_sha256, "
                "exported_by, at, path) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (record.id, record.version, copy, paper, file_sha256, actor, ts(now), path),
            ),
        )

    def exports(
        self, number: str | None = None, file_sha256: str | None = None
    ) -> builtins.list[ExportRecord]:
        clauses, params = [], []
        if number is not None:
            clauses.append("a.number = ?")
            params.append(number)
        if file_sha256 is not None:
            clauses.append("e.file_sha256 = ?")
            params.append(file_sha256)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        return _EXPORT.all(
            self.sql.all(
                f"SELECT {_EXPORT.sql} FROM agreement_exports e JOIN agreements a "
                f"ON a.id = e.agreement_id {where} ORDER BY e.id",
                params,
            )
        )

    # ---- what an agreement needs from elsewhere ---------------------------------------------
    def remedy_references(self, case_id: int) -> builtins.list[str]:
        """Every remedy of the case, oldest first."""
        return [
            str(ref)
            for (ref,) in self.sql.all(
                "SELECT reference FROM remedies WHERE case_id = ? ORDER BY id", (case_id,)
            )
        ]

    def remedies(self, case_id: int, references: Sequence[str]) -> dict[str, RemedyFacts]:
        """The case's remedies with these references (others are simply absent)."""
        if not references:
            return {}
        marks = ", ".join("?" for _ in references)
        rows = _REMEDY_FACTS.all(
            self.sql.all(
                f"SELECT {_REMEDY_FACTS.sql} FROM remedies "
                f"WHERE case_id = ? AND reference IN ({marks}) ORDER BY id",
                (case_id, *references),
            )
        )
        signoffs: dict[int, list[tuple[str, str, datetime]]] = {}
        if rows:
            ids = [r.id for r in rows]
            for rid, who, role, at in self.sql.all(
                "SELECT remedy_id, approver, approver_role, at FROM remedy_signoffs WHERE "
                f"remedy_id IN ({', '.join('?' for _ in ids)}) AND verdict = 'approved' AND "
                "NOT void ORDER BY at, id",
                ids,
            ):
                signoffs.setdefault(rid, []).append((who, role, time_of(at)))
        return {
            r.reference: RemedyFacts(
                id=int(r.id),
                reference=r.reference,
                case_id=int(r.case_id),
                kind=r.kind,
                amount=Money(int(r.amount_minor), r.currency),
                reason=r.reason,
                state=r.state,
                requester=r.requester,
                requester_role=r.requester_role,
                created_at=time_of(r.created_at),
                updated_at=time_of(r.updated_at),
                frozen_by=r.frozen_by,
                approvals=tuple(signoffs.get(r.id, ())),
            )
            for r in rows
        }

    def freeze_remedies(
        self,
        work: UnitOfWork,
        number: str,
        ids: Sequence[int],
        events: Sequence[tuple[str, dict[str, Any]]],
        case_id: int,
    ) -> int:
        """Bind the remedies to the agreement, with a remedy.frozen event (reference, data) for
        each one not bound before; how many were newly bound."""
        if not ids:
            return 0
        marks = ", ".join("?" for _ in ids)
        cursor = self.sql.execute(
            "UPDATE remedies SET frozen_by = ?, version = version + 1, updated_at = ?, "
            f"updated_by = ? WHERE id IN ({marks}) AND frozen_by IS NULL AND state IN "
            "('authorized', 'approved')",
            (number, ts(work.now), work.actor.username, *ids),
        )
        for remedy_id in ids:
            self.store.touch("remedies", remedy_id)
        for reference, data in events:
            work.emit(Action.REMEDY_FROZEN, "remedy", reference, data, case_id=case_id)
        return int(cursor.rowcount)

    def display_names(self, usernames: Sequence[str]) -> dict[str, str]:
        if not usernames:
            return {}
        marks = ", ".join("?" for _ in usernames)
        return dict(
            self.sql.all(
                f"SELECT username, display_name FROM users WHERE username IN ({marks})",
                list(usernames),
            )
        )

    def case_events(self, case_id: int, upto: int) -> builtins.list[audit.AuditEvent]:
        rows = self.sql.all(
            "SELECT seq, prev_hash, time, actor, role, action, target_type, target_id, data, "
            "hash, case_id FROM audit_events WHERE case_id = ? AND seq <= ? ORDER BY seq",
            (case_id, upto),
        )
        return [audit.AuditEvent(int(r[0]), *r[1:]) for r in rows]

    def settings(self, prefix: str) -> dict[str, str]:
        return dict(
            self.sql.all("SELECT key, value FROM settings WHERE key LIKE ?", (prefix + "%",))
        )


@PostgresDialect.variant
class PgAgreementRepository(AgreementRepository):
    """Users may not write remedies: a guard function binds them."""

    def freeze_remedies(
        self,
        work: UnitOfWork,
        number: str,
        ids: Sequence[int],
        events: Sequence[tuple[str, dict[str, Any]]],
        case_id: int,
    ) -> int:
        if not ids:
            return 0
        # The guard appends remedy.frozen with each bound remedy's image itself: the change's
        # events so far go first, so the trail keeps the order things happened in.
        work.flush()
        try:
            return int(
                self.sql.scalar("SELECT rc_freeze_remedies(?, ?::bigint[])", (number, list(ids)))
            )
        except peewee.DatabaseError as exc:
            mapped = guard_error(exc)
            if mapped is None:
                raise
            raise mapped from None
