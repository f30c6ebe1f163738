"""Export a message as a standard .eml (services/outbox.py: as mailed, with its attachments),
from the Messages tab and from the Outbox: the save dialog, then the write off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from .forms import FormErrors
from .ops import Ops

translate = QCoreApplication.translate  # a name pyside6-lupdate recognises


def ask_and_save(
    owner: QWidget, ops: Ops, reference: str, message_id: int, errors: FormErrors, status: QLabel
) -> QFileDialog:
    """The save dialog for message `message_id` of case `reference`; saving says where."""
    name = f"{reference}-message-{message_id}.eml"
    dialog = QFileDialog(owner.window(), translate("EmlExport", "Export {name}").format(name=name))
    dialog.setObjectName("exportEmlDialog")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setNameFilter(translate("EmlExport", "E-mail messages (*.eml)"))
    dialog.selectFile(name)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.fileSelected.connect(lambda path: save(owner, ops, message_id, path, errors, status))
    dialog.open()
    return dialog


def save(
    owner: QWidget, ops: Ops, message_id: int, path: str, errors: FormErrors, status: QLabel
) -> None:
    """Write message `message_id` to `path` (the dialog already asked to replace a file)."""
    ops.run_in_background(
        lambda ctx, _progress: ctx.outbox.save_eml(message_id, path, overwrite=True),
        parent=owner,
        form=errors,
        on_done=lambda result: status.setText(
            translate("EmlExport", "Saved to {path}.").format(path=result["path"])
        ),
    )
