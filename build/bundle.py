"""Build, smoke-test and measure the desktop bundle on the platform this runs on.

    python build/bundle.py            # build dist/resolution-center/ (and the .app on macOS)
    python build/bundle.py smoke      # run the built bundle's --smoke-test
    python build/bundle.py measure    # its size on disk and start-up time (median of 3)
    python build/bundle.py all        # the three in turn (what CI runs)

PyInstaller's work folder goes to .pyinstaller/ and the bundle to dist/ (both ignored by git),
so build/ keeps the recipes only.
"""

from __future__ import annotations

import os
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


def smoke(keep: Path | None = None) -> int:
    """The bundle's own smoke test: demo database, login, a case, an agreement PDF, the chain."""
    with tempfile.TemporaryDirectory(prefix="rc-bundle-smoke-") as scratch:
        out = keep or Path(scratch)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        started = time.monotonic()
        done = subprocess.run(
            [str(executable()), "--smoke-test", str(out)], env=env, timeout=600, check=False
        )
        report = out / "smoke-report.txt"
        if report.exists():
            print(report.read_text(encoding="utf-8"), end="")
        print(f"smoke test exit {done.returncode} in {time.monotonic() - started:.1f} s")
        return done.returncode


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def measure(runs: int = 3) -> None:
    """Size on disk, and the time from start to the program's own exit with --version (the
    whole interpreter, Qt and the app's imports: what a user waits before the login paints,
    less the paint), the median of a few runs after one warm-up."""
    size = folder_size(bundle_folder())
    times = []
    for n in range(runs + 1):
        started = time.monotonic()
        subprocess.run(
            [str(executable()), "--version"], check=True, capture_output=True, timeout=120
        )
        if n:  # the first run fills the disk cache
            times.append(time.monotonic() - started)
    print(f"bundle: {bundle_folder()}")
    print(f"size: {size / 2**20:.0f} MiB in {sum(1 for _ in bundle_folder().rglob('*'))} files")
    print(f"start-up (--version, median of {runs}): {statistics.median(times):.2f} s")


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
        return code
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
