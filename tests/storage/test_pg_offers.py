"""Shared mode: offers at a SQL prompt. A specialist's own role can neither rewrite an answered
offer nor answer an open one in a way the service would refuse; the guard and the domain's
offer_refusal give the same verdict for every party and answer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import psycopg2
import pytest

from resolution_center.domain.agreement import PartyRole
from resolution_center.domain.offer import ACTION_STATES, OfferAction, offer_refusal
from tests.helpers.agreements import Negotiated, negotiated
from tests.helpers.workspace import PASSWORD, Workspace

pytestmark = pytest.mark.postgres

AT = "2026-11-24T10:00:00.000000Z"


@pytest.fixture
def talk(pg_workspace: Workspace) -> Negotiated:
    return negotiated(pg_workspace, accept=False)  # OF-: open, company -> customer and seller


@pytest.fixture
def sofia_sql(pg_server: Any, pg_workspace: Workspace, talk: Negotiated) -> Iterator[Any]:
    """A raw connection as the specialist's own database role, past the app."""
    name = pg_workspace.url.rsplit("/", 1)[1]
    conn = psycopg2.connect(pg_server.url(name, "sofia", PASSWORD))
    try:
        yield conn
    finally:
        conn.close()


def _refused(conn: Any, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> str:
    """The server's refusal of `sql` ("" when it was allowed); rolled back either way."""
    try:
        with conn.cursor() as cur:
            cur.execute(sql, params)
        return ""
    except psycopg2.Error as exc:
        return str(exc.pgerror or exc)
    finally:
        conn.rollback()


def _answer_sql(state: str, party: str, recorded_by: str = "sofia") -> tuple[str, tuple[Any, ...]]:
    return (
        "UPDATE offers SET state = %s, answered_by_party = %s, answered_at = %s, "
        "answered_via = 'phone', answer_recorded_by = %s WHERE reference = %s",
        (state, party, AT, recorded_by),
    )


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE offers SET terms = replace(terms, '15000', '150000') WHERE reference = %(ref)s",
        "UPDATE offers SET state = 'open', answered_at = NULL, answered_by_party = NULL "
        "WHERE reference = %(ref)s",
        "UPDATE offers SET answered_by_party = 'company', answered_via = 'chat' "
        "WHERE reference = %(ref)s",
        "UPDATE offers SET response_due = '{}' WHERE reference = %(ref)s",
        "DELETE FROM offers WHERE reference = %(ref)s",
        "TRUNCATE offers CASCADE",
    ],
)
def test_an_answered_offer_cannot_be_rewritten(
    pg_workspace: Workspace, talk: Negotiated, sofia_sql: Any, sql: str
) -> None:
    accepted = talk.sofia.offers.answer(talk.offer.reference, "accept", by="seller", via="email")
    refusal = _refused(sofia_sql, sql, {"ref": accepted.reference})
    assert "cannot be changed" in refusal or "permission denied" in refusal or "never" in refusal
    again = talk.sofia.offers.get(accepted.reference)
    assert again == accepted
    assert pg_workspace.login("root").audit.verify().ok


@pytest.mark.parametrize("party", list(PartyRole))
@pytest.mark.parametrize("action", list(OfferAction))
def test_the_guard_and_the_domain_agree_who_may_answer(
    talk: Negotiated, sofia_sql: Any, party: PartyRole, action: OfferAction
) -> None:
    offer = talk.offer  # made by the company to the customer and the seller
    allowed = offer_refusal(action, offer, party, date(2026, 11, 24)) is None
    sql, params = _answer_sql(ACTION_STATES[action].value, party.value)
    refusal = _refused(sofia_sql, sql, (*params, offer.reference))
    assert (refusal == "") is allowed, refusal


def test_an_answer_is_recorded_in_ones_own_name(talk: Negotiated, sofia_sql: Any) -> None:
    sql, params = _answer_sql("accepted", "customer", recorded_by="dmitri")
    refusal = _refused(sofia_sql, sql, (*params, talk.offer.reference))
    assert "in your own name (sofia)" in refusal
    # Nor may an offer be inserted answered, or in someone else's name.
    insert = (
        "INSERT INTO offers (reference, case_id, round, parent_id, proposed_by_party, "
        "recorded_by, terms, response_due, state, answer_note, created_at) "
        "SELECT 'OF-999998', case_id, 1, NULL, 'company', %s, terms, response_due, %s, '', %s "
        "FROM offers WHERE reference = %s"
    )
    for recorded_by, state in (("dmitri", "open"), ("sofia", "accepted")):
        refusal = _refused(sofia_sql, insert, (recorded_by, state, AT, talk.offer.reference))
        assert "an offer is recorded open, in your own name" in refusal
    assert _refused(sofia_sql, insert, ("sofia", "open", AT, talk.offer.reference)) == ""


def test_an_answer_behind_the_service_does_not_commit(
    pg_workspace: Workspace, talk: Negotiated, sofia_sql: Any
) -> None:
    """Even an answer the guard allows (the customer's yes) is refused at COMMIT when no
    event vouches for it: every change to an offer needs its event."""
    sql, params = _answer_sql("accepted", "customer")
    with sofia_sql.cursor() as cur:
        cur.execute(sql, (*params, talk.offer.reference))
    with pytest.raises(psycopg2.Error) as refused:
        sofia_sql.commit()
    assert "changed without its audit event" in str(refused.value.pgerror)
    sofia_sql.rollback()
    assert talk.sofia.offers.get(talk.offer.reference).state.value == "open"
    assert pg_workspace.login("root").audit.verify().ok
