"""Mail out on both backends, delivered to a real SMTP server (aiosmtpd on a loopback port):
the outbox row with the message's event, the headers a customer's mail client reads, threading,
UTF-8 names and subjects, attachments, refusals and unreachable servers that leave the mail
waiting with the answer, and a retry that delivers it exactly once."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from pathlib import Path

import pytest

from resolution_center.domain.actions import Action
from resolution_center.domain.errors import PermissionDenied, ValidationError
from resolution_center.domain.mail_ids import (
    find_reference,
    parse_message_id,
    reference_in_subject,
)
from resolution_center.domain.outbox import OutboxState
from resolution_center.services import mail_build
from resolution_center.services.session import Session
from tests.helpers.keyring_memory import MemoryKeyring
from tests.helpers.smtp_server import (
    PASSWORD,
    SmtpServer,
    certificate,
    configure_outbox,
    free_port,
    start,
)
from tests.helpers.workspace import Workspace, draft

NAME = "Zoë Łukasiewicz-Ørsted"
_NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def _configure(root: Session, port: int, password: str | None = PASSWORD) -> None:
    configure_outbox(root, port, password=password, from_name="Kundenservice Müller & Söhne")


def _sent_ack(ws: Workspace) -> tuple[str, int]:
    alice = ws.login("alice")
    case = alice.cases.create(draft("Wasserkocher undicht – bitte prüfen"))
    [ack] = alice.messages.list(case.reference)
    return case.reference, alice.messages.send(ack.id).id


def test_sent_mail_arrives_with_its_headers_thread_and_attachment(
    workspace: Workspace, smtp_server: SmtpServer, memory_keyring: MemoryKeyring
) -> None:
    root = workspace.login("root")
    _configure(root, smtp_server.port)
    assert memory_keyring.entries  # the password went to the keyring...
    assert "s3cret-pw" not in str(root.store.setting("smtp.username"))  # ...not the database
    reference, first = _sent_ack(workspace)
    alice = workspace.login("alice")
    photo = alice.attachments.add(reference, "kettle-ß.jpg", b"\xff\xd8\xff photo bytes", "")
    reply = alice.messages.draft(
        reference, subject="Ihre Beschwerde: Ersatz unterwegs", body="Grüße aus Köln"
    )
    alice.messages.send(reply.id, attachments=[photo.id])
    queued = root.outbox.list("queued")
    assert [e.message_id for e in queued] == [reply.id, first]
    # the mail is queued by the message's own event
    events = root.audit.case_trail(root.cases.get(reference).id)
    sent = [e.event for e in events if e.event.action == Action.MESSAGE_SENT]
    assert [json.loads(e.data)["outbox_id"] for e in sent] == [queued[1].id, queued[0].id]

    report = root.outbox.deliver()
    assert sorted(report.delivered) == sorted(e.id for e in queued) and not report.reason
    assert smtp_server.logins == [("outbox", "s3cret-pw")]
    one, two = (r.mail for r in smtp_server.received)
    assert smtp_server.received[0].recipients == ["zoe@example.com"]
    assert parseaddr(str(one["From"])) == (
        "Kundenservice Müller & Söhne",
        "help@support.example.com",
    )
    assert one["To"].addresses[0].display_name == NAME
    assert b"\xc3" not in smtp_server.received[0].content.split(b"\r\n\r\n")[0]  # headers: 7-bit
    assert one["Subject"] == f"We have received your complaint ({reference})"  # no 2nd tag
    assert two["Subject"] == f"[{reference}] Ihre Beschwerde: Ersatz unterwegs"
    first_id = parse_message_id(one["Message-ID"])
    assert first_id is not None and (first_id.reference, first_id.message_id) == (reference, first)
    assert first_id.domain == "support.example.com"
    assert two["In-Reply-To"] == one["Message-ID"]
    assert one["Message-ID"] in two["References"]
    assert find_reference("Re: whatever", references=two["References"]) == reference
    assert two["Date"] is not None
    [body, attached] = list(two.iter_parts())
    assert body.get_content().strip() == "Grüße aus Köln"
    assert attached.get_filename() == "kettle-ß.jpg"
    assert attached.get_content() == b"\xff\xd8\xff photo bytes"
    # delivered once: another pass sends nothing
    assert root.outbox.deliver().attempted == 0
    assert len(smtp_server.received) == 2
    delivered = root.outbox.list("delivered")
    assert {e.last_answer for e in delivered} == {"250 2.0.0 Ok: queued as T1"}
    assert root.audit.verify().ok


def test_unreachable_then_refusing_server_leaves_mail_waiting_and_a_retry_sends_it_once(
    workspace: Workspace, smtp_server: SmtpServer, memory_keyring: MemoryKeyring
) -> None:
    root = workspace.login("root")
    _configure(root, free_port())  # nobody listens there
    reference, _ = _sent_ack(workspace)
    report = root.outbox.deliver()
    [entry] = root.outbox.list()
    assert report.deferred == [entry.id]
    assert entry.state is OutboxState.QUEUED and entry.attempts == 1
    assert entry.last_answer is not None and "cannot reach 127.0.0.1" in entry.last_answer
    assert entry.next_attempt_at - workspace.clock.now > timedelta(seconds=55)
    assert root.outbox.deliver().attempted == 0  # not due yet: back-off

    _configure(root, smtp_server.port)
    smtp_server.handler.refuse = "550 5.1.1 <zoe@example.com>: mailbox unavailable"
    workspace.clock.advance(minutes=2)
    assert root.outbox.deliver().failed == [entry.id]
    failed = root.outbox.get(entry.id)
    assert failed.state is OutboxState.FAILED and failed.attempts == 2
    assert failed.last_answer is not None and failed.last_answer.startswith("550 5.1.1")
    assert root.outbox.deliver().attempted == 0  # failed for good: waits for a person

    smtp_server.handler.refuse = None
    assert workspace.login("alice").outbox.retry([entry.id]) == [entry.id]
    assert root.outbox.deliver().delivered == [entry.id]
    assert root.outbox.deliver().attempted == 0
    assert root.outbox.retry(every=True) == []
    with pytest.raises(ValidationError, match="never sent again"):
        root.outbox.retry([entry.id])
    assert len(smtp_server.received) == 1
    actions = [e.event.action for e in root.audit.case_trail(root.cases.get(reference).id)]
    for action in (
        Action.OUTBOX_DEFERRED,
        Action.OUTBOX_FAILED,
        Action.OUTBOX_RETRIED,
        Action.OUTBOX_DELIVERED,
    ):
        assert action in actions
    assert root.audit.verify().ok


def test_without_a_server_mail_stays_queued_and_exports_as_eml(
    workspace: Workspace, memory_keyring: MemoryKeyring
) -> None:
    reference, message_id = _sent_ack(workspace)
    root = workspace.login("root")
    report = root.outbox.deliver()
    assert report.attempted == 0 and "no mail server" in report.reason
    [entry] = root.outbox.list("queued")
    mail = mail_build.parse(root.outbox.eml(message_id))
    assert mail["Message-ID"] == entry.mail_id
    assert mail["To"].addresses[0].display_name == NAME
    assert reference_in_subject(str(mail["Subject"])) == reference
    # a draft exports too, with the same Message-ID each time
    alice = workspace.login("alice")
    note = alice.messages.draft(reference, subject="Still checking", body="Moment bitte")
    assert alice.outbox.eml(note.id) == alice.outbox.eml(note.id)
    assert root.audit.verify().ok


def test_who_delivers_and_only_admins_set_up_the_server(
    workspace: Workspace, memory_keyring: MemoryKeyring
) -> None:
    alice = workspace.login("alice")
    if workspace.backend == "postgresql":
        # her role at a SQL prompt could then record a delivery that never went
        assert not alice.outbox.may_deliver()
        with pytest.raises(PermissionDenied):
            alice.outbox.deliver()
    else:  # a local file: whoever works in it delivers (nobody else may be there to)
        assert alice.outbox.may_deliver()
        assert "no mail server" in alice.outbox.deliver().reason
    with pytest.raises(PermissionDenied):
        _configure(alice, 2525)
    root = workspace.login("root")
    with pytest.raises(ValidationError) as err:
        root.outbox.configure(
            host="smtp.example.com",
            port=587,
            security="starttls",
            username="",
            from_address="not an address",
            from_name="",
        )
    assert err.value.field == "from_address"
    # A password never crosses the network unencrypted: no login over "none" but to this machine.
    with pytest.raises(ValidationError) as err:
        root.outbox.configure(
            host="smtp.example.com",
            port=25,
            security="none",
            username="support",
            from_address="help@example.com",
            from_name="",
        )
    assert err.value.field == "security"
    assert root.store.setting("smtp.host") is None  # nothing written


@pytest.mark.parametrize(
    "name, address, subject, field",
    [
        ("Zoë\nBcc: all@example.com", "zoe@example.com", "Hello", "customer_email"),
        ("Zoë", "zoe@example.com\r\nBcc: all@example.com", "Hello", "customer_email"),
        ("Zoë", "zoe@example.com", "Hello\r\nBcc: all@example.com", "subject"),
    ],
)
def test_a_line_break_never_adds_a_header(
    name: str, address: str, subject: str, field: str
) -> None:
    with pytest.raises(ValidationError) as err:
        mail_build.check_headers(name, address, subject)
    assert err.value.field == field


def test_a_row_edited_in_the_file_is_named_by_verify(
    tmp_path: object, memory_keyring: MemoryKeyring
) -> None:
    ws = Workspace.create(f"sqlite:///{tmp_path}/rc.db")
    try:
        _sent_ack(ws)
        [entry] = ws.login("root").outbox.list()
        ws.tamper(
            (
                "UPDATE outbox SET state = 'delivered', attempts = 1, last_answer = '250 ok' "
                "WHERE id = ?",
                (entry.id,),
            )
        )
        report = ws.login("root").audit.verify()
        assert not report.ok
        named = [(p.detail["table"], p.detail["key"]) for p in report.problems if p.detail]
        assert ("outbox", str(entry.id)) in named, report.problems
    finally:
        ws.close()


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_mail_goes_over_tls_and_logs_in_only_inside_it(
    workspace: Workspace,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    security: str,
) -> None:
    cert = certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert[0]))  # the client trusts this server's CA
    controller, server = start(tls=security, cert=cert)
    try:
        root = workspace.login("root")
        root.outbox.configure(
            host="127.0.0.1",
            port=server.port,
            security=security,
            username="outbox",
            from_address="help@support.example.com",
            from_name="Support",
            password="s3cret-pw",
        )
        _sent_ack(workspace)
        assert len(root.outbox.deliver().delivered) == 1
        assert server.logins == [("outbox", "s3cret-pw")]
        assert len(server.received) == 1
    finally:
        controller.stop()


def test_an_untrusted_certificate_leaves_the_mail_queued(
    workspace: Workspace, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    controller, server = start(tls="starttls", cert=certificate(tmp_path))
    try:
        root = workspace.login("root")
        _configure(root, server.port)
        root.outbox.configure(
            host="127.0.0.1",
            port=server.port,
            security="starttls",
            username="outbox",
            from_address="help@support.example.com",
            from_name="",
        )
        _sent_ack(workspace)
        [entry_id] = root.outbox.deliver().deferred
        entry = root.outbox.get(entry_id)
        assert entry.last_answer is not None and "CERTIFICATE_VERIFY_FAILED" in entry.last_answer
        assert server.logins == [] and server.received == []  # no password over it
    finally:
        controller.stop()


def test_mail_another_pass_holds_is_not_sent_twice(
    workspace: Workspace, smtp_server: SmtpServer, memory_keyring: MemoryKeyring
) -> None:
    root = workspace.login("root")
    _configure(root, smtp_server.port)
    _sent_ack(workspace)
    [entry] = root.outbox.list()
    other = workspace.login("root")  # another window, or cron, mid-send
    now = workspace.clock.now
    assert other.outbox.repo.claim(entry.id, "cron", now, now + timedelta(minutes=5))
    assert root.outbox.deliver().attempted == 0
    workspace.clock.advance(minutes=6)  # that pass died: its claim expires
    assert root.outbox.deliver().delivered == [entry.id]
    assert len(smtp_server.received) == 1
    assert root.audit.verify().ok


def test_an_international_domain_goes_as_punycode_and_a_non_ascii_mailbox_is_refused() -> None:
    headers = mail_build.MailHeaders(
        "<x@support.example.com>", "Jürgen", "juergen@bücher.example", "Hallo", _NOW
    )
    mail = mail_build.parse(mail_build.build(headers, "Text", None).as_bytes())
    assert mail["To"].addresses[0].addr_spec == "juergen@xn--bcher-kva.example"
    with pytest.raises(ValidationError) as err:
        mail_build.check_headers("Zoë", "zoë@example.com", "Hallo")
    assert err.value.field == "customer_email" and "beyond ASCII" in err.value.message


def test_a_mail_that_cannot_be_made_fails_alone_and_the_rest_go(
    tmp_path: Path, smtp_server: SmtpServer, memory_keyring: MemoryKeyring
) -> None:
    ws = Workspace.create(f"sqlite:///{tmp_path}/rc.db")
    try:
        root = ws.login("root")
        _configure(root, smtp_server.port)
        reference, _ = _sent_ack(ws)
        alice = ws.login("alice")
        photo = alice.attachments.add(reference, "photo.jpg", b"\xff\xd8 bytes", "")
        note = alice.messages.draft(reference, subject="Photo", body="See attached")
        alice.messages.send(note.id, attachments=[photo.id])
        # the evidence's row removed behind the app's back: this mail can never be made
        ws.tamper(("DELETE FROM attachments WHERE id = ?", (photo.id,)))
        report = root.outbox.deliver()
        assert len(report.delivered) == 1 and len(report.failed) == 1
        failed = root.outbox.get(report.failed[0])
        assert failed.message_id == note.id and failed.last_answer is not None
        assert failed.last_answer.startswith("the mail cannot be made: evidence")
        assert len(smtp_server.received) == 1
    finally:
        ws.close()


@pytest.mark.parametrize(
    ("from_header", "name", "address"),
    [
        ('"Doe, John" <john@example.com>', "Doe, John", "john@example.com"),
        ('"a@b" <c@d.example>', "a@b", "c@d.example"),
        ("=?utf-8?b?6auY5qmLIOe+juWSsg==?= <t@example.jp>", "高橋 美咲", "t@example.jp"),
    ],
)
def test_a_received_mail_exports_with_its_sender_as_one_mailbox(
    workspace: Workspace, from_header: str, name: str, address: str
) -> None:
    raw = (
        f"From: {from_header}\r\nTo: help@support.example.com\r\nSubject: Hello\r\n"
        "Message-ID: <sender-1@mail.example.com>\r\n\r\nMy kettle leaks.\r\n"
    ).encode()
    alice = workspace.login("alice")
    result = alice.mail_in.import_bytes(raw, "sender.eml")
    assert result.message_id is not None
    exported = mail_build.parse(alice.outbox.eml(result.message_id))
    [mailbox] = exported["From"].addresses
    assert (mailbox.display_name, mailbox.addr_spec) == (name, address)


def test_the_customer_s_reply_threads_back_to_the_case_and_exports_as_received(
    workspace: Workspace, smtp_server: SmtpServer, memory_keyring: MemoryKeyring
) -> None:
    """The round trip with mail in: the reply's In-Reply-To names our Message-ID, so it joins
    the case though its subject lost the tag; exported, it reads as the customer sent it."""
    root = workspace.login("root")
    _configure(root, smtp_server.port)
    reference, _ = _sent_ack(workspace)
    root.outbox.deliver()
    [ours] = [r.mail for r in smtp_server.received]
    reply = (
        "From: =?utf-8?q?Zo=C3=AB?= <zoe@example.com>\r\n"
        "To: help@support.example.com\r\n"
        "Subject: Re: my kettle\r\n"
        "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n"
        "Message-ID: <reply-1@mail.example.com>\r\n"
        f"In-Reply-To: {ours['Message-ID']}\r\n"
        f"References: {ours['Message-ID']}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "Still leaking.\r\n"
    ).encode()
    result = workspace.login("alice").mail_in.import_bytes(reply, "reply.eml")
    assert result.case == reference and result.message_id is not None
    exported = mail_build.parse(root.outbox.eml(result.message_id))
    assert exported["Message-ID"] == "<reply-1@mail.example.com>"
    assert exported["From"].addresses[0].addr_spec == "zoe@example.com"
    assert exported["To"].addresses[0].addr_spec == "help@support.example.com"
    assert exported.get_content().strip() == "Still leaking."
    # our answer to it names their mail last, so their mail program threads it under the reply
    alice = workspace.login("alice")
    answer = alice.messages.draft(
        reference, subject="Re: my kettle", body="A new one is on its way."
    )
    alice.messages.send(answer.id)
    root.outbox.deliver()
    answered = smtp_server.received[-1].mail
    assert answered["In-Reply-To"] == "<reply-1@mail.example.com>"
    assert answered["References"].split() == [ours["Message-ID"], "<reply-1@mail.example.com>"]
    assert root.audit.verify().ok
