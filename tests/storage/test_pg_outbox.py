"""Shared mode: what a specialist at a SQL prompt cannot do to the outbox (their own login role;
the triggers of storage/pg_outbox.py): forge a delivery, rewrite a queued mail, remove it."""

from __future__ import annotations

from typing import Any

import pytest

from resolution_center.domain.outbox import OutboxState
from tests.helpers.keyring_memory import MemoryKeyring
from tests.helpers.smtp_server import SmtpServer, configure_outbox
from tests.helpers.workspace import PASSWORD, Workspace, draft

pytestmark = pytest.mark.postgres


def _psql(ws: Workspace, pg_server: Any, sql: str, user: str = "alice") -> Any:
    return pg_server.psql(sql, ws.url.rsplit("/", 1)[1], user, PASSWORD)


def _queued(ws: Workspace) -> int:
    alice = ws.login("alice")
    case = alice.cases.create(draft())
    [ack] = alice.messages.list(case.reference)
    alice.messages.send(ack.id)
    [entry] = ws.login("root").outbox.list()
    return entry.id


@pytest.mark.parametrize(
    "sql",
    [
        # a delivery that never happened, in the specialist's own name
        "UPDATE outbox SET state = 'delivered', attempts = attempts + 1, last_answer = '250 ok', "
        "delivered_by = 'alice', delivered_at = next_attempt_at",
        "UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_answer = '550 no'",
        "UPDATE outbox SET to_address = 'someone-else@example.net'",
        "UPDATE outbox SET subject = 'We owe you nothing.'",
        "DELETE FROM outbox",
        "TRUNCATE outbox",
        "INSERT INTO outbox_claims (outbox_id, claimed_by, claimed_until) "
        "SELECT id, 'alice', '2999-01-01T00:00:00.000000Z' FROM outbox",
    ],
)
def test_a_specialist_cannot_forge_or_remove_mail(
    pg_server: Any, pg_workspace: Workspace, memory_keyring: MemoryKeyring, sql: str
) -> None:
    entry_id = _queued(pg_workspace)
    result = _psql(pg_workspace, pg_server, sql)
    assert result.returncode != 0 and "ERROR" in result.stderr, result.stdout
    root = pg_workspace.login("root")
    entry = root.outbox.get(entry_id)
    assert entry.state is OutboxState.QUEUED and entry.attempts == 0
    assert entry.to_address == "zoe@example.com"
    assert root.audit.verify().ok


def test_a_delivered_mail_never_changes_even_for_an_admin(
    pg_server: Any, pg_workspace: Workspace, memory_keyring: MemoryKeyring
) -> None:
    entry_id = _queued(pg_workspace)
    pg_workspace.tamper(
        (
            "UPDATE outbox SET state = 'delivered', attempts = 1, last_answer = '250 ok', "
            "delivered_by = 'root', delivered_at = queued_at WHERE id = ?",
            (entry_id,),
        )
    )
    result = _psql(
        pg_workspace, pg_server, "UPDATE outbox SET state = 'queued', attempts = 1", user="root"
    )
    assert result.returncode != 0 and "never changes again" in result.stderr


@pytest.mark.parametrize(
    ("to_address", "attachments"),
    [("eve@evil.example", ""), ("{customer}", "999999")],
)
def test_a_specialist_cannot_queue_mail_to_anyone_or_with_other_evidence(
    pg_server: Any,
    pg_workspace: Workspace,
    memory_keyring: MemoryKeyring,
    to_address: str,
    attachments: str,
) -> None:
    """A second mail for her own sent message, as the insert guard sees it first (before the
    trail's seal at commit): an administrator's pass would send it from the team's address."""
    entry_id = _queued(pg_workspace)
    entry = pg_workspace.login("root").outbox.get(entry_id)
    address = entry.to_address if to_address == "{customer}" else to_address
    result = _psql(
        pg_workspace,
        pg_server,
        "INSERT INTO outbox (message_id, case_id, state, mail_id, thread, to_name, to_address, "
        "subject, attachments, attempts, next_attempt_at, queued_by, queued_at) "
        f"SELECT message_id, case_id, 'queued', '<rogue.1@evil.example>', '', 'Eve', "
        f"'{address}', subject, '{attachments}', 0, next_attempt_at, 'alice', queued_at "
        f"FROM outbox WHERE id = {entry_id}",
    )
    assert result.returncode != 0 and "customer with the case's evidence" in result.stderr


def test_a_retry_at_the_prompt_without_its_event_does_not_commit(
    pg_server: Any, pg_workspace: Workspace, memory_keyring: MemoryKeyring
) -> None:
    entry_id = _queued(pg_workspace)
    result = _psql(pg_workspace, pg_server, "UPDATE outbox SET next_attempt_at = queued_at")
    assert result.returncode != 0, result.stdout  # the trail's seal refuses the commit
    assert pg_workspace.login("alice").outbox.retry([entry_id]) == [entry_id]
    assert pg_workspace.login("root").audit.verify().ok


def test_cron_delivers_as_system_and_the_trail_vouches_for_it(
    pg_workspace: Workspace, smtp_server: SmtpServer, memory_keyring: MemoryKeyring
) -> None:
    root = pg_workspace.login("root")
    configure_outbox(root, smtp_server.port)
    entry_id = _queued(pg_workspace)
    cron = pg_workspace.login(None)  # `outbox deliver` without --user: the system actor
    assert cron.outbox.deliver().delivered == [entry_id]
    assert len(smtp_server.received) == 1
    assert root.outbox.get(entry_id).state is OutboxState.DELIVERED
    assert root.audit.verify().ok
