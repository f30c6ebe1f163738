"""The Messages tab, the message editor and the answers library, driven like a user."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from resolution_center.domain.answers import AnswerText
from resolution_center.domain.messages import MessageState
from tests.helpers.workspace import draft
from ui.chain_state import ChainState
from ui.dialogs.message_editor import MessageEditor
from ui.dialogs.message_templates import TemplatesDialog
from ui.mainwindow import MainWindow
from ui.views.answers_library import AnswerForm, AnswersLibrary
from ui.views.case_viewer import CaseViewer

LEAK = AnswerText(
    "Leaking kettle: free replacement",
    "Dear {{ customer_name }}, we will send a new kettle for case {{ reference }}.",
    ("kettle", "leak"),
    "product-defect",
)


def _viewer(qtbot, ops, settings, case_id):  # type: ignore[no-untyped-def]
    viewer = CaseViewer(ops, settings, ChainState(ops))
    qtbot.addWidget(viewer)
    viewer.resize(1024, 700)
    viewer.show()
    with qtbot.waitSignal(viewer.case_loaded):
        viewer.show_case(case_id)
    viewer.show_tab("messages")
    return viewer


def _editor(qtbot, viewer) -> MessageEditor:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(viewer.messages.editor_opened) as opened:
        qtbot.mouseClick(viewer.messages.new_button, Qt.MouseButton.LeftButton)
    editor = opened.args[0]
    assert isinstance(editor, MessageEditor)
    return editor


def test_the_specialist_answers_from_an_approved_answer(  # type: ignore[no-untyped-def]
    qtbot, ws, make_ops, settings
) -> None:
    alice = ws.login("alice")
    case = alice.cases.create(draft())
    answer = alice.answers.add("reply", LEAK)
    ws.login("sam").answers.approve(answer.id)
    viewer = _viewer(qtbot, make_ops(alice), settings, case.id)
    tab = viewer.messages
    # The acknowledgement intake drafted, with its template version.
    assert tab.model.rowCount() == 1
    assert tab.model.index(0, tab.model.column("template")).data() == "acknowledgement/en v1"

    editor = _editor(qtbot, viewer)
    editor.template.setCurrentIndex(editor.template.findData("status-update"))
    assert editor.subject.text() == f"Update on your complaint ({case.reference})"
    qtbot.keyClicks(editor.search, "kettl")
    qtbot.waitUntil(lambda: editor.results.count() == 1)
    assert "ms" in editor.search_status.text()
    editor.body.moveCursor(editor.body.textCursor().MoveOperation.End)
    qtbot.mouseClick(editor.insert, Qt.MouseButton.LeftButton)
    body = editor.body.toPlainText()
    assert "Dear Zoë Łukasiewicz-Ørsted, we will send a new kettle" in body
    assert "{{" not in body
    qtbot.waitUntil(lambda: "we will send a new kettle" in editor.preview.toPlainText())
    assert editor.preview.toPlainText().startswith("To: Zoë Łukasiewicz-Ørsted <zoe@example.com>")

    with qtbot.waitSignal(editor.saved) as saved:
        qtbot.mouseClick(editor.send_button, Qt.MouseButton.LeftButton)
    message = saved.args[0]
    assert message.state is MessageState.SENT
    assert message.template_name == "status-update" and message.template_version == 1
    assert message.answer_versions == (answer.latest.id,)
    assert alice.answers.get(answer.id).uses == 1
    assert alice.cases.get(case.id).first_responded_at is not None
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    assert tab.model.index(0, tab.model.column("state")).data() == "Sent"


def test_an_error_keeps_what_was_typed(qtbot, ws, make_ops, settings) -> None:  # type: ignore[no-untyped-def]
    alice = ws.login("alice")
    case = alice.cases.create(draft())
    viewer = _viewer(qtbot, make_ops(alice), settings, case.id)
    editor = _editor(qtbot, viewer)
    editor.subject.setText("")
    editor.body.setPlainText("A long, careful answer.")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible()
    assert "subject is required" in editor.errors.message_for("subject")
    assert editor.body.toPlainText() == "A long, careful answer."
    assert len(alice.messages.list(case.id)) == 1  # still only the acknowledgement
    editor.subject.setText("Your kettle")
    with qtbot.waitSignal(editor.saved):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    [_ack, mine] = alice.messages.list(case.id)
    assert (mine.state, mine.subject, mine.template_name) == (
        MessageState.DRAFT,
        "Your kettle",
        None,
    )


def test_a_draft_is_sent_from_the_tab(qtbot, ws, make_ops, settings) -> None:  # type: ignore[no-untyped-def]
    alice = ws.login("alice")
    case = alice.cases.create(draft())
    viewer = _viewer(qtbot, make_ops(alice), settings, case.id)
    tab = viewer.messages
    tab.table.selectRow(0)
    assert tab.send_button.isEnabled()
    qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.index(0, tab.model.column("state")).data() == "Sent")
    assert not tab.send_button.isEnabled() and not tab.edit_button.isEnabled()
    assert "Sent by alice" in tab.detail_head.text()


def test_the_library_writes_and_approves_but_never_ones_own(  # type: ignore[no-untyped-def]
    qtbot, ws, make_ops
) -> None:
    alice_ops = make_ops(ws.login("alice"))
    library = AnswersLibrary(alice_ops)
    qtbot.addWidget(library)
    library.show()
    with qtbot.waitSignal(library.form_opened) as opened:
        qtbot.mouseClick(library.new_button, Qt.MouseButton.LeftButton)
    form = opened.args[0]
    assert isinstance(form, AnswerForm)
    form.title_edit.setText("Refund timing")
    form.body.setPlainText("Hi {{ voucher }}")
    form.submit()
    assert "voucher" in form.errors.message_for("body") and form.isVisible()
    form.body.setPlainText("Refunds reach {{ customer_name }} within 5 working days.")
    with qtbot.waitSignal(form.saved):
        form.submit()
    qtbot.waitUntil(lambda: library.model.rowCount() == 1)
    library.table.selectRow(0)
    assert library.model.index(0, 2).data() == "Awaiting approval"
    assert not library.approve_button.isEnabled()  # alice is a specialist

    sam_ops = make_ops(ws.login("sam"))
    senior = AnswersLibrary(sam_ops)
    qtbot.addWidget(senior)
    senior.show()
    senior.table.selectRow(0)
    assert senior.approve_button.isEnabled()
    qtbot.mouseClick(senior.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: senior.model.index(0, 2).data() == "Approved")
    qtbot.keyClicks(senior.search, "refund")
    qtbot.waitUntil(lambda: senior.status.text() == "1 answers")
    QApplication.processEvents()


def test_message_to_customer_opens_the_editor_and_go_opens_the_library(  # type: ignore[no-untyped-def]
    qtbot, ws, make_ops, settings
) -> None:
    alice = ws.login("alice")
    case = alice.cases.create(draft())
    window = MainWindow(make_ops(alice), settings)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    window.start()
    with qtbot.waitSignal(window.viewer.case_loaded):
        window.open_case(case.id)
    with qtbot.waitSignal(window.viewer.messages.editor_opened) as opened:
        QTest.keySequence(window, "Ctrl+Shift+R")
    editor = opened.args[0]
    assert window.viewer.tabs.currentWidget() is window.viewer.messages
    assert editor.isVisible() and editor.case.id == case.id
    # The dialog fits the small window's screen.
    assert editor.width() <= 1024 and editor.height() <= 700
    editor.reject()
    window.action_set["answers-library"].trigger()
    library = next(w for w in QApplication.topLevelWidgets() if isinstance(w, AnswersLibrary))
    assert library.isVisible()
    library.reject()


def test_an_admin_saves_a_template_version_and_a_bad_one_is_refused_in_place(  # type: ignore[no-untyped-def]
    qtbot, ws, make_ops
) -> None:
    dialog = TemplatesDialog(make_ops(ws.login("root")))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.list.setCurrentRow(
        next(
            i
            for i, t in enumerate(dialog.templates)
            if (t.name, t.language) == ("status-update", "de")
        )
    )
    assert dialog.subject.text().startswith("Neuigkeiten")
    dialog.body.setPlainText("Hallo {{ customer_name }}, Ihr Gutschein: {{ voucher }}")
    qtbot.waitUntil(lambda: "voucher" in dialog.errors.message_for("body"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "voucher" in dialog.errors.message_for("body")
    assert dialog.body.toPlainText().endswith("{{ voucher }}")  # the typed text stays
    dialog.body.setPlainText("Hallo {{ customer_name }}, es gibt Neuigkeiten.")
    qtbot.waitUntil(lambda: "Hallo Zoë" in dialog.preview.toPlainText())
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved.args[0].version == 2
    assert "v1 shipped; v2 root" in dialog.versions.text()
    # Others read the templates but save nothing.
    reader = TemplatesDialog(make_ops(ws.login("alice")))
    qtbot.addWidget(reader)
    assert reader.subject.isReadOnly() and not reader.save_button.isVisibleTo(reader)
