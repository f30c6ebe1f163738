"""The remedy policy: the version in force, its text, an edit checked as it would be loaded,
a preview of what the edit changes for every pending remedy, and loading it (or a TOML file)
as the next version, through PolicyService.load like `policy load`."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.policy import Decision, Outcome
from resolution_center.domain.remedy_record import PolicyPreview
from resolution_center.services.service_text import localize

from ..formatting import local_time, money_text
from ..forms import FormErrors, error_label
from ..labels import role_label
from ..ops import Ops
from ..remedy_labels import kind_label
from ..style import WARNING

translate = QCoreApplication.translate  # a name pyside6-lupdate recognises
_VERSION_LINE = re.compile(r"^version\s*=\s*(\d+)\s*$", re.MULTILINE)


def next_version_text(text: str, version: int) -> str:
    """The text with its `version` raised to `version` (a new version must be newer)."""
    return _VERSION_LINE.sub(f"version = {version}", text, count=1)


class PolicyPage(QWidget):
    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("adminPolicy")
        self.in_force = 0
        self.checked_text: str | None = None  # the text the preview below was made for

        self.summary = QLabel()
        self.summary.setObjectName("policySummary")
        self.summary.setWordWrap(True)
        self.versions = QComboBox()
        self.versions.setAccessibleName(self.tr("Policy version shown"))
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(QLabel(self.tr("Show version:")))
        top.addWidget(self.versions)

        self.editor = QPlainTextEdit()
        self.editor.setObjectName("policyText")
        self.editor.setAccessibleName(self.tr("Policy text (TOML)"))
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editor.setReadOnly(True)

        self.edit_button = QPushButton(self.tr("&Edit as a new version"))
        self.edit_button.setObjectName("policyEdit")
        self.open_button = QPushButton(self.tr("&Open a TOML file…"))
        self.check_button = QPushButton(self.tr("&Check and preview"))
        self.check_button.setObjectName("policyCheck")
        self.load_button = QPushButton(self.tr("&Load this version…"))
        self.load_button.setObjectName("policyLoad")
        self.discard_button = QPushButton(self.tr("&Discard edits"))
        buttons = QHBoxLayout()
        for button in (
            self.edit_button,
            self.open_button,
            self.check_button,
            self.load_button,
            self.discard_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.error = error_label(self)
        self.error.setObjectName("policyError")
        self.errors = FormErrors(self.error)
        self.errors.add(self.editor, self.error, "policy", "version")
        self.result = QLabel()
        self.result.setObjectName("policyResult")
        self.result.setWordWrap(True)

        self.preview = QTableWidget(0, 5)
        self.preview.setObjectName("policyPreview")
        self.preview.setHorizontalHeaderLabels(
            [
                self.tr("Remedy"),
                self.tr("Case"),
                self.tr("Amount"),
                self.tr("Verdict now"),
                self.tr("Under the edit"),
            ]
        )
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.verticalHeader().setVisible(False)
        header = self.preview.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in (3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(buttons)
        lower_layout.addWidget(self.error)
        lower_layout.addWidget(self.result)
        lower_layout.addWidget(self.preview, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.editor)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

        self.edit_button.clicked.connect(self.start_edit)
        self.open_button.clicked.connect(lambda: self.open_file())
        self.check_button.clicked.connect(self.check)
        self.load_button.clicked.connect(lambda: self.load())
        self.discard_button.clicked.connect(self.reload)
        self.versions.activated.connect(self._show_version)
        self.editor.textChanged.connect(self._text_changed)
        self.reload()

    # ---- reading -----------------------------------------------------------------------------
    def reload(self) -> None:
        found = self.ops.run(
            lambda ctx: (ctx.policies.list(), ctx.policies.info(), ctx.policies.source()),
            parent=self,
        )
        if found is None:
            return
        infos, current, text = found
        self.in_force = current.version
        self.summary.setText(
            self.tr("In force: version {version}, “{name}”, loaded {when} by {who}.").format(
                version=current.version,
                name=current.name,
                when=local_time(current.loaded_at),
                who=current.loaded_by,
            )
        )
        self.versions.clear()
        for info in sorted(infos, key=lambda i: -i.version):
            self.versions.addItem(
                self.tr("v{version} – {name}").format(version=info.version, name=info.name),
                info.version,
            )
        self.errors.clear()
        self.result.clear()
        self.preview.setRowCount(0)
        self._set_editing(False)
        self.editor.setPlainText(text)
        self.checked_text = None
        self._update_buttons()

    def _show_version(self, index: int) -> None:
        version = self.versions.itemData(index)
        text = self.ops.run(lambda ctx: ctx.policies.source(version), parent=self)
        if text is not None:
            self._set_editing(False)
            self.editor.setPlainText(text)
            self.checked_text = None
            self._update_buttons()

    # ---- editing -----------------------------------------------------------------------------
    def _set_editing(self, editing: bool) -> None:
        self.editor.setReadOnly(not editing)
        self.editing = editing

    def start_edit(self) -> None:
        """The policy in force, its version already raised: what the admin changes is theirs."""
        text = self.ops.run(lambda ctx: ctx.policies.source(), parent=self)
        if text is None:
            return
        self._set_editing(True)
        self.editor.setPlainText(next_version_text(text, self.in_force + 1))
        self.editor.setFocus()
        self._update_buttons()

    def open_file(self, path: str | None = None) -> None:
        """A TOML file into the editor, to check, preview and load like an edit."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Remedy policy file"),
                "",
                self.tr("TOML files (*.toml);;All files (*)"),
            )
            if not path:
                return
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.error.setText(
                self.tr("Cannot read {path}: {error}").format(path=path, error=str(exc))
            )
            self.error.setVisible(True)
            return
        self._set_editing(True)
        self.editor.setPlainText(text)
        self._update_buttons()

    def _text_changed(self) -> None:
        if self.checked_text is not None and self.editor.toPlainText() != self.checked_text:
            self.checked_text = None  # the preview no longer describes what is typed
            self.result.setText(self.tr("The text changed since the check: check it again."))
        self._update_buttons()

    def _update_buttons(self) -> None:
        editing = getattr(self, "editing", False)
        self.check_button.setEnabled(editing)
        self.discard_button.setEnabled(editing)
        self.load_button.setEnabled(editing and self.checked_text == self.editor.toPlainText())
        self.load_button.setToolTip(
            ""
            if self.load_button.isEnabled()
            else self.tr("Check the text first: only a checked policy is loaded")
        )

    # ---- checking and loading ----------------------------------------------------------------
    def check(self) -> None:
        text = self.editor.toPlainText()
        self.result.clear()
        rows = self.ops.run(
            lambda ctx: ctx.remedies.preview_policy(text), parent=self, form=self.errors
        )
        if rows is None:
            self.preview.setRowCount(0)
            return
        self.checked_text = text
        self.show_preview(rows)
        self._update_buttons()

    def show_preview(self, rows: list[PolicyPreview]) -> None:
        changed = sum(1 for r in rows if r.changed)
        self.result.setText(
            self.tr(
                "✔ The policy is valid. {changed} of {total} pending remedies would be judged "
                "differently (highlighted)."
            ).format(changed=changed, total=len(rows))
            if rows
            else self.tr("✔ The policy is valid. No remedy is waiting for sign-off.")
        )
        self.preview.setRowCount(len(rows))
        highlight = QBrush(QColor(WARNING[0]).lighter(170))
        for row, item in enumerate(rows):
            remedy = item.remedy
            cells = (
                remedy.reference,
                remedy.case_reference,
                f"{money_text(remedy.amount)} · {kind_label(remedy.kind)}",
                verdict_text(item.current),
                verdict_text(item.edited),
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(
                    localize((item.current if column == 3 else item.edited).summary())
                    if column >= 3
                    else ""
                )
                if item.changed:
                    cell.setBackground(highlight)
                self.preview.setItem(row, column, cell)

    def load(self, confirm: bool = True) -> None:
        text = self.editor.toPlainText()
        if self.checked_text != text:
            return
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Load the policy"),
                self.tr(
                    "Load this text as the policy in force? New remedies and every sign-off "
                    "are judged by it from now on; stored decisions keep the version they were "
                    "made under."
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        loaded = self.ops.run(lambda ctx: ctx.policies.load(text), parent=self, form=self.errors)
        if loaded is not None:
            self.reload()
            self.result.setText(
                self.tr("✔ Version {version} is in force.").format(version=loaded.version)
            )


def verdict_text(decision: Decision) -> str:
    """A pending remedy's verdict in words: the same outcome the sign-off queue shows."""
    if decision.outcome is Outcome.AUTHORIZED:
        return translate("PolicyPage", "Authorized without sign-off")
    if decision.outcome is Outcome.NEEDS_SIGNOFF:
        if decision.required_role:
            return translate("PolicyPage", "Needs sign-off: {role} or above").format(
                role=role_label(decision.required_role)
            )
        return translate("PolicyPage", "Needs sign-off")
    if decision.outcome is Outcome.NEEDS_DUAL_SIGNOFF:
        return translate("PolicyPage", "Needs two sign-offs")
    return translate("PolicyPage", "Refused: {why}").format(why=localize(decision.summary()))
