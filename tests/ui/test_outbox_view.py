"""The Outbox place and the mail server dialog, driven like a user, against a real SMTP server
(aiosmtpd on a loopback port) and an in-memory keyring."""

from __future__ import annotations

import os
from email import policy
from email.parser import BytesParser
from pathlib import Path

from resolution_center.domain.outbox import OutboxState
from tests.helpers.keyring_memory import MemoryKeyring
from tests.helpers.smtp_server import SmtpServer, configure_outbox, free_port
from tests.helpers.workspace import draft
from ui.dialogs.smtp_settings import SmtpSettingsDialog
from ui.outbox_sender import OutboxSender
from ui.views.outbox_view import OutboxView

SHOTS = os.environ.get("RC_SHOTS")  # a folder: the test saves what it shows there


def _send_two(ws) -> list[str]:  # type: ignore[no-untyped-def]
    alice = ws.login("alice")
    refs = []
    for subject in ("Kettle leaks", "Toaster sparks"):
        case = alice.cases.create(draft(subject))
        [ack] = alice.messages.list(case.reference)
        alice.messages.send(ack.id)
        refs.append(case.reference)
    return refs


def _view(qtbot, ops) -> OutboxView:  # type: ignore[no-untyped-def]
    view = OutboxView(ops)
    qtbot.addWidget(view)
    view.resize(1024, 700)
    view.show()
    with qtbot.waitSignal(view.loaded):
        view.reload()
    return view


def test_outbox_shows_the_server_answer_and_a_retry_delivers_once(  # type: ignore[no-untyped-def]
    qtbot, ws, make_ops, smtp_server: SmtpServer, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    root = ws.login("root")
    configure_outbox(root, free_port())  # nobody listens: the first pass cannot reach it
    _send_two(ws)
    ops = make_ops(root)
    view = _view(qtbot, ops)
    assert view.model.rowCount() == 2 and view.deliver_button.isVisible()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.deliver_button.click()
    assert "cannot reach" in view.detail.text()
    assert "0 delivered, 2 to be tried again" in view.status.text()

    configure_outbox(root, smtp_server.port)
    smtp_server.handler.refuse = "550 5.1.1 mailbox unavailable"
    ws.clock.advance(minutes=5)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.deliver_button.click()
    failed = view.current()
    assert failed is not None and failed.state is OutboxState.FAILED
    assert "550 5.1.1 mailbox unavailable" in view.detail.text()
    if SHOTS:
        view.grab().save(str(Path(SHOTS) / "outbox-failed.png"))

    smtp_server.handler.refuse = None
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.retry_button.click()
    assert view.current() is not None and view.current().state is OutboxState.DELIVERED
    assert not view.retry_button.isEnabled()  # a delivered mail is never sent again
    assert len(smtp_server.received) == 1

    out = tmp_path / "mail.eml"
    delivered = view.current()
    view.export_to(delivered.message_id, str(out))
    qtbot.waitUntil(lambda: "Saved to" in view.status.text(), timeout=10_000)
    mail = BytesParser(policy=policy.default).parsebytes(out.read_bytes())
    assert mail["Message-ID"] == delivered.mail_id
    if SHOTS:
        view.filter.setCurrentIndex(0)
        qtbot.waitSignal(view.loaded, timeout=10_000)
        view.grab().save(str(Path(SHOTS) / "outbox.png"))
    assert root.audit.verify().ok


def test_a_window_on_a_local_file_delivers_and_a_second_sends_nothing_twice(  # type: ignore[no-untyped-def]
    qtbot, ws, make_ops, smtp_server: SmtpServer, memory_keyring: MemoryKeyring
) -> None:
    # On a local file whoever works in it delivers (services/outbox.py may_deliver; on a shared
    # database only administrators' windows do: tests/services/test_outbox.py).
    root = ws.login("root")
    configure_outbox(root, smtp_server.port)
    _send_two(ws)
    specialist = OutboxSender(make_ops(ws.login("alice")))
    assert specialist.enabled
    with qtbot.waitSignal(specialist.delivered, timeout=10_000) as done:
        specialist.start(first_ms=0)
    specialist.stop()
    assert len(done.args[0].delivered) == 2 and len(smtp_server.received) == 2
    sender = OutboxSender(make_ops(root))
    with qtbot.assertNotEmitted(sender.delivered):  # it found nothing to attempt
        sender.send()
        assert sender.running
        qtbot.waitUntil(lambda: not sender.running, timeout=10_000)
    assert len(smtp_server.received) == 2


def test_mail_server_dialog_keeps_typed_input_on_an_error(  # type: ignore[no-untyped-def]
    qtbot, ws, make_ops, memory_keyring: MemoryKeyring
) -> None:
    root = ws.login("root")
    dialog = SmtpSettingsDialog(make_ops(root))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.host.setText("smtp.example.com")
    dialog.username.setText("support")
    dialog.password.setText("pw-123")
    dialog.from_address.setText("support at example")
    dialog.submit()
    assert "not an e-mail address" in dialog.errors.message_for("from_address")
    assert dialog.from_address.text() == "support at example"
    assert root.store.setting("smtp.host") is None and not memory_keyring.entries
    if SHOTS:
        dialog.grab().save(str(Path(SHOTS) / "smtp-settings-error.png"))
    dialog.from_address.setText("support@example.com")
    dialog.submit()
    assert root.outbox.settings().host == "smtp.example.com" and root.outbox.has_password()
    assert "pw-123" in memory_keyring.entries.values()
    assert not dialog.isVisible()  # saved and closed


def test_the_messages_tab_exports_a_draft_as_eml(  # type: ignore[no-untyped-def]
    qtbot, ws, make_ops, settings, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    from ui.chain_state import ChainState
    from ui.views.case_viewer import CaseViewer

    alice = ws.login("alice")
    case = alice.cases.create(draft())
    ops = make_ops(alice)
    viewer = CaseViewer(ops, settings, ChainState(ops))
    qtbot.addWidget(viewer)
    viewer.resize(1024, 700)
    viewer.show()
    with qtbot.waitSignal(viewer.case_loaded):
        viewer.show_case(case.id)
    viewer.show_tab("messages")
    tab = viewer.messages
    assert tab.export_button.isEnabled()  # the acknowledgement's draft is selected
    dialog = tab.export_eml()
    assert dialog is not None and dialog.selectedFiles()[0].endswith(
        f"{case.reference}-message-1.eml"
    )
    out = tmp_path / "draft.eml"
    dialog.fileSelected.emit(str(out))
    qtbot.waitUntil(lambda: "Saved to" in tab.export_status.text(), timeout=10_000)
    mail = BytesParser(policy=policy.default).parsebytes(out.read_bytes())
    assert str(mail["Subject"]).count(case.reference) == 1  # the template names it once
    assert mail["To"].addresses[0].addr_spec == "zoe@example.com"
    dialog.close()
    # sent, it is queued, and the tab says so
    with qtbot.waitSignal(viewer.case_loaded, timeout=10_000):
        tab.send_button.click()
    assert "Mail waiting in the Outbox" in tab.detail_head.text()


def test_the_outbox_tab_counts_what_waits(  # type: ignore[no-untyped-def]
    qtbot, ws, make_ops, settings, memory_keyring: MemoryKeyring
) -> None:
    from ui.mainwindow import MainWindow

    _send_two(ws)
    window = MainWindow(make_ops(ws.login("alice")), settings)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    with qtbot.waitSignal(window.outbox.waiting, timeout=10_000) as counted:
        window.outbox.reload()
    assert counted.args == [2]
    assert window.places.tabText(window.places.indexOf(window.outbox)) == "Outbox (2 waiting)"
    assert not window.outbox.deliver_button.isVisible()  # a specialist's window never sends
