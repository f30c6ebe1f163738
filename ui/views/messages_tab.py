"""The Messages tab: what the customer was told (and drafts not yet sent), each with the template
version it came from; new messages and drafts open in the message editor."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.case import Case
from resolution_center.domain.messages import Direction, Message, MessageState
from resolution_center.domain.outbox import OutboxEntry, OutboxState
from resolution_center.services.session import Session

from .. import eml_export
from ..dialogs.message_editor import MessageEditor
from ..formatting import local_time
from ..forms import FormErrors, error_label
from ..models.rows import Column, RowsModel
from ..widgets import rows_table, table_with_detail, text_label
from .case_tab import CaseTab, TabEnv

translate = QCoreApplication.translate  # a name pyside6-lupdate recognises


def state_label(state: MessageState) -> str:
    return {
        MessageState.DRAFT: translate("MessagesTab", "Draft"),
        MessageState.SENT: translate("MessagesTab", "Sent"),
        MessageState.DISCARDED: translate("MessagesTab", "Discarded"),
        MessageState.RECEIVED: translate("MessagesTab", "Received"),
    }[state]


def direction_label(message: Message) -> str:
    if message.direction is Direction.IN:
        return translate("MessagesTab", "From customer")
    return translate("MessagesTab", "To customer")


def message_columns() -> list[Column]:
    return [
        Column("direction", lambda: translate("MessagesTab", "Direction"), direction_label),
        Column("state", lambda: translate("MessagesTab", "State"), lambda m: state_label(m.state)),
        Column("subject", lambda: translate("MessagesTab", "Subject"), lambda m: m.subject),
        Column(
            "template",
            lambda: translate("MessagesTab", "Template"),
            lambda m: m.template_ref or translate("MessagesTab", "(written)"),
            tooltip=lambda m: m.template_sha256 or "",
        ),
        Column(
            "by",
            lambda: translate("MessagesTab", "By"),
            lambda m: (
                (m.sender or "") if m.direction is Direction.IN else m.sent_by or m.drafted_by
            ),
        ),
        Column(
            "when",
            lambda: translate("MessagesTab", "When"),
            lambda m: local_time(m.sent_at or m.mail_date or m.drafted_at),
        ),
    ]


class MessagesTab(CaseTab):
    key = "messages"

    editor_opened = Signal(object)
    """The MessageEditor just opened (tests and screenshots drive it)."""

    def __init__(self, env: TabEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.language = "en"
        self.mails: dict[int, OutboxEntry] = {}  # the case's mail, by message id
        self.model = RowsModel(message_columns(), self)
        self.table = rows_table(self.model, "messagesTable", self.tr("Messages to the customer"))
        self.empty = QLabel(
            self.tr("No messages yet. “New message” writes one from a template or an answer.")
        )
        self.empty.setWordWrap(True)
        self.detail_head = text_label("messageDetailHead")
        self.detail = text_label("messageDetail")
        self.new_button = QPushButton(self.tr("&New message…"))
        self.new_button.setObjectName("message-new")
        self.edit_button = QPushButton(self.tr("&Edit draft…"))
        self.edit_button.setObjectName("message-edit")
        self.send_button = QPushButton(self.tr("&Send draft"))
        self.send_button.setObjectName("message-send")
        self.discard_button = QPushButton(self.tr("&Discard draft"))
        self.discard_button.setObjectName("message-discard")
        self.export_button = QPushButton(self.tr("E&xport .eml…"))
        self.export_button.setObjectName("message-export-eml")
        self.export_status = QLabel()
        self.export_status.setObjectName("messageExportStatus")
        self.general_error = error_label(self)
        self.errors = FormErrors(self.general_error)

        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.send_button, self.discard_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_status)
        buttons.addWidget(self.export_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.empty)
        left_layout.addWidget(self.table, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.general_error)
        split = table_with_detail(left, self.detail_head, self.detail)
        split.setSizes([620, 380])  # the text of the selected message needs room to read
        layout.addWidget(split, 1)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(self.model.column("subject"), QHeaderView.ResizeMode.Stretch)

        self.new_button.clicked.connect(lambda: self.open_editor())
        self.edit_button.clicked.connect(self._edit_selected)
        self.send_button.clicked.connect(lambda: self._act("send"))
        self.discard_button.clicked.connect(lambda: self._act("discard"))
        self.export_button.clicked.connect(self.export_eml)
        selection = self.table.selectionModel()
        selection.currentRowChanged.connect(lambda _c, _p: self._selected())
        self.table.doubleClicked.connect(lambda _i: self._edit_selected())
        self._selected()

    def title(self) -> str:
        return self.tr("Messages")

    @staticmethod
    def load(ctx: Session, case: Case) -> Any:
        mails = {e.message_id: e for e in ctx.outbox.for_case(case.id)}
        return ctx.messages.list(case.id), ctx.messages.language_for(case.id), mails

    def show_case(self, case: Case, data: Any) -> None:
        super().show_case(case, data)
        messages, self.language, self.mails = data if data else ([], "en", {})
        self.model.set_rows(list(reversed(messages)))  # newest first
        self.empty.setVisible(not messages)
        if messages:
            self.table.selectRow(0)
        self._selected()

    def clear(self) -> None:
        super().clear()
        self.model.set_rows([])
        self._selected()

    def selected(self) -> Message | None:
        value = self.model.row_value(self.table.currentIndex().row())
        return value if isinstance(value, Message) else None

    def _selected(self) -> None:
        message = self.selected()
        draft = message is not None and message.state is MessageState.DRAFT
        self.new_button.setEnabled(self.case is not None)
        for button in (self.edit_button, self.send_button, self.discard_button):
            button.setEnabled(draft)
        self.export_button.setEnabled(message is not None)
        if message is None:
            self.detail_head.setText("")
            self.detail.setText("")
            return
        head = [self.tr("Subject: {s}").format(s=message.subject)]
        if message.direction is Direction.IN:
            head.append(
                self.tr("From {sender}, {when}; imported by {who}").format(
                    sender=message.sender or self.tr("(no sender)"),
                    when=local_time(message.mail_date or message.drafted_at),
                    who=message.drafted_by,
                )
            )
        if message.template_name:
            head.append(self.tr("From template {t}").format(t=message.template_ref))
        if message.answer_versions:
            head.append(
                self.tr("Approved answers used: {n}").format(n=len(message.answer_versions))
            )
        if message.sent_at is not None:
            head.append(
                self.tr("Sent by {who}, {when}").format(
                    who=message.sent_by, when=local_time(message.sent_at)
                )
            )
        mail = self.mails.get(message.id)
        if mail is not None:
            head.append(self._mail_line(mail))
        self.detail_head.setText("\n".join(head))
        self.detail.setText(message.body)

    def _mail_line(self, mail: OutboxEntry) -> str:
        """Whether the customer's mail server took it (the Outbox has the whole story)."""
        if mail.state is OutboxState.DELIVERED:
            return self.tr("Mail delivered {when}").format(when=local_time(mail.delivered_at))
        if mail.state is OutboxState.FAILED:
            return self.tr("Mail not delivered: {answer} (retry it in the Outbox)").format(
                answer=mail.last_answer or "–"
            )
        if mail.attempts:
            return self.tr("Mail waiting, next try {when}: {answer}").format(
                when=local_time(mail.next_attempt_at), answer=mail.last_answer or "–"
            )
        return self.tr("Mail waiting in the Outbox")

    def open_editor(self, draft: Message | None = None) -> MessageEditor | None:
        if self.case is None:
            return None
        editor = MessageEditor(
            self.ops, self.case, draft=draft, language=self.language, parent=self.window()
        )
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.open()
        self.editor_opened.emit(editor)
        return editor

    def _edit_selected(self) -> None:
        message = self.selected()
        if message is not None and message.state is MessageState.DRAFT:
            self.open_editor(message)

    def _act(self, what: str) -> None:
        message = self.selected()
        if message is None:
            return
        message_id = message.id
        if what == "send":
            self.ops.run(lambda ctx: ctx.messages.send(message_id), parent=self, form=self.errors)
        else:
            self.ops.run(
                lambda ctx: ctx.messages.discard(message_id), parent=self, form=self.errors
            )

    def export_eml(self) -> QFileDialog | None:
        """The selected message as a standard .eml (as mailed: services/outbox.py)."""
        message = self.selected()
        if message is None or self.case is None:
            return None
        return eml_export.ask_and_save(
            self, self.ops, self.case.reference, message.id, self.errors, self.export_status
        )
