"""The command line against the shared PostgreSQL mode: each user logs in as their own role."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.workspace import drop_pg_database

from .conftest import Cli, case_args

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_cli(pg_server: Any, tmp_path: Path) -> Iterator[Cli]:
    name = pg_server.create_database()
    try:
        yield Cli(pg_server.url(name), tmp_path / "unused")
    finally:
        drop_pg_database(pg_server, name)


def test_cli_on_postgresql(pg_cli: Cli) -> None:
    suffix = secrets.token_hex(3)  # login roles are server-wide: never reuse a name
    admin, agent = f"root{suffix}", f"alice{suffix}"
    first = pg_cli.ok("--password-stdin", "init", "--admin", admin, stdin="root-pass-1\n")
    assert first["created"] is True and first["admin_created"] == admin
    assert pg_cli.ok("init")["created"] is False

    pg_cli.ok(
        "user",
        "add",
        agent,
        "--role",
        "specialist",
        user=admin,
        password="root-pass-1",
        stdin="alice-pass-1\n",
    )
    case = pg_cli.ok(*case_args(), user=agent, password="alice-pass-1")
    assert case["updated_by"] == agent
    wrong = pg_cli("case", "list", user=agent, password="not-the-password")
    assert wrong.code == 6

    # Reading without --user connects as the URL's own role (here the server's superuser).
    listed = pg_cli.ok("case", "list")
    assert [r["reference"] for r in listed["items"]] == [case["reference"]]
    assert pg_cli("case", "status", case["reference"], "open").code == 6  # changes need a user
    trail = pg_cli.ok("case", "show", case["reference"], user=agent, password="alice-pass-1")
    assert trail["trail"][0]["actor"] == agent
    assert pg_cli.ok("verify")["ok"] is True


def test_cli_user_role_on_postgresql(pg_cli: Cli) -> None:
    suffix = secrets.token_hex(3)
    admin, agent = f"root{suffix}", f"alice{suffix}"
    pg_cli.ok("--password-stdin", "init", "--admin", admin, stdin="root-pass-1\n")
    pg_cli.ok(
        "user",
        "add",
        agent,
        "--role",
        "specialist",
        user=admin,
        password="root-pass-1",
        stdin="alice-pass-1\n",
    )
    done = pg_cli.ok("user", "role", agent, "supervisor", user=admin, password="root-pass-1")
    assert done["role"] == "supervisor"
    own = pg_cli("user", "role", admin, "expert", user=admin, password="root-pass-1")
    assert own.code == 3 and "cannot change their own role" in own.error["message"]
    back = pg_cli("user", "role", agent, "admin", user=agent, password="alice-pass-1")
    assert back.code == 6
    listed = pg_cli.ok("user", "list", user=agent, password="alice-pass-1")
    assert {u["username"]: u["role"] for u in listed["items"]}[agent] == "supervisor"
