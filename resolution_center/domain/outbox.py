"""Mail to the customer waiting in the outbox, and the rules of its delivery.

A message recorded as sent to a customer with an e-mail address is queued in the same change.
A delivery pass sends what is due; a refusal or an unreachable server leaves the mail in the
outbox with the server's answer, to be tried again later (exponential back-off), and after
MAX_ATTEMPTS, or when the server refuses for good (a 5xx answer), it waits for a person's retry
(state `failed`). Nothing is ever removed from the outbox, and a delivered mail is never sent
again.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from .case import Role
from .errors import ValidationError
from .mail_ids import address_domain
from .messages import one_line


class OutboxState(StrEnum):
    QUEUED = "queued"  # waiting for its next attempt
    FAILED = "failed"  # no more automatic attempts: a person retries it
    DELIVERED = "delivered"  # the server accepted it; never sent again


class SmtpSecurity(StrEnum):
    STARTTLS = "starttls"  # plain connection upgraded by STARTTLS (port 587)
    TLS = "tls"  # implicit TLS from the first byte (port 465)
    NONE = "none"  # a relay on the same host or a test server; no login over it


MAX_ATTEMPTS = 8
FIRST_DELAY = timedelta(minutes=1)
LONGEST_DELAY = timedelta(hours=6)
ANSWER_LIMIT = 500  # characters of the server's answer kept
# A delivery pass claims a row for this long; a pass that died mid-send frees it by expiry.
CLAIM = timedelta(minutes=5)
# Who records deliveries: the pass runs in an administrator's window or as `system` (cron); on
# PostgreSQL a specialist at a SQL prompt therefore cannot mark mail delivered that never went.
DELIVERERS = frozenset({Role.ADMIN, Role.SYSTEM})
DEFAULT_PORTS = {SmtpSecurity.STARTTLS: 587, SmtpSecurity.TLS: 465, SmtpSecurity.NONE: 25}


def next_delay(attempts: int) -> timedelta:
    """How long after the `attempts`-th failed attempt the next one is due: 1, 2, 4... minutes,
    at most six hours."""
    if attempts < 1:
        return timedelta(0)
    return min(FIRST_DELAY * 2 ** min(attempts - 1, 20), LONGEST_DELAY)


def answer_text(text: str) -> str:
    """The server's answer as kept: one line, bounded."""
    flat = one_line(text)
    return flat if len(flat) <= ANSWER_LIMIT else flat[: ANSWER_LIMIT - 1] + "…"


@dataclass(frozen=True, slots=True)
class Attempt:
    """How one delivery attempt went, as the delivery service saw it."""

    delivered: bool
    answer: str  # the server's answer, or why there was none (unreachable, TLS failed)
    permanent: bool = False  # the server refused for good (5xx): no automatic retry


def after_attempt(attempts: int, outcome: Attempt, now: datetime) -> tuple[OutboxState, datetime]:
    """(state, next attempt time) after attempt number `attempts` ended with `outcome`."""
    if outcome.delivered:
        return OutboxState.DELIVERED, now
    if outcome.permanent or attempts >= MAX_ATTEMPTS:
        return OutboxState.FAILED, now
    return OutboxState.QUEUED, now + next_delay(attempts)


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    id: int
    message_id: int
    case_id: int
    reference: str
    state: OutboxState
    mail_id: str  # the Message-ID header, angle brackets included
    in_reply_to: str | None
    references: str  # the case's earlier Message-IDs, oldest first, space-separated
    to_name: str
    to_address: str
    subject: str  # as mailed: tagged with the case reference
    attachments: tuple[int, ...]  # evidence ids sent with it
    attempts: int
    next_attempt_at: datetime
    last_answer: str | None
    queued_by: str
    queued_at: datetime
    delivered_at: datetime | None


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    """The team's mail server and address (settings `smtp.*`); the password is in the keyring."""

    host: str = ""
    port: int = 587
    security: SmtpSecurity = SmtpSecurity.STARTTLS
    username: str = ""
    from_address: str = ""
    from_name: str = ""

    @property
    def configured(self) -> bool:
        return bool(self.host and self.from_address)


def check_smtp_settings(
    host: str, port: int | None, security: str, username: str, from_address: str, from_name: str
) -> SmtpSettings:
    """Settings as typed, checked field by field."""
    try:
        mode = SmtpSecurity(security.strip().lower())
    except ValueError:
        raise ValidationError(
            f"{security!r}: the connection is {', '.join(s.value for s in SmtpSecurity)}",
            field="security",
        ) from None
    host = host.strip().lower()
    if not host or any(c.isspace() for c in host) or len(host) > 253:
        raise ValidationError("the server is a host name such as smtp.example.com", field="host")
    port = DEFAULT_PORTS[mode] if port is None else port
    if not 1 <= port <= 65535:
        raise ValidationError(f"port {port} is not 1 to 65535", field="port")
    username = username.strip()
    if one_line(username) != username:
        raise ValidationError(
            "the user name is one line without control characters", field="username"
        )
    from_address = from_address.strip()
    local, _, _ = from_address.rpartition("@")
    if not local or one_line(from_address) != from_address or " " in from_address:
        raise ValidationError(
            f"{from_address!r} is not an e-mail address (team@example.com)", field="from_address"
        )
    address_domain(from_address)
    from_name = from_name.strip()
    if one_line(from_name) != from_name:
        raise ValidationError("the sender's name is one line", field="from_name")
    if mode is SmtpSecurity.NONE and username and not is_loopback(host):
        raise ValidationError(
            "a password goes to a mail server only over STARTTLS or TLS; an unencrypted "
            "connection is for a relay on this machine (localhost) or one without a login",
            field="security",
        )
    return SmtpSettings(host, port, mode, username, from_address, from_name)


def is_loopback(host: str) -> bool:
    """This machine: where a password may travel unencrypted (a local relay or tunnel)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
