"""The approved-answers library: search, read, write a new answer or a new version, approve,
retire. Approve and Retire are offered to senior specialists and above; never one's own draft
(the service and PostgreSQL's guard refuse it too)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.answers import (
    APPROVERS,
    Answer,
    AnswerKind,
    AnswerState,
    AnswerText,
)
from resolution_center.domain.changes import ANSWER, Changes
from resolution_center.services.session import Session

from ..formatting import local_time
from ..forms import FormErrors, error_label, field_rows
from ..models.rows import Column, RowsModel
from ..ops import Ops
from ..widgets import rows_table, table_with_detail, text_label

translate = QCoreApplication.translate  # a name pyside6-lupdate recognises
SEARCH_DELAY_MS = 150


def kind_label(kind: AnswerKind) -> str:
    return {
        AnswerKind.REPLY: translate("AnswersLibrary", "Reply"),
        AnswerKind.FAQ: translate("AnswersLibrary", "FAQ"),
        AnswerKind.TROUBLESHOOTING: translate("AnswersLibrary", "Troubleshooting"),
        AnswerKind.POLICY: translate("AnswersLibrary", "Policy"),
    }[kind]


def state_label(answer: Answer) -> str:
    if answer.state is AnswerState.RETIRED:
        return translate("AnswersLibrary", "Retired")
    if answer.state is AnswerState.DRAFT:
        return translate("AnswersLibrary", "Awaiting approval")
    if answer.pending is not None:
        return translate("AnswersLibrary", "Approved; v{n} awaits approval").format(
            n=answer.pending.version
        )
    return translate("AnswersLibrary", "Approved")


def answer_columns() -> list[Column]:
    def shown(a: Answer) -> AnswerText:
        return (a.in_use or a.latest).text

    return [
        Column("title", lambda: translate("AnswersLibrary", "Title"), lambda a: shown(a).title),
        Column("kind", lambda: translate("AnswersLibrary", "Kind"), lambda a: kind_label(a.kind)),
        Column("state", lambda: translate("AnswersLibrary", "State"), state_label),
        Column(
            "language", lambda: translate("AnswersLibrary", "Lang."), lambda a: shown(a).language
        ),
        Column(
            "version",
            lambda: translate("AnswersLibrary", "Version"),
            lambda a: str(a.latest.version),
            numeric=True,
        ),
        Column(
            "uses",
            lambda: translate("AnswersLibrary", "Uses"),
            lambda a: str(a.uses),
            numeric=True,
        ),
    ]


class AnswerForm(QDialog):
    """A new answer, or a new version of `answer`; errors stay beside their fields."""

    saved = Signal(object)

    def __init__(self, ops: Ops, answer: Answer | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.answer = answer
        self.setObjectName("answerForm")
        self.setWindowTitle(
            self.tr("New answer")
            if answer is None
            else self.tr("New version of answer {id}").format(id=answer.id)
        )
        base = answer.latest.text if answer else AnswerText("", "")
        self.kind = QComboBox()
        for kind in AnswerKind:
            self.kind.addItem(kind_label(kind), kind.value)
        if answer is not None:
            self.kind.setCurrentIndex(self.kind.findData(answer.kind.value))
            self.kind.setEnabled(False)
        self.title_edit = QLineEdit(base.title)
        self.title_edit.setObjectName("answerTitle")
        self.language = QLineEdit(base.language)
        self.language.setMaxLength(5)
        self.category = QLineEdit(base.category)
        self.tags = QLineEdit(", ".join(base.tags))
        self.body = QPlainTextEdit(base.body)
        self.body.setObjectName("answerBody")
        self.body.setTabChangesFocus(True)
        self.body.setPlaceholderText(
            self.tr("The text; placeholders such as {{ customer_name }} are filled from the case")
        )
        self.general_error = error_label(self)
        self.errors = FormErrors(self.general_error)
        form = field_rows(
            self,
            self.errors,
            (
                (self.tr("&Kind:"), self.kind, ("kind",)),
                (self.tr("&Title:"), self.title_edit, ("title", "subject")),
                (self.tr("&Language:"), self.language, ("language",)),
                (self.tr("&Category:"), self.category, ("category",)),
                (self.tr("Ta&gs:"), self.tags, ("tags",)),
                (self.tr("&Text:"), self.body, ("body",)),
            ),
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.resize(640, 480)

    def text(self) -> AnswerText:
        return AnswerText(
            title=self.title_edit.text(),
            body=self.body.toPlainText(),
            tags=tuple(t.strip() for t in self.tags.text().split(",") if t.strip()),
            category=self.category.text(),
            language=self.language.text(),
        )

    def submit(self) -> None:
        text, kind, answer = self.text(), self.kind.currentData(), self.answer

        def perform(ctx: Session) -> Answer:
            if answer is None:
                return ctx.answers.add(kind, text)
            return ctx.answers.edit(answer.id, text)

        self.ops.run(perform, parent=self, form=self.errors, on_done=self._done)

    def _done(self, answer: Answer) -> None:
        self.saved.emit(answer)
        self.accept()


class AnswersLibrary(QDialog):
    form_opened = Signal(object)
    """The AnswerForm just opened (tests and screenshots drive it)."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("answersLibrary")
        self.setWindowTitle(self.tr("Approved answers"))
        self.search = QLineEdit()
        self.search.setObjectName("librarySearch")
        self.search.setPlaceholderText(self.tr("Search the approved answers in use…"))
        self.search.setClearButtonEnabled(True)
        self.show_retired = QCheckBox(self.tr("Show &retired"))
        self.model = RowsModel(answer_columns(), self)
        self.table = rows_table(self.model, "answersTable", self.tr("Approved answers"))
        self.detail_head = text_label("answerDetailHead")
        self.detail = text_label("answerDetail")
        self.new_button = QPushButton(self.tr("&New answer…"))
        self.edit_button = QPushButton(self.tr("&Edit (new version)…"))
        self.approve_button = QPushButton(self.tr("&Approve"))
        self.retire_button = QPushButton(self.tr("Re&tire"))
        for name, button in (
            ("new", self.new_button),
            ("edit", self.edit_button),
            ("approve", self.approve_button),
            ("retire", self.retire_button),
        ):
            button.setObjectName(f"answer-{name}")
        self.status = QLabel()
        self.status.setObjectName("libraryStatus")
        self.general_error = error_label(self)
        self.errors = FormErrors(self.general_error)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.show_retired)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.approve_button, self.retire_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.status)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.general_error)
        split = table_with_detail(self.table, self.detail_head, self.detail)
        split.setSizes([600, 360])  # the selected answer's text needs room to read
        layout.addWidget(split, 1)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(self.model.column("title"), QHeaderView.ResizeMode.Stretch)
        layout.addWidget(close)
        self.resize(960, 600)

        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self._timer.timeout.connect(self.refresh)
        self.show_retired.toggled.connect(lambda _on: self.refresh())
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._selected())
        self.new_button.clicked.connect(lambda: self.open_form(None))
        self.edit_button.clicked.connect(lambda: self.open_form(self.selected()))
        self.approve_button.clicked.connect(lambda: self._act("approve"))
        self.retire_button.clicked.connect(lambda: self._act("retire"))
        close.rejected.connect(self.reject)
        self.ops.changed.connect(self._on_changes)
        self.refresh()

    # ---- reading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        text = self.search.text().strip()
        retired = self.show_retired.isChecked()
        current = self.selected()
        keep = current.id if current is not None else None

        def read(ctx: Session) -> list[Answer]:
            if text:
                return ctx.answers.search(text, limit=100)
            return ctx.answers.list(include_retired=retired)

        found = self.ops.run(read, parent=self)
        if found is None:
            return
        self.model.set_rows(found)
        self.status.setText(self.tr("{n} answers").format(n=len(found)))
        rows = [i for i, a in enumerate(found) if a.id == keep]
        if rows or found:
            self.table.selectRow(rows[0] if rows else 0)
        self._selected()

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches(ANSWER):
            self.refresh()

    def selected(self) -> Answer | None:
        value = self.model.row_value(self.table.currentIndex().row())
        return value if isinstance(value, Answer) else None

    def _selected(self) -> None:
        answer = self.selected()
        me = self.ops.ctx.actor
        approver = me.role in APPROVERS
        self.edit_button.setEnabled(answer is not None and answer.retired_at is None)
        self.approve_button.setEnabled(
            approver
            and answer is not None
            and answer.retired_at is None
            and answer.pending is not None
            and answer.pending.created_by != me.username
        )
        self.retire_button.setEnabled(approver and answer is not None and not answer.retired_at)
        if answer is None:
            self.detail_head.setText("")
            self.detail.setText("")
            return
        latest = answer.latest
        lines = [
            latest.text.title,
            self.tr("{kind} · {state} · used {n} times").format(
                kind=kind_label(answer.kind), state=state_label(answer), n=answer.uses
            ),
            self.tr("Version {v} by {who}, {when}").format(
                v=latest.version, who=latest.created_by, when=local_time(latest.created_at)
            ),
        ]
        if answer.in_use is not None:
            lines.append(
                self.tr("In use: version {v}, approved by {who}").format(
                    v=answer.in_use.version, who=answer.in_use.approved_by
                )
            )
        if latest.text.tags:
            lines.append(self.tr("Tags: {tags}").format(tags=", ".join(latest.text.tags)))
        self.detail_head.setText("\n".join(lines))
        self.detail.setText(latest.text.body)

    # ---- changes ------------------------------------------------------------------------------
    def open_form(self, answer: Answer | None) -> AnswerForm:
        form = AnswerForm(self.ops, answer, self)
        form.open()
        self.form_opened.emit(form)
        return form

    def _act(self, what: str) -> None:
        answer = self.selected()
        if answer is None:
            return
        answer_id = answer.id
        if what == "approve":
            self.ops.run(lambda ctx: ctx.answers.approve(answer_id), parent=self, form=self.errors)
        else:
            self.ops.run(lambda ctx: ctx.answers.retire(answer_id), parent=self, form=self.errors)
