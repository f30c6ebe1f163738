"""The log: -v on stderr (stdout untouched), the file, internal errors' tracebacks, rotation."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import resolution_center.cli.users
from resolution_center import logs
from resolution_center.cli.app import App
from resolution_center.cli.output import Output

from .conftest import PASSWORDS, Cli


def log_text() -> str:
    return logs.log_path().read_text(encoding="utf-8")


def test_the_log_folder_follows_the_environment(tmp_path: Path) -> None:
    assert os.environ[logs.ENV_LOG_DIR] == str(tmp_path / "log")
    assert logs.log_path() == tmp_path / "log" / "resolution-center.log"


def test_verbose_prints_debug_lines_on_stderr_and_leaves_stdout_alone(ready: Cli) -> None:
    quiet = ready("case", "list", user="alice")
    loud = ready("-v", "case", "list", user="alice")
    assert loud.code == quiet.code == 0
    assert loud.out == quiet.out
    assert quiet.err == ""
    lines = loud.err.splitlines()
    assert "DEBUG resolution_center.cli.program: case list: reader as alice" in lines
    assert any(
        line.startswith("DEBUG resolution_center.cli.program: case list: exit 0 after")
        for line in lines
    )
    assert all(line.split()[0] in ("DEBUG", "INFO", "WARNING", "ERROR") for line in lines)

    text_quiet = ready("case", "list", user="alice", json_mode=False)
    text_loud = ready("--verbose", "case", "list", user="alice", json_mode=False)
    assert text_loud.out == text_quiet.out


def test_logins_are_logged_without_the_password(ready: Cli) -> None:
    ready.ok("case", "list", user="alice")
    refused = ready("case", "list", user="alice", password="not-her-password")
    assert refused.code == 6
    text = log_text()
    assert "login: alice (specialist)" in text
    assert "login refused: alice: wrong user name or password" in text
    assert PASSWORDS["alice"] not in text and "not-her-password" not in text


def test_a_migration_is_logged(cli: Cli) -> None:
    cli.ok("init")
    text = log_text()
    assert "migrating" in text and "migration 1: " in text and "migrated to schema version" in text


@pytest.fixture
def broken_user_list(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(app: App, args: object) -> Output:
        raise RuntimeError("the handler broke")

    monkeypatch.setattr(resolution_center.cli.users, "cmd_user_list", boom)


def test_an_internal_error_writes_its_traceback_to_the_log(
    ready: Cli, broken_user_list: None
) -> None:
    result = ready("user", "list", user="root", json_mode=False)
    assert result.code == 70
    assert result.err == "internal error: RuntimeError: the handler broke\n"  # no traceback here
    text = log_text()
    assert "ERROR   resolution_center.cli.program" in text
    assert "user list: internal error" in text
    assert "Traceback (most recent call last):" in text
    assert 'raise RuntimeError("the handler broke")' in text


@pytest.fixture
def small_log(tmp_path: Path) -> Iterator[Path]:
    path = logs.configure(max_bytes=2_000, backups=2)
    assert path is not None
    yield path
    logs.configure()


def test_the_log_rotates_and_keeps_a_few_old_files(small_log: Path) -> None:
    log = logging.getLogger("resolution_center.tests")
    for n in range(200):
        log.info("line %03d of a log that outgrows its file", n)
    old = sorted(p.name for p in small_log.parent.iterdir())
    assert old == ["resolution-center.log", "resolution-center.log.1", "resolution-center.log.2"]
    assert all(p.stat().st_size <= 2_000 for p in small_log.parent.iterdir())
    assert "line 199" in small_log.read_text(encoding="utf-8")
    assert "line 199" in logs.tail(small_log)
    kept = "".join(p.read_text(encoding="utf-8") for p in small_log.parent.iterdir())
    assert "line 000" not in kept


def test_a_driver_error_is_logged_in_the_drivers_words(cli: Cli) -> None:
    nobody = Cli("postgresql://rc@127.0.0.1:1/rc", cli.path)  # port 1: nothing listens
    result = nobody("verify")
    assert result.code == 5
    assert result.error["kind"] == "environment"
    text = log_text()
    assert "WARNING resolution_center.storage.db" in text
    assert "driver error on" in text and "OperationalError" in text
    assert "verify: environment (exit 5)" in text
