"""Shared mode: a specialist at a SQL prompt cannot join a queue, nor escalate a case into their
own hands around the service's checks; admins manage queues through the app."""

from __future__ import annotations

from typing import Any

import pytest

from resolution_center.domain.case import CaseQuery, Tier
from tests.helpers.workspace import PASSWORD, Workspace, draft

pytestmark = pytest.mark.postgres


def _psql(ws: Workspace, pg_server: Any, sql: str, user: str = "alice") -> Any:
    return pg_server.psql(sql, ws.url.rsplit("/", 1)[1], user, PASSWORD)


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO queue_members (tier, user_id, added_at, added_by) SELECT 'senior', id, "
        "'2026-11-23T09:00:00.000000Z', 'alice' FROM users WHERE username = 'alice'",
        "DELETE FROM queue_members",
        "UPDATE queue_members SET tier = 'expert'",
        "INSERT INTO queue_routing (tier, mode, categories, changed_at, changed_by) VALUES "
        "('frontline', 'round-robin', '', '2026-11-23T09:00:00.000000Z', 'alice')",
    ],
)
def test_a_specialist_cannot_change_a_queue(
    pg_server: Any, pg_workspace: Workspace, sql: str
) -> None:
    result = _psql(pg_workspace, pg_server, sql)
    assert result.returncode != 0
    assert "permission denied" in result.stderr
    root = pg_workspace.login("root")
    assert [m.username for m in root.queues.get(Tier.SENIOR).members] == ["sam"]
    assert root.queues.get(Tier.FRONTLINE).routing.mode.value == "off"


def test_a_specialist_cannot_escalate_a_case_into_their_own_hands(
    pg_server: Any, pg_workspace: Workspace
) -> None:
    alice = pg_workspace.login("alice")
    case = alice.cases.create(draft())
    alice.cases.assign(case.reference, "alice")
    result = _psql(
        pg_workspace,
        pg_server,
        f"UPDATE cases SET tier = 'senior', status = 'escalated' WHERE id = {case.id}",
    )
    assert result.returncode != 0
    assert "alice is not in the senior queue" in result.stderr
    taken = _psql(
        pg_workspace,
        pg_server,
        "UPDATE cases SET assignee_id = (SELECT id FROM users WHERE username = 'alice') "
        f"WHERE id = {alice.cases.escalate(case.reference, 'needs a senior').id}",
    )
    assert taken.returncode != 0
    assert "alice is not in the senior queue" in taken.stderr
    stored = alice.cases.get(case.reference)
    assert (stored.tier, stored.assignee) == (Tier.SENIOR, None)
    assert pg_workspace.login("root").audit.verify().ok


def test_a_specialist_cannot_open_a_case_at_a_higher_tier_in_their_own_name(
    pg_server: Any, pg_workspace: Workspace
) -> None:
    alice = pg_workspace.login("alice")
    case = alice.cases.create(draft())
    copy = (
        "INSERT INTO cases (reference, customer_id, customer_name, customer_email, "
        "customer_phone, order_number, currency, order_total_minor, shipping_minor, category, "
        "safety_hazard, channel, priority, priority_rank, status, tier, assignee_id, subject, "
        "description, tags, created_at, updated_at, updated_by, first_response_due, "
        "resolution_due, version) SELECT 'RC-2026-999999', customer_id, customer_name, "
        "customer_email, customer_phone, order_number, currency, order_total_minor, "
        "shipping_minor, category, safety_hazard, channel, priority, priority_rank, "
        "'escalated', 'expert', (SELECT id FROM users WHERE username = 'alice'), subject, "
        "description, tags, created_at, updated_at, 'alice', first_response_due, "
        f"resolution_due, 1 FROM cases WHERE id = {case.id}"
    )
    result = _psql(pg_workspace, pg_server, copy)
    assert result.returncode != 0
    assert "alice is not in the expert queue" in result.stderr
    assert [r.reference for r in alice.cases.list(CaseQuery()).items] == [case.reference]
