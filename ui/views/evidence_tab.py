"""The Evidence tab: the case's files (photos, labels, mails); add, save as, open, preview.

Reading and writing files runs off the GUI thread through the ops runner. A file is opened in
the desktop's viewer only when its content is a recognised type, and under that type's suffix
(`Attachment.viewer_file_name`), never under the name the customer's file came with.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent, QImage, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.attachment import (
    DESCRIPTION_FIELD,
    EMAIL,
    IMAGE_TYPES,
    MAX_BYTES_TEXT,
    PLAIN_TEXT,
    Attachment,
)
from resolution_center.domain.case import Case
from resolution_center.services.session import Session

from ..dialogs.evidence_actions import WithdrawEvidenceDialog
from ..formatting import local_time
from ..forms import FormErrors, error_label
from ..models.rows import Column, RowsModel
from ..widgets import rows_table
from .case_tab import CaseTab, TabEnv

translate = QCoreApplication.translate  # a name pyside6-lupdate recognises
PREVIEW_SIZE = QSize(320, 320)
PREVIEW_TEXT_CHARS = 4_000


def type_label(media_type: str) -> str:
    return {
        "image/png": translate("EvidenceTab", "PNG image"),
        "image/jpeg": translate("EvidenceTab", "JPEG image"),
        "image/gif": translate("EvidenceTab", "GIF image"),
        "image/webp": translate("EvidenceTab", "WebP image"),
        "application/pdf": translate("EvidenceTab", "PDF document"),
        PLAIN_TEXT: translate("EvidenceTab", "Text"),
        EMAIL: translate("EvidenceTab", "E-mail message"),
    }.get(media_type, translate("EvidenceTab", "Other file"))


def size_label(size: int) -> str:
    return QLocale().formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat)


def _name(a: Attachment) -> str:
    if a.withdrawn:
        return translate("EvidenceTab", "{name} (withdrawn)").format(name=a.file_name)
    return a.file_name


def _name_tooltip(a: Attachment) -> str:
    if not a.withdrawn:
        return a.file_name
    return translate("EvidenceTab", "Withdrawn by {who}, {when}: {reason}").format(
        who=a.withdrawn_by, when=local_time(a.withdrawn_at), reason=a.withdraw_reason
    )


def evidence_columns() -> list[Column]:
    return [
        Column("name", lambda: translate("EvidenceTab", "Name"), _name, tooltip=_name_tooltip),
        Column(
            "type", lambda: translate("EvidenceTab", "Type"), lambda a: type_label(a.media_type)
        ),
        Column(
            "size",
            lambda: translate("EvidenceTab", "Size"),
            lambda a: size_label(a.size),
            numeric=True,
        ),
        Column("added_by", lambda: translate("EvidenceTab", "Added by"), lambda a: a.added_by),
        Column(
            "added_at",
            lambda: translate("EvidenceTab", "Added at"),
            lambda a: local_time(a.added_at),
        ),
        Column(
            "description",
            lambda: translate("EvidenceTab", "Description"),
            lambda a: a.description.split("\n", 1)[0],
            tooltip=lambda a: a.description,
        ),
    ]


def preview_of(ctx: Session, attachment: Attachment) -> QImage | str:
    """A thumbnail for an image, the opening text of a text or mail; on a worker thread."""
    data = ctx.attachments.content(attachment.id)
    if attachment.media_type in IMAGE_TYPES:
        image = QImage.fromData(data)
        if image.isNull():
            return translate("EvidenceTab", "This image cannot be shown.")
        return image.scaled(
            PREVIEW_SIZE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    return data[: PREVIEW_TEXT_CHARS * 4].decode("utf-8-sig", "replace")[:PREVIEW_TEXT_CHARS]


class EvidenceTab(CaseTab):
    key = "evidence"

    evidence_added = Signal(object)
    """The Attachment just stored."""
    saved = Signal(object)
    """The service's save result (id, path, size, sha256)."""
    opened = Signal(str)
    """The path of the copy handed to the desktop's viewer."""
    preview_shown = Signal(int)
    """The id of the attachment whose preview is now shown."""

    def __init__(self, env: TabEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.open_url: Callable[[QUrl], Any] = QDesktopServices.openUrl
        self._temp = tempfile.TemporaryDirectory(prefix="rc-evidence-")
        self._preview_token = 0
        self.model = RowsModel(evidence_columns(), self)
        self.table = rows_table(self.model, "evidenceTable", self.tr("Evidence of this case"))
        self.empty = QLabel(
            self.tr(
                "No evidence yet. Add photos, labels, mails or documents (at most {size})."
            ).format(size=MAX_BYTES_TEXT)
        )
        self.empty.setWordWrap(True)

        self.preview = QLabel()
        self.preview.setObjectName("evidencePreview")
        self.preview.setAccessibleName(self.tr("Preview of the selected evidence"))
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setMinimumSize(QSize(160, 100))
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.description = QLineEdit()
        self.description.setObjectName("evidenceDescription")
        self.description.setAccessibleName(self.tr("Description of the file to add"))
        self.description.setPlaceholderText(self.tr("What the next file shows (optional)"))
        description_label = QLabel(self.tr("D&escription:"))
        description_label.setBuddy(self.description)
        self.add_button = QPushButton(self.tr("&Add…"))
        self.add_button.setAccessibleName(self.tr("Add a file as evidence"))
        self.save_button = QPushButton(self.tr("&Save as…"))
        self.save_button.setAccessibleName(self.tr("Save the selected evidence as a file"))
        self.open_button = QPushButton(self.tr("O&pen"))
        self.open_button.setAccessibleName(self.tr("Open the selected evidence in its viewer"))
        self.withdraw_button = QPushButton(self.tr("&Withdraw…"))
        self.withdraw_button.setAccessibleName(self.tr("Withdraw the selected evidence"))
        for name, button in (
            ("add", self.add_button),
            ("save", self.save_button),
            ("open", self.open_button),
            ("withdraw", self.withdraw_button),
        ):
            button.setObjectName(f"evidence-{name}")
        self.general_error = error_label(self)
        self.general_error.setObjectName("evidenceError")
        self.description_error = error_label(self)
        self.errors = FormErrors(self.general_error)
        self.errors.add(self.description, self.description_error, DESCRIPTION_FIELD)
        self.errors.add(self.add_button, self.general_error, "file", "path")
        self.status = QLabel()
        self.status.setObjectName("evidenceStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.empty)
        left_layout.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([3 * PREVIEW_SIZE.width(), PREVIEW_SIZE.width() + 20])
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.withdraw_button)
        buttons.addSpacing(24)
        buttons.addWidget(description_label)
        buttons.addWidget(self.description, 1)
        buttons.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.description_error)
        layout.addWidget(self.general_error)
        layout.addWidget(self.status)
        self.setAcceptDrops(True)

        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        self.add_button.clicked.connect(self.add)
        self.save_button.clicked.connect(self.save_as)
        self.open_button.clicked.connect(self.open_current)
        self.withdraw_button.clicked.connect(self.withdraw)
        self.destroyed.connect(self._temp.cleanup)
        self._selected()

    def title(self) -> str:
        return self.tr("&Evidence")

    @staticmethod
    def load(ctx: Session, case: Case) -> list[Attachment]:
        return ctx.attachments.list(case.id)

    def show_case(self, case: Case, data: Any) -> None:
        previous = self.case
        keep = self.current() if previous is not None and previous.id == case.id else None
        super().show_case(case, data)
        rows: list[Attachment] = list(data or [])
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        if previous is None or previous.id != case.id:
            self.errors.clear()
            self.description.clear()
            self.status.clear()
        ids = [a.id for a in rows]
        if rows:
            self.table.selectRow(ids.index(keep.id) if keep and keep.id in ids else len(rows) - 1)
        self._selected()

    def clear(self) -> None:
        super().clear()
        self.model.set_rows([])
        self.description.clear()
        self.errors.clear()
        self.status.clear()
        self._selected()

    def current(self) -> Attachment | None:
        index = self.table.currentIndex()
        return self.model.row_value(index.row()) if index.isValid() else None

    def _selected(self) -> None:
        current = self.current()
        self.add_button.setEnabled(self.case is not None)
        self.description.setEnabled(self.case is not None)
        self.save_button.setEnabled(current is not None)
        self.open_button.setEnabled(current is not None and current.viewable)
        self.withdraw_button.setEnabled(current is not None and not current.withdrawn)
        self.open_button.setToolTip(
            ""
            if current is None or current.viewable
            else self.tr("Only recognised types are opened here; save it and check it first.")
        )
        self._show_preview(current)

    # ---- preview -----------------------------------------------------------------------------
    def _show_preview(self, attachment: Attachment | None) -> None:
        self._preview_token += 1
        token = self._preview_token
        self.preview.clear()
        if attachment is None:
            return
        if attachment.media_type not in IMAGE_TYPES | {PLAIN_TEXT, EMAIL}:
            self.preview.setText(
                self.tr("No preview for this type ({type}).").format(
                    type=type_label(attachment.media_type)
                )
            )
            return
        self.preview.setText(self.tr("Loading preview…"))
        self.ops.run_in_background(
            lambda ctx, _progress: preview_of(ctx, attachment),
            parent=self,
            on_done=lambda result: self._preview_loaded(token, attachment.id, result),
        )

    def _preview_loaded(self, token: int, attachment_id: int, result: QImage | str) -> None:
        if token != self._preview_token:
            return  # the user moved on meanwhile
        if isinstance(result, QImage):
            self.preview.setPixmap(QPixmap.fromImage(result))
        else:
            self.preview.setText(result)
        self.preview_shown.emit(attachment_id)

    # ---- adding ------------------------------------------------------------------------------
    def add(self) -> QFileDialog | None:
        if self.case is None:
            return None
        dialog = QFileDialog(self.window(), self.tr("Add evidence"))
        dialog.setObjectName("addEvidenceDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(
            [
                self.tr("Evidence (*.png *.jpg *.jpeg *.gif *.webp *.pdf *.txt *.eml)"),
                self.tr("All files (*)"),
            ]
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.add_path)
        dialog.open()
        return dialog

    def add_path(self, path: str) -> None:
        """Attach the file at `path` with the description typed (the dialog and drops call it)."""
        if self.case is None:
            return
        case_id = self.case.id
        description = self.description.text()
        self.status.setText(self.tr("Adding {name}…").format(name=Path(path).name))
        self.ops.run_in_background(
            lambda ctx, _progress: ctx.attachments.add_file(case_id, path, description),
            parent=self,
            form=self.errors,
            on_done=self._added,
            on_failed=lambda _exc: self.status.clear(),
        )

    def _added(self, attachment: Attachment) -> None:
        self.description.clear()
        self.status.setText(
            self.tr("Added {name} ({type}, {size}).").format(
                name=attachment.file_name,
                type=type_label(attachment.media_type),
                size=size_label(attachment.size),
            )
        )
        self.evidence_added.emit(attachment)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.case is not None and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.add_path(url.toLocalFile())
        event.acceptProposedAction()

    # ---- saving and opening ------------------------------------------------------------------
    def withdraw(self) -> WithdrawEvidenceDialog | None:
        """Ask for the reason; the service says who may (the adder or a supervisor)."""
        current = self.current()
        if current is None or current.withdrawn:
            return None
        dialog = WithdrawEvidenceDialog(self.ops, current, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def save_as(self) -> QFileDialog | None:
        current = self.current()
        if current is None:
            return None
        dialog = QFileDialog(
            self.window(), self.tr("Save {name} as").format(name=current.file_name)
        )
        dialog.setObjectName("saveEvidenceDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.selectFile(current.file_name)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.save_to)
        dialog.open()
        return dialog

    def save_to(self, path: str) -> None:
        """Write the selected evidence to `path` (the save dialog already asked to replace it)."""
        current = self.current()
        if current is None:
            return
        self.ops.run_in_background(
            lambda ctx, _progress: ctx.attachments.save(current.id, path, overwrite=True),
            parent=self,
            form=self.errors,
            on_done=self._saved,
        )

    def _saved(self, result: dict[str, Any]) -> None:
        self.status.setText(self.tr("Saved to {path}.").format(path=result["path"]))
        self.saved.emit(result)

    def open_current(self) -> None:
        current = self.current()
        if current is None or not current.viewable:
            return
        folder = Path(self._temp.name) / str(current.id)
        folder.mkdir(exist_ok=True)
        path = folder / current.viewer_file_name()
        self.ops.run_in_background(
            lambda ctx, _progress: ctx.attachments.save(current.id, path, overwrite=True),
            parent=self,
            on_done=lambda result: self._open(result["path"]),
        )

    def _open(self, path: str) -> None:
        self.open_url(QUrl.fromLocalFile(path))
        self.opened.emit(path)
