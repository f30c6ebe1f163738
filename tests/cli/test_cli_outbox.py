"""`outbox` and `message export-eml` through main(): a real SMTP server, the password through
standard input into an in-memory keyring, JSON shapes and exit codes."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from pathlib import Path

from resolution_center.domain.mail_ids import reference_in_subject
from tests.helpers.keyring_memory import MemoryKeyring
from tests.helpers.smtp_server import SmtpServer

from .conftest import Cli, case_args


def _smtp(server: SmtpServer, username: str) -> list[str]:
    return [
        *("outbox", "smtp", "--host", "127.0.0.1", "--port", str(server.port)),
        *("--security", "none", "--username", username),
        *("--from-address", "help@support.example.com"),
    ]


def test_mail_goes_out_by_cron_and_exports_as_eml(
    ready: Cli, smtp_server: SmtpServer, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    ref = ready.ok(*case_args(), user="alice")["reference"]
    [ack] = ready.ok("message", "list", ref, user="alice")["items"]
    ready.ok("message", "send", "--id", str(ack["id"]), user="alice")
    [queued] = ready.ok("outbox", "list", "--state", "queued", user="alice")["items"]
    assert (queued["reference"], queued["attempts"]) == (ref, 0)
    # no server yet: the pass says so and leaves it queued
    assert "no mail server" in ready.ok("outbox", "deliver")["reason"]

    refused = ready("outbox", "smtp", "--host", "127.0.0.1", user="alice")
    assert refused.code != 0 and refused.error["kind"] == "permission"
    settings = ready.ok(
        *_smtp(smtp_server, "outbox"),
        "--from-name",
        "Support",
        "--set-password",
        user="root",
        stdin="s3cret-pw\n",
    )
    assert settings["configured"] and settings["password_in_keyring"]
    assert "s3cret-pw" not in (ready.path.read_bytes().decode("latin-1"))

    done = ready.ok("outbox", "deliver")  # cron: as `system`
    assert done["delivered"] == [queued["id"]] and done["attempted"] == 1
    assert smtp_server.logins == [("outbox", "s3cret-pw")]
    again = ready("outbox", "retry", str(queued["id"]), user="root")
    assert again.code == 3 and "never sent again" in again.error["message"]
    assert len(smtp_server.received) == 1

    out = tmp_path / "ack.eml"
    ready.ok("message", "export-eml", str(ack["id"]), "--out", str(out), user="alice")
    mail = BytesParser(policy=policy.default).parsebytes(out.read_bytes())
    assert mail["Message-ID"] == queued["mail_id"]
    assert mail["From"].addresses[0].addr_spec == "help@support.example.com"
    assert reference_in_subject(str(mail["Subject"])) == ref
    first = out.read_bytes()
    exists = ready("message", "export-eml", str(ack["id"]), "--out", str(out), user="alice")
    assert exists.code == 3 and out.read_bytes() == first  # never over a file without --force
    assert ready.ok("verify")["ok"]


def test_a_new_message_goes_out_with_evidence_attached(
    ready: Cli, smtp_server: SmtpServer, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    ready.ok(*_smtp(smtp_server, ""), user="root")  # a relay without login
    ref = ready.ok(*case_args(), user="alice")["reference"]
    photo = tmp_path / "receipt.pdf"
    photo.write_bytes(b"%PDF-1.4 receipt")
    evidence = ready.ok("case", "attach", ref, str(photo), user="alice")
    sent = ready.ok(
        "message",
        "send",
        ref,
        "--subject",
        "Your receipt",
        "--body",
        "Attached.",
        "--attach",
        str(evidence["id"]),
        user="alice",
    )
    assert ready.ok("outbox", "deliver")["delivered"]
    [mail] = [r.mail for r in smtp_server.received]
    [attached] = list(mail.iter_attachments())
    assert attached.get_filename() == "receipt.pdf"
    assert attached.get_content() == b"%PDF-1.4 receipt"
    assert f"[{ref}] Your receipt" == mail["Subject"]
    bad = ready(
        "message", "send", ref, "--subject", "x", "--body", "y", "--attach", "999", user="alice"
    )
    assert bad.code == 3 and bad.error["field"] == "attachments"
    assert sent["id"] not in [
        m["id"]
        for m in ready.ok("message", "list", ref, user="alice")["items"]
        if m["subject"] == "x"
    ]
