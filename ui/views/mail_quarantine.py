"""The mail quarantine: mail that could not be imported, with the reason, the sender, the subject
and the date. Re-import tries it again (into a case named here, for a mail that names none or
has no sender); Discard takes it off the list with a reason, its bytes kept. Fetch mail now
fetches the IMAP folder at once."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.changes import MESSAGE, Changes
from resolution_center.domain.mail_in import QuarantinedMail
from resolution_center.services.mail_fetch import FetchReport
from resolution_center.services.mail_in import MailResult

from ..formatting import count_text, local_time
from ..forms import FormErrors, error_label
from ..mail_in import MailFetcher, summary
from ..models.rows import Column, RowsModel
from ..ops import Ops
from ..widgets import rows_table, table_with_detail, text_label

translate = QCoreApplication.translate  # a name pyside6-lupdate recognises


def state_label(state: str) -> str:
    return {
        "held": translate("MailQuarantine", "Held"),
        "imported": translate("MailQuarantine", "Imported"),
        "discarded": translate("MailQuarantine", "Discarded"),
    }.get(state, state)


def quarantine_columns() -> list[Column]:
    return [
        Column(
            "date",
            lambda: translate("MailQuarantine", "Date"),
            lambda q: local_time(q.mail_date or q.held_at),
        ),
        Column(
            "sender",
            lambda: translate("MailQuarantine", "Sender"),
            lambda q: q.sender or translate("MailQuarantine", "(none)"),
        ),
        Column(
            "subject",
            lambda: translate("MailQuarantine", "Subject"),
            lambda q: q.subject or translate("MailQuarantine", "(none)"),
        ),
        Column(
            "reason",
            lambda: translate("MailQuarantine", "Reason"),
            lambda q: q.reason,
            tooltip=lambda q: q.reason,
        ),
        Column(
            "state",
            lambda: translate("MailQuarantine", "State"),
            lambda q: state_label(q.state),
        ),
    ]


class QuarantineView(QWidget):
    loaded = Signal(int)
    """The number of held mails (whatever the view shows)."""

    def __init__(self, ops: Ops, fetcher: MailFetcher, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mailQuarantine")
        self.ops = ops
        self.fetcher = fetcher
        self._token = 0
        self.model = RowsModel(quarantine_columns(), self)
        self.table = rows_table(self.model, "quarantineTable", self.tr("Quarantined mail"))
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.model.column("subject"), QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.model.column("reason"), QHeaderView.ResizeMode.Stretch)
        self.show_all = QCheckBox(self.tr("Show imported and discarded mail too"))
        self.show_all.setObjectName("quarantineShowAll")
        self.fetch_button = QPushButton(self.tr("&Fetch mail now"))
        self.fetch_button.setObjectName("fetchMailNow")
        self.reload_button = QPushButton(self.tr("Re&load"))
        self.case = QLineEdit()
        self.case.setObjectName("quarantineCase")
        self.case.setPlaceholderText(self.tr("RC-2026-000123 (optional)"))
        self.case.setAccessibleName(self.tr("Case to import into"))
        self.retry_button = QPushButton(self.tr("&Re-import"))
        self.retry_button.setObjectName("quarantineRetry")
        self.reason = QLineEdit()
        self.reason.setObjectName("quarantineReason")
        self.reason.setPlaceholderText(self.tr("Why it is discarded (spam, a bounce, …)"))
        self.reason.setAccessibleName(self.tr("Reason for discarding"))
        self.discard_button = QPushButton(self.tr("&Discard"))
        self.discard_button.setObjectName("quarantineDiscard")
        self.status = QLabel()
        self.status.setObjectName("quarantineStatus")
        self.status.setWordWrap(True)
        self.general_error = error_label(self)
        self.errors = FormErrors(self.general_error)
        self.case_error, self.reason_error = error_label(self), error_label(self)
        case_error, reason_error = self.case_error, self.reason_error
        self.errors.add(self.case, case_error, "reference", "case")
        self.errors.add(self.reason, reason_error, "reason")

        top = QHBoxLayout()
        top.addWidget(self.fetch_button)
        top.addWidget(self.show_all)
        top.addStretch(1)
        top.addWidget(self.reload_button)
        actions = QHBoxLayout()
        retry_box = QVBoxLayout()
        retry_row = QHBoxLayout()
        case_label = QLabel(self.tr("Into &case:"))
        case_label.setBuddy(self.case)
        retry_row.addWidget(case_label)
        retry_row.addWidget(self.case, 1)
        retry_row.addWidget(self.retry_button)
        retry_box.addLayout(retry_row)
        retry_box.addWidget(case_error)
        discard_box = QVBoxLayout()
        discard_row = QHBoxLayout()
        reason_label = QLabel(self.tr("Rea&son:"))
        reason_label.setBuddy(self.reason)
        discard_row.addWidget(reason_label)
        discard_row.addWidget(self.reason, 1)
        discard_row.addWidget(self.discard_button)
        discard_box.addLayout(discard_row)
        discard_box.addWidget(reason_error)
        actions.addLayout(retry_box, 1)
        actions.addLayout(discard_box, 1)
        self.detail_head = text_label("quarantineDetailHead")
        self.detail = text_label("quarantineDetail")
        splitter = table_with_detail(self.table, self.detail_head, self.detail)
        splitter.setOrientation(Qt.Orientation.Vertical)
        splitter.setSizes([380, 200])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addLayout(actions)
        layout.addWidget(self.general_error)
        layout.addWidget(splitter, 1)

        self.show_all.toggled.connect(lambda _on: self.reload())
        self.reload_button.clicked.connect(self.reload)
        self.fetch_button.clicked.connect(self.fetch_now)
        self.retry_button.clicked.connect(self.retry)
        self.discard_button.clicked.connect(self.discard)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        fetcher.fetched.connect(self._fetched)
        fetcher.failed.connect(self._fetch_failed)
        ops.changed.connect(self._on_changes)
        self._show_current()

    # ---- loading -----------------------------------------------------------------------------
    def reload(self) -> None:
        self._token += 1
        token, everything = self._token, self.show_all.isChecked()
        self.ops.run_in_background(
            lambda ctx, _progress: (
                ctx.mail_in.quarantine(everything=everything),
                len(ctx.mail_in.quarantine()),
            ),
            parent=self,
            on_done=lambda result: self._loaded(token, result),
        )

    def _loaded(self, token: int, result: tuple[list[QuarantinedMail], int]) -> None:
        if token != self._token:
            return
        rows, held = result
        current = self.selected()
        self.model.set_rows(list(reversed(rows)))  # newest first
        if rows:
            row = next(
                (i for i, q in enumerate(reversed(rows)) if current and q.id == current.id), 0
            )
            self.table.selectRow(row)
        self._show_current()
        self.loaded.emit(held)

    def _on_changes(self, changes: Changes) -> None:
        if MESSAGE in changes.kinds and self.isVisible():
            self.reload()

    def selected(self) -> QuarantinedMail | None:
        value = self.model.row_value(self.table.currentIndex().row())
        return value if isinstance(value, QuarantinedMail) else None

    def _show_current(self) -> None:
        mail = self.selected()
        held = mail is not None and mail.state == "held"
        self.retry_button.setEnabled(held)
        self.discard_button.setEnabled(held)
        if mail is None:
            self.detail_head.setText(
                self.tr("No mail is waiting. Mail that cannot be imported is kept here.")
            )
            self.detail.setText("")
            return
        self.detail_head.setText(
            self.tr("From {sender} · {subject}").format(
                sender=mail.sender or self.tr("(no sender)"),
                subject=mail.subject or self.tr("(no subject)"),
            )
        )
        lines = [
            self.tr("Reason: {reason}").format(reason=mail.reason),
            self.tr("Came from {source}, kept {when} by {who}").format(
                source=mail.source, when=local_time(mail.held_at), who=mail.held_by
            ),
            self.tr("{size} bytes, SHA-256 {sha}").format(
                size=count_text(mail.size), sha=mail.sha256
            ),
        ]
        if mail.state != "held":
            lines.append(
                self.tr("{state} by {who}, {when}").format(
                    state=state_label(mail.state),
                    who=mail.resolved_by,
                    when=local_time(mail.resolved_at) if mail.resolved_at else "",
                )
            )
        self.detail.setText("\n".join(lines))

    # ---- actions -----------------------------------------------------------------------------
    def retry(self) -> None:
        mail = self.selected()
        if mail is None:
            return
        mail_id, case = mail.id, self.case.text().strip() or None
        self.ops.run(
            lambda ctx: ctx.mail_in.retry(mail_id, case=case),
            parent=self,
            form=self.errors,
            on_done=self._retried,
        )

    def _retried(self, result: MailResult) -> None:
        if result.message_id is None:
            self.status.setText(
                self.tr("Still not imported: {reason}").format(reason=result.reason or "")
            )
        else:
            self.case.clear()
            self.status.setText(
                self.tr("Imported into {case} as message {id}.").format(
                    case=result.case, id=result.message_id
                )
            )
        self.reload()

    def discard(self) -> None:
        mail = self.selected()
        if mail is None:
            return
        mail_id, reason = mail.id, self.reason.text()
        self.ops.run(
            lambda ctx: ctx.mail_in.discard(mail_id, reason),
            parent=self,
            form=self.errors,
            on_done=lambda _q: self._discarded(),
        )

    def _discarded(self) -> None:
        self.reason.clear()
        self.status.setText(self.tr("Discarded; the mail's bytes stay on record."))
        self.reload()

    def fetch_now(self) -> None:
        self.status.setText(self.tr("Fetching mail…"))
        self.fetch_button.setEnabled(False)
        self.fetcher.fetch()

    def _fetched(self, report: FetchReport) -> None:
        self.fetch_button.setEnabled(True)
        self.status.setText(summary(report.results) if report.results else self.tr("No new mail."))
        self.reload()

    def _fetch_failed(self, why: str) -> None:
        self.fetch_button.setEnabled(True)
        self.status.setText(self.tr("Fetching mail failed: {why}").format(why=why))
