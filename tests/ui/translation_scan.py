"""Find words in ui/ that reach a Qt text-taking call without passing through tr()/translate().

A literal is a problem when a user would read it: a string (or f-string, or "...".format(...),
or a concatenation holding one) with a letter in it, passed straight to a call that puts text on
screen. Literals inside self.tr(...) / QCoreApplication.translate(...) are a Call there, not a
string, so they never match.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

# Calls whose every positional argument that is text is shown (a method or a constructor).
TEXT_METHODS = frozenset(
    {
        "setText",
        "setWindowTitle",
        "setToolTip",
        "setStatusTip",
        "setWhatsThis",
        "setPlaceholderText",
        "setTitle",
        "setLabelText",
        "setInformativeText",
        "setSpecialValueText",
        "setAccessibleName",
        "setAccessibleDescription",
        "setHeaderLabels",
        "setHorizontalHeaderLabels",
        "setVerticalHeaderLabels",
        "setTabText",
        "setTabToolTip",
        "setItemText",
        "setButtonText",
        "setFormat",
        "setSuffix",
        "setPrefix",
        "addTab",
        "insertTab",
        "addAction",
        "addMenu",
        "addItem",
        "addItems",
        "insertItem",
        "addRow",
        "insertRow",
        "addButton",
        "showMessage",
        "setSubTitle",
        "warning",
        "information",
        "critical",
        "question",
        "about",
        "getSaveFileName",
        "getOpenFileName",
        "getOpenFileNames",
        "getExistingDirectory",
        "getText",
        "getItem",
    }
)
TEXT_CLASSES = frozenset(
    {
        "QLabel",
        "QPushButton",
        "QToolButton",
        "QCheckBox",
        "QRadioButton",
        "QGroupBox",
        "QAction",
        "QMenu",
        "QMessageBox",
        "QTreeWidgetItem",
        "QListWidgetItem",
        "QTableWidgetItem",
        "QStandardItem",
        "QCommandLinkButton",
        "QWizardPage",
    }
)

# Tools that drive the window rather than being part of it: the screenshot script types a demo
# customer's input into forms, the benchmark client reads timings. A user never sees their text.
EXEMPT_FILES = frozenset({"screenshots.py", "bench_client.py"})

# Literal texts that are not words of any language. Each needs its reason.
EXEMPT_TEXTS = {
    "4h, 30m, 1h30m": "the duration syntax the SLA field parses (h, m), not prose",
    "{} ({}) v{}": "a template's name, language code and version number: data only",
}

# QMessageBox's static calls share their names with logging's; only these receivers show text.
DIALOG_RECEIVERS = frozenset({"QMessageBox", "QFileDialog", "QInputDialog"})
STATIC_DIALOG_CALLS = frozenset(
    {"warning", "information", "critical", "question", "about"}
    | {"getSaveFileName", "getOpenFileName", "getOpenFileNames", "getExistingDirectory"}
    | {"getText", "getItem"}
)


@dataclass(frozen=True)
class Unmarked:
    path: str
    line: int
    call: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.call}({self.text!r}) is not marked for translation"


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _literal(args: list[ast.expr]) -> str:
    texts = [a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    return texts[-1] if texts else ""


def _hidden_from_lupdate(node: ast.Call, name: str) -> str | None:
    """A marked text lupdate files under a context the program never asks for, or none.

    `other.tr("...")` is filed under the variable's name ("dialog"), while Qt looks it up under
    the class of the object at run time; translate() with a computed context is not extracted.
    """
    func = node.func
    if (
        name == "tr"
        and isinstance(func, ast.Attribute)
        and not (isinstance(func.value, ast.Name) and func.value.id in {"self", "cls"})
    ):
        return f"{ast.unparse(func.value)}.tr"
    if name == "translate" and node.args:
        first = node.args[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            return "translate with a computed context"
    return None


def _on_dialog_class(node: ast.Call) -> bool:
    func = node.func
    return (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id in DIALOG_RECEIVERS
    )


def _shown_text(node: ast.AST) -> str | None:
    """The literal a user would read, if this argument is one (else None)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            str(v.value) if isinstance(v, ast.Constant) else "{}"
            for v in node.values
            if isinstance(v, ast.Constant | ast.FormattedValue)
        )
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    ):
        return _shown_text(node.func.value)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"title", "capitalize"}
        and isinstance(node.func.value, ast.Attribute)
        and node.func.value.attr == "value"
    ):
        # an enum's code dressed up as a label ("high" -> "High"): English whatever the language
        return ast.unparse(node)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return _shown_text(node.left) or _shown_text(node.right)
    if isinstance(node, ast.List | ast.Tuple):
        for element in node.elts:
            text = _shown_text(element)
            if text is not None and _is_words(text):
                return text
    return None


def _is_words(text: str) -> bool:
    return any(ch.isalpha() for ch in text) and text not in EXEMPT_TEXTS


def _candidates(node: ast.Call, name: str) -> list[ast.AST]:
    args: list[ast.AST] = list(node.args)
    if name in {"addItem", "insertItem"}:
        # addItem(text, data) / addItem(icon, text, data): the data is a code, not shown
        args = args[:2] if len(args) >= 3 else args[:1]
        args = [a for a in args if not isinstance(a, ast.Call)] or args
    if name == "addRow" and len(args) == 2:
        args = args[:1]
    if name in {"getSaveFileName", "getOpenFileName", "getOpenFileNames"}:
        # (parent, caption, directory, filter): the directory is a path
        args = [a for i, a in enumerate(args) if i != 2]
    args.extend(k.value for k in node.keywords if k.arg in {"text", "title", "toolTip"})
    return args


def scan_file(path: Path, root: Path) -> list[Unmarked]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[Unmarked] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        hidden = _hidden_from_lupdate(node, name)
        if hidden is not None:
            rel = path.relative_to(root).as_posix()
            found.append(Unmarked(rel, node.lineno, hidden, _literal(node.args)))
            continue
        if name not in TEXT_METHODS and name not in TEXT_CLASSES:
            continue
        if name in STATIC_DIALOG_CALLS and not _on_dialog_class(node):
            continue
        for arg in _candidates(node, name):
            text = _shown_text(arg)
            if text is not None and _is_words(text):
                rel = path.relative_to(root).as_posix()
                found.append(Unmarked(rel, node.lineno, name, text))
    return found


def scan(ui_dir: Path) -> list[Unmarked]:
    root = ui_dir.parent
    found: list[Unmarked] = []
    for path in sorted(ui_dir.rglob("*.py")):
        if path.name not in EXEMPT_FILES:
            found.extend(scan_file(path, root))
    return found
