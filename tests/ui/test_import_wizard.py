"""The import wizard with real widgets on a real database: preview, dry run, import, errors."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from resolution_center.domain.case import CaseFilter, CaseQuery
from resolution_center.services.session import Session
from tests.helpers.workspace import Workspace
from ui.dialogs.import_wizard import PAGE_CHECK, PAGE_IMPORT, PAGE_PREVIEW, ImportWizard
from ui.ops import Ops

MARKET = Path(__file__).resolve().parents[1] / "services" / "data" / "marketplace"
REVIEWS = MARKET / "olist_order_reviews_dataset.csv"
SHOTS = os.environ.get("RC_IMPORT_SHOTS")  # a folder: the pages are saved there as PNG


def _shot(wizard: ImportWizard, name: str) -> None:
    if SHOTS:
        QApplication.processEvents()  # rows just added to a layout show on the next pass
        wizard.grab().save(str(Path(SHOTS) / f"import-{name}.png"))


def _wizard(qtbot, ops: Ops) -> ImportWizard:  # type: ignore[no-untyped-def]
    wizard = ImportWizard(ops)
    qtbot.addWidget(wizard)
    wizard.resize(1024, 700)
    wizard.show()
    return wizard


def _count(ctx: Session) -> int:
    return ctx.cases.list(CaseQuery(CaseFilter(), limit=1)).total


def test_an_admin_previews_checks_and_imports_the_marketplace_export(
    qtbot,  # type: ignore[no-untyped-def]
    ws: Workspace,
    make_ops: Callable[[Session], Ops],
) -> None:
    root = ws.login("root")
    ops = make_ops(root)
    wizard = _wizard(qtbot, ops)
    wizard.file.setText(str(REVIEWS))
    wizard.mapping.setCurrentIndex(wizard.mapping.findData("marketplace"))
    assert set(wizard._joins) == {"orders", "items"}
    assert "review_score is at most 2" in wizard.mapping_note.text()
    _shot(wizard, "1-source")
    wizard.next.click()
    assert wizard.pages.currentIndex() == PAGE_PREVIEW
    assert "10 rows in utf-8, 8 to import" in wizard.preview_summary.text()
    assert "orders: 6 rows joined" in wizard.preview_summary.text()
    assert "items: 7 rows joined" in wizard.preview_summary.text()
    assert wizard.preview.rowCount() == 8
    subjects = [wizard.preview.item(r, 2).text() for r in range(8)]
    assert subjects[0] == "Não recebi"
    assert subjects[6].startswith("refused: no row of orders has order_id")
    assert wizard.preview.item(2, 7).text().startswith("(2 items) ")
    _shot(wizard, "2-preview")

    wizard.next.click()
    assert wizard.pages.currentIndex() == PAGE_CHECK
    qtbot.waitUntil(lambda: wizard.report.rowCount() == 8, timeout=20_000)
    assert "6 to create, 1 already present, 1 refused" in wizard.check_summary.text()
    outcomes = [wizard.report.item(r, 2).text() for r in range(8)]
    assert outcomes == ["refused", "already present"] + ["would create"] * 6  # to look at first
    assert _count(root) == 0  # a dry run writes nothing
    _shot(wizard, "3-dry-run")

    with qtbot.waitSignal(wizard.imported, timeout=20_000) as done:
        wizard.next.click()
    assert wizard.pages.currentIndex() == PAGE_IMPORT
    assert done.args[0].imported == 6
    assert "Created: 6 cases (RC-2026-000001 – RC-2026-000006)" in wizard.summary.text()
    assert "Refused: 1" in wizard.summary.text()
    assert wizard.import_progress.value() == wizard.import_progress.maximum()
    assert _count(root) == 6
    _shot(wizard, "4-done")

    # The same again: the dry run finds every row already there and offers nothing to import.
    again = _wizard(qtbot, ops)
    again.file.setText(str(REVIEWS))
    again.mapping.setCurrentIndex(again.mapping.findData("marketplace"))
    again.next.click()
    again.next.click()
    qtbot.waitUntil(lambda: again.report.rowCount() == 8, timeout=20_000)
    assert "0 to create, 7 already present" in again.check_summary.text()
    assert not again.next.isEnabled()
    assert root.audit.verify().ok


def test_errors_stay_on_the_first_page_with_what_was_typed(
    qtbot,  # type: ignore[no-untyped-def]
    ws: Workspace,
    make_ops: Callable[[Session], Ops],
    tmp_path: Path,
) -> None:
    wizard = _wizard(qtbot, make_ops(ws.login("root")))
    wizard.next.click()
    assert wizard.source_error.isVisible() and "Choose the file" in wizard.source_error.text()
    bad = tmp_path / "reviews.csv"
    bad.write_bytes(REVIEWS.read_bytes().replace("Não".encode(), b"N\xe3o", 1))
    wizard.file.setText(str(bad))
    wizard.mapping.setCurrentIndex(wizard.mapping.findData("marketplace"))
    wizard._joins["orders"].setText(str(MARKET / "olist_orders_dataset.csv"))
    wizard._joins["items"].setText(str(MARKET / "olist_order_items_dataset.csv"))
    wizard.encoding.setCurrentIndex(wizard.encoding.findData("utf-8"))
    wizard.next.click()
    assert wizard.pages.currentIndex() == 0
    assert "line 2" in wizard.source_error.text() and "0xE3" in wizard.source_error.text()
    assert wizard.file.text() == str(bad)  # the typed input survives
    assert wizard._joins["orders"].text().endswith("olist_orders_dataset.csv")
    _shot(wizard, "error")
    mapping = tmp_path / "mine.toml"
    mapping.write_text('[source]\nsystem = "x"\nid = "review_id"\n[fields]\nrefund = "x"\n')
    wizard.load_mapping_file(mapping)
    assert "unknown case field 'refund'" in wizard.mapping_note.text()


def test_a_specialist_is_told_only_an_admin_imports(
    qtbot,  # type: ignore[no-untyped-def]
    ws: Workspace,
    make_ops: Callable[[Session], Ops],
) -> None:
    wizard = _wizard(qtbot, make_ops(ws.login("alice")))
    assert "Only an admin may import" in wizard.source_error.text()
    assert not wizard.next.isEnabled()
