"""Set-up commands that other services provide: demo, backup and restore."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Cli, case_args


@pytest.mark.slow
def test_demo_fills_a_new_database_and_prints_the_published_passwords(cli: Cli) -> None:
    pytest.importorskip("resolution_center.services.demo")
    result = cli.ok("demo")
    assert result["cases"] > 0 and result["events"] > 0
    users = {u["username"]: u for u in result["users"]}
    assert users, "the demo creates users"
    some = next(iter(users.values()))
    assert set(some) == {"username", "role", "password"}
    listed = cli.ok("case", "list", user=some["username"], password=some["password"])
    assert listed["total"] == result["cases"]
    assert cli.ok("verify")["ok"] is True
    refused = cli("demo")
    assert refused.code == 3  # a database in use is never filled without --force


@pytest.mark.slow
def test_demo_text_lists_users_and_passwords(cli: Cli) -> None:
    pytest.importorskip("resolution_center.services.demo")
    result = cli("demo", json_mode=False)
    assert result.code == 0, result.err
    assert "PASSWORD" in result.out and "published" in result.out


def test_backup_needs_a_user_and_an_admin(ready: Cli, tmp_path: Path) -> None:
    pytest.importorskip("resolution_center.services.backup")
    assert ready("backup", str(tmp_path / "b.db")).code == 6
    assert ready("backup", str(tmp_path / "b.db"), user="alice").code == 6
    assert not (tmp_path / "b.db").exists()


def test_backup_then_restore(ready: Cli, tmp_path: Path) -> None:
    pytest.importorskip("resolution_center.services.backup")
    ready.ok(*case_args(subject="Before the backup"), user="alice")
    dest = tmp_path / "backup.db"
    done = ready.ok("backup", str(dest), user="root")
    assert done["path"] == str(dest) and dest.is_file()
    assert done["events"] >= 4

    ready.ok(*case_args(subject="After the backup"), user="alice")
    assert ready.ok("case", "list", user="alice")["total"] == 2
    restored = ready.ok("restore", str(dest))
    assert restored["events_verified"] >= done["events"]
    assert ready.ok("case", "list", user="alice")["total"] == 1
    assert ready.ok("verify")["ok"] is True

    again = ready("backup", str(dest), user="root")
    assert again.code == 3  # never overwrites a file


def test_restore_refuses_a_file_that_is_not_a_backup(ready: Cli, tmp_path: Path) -> None:
    pytest.importorskip("resolution_center.services.backup")
    junk = tmp_path / "junk.db"
    junk.write_text("hello", encoding="utf-8")
    result = ready("restore", str(junk))
    assert result.code == 3
