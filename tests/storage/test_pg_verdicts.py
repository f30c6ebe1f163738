"""The domain and PostgreSQL's guard functions reach the same verdict on a remedy.

For a remedy in any state, bound or not by an agreement in any state, and any user (the
requester, another specialist, a senior, an expert, a supervisor, an admin) trying to withdraw,
fulfil, approve, reject or edit it, the Python side (domain/remedy.py's remedy_refusal and
transitions, domain/policy.py's authority and caps, the service's rules) allows exactly what the
PL/pgSQL function (rc_withdraw_remedy, rc_fulfil_remedy, rc_decide_remedy, rc_edit_remedy, with
the remedies_frozen_guard trigger) lets through.

The Python verdict is the service's, stopped where it would write (its repository's write raises
`_Allowed`, so nothing is stored and the SQL is not reached); the database's is the function
called by the same user on their own connection, then rolled back. Each example's remedy is
made by a real proposal, moved to the drawn state around the app, and deleted afterwards so the
caps never fill up.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg2
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from resolution_center.domain.agreement import AgreementState
from resolution_center.domain.errors import (
    ConflictError,
    PermissionDenied,
    PolicyRefusal,
    ValidationError,
)
from resolution_center.domain.money import Money
from resolution_center.domain.remedy import REMEDY_TRANSITIONS, RemedyState
from resolution_center.services.session import Session
from tests.helpers.remedies import new_case
from tests.helpers.workspace import PASSWORD, Workspace

pytestmark = pytest.mark.postgres

REQUESTERS = ("alice", "sam", "erin", "maria")
ACTORS = ("alice", "bob", "sam", "erin", "maria", "olu", "root")
ACTIONS = ("withdraw", "fulfil", "approve", "reject", "edit")
EDITED_REASON = "It leaks, and the lid is cracked too."
# Minor units of EUR on a 2,000.00 order: within a specialist's authority, beyond it, beyond a
# senior's, into dual sign-off.
AMOUNTS = (2_000, 9_000, 15_000, 40_000, 90_000, 120_000, 150_000)
AGREEMENT = (None, *AgreementState)  # None: the remedy is not bound by an agreement
AGREEMENT_NUMBER = "AG-2026-999999"
# An agreement binds only remedies that may be fulfilled (rc_freeze_remedies; the service
# offers no others); a bound remedy keeps its terms, so it is in one of those states or went on
# from one (to fulfilled or withdrawn). A bound remedy in another state cannot arise.
BINDABLE = frozenset(s for s, to in REMEDY_TRANSITIONS.items() if RemedyState.FULFILLED in to)
MAY_BE_BOUND = BINDABLE | {t for s in BINDABLE for t in REMEDY_TRANSITIONS[s]}
REFUSED_IN_PYTHON = (PolicyRefusal, ConflictError, ValidationError, PermissionDenied)
# SQLSTATEs of a guard's refusal (storage/pg_remedies.py): conflict, policy, input, privilege.
REFUSED_IN_SQL = {"RC001", "RC002", "RC003", "42501"}


class _Allowed(Exception):
    """Raised where the service would write: everything before it agreed to the change."""


def _allowed(*args: Any, **kwargs: Any) -> None:
    raise _Allowed


@dataclass
class Bench:
    ws: Workspace
    pg_server: Any
    case_reference: str
    contexts: dict[str, Session]
    connections: dict[str, Any]


@pytest.fixture
def bench(pg_server: Any, pg_workspace: Workspace) -> Iterator[Bench]:
    ws = pg_workspace
    contexts = {name: ws.login(name) for name in ACTORS}
    case = new_case(contexts["alice"], "2000.00")
    for ctx in contexts.values():
        # The Python verdict stops at the write: the repository would call the SQL next.
        ctx.remedies.repo.close = _allowed  # type: ignore[method-assign]
        ctx.remedies.repo.decide = _allowed  # type: ignore[method-assign]
        ctx.remedies.repo.edit = _allowed  # type: ignore[method-assign]
    # One agreement (with the offer it needs) whose state each example sets, around the app.
    ws.tamper(
        "INSERT INTO offers (reference, case_id, round, parent_id, proposed_by_party, "
        "recorded_by, terms, response_due, state, answer_note, created_at) VALUES "
        f"('OF-999999', {case.id}, 1, NULL, 'company', 'alice', '{{}}', '{{}}', 'accepted', "
        "'', '2026-11-23T09:00:00.000000Z')",
        "INSERT INTO agreements (number, version, state, case_id, offer_id, value, content_hash,"
        " created_at, created_by, void_reason) SELECT "
        f"'{AGREEMENT_NUMBER}', 1, 'draft', {case.id}, id, '{{}}', repeat('0', 64), "
        "'2026-11-23T09:00:00.000000Z', 'alice', '' FROM offers WHERE reference = 'OF-999999'",
    )
    name = ws.url.rsplit("/", 1)[1]
    connections = {user: psycopg2.connect(pg_server.url(name, user, PASSWORD)) for user in ACTORS}
    try:
        yield Bench(ws, pg_server, case.reference, contexts, connections)
    finally:
        for conn in connections.values():
            conn.close()


def _python_verdict(ctx: Session, action: str, row: dict[str, Any]) -> tuple[bool, str]:
    service, reference = ctx.remedies, row["reference"]
    try:
        if action == "edit":  # a new reason only: the same terms, decided again
            service.edit(reference, row["version"], reason=EDITED_REASON)
        elif action == "withdraw":
            service.withdraw(reference, "changed their mind")
        elif action == "fulfil":
            service.fulfil(reference)
        elif action == "approve":
            service.approve(reference, PASSWORD, "fine")
        else:
            service.reject(reference, PASSWORD, "not covered")
    except _Allowed:
        return True, ""
    except REFUSED_IN_PYTHON as exc:
        return False, f"{type(exc).__name__}: {exc}"
    raise AssertionError(f"the service {action} of {reference} wrote nothing and raised nothing")


def _sql_verdict(conn: Any, action: str, row: dict[str, Any]) -> tuple[bool, str]:
    reference = row["reference"]
    try:
        with conn.cursor() as cur:
            if action == "withdraw":
                event = {"reference": reference, "new": {"state": "withdrawn"}}
                cur.execute(
                    "SELECT rc_withdraw_remedy(%s, %s, %s)",
                    (row["id"], "changed their mind", json.dumps(event)),
                )
            elif action == "fulfil":
                event = {"reference": reference, "new": {"state": "fulfilled"}}
                cur.execute("SELECT rc_fulfil_remedy(%s, %s)", (row["id"], json.dumps(event)))
            elif action == "edit":
                # The same terms decided again for their requester give the proposal's state
                # and decision (its own amount is left out of the caps on both sides).
                amount = {"minor": row["amount_minor"], "currency": row["currency"]}
                event = {
                    "reference": reference,
                    "version": row["version"] + 1,
                    "new": {"state": row["proposed_state"], "kind": row["kind"], "amount": amount},
                }
                cur.execute(
                    "SELECT rc_edit_remedy(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    (
                        row["id"],
                        row["version"],
                        row["kind"],
                        row["amount_minor"],
                        row["lines"],
                        EDITED_REASON,
                        row["proposed_state"],
                        row["policy_version"],
                        row["decision"],
                        row["approvals_needed"],
                        json.dumps(event),
                    ),
                )
            else:
                verdict = "approved" if action == "approve" else "rejected"
                # No earlier sign-offs: one approval decides a single sign-off.
                new = (
                    verdict
                    if verdict == "rejected" or row["approvals_needed"] <= 1
                    else "pending-signoff"
                )
                event = {"reference": reference, "verdict": verdict, "new": {"state": new}}
                cur.execute(
                    "SELECT rc_decide_remedy(%s, %s, %s, "
                    "(SELECT max(version) FROM policies), '{}', %s)",
                    (row["id"], verdict, "not covered", json.dumps(event)),
                )
        return True, ""
    except psycopg2.Error as exc:
        if exc.pgcode not in REFUSED_IN_SQL:
            raise
        return False, f"{exc.pgcode}: {str(exc.pgerror).strip()}"
    finally:
        conn.rollback()  # a verdict, not a change


@st.composite
def scenarios(
    draw: st.DrawFn,
) -> tuple[str, int, RemedyState | None, AgreementState | None, str, str]:
    """(requester, amount, state, agreement, action, actor). The state None is the one the
    proposal reached: the only way to a pending remedy that needs its sign-offs, so decisions
    draw it far more often, and amounts beyond a specialist's own authority."""
    action = draw(st.sampled_from(ACTIONS))
    decide = action in ("approve", "reject")
    requester = draw(st.sampled_from(REQUESTERS))
    amount = draw(st.sampled_from(AMOUNTS[2:] if decide else AMOUNTS))
    state = draw(st.sampled_from((None,) * (40 if decide else 8) + tuple(RemedyState)))
    # A pending remedy is never bound (MAY_BE_BOUND): a decision's natural one draws none.
    agreement = None if decide and state is None else draw(st.sampled_from(AGREEMENT))
    # The remedy's own requester (the only one who may edit, so for edits far more often),
    # anyone, and the supervisors again.
    mine = (requester,) * (8 if action == "edit" else 2)
    actor = draw(st.sampled_from((*mine, *ACTORS, "maria", "olu")))
    return requester, amount, state, agreement, action, actor


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.filter_too_much,
        HealthCheck.too_slow,
    ],
)
@given(scenario=scenarios())
def test_the_domain_and_the_database_agree_on_every_verdict(
    bench: Bench,
    scenario: tuple[str, int, RemedyState | None, AgreementState | None, str, str],
) -> None:
    requester, amount, state, agreement, action, actor = scenario
    ws = bench.ws
    assume(agreement is None or state is None or state in MAY_BE_BOUND)  # before proposing
    try:
        proposed = bench.contexts[requester].remedies.propose(
            bench.case_reference, "partial-refund", Money(amount, "EUR"), reason="It leaks."
        )
    except PolicyRefusal:
        return  # beyond every role's authority: nothing to decide about
    root = bench.connections["root"]
    with root.cursor() as cur:
        cur.execute(
            "SELECT id, reference, version, kind, amount_minor, currency, lines, "
            "policy_version, decision, approvals_needed FROM remedies "
            "WHERE reference = %s",
            (proposed.reference,),
        )
        names = [c.name for c in cur.description]
        row = dict(zip(names, cur.fetchone(), strict=True))
    root.rollback()
    row["proposed_state"] = proposed.state.value
    remedy_id = row["id"]
    state = state or proposed.state  # None: the state the proposal reached
    try:
        # A remedy set pending around the app has no sign-offs to decide (a proposal within
        # its requester's authority needs none): only real pending ones are decided.
        assume(agreement is None or state in MAY_BE_BOUND)
        assume(
            action in ("withdraw", "fulfil", "edit")
            or state is not RemedyState.PENDING_SIGNOFF
            or proposed.state is RemedyState.PENDING_SIGNOFF
        )
        # Only a real proposal is pending with the sign-offs it needs; other states are set
        # around the app, as a remedy reaches them by earlier changes.
        if state is not proposed.state:
            ws.tamper(("UPDATE remedies SET state = ? WHERE id = ?", (state.value, remedy_id)))
        if agreement is not None:
            ws.tamper(
                (
                    "UPDATE agreements SET state = ? WHERE number = ?",
                    (agreement.value, AGREEMENT_NUMBER),
                ),
                ("UPDATE remedies SET frozen_by = ? WHERE id = ?", (AGREEMENT_NUMBER, remedy_id)),
            )
        in_python, why_python = _python_verdict(bench.contexts[actor], action, row)
        in_sql, why_sql = _sql_verdict(bench.connections[actor], action, row)
        assert in_python == in_sql, (
            f"{actor} may {action} {requester}'s {amount} minor-unit remedy, {state.value}, "
            f"agreement {agreement and agreement.value}: Python says "
            f"{'yes' if in_python else 'no (' + why_python + ')'}, PostgreSQL says "
            f"{'yes' if in_sql else 'no (' + why_sql + ')'}"
        )
    finally:
        ws.tamper(
            ("DELETE FROM remedy_signoffs WHERE remedy_id = ?", (remedy_id,)),
            ("DELETE FROM remedies WHERE id = ?", (remedy_id,)),
        )
