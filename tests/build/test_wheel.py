"""`pip install .` (not editable) carries every resource: the built wheel, installed into a
fresh environment and run from elsewhere, sets up a demo database."""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pikepdf
import pytest

from resolution_center import __version__

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("resolution_center", "ui", "resources")
PW = "supervisor-demo-1\n"  # maria's published demo password
NOT_SHIPPED = {".py", ".pyc", ".ts"}  # .py go in as modules; .ts are Linguist's sources


def _source_resources() -> set[str]:
    """Every data file of the packages, as the wheel names it (posix, from the root)."""
    return {
        path.relative_to(ROOT).as_posix()
        for package in PACKAGES
        for path in (ROOT / package).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in NOT_SHIPPED
    }


def _run(*args: str | Path, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, f"{args}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel pip builds from a copy of the tree (setuptools writes build/lib/ beside the
    sources, which is the recipes' folder here, and others edit the tree meanwhile)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    out = work / "dist"
    _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", out, source, cwd=work)
    (built,) = out.glob("resolution_center-*.whl")
    return built


@pytest.mark.slow  # building the wheel: ~5 s
def test_the_wheel_carries_every_resource_of_the_source_tree(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = sorted(_source_resources() - names)
    assert missing == [], "pyproject's package-data does not cover these"
    assert "resources/templates/messages/acknowledgement.en.toml" in names
    assert "resolution_center/storage/migrations/0001_initial.sqlite.sql" in names
    assert "resources/fonts/DejaVuSans.ttf" in names


@pytest.mark.slow
def test_the_installed_wheel_runs_from_its_own_files(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    bin_dir = Path(sysconfig.get_path("scripts", vars={"base": str(venv)}))
    purelib = Path(sysconfig.get_path("purelib", vars={"base": str(venv)}))
    # The dependencies come from this environment's site-packages, added by path: its .pth
    # files are not run, so the editable install's finder (the source tree) stays out.
    (purelib / "deps-of-the-test-env.pth").write_text(
        "\n".join(site.getsitepackages()) + "\n", encoding="utf-8"
    )
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    _run(python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel, cwd=tmp_path)

    where = _run(
        python,
        "-c",
        "import resolution_center, ui, resources; "
        "print(resolution_center.__file__, ui.__file__, resources.__file__, sep='\\n')",
        cwd=tmp_path,
    )
    for module_file in where.stdout.split():
        assert Path(module_file).is_relative_to(purelib), where.stdout

    cli = bin_dir / "resolution-center"
    version = _run(cli, "--version", cwd=tmp_path)
    assert version.stdout.split()[-1] == __version__
    window_version = _run(bin_dir / "resolution-center-app", "--version", cwd=tmp_path)
    assert window_version.stdout.split() == ["resolution-center-app", __version__]

    database = tmp_path / "demo.db"
    url = f"sqlite:///{database}"
    demo = _run(cli, "--database", url, "--json", "demo", cwd=tmp_path)
    filled = json.loads(demo.stdout)
    assert database.exists()
    # The taxonomy, policy, SQL and templates came from the wheel: the whole history is there.
    assert filled["cases"] > 100 and filled["agreements"] > 0 and filled["events"] > 1000

    # The fonts and agreement terms too: a supervisor exports an issued agreement's PDF.
    login = ("--database", url, "--user", "maria", "--password-stdin", "--json")
    listed = _run(cli, *login, "agreement", "list", "--state", "issued", cwd=tmp_path, stdin=PW)
    number = json.loads(listed.stdout)["items"][0]["number"]
    pdf = tmp_path / "agreement.pdf"
    _run(cli, *login, "agreement", "export", number, "-o", pdf, cwd=tmp_path, stdin=PW)
    with pikepdf.open(pdf) as document:
        assert len(document.pages) >= 1
