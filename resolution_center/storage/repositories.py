"""Repositories: the only code that writes SQL. Domain values in, domain values out."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Any, ClassVar, NamedTuple, TypeVar

from ..domain import audit, search_text
from ..domain.actions import Action
from ..domain.case import (
    PRIORITY_RANK,
    Case,
    CaseFilter,
    CaseQuery,
    CaseRow,
    Channel,
    Customer,
    Note,
    Order,
    OrderItem,
    Priority,
    Status,
    Tier,
)
from ..domain.errors import ValidationError
from ..domain.ids import CaseId, CustomerId, is_case_reference
from ..domain.money import Money
from ..domain.sla import DUE_SOON
from ..domain.users import User
from . import vouched
from .dialect import PostgresDialect, Repository, pg_array, pg_text_array
from .rows import Columns
from .search_words import SEARCH_FIELD_NAMES, with_search_words
from .store import Actor, Sql, UnitOfWork
from .vouched import ROWS_KEY

ts = audit.format_time  # stored times are the audit trail's text


def dt(text: str | None) -> datetime | None:
    # fromisoformat is C code and ~20x faster than strptime; list pages parse thousands of these.
    # Stored times are always the fixed-width UTC form, which it reads exactly ('Z' = UTC).
    return datetime.fromisoformat(text) if text else None


def bulk_insert(
    sql: Sql, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert many rows in the current transaction, as the dialect does it fastest."""
    sql.bulk_insert(table, columns, rows)


E = TypeVar("E", bound=Enum)


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


def time_of(text: str) -> datetime:
    """A stored time that is never NULL."""
    return datetime.fromisoformat(text)


def enum_reader(kind: type[E]) -> Callable[[Any], E]:
    """`_enum` for one kind, as a column conversion."""
    lookup = kind._value2member_map_

    def read(value: Any) -> E:
        try:
            return lookup[value]  # type: ignore[return-value]
        except (KeyError, TypeError):
            return kind(value)

    return read


def _enum(kind: type[E], value: Any) -> E:
    """kind(value) as a dict lookup: calling an Enum class costs ~1 us and a page of 200 list
    rows makes 800 of them. Unknown values still raise Enum's own ValueError."""
    try:
        return kind._value2member_map_[value]  # type: ignore[return-value]
    except (KeyError, TypeError):
        return kind(value)


CLOSED = (Status.RESOLVED.value, Status.CLOSED.value)


class CaseRepository(Repository):
    CASE = Columns(
        CaseRecord,
        id="c.id", reference="c.reference", customer_id="c.customer_id",
        customer_name="c.customer_name", customer_email="c.customer_email",
        customer_phone="c.customer_phone", order_number="c.order_number",
        order_date="c.order_date", currency="c.currency", order_total_minor="c.order_total_minor",
        shipping_minor="c.shipping_minor", category="c.category", subcategory="c.subcategory",
        safety_hazard="c.safety_hazard", channel="c.channel", priority="c.priority",
        status="c.status", tier="c.tier", assignee="u.username", subject="c.subject",
        description="c.description", tags="c.tags", created_at="c.created_at",
        updated_at="c.updated_at", first_response_due="c.first_response_due",
        resolution_due="c.resolution_due", first_responded_at="c.first_responded_at",
        resolved_at="c.resolved_at", version="c.version", updated_by="c.updated_by",
    )  # fmt: skip
    # A line of the list: the hottest read (a page of 200, and every page the window scrolls to).
    ROW = Columns(
        CaseRow,
        id="c.id", reference="c.reference", subject="c.subject",
        customer_name="c.customer_name", order_number="c.order_number", category="c.category",
        priority=("c.priority", enum_reader(Priority)), status=("c.status", enum_reader(Status)),
        tier=("c.tier", enum_reader(Tier)), channel=("c.channel", enum_reader(Channel)),
        assignee="u.username", created_at=("c.created_at", dt),
        updated_at=("c.updated_at", dt), resolution_due=("c.resolution_due", dt),
        first_response_due=("c.first_response_due", dt),
        first_responded_at=("c.first_responded_at", dt),
    )  # fmt: skip
    SORTS: ClassVar[dict[str, str]] = {
        "updated": "c.updated_at",
        "created": "c.created_at",
        "priority": "c.priority_rank",
        "due": "c.resolution_due",
        "reference": "c.reference",
        "status": "c.status",
    }

    # ---- writes -----------------------------------------------------------------------------
    def next_counter(self, name: str) -> int:
        """Atomic increment under the row lock: references are never reused, never max()+1."""
        self.sql.execute(
            "INSERT INTO counters (name, value) VALUES (?, 0) ON CONFLICT (name) DO NOTHING",
            (name,),
        )
        value = int(
            self.sql.scalar(
                "UPDATE counters SET value = value + 1 WHERE name = ? RETURNING value", (name,)
            )
        )
        self.store.touch("counters", name)
        return value

    def reserve_counter(self, name: str, count: int) -> int:
        """Reserve `count` consecutive numbers in one UPDATE (bulk intake); returns the first."""
        self.sql.execute(
            "INSERT INTO counters (name, value) VALUES (?, 0) ON CONFLICT (name) DO NOTHING",
            (name,),
        )
        last = int(
            self.sql.scalar(
                "UPDATE counters SET value = value + ? WHERE name = ? RETURNING value",
                (count, name),
            )
        )
        self.store.touch("counters", name)
        return last - count + 1

    # ---- bulk intake (imports): tuples and executemany / COPY, no per-row round trips --------
    CASE_INSERT_COLUMNS = (
        "id", "reference", "customer_id", "customer_name", "customer_email", "customer_phone",
        "order_number", "order_date", "currency", "order_total_minor", "shipping_minor",
        "category", "subcategory", "safety_hazard", "channel", "priority", "priority_rank",
        "status", "tier", "assignee_id", "subject", "description", "tags", "created_at",
        "updated_at", "updated_by", "first_response_due", "resolution_due",
        "first_responded_at", "resolved_at", "version",
    )  # fmt: skip
    ITEM_INSERT_COLUMNS = (
        "case_id", "line_no", "sku", "product", "seller", "quantity", "unit_price_minor",
    )  # fmt: skip
    NOTE_INSERT_COLUMNS = ("id", "case_id", "author_id", "body", "internal", "created_at")

    def reserve_ids(self, table: str, count: int) -> list[int]:
        """Ids for rows a bulk insert is about to write, taken before writing them.

        On SQLite the next rowids, on PostgreSQL values of the table's sequence.
        """
        return self.sql.reserve_ids(table, count)

    def customers_bulk(
        self, customers: Sequence[tuple[str, str, str]], now: datetime
    ) -> dict[str, tuple[CustomerId, bool]]:
        """(email, name, phone) -> {email: (id, created)}; one customer per normalised email."""
        found: dict[str, tuple[CustomerId, bool]] = {}
        emails = list(dict.fromkeys(c[0] for c in customers))
        found.update(
            (email, (CustomerId(cid), False))
            for cid, email in self.sql.rows_in(
                "SELECT id, email_norm FROM customers WHERE email_norm {in}", emails
            )
        )
        first: dict[str, tuple[str, str, str]] = {}
        for c in customers:
            if c[0] not in found:
                first.setdefault(c[0], c)
        if first:
            self._insert_customers(first, self.reserve_ids("customers", len(first)), now, found)
        return found

    def _insert_customers(
        self,
        first: dict[str, tuple[str, str, str]],
        ids: Sequence[int],
        now: datetime,
        found: dict[str, tuple[CustomerId, bool]],
    ) -> None:
        """Write the new customers (email -> (email, name, phone)) and add them to `found`."""
        created = ts(now)
        bulk_insert(
            self.sql,
            "customers",
            ("id", "email_norm", "name", "email", "phone", "created_at"),
            [
                (cid, email, c[1], email, c[2], created)
                for cid, (email, c) in zip(ids, first.items(), strict=True)
            ],
        )
        for cid, email in zip(ids, first, strict=True):
            found[email] = (CustomerId(cid), True)
            self.store.touch("customers", cid)

    def insert_bulk(
        self,
        cases: Sequence[Sequence[Any]],
        items: Sequence[Sequence[Any]] = (),
        notes: Sequence[Sequence[Any]] = (),
    ) -> None:
        """Write prepared case rows (CASE_INSERT_COLUMNS, ids reserved) with their items, notes
        and search-index entries."""
        columns, cases = self._with_search_text(cases)
        bulk_insert(self.sql, "cases", columns, cases)
        bulk_insert(self.sql, "order_items", self.ITEM_INSERT_COLUMNS, items)
        bulk_insert(self.sql, "notes", self.NOTE_INSERT_COLUMNS, notes)
        touch = self.store.touch
        for row in cases:
            touch("cases", row[0])
        if items:
            case_ids = sorted({row[0] for row in items})
            for start in range(0, len(case_ids), 500):
                chunk = case_ids[start : start + 500]
                for (item_id,) in self.sql.all(
                    "SELECT id FROM order_items WHERE case_id IN "
                    f"({', '.join('?' * len(chunk))}) ORDER BY id",
                    chunk,
                ):
                    touch("order_items", item_id)
        for row in notes:
            touch("notes", row[0])
        self._index_many([row[0] for row in cases])

    def _with_search_text(
        self, cases: Sequence[Sequence[Any]]
    ) -> tuple[Sequence[str], Sequence[Sequence[Any]]]:
        """The columns and rows to insert for these cases, with the words a search checks."""
        return with_search_words(self.CASE_INSERT_COLUMNS, cases)

    def _index_many(self, ids: Sequence[int]) -> None:
        """Add new cases to the full-text index (SQLite's is kept by the app)."""
        if ids:
            lo, hi = min(ids), max(ids)
            if hi - lo + 1 == len(ids):
                # One statement for the whole batch, the same text `_index` writes per case.
                self.sql.execute(
                    "INSERT INTO case_fts (rowid, reference, customer, order_number, subject, "
                    "body) SELECT id, reference, customer_name || ' ' || customer_email, "
                    "order_number, subject, description FROM cases WHERE id BETWEEN ? AND ?",
                    (lo, hi),
                )
            else:
                for case_id in ids:
                    self._index(CaseId(case_id))

    def customer_for(self, customer: Customer, now: datetime) -> tuple[CustomerId, bool]:
        """One customer per normalised email; returns (id, created)."""
        row = self.sql.one("SELECT id FROM customers WHERE email_norm = ?", (customer.email,))
        if row:
            return CustomerId(row[0]), False
        new_id = self.sql.insert(
            "INSERT INTO customers (email_norm, name, email, phone, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (customer.email, customer.name, customer.email, customer.phone, ts(now)),
        )
        self.store.touch("customers", new_id)
        return CustomerId(new_id), True

    def insert(
        self,
        reference: str,
        customer_id: CustomerId,
        customer: Customer,
        order: Order,
        *,
        category: str,
        subcategory: str | None,
        safety_hazard: bool,
        channel: str,
        priority: Priority,
        tier: str,
        subject: str,
        description: str,
        tags: Sequence[str],
        now: datetime,
        first_response_due: datetime,
        resolution_due: datetime,
        actor: str,
    ) -> CaseId:
        case_id = self.sql.insert(
            "INSERT INTO cases (reference, customer_id, customer_name, customer_email, "
            "customer_phone, order_number, order_date, currency, order_total_minor, "
            "shipping_minor, category, subcategory, safety_hazard, channel, priority, "
            "priority_rank, status, tier, assignee_id, subject, description, tags, created_at, "
            "updated_at, updated_by, first_response_due, resolution_due, version) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, "
            "1)",
            (
                reference,
                customer_id,
                customer.name,
                customer.email,
                customer.phone,
                order.number,
                order.placed_on.isoformat() if order.placed_on else None,
                order.currency,
                order.total.minor,
                order.shipping.minor,
                category,
                subcategory,
                safety_hazard,
                channel,
                priority.value,
                PRIORITY_RANK[priority],
                Status.NEW.value,
                tier,
                subject,
                description,
                ",".join(tags),
                ts(now),
                ts(now),
                actor,
                ts(first_response_due),
                ts(resolution_due),
            ),
        )
        if order.items:
            self.sql.executemany(
                "INSERT INTO order_items (case_id, line_no, sku, product, seller, quantity, "
                "unit_price_minor) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        case_id,
                        it.line_no,
                        it.sku,
                        it.product,
                        it.seller,
                        it.quantity,
                        it.unit_price.minor,
                    )
                    for it in order.items
                ],
            )
        self._index(CaseId(case_id))
        self.store.touch("cases", case_id)
        for (item_id,) in self.sql.all(
            "SELECT id FROM order_items WHERE case_id = ? ORDER BY line_no", (case_id,)
        ):
            self.store.touch("order_items", item_id)
        return CaseId(case_id)

    def _index(self, case_id: CaseId) -> None:
        """Keep SQLite's full-text index and word list in step."""
        row = self.sql.one(f"SELECT {self.SEARCH_FIELDS} FROM cases WHERE id = ?", (case_id,))
        assert row is not None
        reference, name, email, order_number, subject, description = row
        self.sql.execute(
            "UPDATE cases SET search_words = ? WHERE id = ?", (search_text.word_list(*row), case_id)
        )
        self.sql.execute("DELETE FROM case_fts WHERE rowid = ?", (case_id,))
        self.sql.execute(
            "INSERT INTO case_fts (rowid, reference, customer, order_number, subject, body) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (case_id, reference, " ".join(p for p in (name, email) if p), order_number, subject,
             description),
        )  # fmt: skip

    SEARCHABLE = frozenset(
        {"subject", "description", "customer_name", "customer_email", "order_number"}
    )
    SEARCH_FIELDS = ", ".join(SEARCH_FIELD_NAMES)

    def update_audited(
        self,
        work: UnitOfWork,
        case: Case,
        values: dict[str, Any],
        fields: dict[str, Any],
        action: str,
        data: dict[str, Any],
    ) -> Case | None:
        """A version-checked write of `case` (as read, at `case.version`) and its audit event;
        returns the case as written, or None when someone else changed it first.

        `values` are the columns to write and `fields` the same changes as Case fields: the
        written case is the read one with those, the new version and stamp, and the one column
        that changes without a version bump (`first_responded_at`) read back. That saves
        returning the whole row and parsing it again (~20 us of a ~0.3 ms change on SQLite).

        PostgreSQL: two prepared statements, the UPDATE and `rc_append_event` naming the row,
        whose image the server reads (it must see the UPDATE done: inside the UPDATE's own
        statement it would not, and the row would not yet be noted as changed by this
        transaction); the UPDATE's row lock comes before the chain-head lock, as in every unit
        of work. SQLite: the UPDATE, and the event appended by the unit of work as usual.
        """
        cols = dict(values)
        if "priority" in cols:  # the rank the list sorts by follows the priority
            cols["priority_rank"] = PRIORITY_RANK[Priority(cols["priority"])]
        if "assignee" in cols:
            cols["assignee_id"] = cols.pop("assignee")
        assignments = "".join(f"{c} = ?, " for c in cols)
        update = (
            f"UPDATE cases SET {assignments}version = version + 1, updated_at = ?, "
            "updated_by = ? WHERE id = ? AND version = ?"
        )
        stamp = ts(work.now)
        params = (*cols.values(), stamp, work.actor.username, case.id, case.version)
        row = self._write_audited(work, case, cols, update, params, action, data)
        if row is None:
            return None
        responded = row[0]
        return replace(
            case,
            **fields,
            version=case.version + 1,
            updated_at=dt(stamp),
            updated_by=work.actor.username,
            first_responded_at=dt(responded),
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
        """Run `update` and note its event; (first_responded_at,) or None if none matched."""
        row = self.sql.one(f"{update} RETURNING first_responded_at", params)
        if row is not None:
            if self.SEARCHABLE & cols.keys():
                self._index(case.id)
            work.touch("cases", case.id)
            work.pending.append(audit.PendingEvent(action, "case", case.reference, data, case.id))
        return row

    def mark_first_response(self, case_id: CaseId, now: datetime) -> None:
        """An SLA fact, not a user edit: no version bump, so it never conflicts with edits."""
        cursor = self.sql.execute(
            "UPDATE cases SET first_responded_at = ? WHERE id = ? AND first_responded_at IS NULL",
            (ts(now), case_id),
        )
        if cursor.rowcount:  # an event names only rows its change wrote
            self.store.touch("cases", case_id)

    def add_note(
        self, case_id: CaseId, author_id: int, body: str, internal: bool, now: datetime
    ) -> int:
        note_id = self.sql.insert(
            "INSERT INTO notes (case_id, author_id, body, internal, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (case_id, author_id, body, internal, ts(now)),
        )
        self.store.touch("notes", note_id)
        return note_id

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
            customer=Customer(r.customer_name, r.customer_email, r.customer_phone,
                              CustomerId(r.customer_id)),
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
        )  # fmt: skip

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
        return self.NOTE.all(self.sql.all(
            f"SELECT {self.NOTE.sql} FROM notes n JOIN users u ON u.id = n.author_id "
            "WHERE n.case_id = ? ORDER BY n.id",
            (case_id,),
        ))  # fmt: skip

    NOTE = Columns(
        Note, id="n.id", case_id=("n.case_id", CaseId), author="u.username", body="n.body",
        created_at=("n.created_at", time_of), internal=("n.internal", bool),
    )  # fmt: skip

    def sla_expression(self) -> str:
        return (
            "CASE WHEN c.status IN ('resolved', 'closed') THEN 'met' "
            "WHEN c.resolution_due <= ? OR (c.first_responded_at IS NULL AND "
            "c.first_response_due <= ?) THEN 'overdue' "
            "WHEN c.resolution_due <= ? OR (c.first_responded_at IS NULL AND "
            "c.first_response_due <= ?) THEN 'due-soon' ELSE 'on-time' END"
        )

    def _sla_params(self, now: datetime) -> tuple[str, str, str, str]:
        n, soon = ts(now), ts(now + DUE_SOON)
        return n, n, soon, soon

    def _where(self, f: CaseFilter, now: datetime) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []

        def any_of(column: str, values: Sequence[str]) -> None:
            if values:
                clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
                params.extend(values)

        any_of("c.status", [s.value for s in f.statuses])
        any_of("c.category", list(f.categories))
        any_of("c.priority", [p.value for p in f.priorities])
        any_of("c.tier", [t.value for t in f.tiers])
        any_of("c.channel", [c.value for c in f.channels])
        if f.open_only:
            clauses.append("c.status NOT IN ('resolved', 'closed')")
        if f.case_ids is not None:
            if f.case_ids:
                clauses.append(f"c.id IN ({', '.join('?' for _ in f.case_ids)})")
                params.extend(int(i) for i in f.case_ids)
            else:
                clauses.append("1 = 0")
        if f.assignee is not None:
            if f.assignee == "":
                clauses.append("c.assignee_id IS NULL")
            else:
                clauses.append("c.assignee_id = (SELECT id FROM users WHERE username = ?)")
                params.append(f.assignee)
        if f.created_from:
            clauses.append("c.created_at >= ?")
            params.append(ts(f.created_from))
        if f.created_to:
            clauses.append("c.created_at < ?")
            params.append(ts(f.created_to))
        if f.sla_states:
            clauses.append(f"({self.sla_expression()}) IN ({', '.join('?' for _ in f.sla_states)})")
            params.extend(self._sla_params(now))
            params.extend(f.sla_states)
        terms = search_text.terms(f.search)
        if terms:
            text_clause = self.sql.text_clause()
            params.append(self.sql.text_match(terms))
            if is_case_reference(f.search):
                clauses.append(f"({text_clause} OR c.reference = ?)")
                params.append(f.search.strip().upper())
            else:
                clauses.append(text_clause)
        elif f.search.strip():
            clauses.append("1 = 0")  # only punctuation typed: nothing can match
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        return where, params

    # A first page of search results, three ways by how many cases match:
    # - most cases (a word like "refund" in a third of them): walk the sort order and check each
    #   case's own text (SQLite's word list, PostgreSQL's tsvector) until the page is full; a few
    #   hundred rows whatever the size of the database. The total is then "more than the page":
    #   counting 60,000 matches costs more than the page and grows with the database.
    # - many (1 in 50 or more): the index gives the matching ids, SQLite walks the sort index
    #   and keeps those (SQLite otherwise fetches and sorts every match for one page).
    # - few: the index gives the matches, they are sorted.
    SORT_INDEXES: ClassVar[dict[str, str]] = {
        "c.updated_at": "cases_updated_at",
        "c.created_at": "cases_created_at",
        "c.resolution_due": "cases_resolution_due",
        "c.reference": "cases_reference",
    }
    WALK_SHARE = 50  # walk the sort index when more than one case in 50 matches
    DENSE_WALK = 5  # check up to 5 cases per result needed before asking the index instead

    def _text_only(self, f: CaseFilter) -> bool:
        """Only a word search (no other filter): the plans above apply."""
        return bool(search_text.terms(f.search)) and replace(f, search="") == CaseFilter()

    def _row_check(self, f: CaseFilter) -> tuple[str, list[Any]]:
        """SQL true for a case row `w` that matches the search box, without the text index."""
        return self.sql.row_check(f.search)

    def _walk_source(self, column: str, desc: bool, limit: str) -> str:
        """The first `limit` cases in sort order, with what `_row_check` reads."""
        text = self.sql.text_column
        hint = self.sql.index_hint(self.SORT_INDEXES[column])
        way = "DESC" if desc else "ASC"
        return (
            f"(SELECT c.id, c.{text} FROM cases c{hint} "
            f"ORDER BY {column} {way}, c.id {way} LIMIT {limit}) w"
        )

    def _dense_page(
        self, query: CaseQuery, column: str, desc: bool
    ) -> tuple[list[CaseRow], int, bool] | None:
        """(page, total, exact) by walking the sort order, if most cases match; else None."""
        if column not in self.SORT_INDEXES or is_case_reference(query.filter.search):
            return None  # a reference finds one case: the index is quicker
        need = query.offset + query.limit
        budget = need * self.DENSE_WALK
        check, params = self._row_check(query.filter)
        # Fewer cases than the walk may check: check them all, and the count is exact.
        everything = int(self.sql.scalar("SELECT count(*) FROM (SELECT 1 FROM cases LIMIT ?) n",
                                          (budget,))) < budget  # fmt: skip
        walk = f"SELECT w.id FROM {self._walk_source(column, desc, '?')} WHERE {check} LIMIT ?"
        if not everything:
            # A sample first: a rare word should not cost a walk of `budget` cases.
            sample = len(self.sql.all(walk, (query.limit, *params, query.limit)))
            if sample * self.DENSE_WALK < query.limit:
                return None
        # The walk is read in its own order (both engines stream a sorted, limited subquery),
        # so it stops at the first need + 1 matches: a few hundred rows for a common word.
        hits = [CaseId(r[0]) for r in self.sql.all(
            walk, (budget, *params, budget if everything else need + 1)
        )]  # fmt: skip
        if everything:
            total, exact = len(hits), True
        elif len(hits) > need:
            total, exact = need, False  # more than this match; counting them all costs more
        else:
            return None  # few matches in the first `budget` cases: the index is quicker
        ids = hits[query.offset : need]
        rows = self.rows(ids)
        return [rows[i] for i in ids], total, exact

    def _search_source(
        self, f: CaseFilter, params: list[Any], column: str, needed: int | None
    ) -> tuple[str, int | None]:
        """(the FROM source, the exact total if known) for a search: SQLite's planner is told
        which sort index to walk when a text-only search matches many cases."""
        if not self._text_only(f) or is_case_reference(f.search):
            return "cases c", None
        matches, cases = self.sql.one(  # type: ignore[misc]
            "SELECT (SELECT count(*) FROM case_fts WHERE case_fts MATCH ?), "
            "(SELECT coalesce(max(id), 0) FROM cases)",
            params,
        )
        index = self.SORT_INDEXES.get(column)
        many = matches * self.WALK_SHARE > cases and (needed is None or matches > needed)
        return ("cases c" + self.sql.index_hint(index) if index and many else "cases c"), int(
            matches
        )

    def list(self, query: CaseQuery, now: datetime) -> tuple[list[CaseRow], int, bool]:
        """(the page, the total, whether it is exact: if not, more than `total` match)."""
        desc = query.sort.startswith("-")
        column = self.SORTS[query.sort.lstrip("-")]
        if self._text_only(query.filter):
            dense = self._dense_page(query, column, desc)
            if dense is not None:
                return dense
        where, params = self._where(query.filter, now)
        order = f"{column} {'DESC' if desc else 'ASC'}, c.id {'DESC' if desc else 'ASC'}"
        needed = query.limit + query.offset
        source, total = self._search_source(query.filter, params, column, needed)
        rows = self.sql.all(
            f"SELECT {self.ROW.sql} FROM {source} LEFT JOIN users u ON u.id = c.assignee_id"
            f"{where} ORDER BY {order} LIMIT ? OFFSET ?",
            (*params, query.limit, query.offset),
        )
        if total is None:
            total = int(self.sql.scalar(f"SELECT count(*) FROM cases c{where}", params))
        return self.ROW.all(rows), total, True

    def ids(self, query: CaseQuery, now: datetime) -> list[CaseId]:
        """All matching ids in order: what the window's table holds (rows load lazily)."""
        where, params = self._where(query.filter, now)
        desc = query.sort.startswith("-")
        column = self.SORTS[query.sort.lstrip("-")]
        order = f"{column} {'DESC' if desc else 'ASC'}, c.id {'DESC' if desc else 'ASC'}"
        source, _ = self._search_source(query.filter, params, column, None)
        return [
            r[0] for r in self.sql.all(f"SELECT c.id FROM {source}{where} ORDER BY {order}", params)
        ]

    def rows(self, ids: Sequence[CaseId]) -> dict[CaseId, CaseRow]:
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        rows = self.sql.all(
            f"SELECT {self.ROW.sql} FROM cases c LEFT JOIN users u ON "
            f"u.id = c.assignee_id WHERE c.id IN ({marks})",
            list(ids),
        )
        read = self.ROW.read
        return {r[0]: read(r) for r in rows}

    def counts(self, f: CaseFilter, now: datetime) -> dict[str, dict[str, int]]:
        """Counts per status and per SLA state: the list's side bar, two GROUP BYs."""
        where, params = self._where(f, now)
        by_status = dict(
            self.sql.all(f"SELECT c.status, count(*) FROM cases c{where} GROUP BY c.status", params)
        )
        by_sla = dict(
            self.sql.all(
                f"SELECT {self.sla_expression()} AS s, count(*) FROM cases c{where} GROUP BY s",
                (*self._sla_params(now), *params),
            )
        )
        return {
            "status": {k: int(v) for k, v in by_status.items()},
            "sla": {k: int(v) for k, v in by_sla.items()},
        }

    def all_ids(self) -> set[int]:
        return {r[0] for r in self.sql.all("SELECT id FROM cases")}


class AuditRepository(Repository):
    """Append-only: there is no update or delete here, by design."""

    PERSONAL_CHUNK = 5_000
    EVENT = Columns(
        audit.AuditEvent, seq="seq", prev_hash="prev_hash", time="time", actor="actor",
        role="role", action="action", target_type="target_type", target_id="target_id",
        data="data", hash="hash", case_id="case_id",
    )  # fmt: skip
    EVENT_COLUMNS = EVENT.sql  # also the columns an event is inserted with, in this order

    def append(self, pending: audit.PendingEvent, actor: Actor, now: datetime) -> audit.AuditEvent:
        text = None
        if pending.rows:
            images = json.dumps(
                self.images(pending.rows),
                sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False,
            )  # fmt: skip
            text = audit.canonical_json_spliced(pending.data, ROWS_KEY, images)
        seq, prev = self.sql.one("SELECT seq, hash FROM chain_head WHERE id = 1")  # type: ignore[misc]
        event = audit.seal(int(seq) + 1, prev, now, actor.username, actor.role, pending, text)
        self.sql.execute(
            f"INSERT INTO audit_events ({self.EVENT_COLUMNS}) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                event.seq,
                event.prev_hash,
                event.time,
                event.actor,
                event.role,
                event.action,
                event.target_type,
                event.target_id,
                event.data,
                event.hash,
                event.case_id,
            ),
        )
        self.sql.execute(
            "UPDATE chain_head SET seq = ?, hash = ?, time = ? WHERE id = 1",
            (event.seq, event.hash, event.time),
        )
        return event

    def images(self, rows: Sequence[tuple[str, str]]) -> list[list[Any]]:
        """[[table, key, image], ...] of rows as stored now, in the order named (format 2)."""
        by_table: dict[str, list[str]] = {}
        for table, key in rows:
            by_table.setdefault(table, []).append(key)
        found = {
            table: vouched.row_images(self.sql, vouched.BY_NAME[table], keys, create_salts=True)
            for table, keys in by_table.items()
        }
        return [[table, key, found[table][key]] for table, key in rows]

    def append_many(
        self,
        events: Sequence[tuple[Any, ...]],
        actor: Actor,
        now: datetime,
    ) -> audit.ChainHead | None:
        """Append many events under one chain-head lock, in order (bulk intake); returns the new
        head (None when there was nothing to append).

        Each event is (action, target_type, target_id, case_id, data), data being the text
        `audit.canonical_json` makes of the event's payload. SQLite: sealed here under the write
        lock, one executemany, the head moved once. PostgreSQL: one call of `rc_append_events`,
        which stamps and chains them on the server (and checks each data text is JSON).
        """
        if not events:
            return None
        seq, prev = self.sql.one("SELECT seq, hash FROM chain_head WHERE id = 1")  # type: ignore[misc]
        seq = int(seq)
        time = ts(now)
        who, role = actor.username, actor.role
        rows_out: list[tuple[Any, ...]] = []
        append = rows_out.append
        sha256 = hashlib.sha256
        join = audit.SEP.join
        fmt = audit.HASH_FORMAT
        for action, target_type, target_id, case_id, data in events:
            seq += 1
            # audit.canonical_bytes, inlined: this loop runs once per imported event.
            case_text = "" if case_id is None else str(case_id)
            digest = sha256(join((
                fmt, str(seq), prev, time, who, role, action, target_type, target_id, case_text,
                data,
            )).encode("utf-8")).hexdigest()  # fmt: skip
            append((seq, prev, time, who, role, action, target_type, target_id, data, digest,
                    case_id))  # fmt: skip
            prev = digest
        bulk_insert(
            self.sql, "audit_events", [c.strip() for c in self.EVENT_COLUMNS.split(",")], rows_out
        )
        self.sql.execute(
            "UPDATE chain_head SET seq = ?, hash = ?, time = ? WHERE id = 1", (seq, prev, time)
        )
        return audit.ChainHead(seq, prev, time)

    def add_personal_bulk(self, rows: Sequence[tuple[str, str, str]]) -> None:
        """(digest, salt, value) rows: personal values named by digest inside events."""
        bulk_insert(self.sql, "personal_values", ("digest", "salt", "value"), rows)

    def for_case(self, case_id: int) -> list[audit.AuditEvent]:
        return [
            self.EVENT.read(r)
            for r in self.sql.all(
                f"SELECT {self.EVENT_COLUMNS} FROM audit_events WHERE case_id = ? ORDER BY seq",
                (case_id,),
            )
        ]

    def for_target(self, target_type: str, target_id: str) -> list[audit.AuditEvent]:
        return [
            self.EVENT.read(r)
            for r in self.sql.all(
                f"SELECT {self.EVENT_COLUMNS} FROM audit_events WHERE target_type = ? AND "
                "target_id = ? ORDER BY seq",
                (target_type, target_id),
            )
        ]

    def recent(self, limit: int = 100) -> list[audit.AuditEvent]:
        return [
            self.EVENT.read(r)
            for r in self.sql.all(
                f"SELECT {self.EVENT_COLUMNS} FROM audit_events ORDER BY seq DESC LIMIT ?", (limit,)
            )
        ]

    def iter_rows(
        self, batch: int = 20_000, after: int = 0, upto: int | None = None
    ) -> Iterator[list[audit.EventRow]]:
        """Events with after < seq (<= upto), in sequence order, in batches by key range (never
        OFFSET)."""
        last = after
        bound = "" if upto is None else " AND seq <= ?"
        extra: tuple[int, ...] = () if upto is None else (upto,)
        while True:
            rows = self.sql.all(
                "SELECT seq, prev_hash, time, actor, role, action, target_type, target_id, "
                f"case_id, data, hash FROM audit_events WHERE seq > ?{bound} ORDER BY seq "
                "LIMIT ?",
                (last, *extra, batch),
            )
            if not rows:
                return
            yield rows  # type: ignore[misc]
            last = rows[-1][0]

    def event_data(self, seq: int) -> str | None:
        return self.sql.scalar("SELECT data FROM audit_events WHERE seq = ?", (seq,))

    def last_at_or_before(self, seq: int) -> tuple[int, str] | None:
        """The stored (seq, hash) of the newest event at or before `seq` (chunk boundaries)."""
        row = self.sql.one(
            "SELECT seq, hash FROM audit_events WHERE seq <= ? ORDER BY seq DESC LIMIT 1", (seq,)
        )
        return (int(row[0]), row[1]) if row else None

    def head(self) -> audit.ChainHead | None:
        row = self.sql.one("SELECT seq, hash, time FROM chain_head WHERE id = 1")
        return audit.ChainHead(int(row[0]), row[1], row[2]) if row else None

    def hash_at(self, seq: int) -> str | None:
        return self.sql.scalar("SELECT hash FROM audit_events WHERE seq = ?", (seq,))

    def created_case_ids(self) -> set[int]:
        return {
            r[0]
            for r in self.sql.all(
                "SELECT case_id FROM audit_events WHERE action IN ('case.created', 'case.imported')"
            )
        }

    def personal_values(
        self, after_rowid: int | None = None, upto_rowid: int | None = None
    ) -> Iterator[tuple[str, str, str]]:
        """All personal values in storage order; on SQLite optionally a rowid slice (one
        verification worker's share, read sequentially)."""
        if after_rowid is None and upto_rowid is None:
            yield from self.sql.all("SELECT digest, salt, value FROM personal_values")
            return
        clauses, params = [], []
        if after_rowid is not None:
            clauses.append("rowid > ?")
            params.append(after_rowid)
        if upto_rowid is not None:
            clauses.append("rowid <= ?")
            params.append(upto_rowid)
        yield from self.sql.all(
            f"SELECT digest, salt, value FROM personal_values WHERE {' AND '.join(clauses)}",
            params,
        )

    def personal_rowid_bounds(self) -> tuple[int, int] | None:
        """(min, max) rowid of the personal values on SQLite; None elsewhere or when empty."""
        return self.sql.rowid_bounds("personal_values")

    def resolve_personal(self, digests: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        # Chunked: SQLite caps the parameters of one statement, and a long case has many values.
        for start in range(0, len(digests), self.PERSONAL_CHUNK):
            chunk = list(digests[start : start + self.PERSONAL_CHUNK])
            marks = ", ".join("?" for _ in chunk)
            found.update(
                self.sql.all(
                    f"SELECT digest, value FROM personal_values WHERE digest IN ({marks})", chunk
                )
            )
        return found


class UserRepository(Repository):
    USER = Columns(
        User, id="id", username="username", display_name="display_name", role="role",
        disabled=("disabled", bool), failed_logins=("failed_logins", int),
        locked_until=("locked_until", dt), created_at=("created_at", time_of),
    )  # fmt: skip
    COLUMNS = USER.sql + ", password_hash"

    @classmethod
    def _user(cls, r: tuple[Any, ...]) -> tuple[User, str | None]:
        return cls.USER.read(r), r[cls.USER.width]  # the hash follows the user's columns

    def get(self, username: str) -> tuple[User, str | None] | None:
        row = self.sql.one(f"SELECT {self.COLUMNS} FROM users WHERE username = ?", (username,))
        return self._user(row) if row else None

    def list(self) -> list[User]:
        return [
            self._user(r)[0]
            for r in self.sql.all(f"SELECT {self.COLUMNS} FROM users ORDER BY username")
        ]

    def without_login(self) -> list[str]:
        """Active users who cannot log in until given a password: here, those without a
        password hash (a restore from a server that authenticated them)."""
        return [r[0] for r in self.sql.all(
            "SELECT username FROM users WHERE role <> 'system' AND NOT disabled "
            "AND password_hash IS NULL ORDER BY username"
        )]  # fmt: skip

    def count_humans(self) -> int:
        return int(self.sql.scalar("SELECT count(*) FROM users WHERE role <> 'system'"))

    def insert(
        self, username: str, display_name: str, role: str, password_hash: str | None, now: datetime
    ) -> int:
        user_id = self.sql.insert(
            "INSERT INTO users (username, display_name, role, password_hash, disabled, "
            "failed_logins, created_at) VALUES (?, ?, ?, ?, ?, 0, ?)",
            (username, display_name, role, password_hash, False, ts(now)),
        )
        self.store.touch("users", user_id)
        return user_id

    def set(self, user_id: int, **values: Any) -> None:
        if "locked_until" in values and isinstance(values["locked_until"], datetime):
            values["locked_until"] = ts(values["locked_until"])
        assignments = ", ".join(f"{k} = ?" for k in values)
        self.sql.execute(
            f"UPDATE users SET {assignments} WHERE id = ?", (*values.values(), user_id)
        )
        self.store.touch("users", user_id)

    # ---- accounts: one call per change, each with its event --------------------------------
    # The app keeps the accounts here (argon2id hashes, lockout counters); PostgreSQL's variant
    # makes each user a login role through the owner's functions instead.
    def create_account(
        self,
        work: UnitOfWork,
        username: str,
        display_name: str,
        role: str,
        password: str,
        hash_password: Callable[[str], str],
        event: dict[str, Any],
    ) -> None:
        self.insert(username, display_name, role, hash_password(password), work.now)
        work.emit(Action.USER_CREATED, "user", username, event)

    def change_role(self, work: UnitOfWork, user: User, role: str, event: dict[str, Any]) -> None:
        self.set(user.id, role=role)
        work.emit(Action.USER_ROLE_CHANGED, "user", user.username, event)

    def disable(self, work: UnitOfWork, user: User, event: dict[str, Any]) -> None:
        self.set(user.id, disabled=True)
        work.emit(Action.USER_DISABLED, "user", user.username, event)

    def change_password(
        self, work: UnitOfWork, user: User, password: str, hash_password: Callable[[str], str]
    ) -> None:
        self.set(user.id, password_hash=hash_password(password), failed_logins=0,
                 locked_until=None)  # fmt: skip
        work.emit(Action.USER_PASSWORD_CHANGED, "user", user.username, {})


def lock_expiry(now: datetime, minutes: int) -> datetime:
    return now + timedelta(minutes=minutes)


# ---- PostgreSQL: the server keeps the search column and appends the events ----------------------


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
        work.appended.append(audit.AuditEvent(
            int(seq), "", time, who, role, action, "case", case.reference, text, digest,
            case.id,
        ))  # fmt: skip
        return rows[0]


@PostgresDialect.variant
class PgAuditRepository(AuditRepository):
    """Events are stamped, chained and sealed by the server (storage/pg_vouch.py)."""

    def append(self, pending: audit.PendingEvent, actor: Actor, now: datetime) -> audit.AuditEvent:
        # The server reads the rows named, adds their images under "rows" and seals them
        # (storage/pg_vouch.py): the stored data comes back.
        seq, digest, time, who, role, data = self.sql.one(  # type: ignore[misc]
            "SELECT * FROM rc_append_event(?, ?, ?, ?, ?, ?::text[], ?::text[])",
            (
                pending.action,
                pending.target_type,
                pending.target_id,
                pending.case_id,
                audit.canonical_json(pending.data),
                pg_text_array([t for t, _ in pending.rows]),
                pg_text_array([k for _, k in pending.rows]),
            ),
        )
        return audit.AuditEvent(
            int(seq),
            "",
            time,
            who,
            role,
            pending.action,
            pending.target_type,
            pending.target_id,
            data,
            digest,
            pending.case_id,
        )

    def append_many(
        self,
        events: Sequence[tuple[Any, ...]],
        actor: Actor,
        now: datetime,
    ) -> audit.ChainHead | None:
        if not events:
            return None
        # A 6th element names rows the event wrote, as (table, key) pairs: the server adds
        # their images (storage/pg_vouch.py).
        columns = list(zip(*(e[:5] for e in events), strict=True))
        tables: list[str] = []
        keys: list[str] = []
        owners: list[int] = []
        for number, event in enumerate(events, start=1):
            for table, key in event[5] if len(event) > 5 else ():  # type: ignore[misc]
                tables.append(table)
                keys.append(str(key))
                owners.append(number)
        rows = self.sql.all(
            "SELECT * FROM rc_append_events(?::text[], ?::text[], ?::text[], ?::bigint[], "
            "?::text[], ?::text[], ?::text[], ?::integer[])",
            (*(pg_array(c) for c in columns), pg_array(tables), pg_array(keys),
             pg_array(owners)),
        )  # fmt: skip
        last_seq, last_hash, last_time = rows[-1][:3]
        return audit.ChainHead(int(last_seq), last_hash, last_time)


@PostgresDialect.variant
class PgUserRepository(UserRepository):
    """Each user is their own login role: the role, its group, the users row and the event are
    one call of a function the NOLOGIN owner role owns (storage/pg_roles.py)."""

    def without_login(self) -> list[str]:
        """Active users with no login role on this server; those with one join this
        database."""
        from . import pg_roles

        functions = pg_roles.UserFunctions(self.store)
        return [
            username
            for (username,) in self.sql.all(
                "SELECT username FROM users WHERE role <> 'system' AND NOT disabled "
                "ORDER BY username"
            )
            if not functions.join(username)
        ]

    def create_account(
        self,
        work: UnitOfWork,
        username: str,
        display_name: str,
        role: str,
        password: str,
        hash_password: Callable[[str], str],
        event: dict[str, Any],
    ) -> None:
        from . import pg_roles, pg_security

        functions = pg_roles.UserFunctions(self.store)
        pg_security.check_role_name(username)
        if functions.role_exists(username):
            raise ValidationError(
                f"a PostgreSQL role named {username!r} already exists on this server; choose "
                "another user name",
                field="username",
            )
        functions.create(username, display_name, role, password, event)

    def change_role(self, work: UnitOfWork, user: User, role: str, event: dict[str, Any]) -> None:
        from . import pg_roles

        pg_roles.UserFunctions(self.store).set_role(user.username, role, event)

    def disable(self, work: UnitOfWork, user: User, event: dict[str, Any]) -> None:
        from . import pg_roles

        pg_roles.UserFunctions(self.store).disable(user.username, event)

    def change_password(
        self, work: UnitOfWork, user: User, password: str, hash_password: Callable[[str], str]
    ) -> None:
        from . import pg_roles

        # Also gives a login role to a user a restore brought without one.
        pg_roles.UserFunctions(self.store).set_password(user.username, password)
