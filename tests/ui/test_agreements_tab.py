"""The Agreements tab: preview pages, export with its audit record, print, draft and issue."""

from __future__ import annotations

import hashlib
import json

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtPrintSupport import QPrinter

from tests.helpers.agreements import negotiated
from ui.chain_state import ChainState
from ui.dialogs.agreement_actions import CreateAgreementDialog, IssueAgreementDialog
from ui.dialogs.agreement_preview import AgreementPreview
from ui.models.rows import RowsModel
from ui.pdf_pages import page_count
from ui.views.agreements_tab import agreement_columns
from ui.views.case_viewer import CaseViewer


@pytest.fixture
def issued(ws):  # type: ignore[no-untyped-def]
    n = negotiated(ws)
    draft = n.sofia.agreements.create(n.case_ref, n.offer.reference, "email")
    agreement = n.sofia.agreements.issue(draft.number)
    return n, agreement


def _viewer(qtbot, ops, settings, case_ref):  # type: ignore[no-untyped-def]
    viewer = CaseViewer(ops, settings, ChainState(ops))
    qtbot.addWidget(viewer)
    viewer.resize(1100, 700)
    viewer.show()
    with qtbot.waitSignal(viewer.case_loaded):
        viewer.show_case(ops.ctx.cases.get(case_ref).id)
    viewer.show_tab("agreements")
    return viewer


def _events(ctx, number: str, action: str) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    return [
        json.loads(e.event.data)
        for e in ctx.audit.target_trail("agreement", number)
        if e.event.action == action
    ]


def test_preview_shows_every_page(qtbot, issued, make_ops, settings) -> None:
    n, agreement = issued
    tab = _viewer(qtbot, make_ops(n.sofia), settings, n.case_ref).agreements
    assert tab.model.rowCount() == 1
    assert tab.model.index(0, 2).data() == "Issued"
    pages = page_count(n.sofia.agreement_files.render(agreement.number))
    with qtbot.waitSignal(tab.preview_opened, timeout=20_000) as opened:
        tab.preview_button.click()
    dialog: AgreementPreview = opened.args[0]
    assert pages >= 2 and len(dialog.pages) == pages
    assert dialog.page_count.text() == f"{pages} page(s)"
    assert not dialog.pages[0].pixmap().isNull()
    dialog.close()


def test_export_writes_the_file_its_audit_event_names(
    qtbot, issued, make_ops, settings, tmp_path
) -> None:
    n, agreement = issued
    tab = _viewer(qtbot, make_ops(n.sofia), settings, n.case_ref).agreements
    tab.copy.setCurrentIndex(tab.copy.findData("customer"))
    tab.paper.setCurrentIndex(tab.paper.findData("letter"))
    target = tmp_path / "out.pdf"
    with qtbot.waitSignal(tab.exported) as done:
        tab.export_to(str(target))
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    assert done.args[0]["file_sha256"] == digest
    [event] = _events(n.sofia, agreement.number, "agreement.exported")
    assert (event["file_sha256"], event["copy"], event["paper"]) == (digest, "customer", "letter")

    opened: list[QUrl] = []
    tab.open_url = opened.append
    tab.open_in_viewer()
    assert opened and opened[0].toLocalFile().endswith(".pdf")
    assert len(_events(n.sofia, agreement.number, "agreement.exported")) == 2


def test_printing_records_a_print_event(qtbot, issued, make_ops, settings, tmp_path) -> None:
    n, agreement = issued
    tab = _viewer(qtbot, make_ops(n.sofia), settings, n.case_ref).agreements
    pdf = n.sofia.agreement_files.render(agreement.number)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    with qtbot.waitSignal(tab.printed):
        tab.print_to(printer, tab.current(), pdf, "internal", "a4")
    assert page_count((tmp_path / "printed.pdf").read_bytes()) == page_count(pdf)
    [event] = _events(n.sofia, agreement.number, "agreement.printed")
    assert event["file_sha256"] == hashlib.sha256(pdf).hexdigest()


def test_draft_from_an_accepted_offer_then_issue(qtbot, ws, make_ops, settings) -> None:
    n = negotiated(ws)
    ops = make_ops(n.sofia)
    viewer = _viewer(qtbot, ops, settings, n.case_ref)
    tab = viewer.agreements
    assert tab.model.rowCount() == 0 and tab.create_button.isEnabled()
    dialog = tab.create_agreement()
    assert isinstance(dialog, CreateAgreementDialog)
    with qtbot.waitSignal(viewer.case_loaded):
        dialog.submit()
    assert tab.model.index(0, 2).data() == "Draft" and tab.issue_button.isEnabled()
    issue = tab.issue()
    assert isinstance(issue, IssueAgreementDialog)
    with qtbot.waitSignal(viewer.case_loaded):
        issue.submit()
    assert tab.model.index(0, 2).data() == "Issued"


def test_agreements_model_passes_modeltester(qtmodeltester, issued) -> None:
    n, _agreement = issued
    model = RowsModel(agreement_columns())
    model.set_rows(n.sofia.agreements.list(case_ref=n.case_ref))
    qtmodeltester.check(model)
    assert model.rowCount() == 1


def test_draft_from_offer_is_off_once_the_offer_is_used_and_says_why(  # type: ignore[no-untyped-def]
    qtbot, ws, make_ops, settings
) -> None:
    n = negotiated(ws)
    viewer = _viewer(qtbot, make_ops(n.sofia), settings, n.case_ref)
    tab = viewer.agreements
    assert tab.create_button.isEnabled()
    dialog = tab.create_agreement()
    assert isinstance(dialog, CreateAgreementDialog)
    with qtbot.waitSignal(viewer.case_loaded):
        dialog.submit()
    assert not tab.create_button.isEnabled()
    assert "already" in tab.create_button.toolTip()
    # Every button the draft refuses says why; those it allows say what they do.
    for button in (tab.preview_button, tab.export_button, tab.print_button, tab.issue_button):
        assert button.toolTip(), button.objectName()
    with qtbot.waitSignal(viewer.case_loaded):
        n.dmitri.agreements.issue(tab.current().number)
        viewer.reload()
    assert not tab.issue_button.isEnabled()
    assert "revise it to issue a new version" in tab.issue_button.toolTip()


def test_an_export_confirmation_stays_until_the_user_moves_on(  # type: ignore[no-untyped-def]
    qtbot, issued, make_ops, settings, tmp_path
) -> None:
    n, _agreement = issued
    viewer = _viewer(qtbot, make_ops(n.sofia), settings, n.case_ref)
    tab = viewer.agreements
    target = tmp_path / "out.pdf"
    # The export's own audit event reloads the case: the confirmation survives it.
    with qtbot.waitSignal(viewer.case_loaded, timeout=10_000):
        tab.export_to(str(target))
    assert tab.status.text().startswith(f"Exported to {target} (SHA-256 ")
    with qtbot.waitSignal(viewer.case_loaded):
        viewer.reload()
    assert "Exported to" in tab.status.text()
    tab.table.clearSelection()
    tab.table.setCurrentIndex(tab.model.index(-1, -1))
    assert tab.status.text() == ""  # moved on: another (no) agreement selected
