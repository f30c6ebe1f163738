"""The desktop client's figures: the benchmark's side of a client child process.

The child is `ui.bench_client` (Qt lives in `ui`; `resolution_center` never imports it). It
writes one JSON line per milestone; `run_child` stamps each line's arrival from just before the
spawn, so the bare Qt window and the app are timed the same way.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from typing import Any

TIMEOUT_SECONDS = 300


def run_child(
    args: list[str], stdin: str = "", pycache: str | None = None
) -> tuple[list[tuple[float, dict[str, Any]]], str]:
    """Spawn a child (offscreen), timestamping each JSON line it writes from just before spawn.

    With `pycache`, the child keeps compiled bytecode there (as an installed app has it, even
    where PYTHONDONTWRITEBYTECODE is set) instead of compiling every module on every start.
    Returns [(seconds since spawn, line)] and what it wrote on stderr.
    """
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("QT_QPA_PLATFORMTHEME", None)
    if pycache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = pycache
    cmd = [sys.executable, "-m", "ui.bench_client", *args]
    start = time.perf_counter()
    with (
        tempfile.TemporaryFile("w+") as err,
        subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, env=env, text=True
        ) as proc,
    ):
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(stdin)
        proc.stdin.close()
        lines: list[tuple[float, dict[str, Any]]] = []
        try:
            for line in proc.stdout:
                lines.append((time.perf_counter() - start, json.loads(line)))
                if time.perf_counter() - start > TIMEOUT_SECONDS:
                    break
            proc.wait(timeout=TIMEOUT_SECONDS)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        err.seek(0)
        return lines, err.read()
