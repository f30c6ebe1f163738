"""The opened database: schema version checks, migrations, transactions that append audit events.

A unit of work collects the events a change produces and appends them last, just before commit:
every transaction takes row locks first and the chain-head lock last, so writers never deadlock.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import peewee

from ..domain import audit
from ..domain.errors import EnvironmentFault, ValidationError
from ..logs import SLOW_SECONDS
from .db import DatabaseTarget, open_database, parse_target, translate_errors
from .dialect import Dialect, dialect_for
from .migrations import LATEST, MIGRATIONS

log = logging.getLogger(__name__)

SCHEMA_KEY = "schema_version"


# The statement runner repositories use is the store's dialect; the old name stays for callers.
Sql = Dialect


@dataclass(frozen=True, slots=True)
class Actor:
    username: str
    role: str
    display_name: str = ""


@dataclass
class UnitOfWork:
    store: Store
    actor: Actor
    now: datetime
    pending: list[audit.PendingEvent] = field(default_factory=list)
    appended: list[audit.AuditEvent] = field(default_factory=list)
    touched: dict[tuple[str, str], None] = field(default_factory=dict)  # ordered set
    server_events: list[str] = field(default_factory=list)  # appended by guard functions

    def sealed_by_server(self, action: str) -> None:
        """A PostgreSQL guard function appended `action` itself, sealing every row its change
        wrote (the reference counter the app advanced for it included)."""
        self.server_events.append(action)

    def touch(self, table: str, key: object) -> None:
        """Name a row this change wrote: the change's last event carries its image."""
        self.touched[(table, str(key))] = None

    def emit(
        self,
        action: str,
        target_type: str,
        target_id: object,
        data: dict[str, Any],
        case_id: int | None = None,
    ) -> None:
        self.pending.append(audit.PendingEvent(action, target_type, str(target_id), data, case_id))

    def personal(self, value: str) -> dict[str, str]:
        """Store a personal value beside the chain and return the digest that stands for it."""
        salt = secrets.token_hex(8)
        digest = audit.pii_digest(salt, value)
        self.store.sql.execute(
            "INSERT INTO personal_values (digest, salt, value) VALUES (?, ?, ?)",
            (digest, salt, value),
        )
        return {"pii": digest}

    def flush(self) -> None:
        from .audit_chain import AuditRepository  # local: the chain imports this module

        repo = AuditRepository(self.store)
        if self.touched and not self.pending:
            if not self.server_events:
                raise RuntimeError(
                    f"rows {list(self.touched)[:3]} were written without an audit event"
                )
            # PostgreSQL: the guard functions' own events carry the images of the rows they
            # wrote (storage/pg_vouch.py seals them; the commit refuses any row left unsealed).
            self.touched.clear()
        if self.touched:
            last = self.pending[-1]
            self.pending[-1] = replace(last, rows=(*last.rows, *self.touched))
            self.touched.clear()
        for event in self.pending:
            self.appended.append(repo.append(event, self.actor, self.now))
        self.pending.clear()


class Store:
    """One open database. Not a singleton: tests and tools open several side by side."""

    def __init__(self, db: peewee.Database, target: DatabaseTarget) -> None:
        self.db = db
        self.target = target
        self.backend = target.backend
        self.dialect = dialect_for(target.backend, db)
        self.sql: Dialect = self.dialect  # the name repositories and tools have always used
        self.opened_version = 0  # the schema version found on opening, before any migration
        self.work: UnitOfWork | None = None  # the change in progress, if any
        self._handed: tuple[Any, str] = (None, "")  # a connection between two threads

    def touch(self, table: str, key: object) -> None:
        """Repositories name each row they write; outside a change that is a bug."""
        if self.work is None:
            raise RuntimeError(f"{table} {key} written outside a transaction")
        self.work.touch(table, key)

    # ---- opening ----------------------------------------------------------------------------
    @classmethod
    def open(cls, url: str, *, create: bool = False, migrate: bool = False) -> Store:
        """Open and check the schema. Only `create`/`migrate` (init) ever change the schema."""
        target = parse_target(url)
        db = open_database(target, create=create)
        store = cls(db, target)
        try:
            store._check_schema(migrate=migrate or create)
        except BaseException:
            db.close()
            raise
        return store

    @classmethod
    def probe_version(cls, url: str) -> tuple[int, str]:
        """The schema version a database holds (0: empty; -1: not ours) and its display name,
        changing nothing: the set-up assistant says whether it will create or upgrade."""
        target = parse_target(url)
        db = open_database(target, create=False)
        try:
            return cls(db, target).schema_version(), target.display
        finally:
            db.close()

    def close(self) -> None:
        """Close the calling thread's connection (each thread has its own)."""
        if not self.db.is_closed():
            self.db.close()

    def release(self) -> None:
        """Done with the calling thread's connection: on PostgreSQL it is kept open for the
        next thread that needs one (`NamedPostgresqlDatabase.park`), else closed."""
        self.dialect.release()

    def close_released(self) -> None:
        """Close the connections `release` kept open."""
        self.dialect.close_released()

    def hand_over_connection(self, to: str) -> None:
        """Pass this thread's connection to the next thread that calls `adopt_connection`,
        named `to` there (the window logs in on a worker and then reads on its own thread)."""
        self._handed = (self.dialect.hand_over(to), to)

    def adopt_connection(self) -> None:
        """Take the connection `hand_over_connection` passed, as this thread's own."""
        (handle, label), self._handed = self._handed, (None, "")
        if label:
            self.dialect.adopt(handle, label)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def schema_version(self) -> int:
        with translate_errors(self.target):
            tables = set(self.db.get_tables())
            if "settings" not in tables:
                return 0 if not tables else -1
            value = self.sql.scalar("SELECT value FROM settings WHERE key = ?", (SCHEMA_KEY,))
        return int(value) if value is not None else -1

    def _check_schema(self, *, migrate: bool) -> None:
        version = self.schema_version()
        self.opened_version = version
        if version == -1:
            raise EnvironmentFault(
                f"{self.target.display} holds tables that are not a "
                "Resolution Center database; nothing was changed"
            )
        if version > LATEST:
            raise EnvironmentFault(
                f"{self.target.display} has schema version {version}, newer than this app "
                f"understands ({LATEST}). Update Resolution Center; nothing was changed."
            )
        if version < LATEST:
            if not migrate:
                if version == 0:
                    raise EnvironmentFault(
                        f"{self.target.display} is empty: run 'resolution-center init' first"
                    )
                raise EnvironmentFault(
                    f"{self.target.display} has schema version {version}; this app needs "
                    f"{LATEST}. Run 'resolution-center init' to migrate it (a backup is made "
                    "first)."
                )
            self._migrate(version)

    def _migrate(self, version: int) -> None:
        log.info("migrating %s from schema version %d to %d", self.target.display, version, LATEST)
        started = time.perf_counter()
        self.dialect.before_migrate(self, version, LATEST)
        with translate_errors(self.target), self.db.atomic():
            for number, title, step in MIGRATIONS:
                if number > version:
                    log.info("migration %d: %s", number, title)
                    step(self.db, self.backend)
            if version == 0:
                self.sql.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?)",
                    ("database_id", str(uuid.uuid4())),
                )
                self.sql.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?)", (SCHEMA_KEY, str(LATEST))
                )
            else:
                self.sql.execute(
                    "UPDATE settings SET value = ? WHERE key = ?", (str(LATEST), SCHEMA_KEY)
                )
            self.dialect.after_migrate()
        log.info("migrated to schema version %d in %.2f s", LATEST, time.perf_counter() - started)

    def refresh_security(self) -> None:
        with translate_errors(self.target), self.db.atomic():
            self.dialect.refresh_security()

    # ---- transactions -----------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self, actor: Actor, now: datetime) -> Iterator[UnitOfWork]:
        """One change: row writes, then its audit events, then commit; or nothing at all."""
        started = time.perf_counter()
        work = UnitOfWork(self, actor, now)
        try:
            with translate_errors(self.target), self.db.atomic():
                outer, self.work = self.work, work
                try:
                    yield work
                    work.flush()
                finally:
                    self.work = outer
        finally:
            _log_if_slow("transaction", started, work)

    @contextlib.contextmanager
    def reading(self, *, snapshot: bool = False) -> Iterator[Sql]:
        """A consistent read for screens that run several queries. `snapshot`: every statement
        sees the same moment on PostgreSQL too (REPEATABLE READ; SQLite's read transaction
        always does), for checks that compare one table with another."""
        started = time.perf_counter()
        try:
            with translate_errors(self.target), self.dialect.reading(snapshot=snapshot):
                yield self.sql
        finally:
            _log_if_slow("read", started)

    def setting(self, key: str) -> str | None:
        with translate_errors(self.target):
            return self.sql.scalar("SELECT value FROM settings WHERE key = ?", (key,))

    def put_setting(self, key: str, value: str) -> None:
        """Within a change's transaction: the setting written, its row named for the event
        (PostgreSQL: only admins may write settings)."""
        self.sql.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
        self.touch("settings", key)

    def database_id(self) -> str:
        return self.setting("database_id") or ""

    def database_name(self) -> str:
        return self.dialect.database_name(self)

    def session_user(self) -> str:
        return self.dialect.session_user()

    # ---- backups (SQLite) --------------------------------------------------------------------
    def backup_sqlite(self, dest: Path, progress: Callable[[int, int], None] | None = None) -> None:
        """Online backup API: a consistent copy while others keep working; owner-only file."""
        dest = Path(dest)
        if dest.exists():
            raise ValidationError(f"{dest} already exists; choose a new file name", field="path")
        try:
            dest.touch(mode=0o600, exist_ok=False)
            dest.chmod(0o600)
            self.dialect.backup(dest, progress)
        except (OSError, sqlite3.Error) as exc:
            with contextlib.suppress(OSError):
                dest.unlink()
            raise EnvironmentFault(f"cannot write the backup to {dest}: {exc}") from exc


def _log_if_slow(what: str, started: float, work: UnitOfWork | None = None) -> None:
    """A transaction or read over SLOW_SECONDS goes in the log with what it did (action names
    and who; never row values), so a user's "it was slow" comes with what was slow."""
    elapsed = time.perf_counter() - started
    if elapsed < SLOW_SECONDS:
        return
    if work is None:
        log.warning("slow %s: %.2f s", what, elapsed)
        return
    actions = [str(e.action) for e in work.appended]
    shown = ", ".join(actions[:5]) + (f" and {len(actions) - 5} more" if len(actions) > 5 else "")
    log.warning(
        "slow %s: %.2f s as %s, %d event(s): %s",
        what,
        elapsed,
        work.actor.username,
        len(actions),
        shown or "none",
    )
