"""The command line's conventions: version, init, usage errors, exit codes, passwords, database."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from resolution_center import __version__
from resolution_center.cli import main
from resolution_center.services.cases import CaseService

from .conftest import PASSWORDS, Cli


def run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_version_in_process() -> None:
    assert run(["--version"]) == (0, f"resolution-center {__version__}\n", "")
    assert __version__ == "0.1.0"


def test_version_of_the_installed_console_script() -> None:
    script = Path(sys.executable).with_name("resolution-center")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "resolution_center"]
    done = subprocess.run(
        [*command, "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "resolution-center 0.1.0\n", "")


def test_python_dash_m_runs_the_cli(cli: Cli) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "resolution_center",
            "--database",
            cli.url,
            "--json",
            "case",
            "list",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "RESOLUTION_CENTER_USER": ""},
    )
    assert done.returncode == 6, done.stderr
    assert "--user" in done.stderr


def test_init_creates_then_is_idempotent(cli: Cli) -> None:
    first = cli.ok("--password-stdin", "init", "--admin", "root", stdin="root-pass-1\n")
    assert first["created"] is True
    assert first["admin_created"] == "root"
    assert first["schema_version"] >= 1
    assert str(cli.path) in first["database"]

    again = cli.ok("--password-stdin", "init", "--admin", "root", stdin="root-pass-1\n")
    assert again["created"] is False
    assert again["admin_created"] is None
    assert again["migrated_from"] == again["schema_version"]

    plain = cli("init", json_mode=False)
    assert plain.code == 0
    assert "up to date" in plain.out
    users = cli.ok("user", "list", user="root", password="root-pass-1")
    assert [u["username"] for u in users["items"]] == ["root"]


def test_init_with_admin_needs_a_password(cli: Cli) -> None:
    result = cli("init", "--admin", "root")  # stdin is not a terminal, no --password-stdin
    assert result.code == 2
    assert "--password-stdin" in result.error["message"]
    assert not cli.path.exists()


def test_init_refuses_a_short_admin_password(cli: Cli) -> None:
    result = cli("--password-stdin", "init", "--admin", "root", stdin="short\n")
    assert result.code == 3
    assert result.error["field"] == "password"


def test_missing_subcommand_is_a_usage_error() -> None:
    code, out, err = run([])
    assert code == 2 and out == ""
    assert err.startswith("usage: resolution-center")
    assert "error: the following arguments are required: COMMAND" in err


def test_argparse_errors_are_json_with_json(cli: Cli) -> None:
    result = cli("case", "lst")
    assert result.code == 2
    assert result.out == ""
    assert result.error["kind"] == "usage"
    assert "invalid choice: 'lst'" in result.error["message"]


def test_global_options_go_before_or_after_the_command(ready: Cli) -> None:
    before = ready.ok("case", "list", user="alice")
    pw = PASSWORDS["alice"] + "\n"
    for argv in (
        ["case", "list", "--json", "--user", "alice", "--password-stdin"],
        ["case", "--json", "list", "--user=alice", "--password-stdin"],
        ["--user", "alice", "case", "list", "--password-stdin", "-v", "--json"],
    ):
        out, err = io.StringIO(), io.StringIO()
        argv = ["--database", ready.url, *argv]
        code = main(argv, stdin=io.StringIO(pw), stdout=out, stderr=err)
        assert code == 0, (argv, err.getvalue())
        assert json.loads(out.getvalue()) == before
    argv = ["case", "list", "--database", ready.url, "--user", "alice", "--password-stdin"]
    after = run(argv, pw)
    assert after[0] == 0, after[2]
    assert not after[1].startswith("{")  # text, as no --json was given before or after


def test_bad_argument_type_is_usage(ready: Cli) -> None:
    result = ready("case", "list", "--limit", "many", user="alice")
    assert result.code == 2
    assert "invalid int value" in result.error["message"]


def test_help_goes_to_the_given_stdout() -> None:
    code, out, err = run(["case", "new", "--help"])
    assert code == 0 and err == ""
    assert "--customer-email" in out


def test_missing_database_is_an_environment_error(cli: Cli) -> None:
    result = cli("case", "list", user="alice", password="whatever-1")
    assert result.code == 5
    assert result.error["kind"] == "environment"
    assert "init" in result.error["message"]
    assert not cli.path.exists()


def test_unsupported_url_is_usage(tmp_path: Path) -> None:
    code, _, err = run(["--database", "mysql://x/y", "verify"])
    assert code == 2
    assert err.startswith("error: unsupported database URL")


def test_wrong_password_is_authentication(ready: Cli) -> None:
    result = ready("case", "list", user="alice", password="not-her-password")
    assert result.code == 6
    assert result.error == {"kind": "authentication", "message": "wrong user name or password"}


def test_unknown_user_is_authentication(ready: Cli) -> None:
    assert ready("case", "list", user="mallory", password="whatever-1").code == 6


def test_case_list_needs_a_user_on_sqlite(ready: Cli) -> None:
    result = ready("case", "list")
    assert result.code == 6
    assert "--user" in result.error["message"]


def test_user_from_the_environment(ready: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESOLUTION_CENTER_USER", "alice")
    code, _, err = run(
        ["--database", ready.url, "--password-stdin", "--json", "case", "list"],
        PASSWORDS["alice"] + "\n",
    )
    assert (code, err) == (0, "")


def test_no_password_and_no_terminal_is_authentication(ready: Cli) -> None:
    code, _, err = run(["--database", ready.url, "--user", "alice", "case", "list"])
    assert code == 6
    assert err.startswith("error: a password for alice is needed")


def test_empty_stdin_with_password_stdin(ready: Cli) -> None:
    code, _, err = run(
        ["--database", ready.url, "--user", "alice", "--password-stdin", "case", "list"]
    )
    assert code == 6
    assert "no password for alice" in err


def test_database_from_the_environment(ready: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESOLUTION_CENTER_DATABASE", ready.url)
    code, out, _ = run(["--json", "verify"])
    assert code == 0
    assert '"ok": true' in out


def test_default_database_lives_in_the_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from platformdirs import user_data_dir

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    folder = Path(user_data_dir("resolution-center", appauthor=False))
    assert not folder.exists()
    code, out, err = run(["init"])
    assert code == 0, err
    assert (folder / "resolution-center.db").is_file()
    assert str(folder / "resolution-center.db") in out


def test_unexpected_exception_is_internal_error_without_traceback(
    ready: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(self: CaseService, query: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(CaseService, "list", boom)
    result = ready("case", "list", user="alice", json_mode=False)
    assert result.code == 70
    assert result.err == "internal error: RuntimeError: boom\n"

    monkeypatch.setenv("RESOLUTION_CENTER_DEBUG", "1")
    result = ready("case", "list", user="alice", json_mode=False)
    assert result.code == 70
    assert "Traceback (most recent call last)" in result.err
    assert result.err.endswith("internal error: RuntimeError: boom\n")


def test_internal_error_as_json(ready: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CaseService, "list", lambda self, q: 1 / 0)
    result = ready("case", "list", user="alice")
    assert result.code == 70
    assert result.error["kind"] == "internal"
    assert "ZeroDivisionError" in result.error["message"]


def test_keyboard_interrupt_exits_130(ready: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(self: CaseService, query: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(CaseService, "list", interrupted)
    assert ready("case", "list", user="alice").code == 130


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_and_not_with_json(ready: Cli) -> None:
    for json_flag, stderr_cls, shown in (
        ([], FakeTty, True),
        (["--json"], FakeTty, False),
        ([], io.StringIO, False),
    ):
        out, err = io.StringIO(), stderr_cls()
        code = main(
            ["--database", ready.url, *json_flag, "verify"],
            stdin=io.StringIO(),
            stdout=out,
            stderr=err,
        )
        assert code == 0
        # 8 events: init, system user, policy, root, alice and bob (each with a queue member)
        assert ("verifying the audit trail: 8 of 8" in err.getvalue()) is shown
        assert err.getvalue() == ("\rverifying the audit trail: 8 of 8\n" if shown else "")
