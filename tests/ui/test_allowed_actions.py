"""The case viewer's buttons ask the domain: Withdraw and Issue are enabled exactly when
allowed_actions says so, and the Remedies tab loads in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from resolution_center.domain.agreement import AgreementAction, agreement_actions
from resolution_center.domain.remedy import RemedyAction, RemedyAsker, allowed_actions
from resolution_center.services.agreements import standing
from resolution_center.services.session import Session
from tests.helpers.remedies import eur, new_case
from ui.chain_state import ChainState
from ui.views.case_viewer import CaseViewer
from ui.views.remedies_tab import RemediesTab


def _viewer(qtbot, make_ops, settings, ctx: Session, case_id: int) -> CaseViewer:  # type: ignore[no-untyped-def]
    ops = make_ops(ctx)
    viewer = CaseViewer(ops, settings, ChainState(ops))
    qtbot.addWidget(viewer)
    viewer.show()
    with qtbot.waitSignal(viewer.case_loaded):
        viewer.show_case(case_id)
    return viewer


def test_withdraw_is_enabled_exactly_when_the_domain_allows_it(
    qtbot, ws, make_ops, settings
) -> None:
    alice = ws.login("alice")
    case = new_case(alice)
    alice.remedies.propose(case.reference, "coupon", eur("20.00"), reason="sorry")  # authorized
    alice.remedies.propose(case.reference, "partial-refund", eur("150.00"), reason="x")  # pending
    done = alice.remedies.propose(case.reference, "coupon", eur("10.00"), reason="y")
    alice.remedies.fulfil(done.reference)

    seen: dict[str, list[bool]] = {}
    for user in ("alice", "bob", "maria"):  # requester, another specialist, a supervisor
        ctx = ws.login(user)
        viewer = _viewer(qtbot, make_ops, settings, ctx, case.id)
        viewer.show_tab("remedies")
        tab = viewer.remedies
        asker = RemedyAsker(ctx.actor.username, ctx.actor.role)
        seen[user] = []
        for row, remedy in enumerate(tab.model.rows()):
            tab.table.selectRow(row)
            domain = allowed_actions(remedy.standing(False), asker)
            assert tab.withdraw_button.isEnabled() == (RemedyAction.WITHDRAW in domain)
            assert tab.fulfil_button.isEnabled() == (RemedyAction.FULFIL in domain)
            seen[user].append(tab.withdraw_button.isEnabled())
    # Newest first: fulfilled, pending, authorized.
    assert seen == {
        "alice": [False, True, True],
        "bob": [False, False, False],
        "maria": [False, True, True],
    }


def test_issue_is_enabled_exactly_when_the_domain_allows_it(qtbot, ws, make_ops, settings) -> None:
    from tests.helpers.agreements import negotiated

    n = negotiated(ws)
    draft = n.sofia.agreements.create(n.case_ref, n.offer.reference, "email")
    case_id = n.sofia.cases.get(n.case_ref).id
    viewer = _viewer(qtbot, make_ops, settings, n.sofia, case_id)
    viewer.show_tab("agreements")
    tab = viewer.agreements
    info = tab.current()
    record = n.sofia.agreements.record(draft.number)
    domain = agreement_actions(standing(record, True), n.sofia.actor.role)
    assert info is not None and info.state == "draft"
    assert AgreementAction.ISSUE in domain and tab.issue_button.isEnabled()

    n.dmitri.agreements.issue(draft.number)
    with qtbot.waitSignal(viewer.case_loaded):
        viewer.reload()
    record = n.sofia.agreements.record(draft.number)
    domain = agreement_actions(standing(record, True), n.sofia.actor.role)
    assert AgreementAction.ISSUE not in domain and not tab.issue_button.isEnabled()
    assert tab.export_button.isEnabled() == (AgreementAction.EXPORT in domain)


@contextmanager
def _counting(ctx: Session) -> Iterator[list[str]]:
    """Every SQL statement SQLite runs on this thread's connection meanwhile."""
    statements: list[str] = []
    connection = ctx.store.db.connection()
    connection.set_trace_callback(statements.append)
    try:
        yield statements
    finally:
        connection.set_trace_callback(None)


def test_the_remedies_tab_loads_in_a_fixed_number_of_queries(ws) -> None:  # type: ignore[no-untyped-def]
    alice = ws.login("alice")
    few, many = new_case(alice), new_case(alice, email="yann@example.com")
    for case, n in ((few, 2), (many, 8)):
        for i in range(n):
            amount = "150.00" if i % 2 else "20.00"  # pending ones need a sign-off verdict
            alice.remedies.propose(case.reference, "partial-refund", eur(amount), reason="x")
    maria = ws.login("maria")  # a supervisor: judged for sign-off on every pending one
    counts = []
    for case in (few, many):
        RemediesTab.load(maria, case)  # warm: the policy is parsed once per context
        with _counting(maria) as statements:
            rows = RemediesTab.load(maria, case)
        counts.append(len(statements))
        assert all(
            RemedyAction.APPROVE in actions for r, actions in rows if r.state == "pending-signoff"
        )
    assert counts[0] == counts[1], (counts, statements)  # not one more query per remedy
    assert counts[1] <= 12, counts
