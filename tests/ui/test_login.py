"""Login and connection dialogs: errors inline, names kept, failures that say what is wrong."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from resolution_center.domain.case import CaseFilter
from resolution_center.services.session import Session
from tests.helpers.workspace import PASSWORD
from ui.dialogs.connection import ConnectionDialog
from ui.dialogs.login import LoginDialog
from ui.errors import ErrorPresenter


def make_login(qtbot, ws, settings, presenter: ErrorPresenter | None = None) -> LoginDialog:  # type: ignore[no-untyped-def]
    dialog = LoginDialog(settings, ws.url, config=ws.config, clock=ws.clock, presenter=presenter)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def attempt(qtbot, dialog: LoginDialog, user: str, password: str) -> None:  # type: ignore[no-untyped-def]
    dialog.username.clear()
    qtbot.keyClicks(dialog.username, user)
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, password)
    with qtbot.waitSignal(dialog.attempt_failed):
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)


def test_a_wrong_password_shows_inline_and_keeps_the_user_name(qtbot, ws, settings) -> None:
    presenter = ErrorPresenter()
    shown: list[Any] = []
    presenter.dialog_shown.connect(shown.append)
    dialog = make_login(qtbot, ws, settings, presenter)
    attempt(qtbot, dialog, "alice", "not-her-password")
    assert shown == []
    assert not dialog.error.isHidden()
    assert dialog.error.text() == "wrong user name or password"
    assert dialog.username.text() == "alice"
    assert dialog.password.text() == ""
    assert dialog.isVisible()


def test_a_locked_account_says_so(qtbot, ws, settings) -> None:
    dialog = make_login(qtbot, ws, settings)
    for _ in range(ws.config.lockout_failures):
        attempt(qtbot, dialog, "bob", "wrong-wrong")
    attempt(qtbot, dialog, "bob", PASSWORD)
    assert "locked" in dialog.error.text()
    assert dialog.username.text() == "bob"


def test_logging_in_hands_over_a_context_and_remembers_the_name(qtbot, ws, settings) -> None:
    dialog = make_login(qtbot, ws, settings)
    qtbot.keyClicks(dialog.username, "alice")
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(dialog.logged_in) as blocker:
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    ctx: Session = blocker.args[0]
    try:
        assert ctx.actor.username == "alice"
        assert ctx.cases.counts(CaseFilter())["status"] == {}
    finally:
        ctx.close()
    assert settings.last_username == "alice"
    assert settings.recent_databases == [ws.url]


def test_an_empty_user_name_is_refused_before_asking_anyone(qtbot, ws, settings) -> None:
    dialog = make_login(qtbot, ws, settings)
    dialog.username.clear()
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.message_for("username") == "Enter your user name."


def test_connection_dialog_without_a_keyring_says_passwords_are_not_remembered(
    qtbot, settings
) -> None:
    dialog = ConnectionDialog(settings, "postgresql://alice@db.example:5433/rc")
    qtbot.addWidget(dialog)
    assert dialog.shared.isChecked()
    assert (
        dialog.host.text(),
        dialog.port.value(),
        dialog.database.text(),
        dialog.user.text(),
    ) == ("db.example", 5433, "rc", "alice")
    assert not dialog.remember.isEnabled()
    assert "not remembered" in dialog.keyring_note.text()


def test_an_unreachable_server_is_named_and_the_dialog_stays(qtbot, settings) -> None:
    dialog = ConnectionDialog(settings, "postgresql://alice@127.0.0.1:1/rc")
    qtbot.addWidget(dialog)
    dialog.password.setText("secret")
    with qtbot.waitSignal(dialog.tested, timeout=15_000) as blocker:
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    ok, message = blocker.args
    assert not ok
    assert "cannot reach PostgreSQL alice@127.0.0.1:1/rc" in message
    assert "secret" not in message
    assert "test again, or choose another database" in dialog.test_result.text()


def test_a_database_newer_than_the_app_is_refused_in_words(qtbot, ws, settings) -> None:
    ws.tamper("UPDATE settings SET value = '999' WHERE key = 'schema_version'")
    dialog = ConnectionDialog(settings, ws.url)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.tested) as blocker:
        dialog.test()
    assert blocker.args[0] is False
    assert "newer than this app" in blocker.args[1]


def test_accepting_remembers_the_database_but_never_the_password(qtbot, settings) -> None:
    dialog = ConnectionDialog(settings, "postgresql://alice@db.example:5432/rc")
    qtbot.addWidget(dialog)
    dialog.password.setText("secret")
    dialog.open()
    dialog.buttons.accepted.emit()
    assert settings.recent_databases == ["postgresql://alice@db.example:5432/rc"]
    settings.sync()
    text = Path(settings.qsettings.fileName()).read_text(encoding="utf-8")
    assert "secret" not in text


def test_the_local_file_test_succeeds_on_a_good_database(qtbot, ws, settings) -> None:
    dialog = ConnectionDialog(settings, ws.url)
    qtbot.addWidget(dialog)
    assert dialog.local.isChecked()
    with qtbot.waitSignal(dialog.tested) as blocker:
        dialog.test()
    assert blocker.args[0] is True
    assert "Resolution Center database" in blocker.args[1]


def test_an_unusable_database_offers_retry_and_change_keeps_the_name(qtbot, ws, settings) -> None:
    ws.tamper("UPDATE settings SET value = '999' WHERE key = 'schema_version'")
    presenter = ErrorPresenter()
    shown: list[Any] = []
    presenter.dialog_shown.connect(shown.append)
    dialog = make_login(qtbot, ws, settings, presenter)
    attempt(qtbot, dialog, "alice", PASSWORD)
    box = shown[0]
    assert box.objectName() == "environmentError"
    assert "newer than this app" in box.text()
    assert box.button(QMessageBox.StandardButton.Retry) is not None
    box.close()

    change = dialog.change_database()  # "Change…": choose another database
    change.path.setText(str(ws.url.removeprefix("sqlite:///")) + ".other")
    change.buttons.accepted.emit()
    assert dialog.url.endswith(".other")
    assert "created with demo data" in dialog.database_note.text()
    assert dialog.username.text() == "alice"


def test_a_shared_mode_login_leaves_its_password_to_the_app(
    qtbot, workspace, settings, monkeypatch
) -> None:
    """The keyring takes ~0.2 s or more: the dialog only says what to remember."""
    from ui import credentials

    saved: list[Any] = []
    monkeypatch.setattr(credentials, "save_password", lambda *args: saved.append(args))
    dialog = LoginDialog(settings, workspace.url, config=workspace.config, clock=workspace.clock)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText("alice")
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(dialog.logged_in) as blocker:
        dialog.log_in()
    blocker.args[0].close()
    assert saved == []
    expected = (workspace.url, "alice", PASSWORD) if workspace.backend == "postgresql" else None
    assert dialog.credentials_to_remember() == expected
