"""Talking to the team's SMTP server: one connection per delivery pass, each mail's outcome as
the server answered it (domain/outbox.py Attempt).

MAIL, RCPT and DATA are sent one by one rather than through `sendmail`, so the answer kept is
the server's own for that mail ("250 2.0.0 Ok: queued as 4F2A..."), and a refusal keeps its
code: a 5xx is permanent (no automatic retry), anything else is tried again later.
"""

from __future__ import annotations

import smtplib
import ssl
from email import policy
from email.message import EmailMessage

from ..domain.outbox import Attempt, SmtpSecurity, SmtpSettings

TIMEOUT = 30.0


class SmtpConnection:
    """Opened on the first mail of a pass; a failure to connect or log in answers every mail of
    the pass the same way without trying again (the server is not hammered)."""

    def __init__(
        self, settings: SmtpSettings, password: str | None, context: ssl.SSLContext | None = None
    ) -> None:
        self.settings = settings
        self.password = password
        self.context = context or ssl.create_default_context()
        self.smtp: smtplib.SMTP | None = None
        self.broken: Attempt | None = None

    def _open(self) -> smtplib.SMTP:
        s = self.settings
        smtp: smtplib.SMTP
        if s.security is SmtpSecurity.TLS:
            smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=TIMEOUT, context=self.context)
        else:
            smtp = smtplib.SMTP(s.host, s.port, timeout=TIMEOUT)
        try:
            smtp.ehlo()
            if s.security is SmtpSecurity.STARTTLS:
                smtp.starttls(context=self.context)
                smtp.ehlo()
            if s.username:
                smtp.login(s.username, self.password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, msg: EmailMessage, sender: str, recipient: str) -> Attempt:
        if self.broken is not None:
            return self.broken
        try:
            if self.smtp is None:
                self.smtp = self._open()
        except smtplib.SMTPAuthenticationError as exc:
            self.broken = Attempt(False, f"login refused: {_answer(exc.smtp_code, exc.smtp_error)}")
            return self.broken
        except smtplib.SMTPException as exc:
            self.broken = Attempt(False, f"server refused the session: {_describe(exc)}")
            return self.broken
        except (OSError, ssl.SSLError) as exc:
            where = f"{self.settings.host}:{self.settings.port}"
            self.broken = Attempt(False, f"cannot reach {where}: {exc}")
            return self.broken
        return self._send(self.smtp, msg, sender, recipient)

    def _send(self, smtp: smtplib.SMTP, msg: EmailMessage, sender: str, recipient: str) -> Attempt:
        try:
            data = msg.as_bytes(policy=policy.SMTP)
        except (ValueError, UnicodeError) as exc:  # checked when queued: a bug if ever hit
            return Attempt(False, f"the mail cannot be written: {exc}", permanent=True)
        try:
            code, text = smtp.mail(sender)
            if code != 250:
                smtp.rset()
                return _refused(code, text)
            code, text = smtp.rcpt(recipient)
            if code not in (250, 251):
                smtp.rset()
                return _refused(code, text)
            code, text = smtp.data(data)
            if code != 250:
                return _refused(code, text)
            return Attempt(True, _answer(code, text))
        except smtplib.SMTPResponseException as exc:
            return _refused(exc.smtp_code, exc.smtp_error)
        except (smtplib.SMTPException, OSError) as exc:
            self.smtp = None  # the connection is gone: the next mail reconnects
            return Attempt(False, f"connection lost: {_describe(exc)}")

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                self.smtp.close()
            self.smtp = None


def _answer(code: int, text: bytes | str) -> str:
    body = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {body}".strip()


def _refused(code: int, text: bytes | str) -> Attempt:
    return Attempt(False, _answer(code, text), permanent=500 <= code < 600)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        return _answer(exc.smtp_code, exc.smtp_error)
    return str(exc) or type(exc).__name__
