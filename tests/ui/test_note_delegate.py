"""The notes list's delegate sizes and paints thousands of notes without draining None."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

from PySide6.QtWidgets import QListView, QStyleOptionViewItem

from resolution_center.domain.case import Note
from resolution_center.domain.ids import CaseId
from ui.models.notes import NotesModel
from ui.views.note_delegate import NoteDelegate


def test_sizing_and_painting_five_thousand_notes_keeps_none_alive(qtbot) -> None:  # type: ignore[no-untyped-def]
    """PySide6 6.12 on Python 3.11 takes a reference from None on every initStyleOption call
    made from Python: opening a case with 5,000 notes killed the window ("deallocating
    None"). The delegate must size and paint without such calls."""
    moment = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    notes = [
        Note(i, CaseId(1), "sofia", f"Called the customer, attempt {i}.", moment)
        for i in range(5_000)
    ]
    view = QListView()
    qtbot.addWidget(view)
    model = NotesModel(view)
    view.setModel(model)
    delegate = NoteDelegate(view)
    view.setItemDelegate(delegate)
    view.resize(600, 400)
    view.show()
    before = sys.getrefcount(None)
    model.set_notes(notes)
    view.scrollToBottom()  # sizes every note
    option = QStyleOptionViewItem()
    option.font = view.font()
    heights = {delegate.sizeHint(option, model.index(r, 0)).height() for r in range(5_000)}
    for _ in range(20):
        view.viewport().repaint()
    assert sys.getrefcount(None) - before > -100  # was -5,000 and more: one per note
    assert min(heights) > view.fontMetrics().height() * 2  # a heading line above the text
