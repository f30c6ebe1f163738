"""Fetching mail from an IMAP folder: new mail only, each imported through mail in.

The server, login name and folder are settings (admins); the password lives in the system
keyring (or, for a headless run, the RC_IMAP_PASSWORD environment variable), never in the
database or the settings. TLS from the first byte or STARTTLS; plain IMAP only to a loopback
address. The folder is opened read-only and fetched with BODY.PEEK, so the mailbox is left as
it was for other readers. The highest UID taken is remembered per account and folder (with the
folder's UIDVALIDITY: a renumbered folder is read again, and Message-IDs keep that from
importing anything twice).
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import os
import re
import ssl
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from ..domain.actions import Action
from ..domain.errors import EnvironmentFault, PermissionDenied, UsageError, ValidationError
from ..domain.mail_in import Outcome
from ..domain.messages import one_line
from ..domain.outbox import is_loopback
from ..storage.mail_in import MailRepository
from . import keyrings
from .context import Context
from .guards import require_person
from .mail_in import MailInService, MailResult
from .outbox import DeliveryReport, OutboxService

log = logging.getLogger(__name__)

SECURITY = ("tls", "starttls", "plain")
KEYRING_SERVICE = "resolution-center-imap"
PASSWORD_ENV = "RC_IMAP_PASSWORD"
BATCH = 50
TIMEOUT_S = 30
DEFAULT_INTERVAL_MIN = 5
_KEYS = ("host", "port", "security", "username", "folder", "cafile", "interval")
_UID = re.compile(rb"UID (\d+)")


@dataclass(frozen=True, slots=True)
class ImapSettings:
    host: str = ""
    port: int = 993
    security: str = "tls"
    username: str = ""
    folder: str = "INBOX"
    cafile: str = ""  # a CA file to trust besides the system's (a company's own CA)
    interval: int = DEFAULT_INTERVAL_MIN  # minutes between the window's fetches; 0: never

    @property
    def configured(self) -> bool:
        return bool(self.host and self.username)

    @property
    def account(self) -> str:
        return f"{self.username}@{self.host}:{self.port}/{self.folder}"

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in _KEYS}


@dataclass(frozen=True, slots=True)
class FetchReport:
    account: str
    folder: str
    last_uid: int
    results: tuple[MailResult, ...] = field(default=())
    # What the same fetch delivered of the mail it queued (acknowledgements), when its user
    # may deliver; None when delivery is left to the outbox's own pass.
    delivery: DeliveryReport | None = None

    def counts(self) -> dict[str, int]:
        found = Counter(r.outcome.value for r in self.results)
        return {o.value: found.get(o.value, 0) for o in Outcome}

    def to_json(self) -> dict[str, Any]:
        return {
            "account": self.account,
            "folder": self.folder,
            "last_uid": self.last_uid,
            "fetched": len(self.results),
            "counts": self.counts(),
            "mails": [r.to_json() for r in self.results],
            "delivered": None if self.delivery is None else len(self.delivery.delivered),
        }


def _setting_key(name: str) -> str:
    return f"mail.imap.{name}"


def _keyring_account(s: ImapSettings) -> str:
    return f"{s.username}@{s.host}:{s.port}"


def load_password(s: ImapSettings) -> str | None:
    """The IMAP password: the keyring's, else RC_IMAP_PASSWORD (a server or a CI job)."""
    found = None
    if s.username and keyrings.usable():
        import keyring

        try:
            found = keyring.get_password(KEYRING_SERVICE, _keyring_account(s))
        except Exception as exc:  # a locked collection, a dismissed prompt: not remembered
            log.info("keyring read failed: %s", exc)
    return found or os.environ.get(PASSWORD_ENV) or None


def save_password(s: ImapSettings, password: str) -> bool:
    """Keep the password in the system keyring; False where there is none to keep it in (it
    is then kept nowhere: set RC_IMAP_PASSWORD where mail is fetched)."""
    if not keyrings.usable():
        return False
    import keyring

    try:
        keyring.set_password(KEYRING_SERVICE, _keyring_account(s), password)
    except Exception as exc:
        log.info("keyring write failed: %s", exc)
        return False
    return True


class MailFetcher:
    def __init__(
        self, ctx: Context, mail_in: MailInService, outbox: OutboxService | None = None
    ) -> None:
        self.ctx = ctx
        self.mail_in = mail_in
        self.outbox = outbox
        self.repo = MailRepository(ctx.store)

    # ---- settings ---------------------------------------------------------------------------
    def settings(self) -> ImapSettings:
        stored = {k: self.ctx.store.setting(_setting_key(k)) for k in _KEYS}
        base = ImapSettings()
        values: dict[str, Any] = {}
        for key in _KEYS:
            raw = stored[key]
            if raw is None:
                continue
            default = getattr(base, key)
            try:
                values[key] = int(raw) if isinstance(default, int) else raw
            except ValueError:
                continue
        return ImapSettings(**values)

    def set_settings(self, **given: Any) -> ImapSettings:
        """Admins: the IMAP server, login name, folder, CA file and fetch interval."""
        if self.ctx.actor.role != "admin":
            raise PermissionDenied("mail settings are changed by administrators")
        old = self.settings()
        new = _checked(old, given)
        changes = {
            _setting_key(k): {"old": getattr(old, k), "new": getattr(new, k)}
            for k in _KEYS
            if getattr(old, k) != getattr(new, k)
        }
        if changes:
            with self.ctx.store.transaction(self.ctx.actor, self.ctx.now()) as work:
                for key, change in changes.items():
                    self.ctx.store.put_setting(key, str(change["new"]))
                work.emit(Action.SETTINGS_MAIL_CHANGED, "settings", "mail", {"changes": changes})
        return new

    def has_password(self) -> bool:
        s = self.settings()
        return bool(s.configured and load_password(s))

    def remember_password(self, password: str) -> bool:
        """Admins: the login's password into the system keyring (never the database);
        False where this machine has no keyring."""
        if self.ctx.actor.role != "admin":
            raise PermissionDenied("mail settings are changed by administrators")
        if not password:
            raise ValidationError("the password is empty", field="password")
        return save_password(self.settings(), password)

    @property
    def interval_minutes(self) -> int:
        """Minutes between the window's fetches; 0 where it does not fetch by itself."""
        s = self.settings()
        return s.interval if s.configured else 0

    # ---- fetching ---------------------------------------------------------------------------
    def fetch(self, password: str | None = None) -> FetchReport:
        """New mail of the configured folder, imported one by one; where it left off kept."""
        require_person(self.ctx.actor, "fetch mail")
        s = self.settings()
        if not s.configured:
            raise UsageError(
                "no IMAP server is set up: an administrator enters it under mail settings "
                "(resolution-center mail settings --host ... --user ...)",
                field="host",
            )
        secret = password or load_password(s)
        if not secret:
            raise UsageError(
                f"no password for {s.username} on {s.host}: save it in the system keyring "
                f"(mail password) or set {PASSWORD_ENV}",
                field="password",
            )
        try:
            imap = self._connect(s)
        except (OSError, imaplib.IMAP4.error, ssl.SSLError) as exc:
            raise EnvironmentFault(
                f"cannot reach the IMAP server {s.host}:{s.port}: {exc}"
            ) from exc
        try:
            report = self._fetch(imap, s, secret)
        except (OSError, imaplib.IMAP4.error, ssl.SSLError) as exc:
            raise EnvironmentFault(f"the IMAP server {s.host} refused: {_text(exc)}") from exc
        finally:
            # The connection may be gone already; there is nothing to keep.
            with contextlib.suppress(Exception):
                imap.logout()
        return self._deliver_queued(report)

    def _deliver_queued(self, report: FetchReport) -> FetchReport:
        """The acknowledgements this fetch queued go out in it, where its user may deliver;
        a delivery problem stays on the mail in the outbox (it never undoes an import)."""
        if self.outbox is None or not report.results or not self.outbox.may_deliver():
            return report
        return replace(report, delivery=self.outbox.deliver())

    def _connect(self, s: ImapSettings) -> imaplib.IMAP4:
        if s.security == "plain" and not is_loopback(s.host):
            raise UsageError(
                "plain IMAP sends the password in clear: only to this machine (127.0.0.1); "
                "use tls or starttls",
                field="security",
            )
        context = ssl.create_default_context(cafile=s.cafile or None)
        if s.security == "tls":
            return imaplib.IMAP4_SSL(s.host, s.port, ssl_context=context, timeout=TIMEOUT_S)
        imap = imaplib.IMAP4(s.host, s.port, timeout=TIMEOUT_S)
        if s.security == "starttls":
            imap.starttls(ssl_context=context)
        return imap

    def _fetch(self, imap: imaplib.IMAP4, s: ImapSettings, password: str) -> FetchReport:
        try:
            imap.login(s.username, password)
        except imaplib.IMAP4.error as exc:
            raise EnvironmentFault(
                f"the IMAP server {s.host} refused the login of {s.username}: {_text(exc)}"
            ) from exc
        status, _data = imap.select(_quoted(s.folder), readonly=True)
        if status != "OK":
            raise UsageError(f"the IMAP folder {s.folder!r} cannot be opened", field="folder")
        validity_data = imap.response("UIDVALIDITY")[1]
        uidvalidity = int(validity_data[0]) if validity_data and validity_data[0] else 0
        cursor = self.repo.cursor(s.account)
        last = cursor[1] if cursor and cursor[0] == uidvalidity else 0
        status, data = imap.uid("SEARCH", f"UID {last + 1}:*")
        uids = sorted(
            {int(u) for u in (data[0] or b"").split() if int(u) > last} if status == "OK" else ()
        )
        results: list[MailResult] = []
        newest = last
        for start in range(0, len(uids), BATCH):
            batch = uids[start : start + BATCH]
            status, fetched = imap.uid("FETCH", ",".join(map(str, batch)), "(UID BODY.PEEK[])")
            if status != "OK":
                raise EnvironmentFault(f"the IMAP server {s.host} would not send mail {batch}")
            for uid, raw in _messages(fetched):
                results.append(self.mail_in.import_bytes(raw, f"imap:{s.folder} uid {uid}"))
                newest = max(newest, uid)
            self._remember(s, uidvalidity, newest, last, results)
            last = newest
        return FetchReport(s.account, s.folder, newest, tuple(results))

    def _remember(
        self,
        s: ImapSettings,
        uidvalidity: int,
        newest: int,
        before: int,
        results: list[MailResult],
    ) -> None:
        """Where the fetch got to, after each batch: a fetch cut short resumes from there."""
        if newest <= before:
            return
        counts = Counter(r.outcome for r in results)
        with self.ctx.store.transaction(self.ctx.actor, self.ctx.now()) as work:
            self.repo.put_cursor(s.account, uidvalidity, newest, self.ctx.actor.username, work.now)
            work.emit(
                Action.MAIL_FETCHED,
                "mail",
                s.account,
                {
                    "folder": s.folder,
                    "uidvalidity": uidvalidity,
                    "last_uid": newest,
                    "imported": counts[Outcome.JOINED] + counts[Outcome.OPENED],
                    "duplicates": counts[Outcome.DUPLICATE],
                    "quarantined": counts[Outcome.QUARANTINED]
                    + counts[Outcome.ALREADY_QUARANTINED],
                },
            )


def _messages(fetched: list[Any]) -> list[tuple[int, bytes]]:
    """(UID, bytes) of each mail in a UID FETCH answer, in the server's order."""
    out = []
    for item in fetched:
        if isinstance(item, tuple) and len(item) == 2:
            found = _UID.search(item[0])
            if found:
                out.append((int(found.group(1)), bytes(item[1])))
    return out


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _text(exc: BaseException) -> str:
    raw = exc.args[0] if exc.args else exc
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return one_line(text)[:300]


def _checked(old: ImapSettings, given: dict[str, Any]) -> ImapSettings:
    unknown = set(given) - set(_KEYS)
    if unknown:
        raise ValidationError(f"unknown mail settings: {', '.join(sorted(unknown))}")
    values = {k: getattr(old, k) for k in _KEYS}
    values.update({k: v for k, v in given.items() if v is not None})
    host = one_line(str(values["host"])).strip()
    if host and not re.fullmatch(r"[A-Za-z0-9.:_\[\]-]{1,253}", host):
        raise ValidationError(f"{host!r} is not a host name or address", field="host")
    try:
        port = int(values["port"])
    except (TypeError, ValueError):
        port = 0
    if not 1 <= port <= 65535:
        raise ValidationError(f"{values['port']!r} is not a port (1 to 65535)", field="port")
    security = str(values["security"]).strip().lower()
    if security not in SECURITY:
        raise ValidationError(
            f"{security!r}: the connection is one of {', '.join(SECURITY)}", field="security"
        )
    if security == "plain" and host and not is_loopback(host):
        raise ValidationError(
            "plain IMAP sends the password in clear: only to this machine; use tls or starttls",
            field="security",
        )
    username = one_line(str(values["username"])).strip()
    folder = one_line(str(values["folder"])).strip() or "INBOX"
    cafile = one_line(str(values["cafile"])).strip()
    try:
        interval = int(values["interval"])
    except (TypeError, ValueError):
        interval = -1
    if not 0 <= interval <= 24 * 60:
        raise ValidationError(
            "the fetch interval is minutes between 0 (never) and 1440", field="interval"
        )
    if len(username) > 200 or len(folder) > 200:
        raise ValidationError("the user name and folder are at most 200 characters")
    return ImapSettings(host, port, security, username, folder, cafile, interval)
