"""Help → Show log: the window shows the end of the log file, read-only, and where it is."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QMenu

from resolution_center import logs
from ui.dialogs.log_viewer import LogDialog
from ui.mainwindow import MainWindow


@pytest.fixture
def log_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv(logs.ENV_LOG_DIR, str(tmp_path / "log"))
    path = logs.configure()
    assert path == tmp_path / "log" / "resolution-center.log"
    yield path
    logs.reset()


def test_help_show_log_opens_the_log_with_a_line_just_logged(
    qtbot, ws, make_ops, settings, log_file: Path
) -> None:
    window = MainWindow(make_ops(ws.login("alice")), settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    logging.getLogger("ui.tests").warning("a line a user would send with a problem report")
    menu = window.findChild(QMenu, "menu-help")
    assert window.action_set["show-log"] in menu.actions()

    window.action_set["show-log"].trigger()
    dialog = window.findChild(LogDialog)
    assert dialog is not None and dialog.isVisible()
    shown = dialog.text.toPlainText()
    assert "WARNING ui.tests [" in shown
    assert shown.rstrip().endswith("a line a user would send with a problem report")
    assert "login: alice (specialist)" in shown  # the service's own line, logged before
    assert dialog.text.isReadOnly()
    assert str(log_file) in dialog.location.text()
    dialog.close()


def test_the_log_dialog_reloads_and_opens_the_folder(qtbot, log_file: Path) -> None:
    opened: list[QUrl] = []
    dialog = LogDialog(log_file, open_url=lambda url: opened.append(url) or True)
    qtbot.addWidget(dialog)
    assert dialog.text.toPlainText() == "Nothing has been logged yet."
    logging.getLogger("resolution_center.tests").info("written after the dialog opened")
    dialog.reload_button.click()
    assert dialog.text.toPlainText().rstrip().endswith("written after the dialog opened")
    dialog.open_folder_button.click()
    assert [url.toLocalFile() for url in opened] == [str(log_file.parent)]
