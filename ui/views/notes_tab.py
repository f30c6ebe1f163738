"""The Notes & messages tab: the case's notes, and a composer for a note or a customer message."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.case import Case, Note
from resolution_center.services.session import Session

from ..forms import FormErrors, error_label
from ..models.notes import NotesModel
from .case_tab import CaseTab, TabEnv
from .note_delegate import NoteDelegate


class NotesTab(CaseTab):
    key = "notes"

    note_added = Signal(object)
    """The Note just stored."""

    def __init__(self, env: TabEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.model = NotesModel(self)
        self._drafts: dict[int, tuple[str, bool]] = {}
        self.list = QListView()
        self.list.setObjectName("notesList")
        self.list.setAccessibleName(self.tr("Notes and messages"))
        self.list.setModel(self.model)
        self.list.setItemDelegate(NoteDelegate(self.list))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # Laid out a batch at a time between events: a case with 5,000 notes sized every note
        # in one go (2-4 s with the window frozen). The list keeps to its bottom (the latest
        # note) while the batches grow it, until the user scrolls.
        self.list.setLayoutMode(QListView.LayoutMode.Batched)
        self.list.setBatchSize(50)
        self._keep_to_bottom = False
        bar = self.list.verticalScrollBar()
        bar.rangeChanged.connect(self._range_changed)
        bar.actionTriggered.connect(self._user_scrolled)
        self.empty = QLabel(self.tr("No notes yet."))

        self.composer = QPlainTextEdit()
        self.composer.setObjectName("noteComposer")
        self.composer.setAccessibleName(self.tr("New note"))
        self.composer.setPlaceholderText(self.tr("Write a note… (Ctrl+Enter adds it)"))
        self.composer.setTabChangesFocus(True)
        self.internal = QRadioButton(self.tr("&Internal note"))
        self.internal.setChecked(True)
        self.to_customer = QRadioButton(self.tr("&Message to customer"))
        self.to_customer.setToolTip(
            self.tr(
                "Recorded as sent to the customer; the first one stops the first-response clock."
            )
        )
        kind = QButtonGroup(self)
        kind.addButton(self.internal)
        kind.addButton(self.to_customer)
        self.add_button = QPushButton(self.tr("&Add note"))
        self.add_button.setObjectName("addNote")
        self.add_action = QAction(self.tr("Add note"), self)
        self.add_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.add_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.composer.addAction(self.add_action)
        self.general_error = error_label(self)
        self.errors = FormErrors(self.general_error)
        self.errors.add(self.composer, self.general_error, "note", "body")

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.empty)
        top_layout.addWidget(self.list, 1)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.composer, 1)
        bottom_layout.addWidget(self.general_error)
        row = QHBoxLayout()
        row.addWidget(self.internal)
        row.addWidget(self.to_customer)
        row.addStretch(1)
        row.addWidget(self.add_button)
        bottom_layout.addLayout(row)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.add_button.clicked.connect(self.add_note)
        self.add_action.triggered.connect(self.add_note)
        self.composer.textChanged.connect(self._update_button)
        self._update_button()

    def title(self) -> str:
        return self.tr("&Notes && messages")

    @staticmethod
    def load(ctx: Session, case: Case) -> list[Note]:
        return ctx.cases.notes(case.id)

    def show_case(self, case: Case, data: Any) -> None:
        previous = self.case
        super().show_case(case, data)
        self.model.set_notes(data or [])
        self.empty.setVisible(not data)
        self._keep_to_bottom = self.model.rowCount() > 0
        if self._keep_to_bottom:
            self._range_changed(0, self.list.verticalScrollBar().maximum())
        if previous is None or previous.id != case.id:
            self._switch_draft(previous, case)
        self._update_button()

    def _range_changed(self, _low: int, high: int) -> None:
        if self._keep_to_bottom:
            self.list.verticalScrollBar().setValue(high)

    def _user_scrolled(self, _action: int) -> None:
        self._keep_to_bottom = False

    def clear(self) -> None:
        self._switch_draft(self.case, None)
        super().clear()
        self.model.set_notes([])
        self._update_button()

    def _switch_draft(self, old: Case | None, new: Case | None) -> None:
        """A half-written note stays with the case it was written for, never another one."""
        if old is not None:
            text = self.composer.toPlainText()
            if text.strip():
                self._drafts[old.id] = (text, self.to_customer.isChecked())
            else:
                self._drafts.pop(old.id, None)
        text, to_customer = self._drafts.pop(new.id, ("", False)) if new else ("", False)
        self.errors.clear()
        self.composer.setPlainText(text)
        (self.to_customer if to_customer else self.internal).setChecked(True)

    def has_unsaved_input(self) -> bool:
        return bool(self.composer.toPlainText().strip()) or bool(self._drafts)

    def focus_composer(self, *, to_customer: bool = False) -> None:
        (self.to_customer if to_customer else self.internal).setChecked(True)
        self.composer.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def add_note(self) -> None:
        if self.case is None:
            return
        case_id = self.case.id
        body = self.composer.toPlainText()
        to_customer = self.to_customer.isChecked()
        self.ops.run(
            lambda ctx: ctx.cases.add_note(case_id, body, to_customer=to_customer),
            parent=self,
            form=self.errors,
            on_done=self._added,
        )

    def _added(self, note: Note) -> None:
        self.composer.clear()
        self.internal.setChecked(True)
        self.note_added.emit(note)

    def _update_button(self) -> None:
        self.add_button.setEnabled(self.case is not None)
