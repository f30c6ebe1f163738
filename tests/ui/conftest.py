"""Fixtures for the window's tests: a SQLite workspace, settings in a temp INI, ops per user."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from resolution_center.domain.case import Case
from resolution_center.services.context import Config
from resolution_center.services.session import Session, open_context
from tests.helpers.workspace import Workspace, draft
from ui.errors import ErrorPresenter
from ui.ops import Ops
from ui.settings import Settings


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread() -> Iterator[None]:
    """Cycles are collected here, on the GUI thread, as the app's GuiThreadCollector does: a
    collection started by a worker thread's allocations would destroy Qt wrappers off it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        if enabled:
            gc.enable()


@pytest.fixture
def ws(tmp_path) -> Iterator[Workspace]:  # type: ignore[no-untyped-def]
    """GUI tests run on SQLite only; the services' own suites cover PostgreSQL."""
    workspace = Workspace.create("sqlite:///" + str(tmp_path / "rc.db"))
    try:
        yield workspace
    finally:
        workspace.close()


@pytest.fixture
def settings(tmp_path) -> Settings:  # type: ignore[no-untyped-def]
    return Settings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def make_ops(qtbot) -> Iterator[Callable[[Session], Ops]]:  # type: ignore[no-untyped-def]
    """Ops for a context; background work is waited for before the database closes."""
    made: list[Ops] = []

    def make(ctx: Session) -> Ops:
        ops = Ops(ctx, ErrorPresenter())
        made.append(ops)
        return ops

    yield make
    for ops in made:
        ops.shutdown()


@pytest.fixture
def dialogs(qtbot) -> list:  # type: ignore[no-untyped-def]
    """Every dialog an ErrorPresenter opens during the test (connect with `watch`)."""
    return []


def watch(ops: Ops, seen: list) -> None:  # type: ignore[type-arg]
    ops.presenter.dialog_shown.connect(seen.append)


def cases(ctx: Session, subjects: list[str], **extra: object) -> list[Case]:
    return [ctx.cases.create(draft(subject, **extra)) for subject in subjects]  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, str]]:
    """One demo database per run (300 cases); tests work on copies of the file."""
    from resolution_center.services.demo import fill_demo

    path = tmp_path_factory.mktemp("demo") / "template.db"
    result = fill_demo("sqlite:///" + str(path))
    return str(path), {name: password for name, _role, password in result.users}


@pytest.fixture
def demo(tmp_path, demo_template) -> Iterator[DemoDb]:  # type: ignore[no-untyped-def]
    source, passwords = demo_template
    target = tmp_path / "demo.db"
    shutil.copyfile(source, target)
    for suffix in ("-wal", "-shm"):  # normally checkpointed away on close; copied if not
        if Path(source + suffix).exists():
            shutil.copyfile(source + suffix, str(target) + suffix)
    db = DemoDb("sqlite:///" + str(target), passwords)
    try:
        yield db
    finally:
        db.close()


class DemoDb:
    """A private copy of the demo database and logins to it."""

    def __init__(self, url: str, passwords: dict[str, str]) -> None:
        self.url = url
        self.passwords = passwords
        self.contexts: list[Session] = []

    def login(self, name: str) -> Session:
        ctx = open_context(self.url, name, self.passwords[name], config=Config.from_env())
        self.contexts.append(ctx)
        return ctx

    def close(self) -> None:
        for ctx in self.contexts:
            ctx.close()


# Qt messages these tests expect, and why (everything else at WARNING fails the test):
QT_LOG_ALLOWED = (
    # The offscreen platform cannot pass minimum/maximum sizes to a window system; xcb,
    # Windows and macOS can. Printed whenever a top-level's size constraints change.
    "This plugin does not support propagateSizeHints()",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/ui/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(*QT_LOG_ALLOWED))


@pytest.fixture
def close_later(qtbot) -> Iterator[Callable[[QWidget], QWidget]]:  # type: ignore[no-untyped-def]
    """Like qtbot.addWidget for windows that delete themselves when closed."""
    widgets: list[QWidget] = []
    yield lambda widget: widgets.append(widget) or widget  # type: ignore[func-returns-value]
    for widget in widgets:
        if isValid(widget) and widget.isVisible():
            widget.close()
