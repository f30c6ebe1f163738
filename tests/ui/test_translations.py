"""Every text of the window is marked for translation and has a finished German translation.

The German catalogue (resources/translations/resolution_center_de.ts) is extracted from ui/ by
pyside6-lupdate; here the same extraction runs on today's ui/ into a temporary file and every
message it finds must be in the committed catalogue, translated, with the same placeholders.
The compiled .qm is committed too (a frozen build and a wheel carry it without Qt's tools), so
a test holds it to the .ts by asking a QTranslator loaded from it for each message.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

from .translation_scan import scan, scan_file

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "ui"
TS = ROOT / "resources" / "translations" / "resolution_center_de.ts"
QM = TS.with_suffix(".qm")
UPDATE_HINT = (
    "re-run: pyside6-lupdate -no-obsolete -locations none -target-language de_DE "
    "<ui/*.py files> -ts resources/translations/resolution_center_de.ts, translate, then "
    "pyside6-lrelease (see resources/translations/README.md)"
)
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%[nvmp]")


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    comment: str
    numerus: bool
    state: str  # "", "unfinished", "vanished", "obsolete"
    forms: tuple[str, ...]


def read_ts(path: Path) -> dict[tuple[str, str, str], Message]:
    messages: dict[tuple[str, str, str], Message] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            comment = message.findtext("comment") or ""
            translation = message.find("translation")
            assert translation is not None
            forms = tuple(f.text or "" for f in translation.iter("numerusform"))
            messages[(name, source, comment)] = Message(
                context=name,
                source=source,
                comment=comment,
                numerus=message.get("numerus") == "yes",
                state=translation.get("type", ""),
                forms=forms or (translation.text or "",),
            )
    return messages


def lupdate() -> str:
    found = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent))
    found = found or shutil.which("pyside6-lupdate")
    if found is None:
        pytest.skip("pyside6-lupdate is not installed")
    return found


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, str], Message]:
    """What pyside6-lupdate finds in today's ui/ (a fresh catalogue, nothing translated)."""
    out = tmp_path_factory.mktemp("lupdate") / "fresh_de.ts"
    sources = [str(p) for p in sorted(UI.rglob("*.py"))]
    subprocess.run(
        [lupdate(), "-silent", "-locations", "none", *sources, "-ts", str(out)],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return read_ts(out)


@pytest.fixture(scope="module")
def committed() -> dict[tuple[str, str, str], Message]:
    return read_ts(TS)


def test_every_text_in_ui_is_marked_for_translation() -> None:
    unmarked = scan(UI)
    assert not unmarked, "\n".join(map(str, unmarked))


def test_the_scan_finds_a_bare_literal_and_passes_a_marked_one(tmp_path: Path) -> None:
    source = tmp_path / "ui" / "widget.py"
    source.parent.mkdir()
    source.write_text(
        "class W(QWidget):\n"
        "    def build(self):\n"
        "        self.title.setText('Open cases')\n"
        "        self.setWindowTitle(self.tr('Open cases'))\n"
        "        QPushButton(f'Save {self.name}')\n"
        "        self.ok.setToolTip('Saves {n}'.format(n=1))\n"
        "        self.tabs.addTab(page, '&Details')\n"
        "        self.table.setHorizontalHeaderLabels([self.tr('Name'), 'Size'])\n"
        "        QMessageBox.warning(self, self.tr('Title'), 'Body text')\n"
        "        log.warning('not shown to users: %s', x)\n"
        "        self.sep.setText('—')\n"
        "        self.combo.addItem(self.tr('Any'), 'any-code')\n"
        "        dialog.tr('Filed under the wrong context')\n",
        encoding="utf-8",
    )
    found = {(u.line, u.text) for u in scan_file(source, tmp_path)}
    assert found == {
        (3, "Open cases"),
        (5, "Save {}"),
        (6, "Saves {n}"),
        (7, "&Details"),
        (8, "Size"),
        (9, "Body text"),
        (13, "Filed under the wrong context"),
    }


def test_every_message_of_ui_has_a_finished_german_translation(
    extracted: dict[tuple[str, str, str], Message],
    committed: dict[tuple[str, str, str], Message],
) -> None:
    assert len(extracted) > 900  # the extraction ran over the whole window
    missing = [key for key in extracted if key not in committed]
    unfinished = [
        key
        for key in extracted
        if key in committed
        and (
            committed[key].state in {"unfinished", "vanished", "obsolete"}
            or not all(form.strip() for form in committed[key].forms)
        )
    ]
    report = [f"missing: {c}: {s!r}" for c, s, _ in missing[:40]]
    report += [f"unfinished: {c}: {s!r}" for c, s, _ in unfinished[:40]]
    assert not missing and not unfinished, (
        f"{len(missing)} missing, {len(unfinished)} unfinished; {UPDATE_HINT}\n" + "\n".join(report)
    )


def test_german_translations_keep_placeholders_and_shortcut_markers(
    committed: dict[tuple[str, str, str], Message],
) -> None:
    wrong = []
    for message in committed.values():
        wanted = sorted(PLACEHOLDER.findall(message.source))
        for form in message.forms:
            got = sorted(PLACEHOLDER.findall(form))
            # A numerus form may spell the count out in the singular; %n stays in the plural.
            if message.numerus:
                wanted, got = [p for p in wanted if p != "%n"], [p for p in got if p != "%n"]
            if got != wanted:
                wrong.append(f"{message.context}: {message.source!r} -> {form!r}")
            if message.source.replace("&&", "").count("&") != form.replace("&&", "").count("&"):
                wrong.append(f"{message.context}: shortcut marker lost in {form!r}")
    assert not wrong, "\n".join(wrong)


def test_the_shipped_qm_is_compiled_from_the_ts(
    committed: dict[tuple[str, str, str], Message],
) -> None:
    translator = QTranslator()
    assert translator.load(str(QM)), f"{QM} is missing; {UPDATE_HINT}"
    stale = []
    for message in committed.values():
        if message.state:
            continue
        if message.numerus:
            got = translator.translate(message.context, message.source, message.comment or None, 2)
            expected = message.forms[-1]
        else:
            got = translator.translate(message.context, message.source, message.comment or None)
            expected = message.forms[0]
        if got != expected:
            stale.append(f"{message.context}: {message.source!r}: .qm has {got!r}")
    assert not stale, "the .qm is older than the .ts; run pyside6-lrelease\n" + "\n".join(
        stale[:40]
    )


def test_service_messages_reach_the_window_through_the_message_table() -> None:
    """`error.message` is the service's English: the window shows `error_text(error)` (or
    `localize(...)`), which is the same text in English and the translation in German.

    Allowed: logging it, and handing it on inside a new error (shown later the same way)."""
    found = []
    for path in sorted(UI.rglob("*.py")):
        if path.name in {"screenshots.py", "bench_client.py"}:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        allowed: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                owner = func.value if isinstance(func, ast.Attribute) else None
                if name.endswith("Error") or (
                    isinstance(owner, ast.Name) and owner.id in {"log", "logger"}
                ):
                    allowed.update(id(n) for n in ast.walk(node))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "message"
                and isinstance(node.value, ast.Name)
                and node.value.id in {"error", "exc", "err", "e"}
                and id(node) not in allowed
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, "show service errors with error_text(): " + ", ".join(found)
