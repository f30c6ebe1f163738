"""Shared fixtures: one storage suite over SQLite and a real PostgreSQL server, cheap hashing."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

# Set before any Qt or service import: tests never need a screen or production-cost argon2.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["RESOLUTION_CENTER_ARGON2_MEMORY_KIB"] = "1024"
os.environ["RESOLUTION_CENTER_ARGON2_TIME_COST"] = "1"
os.environ.pop("RESOLUTION_CENTER_DATABASE", None)
# The window and the command line follow the system's language: the suite speaks English
# whatever the developer's machine does (tests of German ask for it).
os.environ["LANG"] = "C.UTF-8"
os.environ.pop("LC_ALL", None)
os.environ.pop("LC_MESSAGES", None)
os.environ.pop("LANGUAGE", None)
os.environ.pop("RESOLUTION_CENTER_LANG", None)
os.environ.pop("RESOLUTION_CENTER_USER", None)

from tests.helpers import keyring_memory
from tests.helpers import smtp_server as smtp
from tests.helpers.keyring_memory import MemoryKeyring
from tests.helpers.smtp_server import SmtpServer
from tests.helpers.workspace import Workspace, drop_pg_database

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """One worker more than cores: each waits on its PostgreSQL and Dovecot servers part of the
    time (the storage tests ran 10% faster with 3 workers than 2 on 2 cores); --maxprocesses
    in pyproject caps it."""
    return (os.cpu_count() or 1) + 1


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep platformdirs (default database, settings) out of the developer's home."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))


@pytest.fixture(scope="session")
def pg_server():  # type: ignore[no-untyped-def]
    from tests.helpers.pg_server import require_server

    return require_server()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """An empty database on each backend: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield "sqlite:///" + str(tmp_path / "rc.db")
        return
    server = request.getfixturevalue("pg_server")
    name = server.create_database()
    try:
        yield server.url(name)
    finally:
        drop_pg_database(server, name)


@pytest.fixture
def workspace(db_url: str) -> Iterator[Workspace]:
    """An initialised database with users of every role; `login(name)` opens a context."""
    ws = Workspace.create(db_url)
    try:
        yield ws
    finally:
        ws.close()


@pytest.fixture
def pg_workspace(pg_server) -> Iterator[Workspace]:  # type: ignore[no-untyped-def]
    """A ready workspace on PostgreSQL only, for what only the shared mode has."""
    name = pg_server.create_database()
    ws = Workspace.create(pg_server.url(name))
    try:
        yield ws
    finally:
        ws.close()
        drop_pg_database(pg_server, name)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """The keyring the app uses during the test: in memory, never the developer's own."""
    yield from keyring_memory.installed()


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd) on a free loopback port, accepting mail and one login."""
    controller, server = smtp.start()
    try:
        yield server
    finally:
        controller.stop()
