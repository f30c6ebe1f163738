"""A real SMTP server (aiosmtpd) on a free loopback port for the outbox's tests (never a fixed
port); the `smtp_server` fixture (tests/conftest.py) starts one per test."""

from __future__ import annotations

import socket
import ssl
import subprocess
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

PASSWORD = "s3cret-pw"  # the test server's login (user "outbox")


def configure_outbox(
    root: Any, port: int, *, password: str | None = PASSWORD, from_name: str = "Support"
) -> None:
    """The outbox pointed at a test server on this machine (plain SMTP with a login: loopback)."""
    root.outbox.configure(
        host="127.0.0.1",
        port=port,
        security="none",
        username="outbox",
        from_address="help@support.example.com",
        from_name=from_name,
        password=password,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Received:
    sender: str
    recipients: list[str]
    content: bytes

    @property
    def mail(self) -> EmailMessage:
        parsed = BytesParser(policy=policy.default).parsebytes(self.content)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Handler:
    """Accepts every mail, or answers `refuse` (e.g. "550 5.1.1 no such mailbox") to DATA."""

    received: list[Received] = field(default_factory=list)
    refuse: str | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return self.refuse
        self.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
        )
        return "250 2.0.0 Ok: queued as T1"


@dataclass
class SmtpServer:
    port: int
    handler: Handler
    logins: list[tuple[str, str]]

    @property
    def received(self) -> list[Received]:
        return self.handler.received


def certificate(folder: Path) -> tuple[Path, Path]:
    """A throwaway self-signed certificate for 127.0.0.1 (the client trusts it through
    SSL_CERT_FILE, as it would a company's own CA)."""
    cert, key = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def start(
    user: str = "outbox",
    password: str = "s3cret-pw",
    *,
    tls: str = "none",
    cert: tuple[Path, Path] | None = None,
) -> tuple[Controller, SmtpServer]:
    """A server on a free port: `tls` "none", "starttls" (required before login) or "tls"
    (implicit TLS from the first byte), with `cert` (certificate, key) for the last two."""
    logins: list[tuple[str, str]] = []

    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        if isinstance(data, LoginPassword):
            logins.append((data.login.decode(), data.password.decode()))
            ok = (data.login.decode(), data.password.decode()) == (user, password)
            return AuthResult(success=ok)
        return AuthResult(success=False)

    handler = Handler()
    port = free_port()
    options: dict[str, Any] = {"auth_require_tls": tls != "none"}
    if tls != "none":
        assert cert is not None
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(cert[0]), str(cert[1]))
        if tls == "starttls":
            options.update(tls_context=context, require_starttls=True)
        else:
            options.update(ssl_context=context, auth_require_tls=False)
    controller = Controller(
        handler, hostname="127.0.0.1", port=port, authenticator=authenticator, **options
    )
    controller.start()
    return controller, SmtpServer(port, handler, logins)
