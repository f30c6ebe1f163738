"""Fixtures for the command line: main() driven in-process on a temporary SQLite file."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from resolution_center import logs
from resolution_center.cli import main

PASSWORDS = {"root": "root-pass-1", "alice": "alice-pass-1", "bob": "bob-pass-1"}


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def data(self) -> Any:
        return json.loads(self.out)

    @property
    def error(self) -> dict[str, Any]:
        return json.loads(self.err)["error"]


class Cli:
    """Runs `resolution-center --database URL [--user U --password-stdin] [--json] ARGS`."""

    def __init__(self, url: str, path: Path) -> None:
        self.url = url
        self.path = path

    def __call__(
        self,
        *args: str,
        user: str | None = None,
        password: str | None = None,
        stdin: str = "",
        json_mode: bool = True,
    ) -> Result:
        argv = ["--database", self.url]
        if user:
            argv += ["--user", user, "--password-stdin"]
            stdin = (password if password is not None else PASSWORDS[user]) + "\n" + stdin
        if json_mode:
            argv.append("--json")
        out, err = io.StringIO(), io.StringIO()
        code = main([*argv, *args], stdin=io.StringIO(stdin), stdout=out, stderr=err)
        return Result(code, out.getvalue(), err.getvalue())

    def ok(self, *args: str, **kwargs: Any) -> Any:
        """Run a command that must succeed; its JSON output."""
        result = self(*args, **kwargs)
        assert result.code == 0, result.err
        assert result.err == ""
        return result.data


@pytest.fixture(autouse=True)
def _own_log(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Each test's log file in its tmp_path; the log handlers main() installs go with the test."""
    monkeypatch.setenv("RESOLUTION_CENTER_LOG_DIR", str(tmp_path / "log"))
    yield
    logs.reset()


@pytest.fixture(autouse=True)
def _cli_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESOLUTION_CENTER_ARGON2_MEMORY_KIB", "1024")
    monkeypatch.setenv("RESOLUTION_CENTER_ARGON2_TIME_COST", "1")
    monkeypatch.delenv("RESOLUTION_CENTER_DATABASE", raising=False)
    monkeypatch.delenv("RESOLUTION_CENTER_USER", raising=False)
    monkeypatch.delenv("RESOLUTION_CENTER_DEBUG", raising=False)


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    """A command line pointed at a database file that does not exist yet."""
    path = tmp_path / "rc.db"
    return Cli("sqlite:///" + str(path), path)


@pytest.fixture
def ready(cli: Cli) -> Cli:
    """An initialised database: admin root (events 1-2), specialists alice and bob (each with
    their frontline queue membership)."""
    cli.ok("--password-stdin", "init", "--admin", "root", stdin=PASSWORDS["root"] + "\n")
    for name in ("alice", "bob"):
        cli.ok("user", "add", name, "--role", "specialist", user="root", stdin=PASSWORDS[name])
    return cli


def propose(cli: Cli, case: str, amount: str, reason: str, user: str = "alice") -> Any:
    """`remedy propose` of a partial refund on `case` by `user`; the remedy as JSON."""
    return cli.ok(
        "remedy",
        "propose",
        case,
        "--kind",
        "partial-refund",
        "--amount",
        amount,
        "--reason",
        reason,
        user=user,
    )


def case_args(**overrides: str | list[str] | None) -> list[str]:
    """`case new` arguments for a valid case; override or drop (None) any option."""
    options: dict[str, str | list[str] | None] = {
        "customer-name": "Zoë Łukasiewicz-Ørsted",
        "customer-email": "Zoe@Example.com",
        "customer-phone": "+48 600 100 200",
        "order-number": "ORD-1001",
        "currency": "EUR",
        "order-total": "120.00",
        "shipping": "4.99",
        "order-date": "2026-11-01",
        "item": ["SKU-1|Electric kettle|Acme Home|2|60.00"],
        "category": "return-refund",
        "subject": "Kettle leaks",
        "description": "It leaks.\nSince day one.",
        "tag": ["leak", "kettle,home"],
    }
    options.update({k.replace("_", "-"): v for k, v in overrides.items()})
    argv = ["case", "new"]
    for name, value in options.items():
        if value is None:
            continue
        for one in value if isinstance(value, list) else [value]:
            argv += [f"--{name}", one]
    return argv
