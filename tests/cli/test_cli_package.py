"""The command line as a package: one handler signature, contexts only where a command logs in."""

from __future__ import annotations

import argparse
import ast
import io
import os
import subprocess
import sys
import typing
from collections.abc import Iterator
from pathlib import Path

import pytest

from resolution_center.cli.app import Access, App, NoContext, Passwords, Terminal
from resolution_center.cli.output import Output
from resolution_center.cli.program import build_parser
from resolution_center.services.context import Config

CLI = Path(__file__).resolve().parents[2] / "resolution_center" / "cli"


def _commands(
    parser: argparse.ArgumentParser, path: str = ""
) -> Iterator[tuple[str, object, object]]:
    """Every command the parser knows, by the words that run it: its handler and Access."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, f"{path} {name}".strip())
    handler = parser.get_default("handler")
    if handler is not None:
        yield path, handler, parser.get_default("access")


def test_every_command_has_the_one_handler_signature() -> None:
    commands = {path: handler for path, handler, _access in _commands(build_parser())}
    assert len(commands) > 40
    assert {"case list", "user add", "remedy approve", "import cfpb", "bench", "init"} <= set(
        commands
    )
    wrong = {
        path: hints
        for path, handler in commands.items()
        if (hints := typing.get_type_hints(handler))
        != {"app": App, "args": argparse.Namespace, "return": Output}
    }
    assert wrong == {}


def test_every_command_says_who_it_acts_as() -> None:
    accesses = {path: access for path, _handler, access in _commands(build_parser())}
    assert all(isinstance(a, Access) for a in accesses.values())
    assert set(accesses.values()) == set(Access)
    assert accesses["init"] is Access.SETUP and accesses["case new"] is Access.USER


def test_no_handler_asserts_its_context() -> None:
    offenders = [
        f"{path.name}:{node.lineno}"
        for path in CLI.glob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Assert) and "ctx" in ast.unparse(node.test)
    ]
    assert offenders == []


def test_a_set_up_command_asking_for_a_context_gets_a_clear_error() -> None:
    term = Terminal(io.StringIO(), io.StringIO(), io.StringIO(), json_mode=False)
    app = App(term, Passwords(term, False), "sqlite:///unused.db", None, Config.from_env())
    with app.session(Access.SETUP), pytest.raises(NoContext, match=r"Access\.SETUP"):
        _ = app.ctx


@pytest.mark.parametrize("module", ["resolution_center", "resolution_center.cli"])
def test_python_dash_m_runs_the_bench_command(module: str, tmp_path: Path) -> None:
    """The bench's parser answers --help through both module names: nothing is imported twice
    (running cli.py as __main__ once loaded it a second time under its real name)."""
    done = subprocess.run(
        [sys.executable, "-m", module, "bench", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "RESOLUTION_CENTER_LOG_DIR": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: resolution-center bench")
    assert done.stderr == ""
