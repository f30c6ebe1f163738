"""What differs between SQLite and PostgreSQL: one class per backend, as playhouse's migrators.

The dialect is also the statement runner every repository uses (`store.sql`): SQL is written once
with '?' placeholders and tuples come back. A repository whose aggregate is written differently
per backend (PostgreSQL writes guarded rows through server functions) registers a subclass with
`PostgresDialect.variant`; constructing the base then returns the store's variant, as
`pathlib.Path()` returns a `PosixPath`. Nothing outside this module and those variants asks which
backend is open.
"""

from __future__ import annotations

import contextlib
import io
import re
import sqlite3
import weakref
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import peewee

from ..domain import search_text
from .db import NamedPostgresqlDatabase, parse_target, with_credentials

if TYPE_CHECKING:
    from .store import Store

# what execute_sql wraps each statement in; peewee's stubs leave the module attribute out
_DRIVER_ERRORS = peewee.__exception_wrapper__  # type: ignore[attr-defined]

T = TypeVar("T")
BACKUP_PAGES = 1024  # SQLite pages copied between progress reports (4 MiB at 4 KiB pages)


def _copy_value(value: Any) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return (
            value.replace("\\", "\\\\")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("\t", "\\t")
        )
    return str(value)


def pg_array(values: Sequence[Any]) -> str:
    """A PostgreSQL array literal ('{"a","b",NULL}') to pass as one parameter cast to text[] or
    bigint[]: psycopg2 sends a Python list as ARRAY['a', 'b', ...], one parsed expression per
    element, which costs the server ~10 us each (0.5 s for a 50,000-event import batch)."""
    parts = []
    for v in values:
        if v is None:
            parts.append("NULL")
        elif isinstance(v, int) and not isinstance(v, bool):
            parts.append(str(v))
        else:
            parts.append('"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"')
    return "{" + ",".join(parts) + "}"


_ARRAY_SPECIAL = re.compile(r'[{}"\\\s,]')


def pg_text_array(values: Sequence[str]) -> str:
    """pg_array of texts, joined as they are when none needs quoting (row keys: ids, names):
    a bulk event names tens of thousands of rows."""
    if values and not any(_ARRAY_SPECIAL.search(v) or not v or v.lower() == "null" for v in values):
        return "{" + ",".join(values) + "}"
    return pg_array(values)


class Dialect:
    """The base: statements both backends run alike. Subclasses override what differs."""

    name: ClassVar[str]
    variants: ClassVar[dict[type, type]]
    # Each user is their own database role: the server checks passwords and refuses writes
    # around the guard functions, so the app keeps no login counters of its own.
    server_logins: ClassVar[bool] = False
    # Guard functions on the server append the events of the rows they write (so a change flushes
    # its own events before calling one, to keep the chain in the order things happened).
    server_events: ClassVar[bool] = False
    # The column a case row's own search text is checked against without the text index.
    text_column: ClassVar[str]
    # The planner chooses between walking the sort order and reading the text index from the
    # text column's own statistics (PostgreSQL's tsvector): a word search's page is one
    # statement. SQLite's planner has no such statistics; the app chooses for it.
    plans_text_search: ClassVar[bool] = False
    # What the backend keeps beside the app's tables: its own tables (a text index, the
    # guards' bookkeeping) and columns it derives from others (search text). Not in the models.
    own_tables: ClassVar[frozenset[str]]
    derived_columns: ClassVar[frozenset[str]]
    backup_format: ClassVar[str]

    def __init__(self, db: peewee.Database) -> None:
        self.db = db
        # While set, every SQLite statement sent to the driver is appended (the benchmark
        # replays them on a bare connection); PostgreSQL's pass through peewee's execute_sql.
        self.trace: list[tuple[str, tuple[Any, ...]]] | None = None

    @classmethod
    def variant(cls, sub: type[T]) -> type[T]:
        """Register `sub` as this dialect's version of its direct base class."""
        cls.variants[sub.__mro__[1]] = sub
        return sub

    @property
    def backend(self) -> str:
        return self.name

    @classmethod
    def login_url(cls, url: str, username: str | None, password: str | None) -> str:
        """The URL to open as `username` (here the app checks the password itself)."""
        return url

    # ---- statements ---------------------------------------------------------------------------
    def placeholders(self, sql: str) -> str:
        return sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.db.execute_sql(self.placeholders(sql), tuple(params))

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.execute(sql, params).fetchall()

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        return self.execute(sql, params).fetchone()

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.one(sql, params)
        return row[0] if row else None

    def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        """INSERT ... returning the new row's id on both backends."""
        row = self.one(sql + " RETURNING id", params)
        assert row is not None
        return int(row[0])

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        cursor = self.db.cursor()
        try:
            cursor.executemany(self.placeholders(sql), rows)
        finally:
            cursor.close()

    def bulk_insert(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """Insert many rows in the current transaction, on peewee's own connection (so they
        join the open unit of work)."""
        if rows:
            marks = ", ".join("?" for _ in columns)
            self.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    def prepared_all(
        self, name: str, text: str, types: Sequence[str] | None, params: Sequence[Any]
    ) -> list[tuple[Any, ...]]:
        """all(text, params); a backend that plans each statement prepares it once as `name`."""
        return self.all(text, params)

    def rows_in(
        self, sql: str, values: Sequence[Any], cast: str = "text"
    ) -> Iterator[tuple[Any, ...]]:
        """Rows of `sql` whose '{in}' stands for "IN the values", as few statements as allowed."""
        for start in range(0, len(values), 900):  # SQLite caps a statement's parameters
            chunk = list(values[start : start + 900])
            yield from self.all(sql.format(**{"in": f"IN ({', '.join('?' * len(chunk))})"}), chunk)

    def reserve_ids(self, table: str, count: int) -> list[int]:
        """Ids for rows a bulk insert is about to write: the next rowids (the write lock is
        held, so nobody else takes them)."""
        if count <= 0:
            return []
        first = int(self.scalar(f"SELECT coalesce(max(id), 0) + 1 FROM {table}"))
        return list(range(first, first + count))

    # ---- locks and time -------------------------------------------------------------------------
    def lock_rows(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Lock the rows `sql` selects until commit; SQLite's write lock already serialises."""

    def for_update(self, of: str = "") -> str:
        """The suffix that locks what a SELECT reads (empty where the write lock does)."""
        return ""

    def moment(self, local: datetime) -> datetime:
        """When a decision is made: the clock guard functions judge by (here the app's)."""
        return local

    def now_text(self, local: str) -> tuple[str, tuple[Any, ...]]:
        """(SQL, params) for the current time as stored text, by the same clock as `moment`."""
        return "?", (local,)

    def json_text(self, column: str, *path: str) -> str:
        """SQL for the text at `path` (our own key names) inside a JSON text column, NULL where
        there is none."""
        return f"json_extract({column}, '$.{'.'.join(path)}')"

    def clamp(self, value: str, low: str, high: str) -> str:
        """SQL for `value` held within [low, high] (SQLite's two-argument min and max)."""
        return f"min(max({value}, {low}), {high})"

    def analytic(self) -> None:
        """Inside a read transaction: settings for one long statement over many rows."""

    # ---- text search ----------------------------------------------------------------------------
    def text_match(self, terms: Sequence[str]) -> str:
        """The engine's query for these words: every word, each as a prefix."""
        raise NotImplementedError

    def text_phrase(self, terms: Sequence[str]) -> str:
        """The engine's query for these words side by side, in this order (a reference)."""
        raise NotImplementedError

    def text_clause(self) -> str:
        """SQL true for a case `c` whose indexed text matches `text_match`'s parameter."""
        return f"c.id IN ({self.text_ids()})"

    def text_ids(self) -> str:
        """SQL selecting the ids of the cases whose indexed text matches `text_match`'s
        parameter, through the text index alone."""
        raise NotImplementedError

    def row_check(self, search: str) -> tuple[str, list[Any]]:
        """SQL true for a row `w` (with `text_column`) that matches, without the text index."""
        raise NotImplementedError

    def index_hint(self, index: str) -> str:
        return ""

    def no_index_hint(self) -> str:
        """After a table alias: read it by id only (the ids come from another index)."""
        return ""

    # ---- connections -----------------------------------------------------------------------------
    def hand_over(self, label: str) -> Any:
        """Give up this thread's connection for another thread to `adopt` as `label`. Here the
        connection cannot change threads: it is closed, and the other thread opens its own."""
        self.db.close()
        return None

    def adopt(self, handle: Any, label: str) -> None:
        """Make the connection `hand_over` gave up this thread's own."""

    def release(self) -> None:
        """Done with this thread's connection (`Store.release`): closed here (a SQLite
        connection is cheap to open, and closing it runs PRAGMA optimize)."""
        self.db.close()

    def close_released(self) -> None:
        """Close the connections `release` kept open: none here."""

    # ---- reading and schema ----------------------------------------------------------------------
    @contextlib.contextmanager
    def reading(self, *, snapshot: bool) -> Iterator[None]:
        with self.db.atomic():
            yield

    def before_migrate(self, store: Store, version: int, latest: int) -> None:
        """Anything to keep before a migration changes an existing database."""

    def after_migrate(self) -> None:
        """Install what the schema steps do not hold (roles, grants, functions)."""

    def refresh_security(self) -> None:
        """Reinstall the server's guards (after a restore)."""

    def database_name(self, store: Store) -> str:
        raise NotImplementedError

    def session_user(self) -> str:
        return ""

    def rowid_bounds(self, table: str) -> tuple[int, int] | None:
        """(min, max) rowid of `table` where rows have a stable storage order; else None."""
        return None

    def after_load(self, serial_tables: Sequence[str]) -> None:
        """After rows were copied in with their ids (a restore): rebuild what derives from them."""

    def backup(self, dest: Path, progress: Callable[[int, int], None] | None = None) -> None:
        """A consistent copy of the whole database as one file, while others keep working;
        `progress(pages copied, pages)` as it goes."""
        raise NotImplementedError(f"{self.name} databases are backed up logically")


class SqliteDialect(Dialect):
    name = "sqlite"
    variants: ClassVar[dict[type, type]] = {}
    backup_format = "sqlite"  # the online backup API: a consistent copy of the file
    text_column = "search_words"
    own_tables = frozenset(
        {
            "case_fts",
            *(f"case_fts_{part}" for part in ("config", "content", "data", "docsize", "idx")),
            # The approved answers' text index (schema step 15), filled by its trigger.
            "answer_fts",
            *(f"answer_fts_{part}" for part in ("config", "content", "data", "docsize", "idx")),
        }
    )
    derived_columns = frozenset({"search_words"})

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        # A cursor of peewee's own connection, as execute_sql makes, without its logging and
        # hook checks per statement (~2 us each; a status change sends six); driver errors
        # become peewee's exceptions the same way.
        params = tuple(params)
        if self.trace is not None:
            self.trace.append((sql, params))
        with _DRIVER_ERRORS:
            return self.db.connection().execute(sql, params)

    # The index holds each case's word list (search_text.word_list), folded by the app: the
    # search box's words are folded the same way before they are looked up.
    def text_match(self, terms: Sequence[str]) -> str:
        return " AND ".join(f'"{t}"*' for t in search_text.folded_terms(list(terms)))

    def text_phrase(self, terms: Sequence[str]) -> str:
        return '"' + " ".join(search_text.folded_terms(list(terms))) + '"'

    def text_ids(self) -> str:
        return "SELECT rowid FROM case_fts WHERE case_fts MATCH ?"

    def row_check(self, search: str) -> tuple[str, list[Any]]:
        prefixes = search_text.word_prefixes(search)
        check = " AND ".join("instr(w.search_words, ?) > 0" for _ in prefixes)
        return check, list(prefixes)

    def index_hint(self, index: str) -> str:
        return f" INDEXED BY {index}"

    def no_index_hint(self) -> str:
        return " NOT INDEXED"  # rowid lookups stay allowed

    @contextlib.contextmanager
    def reading(self, *, snapshot: bool) -> Iterator[None]:
        # A read transaction always sees one moment on SQLite; DEFERRED takes no write lock.
        with self.db.atomic("DEFERRED"):
            yield

    def before_migrate(self, store: Store, version: int, latest: int) -> None:
        if version > 0:
            path = store.target.path
            assert path is not None
            store.backup_sqlite(path.with_name(f"{path.name}.before-v{latest}.bak"))

    def database_name(self, store: Store) -> str:
        return str(store.target.path)

    def rowid_bounds(self, table: str) -> tuple[int, int] | None:
        row = self.one(f"SELECT min(rowid), max(rowid) FROM {table}")
        return (int(row[0]), int(row[1])) if row and row[0] is not None else None

    def after_load(self, serial_tables: Sequence[str]) -> None:
        from .search_words import fill_search_words

        fill_search_words(self.db)
        self.execute("INSERT INTO case_fts (rowid, body) SELECT id, search_words FROM cases")

    def backup(self, dest: Path, progress: Callable[[int, int], None] | None = None) -> None:
        target = sqlite3.connect(str(dest))
        try:
            if progress is None:
                self.db.connection().backup(target)
            else:
                # Steps of BACKUP_PAGES pages, so a window can show how far it is.
                self.db.connection().backup(
                    target,
                    pages=BACKUP_PAGES,
                    progress=lambda _status, left, total: progress(total - left, total),
                )
        finally:
            target.close()


# PostgreSQL plans every statement psycopg2 sends; for the hottest small reads the plan costs
# more than the execution (0.33 of 0.48 ms for a case). Those run as prepared statements, made
# once per connection. PREPARE is not transactional, so a rollback does not undo it.
_PREPARED: weakref.WeakKeyDictionary[Any, tuple[tuple[int, int], set[str]]] = (
    weakref.WeakKeyDictionary()
)


class PostgresDialect(Dialect):
    name = "postgresql"
    variants: ClassVar[dict[type, type]] = {}
    backup_format = "logical"  # gzip JSON lines, table after table (services/backup.py)
    server_logins = True
    server_events = True
    text_column = "search_doc"
    plans_text_search = True
    # The text-search configuration of `search_doc` (schema step 7): `unaccent`, then `simple`,
    # so a query folds accents as the stored words were folded ("Muller" finds "Müller").
    TEXT_CONFIG: ClassVar[str] = "public.rc_search"
    own_tables = frozenset({"row_changes", "row_marks", "row_seals"})  # storage/pg_vouch.py
    derived_columns = frozenset({"search_doc"})

    @classmethod
    def login_url(cls, url: str, username: str | None, password: str | None) -> str:
        """Each user connects as their own role, so the server authenticates them."""
        return with_credentials(url, username, password or "") if username else url

    def placeholders(self, sql: str) -> str:
        return sql.replace("?", "%s")

    def bulk_insert(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        if not rows:
            return
        text = "".join("\t".join(map(_copy_value, row)) + "\n" for row in rows)
        cursor = self.db.cursor()
        try:
            cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", io.StringIO(text))
        finally:
            cursor.close()

    def prepared_all(
        self, name: str, text: str, types: Sequence[str] | None, params: Sequence[Any]
    ) -> list[tuple[Any, ...]]:
        # `types` None: the server infers each parameter's type from where it stands.
        conn = self.db.connection()
        key = (id(conn), conn.get_backend_pid())
        state = _PREPARED.get(self.db)
        if state is None or state[0] != key:
            state = (key, set())
            _PREPARED[self.db] = state
        if name not in state[1]:
            if not self.scalar("SELECT 1 FROM pg_prepared_statements WHERE name = ?", (name,)):
                numbered = text
                for n in range(1, (len(params) if types is None else len(types)) + 1):
                    numbered = numbered.replace("?", f"${n}", 1)
                typed = "" if types is None else f"({', '.join(types)})"
                self.execute(f"PREPARE {name}{typed} AS {numbered}")
            state[1].add(name)
        marks = ", ".join("?" for _ in params)
        return self.all(f"EXECUTE {name}({marks})", params)

    def rows_in(
        self, sql: str, values: Sequence[Any], cast: str = "text"
    ) -> Iterator[tuple[Any, ...]]:
        yield from self.all(sql.format(**{"in": f"= ANY(?::{cast}[])"}), (pg_array(values),))

    def reserve_ids(self, table: str, count: int) -> list[int]:
        """`count` values from the table's own sequence (may have gaps, never clash)."""
        if count <= 0:
            return []
        # The sequence resolved once (per row it costs 4 us), the values as one array.
        sequence = self.scalar("SELECT pg_get_serial_sequence(?, 'id')", (table,))
        literal = "'" + str(sequence).replace("'", "''") + "'"
        return list(
            self.scalar(
                f"SELECT array_agg(nextval({literal}::regclass)) FROM generate_series(1, ?)",
                (count,),
            )
        )

    def lock_rows(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.execute(sql + " FOR UPDATE", params)

    def for_update(self, of: str = "") -> str:
        return " FOR UPDATE" + (f" OF {of}" if of else "")

    def moment(self, local: datetime) -> datetime:
        value = self.scalar("SELECT now() AT TIME ZONE 'UTC'")
        return value.replace(tzinfo=UTC)

    def now_text(self, local: str) -> tuple[str, tuple[Any, ...]]:
        return "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')", ()

    def json_text(self, column: str, *path: str) -> str:
        return f"(CAST({column} AS jsonb) #>> '{{{','.join(path)}}}')"

    def clamp(self, value: str, low: str, high: str) -> str:
        return f"LEAST(GREATEST({value}, {low}), {high})"

    def analytic(self) -> None:
        # The KPI statement is long and runs once: JIT compiling it took 2.4 of its seconds.
        self.execute("SET LOCAL jit = off")
        # Its day table is a VALUES list without statistics: the planner sorted the year's
        # cases three times to merge-join it (0.3 of 1.4 s at 100,000 cases); hashed, it is
        # a lookup per case.
        self.execute("SET LOCAL enable_mergejoin = off")

    def text_match(self, terms: Sequence[str]) -> str:
        return " & ".join(f"{t}:*" for t in terms)

    def text_phrase(self, terms: Sequence[str]) -> str:
        return " <-> ".join(terms)

    def text_clause(self) -> str:
        return f"c.search_doc @@ to_tsquery('{self.TEXT_CONFIG}', ?)"

    def text_ids(self) -> str:
        return f"SELECT id FROM cases WHERE search_doc @@ to_tsquery('{self.TEXT_CONFIG}', ?)"

    def row_check(self, search: str) -> tuple[str, list[Any]]:
        return f"w.search_doc @@ to_tsquery('{self.TEXT_CONFIG}', ?)", [
            self.text_match(search_text.terms(search))
        ]

    def hand_over(self, label: str) -> Any:
        # A psycopg2 connection may change threads, and opening another would cost the
        # adopting thread (the window's) a round trip and a password check. peewee keeps each
        # thread's connection in its own state: this thread's is emptied without closing it.
        db = self.db
        if db.is_closed():
            return None
        if db.in_transaction():
            raise RuntimeError("a connection is handed over between transactions only")
        if isinstance(db, NamedPostgresqlDatabase):
            self.execute(
                "SELECT set_config('application_name', ?, false)", (db.connection_name(label),)
            )
        own: Any = db  # peewee's per-thread state is private and untyped
        with own._lock:
            conn = own._state.conn
            own._state.reset()
        return conn

    def adopt(self, handle: Any, label: str) -> None:
        db = self.db
        if isinstance(db, NamedPostgresqlDatabase):
            db.label_thread(label)
        if handle is None:
            return
        own: Any = db
        with own._lock:
            if own._state.closed:
                own._state.set_connection(handle)
                return
        handle.close()  # this thread had opened its own meanwhile

    def release(self) -> None:
        if isinstance(self.db, NamedPostgresqlDatabase):
            self.db.park()
        else:
            self.db.close()

    def close_released(self) -> None:
        if isinstance(self.db, NamedPostgresqlDatabase):
            self.db.close_parked()

    @contextlib.contextmanager
    def reading(self, *, snapshot: bool) -> Iterator[None]:
        with self.db.atomic():
            if snapshot:
                self.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield

    def after_load(self, serial_tables: Sequence[str]) -> None:
        # Sequences did not see ids given explicitly: move each past its table's rows.
        for table in serial_tables:
            self.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
            )

    def after_migrate(self) -> None:
        from . import pg_security

        pg_security.install(self.db)

    def refresh_security(self) -> None:
        self.after_migrate()

    def database_name(self, store: Store) -> str:
        return str(self.scalar("SELECT current_database()"))

    def session_user(self) -> str:
        return str(self.scalar("SELECT session_user"))


DIALECTS: dict[str, type[Dialect]] = {d.name: d for d in (SqliteDialect, PostgresDialect)}


def dialect_for(backend: str, db: peewee.Database) -> Dialect:
    return DIALECTS[backend](db)


def dialect_class(url: str) -> type[Dialect]:
    """The dialect a database URL opens with, before opening it."""
    return DIALECTS[parse_target(url).backend]


def login_url(url: str, username: str | None, password: str | None) -> str:
    """The URL that opens `url` as `username` on its backend."""
    return dialect_class(url).login_url(url, username, password)


class Repository:
    """A repository over one store. Constructing it returns the store's dialect's variant of the
    class when one is registered, so callers never choose a backend themselves."""

    def __new__(cls, store: Store, *args: Any, **kwargs: Any) -> Any:
        return super().__new__(store.dialect.variants.get(cls, cls))

    def __init__(self, store: Store) -> None:
        self.store = store
        self.sql: Dialect = store.dialect
