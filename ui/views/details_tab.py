"""The Details tab: the editable case fields, saved with optimistic locking and a merge view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.case import EDITABLE_FIELDS, Case, Channel, Priority
from resolution_center.domain.errors import ConflictError

from ..errors.conflict import ConflictChoice
from ..formatting import local_time
from ..forms import FormErrors, error_label
from ..labels import channel_label, field_label, priority_label, taxonomy_text
from .case_tab import CaseTab, TabEnv


def case_values(case: Case) -> dict[str, Any]:
    """The editable fields of a case in the form's terms (plain text, lists, booleans)."""
    return {
        "subject": case.subject,
        "description": case.description,
        "category": case.category,
        "subcategory": case.subcategory,
        "priority": case.priority.value,
        "channel": case.channel.value,
        "tags": list(case.tags),
        "safety_hazard": case.safety_hazard,
    }


class DetailsTab(CaseTab):
    """Keeps whatever the user typed through every error, conflict and background reload."""

    key = "details"

    saved = Signal(object)
    """The Case as stored after a successful save."""
    conflict_resolved = Signal(object)
    """The ConflictChoice the user made in the merge view, after the form was updated."""

    def __init__(self, env: TabEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.base: Case | None = None  # the version the form was loaded from
        self._drafts: dict[int, tuple[Case, dict[str, Any]]] = {}  # case id -> (base, typed)
        taxonomy = self.ops.ctx.taxonomy

        self.subject = QLineEdit()
        self.subject.setMaxLength(200)
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.category = QComboBox()
        for category in taxonomy.categories:
            self.category.addItem(taxonomy_text(category.label), category.slug)
        self.subcategory = QComboBox()
        self.priority = QComboBox()
        for priority in Priority:
            self.priority.addItem(priority_label(priority), priority.value)
        self.channel = QComboBox()
        for channel in Channel:
            self.channel.addItem(channel_label(channel), channel.value)
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(self.tr("Comma-separated, e.g. vip, repeat-customer"))
        self.safety_hazard = QCheckBox(self.tr("This defect endangers someone (safety case)"))

        self.widgets: dict[str, QWidget] = {
            "subject": self.subject,
            "description": self.description,
            "category": self.category,
            "subcategory": self.subcategory,
            "priority": self.priority,
            "channel": self.channel,
            "tags": self.tags,
            "safety_hazard": self.safety_hazard,
        }
        assert set(self.widgets) == set(EDITABLE_FIELDS)

        self.banner = QLabel()
        self.banner.setObjectName("detailsBanner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.banner.setFrameShape(QLabel.Shape.StyledPanel)
        self.general_error = error_label(self)
        self.errors = FormErrors(self.general_error)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for name, widget in self.widgets.items():
            widget.setAccessibleName(field_label(name))
            label_error = error_label(self)
            cell = QVBoxLayout()
            cell.setSpacing(2)
            cell.addWidget(widget)
            cell.addWidget(label_error)
            caption = QLabel(field_label(name) + ":")
            caption.setBuddy(widget)
            form.addRow(caption, cell)
            self.errors.add(widget, label_error, name, *(("tag",) if name == "tags" else ()))

        self.save_button = QPushButton(self.tr("&Save changes"))
        self.save_button.setObjectName("saveDetails")
        self.save_button.setToolTip(self.tr("Save the edited fields (Ctrl+S)"))
        self.revert_button = QPushButton(self.tr("Re&vert"))
        self.revert_button.setToolTip(self.tr("Throw away unsaved edits"))
        self.save_action = QAction(self.tr("Save case details"), self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.save_action)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        body = QWidget()
        inner = QVBoxLayout(body)
        inner.addWidget(self.banner)
        inner.addWidget(self.general_error)
        inner.addLayout(form)
        inner.addLayout(buttons)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self._connect()
        self._update_buttons()

    def _connect(self) -> None:
        self.category.currentIndexChanged.connect(self._category_changed)
        self.save_button.clicked.connect(self.save)
        self.save_action.triggered.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.subject.textChanged.connect(self._update_buttons)
        self.description.textChanged.connect(self._update_buttons)
        self.tags.textChanged.connect(self._update_buttons)
        for combo in (self.category, self.subcategory, self.priority, self.channel):
            combo.currentIndexChanged.connect(self._update_buttons)
        self.safety_hazard.toggled.connect(self._update_buttons)

    def title(self) -> str:
        return self.tr("&Details")

    # ---- showing -----------------------------------------------------------------------------
    def show_case(self, case: Case, data: Any) -> None:
        super().show_case(case, data)
        if self.base is None or self.base.id != case.id:
            self._park_draft()
            self._restore_draft(case)
        if self.base is None or not self.typed_changes():
            self._load(case)
        elif case.version != self.base.version:
            # Never overwrite typing: keep the old base, so saving shows the merge view.
            self._warn_changed(case)

    def _warn_changed(self, case: Case) -> None:
        self._show_banner(
            self.tr(
                "{who} changed this case at {when} while you were editing. Your edits are "
                "kept; when you save you will see both versions side by side."
            ).format(who=case.updated_by or self.tr("Someone"), when=local_time(case.updated_at))
        )

    def _park_draft(self) -> None:
        """Unsaved edits stay with their case when the user moves to another one."""
        if self.base is not None and self.typed_changes():
            self._drafts[self.base.id] = (self.base, self.typed_changes())

    def _restore_draft(self, case: Case) -> None:
        parked = self._drafts.pop(case.id, None)
        if parked is None:
            self.base = None
            return
        base, typed = parked
        self._load(base)
        self.apply_values(typed)

    def clear(self) -> None:
        self._park_draft()
        super().clear()
        self.base = None
        self.errors.clear()
        self._hide_banner()

    def _load(self, case: Case) -> None:
        self.base = case
        self.errors.clear()
        self._hide_banner()
        self.apply_values(case_values(case))

    def apply_values(self, values: dict[str, Any]) -> None:
        """Put values into the widgets (a case's, or what the user typed before a conflict)."""
        if "subject" in values:
            self.subject.setText(values["subject"] or "")
        if "description" in values:
            self.description.setPlainText(values["description"] or "")
        if "category" in values:
            self.category.setCurrentIndex(max(0, self.category.findData(values["category"])))
        self._fill_subcategories()
        if "subcategory" in values:
            self.subcategory.setCurrentIndex(
                max(0, self.subcategory.findData(values["subcategory"]))
            )
        if "priority" in values:
            self.priority.setCurrentIndex(max(0, self.priority.findData(values["priority"])))
        if "channel" in values:
            self.channel.setCurrentIndex(max(0, self.channel.findData(values["channel"])))
        if "tags" in values:
            tags = values["tags"]
            self.tags.setText(", ".join(tags) if isinstance(tags, list | tuple) else str(tags))
        if "safety_hazard" in values:
            self.safety_hazard.setChecked(bool(values["safety_hazard"]))
        self._update_buttons()

    def form_values(self) -> dict[str, Any]:
        return {
            "subject": self.subject.text(),
            "description": self.description.toPlainText(),
            "category": self.category.currentData(),
            "subcategory": self.subcategory.currentData(),
            "priority": self.priority.currentData(),
            "channel": self.channel.currentData(),
            "tags": [t.strip() for t in self.tags.text().split(",") if t.strip()],
            "safety_hazard": self.safety_hazard.isChecked(),
        }

    def typed_changes(self) -> dict[str, Any]:
        """Fields whose form value differs from the version the form was loaded from."""
        if self.base is None:
            return {}
        stored = case_values(self.base)
        changes = {k: v for k, v in self.form_values().items() if v != stored[k]}
        if "category" in changes and "subcategory" not in changes:
            changes["subcategory"] = self.subcategory.currentData()
        return changes

    def has_unsaved_input(self) -> bool:
        return bool(self.typed_changes()) or bool(self._drafts)

    # ---- saving ------------------------------------------------------------------------------
    def save(self) -> None:
        if self.base is None:
            return
        changes = self.typed_changes()
        if not changes:
            self._show_banner(self.tr("Nothing to save: the form shows what is stored."))
            return
        base = self.base
        self.ops.run(
            lambda ctx: ctx.cases.update(base.id, base.version, changes),
            parent=self,
            form=self.errors,
            on_done=self._saved,
            on_conflict=self._conflict,
        )

    def revert(self) -> None:
        if self.base is not None:
            self._load(self.base)

    def _saved(self, case: Case) -> None:
        self._load(case)
        self.saved.emit(case)

    def _conflict(self, choice: ConflictChoice, error: ConflictError) -> None:
        if choice is ConflictChoice.KEEP or self.base is None:
            self.conflict_resolved.emit(choice)
            return
        typed = self.typed_changes()
        case_id = self.base.id
        latest = self.ops.run(lambda ctx: ctx.cases.get(case_id), parent=self)
        if latest is None:
            return
        self._load(latest)
        if choice is ConflictChoice.REAPPLY and typed:
            self.apply_values(typed)
            self._show_banner(
                self.tr(
                    "Your edits are back in the form on top of the latest version, saved by "
                    "{who} at {when}. Review them and save again."
                ).format(
                    who=latest.updated_by or self.tr("someone"), when=local_time(latest.updated_at)
                )
            )
        self.conflict_resolved.emit(choice)

    # ---- helpers -----------------------------------------------------------------------------
    def _category_changed(self) -> None:
        self._fill_subcategories()
        self._update_buttons()

    def _fill_subcategories(self) -> None:
        slug = self.category.currentData()
        taxonomy = self.ops.ctx.taxonomy
        keep = self.subcategory.currentData()
        self.subcategory.blockSignals(True)
        self.subcategory.clear()
        self.subcategory.addItem(self.tr("(none)"), None)
        category = next((c for c in taxonomy.categories if c.slug == slug), None)
        for sub_slug, label in category.subcategories if category else ():
            self.subcategory.addItem(taxonomy_text(label), sub_slug)
        self.subcategory.setCurrentIndex(max(0, self.subcategory.findData(keep)))
        self.subcategory.setEnabled(self.subcategory.count() > 1)
        self.subcategory.blockSignals(False)
        self.safety_hazard.setEnabled(
            bool(category and category.safety_flag) or self.safety_hazard.isChecked()
        )

    def _update_buttons(self) -> None:
        dirty = bool(self.typed_changes())
        self.save_button.setEnabled(self.base is not None and dirty)
        self.revert_button.setEnabled(dirty)

    def _show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(True)

    def _hide_banner(self) -> None:
        self.banner.clear()
        self.banner.setVisible(False)
