"""The installers' recipes in build/ agree with the package, without building anything."""

from __future__ import annotations

import importlib.util
import plistlib
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from PIL import Image

from resolution_center import __version__

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def info() -> ModuleType:
    return _load("package_info", BUILD / "package_info.py")


def test_the_version_comes_from_the_package(info: ModuleType) -> None:
    assert info.package_version() == __version__
    assert info.version_tuple("1.2.3") == (1, 2, 3, 0)
    assert info.version_tuple("2.0rc1+local") == (2, 0, 1, 0)
    assert info.version_tuple("7") == (7, 0, 0, 0)


def test_the_windows_version_resource_holds_the_version(info: ModuleType, tmp_path: Path) -> None:
    """The file is a Python expression PyInstaller evaluates with its version classes; here
    each class records what it is given (PyInstaller's own needs pefile, Windows-only)."""
    path = info.write_windows_version_file("3.4.5", tmp_path)
    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct")
    classes = {n: lambda *a, _n=n, **k: (_n, a, k) for n in (*names, "VarFileInfo", "VarStruct")}
    root = eval(path.read_text(encoding="utf-8"), {"__builtins__": {}}, classes)
    assert root[0] == "VSVersionInfo"
    fixed = root[2]["ffi"][2]
    assert fixed["filevers"] == fixed["prodvers"] == (3, 4, 5, 0)
    string_file_info = root[2]["kids"][0]
    table = string_file_info[1][0][0]
    strings = {s[1][0]: s[1][1] for s in table[1][1]}
    assert strings["ProductVersion"] == strings["FileVersion"] == "3.4.5"
    assert strings["OriginalFilename"] == "Resolution Center.exe"


def test_the_macos_info_plist_names_the_bundle_its_version_and_high_dpi(info: ModuleType) -> None:
    plist = plistlib.loads(plistlib.dumps(info.info_plist(__version__)))
    assert plist["CFBundleIdentifier"] == "org.resolution-center.client"
    assert plist["CFBundleShortVersionString"] == plist["CFBundleVersion"] == __version__
    assert plist["NSHighResolutionCapable"] is True
    spec = (BUILD / "resolution-center.spec").read_text(encoding="utf-8")
    assert "info_plist=info.info_plist(version)" in spec


def test_every_platform_has_its_icons_from_the_one_drawing() -> None:
    icons = BUILD / "icons"
    for size in (16, 24, 32, 48, 64, 128, 256, 512, 1024):
        with Image.open(icons / "png" / f"resolution-center-{size}.png") as png:
            assert png.size == (size, size) and png.mode == "RGBA"
    with Image.open(icons / "resolution-center.ico") as ico:
        assert {16, 32, 48, 256} <= {w for w, _h in ico.info["sizes"]}
    with Image.open(icons / "resolution-center.icns") as icns:
        assert (512, 512, 2) in icns.info["sizes"]  # the 1024 px Retina image
    with Image.open(ROOT / "resources" / "icons" / "resolution-center.png") as window_icon:
        assert window_icon.size == (256, 256)


def test_the_inno_setup_script_installs_the_bundle_with_a_menu_entry_and_uninstaller(
    info: ModuleType,
) -> None:
    iss = (BUILD / "windows" / "resolution-center.iss").read_text(encoding="utf-8")
    sections = set(re.findall(r"^\[(\w+)\]", iss, re.MULTILINE))
    assert {"Setup", "Files", "Icons"} <= sections
    # The version is the executable's version resource, which the spec writes from the package.
    assert 'GetVersionNumbersString(SourceDir + "\\" + ExeName)' in iss
    assert f'#define ExeName "{info.EXE_NAME}.exe"' in iss
    assert f'"..\\..\\dist\\{info.FOLDER_NAME}"' in iss
    assert re.search(r"^Name: \"\{group\}\\\{#AppName\}\"; Filename: \"\{app\}", iss, re.M)
    assert "{uninstallexe}" in iss
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}$", iss, re.MULTILINE)


def test_pyinstaller_works_outside_the_recipes_folder() -> None:
    bundle = (BUILD / "bundle.py").read_text(encoding="utf-8")
    assert 'ROOT / ".pyinstaller" / "work"' in bundle and 'ROOT / "dist"' in bundle
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".pyinstaller/" in ignored and "dist/" in ignored
    assert not any(line.startswith("build/*") for line in ignored)  # recipes are tracked


def test_the_hosted_ci_workflow_builds_and_smoke_tests_on_windows_and_macos() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "build.yml").read_text("utf-8"))
    # YAML 1.1 reads the key `on` as True.
    triggers = workflow.get("on", workflow.get(True))
    assert {"push", "pull_request"} <= set(triggers)
    (job,) = workflow["jobs"].values()
    assert job["runs-on"] == "${{ matrix.os }}"
    assert set(job["strategy"]["matrix"]["os"]) == {"windows-latest", "macos-latest"}
    runs = [step.get("run", "") for step in job["steps"]]
    uses = [step.get("uses", "") for step in job["steps"]]
    assert any(u.startswith("actions/checkout@") for u in uses)
    assert any(u.startswith("actions/setup-python@") for u in uses)
    assert any('pip install -e ".[build]"' in r for r in runs)
    order = [
        next(i for i, r in enumerate(runs) if f"build/bundle.py {word}" in r)
        for word in ("build", "smoke", "measure")
    ]
    assert order == sorted(order)
    assert any("resolution-center.iss" in r for r in runs)
    for step in job["steps"]:
        assert set(step) <= {"name", "uses", "with", "run", "env", "if", "shell"}, step


def test_the_spec_compiles_and_collects_data_by_package() -> None:
    """A typo in the spec would show only at the end of CI, after the test suite."""
    spec = (BUILD / "resolution-center.spec").read_text(encoding="utf-8")
    compile(spec, "resolution-center.spec", "exec")
    for package in ("resources", "resolution_center", "reportlab"):
        assert f'collect_data_files("{package}"' in spec
    assert 'collect_submodules("keyring.backends")' in spec
    assert 'copy_metadata("keyring")' in spec
