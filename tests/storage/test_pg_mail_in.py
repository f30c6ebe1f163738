"""Shared mode: what a specialist at a SQL prompt cannot do to received mail, the quarantine and
the IMAP cursors (their own login role, least privilege; the triggers of storage/pg_mail_in.py
and sql/messages.sql)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import mail_fixtures as fx
from tests.helpers.workspace import PASSWORD, Workspace

pytestmark = pytest.mark.postgres


def _psql(ws: Workspace, pg_server: Any, sql: str, user: str = "alice") -> Any:
    return pg_server.psql(sql, ws.url.rsplit("/", 1)[1], user, PASSWORD)


def _refused(result: Any) -> bool:
    return result.returncode != 0 and (
        "permission denied" in result.stderr or "ERROR" in result.stderr
    )


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE messages SET body = 'I withdraw my complaint.' WHERE direction = 'in'",
        "UPDATE messages SET sender = 'someone@else.example' WHERE direction = 'in'",
        "UPDATE messages SET rfc_message_id = '<x@y>' WHERE direction = 'in'",
        "DELETE FROM messages WHERE direction = 'in'",
        # a received mail in someone else's name, or one recorded as sent
        "INSERT INTO messages (case_id, state, language, subject, body, answer_versions, "
        "drafted_by, drafted_at, direction, rfc_message_id) SELECT case_id, 'received', 'en', "
        "'s', 'b', '', 'sam', drafted_at, 'in', '<fake@x>' FROM messages LIMIT 1",
        "INSERT INTO messages (case_id, state, language, subject, body, answer_versions, "
        "drafted_by, drafted_at, sent_by, sent_at, direction, rfc_message_id) SELECT case_id, "
        "'sent', 'en', 's', 'b', '', 'alice', drafted_at, 'alice', drafted_at, 'in', '<f2@x>' "
        "FROM messages LIMIT 1",
    ],
)
def test_a_received_mail_cannot_be_rewritten_removed_or_forged(
    pg_server: Any, pg_workspace: Workspace, sql: str
) -> None:
    alice = pg_workspace.login("alice")
    result = alice.mail_in.import_bytes(fx.plain("pg1"), "pg1.eml")
    assert result.message_id is not None
    attempt = _psql(pg_workspace, pg_server, sql)
    assert _refused(attempt), attempt.stdout
    mail = pg_workspace.login("root").messages.get(result.message_id)
    assert mail.body == "The kettle I bought leaks from the bottom."
    assert len(pg_workspace.login("root").messages.list(result.case or "")) == 2
    assert pg_workspace.login("root").audit.verify().ok


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM mail_quarantine",
        "TRUNCATE mail_quarantine",
        "UPDATE mail_quarantine SET reason = 'nothing wrong'",
        "UPDATE mail_quarantine SET content = 'x'::bytea, size_bytes = 1",
        "UPDATE mail_quarantine SET state = 'discarded', resolved_by = 'sam', "
        "resolved_at = held_at",
        "UPDATE mail_quarantine SET state = 'imported', resolved_by = 'alice', "
        "resolved_at = held_at",  # imported without a message
        "INSERT INTO mail_quarantine (identity, state, reason, sender, subject, source, "
        "size_bytes, sha256, content, held_by, held_at) VALUES ('i', 'held', 'r', '', '', 's', "
        "1, 'ab', 'x'::bytea, 'sam', '2026-12-07T10:00:00.000000Z')",
    ],
)
def test_quarantined_mail_is_kept_as_it_came(
    pg_server: Any, pg_workspace: Workspace, sql: str
) -> None:
    alice = pg_workspace.login("alice")
    held = alice.mail_in.import_bytes(fx.no_sender("pgq"), "pgq.eml")
    assert held.quarantine_id is not None
    attempt = _psql(pg_workspace, pg_server, sql)
    assert _refused(attempt), attempt.stdout
    root = pg_workspace.login("root")
    [still] = root.mail_in.quarantine()
    assert still.state == "held" and still.reason.startswith("the mail has no sender")
    assert root.mail_in.quarantined_bytes(still.id) == fx.no_sender("pgq")
    assert root.audit.verify().ok


def test_a_cursor_only_moves_forward_and_is_never_deleted(
    pg_server: Any, pg_workspace: Workspace
) -> None:
    insert = (
        "INSERT INTO mail_cursors (account, uidvalidity, last_uid, updated_by, updated_at) "
        "VALUES ('a@h:993/INBOX', 7, {uid}, '{who}', '2026-12-07T10:00:00.000000Z')"
    )
    # Without its event the commit is refused as well: the trail vouches for the row.
    assert _refused(_psql(pg_workspace, pg_server, insert.format(uid=5, who="sam")))
    pg_workspace.tamper(insert.format(uid=5, who="alice"))
    for sql in (
        "UPDATE mail_cursors SET last_uid = 1",
        "DELETE FROM mail_cursors",
        "TRUNCATE mail_cursors",
    ):
        attempt = _psql(pg_workspace, pg_server, sql)
        assert _refused(attempt), (sql, attempt.stdout)
