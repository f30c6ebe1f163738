"""Import cases from another system's export: file and mapping, preview, dry run, import.

Four pages in one dialog: (1) the file, its mapping (a shipped preset or a .toml file), its
encoding (detected unless chosen) and the files the mapping joins to it; (2) the first rows as
they would become cases; (3) the dry run's report, row by row (would create, refused and why,
already present); (4) the import itself on a worker thread with a progress bar and Cancel (the
batches written before a cancel stay; running the same import again adds only the rest), then
its summary. What was typed on page 1 survives every error.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.errors import RCError
from resolution_center.services.import_files import Export, import_export, preview_export
from resolution_center.services.import_mapping import Mapping, load_mapping, preset_names
from resolution_center.services.imports import ImportRecord, ImportResult
from resolution_center.services.service_text import error_text
from resolution_center.services.session import Session

from ..formatting import count_text, money_text
from ..forms import error_label
from ..ops import Ops
from ..style import error_text_style
from ..tasks import Progress

FROM_FILE = "\x00file"  # the mapping combo's "load a mapping file" entry
ENCODINGS = ("utf-8", "cp1252", "latin-1", "utf-16", "shift_jis", "gb18030")
PREVIEW_ROWS = 20
REPORT_ROWS = 2_000
PAGE_SOURCE, PAGE_PREVIEW, PAGE_CHECK, PAGE_IMPORT = range(4)


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table


def _fill(table: QTableWidget, rows: list[list[str]], widest: dict[int, int] | None = None) -> None:
    """Fill `table`; a column is at most `widest[column]` pixels wide (150 unless given)."""
    widest = widest or {}
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    for c in range(table.columnCount() - 1):  # long ids are cut (their tooltip holds them)
        table.setColumnWidth(c, min(table.columnWidth(c), widest.get(c, 150)))


class ImportWizard(QDialog):
    """Admins import an export here; other users see why they cannot."""

    imported = Signal(object)
    """The ImportResult of a finished (or cancelled) import."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setObjectName("importWizard")
        self.setWindowTitle(self.tr("Import cases"))
        self.resize(940, 600)
        self._mapping_path: Path | None = None
        self._joins: dict[str, QLineEdit] = {}
        self._cancel = threading.Event()
        self._running = False
        self.outcome: ImportResult | None = None  # the import's, once it ran

        self.pages = QStackedWidget()
        self.pages.addWidget(self._source_page())
        self.pages.addWidget(self._preview_page())
        self.pages.addWidget(self._check_page())
        self.pages.addWidget(self._import_page())

        self.step = QLabel()
        self.step.setObjectName("importStep")
        self.back = QPushButton(self.tr("< &Back"))
        self.back.setObjectName("importBack")
        self.next = QPushButton()
        self.next.setObjectName("importNext")
        self.next.setDefault(True)
        self.close_button = QPushButton(self.tr("&Close"))
        self.close_button.setObjectName("importClose")
        self.back.clicked.connect(self._go_back)
        self.next.clicked.connect(self._go_next)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.step, 1)
        buttons.addWidget(self.back)
        buttons.addWidget(self.next)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self._mapping_changed()
        self._show(PAGE_SOURCE)

    # ---- page 1: file, mapping, encoding, joined files ----------------------------------------
    def _source_page(self) -> QWidget:
        page = QWidget()
        intro = QLabel(
            self.tr(
                "Import cases from another system's CSV export. A mapping says which columns "
                "become which case fields; rows already imported (the same source system and "
                "id) are reported and not added again."
            )
        )
        intro.setWordWrap(True)
        self.file = QLineEdit()
        self.file.setObjectName("importFile")
        self.file.setPlaceholderText(self.tr("the export (.csv)"))
        self.file.editingFinished.connect(self._mapping_changed)  # joined files sit beside it
        browse = QPushButton(self.tr("&Browse…"))
        browse.setObjectName("importBrowse")
        browse.clicked.connect(self._browse_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(browse)
        self.mapping = QComboBox()
        self.mapping.setObjectName("importMapping")
        for name in preset_names():
            self.mapping.addItem(self._preset_label(name), name)
        self.mapping.addItem(self.tr("From a mapping file…"), FROM_FILE)
        self.mapping.activated.connect(self._mapping_activated)
        self.mapping.currentIndexChanged.connect(self._mapping_changed)
        self.encoding = QComboBox()
        self.encoding.setObjectName("importEncoding")
        self.encoding.addItem(self.tr("Detect (or as the mapping says)"), "")
        for name in ENCODINGS:
            self.encoding.addItem(name, name)
        self.form = QFormLayout()
        file_label = QLabel(self.tr("&File:"))
        file_label.setBuddy(self.file)
        self.form.addRow(file_label, file_row)
        self.form.addRow(self.tr("&Mapping:"), self.mapping)
        self.mapping_note = QLabel()
        self.mapping_note.setObjectName("importMappingNote")
        self.mapping_note.setWordWrap(True)
        self.form.addRow("", self.mapping_note)
        self.form.addRow(self.tr("&Encoding:"), self.encoding)
        self.joins_box = QFormLayout()
        joins_holder = QWidget()
        joins_holder.setLayout(self.joins_box)
        self.form.addRow(self.tr("Joined files:"), joins_holder)
        self.source_error = error_label(page)
        self.source_error.setObjectName("importSourceError")
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addLayout(self.form)
        layout.addWidget(self.source_error)
        layout.addStretch(1)
        if self.ops.ctx.actor.role not in ("admin", "system"):
            self._fail(self.tr("Only an admin may import cases: log in as one."))
        return page

    def _preset_label(self, name: str) -> str:
        try:
            return f"{load_mapping(name).label} ({name})"
        except RCError:
            return name

    def _browse_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Export to import"), self.file.text(), self.tr("CSV files (*.csv *.txt)")
        )
        if path:
            self.file.setText(path)
            self._mapping_changed()

    def _browse_into(self, edit: QLineEdit) -> None:
        start = edit.text() or edit.placeholderText()
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Joined file"), start, self.tr("CSV files (*.csv *.txt)")
        )
        if path:
            edit.setText(path)

    def _mapping_activated(self, index: int) -> None:
        if self.mapping.itemData(index) != FROM_FILE:
            return
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Mapping"), "", self.tr("Mappings (*.toml)")
        )
        if path:
            self.load_mapping_file(Path(path))
        else:
            self.mapping.setCurrentIndex(0)

    def load_mapping_file(self, path: Path) -> None:
        """Use a mapping file (also what "From a mapping file…" does once a file is picked)."""
        self._mapping_path = path
        index = self.mapping.findData(FROM_FILE)
        self.mapping.setItemText(index, self.tr("File: {name}").format(name=path.name))
        self.mapping.setCurrentIndex(index)
        self._mapping_changed()

    def _chosen_mapping(self) -> Mapping:
        data = self.mapping.currentData()
        if data == FROM_FILE:
            if self._mapping_path is None:
                raise _Usage(self.tr("Choose a mapping file."))
            return load_mapping(self._mapping_path)
        return load_mapping(str(data))

    def _mapping_changed(self) -> None:
        """Show what the mapping reads and a field for each file it joins (typed paths kept)."""
        typed = {name: edit.text() for name, edit in self._joins.items()}
        while self.joins_box.rowCount():
            self.joins_box.removeRow(0)
        self._joins.clear()
        try:
            mapping = self._chosen_mapping()
        except (RCError, _Usage) as exc:
            self.mapping_note.setText(str(getattr(exc, "message", exc)))
            return
        kept = f"; {mapping.filter.describe()}" if mapping.filter else ""
        self.mapping_note.setText(
            self.tr("Source system “{system}”, id column {id}{kept}.").format(
                system=mapping.system, id=", ".join(mapping.id.columns()) or "-", kept=kept
            )
        )
        if not mapping.joins:
            self.joins_box.addRow(QLabel(self.tr("none")))
        folder = Path(self.file.text()).parent if self.file.text() else None
        for join in mapping.joins:
            edit = QLineEdit(typed.get(join.name, ""))
            edit.setObjectName(f"importJoin-{join.name}")
            default = folder / join.file if folder and join.file else join.file
            edit.setPlaceholderText(str(default) if default else self.tr("required"))
            self._joins[join.name] = edit
            label = (
                self.tr("{name} (several rows per case)") if join.many else self.tr("{name}")
            ).format(name=join.name)
            browse = QPushButton(self.tr("Browse…"))
            browse.setObjectName(f"importJoinBrowse-{join.name}")
            browse.clicked.connect(lambda _=False, e=edit: self._browse_into(e))
            row = QHBoxLayout()
            row.addWidget(edit, 1)
            row.addWidget(browse)
            self.joins_box.addRow(label + ":", row)

    def _inputs(self) -> tuple[Path, Mapping, str | None, dict[str, str]]:
        text = self.file.text().strip()
        if not text:
            raise _Usage(self.tr("Choose the file to import."))
        joins = {name: e.text().strip() for name, e in self._joins.items() if e.text().strip()}
        return Path(text), self._chosen_mapping(), self.encoding.currentData() or None, joins

    def _fail(self, message: str) -> None:
        self.source_error.setStyleSheet(error_text_style(self.source_error))
        self.source_error.setText(message)
        self.source_error.setVisible(True)

    def show_error(self, error: RCError) -> None:
        """A file, mapping or encoding the services refused: shown on the first page, whose
        fields keep what was typed (InlineErrors)."""
        self._show(PAGE_SOURCE)
        self._fail(error_text(error))

    def clear(self) -> None:
        self.source_error.setVisible(False)

    # ---- page 2: preview ----------------------------------------------------------------------
    def _preview_page(self) -> QWidget:
        page = QWidget()
        self.preview_summary = QLabel()
        self.preview_summary.setObjectName("importPreviewSummary")
        self.preview_summary.setWordWrap(True)
        self.preview = _table(
            "importPreview",
            [
                self.tr("Row"),
                self.tr("Source id"),
                self.tr("Subject"),
                self.tr("Category"),
                self.tr("Amount"),
                self.tr("Status"),
                self.tr("Received"),
                self.tr("Order"),
                self.tr("Customer"),
            ],
        )
        layout = QVBoxLayout(page)
        layout.addWidget(self.preview_summary)
        layout.addWidget(self.preview, 1)
        return page

    def _show_preview(self, export: Export, records: list[ImportRecord]) -> None:
        joined = "".join(
            self.tr("; {name}: {rows} rows joined from {file}").format(
                name=j.name, rows=j.rows, file=j.path.name
            )
            for j in export.joined.values()
        )
        self.preview_summary.setText(
            self.tr(
                "{file}: {rows} rows in {encoding}, {selected} to import{joined}. The first "
                "rows as they would become cases:"
            ).format(
                file=export.path.name,
                rows=count_text(export.rows),
                encoding=export.encoding,
                selected=count_text(export.selected),
                joined=joined,
            )
        )
        rows = []
        for r in records:
            d = r.draft
            order = d.order
            category = d.category + (f" / {d.subcategory}" if d.subcategory else "")
            rows.append(
                [
                    str(r.row),
                    r.source_id,
                    (self.tr("refused: {why}").format(why=r.problem) if r.problem else d.subject),
                    category,
                    money_text(order.total) if not r.problem else "",
                    str(r.status),
                    r.received_at.strftime("%Y-%m-%d %H:%M UTC") if r.received_at else "",
                    (f"({len(order.items)} items) " if order.items else "") + order.number,
                    d.customer.name,
                ]
            )
        _fill(self.preview, rows, {1: 110, 2: 260, 3: 230})

    # ---- page 3: dry run ------------------------------------------------------------------------
    def _check_page(self) -> QWidget:
        page = QWidget()
        self.check_summary = QLabel()
        self.check_summary.setObjectName("importCheckSummary")
        self.check_summary.setWordWrap(True)
        self.check_progress = QProgressBar()
        self.check_progress.setObjectName("importCheckProgress")
        self.report = _table(
            "importReport",
            [self.tr("Row"), self.tr("Source id"), self.tr("Outcome"), self.tr("Detail")],
        )
        layout = QVBoxLayout(page)
        layout.addWidget(self.check_summary)
        layout.addWidget(self.check_progress)
        layout.addWidget(self.report, 1)
        return page

    def _show_report(self, outcome: tuple[Export, ImportResult]) -> None:
        export, result = outcome
        self._running = False
        self.check_progress.setVisible(False)
        skipped = (
            self.tr(" {n} rows left out ({rule}).").format(
                n=export.skipped, rule=export.mapping.filter.describe()
            )
            if export.skipped and export.mapping.filter
            else ""
        )
        self.check_summary.setText(
            self.tr(
                "Dry run, nothing written: {create} to create, {present} already present, "
                "{refused} refused.{skipped}"
            ).format(
                create=count_text(result.imported),
                present=count_text(len(result.present)),
                refused=count_text(len(result.rejected)),
                skipped=skipped,
            )
        )
        # A table item per cell: 100,000 rows would hold the window for seconds. The rows that
        # need a look (refused, already present) come first, then the others up to the cap.
        rows = sorted(result.outcomes, key=lambda o: (o.outcome == "would create", o.row))
        shown = rows[:REPORT_ROWS]
        if len(rows) > len(shown):
            self.check_summary.setText(
                self.check_summary.text()
                + " "
                + self.tr("The table shows {n} of {all} rows, those not to create first.").format(
                    n=count_text(len(shown)), all=count_text(len(rows))
                )
            )
        _fill(
            self.report, [[str(o.row), o.source_id, o.outcome, o.detail] for o in shown], {1: 240}
        )
        self.next.setEnabled(result.imported > 0)
        self.next.setToolTip("" if result.imported else self.tr("Nothing to import"))

    # ---- page 4: import --------------------------------------------------------------------------
    def _import_page(self) -> QWidget:
        page = QWidget()
        self.import_status = QLabel()
        self.import_status.setObjectName("importStatus")
        self.import_status.setWordWrap(True)
        self.import_progress = QProgressBar()
        self.import_progress.setObjectName("importProgress")
        self.cancel = QPushButton(self.tr("C&ancel import"))
        self.cancel.setObjectName("importCancel")
        self.cancel.clicked.connect(self._ask_cancel)
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.import_progress, 1)
        row.addWidget(self.cancel)
        layout = QVBoxLayout(page)
        layout.addWidget(self.import_status)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        return page

    def _ask_cancel(self) -> None:
        self._cancel.set()
        self.cancel.setEnabled(False)
        self.import_status.setText(self.tr("Stopping after the batch being written…"))

    def _show_result(self, outcome: tuple[Export, ImportResult]) -> None:
        _, result = outcome
        self._running = False
        self.outcome = result
        self.cancel.setVisible(False)
        self.import_progress.setValue(self.import_progress.maximum())
        lines = [
            self.tr("Import stopped: the batches written before Cancel stay.")
            if result.cancelled
            else self.tr("Import finished in {s:.1f} s.").format(s=result.seconds),
            self.tr("Created: {n} cases").format(n=count_text(result.imported))
            + (f" ({result.first_reference} – {result.last_reference})" if result.imported else ""),
            self.tr("Already present: {n}").format(n=count_text(len(result.present))),
            self.tr("Refused: {n}").format(n=count_text(len(result.rejected))),
        ]
        lines += [f"  {r}" for r in result.rejected[:10]]
        if result.cancelled:
            lines.append(self.tr("Run the same import again to add the rest."))
        self.import_status.setText(lines[0])
        self.summary.setText("\n".join(lines[1:]))
        self.back.setEnabled(False)
        self.next.setVisible(False)
        self.close_button.setText(self.tr("&Done"))
        self.imported.emit(result)

    # ---- navigation -----------------------------------------------------------------------------
    def _show(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        titles = {
            PAGE_SOURCE: self.tr("Step 1 of 4: the export and its mapping"),
            PAGE_PREVIEW: self.tr("Step 2 of 4: preview"),
            PAGE_CHECK: self.tr("Step 3 of 4: dry run"),
            PAGE_IMPORT: self.tr("Step 4 of 4: import"),
        }
        self.step.setText(titles[page])
        nexts = {
            PAGE_SOURCE: self.tr("&Preview >"),
            PAGE_PREVIEW: self.tr("&Check all rows >"),
            PAGE_CHECK: self.tr("&Import"),
            PAGE_IMPORT: self.tr("&Import"),
        }
        self.next.setText(nexts[page])
        self.back.setEnabled(page in (PAGE_PREVIEW, PAGE_CHECK) and not self._running)
        self.next.setEnabled(page != PAGE_IMPORT)
        if page == PAGE_SOURCE and self.ops.ctx.actor.role not in ("admin", "system"):
            self.next.setEnabled(False)

    def _go_back(self) -> None:
        self._show(max(PAGE_SOURCE, self.pages.currentIndex() - 1))

    def _go_next(self) -> None:
        page = self.pages.currentIndex()
        if page == PAGE_SOURCE:
            self.run_preview()
        elif page == PAGE_PREVIEW:
            self.run_check()
        elif page == PAGE_CHECK:
            self.run_import()

    def run_preview(self) -> None:
        self.source_error.setVisible(False)
        try:
            path, mapping, encoding, joins = self._inputs()
        except _Usage as exc:
            self._fail(str(exc))
            return
        except RCError as exc:
            self._fail(error_text(exc))
            return

        def preview(ctx: Session) -> tuple[Export, list[ImportRecord]]:
            return preview_export(
                ctx, path, mapping, encoding=encoding, joins=joins, count=PREVIEW_ROWS
            )

        found = self.ops.run(preview, parent=self, form=self)
        if found is not None:
            self._show_preview(*found)
            self._show(PAGE_PREVIEW)

    def _background(self, dry_run: bool, on_done: Any, bar: QProgressBar) -> None:
        path, mapping, encoding, joins = self._inputs()
        cancel = self._cancel
        cancel.clear()
        self._running = True
        bar.setRange(0, 0)  # busy until the file is checked and the total known
        bar.setVisible(True)

        def work(ctx: Session, progress: Progress) -> tuple[Export, ImportResult]:
            return import_export(
                ctx,
                path,
                mapping,
                encoding=encoding,
                joins=joins,
                dry_run=dry_run,
                report=dry_run,
                progress=progress,
                cancelled=cancel.is_set,
            )

        def progressed(done: int, total: int) -> None:
            if total:
                bar.setRange(0, total)
                bar.setValue(done)
                bar.setFormat(self.tr("%v of %m rows (%p%)"))

        def failed(_exc: BaseException) -> None:
            self._running = False
            self._show(PAGE_SOURCE)

        self.ops.run_in_background(
            work, parent=self, on_done=on_done, on_progress=progressed, on_failed=failed, form=self
        )

    def run_check(self) -> None:
        self._show(PAGE_CHECK)
        self.check_summary.setText(self.tr("Checking every row against the cases already here…"))
        self.report.setRowCount(0)
        self.next.setEnabled(False)
        self.back.setEnabled(False)
        self._background(True, self._after_check, self.check_progress)

    def _after_check(self, outcome: tuple[Export, ImportResult]) -> None:
        self._show_report(outcome)
        self.back.setEnabled(True)

    def run_import(self) -> None:
        self._show(PAGE_IMPORT)
        self.import_status.setText(self.tr("Importing…"))
        self.summary.setText("")
        self.cancel.setVisible(True)
        self.cancel.setEnabled(True)
        self.back.setEnabled(False)
        self._background(False, self._show_result, self.import_progress)

    def reject(self) -> None:
        """Closing while an import runs asks it to stop after its batch; the dialog stays."""
        if self._running:
            self._ask_cancel()
            return
        super().reject()


class _Usage(Exception):
    """Something missing on the first page (shown there, nothing run)."""
