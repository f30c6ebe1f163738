"""Raw baselines: the same work as the application path, done with the bare driver.

Reads replay the exact statements the services executed (recorded from the store's connection),
so the SQL and the rows are identical by construction; the raw side only runs them and fetches
tuples. Writes (bulk load, an audited change) and verification are written out by hand with the
same SQL, the same rows and the same canonical bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import psycopg2

from ..domain import audit
from ..services.imports import ImportPlan
from ..storage.db import SQLITE_PRAGMAS, parse_target
from ..storage.repositories import CaseRepository
from ..storage.store import Store

Statement = tuple[str, tuple[Any, ...]]


@contextlib.contextmanager
def recording(store: Store) -> Iterator[list[Statement]]:
    """Record every statement the store's connection executes (as sent to the driver)."""
    calls: list[Statement] = []
    db = store.db
    original = db.execute_sql

    def spy(sql: str, params: Any = None) -> Any:
        calls.append((sql, tuple(params or ())))
        return original(sql, params)

    db.execute_sql = spy  # type: ignore[method-assign]
    try:
        yield calls
    finally:
        del db.execute_sql


class RawDB:
    """A bare driver connection configured as the app's (same SQLite pragmas; autocommit)."""

    def __init__(self, url: str) -> None:
        target = parse_target(url)
        self.pg = target.backend == "postgresql"
        if self.pg:
            self.conn: Any = psycopg2.connect(url)
            self.conn.autocommit = True
        else:
            assert target.path is not None
            self.conn = sqlite3.connect(str(target.path), isolation_level=None, timeout=5)
            for name, value in SQLITE_PRAGMAS:
                self.conn.execute(f"PRAGMA {name} = {value}")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> RawDB:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def prepare_like(self, store: Store, statements: Sequence[Statement]) -> None:
        """Prepare here the statements the app ran as prepared ones (EXECUTE name(...)), with
        the app connection's own PREPARE text: both sides then run the same statements."""
        if not self.pg:
            return
        names = {
            sql.split()[1].split("(")[0] for sql, _ in statements if sql.startswith("EXECUTE ")
        }
        cur = self.conn.cursor()
        try:
            for name in sorted(names):
                cur.execute("SELECT 1 FROM pg_prepared_statements WHERE name = %s", (name,))
                if cur.fetchone():
                    continue
                text = store.sql.scalar(
                    "SELECT statement FROM pg_prepared_statements WHERE name = ?", (name,)
                )
                cur.execute(text)
        finally:
            cur.close()

    def replay(self, statements: Sequence[Statement]) -> int:
        """Run recorded statements and fetch every row; returns the number of rows."""
        rows = 0
        cur = self.conn.cursor()
        try:
            for sql, params in statements:
                cur.execute(sql, params)
                rows += len(cur.fetchall())
        finally:
            cur.close()
        return rows


# ---- bulk load -------------------------------------------------------------------------------


def _copy_text(rows: Sequence[Sequence[Any]]) -> io.StringIO:
    def value(v: Any) -> str:
        if v is None:
            return "\\N"
        if v is True or v is False:
            return "t" if v else "f"
        if isinstance(v, str):
            return (v.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
                    .replace("\t", "\\t"))  # fmt: skip
        return str(v)

    return io.StringIO("".join("\t".join(map(value, row)) + "\n" for row in rows))


EVENT_COLUMNS = ("seq", "prev_hash", "time", "actor", "role", "action", "target_type",
                 "target_id", "data", "hash", "case_id")  # fmt: skip
CUSTOMER_COLUMNS = ("id", "email_norm", "name", "email", "phone", "created_at")


def bulk_load(raw: RawDB, plan: ImportPlan, datas: Sequence[str], actor: str, role: str) -> int:
    """Write a prepared import in one transaction with the bare driver, hashing the chain here.

    The rows, event data and canonical bytes are the application's; only the writing is raw:
    executemany on SQLite, COPY on PostgreSQL. Returns cases + events written.
    """
    rows = plan.rows
    tables: list[tuple[str, Sequence[str], Sequence[Sequence[Any]]]] = [
        ("customers", CUSTOMER_COLUMNS, plan.customers),
        ("cases", CaseRepository.CASE_INSERT_COLUMNS, rows.cases),
        ("order_items", CaseRepository.ITEM_INSERT_COLUMNS, rows.items),
        ("notes", CaseRepository.NOTE_INSERT_COLUMNS, rows.notes),
        ("personal_values", ("digest", "salt", "value"), rows.personal),
    ]
    cur = raw.conn.cursor()
    mark = "%s" if raw.pg else "?"
    time = audit.format_time(datetime.now(UTC))
    try:
        cur.execute("BEGIN" if raw.pg else "BEGIN IMMEDIATE")
        cur.execute(
            f"INSERT INTO counters (name, value) VALUES ({mark}, 0) ON CONFLICT (name) DO NOTHING",
            (plan.counter,),
        )
        cur.execute(
            f"UPDATE counters SET value = value + {mark} WHERE name = {mark} RETURNING value",
            (len(rows.cases), plan.counter),
        )
        cur.fetchall()

        def write(table: str, columns: Sequence[str], data: Sequence[Sequence[Any]]) -> None:
            if not data:
                return
            if raw.pg:
                cur.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN",
                                _copy_text(data))  # fmt: skip
            else:
                marks = ", ".join("?" for _ in columns)
                cur.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", data
                )

        for table, columns, data in tables:
            write(table, columns, data)
        if not raw.pg and rows.cases:
            cur.execute(
                "INSERT INTO case_fts (rowid, reference, customer, order_number, subject, body) "
                "SELECT id, reference, customer_name || ' ' || customer_email, order_number, "
                "subject, description FROM cases WHERE id BETWEEN ? AND ?",
                (rows.cases[0][0], rows.cases[-1][0]),
            )
        cur.execute("SELECT seq, hash FROM chain_head WHERE id = 1" + (" FOR UPDATE" if raw.pg
                                                                        else ""))  # fmt: skip
        seq, prev = cur.fetchone()
        sha256 = hashlib.sha256
        sep = audit.SEP
        out = []
        for (action, target_type, target_id, case_id, _), data in zip(
            rows.events, datas, strict=True
        ):
            seq += 1
            case_text = "" if case_id is None else str(case_id)
            digest = sha256(sep.join((
                audit.HASH_FORMAT, str(seq), prev, time, actor, role, action, target_type,
                target_id, case_text, data,
            )).encode()).hexdigest()  # fmt: skip
            out.append((seq, prev, time, actor, role, action, target_type, target_id, data,
                        digest, case_id))  # fmt: skip
            prev = digest
        write("audit_events", EVENT_COLUMNS, out)
        cur.execute(
            f"UPDATE chain_head SET seq = {mark}, hash = {mark}, time = {mark} WHERE id = 1",
            (seq, prev, time),
        )
        cur.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(Exception):
            cur.execute("ROLLBACK")
        raise
    finally:
        cur.close()
    return len(rows.cases) + len(out)


# ---- one audited change ----------------------------------------------------------------------


class RawChange:
    """Version-checked UPDATE, chain-head lock, INSERT of the event, commit: the bare minimum of
    an audited change, with the SQL the case repository and audit repository use."""

    def __init__(self, raw: RawDB, case_id: int, reference: str, version: int, status: str,
                 actor: str, role: str) -> None:  # fmt: skip
        self.raw, self.case_id, self.reference = raw, case_id, reference
        self.version, self.status, self.actor, self.role = version, status, actor, role

    def __call__(self, new_status: str) -> None:
        raw, pg = self.raw, self.raw.pg
        mark = "%s" if pg else "?"
        time = audit.format_time(datetime.now(UTC))
        data = audit.canonical_json({
            "version": self.version + 1, "old": {"status": self.status},
            "new": {"status": new_status}, "reason": "",
        })  # fmt: skip
        cur = raw.conn.cursor()
        try:
            cur.execute("BEGIN" if pg else "BEGIN IMMEDIATE")
            cur.execute(
                f"UPDATE cases SET status = {mark}, version = version + 1, updated_at = {mark}, "
                f"updated_by = {mark} WHERE id = {mark} AND version = {mark}",
                (new_status, time, self.actor, self.case_id, self.version),
            )
            if cur.rowcount != 1:
                raise RuntimeError("the raw change lost its version check")
            if pg:
                cur.execute(
                    "SELECT * FROM rc_append_event(%s, %s, %s, %s, %s)",
                    ("case.status_changed", "case", self.reference, self.case_id, data),
                )
                cur.fetchall()
            else:
                cur.execute("SELECT seq, hash FROM chain_head WHERE id = 1")
                seq, prev = cur.fetchone()
                seq += 1
                digest = hashlib.sha256(audit.canonical_bytes(
                    seq, prev, time, self.actor, self.role, "case.status_changed", "case",
                    self.reference, self.case_id, data,
                )).hexdigest()  # fmt: skip
                cur.execute(
                    f"INSERT INTO audit_events ({', '.join(EVENT_COLUMNS)}) VALUES "
                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (seq, prev, time, self.actor, self.role, "case.status_changed", "case",
                     self.reference, data, digest, self.case_id),
                )  # fmt: skip
                cur.execute(
                    "UPDATE chain_head SET seq = ?, hash = ?, time = ? WHERE id = 1",
                    (seq, digest, time),
                )
            cur.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(Exception):
                cur.execute("ROLLBACK")
            raise
        finally:
            cur.close()
        self.version += 1
        self.status = new_status


# ---- verification ----------------------------------------------------------------------------


def verify(raw: RawDB, batch: int = 20_000) -> tuple[int, int]:
    """Bare fetch + the same canonical bytes + hashlib in one loop (which also gathers the cases
    the trail created), and the same cross-checks (cases against creation events, personal
    values against digests) as AuditService.verify.

    Returns (events, problems).
    """
    mark = "%s" if raw.pg else "?"
    cur = raw.conn.cursor()
    problems = 0
    count = 0
    try:
        cur.execute("BEGIN" if raw.pg else "BEGIN DEFERRED")
        cur.execute("SELECT seq, hash, time FROM chain_head WHERE id = 1")
        head_seq, head_hash, _ = cur.fetchone()
        sha256 = hashlib.sha256
        join = audit.SEP.join
        fmt = audit.HASH_FORMAT
        expected, prev, last = 1, audit.GENESIS_HASH, 0
        created: set[int] = set()
        created_actions = ("case.created", "case.imported")
        while True:
            cur.execute(
                "SELECT seq, prev_hash, time, actor, role, action, target_type, target_id, "
                f"case_id, data, hash FROM audit_events WHERE seq > {mark} ORDER BY seq "
                f"LIMIT {mark}",
                (last, batch),
            )
            rows = cur.fetchall()
            if not rows:
                break
            for seq, prv, time, actor, role, action, ttype, tid, case_id, data, digest in rows:
                count += 1
                if action in created_actions and case_id is not None:
                    created.add(case_id)
                if seq != expected or prv != prev:
                    problems += 1
                text = join((fmt, str(seq), prv, time, actor, role, action, ttype, tid,
                             "" if case_id is None else str(case_id), data))  # fmt: skip
                if sha256(text.encode("utf-8")).hexdigest() != digest:
                    problems += 1
                expected, prev = seq + 1, digest
            last = rows[-1][0]
        if head_seq != expected - 1 or head_hash != prev:
            problems += 1
        cur.execute("SELECT id FROM cases")
        cases = {r[0] for r in cur.fetchall()}
        problems += len(cases ^ created)
        cur.execute("SELECT digest, salt, value FROM personal_values")
        for digest, salt, value in cur.fetchall():
            if sha256(f"{salt}{audit.SEP}{value}".encode()).hexdigest() != digest:
                problems += 1
        cur.execute("COMMIT")
    finally:
        cur.close()
    return count, problems
