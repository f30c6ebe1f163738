"""Open a database from a URL (SQLite file or shared PostgreSQL) and translate driver errors."""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlparse, urlunparse

import peewee

from ..domain.errors import AuthenticationError, EnvironmentFault, UsageError

log = logging.getLogger(__name__)

NETWORK_FILESYSTEMS = {
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "afs",
    "9p",
    "fuse.sshfs",
    "ncpfs",
    "coda",
    "glusterfs",
    "ceph",
    "lustre",
    "davfs",
    "fuse.davfs2",
}
SQLITE_PRAGMAS = (
    ("journal_mode", "wal"),
    ("foreign_keys", 1),
    ("busy_timeout", 5000),
    ("synchronous", "normal"),
    ("cache_size", -32_000),
    ("temp_store", "memory"),
)
WORKER_CACHE_KIB = -8_000  # a negative cache_size is KiB (see OptimizingSqliteDatabase)


@dataclass(frozen=True, slots=True)
class DatabaseTarget:
    """A parsed database URL; `display` never contains a password."""

    url: str
    backend: str  # "sqlite" | "postgresql"
    path: Path | None
    display: str


def sqlite_url(path: str | os.PathLike[str]) -> str:
    return "sqlite:///" + str(Path(path).absolute())


def parse_target(url: str) -> DatabaseTarget:
    parsed = urlparse(url or "")
    scheme = parsed.scheme.lower()
    if scheme in ("sqlite", "sqlite3"):
        # As playhouse.db_url reads it: sqlite:///relative.db, sqlite:////absolute/path.db
        raw = unquote(parsed.path[1:])
        if not raw or raw == ":memory:":
            raise UsageError("a SQLite database needs a file path: sqlite:///path/to/file.db")
        path = Path(raw)
        return DatabaseTarget(url, "sqlite", path, f"SQLite file {path}")
    if scheme in ("postgres", "postgresql"):
        netloc = parsed.hostname or "localhost"
        if parsed.port:
            netloc += f":{parsed.port}"
        user = f"{parsed.username}@" if parsed.username else ""
        return DatabaseTarget(
            url, "postgresql", None, f"PostgreSQL {user}{netloc}/{parsed.path.lstrip('/')}"
        )
    raise UsageError(
        f"unsupported database URL {url!r}: use sqlite:///FILE or "
        "postgresql://USER@HOST:PORT/DATABASE"
    )


def with_credentials(url: str, user: str, password: str | None) -> str:
    """The same PostgreSQL URL, connecting as another role (each user is their own role)."""
    parsed = urlparse(url)
    host = parsed.hostname or "localhost"
    if ":" in host:
        host = f"[{host}]"
    cred = quote(user, safe="")
    if password is not None:
        cred += ":" + quote(password, safe="")
    netloc = f"{cred}@{host}" + (f":{parsed.port}" if parsed.port else "")
    return urlunparse(parsed._replace(netloc=netloc))


def _mount_fs_type(path: Path, mounts_text: str | None) -> str | None:
    if mounts_text is None:
        try:
            mounts_text = Path("/proc/mounts").read_text()
        except OSError:
            return None
    best, fstype = "", None
    target = str(path)
    for line in mounts_text.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        mount = parts[1].replace("\\040", " ")
        if (target == mount or target.startswith(mount.rstrip("/") + "/")) and len(mount) > len(
            best
        ):
            best, fstype = mount, parts[2]
    return fstype


def check_local_path(path: Path, mounts_text: str | None = None) -> None:
    """Refuse SQLite files on network shares: SQLite's locking does not work across machines."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        raise EnvironmentFault(
            f"{text} is on a network share. SQLite files must be on a local disk; to share a "
            "database with a team, use the shared PostgreSQL mode (postgresql://...)."
        )
    resolved = path.absolute()
    fstype = _mount_fs_type(resolved, mounts_text)
    if fstype and fstype.lower() in NETWORK_FILESYSTEMS:
        raise EnvironmentFault(
            f"{resolved} is on a network file system ({fstype}). SQLite files must be on a local "
            "disk; to share a database with a team, use the shared PostgreSQL mode."
        )


def pg_connect_params(url: str) -> dict[str, Any]:
    """psycopg2's connection arguments from a postgresql:// URL (with `database`)."""
    # Imported here: playhouse.db_url brings its SQLite extensions, which no start needs.
    from playhouse.db_url import parse as parse_db_url

    params = parse_db_url(url, unquote_password=True, unquote_user=True)
    params.setdefault("connect_timeout", 5)
    return params


def open_database(target: DatabaseTarget, *, create: bool) -> peewee.Database:
    """Connect, refusing what cannot work with one clear message; creates only when asked."""
    db = (
        open_sqlite(target.path, create=create)
        if target.path is not None  # parse_target gives a path to file URLs only
        else open_postgresql(target.url)
    )
    with translate_errors(target):
        db.connect(reuse_if_open=True)
    return db


def open_sqlite(path: Path, *, create: bool) -> peewee.Database:
    """A SQLite file's database, unconnected: only a local file, created only when asked."""
    path = path.expanduser()
    check_local_path(path)
    if not path.exists():
        if not create:
            raise EnvironmentFault(
                f"no database at {path}: create it with 'resolution-center init' or check the path"
            )
        if not path.parent.is_dir():
            raise EnvironmentFault(
                f"cannot create the database: folder {path.parent} does not exist"
            )
        if not os.access(path.parent, os.W_OK):
            raise EnvironmentFault(
                f"cannot create the database: folder {path.parent} is not writable"
            )
    elif not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise EnvironmentFault(
            f"the database {path} (or its folder) is read-only; the app "
            "needs to write to it and to its -wal file beside it"
        )
    return OptimizingSqliteDatabase(
        str(path), pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE", timeout=5
    )


class OptimizingSqliteDatabase(peewee.SqliteDatabase):
    """Each connection runs `PRAGMA optimize` as it closes, as SQLite advises: it analyses the
    tables whose indexes the connection used and that have no statistics yet (or outgrew
    them). Without statistics the planner read "All open cases" at 100,000 cases through the
    status index and sorted 48,000 rows for a page of 200 (80-300 ms, on the window's thread)
    instead of walking the last-updated index (1 ms). A full ANALYZE of 100,000 cases takes
    about 0.1 s; a sampled one (analysis_limit) gave statistics that kept the bad plan."""

    def _add_conn_hooks(self, conn: Any) -> None:
        super()._add_conn_hooks(conn)  # type: ignore[misc]  # not in peewee's stubs
        if threading.current_thread() is not threading.main_thread():
            # A worker thread's connection lives for one task and its page cache goes with
            # it: 32 MB each (the window's thread and two workers, filled while the list's
            # ids and counts are read) took the client to 339 MB at 100,000 cases; 304 MB
            # with 8 MB for the workers' connections (the window's own keeps 32 MB).
            conn.execute(f"PRAGMA cache_size = {WORKER_CACHE_KIB}")

    def _close(self, conn: Any) -> None:
        # Never waits for another connection's write lock: a close must not hang for it.
        with contextlib.suppress(sqlite3.Error):
            conn.execute("PRAGMA busy_timeout = 0")
            conn.execute("PRAGMA optimize")
            state_empty_partial_indexes(conn)
        conn.close()  # all peewee's own _close does (its stubs do not declare it)


# Partial indexes of analysed tables that have no statistics row.
_UNSTATED_PARTIAL_INDEXES = (
    "SELECT m.tbl_name, m.name FROM sqlite_master m WHERE m.type = 'index' "
    "AND m.sql LIKE '% WHERE %' AND m.tbl_name IN (SELECT tbl FROM sqlite_stat1) "
    "AND m.name NOT IN (SELECT idx FROM sqlite_stat1 WHERE idx IS NOT NULL)"
)


def state_empty_partial_indexes(conn: Any) -> None:
    """Give each empty partial index the statistics row ANALYZE would write for one entry.

    ANALYZE writes no row for an index without entries, and `PRAGMA optimize` analyses every
    table with an index that has none: while no open case had an SLA warning (the partial
    index cases_sla_alerted empty), each connection's close analysed all 100,000 cases again
    (120 ms under the write lock, after every task of the window's workers). The row is what a
    one-entry index gets; the next real ANALYZE replaces it. SQLite lets applications write
    sqlite_stat1 ("Manual Control Of Query Plans Using SQLITE_STAT Tables")."""
    missing = conn.execute(_UNSTATED_PARTIAL_INDEXES).fetchall()
    for table, index in missing:
        columns = len(conn.execute(f'PRAGMA index_info("{index}")').fetchall())
        conn.execute(
            "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)",
            (table, index, " ".join(["1"] * (columns + 1))),
        )


APPLICATION_NAME = "resolution-center"
PARKED_CONNECTIONS = 2  # the window's task pool runs two tasks at a time


class NamedPostgresqlDatabase(peewee.PostgresqlDatabase):
    """Each thread's connection names the thread in `application_name`
    (`resolution-center:gui`, `:worker-3`, `:main`), so the server's pg_stat_activity tells
    which thread of which client holds which connection."""

    def __init__(self, database: str, **params: Any) -> None:
        super().__init__(database, **params)
        self.app_name = str(self.connect_params.get("application_name") or APPLICATION_NAME)
        self._threads = threading.local()
        self._workers = itertools.count(1)
        self._parked: list[Any] = []
        self._parked_lock = threading.Lock()

    def thread_label(self) -> str:
        label: str | None = getattr(self._threads, "label", None)
        if label is None:
            main = threading.current_thread() is threading.main_thread()
            label = "main" if main else f"worker-{next(self._workers)}"
            self._threads.label = label
        return label

    def label_thread(self, label: str) -> None:
        self._threads.label = label

    def connection_name(self, label: str | None = None) -> str:
        # The server keeps 63 bytes of it.
        return f"{self.app_name}:{label or self.thread_label()}"[:63]

    def park(self) -> None:
        """Put this thread's connection aside for the next thread that needs one, instead of
        closing it (at most PARKED_CONNECTIONS; a broken one, or one inside a transaction,
        is closed).

        The window's worker tasks each run on a thread of their own state: a task that
        opened a connection of its own paid a round trip, a password check and a new server
        process whose first statement on each table reads the catalogue (opening a case of
        5,000 events: 113 ms on a fresh connection, 25 ms on a used one)."""
        from psycopg2.extensions import TRANSACTION_STATUS_IDLE  # loaded by then

        own: Any = self  # peewee's per-thread state is private and untyped
        with own._lock:
            conn = own._state.conn
            if own._state.closed or conn is None:
                return
            own._state.reset()
        idle = conn.closed == 0 and conn.get_transaction_status() == TRANSACTION_STATUS_IDLE
        with self._parked_lock:
            if idle and len(self._parked) < PARKED_CONNECTIONS:
                self._parked.append(conn)
                return
        conn.close()

    def close_parked(self) -> None:
        """Close the connections `park` put aside (the window is closing)."""
        with self._parked_lock:
            parked, self._parked = self._parked, []
        for conn in parked:
            conn.close()

    def _unpark(self) -> Any:
        with self._parked_lock:
            while self._parked:
                conn = self._parked.pop()
                if conn.closed == 0:
                    return conn
        return None

    def _connect(self) -> Any:
        parked = self._unpark()
        return parked if parked is not None else self._open()

    def _open(self) -> Any:
        # peewee's own _connect, with this thread's name (its private parts, untyped).
        own: Any = self
        own._adapter.check_driver()
        params = {**self.connect_params, "application_name": self.connection_name()}
        conn = own._adapter.connect(self, **params)
        if own._isolation_level:
            conn.set_isolation_level(own._isolation_level)
        conn.autocommit = True
        return conn


def open_postgresql(url: str) -> peewee.Database:
    """A PostgreSQL database from its URL, unconnected."""
    params = pg_connect_params(url)
    params.setdefault("application_name", APPLICATION_NAME)
    return NamedPostgresqlDatabase(params.pop("database"), **params)


def describe_operational_error(exc: BaseException, target: DatabaseTarget | None) -> Exception:
    text = str(exc).strip()
    # The driver's own words (locked, connection lost, refused): what a problem report needs.
    # Its first line only: a server's DETAIL lines may quote row values.
    log.warning(
        "driver error on %s: %s: %s",
        target.display if target else "the database",
        type(exc).__name__,
        text.splitlines()[0] if text else "",
    )
    low = text.lower()
    where = target.display if target else "the database"
    if (
        "password authentication failed" in low
        or "authentication failed" in low
        or ("no password supplied" in low)
    ):
        return AuthenticationError(f"{where}: wrong user name or password")
    if "role" in low and "does not exist" in low:
        return AuthenticationError(f"{where}: unknown user")
    if "database is locked" in low or "database table is locked" in low:
        return EnvironmentFault(f"{where} is locked by another program; try again in a moment")
    if "readonly" in low or "read-only" in low:
        return EnvironmentFault(f"{where} is read-only")
    if "disk is full" in low or "no space left" in low:
        return EnvironmentFault(f"the disk holding {where} is full")
    if "unable to open database" in low:
        return EnvironmentFault(
            f"cannot open {where}: the file or its folder is missing or not accessible"
        )
    if "not a database" in low or "malformed" in low:
        return EnvironmentFault(f"{where} is not a Resolution Center database or is damaged")
    if (
        "could not connect" in low
        or "connection refused" in low
        or "timeout expired" in low
        or "could not translate host name" in low
        or "no route to host" in low
    ):
        return EnvironmentFault(f"cannot reach {where}: the server is unreachable or not running")
    if "does not exist" in low and "database" in low:
        return EnvironmentFault(f"{where}: the database does not exist")
    if "server closed the connection" in low or "terminating connection" in low:
        return EnvironmentFault(f"{where}: the connection was lost; try again")
    return EnvironmentFault(f"{where}: {text.splitlines()[0] if text else type(exc).__name__}")


@contextlib.contextmanager
def translate_errors(target: DatabaseTarget | None) -> Iterator[None]:
    """Turn driver errors about the environment into EnvironmentFault / AuthenticationError."""
    try:
        yield
    except (peewee.OperationalError, peewee.InterfaceError, sqlite3.OperationalError) as exc:
        raise describe_operational_error(exc, target) from exc
    except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
        cause = exc.__cause__ or exc
        name = type(cause).__name__
        text = str(cause).lower()
        if name in ("OperationalError", "InterfaceError", "AdminShutdown", "ConnectionException"):
            raise describe_operational_error(cause, target) from exc
        if any(s in text for s in ("not a database", "malformed", "disk is full", "locked")):
            raise describe_operational_error(cause, target) from exc
        raise
