"""Repositories: the only code that writes SQL. Domain values in, domain values out."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Any, ClassVar

from ..domain import audit
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
from ..domain.ids import CaseId, CustomerId, is_case_reference
from ..domain.money import Money
from ..domain.sla import DUE_SOON
from ..domain.users import User
from .store import Actor, Sql, Store


def ts(moment: datetime) -> str:
    return audit.format_time(moment)


def dt(text: str | None) -> datetime | None:
    return audit.parse_time(text) if text else None


_WORD = re.compile(r"\w+", re.UNICODE)
CLOSED = (Status.RESOLVED.value, Status.CLOSED.value)


def search_terms(text: str) -> list[str]:
    """Words of a search box, whatever was typed: quotes and operators are never passed on."""
    # No case folding here: each engine folds query and document the same way itself.
    return _WORD.findall(text or "")[:12]


class CaseRepository:
    CASE_COLUMNS = (
        "c.id, c.reference, c.customer_id, c.customer_name, c.customer_email, c.customer_phone, "
        "c.order_number, c.order_date, c.currency, c.order_total_minor, c.shipping_minor, "
        "c.category, c.subcategory, c.safety_hazard, c.channel, c.priority, c.status, c.tier, "
        "u.username, c.subject, c.description, c.tags, c.created_at, c.updated_at, "
        "c.first_response_due, c.resolution_due, c.first_responded_at, c.resolved_at, c.version, "
        "c.updated_by"
    )
    ROW_COLUMNS = (
        "c.id, c.reference, c.subject, c.customer_name, c.order_number, c.category, c.priority, "
        "c.status, c.tier, c.channel, u.username, c.created_at, c.updated_at, c.resolution_due, "
        "c.first_response_due, c.first_responded_at"
    )
    SORTS: ClassVar[dict[str, str]] = {
        "updated": "c.updated_at",
        "created": "c.created_at",
        "priority": "c.priority_rank",
        "due": "c.resolution_due",
        "reference": "c.reference",
        "status": "c.status",
    }

    def __init__(self, store: Store) -> None:
        self.store = store
        self.sql: Sql = store.sql

    # ---- writes -----------------------------------------------------------------------------
    def next_counter(self, name: str) -> int:
        """Atomic increment under the row lock: references are never reused, never max()+1."""
        self.sql.execute(
            "INSERT INTO counters (name, value) VALUES (?, 0) ON CONFLICT (name) DO NOTHING",
            (name,),
        )
        return int(
            self.sql.scalar(
                "UPDATE counters SET value = value + 1 WHERE name = ? RETURNING value", (name,)
            )
        )

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
        return CaseId(case_id)

    def _index(self, case_id: CaseId) -> None:
        """Keep SQLite's full-text index in step (PostgreSQL's column is generated)."""
        if self.store.backend != "sqlite":
            return
        self.sql.execute("DELETE FROM case_fts WHERE rowid = ?", (case_id,))
        self.sql.execute(
            "INSERT INTO case_fts (rowid, reference, customer, order_number, subject, body) "
            "SELECT id, reference, customer_name || ' ' || customer_email, order_number, "
            "subject, description FROM cases WHERE id = ?",
            (case_id,),
        )

    SEARCHABLE = frozenset(
        {"subject", "description", "customer_name", "customer_email", "order_number"}
    )

    def update(
        self,
        case_id: CaseId,
        expected_version: int,
        values: dict[str, Any],
        now: datetime,
        actor: str,
    ) -> bool:
        """Version-checked write; False when someone else changed the case first."""
        cols = dict(values)
        if "priority" in cols:
            cols["priority_rank"] = PRIORITY_RANK[Priority(cols["priority"])]
        if "assignee" in cols:
            cols["assignee_id"] = cols.pop("assignee")
        assignments = ", ".join(f"{c} = ?" for c in cols)
        cursor = self.sql.execute(
            f"UPDATE cases SET {assignments}, version = version + 1, updated_at = ?, "
            "updated_by = ? WHERE id = ? AND version = ?",
            (*cols.values(), ts(now), actor, case_id, expected_version),
        )
        if cursor.rowcount != 1:
            return False
        if self.SEARCHABLE & cols.keys():
            self._index(case_id)
        return True

    def mark_first_response(self, case_id: CaseId, now: datetime) -> None:
        """An SLA fact, not a user edit: no version bump, so it never conflicts with edits."""
        self.sql.execute(
            "UPDATE cases SET first_responded_at = ? WHERE id = ? AND first_responded_at IS NULL",
            (ts(now), case_id),
        )

    def add_note(
        self, case_id: CaseId, author_id: int, body: str, internal: bool, now: datetime
    ) -> int:
        return self.sql.insert(
            "INSERT INTO notes (case_id, author_id, body, internal, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (case_id, author_id, body, internal, ts(now)),
        )

    # ---- reads ------------------------------------------------------------------------------
    def _case(self, row: tuple[Any, ...], items: list[OrderItem]) -> Case:
        (
            cid,
            ref,
            cust_id,
            name,
            email,
            phone,
            order_no,
            order_date,
            currency,
            total,
            shipping,
            category,
            sub,
            safety,
            channel,
            priority,
            status,
            tier,
            assignee,
            subject,
            description,
            tags,
            created,
            updated,
            frd,
            rd,
            fra,
            resolved,
            version,
            updated_by,
        ) = row
        order = Order(
            order_no,
            currency,
            Money(int(total), currency),
            Money(int(shipping), currency),
            date.fromisoformat(order_date) if order_date else None,
            tuple(items),
        )
        return Case(
            CaseId(cid),
            ref,
            Customer(name, email, phone, CustomerId(cust_id)),
            order,
            category,
            sub,
            bool(safety),
            Channel(channel),
            Priority(priority),
            Status(status),
            Tier(tier),
            assignee,
            subject,
            description,
            tuple(t for t in tags.split(",") if t),
            dt(created),
            dt(updated),
            dt(frd),
            dt(rd),
            dt(fra),
            dt(resolved),
            int(version),
            updated_by,
        )  # type: ignore[arg-type]

    def get(self, case_id: CaseId) -> Case | None:
        row = self.sql.one(
            f"SELECT {self.CASE_COLUMNS} FROM cases c LEFT JOIN users u "
            "ON u.id = c.assignee_id WHERE c.id = ?",
            (case_id,),
        )
        return self._case(row, self.items(case_id)) if row else None

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
        rows = self.sql.all(
            "SELECT n.id, n.case_id, u.username, n.body, n.created_at, "
            "n.internal FROM notes n JOIN users u ON u.id = n.author_id "
            "WHERE n.case_id = ? ORDER BY n.id",
            (case_id,),
        )
        return [
            Note(i, CaseId(c), a, b, dt(t), bool(internal))  # type: ignore[arg-type]
            for i, c, a, b, t, internal in rows
        ]

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
        terms = search_terms(f.search)
        if terms:
            if self.store.backend == "sqlite":
                match = " AND ".join(f'"{t}"*' for t in terms)
                text_clause = "c.id IN (SELECT rowid FROM case_fts WHERE case_fts MATCH ?)"
            else:
                match = " & ".join(f"{t}:*" for t in terms)
                text_clause = "c.search_doc @@ to_tsquery('simple', ?)"
            params.append(match)
            if is_case_reference(f.search):
                clauses.append(f"({text_clause} OR c.reference = ?)")
                params.append(f.search.strip().upper())
            else:
                clauses.append(text_clause)
        elif f.search.strip():
            clauses.append("1 = 0")  # only punctuation typed: nothing can match
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        return where, params

    def list(self, query: CaseQuery, now: datetime) -> tuple[list[CaseRow], int]:
        where, params = self._where(query.filter, now)
        desc = query.sort.startswith("-")
        column = self.SORTS[query.sort.lstrip("-")]
        order = f"{column} {'DESC' if desc else 'ASC'}, c.id {'DESC' if desc else 'ASC'}"
        rows = self.sql.all(
            f"SELECT {self.ROW_COLUMNS} FROM cases c LEFT JOIN users u ON u.id = c.assignee_id"
            f"{where} ORDER BY {order} LIMIT ? OFFSET ?",
            (*params, query.limit, query.offset),
        )
        total = int(self.sql.scalar(f"SELECT count(*) FROM cases c{where}", params))
        return [self._row(r) for r in rows], total

    def ids(self, query: CaseQuery, now: datetime) -> list[CaseId]:
        """All matching ids in order: what the window's table holds (rows load lazily)."""
        where, params = self._where(query.filter, now)
        desc = query.sort.startswith("-")
        column = self.SORTS[query.sort.lstrip("-")]
        order = f"{column} {'DESC' if desc else 'ASC'}, c.id {'DESC' if desc else 'ASC'}"
        return [
            r[0] for r in self.sql.all(f"SELECT c.id FROM cases c{where} ORDER BY {order}", params)
        ]

    def rows(self, ids: Sequence[CaseId]) -> dict[CaseId, CaseRow]:
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        rows = self.sql.all(
            f"SELECT {self.ROW_COLUMNS} FROM cases c LEFT JOIN users u ON "
            f"u.id = c.assignee_id WHERE c.id IN ({marks})",
            list(ids),
        )
        return {r[0]: self._row(r) for r in rows}

    @staticmethod
    def _row(r: tuple[Any, ...]) -> CaseRow:
        return CaseRow(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            Priority(r[6]),
            Status(r[7]),
            Tier(r[8]),
            Channel(r[9]),
            r[10],
            dt(r[11]),
            dt(r[12]),
            dt(r[13]),
            dt(r[14]),
            dt(r[15]),
        )  # type: ignore[arg-type]

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


class AuditRepository:
    """Append-only: there is no update or delete here, by design."""

    EVENT_COLUMNS = (
        "seq, prev_hash, time, actor, role, action, target_type, target_id, data, hash, case_id"
    )

    def __init__(self, store: Store) -> None:
        self.store = store
        self.sql = store.sql

    def append(self, pending: audit.PendingEvent, actor: Actor, now: datetime) -> audit.AuditEvent:
        data = audit.canonical_json(pending.data)
        if self.store.backend == "postgresql":
            seq, digest, time, who, role = self.sql.one(  # type: ignore[misc]
                "SELECT * FROM rc_append_event(?, ?, ?, ?, ?)",
                (pending.action, pending.target_type, pending.target_id, pending.case_id, data),
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
        seq, prev = self.sql.one("SELECT seq, hash FROM chain_head WHERE id = 1")  # type: ignore[misc]
        event = audit.seal(int(seq) + 1, prev, now, actor.username, actor.role, pending)
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

    @staticmethod
    def _event(r: tuple[Any, ...]) -> audit.AuditEvent:
        return audit.AuditEvent(
            int(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10]
        )

    def for_case(self, case_id: int) -> list[audit.AuditEvent]:
        return [
            self._event(r)
            for r in self.sql.all(
                f"SELECT {self.EVENT_COLUMNS} FROM audit_events WHERE case_id = ? ORDER BY seq",
                (case_id,),
            )
        ]

    def for_target(self, target_type: str, target_id: str) -> list[audit.AuditEvent]:
        return [
            self._event(r)
            for r in self.sql.all(
                f"SELECT {self.EVENT_COLUMNS} FROM audit_events WHERE target_type = ? AND "
                "target_id = ? ORDER BY seq",
                (target_type, target_id),
            )
        ]

    def recent(self, limit: int = 100) -> list[audit.AuditEvent]:
        return [
            self._event(r)
            for r in self.sql.all(
                f"SELECT {self.EVENT_COLUMNS} FROM audit_events ORDER BY seq DESC LIMIT ?", (limit,)
            )
        ]

    def iter_rows(self, batch: int = 20_000) -> Iterator[list[audit.EventRow]]:
        """Every event in sequence order, in batches by key range (never OFFSET)."""
        last = 0
        while True:
            rows = self.sql.all(
                "SELECT seq, prev_hash, time, actor, role, action, target_type, target_id, "
                "case_id, data, hash FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?",
                (last, batch),
            )
            if not rows:
                return
            yield rows  # type: ignore[misc]
            last = rows[-1][0]

    def head(self) -> audit.ChainHead | None:
        row = self.sql.one("SELECT seq, hash, time FROM chain_head WHERE id = 1")
        return audit.ChainHead(int(row[0]), row[1], row[2]) if row else None

    def hash_at(self, seq: int) -> str | None:
        return self.sql.scalar("SELECT hash FROM audit_events WHERE seq = ?", (seq,))

    def created_case_ids(self) -> set[int]:
        return {
            r[0]
            for r in self.sql.all("SELECT case_id FROM audit_events WHERE action = 'case.created'")
        }

    def personal_values(self) -> Iterator[tuple[str, str, str]]:
        yield from self.sql.all("SELECT digest, salt, value FROM personal_values")

    def resolve_personal(self, digests: Sequence[str]) -> dict[str, str]:
        if not digests:
            return {}
        marks = ", ".join("?" for _ in digests)
        return dict(
            self.sql.all(
                f"SELECT digest, value FROM personal_values WHERE digest IN ({marks})",
                list(digests),
            )
        )


class UserRepository:
    COLUMNS = (
        "id, username, display_name, role, disabled, failed_logins, locked_until, "
        "created_at, password_hash"
    )

    def __init__(self, store: Store) -> None:
        self.sql = store.sql

    @staticmethod
    def _user(r: tuple[Any, ...]) -> tuple[User, str | None]:
        return User(r[0], r[1], r[2], r[3], bool(r[4]), int(r[5]), dt(r[6]), dt(r[7])), r[8]

    def get(self, username: str) -> tuple[User, str | None] | None:
        row = self.sql.one(f"SELECT {self.COLUMNS} FROM users WHERE username = ?", (username,))
        return self._user(row) if row else None

    def list(self) -> list[User]:
        return [
            self._user(r)[0]
            for r in self.sql.all(f"SELECT {self.COLUMNS} FROM users ORDER BY username")
        ]

    def count_humans(self) -> int:
        return int(self.sql.scalar("SELECT count(*) FROM users WHERE role <> 'system'"))

    def insert(
        self, username: str, display_name: str, role: str, password_hash: str | None, now: datetime
    ) -> int:
        return self.sql.insert(
            "INSERT INTO users (username, display_name, role, password_hash, disabled, "
            "failed_logins, created_at) VALUES (?, ?, ?, ?, ?, 0, ?)",
            (username, display_name, role, password_hash, False, ts(now)),
        )

    def set(self, user_id: int, **values: Any) -> None:
        if "locked_until" in values and isinstance(values["locked_until"], datetime):
            values["locked_until"] = ts(values["locked_until"])
        assignments = ", ".join(f"{k} = ?" for k in values)
        self.sql.execute(
            f"UPDATE users SET {assignments} WHERE id = ?", (*values.values(), user_id)
        )


def lock_expiry(now: datetime, minutes: int) -> datetime:
    return now + timedelta(minutes=minutes)
