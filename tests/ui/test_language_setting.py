"""The window's language: a setting that overrides the system's, chosen on the login and
applied at once (the login is built again in it, typed input kept); the window built after the
login speaks it, and so do the services' messages shown in it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt

from resolution_center.services import service_text
from tests.helpers.workspace import PASSWORD
from ui.app import AppController
from ui.dialogs.login import LoginDialog
from ui.i18n import apply_language, current_language, locale_for
from ui.mainwindow import MainWindow


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    """Every other test expects the English window: put the language back."""
    before = QLocale()
    yield
    app = QCoreApplication.instance()
    assert app is not None
    apply_language(app, "en")
    QLocale.setDefault(before)
    service_text.set_language("en")


def test_a_chosen_language_overrides_the_system(qapp) -> None:  # type: ignore[no-untyped-def]
    assert locale_for("de").language() == QLocale.Language.German
    assert locale_for("").name() == QLocale.system().name()
    apply_language(qapp, "de")
    assert current_language() == "de" and service_text.current_language() == "de"
    assert QCoreApplication.translate("Actions", "&File") == "&Datei"
    apply_language(qapp, "en")
    assert QCoreApplication.translate("Actions", "&File") == "&File"
    assert service_text.current_language() == "en"


def test_choosing_german_on_the_login_switches_at_once_and_the_window_follows(
    qtbot, ws, settings, close_later
) -> None:  # type: ignore[no-untyped-def]
    controller = AppController(
        settings, ws.url, config=ws.config, clock=ws.clock, quit_app=lambda: None
    )
    with qtbot.waitSignal(controller.login_shown) as shown:
        controller.start()
    english: LoginDialog = shown.args[0]
    assert english.login_button.text() == "&Log in"
    qtbot.keyClicks(english.username, "alice")

    with qtbot.waitSignal(controller.login_shown) as rebuilt:
        english.language.setCurrentIndex(english.language.findData("de"))
        english.language.activated.emit(english.language.currentIndex())
    german: LoginDialog = rebuilt.args[0]
    assert settings.language == "de"
    assert german is not english and german.isVisible() and not english.isVisible()
    assert german.login_button.text() == "&Anmelden"
    assert german.windowTitle() == "Anmelden – Resolution Center"
    assert german.username.text() == "alice"  # what was typed survives the switch
    assert german.language.currentData() == "de"

    # a service's error comes out German on the German login
    qtbot.keyClicks(german.password, "not-her-password")
    with qtbot.waitSignal(german.attempt_failed):
        qtbot.mouseClick(german.login_button, Qt.MouseButton.LeftButton)
    assert german.error.text() == "Benutzername oder Passwort falsch"

    german.password.clear()
    qtbot.keyClicks(german.password, PASSWORD)
    with qtbot.waitSignal(controller.window_shown, timeout=10_000) as opened:
        qtbot.mouseClick(german.login_button, Qt.MouseButton.LeftButton)
    window: MainWindow = opened.args[0]
    close_later(window)
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles[:2] == ["&Datei", "&Fall"]


def test_view_language_in_the_window_logs_out_into_a_german_login(
    qtbot, ws, settings, close_later
) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.language import LanguageDialog

    controller = AppController(
        settings, ws.url, config=ws.config, clock=ws.clock, quit_app=lambda: None
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
    menu_view = next(a for a in window.menuBar().actions() if a.text() == "&View")
    assert "&Language…" in [a.text() for a in menu_view.menu().actions()]

    window.action_set["language"].trigger()
    dialog = qtbot.waitUntil(lambda: window.findChild(LanguageDialog) is not None) or (
        window.findChild(LanguageDialog)
    )
    assert isinstance(dialog, LanguageDialog)
    dialog.box.setCurrentIndex(dialog.box.findData("de"))
    with qtbot.waitSignal(controller.login_shown, timeout=10_000) as again:
        qtbot.mouseClick(dialog.now, Qt.MouseButton.LeftButton)
    german: LoginDialog = again.args[0]
    assert settings.language == "de"
    assert german.login_button.text() == "&Anmelden"


def test_audit_summaries_read_german_piece_by_piece_and_typed_text_stays(qapp) -> None:  # type: ignore[no-untyped-def]
    from ui.labels import trail_summary_text

    apply_language(qapp, "de")
    assert (
        trail_summary_text("Opened “Kettle leaks” · Shipping problem: Delay · High priority")
        == "Eröffnet: „Kettle leaks“ · Versandproblem: Verzögerung · Priorität Hoch"
    )
    assert (
        trail_summary_text("Status Open → Waiting on customer; SLA clock paused")
        == "Status Offen → Wartet auf Kunden; SLA-Uhr angehalten"
    )
    assert (
        trail_summary_text(
            "RM-000023: Partial refund 70.00 EUR proposed; needs supervisor sign-off"
        )
        == "RM-000023: Teilerstattung 70,00 EUR vorgeschlagen; Freigabe durch Teamleiter nötig"
    )
    # a note's body is someone's typing: "Open" in it is not a status to translate
    assert (
        trail_summary_text("Internal note: Called back; Open") == "Interne Notiz: Called back; Open"
    )
    apply_language(qapp, "en")
    assert trail_summary_text("Status Open → Closed") == "Status Open → Closed"


def test_the_german_window_fits_a_small_screen(qtbot, qapp, ws, make_ops, settings) -> None:  # type: ignore[no-untyped-def]
    """German words are long: every place and the case header still fit 1024 pixels."""
    from tests.helpers.workspace import draft

    apply_language(qapp, "de")
    alice = ws.login("alice")
    case = alice.cases.create(draft("Wasserkocher tropft am Boden"))
    window = MainWindow(make_ops(alice), settings)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    window.start()
    window.build_viewer()
    with qtbot.waitSignal(window.viewer.case_loaded, timeout=10_000):
        window.open_case(case.id)
    for key in ("details", "audit", "remedies", "agreements", "follow_up"):
        window.viewer.show_tab(key)
        qtbot.wait(50)
        assert window.minimumSizeHint().width() <= 1024, key
    assert window.width() == 1024
