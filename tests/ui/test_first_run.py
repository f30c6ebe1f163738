"""The first-run assistant: a personal database with its first administrator, a demo database,
and a shared PostgreSQL database set up with a login used once; then the login opens on it."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import psycopg2
import pytest
from PySide6.QtWidgets import QWizard

from resolution_center.services.context import Config
from resolution_center.services.session import open_context
from tests.helpers.workspace import drop_pg_database
from ui import credentials, database
from ui.app import AppController
from ui.dialogs.first_run import PAGE_ADMIN, PAGE_FINISH, PAGE_PERSONAL, FirstRunWizard
from ui.dialogs.login import LoginDialog

PASSWORD = "first-admin-pw-1"


def _next(qtbot, wizard: FirstRunWizard, page_id: int) -> None:  # type: ignore[no-untyped-def]
    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: wizard.currentId() == page_id)


def _finished(qtbot, wizard: FirstRunWizard) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: wizard.finish.isComplete() or wizard.finish.retry.isVisible(), timeout=60_000
    )
    assert wizard.outcome is not None, wizard.finish.status.text()


def test_first_start_asks_only_an_installed_program_with_nothing_chosen(
    tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv(database.ENV_DATABASE, raising=False)
    missing = "sqlite:///" + str(tmp_path / "rc.db")
    # The Quick start runs from a source checkout: it still creates the demo database.
    assert database.development_checkout()
    assert not database.first_start_assistant(None, "", missing)
    monkeypatch.setattr(database, "development_checkout", lambda: False)
    assert database.first_start_assistant(None, "", missing)
    assert not database.first_start_assistant(None, "sqlite:///last.db", missing)
    assert not database.first_start_assistant("sqlite:///x.db", "", missing)
    monkeypatch.setenv(database.ENV_DATABASE, "sqlite:///env.db")
    assert not database.first_start_assistant(None, "", missing)
    monkeypatch.delenv(database.ENV_DATABASE)
    (tmp_path / "rc.db").touch()
    assert not database.first_start_assistant(None, "", missing)


def test_a_personal_database_with_its_first_admin_then_the_login(
    qtbot, tmp_path, settings, close_later
) -> None:  # type: ignore[no-untyped-def]
    config = Config.from_env()
    controller = AppController(
        settings, "sqlite:///unused.db", config=config, quit_app=lambda: None, first_run=True
    )
    with qtbot.waitSignal(controller.assistant_shown) as shown:
        controller.start()
    wizard: FirstRunWizard = close_later(shown.args[0])
    path = tmp_path / "data" / "mine.db"
    _next(qtbot, wizard, PAGE_PERSONAL)
    wizard.personal.path.setText(str(path))
    _next(qtbot, wizard, PAGE_ADMIN)
    qtbot.keyClicks(wizard.admin.username, "Ada")
    qtbot.keyClicks(wizard.admin.password, PASSWORD)
    qtbot.keyClicks(wizard.admin.repeat, PASSWORD + "x")
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentId() == PAGE_ADMIN  # refused, and what was typed stays
    assert "differ" in wizard.admin.error.text()
    assert wizard.admin.username.text() == "Ada" and wizard.admin.password.text() == PASSWORD
    wizard.admin.repeat.setText("short")
    wizard.admin.password.setText("short")
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert "at least 8 characters" in wizard.admin.error.text()  # the services' own rule
    wizard.admin.password.setText(PASSWORD)
    wizard.admin.repeat.setText(PASSWORD)
    _next(qtbot, wizard, PAGE_FINISH)
    _finished(qtbot, wizard)
    assert "ada is its administrator" in wizard.finish.status.text()
    wizard.resize(1024, 700)
    wizard.grab().save("/tmp/shots/first_run_5_finish.png")
    with qtbot.waitSignal(controller.login_shown) as opened:
        wizard.button(QWizard.WizardButton.FinishButton).click()
    login: LoginDialog = close_later(opened.args[0])
    assert login.url == "sqlite:///" + str(path)
    assert login.username.text() == "ada" and not login.demo_hint.isVisible()
    assert settings.last_database == login.url
    ctx = open_context(login.url, "ada", PASSWORD, config=config)
    try:
        assert ctx.actor.role == "admin"
        actions = [e.event.action for e in ctx.audit.target_trail("user", "ada")]
        assert "user.created" in actions
        assert ctx.audit.verify().ok
    finally:
        ctx.close()


def test_a_demo_database_opens_the_login_with_its_users(
    qtbot, tmp_path, settings, close_later
) -> None:  # type: ignore[no-untyped-def]
    wizard = close_later(FirstRunWizard(settings, config=Config.from_env()))
    wizard.show()
    _next(qtbot, wizard, PAGE_PERSONAL)
    wizard.personal.path.setText(str(tmp_path / "demo.db"))
    wizard.personal.demo.setChecked(True)
    assert "published" in wizard.personal.note.text()
    _next(qtbot, wizard, PAGE_FINISH)  # no administrator to name: the demo has its own
    _finished(qtbot, wizard)
    names = [name for name, _role, _password in wizard.outcome.demo_users]
    assert "admin" in names and "sofia" in names
    assert (tmp_path / "demo.db").exists()


@pytest.mark.postgres
def test_a_shared_database_is_set_up_with_a_login_used_once(
    qtbot, pg_server, settings, close_later, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    saved: list[tuple[str, str, str]] = []
    monkeypatch.setattr(credentials, "keyring_available", lambda: True)
    monkeypatch.setattr(
        credentials,
        "save_password",
        lambda *args: saved.append(args) or True,  # type: ignore[func-returns-value]
    )
    name = pg_server.create_database()
    admin = "ada" + secrets.token_hex(3)
    try:
        wizard = close_later(FirstRunWizard(settings, config=Config.from_env()))
        wizard.show()
        wizard.choice.shared.setChecked(True)
        _next(qtbot, wizard, 2)
        server = wizard.server
        server.host.setText(pg_server.host)
        server.port.setValue(pg_server.port)
        server.database.setText(name)
        server.installer.setText(pg_server.superuser)
        server.installer_password.setText("wrong-password")
        with qtbot.waitSignal(server.checked, timeout=20_000) as failed:
            server.check_button.click()
        assert failed.args[0] is False and not server.isComplete()
        server.installer_password.setText(pg_server.superuser_password)
        with qtbot.waitSignal(server.checked, timeout=20_000) as checked:
            server.check_button.click()
        assert checked.args[0] is True, checked.args[1]
        assert "is empty: it will be set up" in server.result.text()
        _next(qtbot, wizard, PAGE_ADMIN)
        assert wizard.admin.remember.isChecked()
        wizard.admin.username.setText(admin)
        wizard.admin.password.setText(PASSWORD)
        wizard.admin.repeat.setText(PASSWORD)
        _next(qtbot, wizard, PAGE_FINISH)
        _finished(qtbot, wizard)
        wizard.button(QWizard.WizardButton.FinishButton).click()
        url = wizard.outcome.url
        # The app's connection is the admin's own role; the set-up login is not kept anywhere.
        assert url == f"postgresql://{admin}@{pg_server.host}:{pg_server.port}/{name}"
        assert saved == [(url, admin, PASSWORD)]
        assert settings.last_database == url and settings.last_username == admin
        stored = str(settings.qsettings.allKeys()) + str(
            [settings.qsettings.value(k) for k in settings.qsettings.allKeys()]
        )
        assert pg_server.superuser_password not in stored and PASSWORD not in stored
        ctx = open_context(url.replace(f"{admin}@", f"{admin}:{PASSWORD}@"), admin, PASSWORD)
        try:
            assert ctx.actor.role == "admin"
            assert ctx.audit.verify().ok
        finally:
            ctx.close()
        conn: Any = psycopg2.connect(pg_server.url(name, admin, PASSWORD))
        try:
            with conn.cursor() as cur:
                cur.execute(
                    "SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = %s", (admin,)
                )
                assert cur.fetchone() == (False, False)  # least privilege, not the installer's
        finally:
            conn.close()
    finally:
        drop_pg_database(pg_server, name)


def test_the_assistant_pages_at_1024x700(qtbot, tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    shots = Path("/tmp/shots")
    shots.mkdir(exist_ok=True)
    wizard = FirstRunWizard(settings, config=Config.from_env())
    qtbot.addWidget(wizard)
    wizard.resize(1024, 700)
    wizard.show()
    wizard.grab().save(str(shots / "first_run_1_choice.png"))
    _next(qtbot, wizard, PAGE_PERSONAL)
    wizard.grab().save(str(shots / "first_run_2_personal.png"))
    wizard.personal.path.setText(str(tmp_path / "x.db"))
    _next(qtbot, wizard, PAGE_ADMIN)
    wizard.admin.username.setText("ada")
    wizard.admin.password.setText("short")
    wizard.admin.repeat.setText("short")
    wizard.button(QWizard.WizardButton.NextButton).click()
    wizard.grab().save(str(shots / "first_run_4_admin.png"))
    wizard.back()
    wizard.back()
    wizard.choice.shared.setChecked(True)
    _next(qtbot, wizard, 2)
    wizard.server.database.setText("resolution_center")
    wizard.server.installer.setText("postgres")
    wizard.server._show(True, "Connected. resolution_center is empty: it will be set up.")
    wizard.grab().save(str(shots / "first_run_3_server.png"))
    assert wizard.width() == 1024


@pytest.mark.postgres
def test_a_shared_database_already_set_up_keeps_its_administrators(
    qtbot, pg_server, pg_workspace, settings, close_later
) -> None:  # type: ignore[no-untyped-def]
    name = pg_workspace.url.rsplit("/", 1)[1]
    wizard = close_later(FirstRunWizard(settings, config=pg_workspace.config))
    wizard.show()
    wizard.choice.shared.setChecked(True)
    _next(qtbot, wizard, 2)
    server = wizard.server
    server.host.setText(pg_server.host)
    server.port.setValue(pg_server.port)
    server.database.setText(name)
    server.installer.setText(pg_server.superuser)
    server.installer_password.setText(pg_server.superuser_password)
    with qtbot.waitSignal(server.checked, timeout=20_000) as checked:
        server.check_button.click()
    assert checked.args[0] is True and "is up to date" in server.result.text()
    _next(qtbot, wizard, PAGE_ADMIN)
    assert "leave the fields empty" in wizard.admin.subTitle()
    _next(qtbot, wizard, PAGE_FINISH)  # no new administrator: the ones it has stay
    _finished(qtbot, wizard)
    assert wizard.outcome.url == f"postgresql://{pg_server.host}:{pg_server.port}/{name}"
    assert "log in with one of its users" in wizard.finish.status.text()
    root = pg_workspace.login("root")
    assert [u.username for u in root.users.list() if u.role == "admin"] == ["root"]
    assert root.audit.verify().ok
