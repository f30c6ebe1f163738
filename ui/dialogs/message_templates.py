"""Message templates: each template in each language, its versions, a preview filled from a
demo case, and (administrators) a new version saved from the edited text. Every version is kept;
an unknown placeholder is refused with the field named, the typed text kept."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
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

from resolution_center.domain.errors import RCError
from resolution_center.domain.messages import MessageTemplate
from resolution_center.services import message_render
from resolution_center.services.message_values import demo_values
from resolution_center.services.session import Session

from ..forms import FormErrors, error_label
from ..labels import template_label
from ..ops import Ops
from ..widgets import text_label

PREVIEW_DELAY_MS = 200


class TemplatesDialog(QDialog):
    saved = Signal(object)
    """The MessageTemplate version just saved."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("templatesDialog")
        self.setWindowTitle(self.tr("Message templates"))
        self.admin = ops.ctx.actor.role == "admin"
        self.templates: list[MessageTemplate] = []
        self.list = QListWidget()
        self.list.setObjectName("templateList")
        self.versions = text_label("templateVersions")
        self.subject = QLineEdit()
        self.subject.setObjectName("templateSubject")
        self.body = QPlainTextEdit()
        self.body.setObjectName("templateBody")
        self.body.setTabChangesFocus(True)
        for editor in (self.subject, self.body):
            editor.setReadOnly(not self.admin)
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("templatePreview")
        self.preview.setReadOnly(True)
        self.placeholders = text_label("templatePlaceholders")
        self.placeholders.setText(
            self.tr("Placeholders: {names}").format(
                names=", ".join(sorted(message_render.PLACEHOLDERS))
            )
        )
        self.save_button = QPushButton(self.tr("&Save as a new version"))
        self.save_button.setObjectName("templateSave")
        self.save_button.setVisible(self.admin)
        self.general_error = error_label(self)
        self.subject_error = error_label(self)
        self.body_error = error_label(self)
        self.errors = FormErrors(self.general_error)
        self.errors.add(self.subject, self.subject_error, "subject")
        self.errors.add(self.body, self.body_error, "body", "template")

        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.versions)
        for caption, widget, err in (
            (self.tr("S&ubject:"), self.subject, self.subject_error),
            (self.tr("&Body:"), self.body, self.body_error),
        ):
            label = QLabel(caption)
            label.setBuddy(widget)
            widget.setAccessibleName(caption.replace("&", "").rstrip(":"))
            column.addWidget(label)
            column.addWidget(widget, 2 if widget is self.body else 0)
            column.addWidget(err)
        column.addWidget(self.placeholders)
        column.addWidget(QLabel(self.tr("Preview with a demo case:")))
        column.addWidget(self.preview, 1)
        row = QHBoxLayout()
        row.addWidget(self.general_error, 1)
        row.addStretch(0)
        row.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        column.addLayout(row)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.list)
        split.addWidget(right)
        split.setSizes([260, 700])
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(close)
        self.resize(960, 640)

        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.update_preview)
        self.subject.textChanged.connect(lambda _t: self._timer.start())
        self.body.textChanged.connect(self._timer.start)
        self.list.currentRowChanged.connect(self._selected)
        self.save_button.clicked.connect(self.save)
        close.rejected.connect(self.reject)
        self.refresh()

    def refresh(self, keep: tuple[str, str] | None = None) -> None:
        found = self.ops.run(lambda ctx: ctx.templates.list(), parent=self)
        if found is None:
            return
        self.templates = found
        self.list.clear()
        for t in found:
            item = QListWidgetItem(f"{template_label(t.name)} ({t.language}) v{t.version}")
            self.list.addItem(item)
        rows = [i for i, t in enumerate(found) if (t.name, t.language) == keep]
        self.list.setCurrentRow(rows[0] if rows else 0)

    def current(self) -> MessageTemplate | None:
        row = self.list.currentRow()
        return self.templates[row] if 0 <= row < len(self.templates) else None

    def _selected(self, _row: int) -> None:
        template = self.current()
        if template is None:
            return
        self.errors.clear()
        self.subject.setText(template.subject)
        self.body.setPlainText(template.body)
        name, language = template.name, template.language
        versions = self.ops.run(lambda ctx: ctx.templates.versions(name, language), parent=self)
        self.versions.setText(
            self.tr("Versions: {list}").format(
                list="; ".join(
                    f"v{v.version} " + (self.tr("shipped") if v.shipped else v.created_by)
                    for v in versions or ()
                )
            )
        )
        self.update_preview()

    def update_preview(self) -> None:
        """Filled from a demo case as typed; a refusal shows under its field (not saved)."""
        try:
            subject = message_render.render_text(self.subject.text(), demo_values(), "subject")
            body = message_render.render_text(self.body.toPlainText(), demo_values(), "body")
        except RCError as exc:
            self.errors.show_error(exc, focus=False)
            return
        self.errors.clear()
        self.preview.setPlainText(f"{subject}\n\n{body}")

    def save(self) -> None:
        template = self.current()
        if template is None:
            return
        name, language = template.name, template.language
        subject, body = self.subject.text(), self.body.toPlainText()

        def perform(ctx: Session) -> MessageTemplate:
            return ctx.templates.save(name, language, subject, body)

        saved = self.ops.run(perform, parent=self, form=self.errors)
        if saved is not None:
            self.saved.emit(saved)
            self.refresh(keep=(name, language))
