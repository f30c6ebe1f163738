"""A database as an older release made it: that release's own code, taken from the
repository's history, writes it in a subprocess.

Today's services cannot stand in for an older app (they read and write the columns and tables
of every schema step), and a database of today's schema with its version number set back is no
older database at all (the upgrade would meet the later steps' columns already there)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from resolution_center.services.context import Config
from tests.helpers.workspace import FakeClock, Workspace

ROOT = Path(__file__).resolve().parents[2]
# The last commit of each schema step: the release a user ran before the next step came.
RELEASES = {
    4: "8561906ea09a6fe73f7642b8fb32e0b90f796602",
    5: "48888783d4eb8080c9ce26d83aa7d12ad524a7b8",
    6: "193b9313b5867f610c4d602e6d3bf3fc1ba73fed",
    9: "e3012f2e4b7e9d01759ca6b435a88457fb907b1b",
}


def release_tree(step: int) -> Path:
    """The source tree of the release at schema `step` (extracted once per machine)."""
    commit = RELEASES[step]
    tree = Path(tempfile.gettempdir()) / "rc-releases" / commit
    if tree.is_dir():
        return tree
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.fail("the upgrade tests build older databases from the repository's history")
    known = subprocess.run(
        ["git", "-C", str(ROOT), "cat-file", "-e", f"{commit}^{{commit}}"], capture_output=True
    )
    if known.returncode != 0:  # a shallow clone (.ci/run unshallows one where it can)
        pytest.skip(f"the release at schema step {step} ({commit[:12]}) is not in this clone")
    tree.parent.mkdir(parents=True, exist_ok=True)
    part = Path(tempfile.mkdtemp(dir=tree.parent, prefix=f"{commit}."))
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", commit],
        check=True,
        capture_output=True,
    )
    subprocess.run(["tar", "-x", "-C", str(part)], input=archive.stdout, check=True)
    try:
        part.rename(tree)  # atomic: a parallel worker that extracted it first wins
    except OSError:
        shutil.rmtree(part, ignore_errors=True)
    return tree


def run_release(step: int, script: str) -> Any:
    """Run `script` (Python) with the release at `step` as the app, its own tests' helpers
    importable (`tests.helpers.workspace`); returns what it printed last, read as JSON."""
    tree = release_tree(step)
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tree, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def made_by_release(step: int, url: str, writes: str) -> Any:
    """`url` created by the release at `step` with its test users (root, alice, ...), then
    `writes` run there with `ws` (that release's Workspace) and `draft` at hand; the value it
    leaves in `out` comes back."""
    script = (
        "import json\n"
        "from tests.helpers.workspace import Workspace, draft\n"
        f"ws = Workspace.create({url!r})\n"
        "out = None\n"
        f"{writes}\n"
        "ws.close()\n"
        "print(json.dumps(out))\n"
    )
    return run_release(step, script)


def workspace_after(url: str) -> Workspace:
    """Today's app on a database an older release wrote (its clock after the release's)."""
    return Workspace(url, FakeClock(datetime(2026, 11, 24, 9, 0, tzinfo=UTC)), Config.from_env())
