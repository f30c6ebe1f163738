"""What import-linter's contracts (pyproject.toml) cannot check: the core runs without Qt, and
the domain uses the standard library only (a contract names forbidden packages, not allowed ones).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_core_module_imports_with_pyside6_blocked() -> None:
    modules = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in (ROOT / "resolution_center").rglob("*.py")
        if p.name != "__main__.py"
    )  # running it would start the command line
    script = (
        "import sys, importlib\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6'):\n"
        "            raise ImportError('Qt is blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "print(len([m for m in sys.modules if m.startswith('resolution_center')]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= len(modules) > 20


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(("." * node.level) + node.module)
    return names


def test_domain_is_standard_library_only() -> None:
    allowed_third_party: set[str] = set()
    for path in (ROOT / "resolution_center" / "domain").rglob("*.py"):
        for name in _imports(path):
            top = name.lstrip(".").split(".")[0]
            if name.startswith(".") or top in sys.stdlib_module_names:
                continue
            allowed_third_party.add(f"{path.name}: {name}")
    assert allowed_third_party == set()
