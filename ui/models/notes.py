"""A case's notes and messages to the customer, oldest first, as a list model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from resolution_center.domain.case import Note

from ..formatting import local_time

translate = QCoreApplication.translate  # a name pyside6-lupdate recognises

Index = QModelIndex | QPersistentModelIndex

NoteIdRole = Qt.ItemDataRole.UserRole + 1
NoteRole = Qt.ItemDataRole.UserRole + 2
ToCustomerRole = Qt.ItemDataRole.UserRole + 3


def note_heading(note: Note) -> str:
    kind = (
        translate("NotesModel", "Internal note")
        if note.internal
        else translate("NotesModel", "Message to customer")
    )
    return translate("NotesModel", "{kind} by {author}, {when}").format(
        kind=kind, author=note.author, when=local_time(note.created_at)
    )


class NotesModel(QAbstractListModel):
    """One row per note: a heading line (kind, author, local time) and the body."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._notes: list[Note] = []

    def set_notes(self, notes: Sequence[Note]) -> None:
        self.beginResetModel()
        self._notes = list(notes)
        self.endResetModel()

    def note(self, row: int) -> Note | None:
        return self._notes[row] if 0 <= row < len(self._notes) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._notes)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._notes):
            return None
        note = self._notes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{note_heading(note)}\n{note.body}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{note_heading(note)}. {note.body}"
        if role == NoteIdRole:
            return note.id
        if role == NoteRole:
            return note
        if role == ToCustomerRole:
            return not note.internal
        return None
