"""The outbox: mail to customers, queued, failed and delivered, with the server's last answer.
Retry makes waiting mail due now (an administrator's window then delivers it at once); Export
.eml writes the mail as queued; Deliver now runs one pass (administrators)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.changes import MESSAGE, Changes
from resolution_center.domain.outbox import OutboxEntry, OutboxState
from resolution_center.services.outbox import DeliveryReport
from resolution_center.services.session import Session

from .. import eml_export
from ..formatting import local_time
from ..forms import FormErrors, error_label
from ..models.rows import Column, RowsModel
from ..ops import Ops
from ..widgets import rows_table, table_with_detail, text_label

translate = QCoreApplication.translate  # a name pyside6-lupdate recognises


def state_label(state: OutboxState) -> str:
    return {
        OutboxState.QUEUED: translate("OutboxView", "Queued"),
        OutboxState.FAILED: translate("OutboxView", "Failed: waiting for a retry"),
        OutboxState.DELIVERED: translate("OutboxView", "Delivered"),
    }[state]


def _next(e: OutboxEntry) -> str:
    return local_time(e.next_attempt_at) if e.state is OutboxState.QUEUED else "–"


def outbox_columns() -> list[Column]:
    return [
        Column("state", lambda: translate("OutboxView", "State"), lambda e: state_label(e.state)),
        Column("case", lambda: translate("OutboxView", "Case"), lambda e: e.reference),
        Column("to", lambda: translate("OutboxView", "To"), lambda e: e.to_address),
        Column("subject", lambda: translate("OutboxView", "Subject"), lambda e: e.subject),
        Column(
            "attempts",
            lambda: translate("OutboxView", "Attempts"),
            lambda e: str(e.attempts),
            numeric=True,
        ),
        Column("next", lambda: translate("OutboxView", "Next attempt"), _next),
        Column(
            "answer",
            lambda: translate("OutboxView", "Server's last answer"),
            lambda e: e.last_answer or "–",
            tooltip=lambda e: e.last_answer or "",
        ),
    ]


def load_outbox(ctx: Session, state: str | None) -> tuple[list[OutboxEntry], dict[str, int]]:
    return ctx.outbox.list(state), ctx.outbox.counts()


class OutboxView(QWidget):
    loaded = Signal(int)
    """The number of mails now shown."""
    waiting = Signal(int)
    """How many mails are not delivered (queued or failed), whatever the filter shows."""
    export_opened = Signal(object)
    """The save dialog of Export .eml (tests and screenshots drive it)."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outboxView")
        self.ops = ops
        self._token = 0
        self.filter = QComboBox()
        self.filter.setObjectName("outboxFilter")
        self.filter.setAccessibleName(self.tr("Show mail that is"))
        # Not as wide as its longest state (German "Fehlgeschlagen: wartet auf erneuten
        # Versuch"): the buttons beside it must fit a 1024-pixel window.
        self.filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.filter.setMinimumContentsLength(14)
        self.filter.view().setMinimumWidth(self.filter.fontMetrics().averageCharWidth() * 45)
        self.filter.addItem(self.tr("All mail"), None)
        for state in OutboxState:
            self.filter.addItem(state_label(state), state.value)
        self.model = RowsModel(outbox_columns(), self)
        self.table = rows_table(self.model, "outboxTable", self.tr("Mail to customers"))
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.model.column("subject"), QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.model.column("answer"), QHeaderView.ResizeMode.Stretch)
        self.retry_button = QPushButton(self.tr("&Retry"))
        self.retry_button.setObjectName("outboxRetry")
        self.export_button = QPushButton(self.tr("&Export .eml…"))
        self.export_button.setObjectName("outboxExport")
        self.deliver_button = QPushButton(self.tr("&Deliver now"))
        self.deliver_button.setObjectName("outboxDeliver")
        self.deliver_button.setVisible(ops.ctx.outbox.may_deliver())
        self.reload_button = QPushButton(self.tr("Re&load"))
        self.count = QLabel()
        self.count.setObjectName("outboxCount")
        self.status = QLabel()
        self.status.setObjectName("outboxStatus")
        self.status.setWordWrap(True)
        self.general_error = error_label(self)
        self.errors = FormErrors(self.general_error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.filter)
        for button in (self.retry_button, self.export_button, self.deliver_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        buttons.addWidget(self.reload_button)
        self.detail_head = text_label("outboxDetailHead")
        self.detail = text_label("outboxDetail")
        splitter = table_with_detail(self.table, self.detail_head, self.detail)
        splitter.setOrientation(Qt.Orientation.Vertical)
        splitter.setObjectName("outboxSplitter")
        splitter.setSizes([380, 260])  # the detail shows the whole answer and the headers
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.general_error)
        layout.addWidget(splitter, 1)

        self.filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.retry_button.clicked.connect(self.retry)
        self.export_button.clicked.connect(self.export)
        self.deliver_button.clicked.connect(self.deliver)
        self.reload_button.clicked.connect(self.reload)
        ops.changed.connect(self._on_changes)
        self._show_current()

    # ---- loading -----------------------------------------------------------------------------
    def reload(self) -> None:
        self._token += 1
        token, state = self._token, self.filter.currentData()
        self.ops.run_in_background(
            lambda ctx, _progress: load_outbox(ctx, state),
            parent=self,
            on_done=lambda result: self._loaded(token, result),
        )

    def _loaded(self, token: int, result: tuple[list[OutboxEntry], dict[str, int]]) -> None:
        if token != self._token:
            return  # an older read finishing late
        entries, counts = result
        current = self.current()
        self.model.set_rows(entries)
        self.count.setText(
            self.tr("{q} queued · {f} failed · {d} delivered").format(
                q=counts.get("queued", 0), f=counts.get("failed", 0), d=counts.get("delivered", 0)
            )
        )
        row = 0
        if current is not None:
            row = next((i for i, e in enumerate(entries) if e.id == current.id), 0)
        if entries:
            self.table.selectRow(row)
        self._show_current()
        self.loaded.emit(len(entries))
        self.waiting.emit(counts.get("queued", 0) + counts.get("failed", 0))

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches(MESSAGE) or changes.every_case:
            self.reload()

    # ---- the selected mail -------------------------------------------------------------------
    def current(self) -> OutboxEntry | None:
        value = self.model.row_value(self.table.currentIndex().row())
        return value if isinstance(value, OutboxEntry) else None

    def _show_current(self) -> None:
        e = self.current()
        self.retry_button.setEnabled(e is not None and e.state is not OutboxState.DELIVERED)
        self.export_button.setEnabled(e is not None)
        if e is None:
            self.detail_head.setText(self.tr("No mail selected."))
            self.detail.setText("")
            return
        self.detail_head.setText(
            self.tr("{state} · {ref} · message {message}").format(
                state=state_label(e.state), ref=e.reference, message=e.message_id
            )
        )
        lines = [
            self.tr("To: {name} <{address}>").format(name=e.to_name, address=e.to_address),
            self.tr("Subject: {subject}").format(subject=e.subject),
            self.tr("Message-ID: {id}").format(id=e.mail_id),
            self.tr("Queued by {who}, {when}").format(
                who=e.queued_by, when=local_time(e.queued_at)
            ),
            self.tr("Attempts: {n}").format(n=e.attempts),
        ]
        if e.state is OutboxState.QUEUED:
            lines.append(self.tr("Next attempt: {when}").format(when=local_time(e.next_attempt_at)))
        if e.delivered_at is not None:
            lines.append(self.tr("Delivered: {when}").format(when=local_time(e.delivered_at)))
        if e.attachments:
            lines.append(
                self.tr("Attachments: evidence {ids}").format(
                    ids=", ".join(f"#{a}" for a in e.attachments)
                )
            )
        lines.append(self.tr("Server's last answer: {answer}").format(answer=e.last_answer or "–"))
        self.detail.setText("\n".join(lines))

    # ---- actions -----------------------------------------------------------------------------
    def retry(self) -> None:
        e = self.current()
        if e is None:
            return
        entry_id = e.id

        def perform(ctx: Session) -> tuple[list[int], DeliveryReport | None]:
            retried = ctx.outbox.retry([entry_id])
            report = (
                ctx.outbox.deliver(only=retried) if retried and ctx.outbox.may_deliver() else None
            )
            return retried, report

        self.ops.run(perform, parent=self, form=self.errors, on_done=self._retried)

    def _retried(self, result: tuple[list[int], DeliveryReport | None]) -> None:
        _retried, report = result
        if report is None:
            self.status.setText(self.tr("Queued again; the next delivery pass sends it."))
        else:
            self.status.setText(report_text(report))

    def deliver(self) -> None:
        self.ops.run_in_background(
            lambda ctx, _progress: ctx.outbox.deliver(),
            parent=self,
            form=self.errors,
            on_done=lambda report: self.status.setText(report_text(report)),
        )

    def export(self) -> QFileDialog | None:
        e = self.current()
        if e is None:
            return None
        dialog = eml_export.ask_and_save(
            self, self.ops, e.reference, e.message_id, self.errors, self.status
        )
        self.export_opened.emit(dialog)
        return dialog

    def export_to(self, message_id: int, path: str) -> None:
        eml_export.save(self, self.ops, message_id, path, self.errors, self.status)


def report_text(report: DeliveryReport) -> str:
    if report.reason:
        return translate("OutboxView", "Nothing sent: {reason}").format(reason=report.reason)
    return translate("OutboxView", "{d} delivered, {q} to be tried again, {f} failed.").format(
        d=len(report.delivered), q=len(report.deferred), f=len(report.failed)
    )
