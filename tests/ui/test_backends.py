"""The window's reads on both backends: worker threads open their own connection as the user."""

from __future__ import annotations

from tests.ui.conftest import cases
from ui.chain_state import ChainState, ChainStatus
from ui.models.audit_trail import ActionRole
from ui.views.case_list import CaseListView
from ui.views.case_viewer import CaseViewer


def test_list_viewer_and_chain_check_on_each_backend(qtbot, workspace, make_ops, settings) -> None:
    alice = workspace.login("alice")
    made = cases(alice, ["Kettle leaks", "Blender cracked"])
    alice.cases.add_note(made[0].id, "Called the customer")
    ops = make_ops(alice)
    case_list = CaseListView(ops, settings)
    qtbot.addWidget(case_list)
    with qtbot.waitSignal(case_list.cases_reloaded) as reloaded:
        case_list.apply_saved_view("all")
    assert reloaded.args == [2]

    chain = ChainState(ops)
    viewer = CaseViewer(ops, settings, chain)
    qtbot.addWidget(viewer)
    with qtbot.waitSignal(viewer.case_loaded):  # read on a worker thread
        viewer.show_case(made[0].id)
    audit = viewer.audit
    actions = [
        audit.proxy.data(audit.proxy.index(r, 0), ActionRole) for r in range(audit.proxy.rowCount())
    ]
    # The acknowledgement intake drafts follows the opening.
    assert actions == ["case.created", "customer.created", "message.drafted", "note.added"]
    with qtbot.waitSignal(
        chain.changed, check_params_cb=lambda: chain.status is not ChainStatus.VERIFYING
    ):
        chain.verify()
    assert chain.status is ChainStatus.VERIFIED
