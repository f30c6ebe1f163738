"""Fetching from a real IMAP server (Dovecot, tests/helpers/imap_server.py) on both backends:
mail appended to a folder is fetched through the app over TLS or STARTTLS, only new mail on
each fetch, with the password from the system keyring; a refused login writes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from resolution_center.domain.actions import Action
from resolution_center.domain.errors import (
    EnvironmentFault,
    PermissionDenied,
    UsageError,
    ValidationError,
)
from resolution_center.domain.mail_ids import reference_in_subject
from resolution_center.domain.messages import Direction, MessageState
from resolution_center.services.mail_fetch import save_password
from resolution_center.storage.mail_in import MailRepository
from tests.helpers import mail_fixtures as fx
from tests.helpers.imap_server import USER, ImapServer, require_imap_server
from tests.helpers.keyring_memory import MemoryKeyring
from tests.helpers.smtp_server import SmtpServer, configure_outbox
from tests.helpers.workspace import Workspace


@pytest.fixture(scope="session")
def imap_server() -> ImapServer:
    return require_imap_server()


def _configure(ws: Workspace, server: ImapServer, folder: str, **changes: Any) -> None:
    settings = {
        "host": "127.0.0.1",
        "port": server.tls_port,
        "security": "tls",
        "username": USER,
        "folder": folder,
        "cafile": server.cafile,
        **changes,
    }
    root = ws.login("root")
    saved = root.mail_fetch.set_settings(**settings)
    assert save_password(saved, server.password)


def test_a_complaint_mailed_in_becomes_an_acknowledged_case_and_the_reply_joins_it(
    workspace: Workspace, imap_server: ImapServer, memory_keyring: MemoryKeyring
) -> None:
    folder = imap_server.new_folder()
    _configure(workspace, imap_server, folder)
    workspace.login("root").messages.set_ack_mode("send")
    imap_server.append(folder, fx.plain("imap1"), fx.no_sender("imap2"), fx.inline_image("imap3"))
    alice = workspace.login("alice")
    report = alice.mail_fetch.fetch()
    assert report.counts()["opened"] == 2 and report.counts()["quarantined"] == 1
    assert [r.source for r in report.results] == [f"imap:{folder} uid {u}" for u in (1, 2, 3)]
    complaint = report.results[0]
    ack, mail = alice.messages.list(complaint.case or "")
    assert ack.state is MessageState.SENT and ack.template_name == "acknowledgement"
    assert mail.direction is Direction.IN and mail.subject == "My kettle leaks"
    [png] = alice.attachments.list(report.results[2].case or "")
    assert png.sha256 and png.file_name == "damage.png"
    assert alice.mail_fetch.fetch().results == ()  # nothing new
    reply = fx.plain("imap4", f"Re: [{complaint.case}] My kettle leaks", "Still leaking.")
    imap_server.append(folder, reply)
    [joined] = alice.mail_fetch.fetch().results
    assert (joined.outcome.value, joined.case) == ("joined", complaint.case)
    assert [m.body for m in alice.messages.list(complaint.case or "")][-1] == "Still leaking."
    root = workspace.login("root")
    account = f"{USER}@127.0.0.1:{imap_server.tls_port}/{folder}"
    fetched = root.audit.target_trail("mail", account)
    assert [e.event.action for e in fetched] == [Action.MAIL_FETCHED, Action.MAIL_FETCHED]
    assert fetched[-1].data["last_uid"] == 4
    assert root.audit.verify().ok


def test_the_acknowledgement_is_mailed_by_the_fetch_that_opened_the_case(
    workspace: Workspace,
    imap_server: ImapServer,
    smtp_server: SmtpServer,
    memory_keyring: MemoryKeyring,
) -> None:
    folder = imap_server.new_folder()
    _configure(workspace, imap_server, folder)
    root = workspace.login("root")
    root.messages.set_ack_mode("send")
    configure_outbox(root, smtp_server.port)
    imap_server.append(folder, fx.plain("ack1"))
    # an administrator's fetch (on a shared database only they and cron record deliveries)
    report = root.mail_fetch.fetch()
    [opened] = report.results
    assert report.delivery is not None and len(report.delivery.delivered) == 1
    [mail] = [r.mail for r in smtp_server.received]
    assert mail["To"].addresses[0].addr_spec == "zoe@example.com"
    assert reference_in_subject(str(mail["Subject"])) == opened.case
    assert root.outbox.list("queued") == []
    assert root.audit.verify().ok


def test_starttls_and_a_forgotten_cursor_import_nothing_twice(
    workspace: Workspace, imap_server: ImapServer, memory_keyring: MemoryKeyring
) -> None:
    folder = imap_server.new_folder()
    _configure(workspace, imap_server, folder, port=imap_server.port, security="starttls")
    imap_server.append(folder, fx.alternative("st1"), fx.html_only("st2"))
    alice = workspace.login("alice")
    assert [r.outcome.value for r in alice.mail_fetch.fetch().results] == ["opened", "opened"]
    # The same folder under another login name has no cursor: the mails come again and are
    # recognised by their Message-IDs.
    report = alice.mail_fetch.fetch(password=imap_server.password)
    assert report.results == ()
    workspace.login("root").mail_fetch.set_settings(folder=folder.upper())
    with pytest.raises(UsageError, match="cannot be opened"):
        alice.mail_fetch.fetch()


def test_a_refused_login_or_no_password_writes_nothing(
    workspace: Workspace, imap_server: ImapServer, memory_keyring: MemoryKeyring
) -> None:
    folder = imap_server.new_folder()
    _configure(workspace, imap_server, folder)
    imap_server.append(folder, fx.plain("bad1"))
    alice = workspace.login("alice")
    with pytest.raises(EnvironmentFault, match="refused the login"):
        alice.mail_fetch.fetch(password="wrong")
    memory_keyring.entries.clear()
    with pytest.raises(UsageError, match="no password"):
        alice.mail_fetch.fetch()
    with pytest.raises(PermissionDenied):
        alice.mail_fetch.set_settings(host="elsewhere.example")
    with pytest.raises(ValidationError, match="only to this machine"):
        workspace.login("root").mail_fetch.set_settings(host="imap.example.com", security="plain")
    assert alice.mail_in.quarantine() == []
    assert workspace.login("root").audit.verify().ok


def test_a_renumbered_folder_is_read_again_without_importing_twice(
    workspace: Workspace, imap_server: ImapServer, memory_keyring: MemoryKeyring
) -> None:
    folder = imap_server.new_folder()
    _configure(workspace, imap_server, folder)
    imap_server.append(folder, fx.plain("uv1"), fx.plain("uv2", "Second"))
    alice = workspace.login("alice")
    assert len(alice.mail_fetch.fetch().results) == 2
    # The server says the folder was renumbered (another UIDVALIDITY than the one remembered).
    account = alice.mail_fetch.settings().account
    with alice.store.transaction(alice.actor, alice.now()) as work:
        MailRepository(alice.store).put_cursor(account, 1, 99, "alice", work.now)
        work.emit(Action.MAIL_FETCHED, "mail", account, {"last_uid": 99})
    again = alice.mail_fetch.fetch()
    assert [r.outcome.value for r in again.results] == ["duplicate", "duplicate"]
    assert again.last_uid == 2
    assert workspace.login("root").audit.verify().ok
