"""A whole session as a user lives it: log in, find a case, open it, add a note, see the trail."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.helpers.workspace import PASSWORD
from tests.ui.conftest import cases
from ui.app import AppController, parse_args
from ui.database import choose_database, default_database_url
from ui.dialogs.login import LoginDialog
from ui.mainwindow import MainWindow
from ui.models.audit_trail import ActionRole


def test_log_in_find_open_and_note_a_case(qtbot, ws, settings, close_later) -> None:
    bob = ws.login("bob")
    target = cases(bob, ["Blender jar cracked", "Kettle leaks at the base", "Late parcel"])[1]
    quits: list[int] = []
    controller = AppController(
        settings, ws.url, config=ws.config, clock=ws.clock, quit_app=lambda: quits.append(1)
    )
    with qtbot.waitSignal(controller.login_shown) as shown:
        controller.start()
    login: LoginDialog = shown.args[0]
    qtbot.keyClicks(login.username, "alice")
    qtbot.keyClicks(login.password, PASSWORD)
    with qtbot.waitSignal(controller.window_shown, timeout=10_000) as opened:
        qtbot.mouseClick(login.login_button, Qt.MouseButton.LeftButton)
    window: MainWindow = opened.args[0]
    close_later(window)
    assert window.user_label.text() == "Alice (alice) · Specialist"

    case_list = window.case_list
    with qtbot.waitSignal(case_list.cases_reloaded):
        case_list.apply_saved_view("all")
    window.activateWindow()
    QTest.keySequence(window, "Ctrl+F")
    qtbot.waitUntil(case_list.filters.search.hasFocus)
    with qtbot.waitSignal(case_list.cases_reloaded) as found:
        qtbot.keyClicks(case_list.filters.search, "kettle base")
    assert found.args == [1]
    with qtbot.waitSignal(window.viewer.case_loaded, timeout=10_000) as loaded:
        case_list.select_relative(0)
    assert loaded.args[0].reference == target.reference

    QTest.keySequence(window, "Ctrl+Shift+N")
    notes = window.viewer.notes
    qtbot.waitUntil(notes.composer.hasFocus)
    qtbot.keyClicks(notes.composer, "Asked for a photo of the base.")
    with qtbot.waitSignal(window.viewer.case_loaded):
        QTest.keySequence(notes.composer, "Ctrl+Return")
    assert "Asked for a photo of the base." in notes.model.index(0, 0).data()

    QTest.keySequence(window, "Ctrl+4")
    audit = window.viewer.audit
    actions = [
        audit.proxy.data(audit.proxy.index(r, 0), ActionRole) for r in range(audit.proxy.rowCount())
    ]
    assert actions[-1] == "note.added"
    last = audit.proxy.rowCount() - 1
    assert audit.proxy.index(last, 2).data() == "alice"
    assert "Internal note: Asked for a photo of the base." in audit.proxy.index(last, 5).data()

    stored = [n.body for n in bob.cases.notes(target.id)]
    assert stored == ["Asked for a photo of the base."]
    window.close()
    assert quits == [1]


def _alice_logged_in(qtbot, ws, settings) -> tuple[AppController, MainWindow]:  # type: ignore[no-untyped-def]
    """A controller (whose quitting quits nothing) and the window of alice's login."""
    controller = AppController(
        settings, ws.url, config=ws.config, clock=ws.clock, quit_app=lambda: None
    )
    controller.start()
    login = controller.login
    assert login is not None
    login.username.setText("alice")
    login.password.setText(PASSWORD)
    with qtbot.waitSignal(controller.window_shown) as opened:
        login.log_in()
    return controller, opened.args[0]


def test_log_out_returns_to_the_login(qtbot, ws, settings, close_later) -> None:
    controller, window = _alice_logged_in(qtbot, ws, settings)
    with qtbot.waitSignal(controller.login_shown) as again:
        window.action_set["log-out"].trigger()
    close_later(again.args[0])
    assert again.args[0].username.text() == "alice"
    assert controller.ctx is None


def test_the_database_comes_from_the_option_then_environment_then_memory(monkeypatch) -> None:
    monkeypatch.delenv("RESOLUTION_CENTER_DATABASE", raising=False)
    assert choose_database(None, None) == default_database_url()
    assert default_database_url().endswith("/resolution-center/resolution-center.db")
    assert choose_database(None, "sqlite:///last.db") == "sqlite:///last.db"
    monkeypatch.setenv("RESOLUTION_CENTER_DATABASE", "sqlite:///env.db")
    assert choose_database(None, "sqlite:///last.db") == "sqlite:///env.db"
    args: Any = parse_args(["--database", "sqlite:///option.db"])
    assert choose_database(args.database, "sqlite:///last.db") == "sqlite:///option.db"


def test_first_start_creates_the_demo_database_then_asks_to_log_in(
    qtbot, tmp_path, settings, close_later
) -> None:
    url = "sqlite:///" + str(tmp_path / "data" / "resolution-center.db")
    controller = AppController(settings, url, quit_app=lambda: None)
    with qtbot.waitSignal(controller.login_shown, timeout=30_000) as shown:
        controller.start()
    login: LoginDialog = shown.args[0]
    close_later(login)
    assert (tmp_path / "data" / "resolution-center.db").exists()
    assert "sofia (specialist): specialist-demo-1" in login.demo_hint.text()


def _log_in(qtbot, controller, login, user: str) -> MainWindow:  # type: ignore[no-untyped-def]
    login.username.clear()
    qtbot.keyClicks(login.username, user)
    qtbot.keyClicks(login.password, PASSWORD)
    with qtbot.waitSignal(controller.window_shown, timeout=10_000) as opened:
        qtbot.mouseClick(login.login_button, Qt.MouseButton.LeftButton)
    return opened.args[0]


def test_remedy_signed_off_then_agreed_and_exported(
    qtbot, ws, settings, close_later, tmp_path
) -> None:
    from ui.dialogs.offer_editor import AnswerOfferDialog, OfferEditor
    from ui.dialogs.remedy_form import RemedyForm
    from ui.dialogs.signoff import SignoffDialog

    bob = ws.login("bob")
    target = cases(bob, ["Blender jar cracked", "Kettle leaks at the base"])[1]  # 120.00 EUR
    ws.login("root").agreements.set_company("Acme Returns GmbH", ("Hafenstraße 1",))
    controller = AppController(
        settings, ws.url, config=ws.config, clock=ws.clock, quit_app=lambda: None
    )
    with qtbot.waitSignal(controller.login_shown) as shown:
        controller.start()

    # The specialist finds the case and proposes a remedy above her limit.
    window = _log_in(qtbot, controller, shown.args[0], "alice")
    close_later(window)
    case_list = window.case_list
    with qtbot.waitSignal(case_list.cases_reloaded):
        case_list.apply_saved_view("all")
    window.activateWindow()
    QTest.keySequence(window, "Ctrl+F")
    qtbot.keyClicks(case_list.filters.search, "kettle base")
    qtbot.waitUntil(lambda: case_list.model.rowCount() == 1)
    case_list.select_relative(0)
    qtbot.waitUntil(lambda: window.viewer.case is not None and window.viewer.case.id == target.id)
    QTest.keySequence(window, "Ctrl+Shift+P")
    form = window.findChild(RemedyForm)
    assert form is not None and form.case.id == target.id
    qtbot.keyClicks(form.amount, "110.00")
    qtbot.waitUntil(
        lambda: form.banner.headline().startswith("Needs a senior specialist's sign-off: 110.00")
    )
    qtbot.keyClicks(form.reason, "The base leaks; photos on file.")
    with qtbot.waitSignal(window.viewer.case_loaded):
        qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    remedy = form.proposed
    assert remedy is not None and "sent for sign-off" in form.outcome.text()
    form.close()
    tab = window.viewer.remedies
    assert tab.model.rows()[0].state.value == "pending-signoff"
    assert "Pending sign-off" in tab.heading.text()

    # The supervisor approves it in the queue with her password.
    with qtbot.waitSignal(controller.login_shown) as again:
        window.action_set["log-out"].trigger()
    window = _log_in(qtbot, controller, again.args[0], "maria")
    close_later(window)
    window.activateWindow()
    with qtbot.waitSignal(window.queue.loaded):
        QTest.keySequence(window, "Ctrl+Shift+Q")
    queue = window.queue
    assert window.places.currentWidget() is queue and queue.isVisible()
    assert queue.current().remedy.reference == remedy.reference
    qtbot.mouseClick(queue.approve_button, Qt.MouseButton.LeftButton)
    sign = window.findChild(SignoffDialog)
    assert sign is not None
    qtbot.keyClicks(sign.password, PASSWORD)
    with qtbot.waitSignal(queue.loaded):
        qtbot.mouseClick(sign.ok_button, Qt.MouseButton.LeftButton)
    assert queue.model.rowCount() == 0

    # In the Negotiation tab the company offers it and the customer's yes by email is recorded;
    # the accepted offer drafts the agreement in one step, which is issued and exported.
    viewer = window.viewer
    with qtbot.waitSignal(viewer.case_loaded, timeout=10_000):
        viewer.show_case(target.id, force=True)
    viewer.show_tab("negotiation")
    talk = viewer.negotiation
    assert talk.new_button.isEnabled() and not talk.draft_button.isEnabled()
    qtbot.mouseClick(talk.new_button, Qt.MouseButton.LeftButton)
    editor = window.findChild(OfferEditor)
    assert editor is not None and editor.by.currentData() == "company"
    editor.remedy_rows[remedy.reference][0].setChecked(True)
    qtbot.keyClicks(editor.note, "Offered on the phone.")
    with qtbot.waitSignal(viewer.case_loaded):
        qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    offer = talk.current()
    assert offer is not None and offer.terms.remedies[0].amount == remedy.amount
    qtbot.mouseClick(talk.accept_button, Qt.MouseButton.LeftButton)
    answer = window.findChild(AnswerOfferDialog)
    assert answer is not None
    assert (answer.by.currentData(), answer.via.currentData()) == ("customer", "email")
    qtbot.keyClicks(answer.note, "Accepted by email.")
    with qtbot.waitSignal(viewer.case_loaded):
        qtbot.mouseClick(answer.ok_button, Qt.MouseButton.LeftButton)
    assert "Accepted by the customer, by email" in talk.rounds.toPlainText()
    with qtbot.waitSignal(talk.drafted), qtbot.waitSignal(viewer.case_loaded):
        qtbot.mouseClick(talk.draft_button, Qt.MouseButton.LeftButton)
    agreements = viewer.agreements
    assert agreements.model.rowCount() == 1
    with qtbot.waitSignal(window.viewer.case_loaded):
        agreements.issue().submit()
    with qtbot.waitSignal(agreements.exported):
        agreements.export_to(str(tmp_path / "agreement.pdf"))
    assert (tmp_path / "agreement.pdf").exists()

    with qtbot.waitSignal(window.viewer.case_loaded):
        window.viewer.reload()
    audit = window.viewer.audit
    actions = [
        audit.proxy.data(audit.proxy.index(r, 0), ActionRole) for r in range(audit.proxy.rowCount())
    ]
    steps = [
        "remedy.proposed",
        "remedy.approved",
        "offer.made",
        "offer.accepted",
        "agreement.drafted",
        "agreement.issued",
        "agreement.exported",
    ]
    assert [a for a in actions if a in steps] == steps
    window.close()


def test_a_password_to_remember_is_saved_after_the_list_paints_off_the_gui_thread(
    qtbot, ws, settings, close_later, monkeypatch
) -> None:
    from ui import credentials

    saved: list[tuple[Any, ...]] = []

    def save(*args: Any) -> bool:
        saved.append((*args, threading.current_thread() is threading.main_thread()))
        return True

    monkeypatch.setattr(credentials, "save_password", save)
    # What a shared-mode login with "remember" on hands over (ui tests run on SQLite).
    monkeypatch.setattr(
        LoginDialog, "credentials_to_remember", lambda self: (self.url, "alice", PASSWORD)
    )
    _controller, window = _alice_logged_in(qtbot, ws, settings)
    close_later(window)
    assert saved == []  # not before the window has painted
    qtbot.waitUntil(lambda: bool(saved))
    assert saved == [(ws.url, "alice", PASSWORD, False)]
    window.close()  # while the controller lives: it quits, waiting for its own tasks
