"""The Evidence tab driven like a user: add a file, see the row and preview, save as, open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QUrl
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QFileDialog

from tests.helpers.workspace import draft
from ui.chain_state import ChainState
from ui.models.rows import RowRole, RowsModel
from ui.views.case_viewer import CaseViewer
from ui.views.evidence_tab import evidence_columns


def _png(width: int = 640, height: int = 480) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("darkorange"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def _viewer(qtbot, ops, settings, case_id):  # type: ignore[no-untyped-def]
    viewer = CaseViewer(ops, settings, ChainState(ops))
    qtbot.addWidget(viewer)
    viewer.resize(1100, 700)
    viewer.show()
    with qtbot.waitSignal(viewer.case_loaded):
        viewer.show_case(case_id)
    viewer.show_tab("evidence")
    return viewer


def test_model_passes_modeltester(qtmodeltester, ws) -> None:  # type: ignore[no-untyped-def]
    alice = ws.login("alice")
    case = alice.cases.create(draft())
    alice.attachments.add(case.id, "crack.png", _png(), "The crack\nsecond line")
    alice.attachments.add(case.id, "mail.eml", b"From: a@example.com\nTo: b@example.com\n\nHi")
    model = RowsModel(evidence_columns())
    model.set_rows(alice.attachments.list(case.id))
    qtmodeltester.check(model)
    assert model.index(0, 1).data() == "PNG image"
    assert model.index(1, 1).data() == "E-mail message"
    assert model.index(0, 5).data() == "The crack"
    assert model.index(0, 0).data(RowRole).file_name == "crack.png"


def test_add_a_file_then_save_it_and_open_it(  # type: ignore[no-untyped-def]
    qtbot, ws, make_ops, settings, tmp_path: Path
) -> None:
    alice = ws.login("alice")
    case = alice.cases.create(draft())
    viewer = _viewer(qtbot, make_ops(alice), settings, case.id)
    tab = viewer.evidence
    assert viewer.tabs.currentWidget() is tab
    assert tab.model.rowCount() == 0 and not tab.save_button.isEnabled()
    assert tab.add_button.isEnabled() and tab.add_button.accessibleName()

    photo = tmp_path / "crack.png"
    photo.write_bytes(_png())
    qtbot.keyClicks(tab.description, "Base of the kettle")
    with qtbot.waitSignal(viewer.case_loaded), qtbot.waitSignal(tab.evidence_added) as added:
        tab.add_path(str(photo))
    assert added.args[0].file_name == "crack.png"
    assert tab.model.rowCount() == 1
    assert tab.model.index(0, 0).data() == "crack.png"
    assert tab.model.index(0, 3).data() == "alice"
    assert tab.model.index(0, 5).data() == "Base of the kettle"
    assert tab.description.text() == ""  # ready for the next file
    qtbot.waitUntil(lambda: tab.preview.pixmap() is not None and not tab.preview.pixmap().isNull())
    assert max(tab.preview.pixmap().width(), tab.preview.pixmap().height()) == 320

    target = tmp_path / "saved.png"
    with qtbot.waitSignal(tab.saved):
        tab.save_to(str(target))
    assert target.read_bytes() == photo.read_bytes()

    opened: list[QUrl] = []
    tab.open_url = opened.append
    with qtbot.waitSignal(tab.opened) as done:
        tab.open_button.click()
    assert Path(done.args[0]).read_bytes() == photo.read_bytes()
    assert opened == [QUrl.fromLocalFile(done.args[0])]

    trail = alice.audit.case_trail(case.id)
    assert trail[-1].event.action == "evidence.added"


def test_refusals_show_inline_and_keep_the_description(  # type: ignore[no-untyped-def]
    qtbot, ws, make_ops, settings, tmp_path: Path
) -> None:
    alice = ws.login("alice")
    case = alice.cases.create(draft())
    viewer = _viewer(qtbot, make_ops(alice), settings, case.id)
    tab = viewer.evidence
    seen: list = []  # type: ignore[type-arg]
    tab.ops.presenter.dialog_shown.connect(seen.append)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    tab.description.setText("Chat export")
    with qtbot.waitSignal(tab.ops.tasks.busy_changed, check_params_cb=lambda busy: not busy):
        tab.add_path(str(empty))
    assert "is empty" in tab.general_error.text() and tab.general_error.isVisibleTo(tab)
    assert tab.description.text() == "Chat export"
    assert seen == []  # inline, no dialog

    chat = tmp_path / "chat.txt"
    chat.write_text("Customer: it leaks\nAgent: sorry to hear\n")
    with qtbot.waitSignal(tab.evidence_added):
        tab.add_path(str(chat))
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert not tab.general_error.isVisibleTo(tab)
    with qtbot.waitSignal(tab.ops.tasks.busy_changed, check_params_cb=lambda busy: not busy):
        tab.add_path(str(chat))
    assert "already attached" in tab.general_error.text()
    qtbot.waitUntil(lambda: "Customer: it leaks" in tab.preview.text())


def test_unrecognised_files_are_not_opened(qtbot, ws, make_ops, settings) -> None:  # type: ignore[no-untyped-def]
    alice = ws.login("alice")
    case = alice.cases.create(draft())
    alice.attachments.add(case.id, "invoice.pdf.exe", b"MZ\x90\x00 a program")
    tab = _viewer(qtbot, make_ops(alice), settings, case.id).evidence
    assert tab.model.index(0, 1).data() == "Other file"
    assert tab.save_button.isEnabled() and not tab.open_button.isEnabled()
    assert "No preview" in tab.preview.text()


def test_the_dialogs_open_non_blocking(qtbot, ws, make_ops, settings) -> None:  # type: ignore[no-untyped-def]
    alice = ws.login("alice")
    case = alice.cases.create(draft())
    alice.attachments.add(case.id, "note.txt", b"hello\n")
    tab = _viewer(qtbot, make_ops(alice), settings, case.id).evidence
    dialog = tab.add()
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    dialog.reject()
    dialog = tab.save_as()
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    dialog.reject()


def test_withdrawing_needs_a_reason_then_the_row_says_withdrawn(  # type: ignore[no-untyped-def]
    qtbot, ws, make_ops, settings
) -> None:
    from ui.dialogs.evidence_actions import WithdrawEvidenceDialog

    alice = ws.login("alice")
    case = alice.cases.create(draft())
    added = alice.attachments.add(case.id, "wrong-case.png", _png(), "Belongs to another case")
    viewer = _viewer(qtbot, make_ops(alice), settings, case.id)
    tab = viewer.evidence
    tab.table.selectRow(0)
    assert tab.withdraw_button.isEnabled()
    qtbot.mouseClick(tab.withdraw_button, Qt.MouseButton.LeftButton)
    dialog = tab.window().findChild(WithdrawEvidenceDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.submit()  # no reason typed: refused next to the field, nothing recorded
    assert dialog.errors.message_for("reason")
    assert not alice.attachments.get(added.id).withdrawn
    qtbot.keyClicks(dialog.reason, "Added to the wrong case.")
    with qtbot.waitSignal(viewer.case_loaded):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert alice.attachments.get(added.id).withdrawn_by == "alice"
    tab.table.selectRow(0)
    assert not tab.withdraw_button.isEnabled()  # withdrawn once; the row stays, marked
    assert "evidence.withdrawn" in [e.event.action for e in alice.audit.case_trail(case.id)]
