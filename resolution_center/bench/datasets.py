"""The benchmark's databases: the kept data sets (by size) and throw-away scratch databases.

SQLite: one file per size in the user cache directory, built under a temporary name and renamed
when complete, so an interrupted build is never reused. PostgreSQL: the database given by
--database holds the data set and a marker of its size in `settings`; a smaller sibling
database (`<name>_n<cases>`) holds the growth reference; scratch databases for the bulk-load
figure are created and dropped on the same server (the URL's role needs CREATEDB).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

import psycopg2

from ..domain.actions import Action
from ..domain.errors import EnvironmentFault, UsageError
from ..services.context import SYSTEM_ACTOR, Config
from ..services.imports import import_cases
from ..services.session import Session
from ..services.setup import initialize
from ..storage.db import parse_target
from ..storage.pg_security import group_roles, owner_role, quote_ident
from ..storage.repositories import UserRepository
from ..storage.store import Actor, Store
from . import synthetic
from .synthetic import Spec

DATASET_FORMAT = 6  # bump when the generator changes: old cached data sets are then rebuilt
MARKER_KEY = "bench_dataset"
BENCH_USER = "bench"
BENCH_ROLE = "specialist"

Log = Callable[[str], None]


@dataclass
class Dataset:
    spec: Spec
    url: str
    big_case_ids: list[int]
    bench_user_id: int
    built_now: bool
    build: dict[str, Any] = field(default_factory=dict)

    @property
    def backend(self) -> str:
        return parse_target(self.url).backend

    def open(self, *, person: bool = False) -> Session:
        """A context on the data set: `system`, or the bench user for audited changes."""
        store = Store.open(self.url)
        if person:
            actor = Actor(BENCH_USER, BENCH_ROLE, "Benchmark")
            return Session(store, actor, user_id=self.bench_user_id, config=Config())
        return Session(store, SYSTEM_ACTOR, config=Config())

    def describe(self) -> dict[str, Any]:
        return {
            "cases": self.spec.cases,
            "events_per_case": self.spec.events_per_case,
            "seed": self.spec.seed,
            "big_case_events": self.spec.big_events,
            "database": parse_target(self.url).display,
            "built_in_this_run": self.built_now,
            "big_case_ids": self.big_case_ids,
            **self.build,
        }


def schema_fingerprint() -> str:
    """Changes when the schema's definition (tables, indexes, PostgreSQL functions) changes, so a
    kept data set built with other indexes is rebuilt rather than measured."""
    from ..storage import migrations, models, pg_security

    digest = hashlib.sha256()
    folder = Path(migrations.__file__).parent
    steps = sorted([*folder.glob("*.py"), *folder.glob("*.sql")])  # a step may be SQL only
    for path in [Path(models.__file__), Path(pg_security.__file__), *steps]:
        digest.update(path.read_bytes())
    # The functions as installed: storage/sql/*.sql rendered with today's enums.
    digest.update(pg_security.FUNCTIONS_SQL.encode())
    return digest.hexdigest()[:16]


def marker_for(spec: Spec) -> dict[str, Any]:
    return {
        "format": DATASET_FORMAT,
        "schema": schema_fingerprint(),
        "cases": spec.cases,
        "events_per_case": spec.events_per_case,
        "seed": spec.seed,
        "big_cases": spec.big_cases,
        "big_events": spec.big_events,
    }


def cache_dir(override: str | None = None) -> Path:
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("resolution-center")) / "bench"


def sqlite_path(spec: Spec, directory: Path) -> Path:
    big = "" if spec.big_events == synthetic.BIG_CASE_EVENTS else f"-b{spec.big_events}"
    return directory / (
        f"bench-{spec.cases}x{spec.events_per_case}{big}-s{spec.seed}-f{DATASET_FORMAT}.db"
    )


# ---- preparing an empty database ------------------------------------------------------------


def prepare_empty(url: str) -> int:
    """Schema, the system user and the bench user (a specialist, for audited changes)."""
    initialize(url, config=Config())
    with Store.open(url) as store:
        now = datetime.now(UTC)
        users = UserRepository(store)
        found = users.get(BENCH_USER)
        if found:
            return found[0].id
        with store.transaction(SYSTEM_ACTOR, now) as work:
            user_id = users.insert(BENCH_USER, "Benchmark", BENCH_ROLE, None, now)
            work.emit(
                Action.USER_CREATED,
                "user",
                BENCH_USER,
                {"new": {"role": BENCH_ROLE, "display_name": "Benchmark"}},
            )
        return user_id


def _read_marker(url: str) -> dict[str, Any] | None:
    try:
        with Store.open(url) as store:
            raw = store.setting(MARKER_KEY)
    except EnvironmentFault:
        return None
    return json.loads(raw) if raw else None


def _write_marker(url: str, marker: dict[str, Any]) -> None:
    with Store.open(url) as store, store.db.atomic():
        store.sql.execute("DELETE FROM settings WHERE key = ?", (MARKER_KEY,))
        store.sql.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)",
            (MARKER_KEY, json.dumps(marker, sort_keys=True)),
        )


def _load(url: str, spec: Spec, log: Log) -> dict[str, Any]:
    """Fill a prepared database with the data set through import_cases (the intake path)."""
    started = time.perf_counter()
    last = [started]

    def progress(read: int, imported: int) -> None:
        if time.perf_counter() - last[0] > 5 or imported == spec.cases:
            last[0] = time.perf_counter()
            log(f"  {imported:,}/{spec.cases:,} cases imported")

    with Store.open(url) as store:
        ctx = Session(store, SYSTEM_ACTOR, config=Config())
        result = import_cases(ctx, synthetic.records(spec), batch=5000, progress=progress)
    if result.rejected:
        raise RuntimeError(f"the generator made invalid records: {result.rejected[:3]}")
    seconds = time.perf_counter() - started
    return {
        "build_seconds": round(seconds, 1),
        "build_rows_per_second": round(result.rows / seconds),
        "events": result.events,
        "notes": result.notes,
    }


def _big_case_ids(url: str, spec: Spec) -> list[int]:
    ids = []
    with Store.open(url) as store:
        for i in spec.big_indexes():
            number = synthetic.record(spec, i).draft.order.number
            found = store.sql.scalar("SELECT id FROM cases WHERE order_number = ?", (number,))
            if found is not None:
                ids.append(int(found))
    return ids


def _bench_user(url: str) -> int:
    with Store.open(url) as store:
        found = UserRepository(store).get(BENCH_USER)
    if not found:
        raise UsageError(f"{parse_target(url).display} has no bench user: not a bench data set")
    return found[0].id


def open_sqlite(spec: Spec, directory: Path, log: Log) -> Dataset:
    path = sqlite_path(spec, directory)
    url = "sqlite:///" + str(path)
    marker = _read_marker(url) if path.exists() else None
    if marker and marker.get("complete") and _same(marker, spec):
        return Dataset(
            spec,
            url,
            marker["big_case_ids"],
            _bench_user(url),
            False,
            {k: marker[k] for k in ("build_seconds", "events", "notes") if k in marker},
        )
    directory.mkdir(parents=True, exist_ok=True)
    building = path.with_name(path.name + f".building-{os.getpid()}")
    for stale in (building, Path(f"{building}-wal"), Path(f"{building}-shm"), path):
        stale.unlink(missing_ok=True)
    log(f"building the {spec.cases:,} x {spec.events_per_case} data set in {path} ...")
    building_url = "sqlite:///" + str(building)
    try:
        user_id = prepare_empty(building_url)
        build = _load(building_url, spec, log)
        big = _big_case_ids(building_url, spec)
        _write_marker(
            building_url, {**marker_for(spec), **build, "big_case_ids": big, "complete": True}
        )
        with Store.open(building_url) as store:  # fold the WAL in before renaming the file
            # A settled database, as the app's PRAGMA optimize leaves it once used (and as
            # PostgreSQL's is VACUUMed and ANALYZEd): the planner's statistics decide the
            # list's plans (without them "All open cases" sorted 48,000 rows for one page).
            store.sql.execute("ANALYZE")
            store.sql.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        building.rename(path)
    finally:
        for leftover in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
            leftover.unlink(missing_ok=True)
    return Dataset(spec, url, big, user_id, True, build)


def _same(marker: dict[str, Any], spec: Spec) -> bool:
    return all(marker.get(k) == v for k, v in marker_for(spec).items())


# ---- PostgreSQL ------------------------------------------------------------------------------


def database_name(url: str) -> str:
    return urlparse(url).path.lstrip("/")


def with_database(url: str, name: str) -> str:
    return urlunparse(urlparse(url)._replace(path="/" + name))


def _admin(url: str) -> Any:
    conn = psycopg2.connect(url)
    conn.autocommit = True
    return conn


def create_database(url: str, name: str) -> str:
    """Create `name` on the server of `url` (connected as the URL's role); returns its URL."""
    conn = _admin(url)
    try:
        with conn.cursor() as cur:
            cur.execute(f"CREATE DATABASE {quote_ident(name)} TEMPLATE template0 ENCODING 'UTF8'")
    except psycopg2.Error as exc:
        raise EnvironmentFault(
            f"cannot create the scratch database {name}: {str(exc).strip()} (the benchmark's "
            "PostgreSQL role needs CREATEDB)"
        ) from exc
    finally:
        conn.close()
    return with_database(url, name)


def drop_database(url: str, name: str) -> None:
    """Drop `name` (from another database on the server) and the group and owner roles made for
    it."""
    other = "postgres" if name != "postgres" else "template1"
    conn = _admin(with_database(url, other))
    try:
        with conn.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS {quote_ident(name)} WITH (FORCE)")
            for role in (owner_role(name), *reversed(group_roles(name))):
                cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
                if cur.fetchone():
                    cur.execute(f"DROP ROLE {quote_ident(role)}")
    finally:
        conn.close()


def _first(row: tuple[Any, ...] | None) -> Any:
    """The first column of a row an aggregate always returns."""
    assert row is not None
    return row[0]


def _pg_state(url: str) -> str:
    """'missing', 'empty', 'bench' (has our marker) or 'other'."""
    try:
        conn = psycopg2.connect(url)
    except psycopg2.OperationalError as exc:
        if "does not exist" in str(exc):
            return "missing"
        raise EnvironmentFault(f"cannot reach {parse_target(url).display}: {exc}") from exc
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            if _first(cur.fetchone()) == 0:
                return "empty"
            cur.execute("SELECT to_regclass('public.settings') IS NOT NULL")
            if not _first(cur.fetchone()):
                return "other"
            cur.execute("SELECT 1 FROM settings WHERE key = %s", (MARKER_KEY,))
            return "bench" if cur.fetchone() else "other"
    finally:
        conn.close()


def open_postgres(spec: Spec, url: str, log: Log) -> Dataset:
    name = database_name(url)
    state = _pg_state(url)
    if state == "bench":
        marker = _read_marker(url) or {}
        if marker.get("complete") and _same(marker, spec):
            return Dataset(
                spec,
                url,
                marker["big_case_ids"],
                _bench_user(url),
                False,
                {k: marker[k] for k in ("build_seconds", "events", "notes") if k in marker},
            )
        log(f"{name} holds another bench data set ({marker.get('cases')} cases): rebuilding it")
        drop_database(url, name)
        state = "missing"
    elif state == "other":
        raise UsageError(
            f"{parse_target(url).display} holds data that is not a benchmark data set; give the "
            "benchmark an empty database (or a new name: it creates the database itself)"
        )
    if state == "missing":
        create_database(with_database(url, "postgres"), name)
    log(f"building the {spec.cases:,} x {spec.events_per_case} data set in {name} ...")
    user_id = prepare_empty(url)
    _write_marker(url, {**marker_for(spec), "complete": False})
    build = _load(url, spec, log)
    big = _big_case_ids(url, spec)
    _write_marker(url, {**marker_for(spec), **build, "big_case_ids": big, "complete": True})
    conn = _admin(url)  # a settled database, as autovacuum leaves it
    try:
        with conn.cursor() as cur:
            # VACUUM too, not only ANALYZE: right after a bulk load the full-text index's pending
            # list and the unset visibility map made a rare word's count 1.0 ms instead of 0.2
            # ms at 100,000 cases, until autovacuum happened to pass (mid-run, on one size only).
            cur.execute("VACUUM ANALYZE")
    finally:
        conn.close()
    return Dataset(spec, url, big, user_id, True, build)


def reference_url(url: str, ref: Spec) -> str:
    """Where the growth reference data set of a PostgreSQL run lives."""
    return with_database(url, f"{database_name(url)[:40]}_n{ref.cases}")


def open_dataset(spec: Spec, *, database: str | None, directory: Path, log: Log) -> Dataset:
    if database and parse_target(database).backend == "postgresql":
        return open_postgres(spec, database, log)
    if database:
        raise UsageError("--database takes a PostgreSQL URL; SQLite data sets live in the cache")
    return open_sqlite(spec, directory, log)
