"""Shared mode: remedy authorization is enforced by PostgreSQL itself, for a user at a SQL prompt
with their own credentials, and under concurrent approvals and proposals."""

from __future__ import annotations

import multiprocessing
from typing import Any

import pytest

from resolution_center.domain.errors import ConflictError, PolicyRefusal
from resolution_center.services.context import Config
from resolution_center.services.session import open_context
from tests.helpers.remedies import eur, new_case, trail
from tests.helpers.workspace import PASSWORD, Workspace

pytestmark = pytest.mark.postgres


def _psql(ws: Workspace, pg_server: Any, sql: str, user: str = "alice") -> Any:
    return pg_server.psql(sql, ws.url.rsplit("/", 1)[1], user, PASSWORD)


def _id(ws: Workspace, reference: str) -> int:
    ctx = ws.login("root")
    return int(ctx.store.sql.scalar("SELECT id FROM remedies WHERE reference = ?", (reference,)))


@pytest.fixture
def pending(pg_workspace: Workspace) -> tuple[str, int, int]:
    """Alice's 150.00 EUR partial refund on a 400.00 EUR order: beyond her own authority."""
    alice = pg_workspace.login("alice")
    case = new_case(alice, "400.00")
    remedy = alice.remedies.propose(case.reference, "partial-refund", eur("150.00"), reason="x")
    return remedy.reference, _id(pg_workspace, remedy.reference), case.id


# ---- a user at a SQL prompt --------------------------------------------------------------------


def test_the_requester_cannot_decide_her_own_remedy_in_sql(  # type: ignore[no-untyped-def]
    pg_server, pg_workspace: Workspace, pending: tuple[str, int, int]
) -> None:
    reference, remedy_id, _ = pending
    event = f'{{"reference":"{reference}","verdict":"approved","new":{{"state":"approved"}}}}'
    result = _psql(
        pg_workspace,
        pg_server,
        f"SELECT rc_decide_remedy({remedy_id}, 'approved', 'mine', 1, '{{}}', '{event}')",
    )
    assert result.returncode != 0
    assert "alice requested RM-000001 and may not approve it" in result.stderr
    assert pg_workspace.login("root").remedies.show(reference).state.value == "pending-signoff"


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO remedies (reference, case_id, customer_id, kind, amount_minor, currency, "
        "lines, "
        "reason, state, requester, requester_role, policy_version, decision, approvals_needed, "
        "created_at, updated_at, updated_by, version) SELECT 'RM-000099', case_id, customer_id, "
        "kind, 100, currency, '', 'x', 'authorized', 'alice', 'specialist', 1, '{}', 0, 'x', 'x', "
        "'alice', 1 FROM remedies",
        "UPDATE remedies SET state = 'approved'",
        "UPDATE remedies SET amount_minor = 1",
        "DELETE FROM remedies",
        "INSERT INTO remedy_signoffs (remedy_id, approver, approver_role, verdict, note, at, "
        "policy_version, remedy_version, void, detail) SELECT id, 'maria', 'supervisor', "
        "'approved', '', 'x', 1, 1, false, '{}' FROM remedies",
        "UPDATE policy_authority SET limit_minor = 100000000",
        "INSERT INTO policies (version, name, source, sha256, loaded_at, loaded_by) VALUES "
        "(9, 'mine', '', '', '', 'alice')",
        "SELECT rc_chain_append('maria', 'supervisor', 'remedy.approved', 'remedy', 'RM-000001', "
        "NULL, '{}')",
        "SELECT rc_lock_remedy(1)",
    ],
)
def test_users_cannot_write_remedies_or_policies_directly(  # type: ignore[no-untyped-def]
    pg_server, pg_workspace: Workspace, pending: tuple[str, int, int], sql: str
) -> None:
    head = pg_workspace.login("root").audit.head().seq
    result = _psql(pg_workspace, pg_server, sql)
    assert result.returncode != 0
    assert "permission denied" in result.stderr
    root = pg_workspace.login("root")
    assert root.remedies.show(pending[0]).state.value == "pending-signoff"
    assert root.audit.head().seq == head


def test_the_guard_refuses_what_the_policy_does_not_allow(  # type: ignore[no-untyped-def]
    pg_server, pg_workspace: Workspace, pending: tuple[str, int, int]
) -> None:
    reference, remedy_id, case_id = pending

    def propose(
        state: str, amount: int, needed: int, case: int = case_id, kind: str = "partial-refund"
    ) -> Any:
        return _psql(
            pg_workspace,
            pg_server,
            f"SELECT rc_propose_remedy('{reference}', {case}, '{kind}', {amount}, "
            f"'EUR', '', 'x', '{state}', 1, '{{}}', {needed}, '{{}}')",
        )

    beyond = propose("authorized", 15000, 0)  # 150.00 EUR: beyond a specialist's 100.00
    assert beyond.returncode != 0
    assert "beyond what specialist may authorize alone" in beyond.stderr
    ceiling = propose("pending-signoff", 50000, 1, kind="full-refund")  # > 400.00 + 5.00
    assert "more than the order and its shipping (rule R6)" in ceiling.stderr
    big = new_case(pg_workspace.login("alice"), "3000.00")
    pg_workspace.login("alice").remedies.propose(
        big.reference, "partial-refund", eur("2000.00"), reason="x"
    )
    over_cap = propose("pending-signoff", 90000, 1, big.id)  # 2,000 pending + 900 > 2,500
    assert "exceed the case cap of 250000 (rule R7)" in over_cap.stderr
    other_currency = _psql(
        pg_workspace,
        pg_server,
        f"SELECT rc_propose_remedy('{reference}', {case_id}, 'coupon', 500, "
        "'USD', '', 'x', 'authorized', 1, '{}', 0, '{}')",
    )
    assert "the remedy is in USD but the order is in EUR" in other_currency.stderr

    bob = _psql(
        pg_workspace,
        pg_server,
        f"SELECT rc_decide_remedy({remedy_id}, 'approved', 'ok', 1, '{{}}', '{{}}')",
        user="bob",
    )
    assert bob.returncode != 0
    assert "beyond the authority of specialist (rule S4)" in bob.stderr

    lie = f'{{"reference":"{reference}","verdict":"approved","new":{{"state":"rejected"}}}}'
    lying = _psql(
        pg_workspace,
        pg_server,
        f"SELECT rc_decide_remedy({remedy_id}, 'approved', 'ok', 1, '{{}}', '{lie}')",
        user="sam",
    )
    assert "the event does not state what was stored" in lying.stderr

    truth = lie.replace("rejected", "approved")
    honest = _psql(
        pg_workspace,
        pg_server,
        f"SELECT rc_decide_remedy({remedy_id}, 'approved', 'ok', 1, '{{}}', '{truth}')",
        user="sam",
    )
    assert honest.returncode == 0, honest.stderr
    assert honest.stdout.strip() == "approved"
    again = _psql(
        pg_workspace,
        pg_server,
        f"SELECT rc_decide_remedy({remedy_id}, 'rejected', 'late', 1, '{{}}', '{{}}')",
        user="olu",
    )
    assert f"{reference} was already decided by sam at " in again.stderr
    root = pg_workspace.login("root")
    last = trail(root, reference)[-1]
    assert (last.event.actor, last.event.role, last.event.action) == (
        "sam",
        "senior-specialist",
        "remedy.approved",
    )
    assert root.audit.verify().ok


def test_expiry_in_sql_only_expires_what_is_really_due(  # type: ignore[no-untyped-def]
    pg_server, pg_workspace: Workspace, pending: tuple[str, int, int]
) -> None:
    reference = pending[0]
    head = pg_workspace.login("root").audit.head().seq
    nothing = _psql(pg_workspace, pg_server, "SELECT * FROM rc_expire_remedies()")
    assert (nothing.returncode, nothing.stdout.strip()) == (0, "")
    assert pg_workspace.login("root").audit.head().seq == head  # no system event to be had

    pg_workspace.tamper(
        (
            "UPDATE remedies SET expires_at = '2020-01-01T00:00:00.000000Z' WHERE reference = ?",
            (reference,),
        )
    )
    due = _psql(pg_workspace, pg_server, "SELECT * FROM rc_expire_remedies()")
    assert due.stdout.strip() == reference
    root = pg_workspace.login("root")
    last = trail(root, reference)[-1]
    assert (last.event.actor, last.event.action) == ("system", "remedy.expired")
    assert root.remedies.show(reference).state.value == "expired"
    assert root.audit.verify().ok


# ---- races between app instances -----------------------------------------------------------------


def _worker(
    url: str, user: str, action: str, targets: list[str], barrier: Any, results: Any
) -> None:
    ctx = open_context(url, user, PASSWORD, config=Config.from_env())
    outcomes: list[tuple[str, str]] = []
    try:
        for target in targets:
            barrier.wait()  # both hold the same view: only one of the two changes may stand
            try:
                if action == "approve":
                    ctx.remedies.approve(target, PASSWORD, "looks right")
                elif action == "reject":
                    ctx.remedies.reject(target, PASSWORD, "no proof")
                else:
                    remedy = ctx.remedies.propose(
                        target, "partial-refund", eur("900.00"), reason="race"
                    )
                    outcomes.append(("ok", remedy.state.value))
                    continue
                outcomes.append(("ok", action))
            except ConflictError as exc:
                outcomes.append(("conflict", exc.message))
            except PolicyRefusal as exc:
                outcomes.append(("refused", exc.message))
        results.put((user, outcomes, None))
    except Exception as exc:  # report, so the parent fails with the cause, not a timeout
        results.put((user, outcomes, repr(exc)))
    finally:
        ctx.close()


def _race(url: str, jobs: list[tuple[str, str, list[str]]]) -> dict[str, list[tuple[str, str]]]:
    mp = multiprocessing.get_context("spawn")
    barrier = mp.Barrier(len(jobs), timeout=60)
    results = mp.Queue()
    procs = [
        mp.Process(target=_worker, args=(url, user, action, targets, barrier, results))
        for user, action, targets in jobs
    ]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=30)
    assert [o[2] for o in outcomes] == [None] * len(jobs), outcomes
    return {user: found for user, found, _ in outcomes}


def test_racing_approve_and_reject_leave_exactly_one_decision(pg_workspace: Workspace) -> None:
    alice = pg_workspace.login("alice")
    case = new_case(alice, "3000.00")
    refs = [
        alice.remedies.propose(
            case.reference, "partial-refund", eur("150.00"), reason=f"round {i}"
        ).reference
        for i in range(4)
    ]
    got = _race(pg_workspace.url, [("maria", "approve", refs), ("olu", "reject", refs)])

    root = pg_workspace.login("root")
    for i, ref in enumerate(refs):
        mine, theirs = got["maria"][i], got["olu"][i]
        assert sorted([mine[0], theirs[0]]) == ["conflict", "ok"], (mine, theirs)
        winner = "maria" if mine[0] == "ok" else "olu"
        loser_message = theirs[1] if winner == "maria" else mine[1]
        assert f"already decided by {winner} at " in loser_message
        remedy = root.remedies.show(ref)
        assert remedy.state.value == ("approved" if winner == "maria" else "rejected")
        assert [s.approver for s in remedy.signoffs] == [winner]
        decisions = [
            e for e in trail(root, ref) if e.event.action in ("remedy.approved", "remedy.rejected")
        ]
        assert [e.event.actor for e in decisions] == [winner]
    report = root.audit.verify()
    assert report.ok, report.problems


def test_racing_proposals_cannot_both_fit_under_the_customer_cap(pg_workspace: Workspace) -> None:
    alice = pg_workspace.login("alice")
    maria_cases, olu_cases = [], []
    for n in range(3):  # three rounds, each with its own customer at 4,000 of 5,000 EUR
        email = f"cap-{n}@example.com"
        for _ in range(2):  # pending money counts against the cap too
            filled = new_case(alice, "3000.00", email=email)
            alice.remedies.propose(filled.reference, "partial-refund", eur("2000.00"), reason="x")
        maria_cases.append(new_case(alice, "3000.00", email=email).reference)
        olu_cases.append(new_case(alice, "3000.00", email=email).reference)
    got = _race(
        pg_workspace.url, [("maria", "propose", maria_cases), ("olu", "propose", olu_cases)]
    )

    root = pg_workspace.login("root")
    for n in range(3):
        outcomes = sorted([got["maria"][n], got["olu"][n]])
        assert [o[0] for o in outcomes] == ["ok", "refused"], outcomes
        assert outcomes[0][1] == "authorized"  # within a supervisor's own authority
        assert "customer cap 5,000.00 EUR" in outcomes[1][1]
        total = root.store.sql.scalar(
            "SELECT sum(r.amount_minor) FROM remedies r JOIN customers c ON c.id = r.customer_id "
            "WHERE c.email_norm = ? AND r.state <> 'rejected'",
            (f"cap-{n}@example.com",),
        )
        assert total == 490_000
    assert root.audit.verify().ok
