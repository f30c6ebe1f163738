"""The administration dialog: one page per subject, a list to move between them.

Opened from the Administration menu, which only administrators see; every change on its pages
is a call of the same service the command line calls, so a non-administrator who reached one
anyway would be refused by the service, not just hidden from."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..ops import Ops

PAGES = ("users", "policy", "categories", "sla", "company", "templates")


class EmbeddedEditor(QWidget):
    """An editor that exists as its own dialog (the SLA calendar, the message templates), shown
    as a page: the same widget and code, without its Close button."""

    def __init__(self, editor: QDialog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        editor.setParent(self)
        editor.setWindowFlags(Qt.WindowType.Widget)
        for box in editor.findChildren(QDialogButtonBox):
            close = box.button(QDialogButtonBox.StandardButton.Close)
            if close is not None:
                close.hide()  # the administration dialog's own Close closes both
        # Escape in a dialog rejects (hides) it; as a page it stays where it is.
        editor.finished.connect(lambda _result: editor.show())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(editor)


class AdministrationDialog(QDialog):
    def __init__(self, ops: Ops, parent: QWidget | None = None, page: str = "users") -> None:
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("administrationDialog")
        self.setWindowTitle(self.tr("Administration"))
        self.nav = QListWidget()
        self.nav.setObjectName("administrationPages")
        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}
        self.holders: list[QVBoxLayout] = []
        titles = {
            "users": self.tr("Users"),
            "policy": self.tr("Remedy policy"),
            "categories": self.tr("Categories"),
            "sla": self.tr("SLA calendars and targets"),
            "company": self.tr("Company details"),
            "templates": self.tr("Message templates"),
        }
        for key in PAGES:
            self.nav.addItem(titles[key])
            holder = QWidget()  # pages are built when first shown: each reads the database
            holder_layout = QVBoxLayout(holder)
            holder_layout.setContentsMargins(0, 0, 0, 0)
            self.holders.append(holder_layout)
            self.stack.addWidget(holder)
        width = max(self.nav.sizeHintForColumn(0), 0) + 24
        self.nav.setFixedWidth(width)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(buttons)
        self.nav.currentRowChanged.connect(self._show)
        self.resize(1000, 660)
        self.show_page(page)

    def show_page(self, key: str) -> QWidget:
        self.nav.setCurrentRow(PAGES.index(key))
        return self.page(key)

    def page(self, key: str) -> QWidget:
        if key not in self.pages:
            page = self._build(key)
            self.holders[PAGES.index(key)].addWidget(page)
            self.pages[key] = page
        return self.pages[key]

    def _show(self, row: int) -> None:
        if row >= 0:
            self.page(PAGES[row])
            self.stack.setCurrentIndex(row)

    def _build(self, key: str) -> QWidget:
        # Imported per page: the dialog opens on one and may never show the others.
        if key == "users":
            from .users_page import UsersPage

            return UsersPage(self.ops)
        if key == "policy":
            from .policy_page import PolicyPage

            return PolicyPage(self.ops)
        if key == "categories":
            from .categories_page import CategoriesPage

            return CategoriesPage(self.ops)
        if key == "company":
            from .company_page import CompanyPage

            return CompanyPage(self.ops)
        if key == "sla":
            from ..dialogs.sla_calendar import SlaCalendarDialog

            return EmbeddedEditor(SlaCalendarDialog(self.ops))
        from ..dialogs.message_templates import TemplatesDialog

        return EmbeddedEditor(TemplatesDialog(self.ops))
