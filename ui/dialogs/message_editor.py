"""The message editor: a template filled from the case, approved answers searched and inserted
filled, a live preview, and save (draft) or send (record on the case).

Nothing typed is lost: an error shows next to its field and the dialog stays open. Picking a
template fills the subject and body only while they are what the last template put there;
after the user typed, "Use template" replaces them on request.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.answers import Answer
from resolution_center.domain.case import Case
from resolution_center.domain.messages import Message
from resolution_center.services.session import Session

from ..forms import FormErrors, error_label
from ..labels import template_label
from ..ops import Ops

SEARCH_DELAY_MS = 150
PREVIEW_DELAY_MS = 100
LANGUAGE_NAMES = {"en": "English", "de": "Deutsch", "fr": "Français", "es": "Español"}


class MessageEditor(QDialog):
    """Write one message on `case`: a new one, or `draft` (an existing draft) to edit."""

    saved = Signal(object)
    """The Message as stored (drafted, edited or sent)."""

    def __init__(
        self,
        ops: Ops,
        case: Case,
        *,
        draft: Message | None = None,
        language: str = "en",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.case = case
        self.draft = draft
        self.used_answers: list[int] = list(draft.answer_versions) if draft else []
        self.template_used: str | None = draft.template_name if draft else None
        self._filled: tuple[str, str] | None = (draft.subject, draft.body) if draft else None
        self.found: list[Answer] = []
        title = self.tr("Message to {name} ({ref})").format(
            name=case.customer.name, ref=case.reference
        )
        self.setWindowTitle(title)
        self.setObjectName("messageEditor")

        self.template = QComboBox()
        self.template.setObjectName("messageTemplate")
        self.template.addItem(self.tr("(no template)"), None)
        current = ops.run(lambda ctx: ctx.templates.list(), parent=self) or []
        for name in sorted({t.name for t in current}):
            self.template.addItem(template_label(name), name)
        self.language = QComboBox()
        self.language.setObjectName("messageLanguage")
        # The languages some template is written in (an admin may add one).
        for code in sorted({t.language for t in current} | {"en"}):
            self.language.addItem(f"{LANGUAGE_NAMES.get(code, code)} ({code})", code)
        wanted = draft.language if draft else language
        self.language.setCurrentIndex(max(0, self.language.findData(wanted)))
        self.use_template = QPushButton(self.tr("&Use template"))
        self.use_template.setObjectName("useTemplate")

        self.subject = QLineEdit()
        self.subject.setObjectName("messageSubject")
        self.subject.setMaxLength(200)
        self.body = QPlainTextEdit()
        self.body.setObjectName("messageBody")
        self.body.setTabChangesFocus(True)
        if draft is not None:
            self.subject.setText(draft.subject)
            self.body.setPlainText(draft.body)
            if draft.template_name:
                self.template.setCurrentIndex(max(0, self.template.findData(draft.template_name)))

        self.search = QLineEdit()
        self.search.setObjectName("answerSearch")
        self.search.setPlaceholderText(self.tr("Search approved answers…"))
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setObjectName("answerResults")
        self.answer_text = QPlainTextEdit()
        self.answer_text.setObjectName("answerText")
        self.answer_text.setReadOnly(True)
        self.insert = QPushButton(self.tr("&Insert answer"))
        self.insert.setObjectName("insertAnswer")
        self.insert.setEnabled(False)
        self.search_status = QLabel()
        self.search_status.setObjectName("answerSearchStatus")

        self.preview = QPlainTextEdit()
        self.preview.setObjectName("messagePreview")
        self.preview.setReadOnly(True)

        self.general_error = error_label(self)
        self.errors = FormErrors(self.general_error)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            self.tr("Save &draft"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.send_button = self.buttons.addButton(
            self.tr("&Send (record on the case)"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self._build()
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._connect()
        self._update_preview()
        if draft is None:
            self.template.setFocus()

    # ---- layout -------------------------------------------------------------------------------
    def _build(self) -> None:
        top = QHBoxLayout()
        for caption, combo in (
            (self.tr("&Template:"), self.template),
            (self.tr("&Language:"), self.language),
        ):
            label = QLabel(caption)
            label.setBuddy(combo)
            combo.setAccessibleName(caption.replace("&", "").rstrip(":"))
            top.addWidget(label)
            top.addWidget(combo, 1)
        top.addWidget(self.use_template)

        writing = QWidget()
        grid = QGridLayout(writing)
        grid.setContentsMargins(0, 0, 0, 0)
        for row, (caption, widget, names) in enumerate(
            (
                (self.tr("S&ubject:"), self.subject, ("subject",)),
                (self.tr("&Body:"), self.body, ("body", "answers")),
            )
        ):
            label = QLabel(caption)
            label.setBuddy(widget)
            widget.setAccessibleName(caption.replace("&", "").rstrip(":"))
            err = error_label(self)
            grid.addWidget(label, row * 2, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(widget, row * 2, 1)
            grid.addWidget(err, row * 2 + 1, 1)
            self.errors.add(widget, err, *names)
        self.errors.add(self.template, self.general_error, "template")
        self.errors.add(self.language, self.general_error, "language")
        grid.setRowStretch(2, 1)

        answers = QGroupBox(self.tr("Approved answers"))
        column = QVBoxLayout(answers)
        column.addWidget(self.search)
        column.addWidget(self.results, 2)
        column.addWidget(self.answer_text, 2)
        status_row = QHBoxLayout()
        status_row.addWidget(self.search_status, 1)
        status_row.addWidget(self.insert)
        column.addLayout(status_row)

        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(writing)
        upper.addWidget(answers)
        upper.setStretchFactor(0, 3)
        upper.setStretchFactor(1, 2)
        preview_box = QGroupBox(self.tr("Preview: what the customer reads"))
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.addWidget(self.preview)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(preview_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        width = self.fontMetrics().averageCharWidth() * 130
        self.resize(min(width, 980), 620)

    def _connect(self) -> None:
        self.template.currentIndexChanged.connect(lambda _i: self._template_picked())
        self.language.currentIndexChanged.connect(lambda _i: self._language_changed())
        self.use_template.clicked.connect(lambda: self.fill_from_template(force=True))
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self._search_timer.timeout.connect(self.run_search)
        self.results.currentRowChanged.connect(self._answer_selected)
        self.results.itemDoubleClicked.connect(lambda _item: self.insert_answer())
        self.insert.clicked.connect(self.insert_answer)
        self.subject.textChanged.connect(lambda _t: self._preview_timer.start())
        self.body.textChanged.connect(self._preview_timer.start)
        self._preview_timer.timeout.connect(self._update_preview)
        self.save_button.clicked.connect(lambda: self.submit(send=False))
        self.send_button.clicked.connect(lambda: self.submit(send=True))
        self.buttons.rejected.connect(self.reject)

    # ---- templates ----------------------------------------------------------------------------
    def _untouched(self) -> bool:
        current = (self.subject.text(), self.body.toPlainText())
        return current == ("", "") or current == self._filled

    def _template_picked(self) -> None:
        if self._untouched():
            self.fill_from_template(force=True)
        else:
            self.search_status.setText(self.tr("Your text is kept: “Use template” replaces it."))

    def _language_changed(self) -> None:
        if self.template.currentData() and self._untouched():
            self.fill_from_template(force=True)
        self.run_search()

    def fill_from_template(self, *, force: bool = False) -> None:
        name = self.template.currentData()
        if not name or not (force or self._untouched()):
            return
        case_id, language = self.case.id, self.language.currentData()
        preview = self.ops.run(
            lambda ctx: ctx.messages.preview(case_id, name, language),
            parent=self,
            form=self.errors,
        )
        if preview is None:
            return
        self.subject.setText(preview.subject)
        self.body.setPlainText(preview.body)
        self._filled = (preview.subject, preview.body)
        self.template_used = name
        if preview.language != language:
            self.search_status.setText(
                self.tr("No {lang} version of this template: filled in {used}.").format(
                    lang=language, used=preview.language
                )
            )

    # ---- approved answers ---------------------------------------------------------------------
    def run_search(self) -> None:
        text = self.search.text().strip()
        language = self.language.currentData()
        if not text:
            self.found = []
            self.results.clear()
            self.search_status.clear()
            return

        def search(ctx: Session) -> tuple[list[Answer], float, bool]:
            found = ctx.answers.search(text, language)
            if found:
                return found, ctx.answers.last_search_ms, False
            # None in the message's language: the others', to translate or adapt.
            return ctx.answers.search(text), ctx.answers.last_search_ms, True

        outcome = self.ops.run(search, parent=self)
        if outcome is None:
            return
        self.found, ms, any_language = outcome
        self.results.clear()
        for answer in self.found:
            shown = answer.in_use or answer.latest
            item = QListWidgetItem(
                f"{shown.text.title}  ·  {answer.kind.value}  ·  {shown.text.language}"
            )
            item.setToolTip(", ".join(shown.text.tags))
            self.results.addItem(item)
        status = self.tr("{n} found ({ms:.0f} ms)").format(n=len(self.found), ms=ms)
        if any_language and self.found:
            status = self.tr("None in {lang}; {n} in other languages").format(
                lang=language, n=len(self.found)
            )
        self.search_status.setText(status)
        if self.found:
            self.results.setCurrentRow(0)

    def _answer_selected(self, row: int) -> None:
        answer = self.found[row] if 0 <= row < len(self.found) else None
        version = answer.in_use if answer is not None else None
        self.insert.setEnabled(version is not None)
        if version is None:
            self.answer_text.setPlainText("")
            return
        case_id, body = self.case.id, version.text.body
        # As it will be inserted: filled from this case.
        filled = self.ops.run(lambda ctx: ctx.messages.fill(case_id, body), parent=self)
        self.answer_text.setPlainText(body if filled is None else filled)

    def insert_answer(self) -> None:
        row = self.results.currentRow()
        if not 0 <= row < len(self.found) or self.found[row].in_use is None:
            return
        version = self.found[row].in_use
        assert version is not None
        case_id = self.case.id
        filled = self.ops.run(
            lambda ctx: ctx.messages.fill(case_id, version.text.body),
            parent=self,
            form=self.errors,
        )
        if filled is None:
            return
        cursor = self.body.textCursor()
        if not cursor.atBlockStart():
            cursor.insertText("\n\n")  # an answer is a paragraph of its own
        cursor.insertText(filled)
        self.body.setTextCursor(cursor)
        self.body.moveCursor(QTextCursor.MoveOperation.NoMove)
        if version.id not in self.used_answers:
            self.used_answers.append(version.id)
        self.body.setFocus()

    # ---- preview and saving -------------------------------------------------------------------
    def _update_preview(self) -> None:
        # One line, as a mail header would show it: what the service will store.
        subject = " ".join(self.subject.text().split())
        to = f"{self.case.customer.name} <{self.case.customer.email}>"
        self.preview.setPlainText(
            self.tr("To: {to}\nSubject: {subject}\n\n{body}").format(
                to=to, subject=subject, body=self.body.toPlainText().strip()
            )
        )

    def submit(self, *, send: bool) -> None:
        subject, body = self.subject.text(), self.body.toPlainText()
        language = self.language.currentData()
        template = self.template_used
        answers = list(self.used_answers)
        case_id, draft = self.case.id, self.draft

        def perform(ctx: Session) -> Any:
            if draft is None:
                return ctx.messages.draft(
                    case_id,
                    template=template,
                    language=language,
                    subject=subject,
                    body=body,
                    answers=answers,
                    send=send,
                )
            edited = ctx.messages.edit(
                draft.id,
                subject=subject,
                body=body,
                language=language,
                template=template if template != draft.template_name else None,
                answers=answers,
            )
            return ctx.messages.send(edited.id) if send else edited

        self.ops.run(perform, parent=self, form=self.errors, on_done=self._done)

    def _done(self, message: Message) -> None:
        self.saved.emit(message)
        self.accept()
