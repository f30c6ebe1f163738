"""Tests for the real-PostgreSQL test harness in tests/helpers/pg_server.py."""

from __future__ import annotations

import contextlib
import importlib
import os
import secrets
import socket
import sys
from collections.abc import Iterator
from types import ModuleType

import psycopg2
import pytest


def _load_pg_server() -> ModuleType:
    """The harness module under whichever name conftest already imported it (one server)."""
    names = ("tests.helpers.pg_server", "helpers.pg_server")
    for name in names:
        if name in sys.modules:
            return sys.modules[name]
    try:
        return importlib.import_module(names[0])
    except ModuleNotFoundError as exc:  # tests/ itself is the sys.path root
        if exc.name not in ("tests", "tests.helpers", names[0]):
            raise
        return importlib.import_module(names[1])


pg_server = _load_pg_server()

PostgresServer = pg_server.PostgresServer


@pytest.fixture(scope="module")
def pg() -> PostgresServer:
    return pg_server.require_server()


@pytest.fixture
def database(pg: PostgresServer) -> Iterator[str]:
    name = pg.create_database(prefix="rc_harness")
    yield name
    pg.drop_database(name)


@pytest.fixture
def login_role(pg: PostgresServer) -> Iterator[tuple[str, str]]:
    role = f"rc_user_{secrets.token_hex(4)}"
    password = "p@ss:w/rd " + secrets.token_hex(8)  # needs quoting in URLs and SQL
    quoted = password.replace("'", "''")
    pg.psql(f"CREATE ROLE {role} LOGIN PASSWORD '{quoted}'", check=True)
    yield role, password
    pg.psql(f"DROP ROLE IF EXISTS {role}", check=True)


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_url_quotes_credentials() -> None:
    server = PostgresServer()
    server.port = 5999
    assert server.url("db1", "al ice", "p@ss:w/rd") == (
        "postgresql://al%20ice:p%40ss%3Aw%2Frd@127.0.0.1:5999/db1"
    )
    assert server.url("db1", "bob") == "postgresql://bob@127.0.0.1:5999/db1"
    assert server.url("db1") == (
        f"postgresql://rc_super:{server.superuser_password}@127.0.0.1:5999/db1"
    )


def test_require_server_skips_or_fails_when_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pg_server, "unavailable_reason", lambda: "no postgres here")
    monkeypatch.delenv(pg_server.REQUIRE_ENV, raising=False)
    with pytest.raises(pytest.skip.Exception, match="no postgres here"):
        pg_server.require_server()
    monkeypatch.setenv(pg_server.REQUIRE_ENV, "1")
    with pytest.raises(pytest.fail.Exception, match="no postgres here"):
        pg_server.require_server()


@pytest.mark.postgres
def test_superuser_connects_over_tcp(pg: PostgresServer) -> None:
    assert pg.host == "127.0.0.1"
    assert pg.superuser == "rc_super"
    with contextlib.closing(psycopg2.connect(pg.url("postgres"))) as conn:
        with conn.cursor() as cur:
            cur.execute("select version()")
            (version,) = cur.fetchone()
            cur.execute("select current_user, inet_server_addr()::text, current_setting('port')")
            user, addr, port = cur.fetchone()
            cur.execute("select rolsuper from pg_roles where rolname = current_user")
            (is_super,) = cur.fetchone()
        conn.rollback()
    assert "PostgreSQL" in version
    assert (user, addr, port) == ("rc_super", "127.0.0.1/32", str(pg.port))
    assert is_super is True


@pytest.mark.postgres
def test_wrong_password_is_rejected(pg: PostgresServer) -> None:
    with pytest.raises(psycopg2.OperationalError, match="authentication"):
        psycopg2.connect(pg.url("postgres", pg.superuser, "not-the-password"))
    result = pg.psql("select 1", user=pg.superuser, password="not-the-password")
    assert result.returncode != 0
    assert "authentication failed" in result.stderr
    assert result.stdout == ""


@pytest.mark.postgres
def test_no_password_is_rejected(pg: PostgresServer) -> None:
    result = pg.psql("select 1", user=pg.superuser, password=None)
    assert result.returncode != 0
    assert "password" in result.stderr


@pytest.mark.postgres
def test_created_role_uses_created_database(
    pg: PostgresServer, login_role: tuple[str, str], database: str
) -> None:
    # login_role is requested first so it is torn down last: the database holds its grants.
    role, password = login_role
    pg.psql(
        "CREATE TABLE audit_row (id serial PRIMARY KEY, body text NOT NULL);"
        f"GRANT SELECT ON audit_row TO {role};"
        "INSERT INTO audit_row (body) VALUES ('genuine')",
        dbname=database,
        check=True,
    )

    ok = pg.psql(
        "select current_user, current_database(); select body from audit_row",
        dbname=database,
        user=role,
        password=password,
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines() == [f"{role}|{database}", "genuine"]
    assert ok.stderr == ""

    forged = pg.psql(
        "INSERT INTO audit_row (body) VALUES ('forged')",
        dbname=database,
        user=role,
        password=password,
    )
    assert forged.returncode != 0
    assert "permission denied" in forged.stderr
    with pytest.raises(pg_server.PsqlError, match="permission denied"):
        pg.psql("DELETE FROM audit_row", dbname=database, user=role, password=password, check=True)

    url = pg.url(database, role, password)
    with contextlib.closing(psycopg2.connect(url)) as conn:
        with conn.cursor() as cur:
            cur.execute("select count(*) from audit_row")
            assert cur.fetchone() == (1,)
        conn.rollback()


@pytest.mark.postgres
def test_database_is_empty_and_owned_by_superuser(pg: PostgresServer, database: str) -> None:
    owner = pg.psql(
        "select pg_get_userbyid(datdba), pg_encoding_to_char(encoding) "
        f"from pg_database where datname = '{database}'",
        check=True,
    )
    assert owner.stdout.strip() == "rc_super|UTF8"
    tables = pg.psql(
        "select count(*) from pg_tables where schemaname not in ('pg_catalog', "
        "'information_schema')",
        dbname=database,
        check=True,
    )
    assert tables.stdout.strip() == "0"


@pytest.mark.postgres
def test_drop_database_terminates_sessions(pg: PostgresServer) -> None:
    name = pg.create_database()
    assert name.startswith("rc_")
    conn = psycopg2.connect(pg.url(name))
    try:
        pg.drop_database(name)
        with pytest.raises(psycopg2.Error), conn.cursor() as cur:
            cur.execute("select 1")
    finally:
        conn.close()
    exists = pg.psql(f"select count(*) from pg_database where datname = '{name}'", check=True)
    assert exists.stdout.strip() == "0"
    with pytest.raises(psycopg2.OperationalError, match="does not exist"):
        psycopg2.connect(pg.url(name))
    pg.drop_database(name)  # dropping again is harmless


@pytest.mark.postgres
@pytest.mark.slow
def test_private_server_lifecycle() -> None:
    if pg_server.unavailable_reason():
        pytest.skip(pg_server.unavailable_reason() or "")
    server = PostgresServer()
    server.start()
    try:
        base_dir = server.base_dir
        assert base_dir is not None and base_dir.is_dir()
        assert server.running and _port_open(server.port)
        assert server.psql("show fsync", check=True).stdout.strip() == "off"
        assert server.psql("show listen_addresses", check=True).stdout.strip() == "127.0.0.1"
        assert server.psql("show server_encoding", check=True).stdout.strip() == "UTF8"
        port = server.port
    finally:
        server.stop()
    assert not server.running
    assert not base_dir.exists()
    assert not _port_open(port)
    server.stop()  # second stop is a no-op
    with pytest.raises(pg_server.PostgresServerError, match="not running"):
        server.psql("select 1")
    assert os.environ.get("PGPASSWORD") is None
