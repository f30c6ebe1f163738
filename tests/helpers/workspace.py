"""A ready database for tests: users of every role, a fake clock, tampering tools per backend."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import psycopg2

from resolution_center.domain.case import CaseDraft, Channel, Customer, Order, OrderItem, Priority
from resolution_center.domain.money import Money
from resolution_center.services.context import Config
from resolution_center.services.session import Session, open_context
from resolution_center.services.setup import initialize
from resolution_center.storage.db import parse_target
from resolution_center.storage.pg_security import group_roles, owner_role

PASSWORD = "correct-horse-1"
USERS = (
    ("alice", "specialist"),
    ("bob", "specialist"),
    ("sam", "senior-specialist"),
    ("erin", "expert"),
    ("maria", "supervisor"),
    ("olu", "supervisor"),
)


class FakeClock:
    """A clock tests move by hand; every call advances a microsecond so times stay ordered."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(microseconds=1)
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


def draft(
    subject: str = "Kettle leaks",
    *,
    email: str = "zoe@example.com",
    name: str = "Zoë Łukasiewicz-Ørsted",
    category: str = "product-defect",
    currency: str = "EUR",
    total: int = 12_000,
    description: str = "It leaks.",
    **extra: Any,
) -> CaseDraft:
    money = lambda minor: Money(minor, currency)  # noqa: E731
    order = Order(
        "ORD-1001",
        currency,
        money(total),
        money(500),
        date(2026, 11, 1),
        (OrderItem("SKU-1", "Electric kettle", "Acme Home", 1, money(total)),),
    )
    return CaseDraft(
        Customer(name, email, "+48 600 100 200"),
        order,
        category,
        subject,
        description,
        channel=extra.pop("channel", Channel.EMAIL),
        priority=extra.pop("priority", Priority.NORMAL),
        **extra,
    )


@dataclass
class Workspace:
    url: str
    clock: FakeClock
    config: Config
    contexts: list[Session] = field(default_factory=list)

    @classmethod
    def create(cls, url: str) -> Workspace:
        clock = FakeClock()
        config = Config.from_env()
        initialize(url, admin="root", admin_password=PASSWORD, config=config, clock=clock)
        ws = cls(url, clock, config)
        admin = ws.login("root")
        for name, role in USERS:
            admin.users.add(name, name.title(), role, PASSWORD)
        return ws

    @property
    def backend(self) -> str:
        return parse_target(self.url).backend

    def login(self, username: str | None, password: str = PASSWORD) -> Session:
        ctx = open_context(
            self.url, username, password if username else None, config=self.config, clock=self.clock
        )
        self.contexts.append(ctx)
        return ctx

    def close(self) -> None:
        for ctx in self.contexts:
            ctx.close()
        self.contexts.clear()

    # ---- an attacker with write access to the storage itself --------------------------------
    def tamper(self, *statements: str | tuple[str, tuple[Any, ...]]) -> None:
        """Run SQL around the app: on PostgreSQL as the superuser with triggers switched off."""
        target = parse_target(self.url)
        if target.backend == "sqlite":
            conn = sqlite3.connect(str(target.path))
            try:
                for stmt in statements:
                    sql, params = (stmt, ()) if isinstance(stmt, str) else stmt
                    conn.execute(sql, params)
                conn.commit()
            finally:
                conn.close()
            return
        conn = psycopg2.connect(self.url)
        try:
            with conn, conn.cursor() as cur:
                cur.execute("SET session_replication_role = replica")
                for stmt in statements:
                    sql, params = (stmt, ()) if isinstance(stmt, str) else stmt
                    cur.execute(sql.replace("?", "%s"), params or None)
        finally:
            conn.close()


def drop_pg_database(server: Any, name: str) -> None:
    """Drop a test database and the login, group and owner roles made for it (roles are
    server-wide)."""
    app, admin = group_roles(name)
    server.drop_database(name)
    conn = psycopg2.connect(server.url("postgres"))
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            members: list[str] = []
            if _role_exists(cur, app):
                cur.execute(
                    "SELECT r.rolname FROM pg_roles r WHERE pg_has_role(r.oid, %s, "
                    "'member') AND r.rolname NOT IN (%s, %s) AND NOT r.rolsuper",
                    (app, app, admin),
                )
                members = [r[0] for r in cur.fetchall()]
            for role in [*members, admin, app, owner_role(name)]:
                if _role_exists(cur, role):
                    cur.execute(f'DROP ROLE "{role}"')
    finally:
        conn.close()


def _role_exists(cur: Any, role: str) -> bool:
    cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
    return cur.fetchone() is not None
