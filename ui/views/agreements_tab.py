"""The Agreements tab: the case's agreements; preview, export, open, print, draft and issue."""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.agreement import AgreementAction
from resolution_center.domain.case import Case
from resolution_center.services.session import Session

from ..dialogs.agreement_actions import CreateAgreementDialog, IssueAgreementDialog
from ..dialogs.agreement_preview import AgreementPreview, paint_pages
from ..formatting import local_time, money_text
from ..models.rows import Column, RowsModel
from ..pdf_pages import render_pages
from ..widgets import rows_table
from .case_tab import CaseTab, TabEnv

if TYPE_CHECKING:
    # A type only: the agreements service imports reportlab (~200 ms), which the window's
    # start must not wait for; ctx.agreements loads it when a case's agreements are shown.
    from resolution_center.services.agreements import AgreementInfo

translate = QCoreApplication.translate  # a name pyside6-lupdate recognises
PREVIEW_DPI = 96.0


def _state_label(state: str) -> str:
    return {
        "draft": translate("AgreementsTab", "Draft"),
        "issued": translate("AgreementsTab", "Issued"),
        "superseded": translate("AgreementsTab", "Superseded"),
        "voided": translate("AgreementsTab", "Voided"),
    }.get(state, state)


def agreement_columns() -> list[Column]:
    return [
        Column("number", lambda: translate("AgreementsTab", "Agreement"), lambda a: a.number),
        Column(
            "version",
            lambda: translate("AgreementsTab", "Version"),
            lambda a: str(a.version),
            numeric=True,
        ),
        Column(
            "state", lambda: translate("AgreementsTab", "State"), lambda a: _state_label(a.state)
        ),
        Column(
            "total",
            lambda: translate("AgreementsTab", "Remedies total"),
            lambda a: money_text(a.total),
            numeric=True,
        ),
        Column("offer", lambda: translate("AgreementsTab", "Offer"), lambda a: a.offer),
        Column(
            "issued",
            lambda: translate("AgreementsTab", "Issued at"),
            lambda a: local_time(a.issued_at) if a.issued_at else "—",
        ),
    ]


def _sentence(text: str) -> str:
    """A refusal from the domain ("x is issued; revise it…") as a tooltip sentence."""
    text = text.strip()
    if not text:
        return ""
    return text[0].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


def load_agreements(ctx: Session, case: Case) -> dict[str, Any]:
    offers, why_not = ctx.agreements.offers_to_draft(case.id)
    return {
        "agreements": ctx.agreements.for_case_with_refusals(case.id),
        "accepted": offers,  # those an agreement may be drafted from now
        "no_draft": why_not,
    }


def render_for_screen(
    ctx: Session, info: AgreementInfo, copy: str, paper: str, dpi: float
) -> tuple[bytes, list[QImage]]:
    pdf = ctx.agreement_files.render(info.number, info.version, copy, paper)
    return pdf, render_pages(pdf, dpi)


class AgreementsTab(CaseTab):
    key = "agreements"

    exported = Signal(object)
    """The service's export result (path, file_sha256, …)."""
    printed = Signal(object)
    preview_opened = Signal(object)

    def __init__(self, env: TabEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.open_url: Callable[[QUrl], Any] = QDesktopServices.openUrl
        self._temp = tempfile.TemporaryDirectory(prefix="rc-agreements-")
        self._accepted: list[Any] = []
        self._no_draft = ""
        # Why the user may not take each refused action on each version shown, as the domain
        # answered on loading (an action not named is allowed).
        self._refusals: dict[tuple[str, int], dict[AgreementAction, str]] = {}
        # A confirmation (an export's path and digest) stays while the user is on the same
        # case and agreement: the reload its own audit event causes must not wipe it.
        self._note: tuple[tuple[int, str, int], str] | None = None
        self._reloading = False
        self.model = RowsModel(agreement_columns(), self)
        self.table = rows_table(self.model, "agreementsTable", self.tr("Agreements of this case"))

        self.copy = QComboBox()
        self.copy.addItem(self.tr("Internal record"), "internal")
        self.copy.addItem(self.tr("Customer copy"), "customer")
        self.copy.setAccessibleName(self.tr("Copy"))
        self.paper = QComboBox()
        self.paper.addItem(self.tr("A4"), "a4")
        self.paper.addItem(self.tr("Letter"), "letter")
        self.paper.setAccessibleName(self.tr("Paper size"))
        copy_label, paper_label = QLabel(self.tr("C&opy:")), QLabel(self.tr("P&aper:"))
        copy_label.setBuddy(self.copy)
        paper_label.setBuddy(self.paper)

        self.preview_button = QPushButton(self.tr("Pre&view"))
        self.export_button = QPushButton(self.tr("E&xport…"))
        self.open_button = QPushButton(self.tr("Open in &viewer"))
        self.print_button = QPushButton(self.tr("&Print…"))
        self.create_button = QPushButton(self.tr("&Draft from offer…"))
        self.issue_button = QPushButton(self.tr("&Issue…"))
        for name, button in (
            ("preview", self.preview_button),
            ("export", self.export_button),
            ("open", self.open_button),
            ("print", self.print_button),
            ("create", self.create_button),
            ("issue", self.issue_button),
        ):
            button.setObjectName(f"agreement-{name}")
        options = QHBoxLayout()
        for widget in (copy_label, self.copy, paper_label, self.paper):
            options.addWidget(widget)
        options.addStretch(1)
        options.addWidget(self.create_button)
        options.addWidget(self.issue_button)
        buttons = QHBoxLayout()
        for button in (
            self.preview_button,
            self.export_button,
            self.open_button,
            self.print_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.status = QLabel()
        self.status.setObjectName("agreementStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addLayout(options)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selection_moved())
        self.preview_button.clicked.connect(self.preview)
        self.export_button.clicked.connect(self.export)
        self.open_button.clicked.connect(self.open_in_viewer)
        self.print_button.clicked.connect(self.print_agreement)
        self.create_button.clicked.connect(self.create_agreement)
        self.issue_button.clicked.connect(self.issue)
        self.destroyed.connect(self._temp.cleanup)
        self._enable()

    def title(self) -> str:
        return self.tr("A&greements")

    @staticmethod
    def load(ctx: Session, case: Case) -> Any:
        return load_agreements(ctx, case)

    def show_case(self, case: Case, data: Any) -> None:
        super().show_case(case, data)
        data = data or {}
        self._accepted = list(data.get("accepted", []))
        self._no_draft = str(data.get("no_draft", ""))
        rows = list(data.get("agreements", []))
        self._refusals = {(info.number, info.version): refusals for info, refusals in rows}
        shown = self._note_key()
        self._reloading = True  # the reset's selection moves are not the user's
        try:
            self._show_rows(rows, shown)
        finally:
            self._reloading = False
        self._show_status()
        self._enable()

    def _show_rows(self, rows: list[Any], shown: tuple[int, str, int] | None) -> None:
        self.model.set_rows([info for info, _refusals in rows])
        if self.model.rowCount():
            row = next(
                (
                    i
                    for i, (info, _r) in enumerate(rows)
                    if shown and shown[1:] == (info.number, info.version)
                ),
                0,
            )
            self.table.selectRow(row)

    def clear(self) -> None:
        super().clear()
        self.model.set_rows([])
        self._accepted = []
        self._no_draft = ""
        self._refusals = {}
        self._note = None
        self._enable()

    def current(self) -> AgreementInfo | None:
        index = self.table.currentIndex()
        return self.model.row_value(index.row()) if index.isValid() else None

    def options(self) -> tuple[str, str]:
        return str(self.copy.currentData()), str(self.paper.currentData())

    def allowed(self, info: AgreementInfo | None) -> frozenset[AgreementAction]:
        """What the user may do with this version now (the domain's answer, not the tab's)."""
        if info is None or (info.number, info.version) not in self._refusals:
            return frozenset()
        refused = self._refusals[(info.number, info.version)]
        return frozenset(a for a in AgreementAction if a not in refused)

    def refusal(self, info: AgreementInfo | None, action: AgreementAction) -> str:
        """Why `action` cannot be taken on this version now ("" when it can)."""
        if info is None:
            return self.tr("Select an agreement in the list first.")
        return self._refusals.get((info.number, info.version), {}).get(action, "")

    def _enable(self) -> None:
        info = self.current()
        allowed = self.allowed(info)
        for button, action, tip in (
            (self.preview_button, AgreementAction.PREVIEW, self.tr("Show its pages")),
            (self.export_button, AgreementAction.EXPORT, self.tr("Save it as a PDF file")),
            # Opening exports to a temporary file first.
            (self.open_button, AgreementAction.EXPORT, self.tr("Open it in your PDF viewer")),
            (self.print_button, AgreementAction.PRINT, self.tr("Print it")),
            (self.issue_button, AgreementAction.ISSUE, self.tr("Issue this draft")),
        ):
            button.setEnabled(action in allowed)
            button.setToolTip(tip if action in allowed else _sentence(self.refusal(info, action)))
        can_draft = self.case is not None and bool(self._accepted)
        self.create_button.setEnabled(can_draft)
        if self.case is None:
            why = self.tr("Open a case first.")
        else:
            why = _sentence(self._no_draft) or self.tr("The case has no accepted offer.")
        self.create_button.setToolTip(
            self.tr("Draft an agreement from the accepted offer") if can_draft else why
        )

    # ---- what the tab says -------------------------------------------------------------------
    def _note_key(self) -> tuple[int, str, int] | None:
        return self._note[0] if self._note is not None else None

    def _keep_note(self, text: str) -> None:
        info = self.current()
        if self.case is None or info is None:
            self.status.setText(text)
            return
        self._note = ((int(self.case.id), info.number, info.version), text)
        self._show_status()

    def _selection_moved(self) -> None:
        if self._reloading:
            return
        info = self.current()
        key = self._note_key()
        if key is not None and (
            self.case is None
            or info is None
            or key != (int(self.case.id), info.number, info.version)
        ):
            self._note = None  # the user moved on: the confirmation was about another one
            self._show_status()
        self._enable()

    def _show_status(self) -> None:
        key = self._note_key()
        if self._note is not None and self.case is not None and key and key[0] == self.case.id:
            self.status.setText(self._note[1])
        else:
            self._note = None
            self.status.setText(
                ""
                if self.model.rowCount()
                else self.tr(
                    "No agreements yet. Once the customer has accepted an offer, draft one "
                    "with Draft from offer…, then issue it."
                )
            )

    # ---- preview and print -------------------------------------------------------------------
    def _render(
        self, dpi: float, then: Callable[[AgreementInfo, bytes, list[QImage]], None]
    ) -> None:
        info = self.current()
        if info is None:
            return
        copy, paper = self.options()
        self.ops.run_in_background(
            lambda ctx, _p: render_for_screen(ctx, info, copy, paper, dpi),
            parent=self,
            on_done=lambda result: then(info, *result),
        )

    def preview(self) -> None:
        self._render(PREVIEW_DPI, self._show_preview)

    def _show_preview(self, info: AgreementInfo, pdf: bytes, pages: list[QImage]) -> None:
        copy, paper = self.options()
        title = self.tr("{number} version {version}").format(
            number=info.number, version=info.version
        )
        dialog = AgreementPreview(
            title,
            pdf,
            pages,
            lambda printer: self.print_to(printer, info, pdf, copy, paper),
            self.window(),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.preview_opened.emit(dialog)

    def print_agreement(self) -> None:
        info = self.current()
        if info is None:
            return
        copy, paper = self.options()
        number, version = info.number, info.version
        pdf = self.ops.run(
            lambda ctx: ctx.agreement_files.render(number, version, copy, paper), parent=self
        )
        if pdf is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.print_to(printer, info, pdf, copy, paper))
        dialog.open()  # type: ignore[call-arg]  # QDialog.open(): the stub has only (receiver, member)

    def print_to(
        self, printer: QPrinter, info: AgreementInfo, pdf: bytes, copy: str, paper: str
    ) -> None:
        """Paint the pages, then record the print: a printed copy is an audit event."""
        if not paint_pages(printer, pdf):
            self.status.setText(self.tr("Nothing was printed: the printer could not start."))
            return
        digest = hashlib.sha256(pdf).hexdigest()
        self.ops.run(
            lambda ctx: ctx.agreement_files.printed(info.number, info.version, copy, paper, digest),
            parent=self,
            on_done=self._printed,
        )

    def _printed(self, result: dict[str, Any]) -> None:
        self._keep_note(
            self.tr("Printed {number} version {version} ({copy} copy).").format(
                number=result["number"], version=result["version"], copy=result["copy"]
            )
        )
        self.printed.emit(result)

    # ---- files -------------------------------------------------------------------------------
    def export(self) -> QFileDialog | None:
        info = self.current()
        if info is None:
            return None
        copy, paper = self.options()
        dialog = QFileDialog(self.window(), self.tr("Export {number}").format(number=info.number))
        dialog.setObjectName("exportDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("PDF files (*.pdf)"))
        dialog.setDefaultSuffix("pdf")
        dialog.selectFile(f"{info.number}-v{info.version}-{copy}-{paper}.pdf")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: self.export_to(path))
        dialog.open()
        return dialog

    def export_to(self, path: str) -> dict[str, Any] | None:
        info = self.current()
        if info is None:
            return None
        copy, paper = self.options()
        number, version = info.number, info.version
        return self.ops.run(
            lambda ctx: ctx.agreement_files.export(number, version, copy, paper, path),
            parent=self,
            on_done=self._exported,
        )

    def _exported(self, result: dict[str, Any]) -> None:
        self._keep_note(
            self.tr("Exported to {path} (SHA-256 {digest}).").format(
                path=result["path"], digest=result["file_sha256"]
            )
        )
        self.exported.emit(result)

    def open_in_viewer(self) -> None:
        info = self.current()
        if info is None:
            return
        copy, paper = self.options()
        path = Path(self._temp.name) / f"{info.number}-v{info.version}-{copy}-{paper}.pdf"
        result = self.export_to(str(path))
        if result is not None:
            self.open_url(QUrl.fromLocalFile(result["path"]))

    # ---- drafting and issuing ----------------------------------------------------------------
    def create_agreement(self) -> CreateAgreementDialog | None:
        if self.case is None or not self._accepted:
            return None
        dialog = CreateAgreementDialog(self.ops, self.case, self._accepted, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def issue(self) -> IssueAgreementDialog | None:
        info = self.current()
        if info is None or self.case is None:
            return None
        dialog = IssueAgreementDialog(
            self.ops, self.case.id, info.number, info.version, self.window()
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
