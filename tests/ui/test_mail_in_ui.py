"""Mail in, in the window, driven like a user: the Mail quarantine place (re-import into a named
case, discard with a reason; typed input survives an error), mail files dropped on the window
and on an open case, the received mail in the case's Messages tab, and the IMAP settings."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QLabel, QWidget

from tests.helpers import mail_fixtures as fx
from tests.ui.conftest import cases
from ui.chain_state import ChainStatus
from ui.dialogs.imap_settings import ImapSettingsDialog
from ui.mail_in import MailDrop, MailFetcher
from ui.mainwindow import MainWindow
from ui.views.mail_quarantine import QuarantineView

SHOTS = os.environ.get("RC_SHOTS")  # a folder: the test saves what it shows there


def _drop(drop: MailDrop, widget: QWidget, paths: list[Path]) -> None:
    """A drop of `paths` on `widget`, handed to the filter watching it. (Offscreen Qt delivers
    no drop without a drag in progress, so the event goes to the filter directly.)"""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    assert drop.eventFilter(widget, event) == bool(event.isAccepted() and paths)


def test_quarantine_reimport_into_a_case_and_discard_with_a_reason(  # type: ignore[no-untyped-def]
    qtbot, ws, make_ops
) -> None:
    alice = ws.login("alice")
    alice.mail_in.import_bytes(fx.no_sender("ui1"), "imap:INBOX uid 3")
    alice.mail_in.import_bytes(fx.malformed("ui2"), "broken.eml")
    case = cases(alice, ["Kettle leaks"])[0]
    ops = make_ops(alice)
    view = QuarantineView(ops, MailFetcher(ops))
    qtbot.addWidget(view)
    view.resize(1024, 700)
    view.show()
    with qtbot.waitSignal(view.loaded) as loaded:
        view.reload()
    assert loaded.args == [2] and view.model.rowCount() == 2
    view.table.selectRow(1)  # newest first: the mail without a sender is the older one
    assert "no sender" in view.detail.text()
    if SHOTS:
        qtbot.wait(100)  # the detail pane lays out its new lines
        view.grab().save(str(Path(SHOTS) / "mail-quarantine.png"))

    view.case.setText("RC-1999-000001")
    view.retry_button.click()
    qtbot.waitUntil(
        lambda: bool(view.case_error.text() or view.general_error.text()), timeout=5_000
    )
    assert view.case.text() == "RC-1999-000001"  # the typed input stays after the error

    view.case.setText(case.reference)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.retry_button.click()
    assert f"Imported into {case.reference}" in view.status.text()
    assert view.model.rowCount() == 1

    view.table.selectRow(0)
    view.discard_button.click()  # no reason given: refused beside the field
    qtbot.waitUntil(lambda: view.reason_error.text() != "", timeout=5_000)
    view.reason.setText("spam")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.discard_button.click()
    assert view.model.rowCount() == 0 and "stay on record" in view.status.text()
    view.show_all.setChecked(True)
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=5_000)
    assert ws.login("root").audit.verify().ok


def test_mail_dropped_on_the_window_opens_cases_and_on_a_case_joins_it(  # type: ignore[no-untyped-def]
    qtbot, ws, make_ops, settings, tmp_path: Path
) -> None:
    alice = ws.login("alice")
    case = cases(alice, ["Kettle leaks"])[0]
    window = MainWindow(make_ops(alice), settings)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    with qtbot.waitSignal(
        window.chain.changed,
        check_params_cb=lambda: window.chain.status is not ChainStatus.VERIFYING,
    ):
        window.start()
    (tmp_path / "new.eml").write_bytes(fx.html_only("drop1"))
    (tmp_path / "notes.txt").write_text("not a mail")
    with qtbot.waitSignal(window.mail_drop.imported, timeout=10_000) as dropped:
        _drop(window.mail_drop, window.case_list, [tmp_path / "new.eml", tmp_path / "notes.txt"])
    [opened] = dropped.args[0]
    assert opened.outcome.value == "opened"
    assert "1 new case(s)" in window.statusBar().currentMessage()

    window.build_viewer()
    window.open_case(case.id)
    viewer = window.viewer
    qtbot.waitUntil(lambda: viewer.case is not None and viewer.case.id == case.id, timeout=10_000)
    (tmp_path / "reply.eml").write_bytes(fx.plain("drop2", "Something unrelated"))
    with qtbot.waitSignal(window.mail_drop.imported, timeout=10_000) as dropped:
        _drop(window.mail_drop, window.viewer, [tmp_path / "reply.eml"])
    [joined] = dropped.args[0]
    assert (joined.outcome.value, joined.case) == ("joined", case.reference)
    window.viewer.show_tab("messages")
    tab = window.viewer.messages
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=5_000)
    tab.table.selectRow(0)
    row = [tab.model.data(tab.model.index(0, c)) for c in range(tab.model.columnCount())]
    assert row[:2] == ["From customer", "Received"]
    assert "Zoë Kowalski <zoe@example.com>" in tab.detail_head.text()
    if SHOTS:
        window.grab().save(str(Path(SHOTS) / "mail-messages-tab.png"))
        window.show_mail_quarantine()
        window.grab().save(str(Path(SHOTS) / "mail-quarantine-place.png"))


def test_imap_settings_dialog_keeps_typed_input_on_an_error(  # type: ignore[no-untyped-def]
    qtbot, ws, make_ops
) -> None:
    root = ws.login("root")
    dialog = ImapSettingsDialog(make_ops(root))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.host.setText("imap.example.com")
    dialog.username.setText("support")
    dialog.security.setCurrentIndex(dialog.security.findData("plain"))
    dialog.submit()

    def shown_error() -> str:
        return " ".join(label.text() for label in dialog.findChildren(QLabel))

    qtbot.waitUntil(lambda: "only to this machine" in shown_error(), timeout=5_000)
    assert dialog.host.text() == "imap.example.com" and dialog.isVisible()
    if SHOTS:
        dialog.grab().save(str(Path(SHOTS) / "imap-settings.png"))
    dialog.security.setCurrentIndex(dialog.security.findData("tls"))
    assert dialog.port.value() == 993
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    saved = root.mail_fetch.settings()
    assert (saved.host, saved.username, saved.security) == ("imap.example.com", "support", "tls")


def test_mail_drop_ignores_what_is_not_mail(qtbot, ws, make_ops, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    drop = MailDrop(make_ops(ws.login("alice")), widget)
    drop.watch(widget)
    (tmp_path / "photo.png").write_bytes(fx.PNG)
    with qtbot.assertNotEmitted(drop.imported, wait=300):
        _drop(drop, widget, [tmp_path / "photo.png"])


def test_the_window_fetches_mail_periodically_off_the_gui_thread(  # type: ignore[no-untyped-def]
    qtbot, ws, make_ops, memory_keyring
) -> None:
    from tests.helpers.imap_server import USER, require_imap_server

    server = require_imap_server()
    folder = server.new_folder()
    root = ws.login("root")
    saved = root.mail_fetch.set_settings(
        host="127.0.0.1",
        port=server.tls_port,
        security="tls",
        username=USER,
        folder=folder,
        cafile=server.cafile,
        interval=1,
    )
    assert root.mail_fetch.remember_password(server.password)
    assert saved.interval == 1
    server.append(folder, fx.plain("tick1"))
    fetcher = MailFetcher(make_ops(ws.login("alice")), tick_ms=50)
    with qtbot.waitSignal(fetcher.fetched, timeout=15_000) as first:
        fetcher.start(first_ms=0)
    assert [r.outcome.value for r in first.args[0].results] == ["opened"]
    server.append(folder, fx.plain("tick2", "Another kettle"))
    # The next tick (one "minute" of 50 ms here) fetches again, taking only the new mail.
    with qtbot.waitSignal(
        fetcher.fetched, timeout=15_000, check_params_cb=lambda r: bool(r.results)
    ) as second:
        pass
    fetcher.stop()
    assert [r.subject for r in second.args[0].results] == ["Another kettle"]
    assert ws.login("root").audit.verify().ok


def test_file_import_mail_files_imports_the_chosen_files(  # type: ignore[no-untyped-def]
    qtbot, ws, make_ops, settings, tmp_path: Path
) -> None:
    window = MainWindow(make_ops(ws.login("alice")), settings)
    qtbot.addWidget(window)
    window.show()
    action = window.action_set["import-mail"]
    assert action.text() == "Import &mail files…"
    (tmp_path / "a.eml").write_bytes(fx.alternative("menu1"))
    (tmp_path / "b.eml").write_bytes(fx.no_sender("menu2"))
    window.import_mail_files()
    dialog = window.mail_files_dialog
    with qtbot.waitSignal(window.mail_drop.imported, timeout=10_000) as done:
        dialog.filesSelected.emit([str(tmp_path / "a.eml"), str(tmp_path / "b.eml")])
    assert [r.outcome.value for r in done.args[0]] == ["opened", "quarantined"]
    assert "1 in quarantine" in window.statusBar().currentMessage()
