"""The SLA state is one rule in two spellings: domain/sla.py's `sla_state` (the case header, the
list's rows, the command line) and the list's SQL (`CaseSearch.sla_expression`: filters and the
side bar's counts). A property test holds them to the same state for any stored columns, on
SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolution_center.domain.case import Status
from resolution_center.domain.sla import sla_state
from resolution_center.storage.case_search import CaseSearch
from resolution_center.storage.values import ts

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
COLUMNS = (
    "status",
    "first_response_due",
    "resolution_due",
    "first_responded_at",
    "resolved_at",
    "first_response_warn_at",
    "resolution_warn_at",
    "first_response_breached_at",
    "resolution_breached_at",
    "sla_paused_at",
)


@dataclass(frozen=True)
class Facts:
    status: Status
    first_response_due: datetime
    resolution_due: datetime
    first_responded_at: datetime | None
    resolved_at: datetime | None
    first_response_warn_at: datetime | None
    resolution_warn_at: datetime | None
    first_response_breached_at: datetime | None
    resolution_breached_at: datetime | None
    sla_paused_at: datetime | None


# Around now, in whole minutes and microseconds, so ties (a due time exactly now) come up too.
moments = st.integers(-10 * 24 * 60, 10 * 24 * 60).map(lambda m: NOW + timedelta(minutes=m))
maybe = st.one_of(st.none(), moments, st.just(NOW))
facts = st.builds(
    Facts,
    st.sampled_from(list(Status)),
    moments,
    moments,
    maybe,
    maybe,
    maybe,
    maybe,
    maybe,
    maybe,
    maybe,
)


def _row(f: Facts) -> tuple[Any, ...]:
    values = [getattr(f, c) for c in COLUMNS]
    return tuple(v.value if isinstance(v, Status) else (ts(v) if v else None) for v in values)


def _query(mark: str) -> str:
    expression = CaseSearch.sla_expression(None)  # type: ignore[arg-type]  # needs no store
    return f"SELECT {expression.replace('?', mark)} FROM cases c"


@pytest.fixture(scope="module")
def sqlite_db() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE TABLE cases ({', '.join(f'{c} TEXT' for c in COLUMNS)})")
    yield conn
    conn.close()


def _state_in(conn: Any, mark: str, f: Facts) -> str:
    cur = conn.cursor()
    cur.execute("DELETE FROM cases")
    cur.execute(
        f"INSERT INTO cases ({', '.join(COLUMNS)}) VALUES ({', '.join(mark for _ in COLUMNS)})",
        _row(f),
    )
    cur.execute(_query(mark), CaseSearch._sla_params(None, NOW))  # type: ignore[arg-type]
    (state,) = cur.fetchone()
    return str(state)


@settings(
    max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(facts)
def test_sqlite_states_what_the_domain_states(sqlite_db: sqlite3.Connection, f: Facts) -> None:
    assert _state_in(sqlite_db, "?", f) == sla_state(f, NOW).value


@pytest.mark.postgres
@settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(facts)
def test_postgresql_states_what_the_domain_states(pg_conn: Any, f: Facts) -> None:
    assert _state_in(pg_conn, "%s", f) == sla_state(f, NOW).value


@pytest.fixture(scope="module")
def pg_conn(pg_server: Any) -> Iterator[Any]:
    conn = psycopg2.connect(pg_server.url("postgres"))
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(
            "CREATE TEMPORARY TABLE cases (" + ", ".join(f"{c} VARCHAR(27)" for c in COLUMNS) + ")"
        )
    yield conn
    conn.close()
