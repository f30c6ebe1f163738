"""The administration screens: each change made in the window is what the service then says and
is in the audit trail under the administrator's name; non-administrators see no Administration
menu and the services refuse them; backup and restore from the File menu round-trip."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMenu

from resolution_center.domain.errors import NotFound, PermissionDenied
from resolution_center.domain.policy import Outcome
from resolution_center.services.session import open_context
from tests.helpers.remedies import eur, new_case
from tests.helpers.workspace import PASSWORD
from tests.ui.conftest import cases
from ui import backup_restore
from ui.admin.categories_page import CategoriesPage
from ui.admin.company_page import CompanyPage
from ui.admin.dialog import AdministrationDialog, EmbeddedEditor
from ui.admin.policy_page import PolicyPage
from ui.admin.users_page import UsersPage
from ui.app import AppController
from ui.dialogs.sla_calendar import SlaCalendarDialog
from ui.mainwindow import MainWindow

SHOTS = Path("/tmp/shots")


def _actions(trail_of, kind: str, target: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(e.event.actor, e.event.action) for e in trail_of.audit.target_trail(kind, target)]


def _dialog(qtbot, ops, page: str) -> AdministrationDialog:  # type: ignore[no-untyped-def]
    dialog = AdministrationDialog(ops, None, page)
    qtbot.addWidget(dialog)
    dialog.resize(1024, 700)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _shot(dialog: AdministrationDialog, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / f"admin_{name}.png"))


def test_only_administrators_see_the_menu_and_others_are_refused(
    qtbot, ws, make_ops, settings
) -> None:  # type: ignore[no-untyped-def]
    windows = {}
    for name in ("root", "alice"):
        window = MainWindow(make_ops(ws.login(name)), settings)
        qtbot.addWidget(window)
        windows[name] = window
    admin_menu = windows["root"].findChild(QMenu, "menu-admin")
    assert admin_menu is not None
    assert [a.objectName() for a in admin_menu.actions()][:2] == [
        "action-admin-users",
        "action-admin-policy",
    ]
    assert windows["root"].action_set["backup"].isVisible()
    assert windows["alice"].findChild(QMenu, "menu-admin") is None
    for key in ("admin-users", "backup", "restore"):
        action = windows["alice"].action_set[key]
        assert not action.isVisible() and not action.isEnabled()
    alice = ws.login("alice")
    with pytest.raises(PermissionDenied):
        alice.users.add("eve", "Eve", "admin", PASSWORD)
    with pytest.raises(PermissionDenied):
        alice.agreements.set_company("Mine")
    with pytest.raises(PermissionDenied):
        alice.remedies.preview_policy("version = 9")
    with pytest.raises(PermissionDenied):
        backup_restore.backup(alice, ws.url.removeprefix("sqlite:///") + ".copy")


def test_users_added_promoted_disabled_and_reset_in_the_window(qtbot, ws, make_ops) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, make_ops(ws.login("root")), "users")
    page = dialog.page("users")
    assert isinstance(page, UsersPage)
    page.new_name.setText("nina")
    page.new_display.setText("Nina Berg")
    page.new_password.setText("nina-pass-1")
    page.new_repeat.setText("nina-pass-2")
    page.add()
    assert "differ" in page.error.text() and page.new_name.text() == "nina"
    page.new_password.setText("short")
    page.new_repeat.setText("short")
    page.add()
    assert "at least 8 characters" in page.error.text()  # the service's refusal, inline
    assert page.new_display.text() == "Nina Berg"  # what was typed survives
    page.new_password.setText("nina-pass-1")
    page.new_repeat.setText("nina-pass-1")
    page.add()
    assert "nina added" in page.done_label.text()
    _shot(dialog, "users")
    root = ws.login("root")
    assert root.users.get("nina").display_name == "Nina Berg"
    assert page.selected() is not None and page.selected().username == "nina"
    page.selected_role.setCurrentIndex(page.selected_role.findData("supervisor"))
    page.change_role()
    assert root.users.get("nina").role == "supervisor"
    page.disable(reason="left the team")
    assert root.users.get("nina").disabled
    page.reload("root")
    page.disable(reason="oops")
    assert "your own account" in page.error.text()
    page.reload("alice")
    page.reset_password("alice-new-pass-1")
    assert "was reset" in page.done_label.text()
    open_context(ws.url, "alice", "alice-new-pass-1", config=ws.config).close()
    assert _actions(root, "user", "nina") == [
        ("root", "user.created"),
        ("root", "user.role_changed"),
        ("root", "user.disabled"),
    ]
    assert ("root", "user.password_changed") in _actions(root, "user", "alice")
    assert root.audit.verify().ok


def test_the_policy_edited_previewed_against_pending_remedies_and_loaded(
    qtbot, ws, make_ops
) -> None:  # type: ignore[no-untyped-def]
    alice = ws.login("alice")
    waiting = alice.remedies.propose(
        new_case(alice, "400.00").reference, "partial-refund", eur("150.00"), reason="broke"
    )
    dialog = _dialog(qtbot, make_ops(ws.login("root")), "policy")
    page = dialog.page("policy")
    assert isinstance(page, PolicyPage)
    assert "In force: version 1" in page.summary.text()
    assert not page.check_button.isEnabled() and page.editor.isReadOnly()
    page.start_edit()
    text = page.editor.toPlainText()
    assert "\nversion = 2\n" in text
    start = text.index("[currency.EUR.limit.specialist]")
    at = text.index('partial-refund = "100.00"', start)
    broken = text[:at] + "partial-refund = 200.5" + text[at + len('partial-refund = "100.00"') :]
    page.editor.setPlainText(broken)
    page.check()
    assert "line" in page.error.text() and page.error.isVisible()
    assert page.editor.toPlainText() == broken and not page.load_button.isEnabled()
    edited = broken.replace("partial-refund = 200.5", 'partial-refund = "200.00"', 1)
    page.editor.setPlainText(edited)
    page.check()
    assert "1 of 1 pending remedies would be judged differently" in page.result.text()
    assert page.preview.item(0, 0).text() == waiting.reference
    assert page.preview.item(0, 4).text() == "Authorized without sign-off"
    assert "Needs sign-off" in page.preview.item(0, 3).text()
    assert page.load_button.isEnabled()
    _shot(dialog, "policy")
    page.load(confirm=False)
    root = ws.login("root")
    assert root.policies.current().version == 2
    assert "In force: version 2" in page.summary.text()
    assert _actions(root, "policy", "2") == [("root", "policy.loaded")]
    preview = root.remedies.preview_policy(edited.replace("version = 2", "version = 3", 1))
    assert preview[0].current.outcome is Outcome.AUTHORIZED  # version 2 is what judges now


def test_categories_are_shown_with_where_they_are_administered(qtbot, ws, make_ops) -> None:  # type: ignore[no-untyped-def]
    ctx = ws.login("root")
    dialog = _dialog(qtbot, make_ops(ctx), "categories")
    page = dialog.page("categories")
    assert isinstance(page, CategoriesPage)
    assert page.tree.topLevelItemCount() == len(ctx.taxonomy.categories)
    defect = next(
        page.tree.topLevelItem(i)
        for i in range(page.tree.topLevelItemCount())
        if page.tree.topLevelItem(i).text(1) == "product-defect"
    )
    assert defect.text(3).startswith("v1: limits ×")
    assert "remedy policy" in page.findChild(type(page.codes), "categoriesNote").text()
    _shot(dialog, "categories")


def test_company_details_saved_in_the_window_print_and_are_audited(qtbot, ws, make_ops) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, make_ops(ws.login("root")), "company")
    page = dialog.page("company")
    assert isinstance(page, CompanyPage)
    assert page.name.text() == ""  # not set yet: the placeholder says what prints
    page.address.setPlainText("Hauptstr. 1\n10115 Berlin\nGermany")
    page.save()
    assert page.error.isVisible() and page.address.toPlainText().startswith("Hauptstr. 1")
    page.name.setText("Kettle & Co GmbH")
    page.reference.setText("HRB 12345, Amtsgericht Berlin")
    page.email.setText("disputes@kettle.example")
    page.save()
    assert "Saved" in page.done_label.text()
    _shot(dialog, "company")
    company = ws.login("alice").agreements.company()
    assert company.name == "Kettle & Co GmbH"
    assert company.address == ("Hauptstr. 1", "10115 Berlin", "Germany")
    assert (company.reference, company.email) == (
        "HRB 12345, Amtsgericht Berlin",
        "disputes@kettle.example",
    )
    root = ws.login("root")
    assert _actions(root, "settings", "company") == [("root", "settings.company_changed")]


def test_calendars_and_templates_are_edited_on_their_pages(qtbot, ws, make_ops) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, make_ops(ws.login("root")), "sla")
    page = dialog.page("sla")
    assert isinstance(page, EmbeddedEditor) and isinstance(page.editor, SlaCalendarDialog)
    calendar = page.editor
    assert calendar.isVisible() and calendar.save_button.isEnabled()
    calendar.zone.setCurrentText("Europe/Berlin")
    calendar.warn.setValue(70)
    calendar.save()
    _shot(dialog, "sla")
    root = ws.login("root")
    current = root.sla.current()
    assert (current.version, current.policy.calendar.zone) == (1, "Europe/Berlin")
    assert current.policy.warn_percent == 70
    trail = root.audit.target_trail("sla_calendar", f"{current.team}/1")
    assert [(e.event.actor, e.event.action) for e in trail] == [("root", "sla.calendar_saved")]
    dialog.show_page("templates")
    templates = dialog.page("templates")
    assert isinstance(templates, EmbeddedEditor) and templates.editor.isVisible()
    editor = templates.editor
    editor.list.setCurrentRow(0)
    chosen = editor.current()
    assert chosen is not None
    editor.subject.setText("Your case {{ reference }}: we are on it")
    editor.save()
    _shot(dialog, "templates")
    saved = root.templates.get(chosen.name, chosen.language)
    assert saved.subject == "Your case {{ reference }}: we are on it" and not saved.shipped
    trail = root.audit.target_trail("template", f"{chosen.name}/{chosen.language}")
    assert [(e.event.actor, e.event.action) for e in trail] == [("root", "template.saved")]


def _root_window(qtbot, ws, settings) -> tuple[AppController, MainWindow]:  # type: ignore[no-untyped-def]
    """The app started on the workspace and the administrator logged in through its login."""
    controller = AppController(
        settings, ws.url, config=ws.config, clock=ws.clock, quit_app=lambda: None
    )
    controller.start()
    login = controller.login
    assert login is not None
    login.username.setText("root")
    login.password.setText(PASSWORD)
    with qtbot.waitSignal(controller.window_shown, timeout=20_000) as opened:
        login.log_in()
    return controller, opened.args[0]


def test_backup_then_restore_from_the_window_round_trips(
    qtbot, ws, settings, tmp_path, close_later
) -> None:  # type: ignore[no-untyped-def]
    bob = ws.login("bob")
    kept = cases(bob, ["Kettle leaks"])[0]
    controller, window = _root_window(qtbot, ws, settings)
    copy = tmp_path / "backup.db"
    job = backup_restore.back_up(window, str(copy))
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=30_000) as written:
        pass
    assert copy.exists() and written.args[0]["format"] == "sqlite"
    later = cases(bob, ["Written after the backup"])[0]
    bob.close()  # only the window's session has the file open, as on a desk
    with qtbot.waitSignal(controller.login_shown, timeout=60_000) as again:
        assert backup_restore.ask_restore(window, str(copy), confirm=False)
    login = close_later(again.args[0])
    assert controller.restore_job.stages == ["check-backup", "copy", "check-restored", "record"]
    assert "restored and its audit trail verified" in login.database_note.text()
    assert "kept at" in login.database_note.text()
    ctx = open_context(ws.url, "root", PASSWORD, config=ws.config)
    try:
        assert ctx.cases.get(kept.reference).subject == "Kettle leaks"
        with pytest.raises(NotFound):
            ctx.cases.get(later.reference)
        assert ctx.audit.verify().ok
        restored = [e for e in ctx.audit.target_trail("database", ctx.store.database_id())]
        assert restored[-1].event.action == "database.restored"
    finally:
        ctx.close()


def test_a_file_this_database_cannot_take_is_refused_before_the_logout(
    qtbot, ws, settings, tmp_path, monkeypatch, close_later
) -> None:  # type: ignore[no-untyped-def]
    """A shared database's backup (or any other file) picked in File → Restore: the window says
    why and keeps the session; it used to log out first and then fail to restore."""
    told: list[str] = []
    monkeypatch.setattr(
        backup_restore.QMessageBox, "information", lambda _p, _t, text: told.append(text)
    )
    controller, window = _root_window(qtbot, ws, settings)
    close_later(window)
    shared = tmp_path / "team.rcbackup.gz"
    shared.write_bytes(gzip.compress(b'{"table": "cases"}\n'))
    assert not backup_restore.ask_restore(window, str(shared), confirm=False)
    assert len(told) == 1 and "team.rcbackup.gz" in told[0]
    assert "resolution-center restore FILE" in told[0]
    notes = tmp_path / "notes.txt"
    notes.write_text("not a backup", encoding="utf-8")
    with qtbot.waitSignal(window.ops.presenter.dialog_shown, timeout=5_000) as shown:
        assert not backup_restore.ask_restore(window, str(notes), confirm=False)
    assert "is not a Resolution Center backup" in shown.args[0].text()
    assert controller.window is window and window.isVisible()  # still logged in
    assert controller.restore_job is None
