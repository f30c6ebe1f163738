"""Build, smoke-test and measure the desktop bundle on the platform this runs on.

    python build/bundle.py            # build dist/resolution-center/ (and the .app on macOS)
    python build/bundle.py smoke      # run the built bundle's --smoke-test
    python build/bundle.py measure    # its size on disk and start-up to the login (median of 3)
    python build/bundle.py all        # the three in turn (what CI runs)

PyInstaller's work folder goes to .pyinstaller/ and the bundle to dist/ (both ignored by git),
so build/ keeps the recipes only.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import package_info as info  # noqa: E402 (beside this file; build/ is not a package)

DIST = ROOT / "dist"
WORK = ROOT / ".pyinstaller" / "work"


def bundle_folder() -> Path:
    return DIST / info.FOLDER_NAME


def executable() -> Path:
    if sys.platform == "darwin":
        return DIST / f"{info.APP_NAME}.app" / "Contents" / "MacOS" / info.EXE_NAME
    suffix = ".exe" if sys.platform == "win32" else ""
    return bundle_folder() / f"{info.EXE_NAME}{suffix}"


def build() -> None:
    import PyInstaller.__main__

    started = time.monotonic()
    PyInstaller.__main__.run(
        [
            "--noconfirm",
            "--clean",
            "--log-level=WARN",
            "--distpath",
            str(DIST),
            "--workpath",
            str(WORK),
            str(HERE / "resolution-center.spec"),
        ]
    )
    print(f"built {executable()} in {time.monotonic() - started:.0f} s")


def run_smoke(out: Path, **env: str) -> tuple[int, str]:
    """The bundle's --smoke-test into `out`: its exit code and its report."""
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "RC_LAUNCHED_AT": repr(time.time()),
        **env,
    }
    # The report file, not stdout: a windowed Windows program has none.
    done = subprocess.run(
        [str(executable()), "--smoke-test", str(out)],
        env=environment,
        timeout=600,
        check=False,
        capture_output=True,
    )
    report = out / "smoke-report.txt"
    text = report.read_text(encoding="utf-8") if report.exists() else done.stderr.decode()
    return done.returncode, text


def smoke(keep: Path | None = None) -> int:
    """The bundle's own smoke test: demo database, login, a case, an agreement PDF, the chain."""
    with tempfile.TemporaryDirectory(prefix="rc-bundle-smoke-") as scratch:
        started = time.monotonic()
        code, report = run_smoke(keep or Path(scratch))
        print(report, end="")
        print(f"smoke test exit {code} in {time.monotonic() - started:.1f} s")
        return code


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def measure(runs: int = 3) -> None:
    """Size on disk, and start-up: from launching the program to the login dialog's first
    paint on an existing database (interpreter, Qt, the app's imports, opening the database),
    the median of a few runs after one that fills the disk cache."""
    size = folder_size(bundle_folder())
    files = sum(1 for p in bundle_folder().rglob("*") if p.is_file())
    times = []
    with tempfile.TemporaryDirectory(prefix="rc-bundle-measure-") as scratch:
        out = Path(scratch)
        code, report = run_smoke(out)  # leaves demo.db behind
        if code:
            raise SystemExit(f"the smoke test failed, nothing to measure:\n{report}")
        for n in range(runs + 1):
            code, report = run_smoke(out, RC_STARTUP_PROBE="1")
            found = re.search(r"login painted ([\d.]+) s", report)
            if code or found is None:
                raise SystemExit(f"the start-up probe failed:\n{report}")
            if n:
                times.append(float(found.group(1)))
    print(f"bundle: {bundle_folder()}")
    print(f"size: {size / 2**20:.0f} MiB in {files} files")
    print(
        f"start-up to the login's first paint: median {statistics.median(times):.2f} s "
        f"(runs: {', '.join(f'{t:.2f}' for t in times)})"
    )


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "build"
    if command == "build":
        build()
        return 0
    if command == "smoke":
        return smoke(Path(argv[1]) if len(argv) > 1 else None)
    if command == "measure":
        measure()
        return 0
    if command == "all":
        build()
        code = smoke()
        if code == 0:
            measure()
        # The plain closing line CI logs are read for, after the test suite's own.
        print(f"bundle: {int(code == 0)} passed, {int(code != 0)} failed")
        return code
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
