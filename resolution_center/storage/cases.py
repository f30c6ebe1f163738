"""Cases: one repository over the case aggregate, its writes and search in their own modules,
and PostgreSQL's variant."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from ..domain import audit
from ..domain.case import (
    Case,
    CaseFilter,
    Channel,
    Customer,
    Note,
    Order,
    OrderItem,
    Priority,
    Status,
    Tier,
)
from ..domain.ids import CaseId, CustomerId
from ..domain.money import Money
from .case_search import CaseSearch
from .case_writes import CaseWrites
from .dialect import PostgresDialect, pg_array
from .rows import Columns
from .store import UnitOfWork
from .values import _enum, dt, time_of, ts


class CaseRecord(NamedTuple):
    """A case's columns as stored (with its assignee's name), before becoming a `Case`."""

    id: int
    reference: str
    customer_id: int
    customer_name: str
    customer_email: str
    customer_phone: str
    order_number: str
    order_date: str | None
    currency: str
    order_total_minor: int
    shipping_minor: int
    category: str
    subcategory: str | None
    safety_hazard: Any  # 0/1 on SQLite, a bool on PostgreSQL
    channel: str
    priority: str
    status: str
    tier: str
    assignee: str | None
    subject: str
    description: str
    tags: str
    created_at: str
    updated_at: str
    first_response_due: str
    resolution_due: str
    first_responded_at: str | None
    resolved_at: str | None
    version: int
    updated_by: str
    resolution_code: str | None
    resolution_summary: str
    merged_into: str | None
    sla_calendar_version: int | None
    sla_paused_seconds: int
    sla_paused_at: str | None
    first_response_warn_at: str | None
    resolution_warn_at: str | None
    first_response_warned_at: str | None
    resolution_warned_at: str | None
    first_response_breached_at: str | None
    resolution_breached_at: str | None


class CaseRepository(CaseWrites, CaseSearch):
    """Cases: the writes (storage/case_writes.py), the list and search (storage/case_search.py)
    and the reads of one case here."""

    CASE = Columns(
        CaseRecord,
        id="c.id",
        reference="c.reference",
        customer_id="c.customer_id",
        customer_name="c.customer_name",
        customer_email="c.customer_email",
        customer_phone="c.customer_phone",
        order_number="c.order_number",
        order_date="c.order_date",
        currency="c.currency",
        order_total_minor="c.order_total_minor",
        shipping_minor="c.shipping_minor",
        category="c.category",
        subcategory="c.subcategory",
        safety_hazard="c.safety_hazard",
        channel="c.channel",
        priority="c.priority",
        status="c.status",
        tier="c.tier",
        assignee="u.username",
        subject="c.subject",
        description="c.description",
        tags="c.tags",
        created_at="c.created_at",
        updated_at="c.updated_at",
        first_response_due="c.first_response_due",
        resolution_due="c.resolution_due",
        first_responded_at="c.first_responded_at",
        resolved_at="c.resolved_at",
        version="c.version",
        updated_by="c.updated_by",
        resolution_code="c.resolution_code",
        resolution_summary="c.resolution_summary",
        merged_into="c.merged_into",
        sla_calendar_version="c.sla_calendar_version",
        sla_paused_seconds="c.sla_paused_seconds",
        sla_paused_at="c.sla_paused_at",
        first_response_warn_at="c.first_response_warn_at",
        resolution_warn_at="c.resolution_warn_at",
        first_response_warned_at="c.first_response_warned_at",
        resolution_warned_at="c.resolution_warned_at",
        first_response_breached_at="c.first_response_breached_at",
        resolution_breached_at="c.resolution_breached_at",
    )

    # ---- reads ------------------------------------------------------------------------------
    def _case(self, r: CaseRecord, items: list[OrderItem]) -> Case:
        currency = r.currency
        order = Order(
            r.order_number,
            currency,
            Money(int(r.order_total_minor), currency),
            Money(int(r.shipping_minor), currency),
            date.fromisoformat(r.order_date) if r.order_date else None,
            tuple(items),
        )
        return Case(
            id=CaseId(r.id),
            reference=r.reference,
            customer=Customer(
                r.customer_name, r.customer_email, r.customer_phone, CustomerId(r.customer_id)
            ),
            order=order,
            category=r.category,
            subcategory=r.subcategory,
            safety_hazard=bool(r.safety_hazard),
            channel=_enum(Channel, r.channel),
            priority=_enum(Priority, r.priority),
            status=_enum(Status, r.status),
            tier=_enum(Tier, r.tier),
            assignee=r.assignee,
            subject=r.subject,
            description=r.description,
            tags=tuple(t for t in r.tags.split(",") if t),
            created_at=time_of(r.created_at),
            updated_at=time_of(r.updated_at),
            first_response_due=time_of(r.first_response_due),
            resolution_due=time_of(r.resolution_due),
            first_responded_at=dt(r.first_responded_at),
            resolved_at=dt(r.resolved_at),
            version=int(r.version),
            updated_by=r.updated_by,
            resolution_code=r.resolution_code,
            resolution_summary=r.resolution_summary,
            merged_into=r.merged_into,
            sla_calendar_version=r.sla_calendar_version,
            sla_paused_seconds=int(r.sla_paused_seconds),
            sla_paused_at=dt(r.sla_paused_at),
            first_response_warn_at=dt(r.first_response_warn_at),
            resolution_warn_at=dt(r.resolution_warn_at),
            first_response_warned_at=dt(r.first_response_warned_at),
            resolution_warned_at=dt(r.resolution_warned_at),
            first_response_breached_at=dt(r.first_response_breached_at),
            resolution_breached_at=dt(r.resolution_breached_at),
        )

    GET_SQL = (
        f"SELECT {CASE.sql}, i.sku, i.product, i.seller, i.quantity, i.unit_price_minor, "
        "i.line_no FROM cases c LEFT JOIN users u ON u.id = c.assignee_id "
        "LEFT JOIN order_items i ON i.case_id = c.id WHERE c.id = ? ORDER BY i.line_no"
    )

    def get(self, case_id: CaseId) -> Case | None:
        # One round trip for the case and its items (every change loads the case twice); on
        # PostgreSQL a prepared statement, since planning this join costs more than running it.
        rows = self.sql.prepared_all("rc_case_get", self.GET_SQL, ("bigint",), (case_id,))
        if not rows:
            return None
        case = self.CASE.read(rows[0])
        width, currency = self.CASE.width, case.currency
        items = [
            OrderItem(sku, product, seller, qty, Money(int(price), currency), line)
            for sku, product, seller, qty, price, line in (r[width:] for r in rows)
            if line is not None
        ]
        return self._case(case, items)

    def id_for_reference(self, reference: str) -> CaseId | None:
        value = self.sql.scalar("SELECT id FROM cases WHERE reference = ?", (reference,))
        return CaseId(value) if value is not None else None

    def items(self, case_id: CaseId) -> list[OrderItem]:
        rows = self.sql.all(
            "SELECT sku, product, seller, quantity, unit_price_minor, line_no, "
            "(SELECT currency FROM cases WHERE id = ?) FROM order_items "
            "WHERE case_id = ? ORDER BY line_no",
            (case_id, case_id),
        )
        return [
            OrderItem(sku, product, seller, qty, Money(int(price), cur), line)
            for sku, product, seller, qty, price, line, cur in rows
        ]

    def notes(self, case_id: CaseId) -> list[Note]:
        return self.NOTE.all(
            self.sql.all(
                f"SELECT {self.NOTE.sql} FROM notes n JOIN users u ON u.id = n.author_id "
                "WHERE n.case_id = ? ORDER BY n.id",
                (case_id,),
            )
        )

    NOTE = Columns(
        Note,
        id="n.id",
        case_id=("n.case_id", CaseId),
        author="u.username",
        body="n.body",
        created_at=("n.created_at", time_of),
        internal=("n.internal", bool),
    )


# ---- PostgreSQL: the server keeps the search column; hot writes are prepared statements ----


@PostgresDialect.variant
class PgCaseRepository(CaseRepository):
    """The search column is generated by the server; hot writes run as prepared statements."""

    def _with_search_text(
        self, cases: Sequence[Sequence[Any]]
    ) -> tuple[Sequence[str], Sequence[Sequence[Any]]]:
        return self.CASE_INSERT_COLUMNS, cases

    def _index_many(self, ids: Sequence[int]) -> None:
        pass

    def _index(self, case_id: CaseId) -> None:
        pass

    def _search_source(
        self, f: CaseFilter, params: list[Any], column: str, needed: int | None
    ) -> tuple[str, int | None]:
        return "cases c", None

    def _insert_customers(
        self,
        first: dict[str, tuple[str, str, str]],
        ids: Sequence[int],
        now: datetime,
        found: dict[str, tuple[CustomerId, bool]],
    ) -> None:
        # Another writer may add the same email meanwhile: skip those, then look them up.
        rows = self.sql.all(
            "INSERT INTO customers (id, email_norm, name, email, phone, created_at) "
            "SELECT i, e, n, e, p, ? FROM unnest(?::bigint[], ?::text[], ?::text[], "
            "?::text[]) AS u(i, e, n, p) ON CONFLICT (email_norm) DO NOTHING "
            "RETURNING id, email_norm",
            (
                ts(now),
                pg_array(ids),
                pg_array(list(first)),
                pg_array([c[1] for c in first.values()]),
                pg_array([c[2] for c in first.values()]),
            ),
        )
        for cid, email in rows:
            found[email] = (CustomerId(cid), True)
            self.store.touch("customers", cid)
        missing = [e for e in first if e not in found]
        found.update(
            (email, (CustomerId(cid), False))
            for cid, email in self.sql.rows_in(
                "SELECT id, email_norm FROM customers WHERE email_norm {in}", missing
            )
        )

    def _write_audited(
        self,
        work: UnitOfWork,
        case: Case,
        cols: dict[str, Any],
        update: str,
        params: tuple[Any, ...],
        action: str,
        data: dict[str, Any],
    ) -> tuple[Any, ...] | None:
        """Two prepared statements, the UPDATE and `rc_append_event` naming the row, whose image
        the server reads (it must see the UPDATE done: inside the UPDATE's own statement it would
        not, and the row would not yet be noted as changed by this transaction); the UPDATE's
        row lock comes before the chain-head lock, as in every unit of work."""
        if work.pending or work.touched:  # events before this one: they go first, in order
            return super()._write_audited(work, case, cols, update, params, action, data)
        # Prepared (one per set of columns written): planning these statements costs more than
        # running them.
        name = "rc_case_write_" + hashlib.sha1("|".join(cols).encode()).hexdigest()[:12]
        rows = self.sql.prepared_all(name, f"{update} RETURNING first_responded_at", None, params)
        if not rows:
            return None
        seq, digest, time, who, role, text = self.sql.prepared_all(
            "rc_case_event",
            "SELECT * FROM rc_append_event(?, 'case', ?, ?, ?, '{cases}'::text[], ARRAY[?])",
            ("text", "text", "bigint", "text", "text"),
            (action, case.reference, case.id, audit.canonical_json(data), str(case.id)),
        )[0]
        work.appended.append(
            audit.AuditEvent(
                int(seq),
                "",
                time,
                who,
                role,
                action,
                "case",
                case.reference,
                text,
                digest,
                case.id,
            )
        )
        return rows[0]
