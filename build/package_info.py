"""What the installers say about the program: names, bundle id, version resource, Info.plist.

Read by the PyInstaller spec at build time (the version comes from the package, never from a
copy here) and by tests/build, which hold these to the package without building anything.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "Resolution Center"
EXE_NAME = "Resolution Center"  # the executable inside the bundle folder
FOLDER_NAME = "resolution-center"  # the bundle folder under dist/
BUNDLE_ID = "org.resolution-center.client"
COMPANY = "Resolution Center"
DESCRIPTION = "Resolution Center desktop client"
COPYRIGHT = "Proprietary; DejaVu fonts under their own licence"


def package_version() -> str:
    """resolution_center.__version__, read from the source (the build venv may not import it)."""
    text = (ROOT / "resolution_center" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if found is None:
        raise SystemExit("resolution_center/__init__.py has no __version__")
    return found.group(1)


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """Windows wants four 16-bit numbers: 1.2.3rc1 -> (1, 2, 3, 0)."""
    numbers = [int(n) for n in re.findall(r"\d+", version.split("+")[0])[:3]]
    numbers += [0] * (4 - len(numbers))
    return numbers[0], numbers[1], numbers[2], numbers[3]


def windows_version_text(version: str) -> str:
    """The version resource in PyInstaller's text form (EXE(version=path)): Explorer's
    Properties, Inno Setup's GetVersionNumbersString and the uninstaller list read it."""
    numbers = version_tuple(version)
    strings = {
        "CompanyName": COMPANY,
        "FileDescription": DESCRIPTION,
        "FileVersion": version,
        "InternalName": FOLDER_NAME,
        "LegalCopyright": COPYRIGHT,
        "OriginalFilename": f"{EXE_NAME}.exe",
        "ProductName": APP_NAME,
        "ProductVersion": version,
    }
    entries = ",\n".join(f"          StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""# Generated from resolution_center.__version__ by build/package_info.py; do not edit.
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers},
    prodvers={numbers},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable(
        '040904B0',
        [
{entries}
        ])
    ]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""


def write_windows_version_file(version: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "version_info.txt"
    path.write_text(windows_version_text(version), encoding="utf-8")
    return path


def info_plist(version: str) -> dict[str, Any]:
    """The macOS bundle's Info.plist entries beyond what PyInstaller writes itself."""
    return {
        "CFBundleName": APP_NAME,
        "CFBundleDisplayName": APP_NAME,
        "CFBundleIdentifier": BUNDLE_ID,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "CFBundlePackageType": "APPL",
        "LSApplicationCategoryType": "public.app-category.business",
        "LSMinimumSystemVersion": "11.0",  # PySide6 6.6+ wheels need macOS 11
        "NSHighResolutionCapable": True,
        "NSPrincipalClass": "NSApplication",
        "NSRequiresAquaSystemAppearance": False,  # dark mode follows the system
        "NSHumanReadableCopyright": COPYRIGHT,
    }


def icon_for_platform() -> Path | None:
    """The executable's icon; Linux executables have none (a .desktop file names the PNG)."""
    folder = ROOT / "build" / "icons"
    if sys.platform == "win32":
        return folder / "resolution-center.ico"
    if sys.platform == "darwin":
        return folder / "resolution-center.icns"
    return None
