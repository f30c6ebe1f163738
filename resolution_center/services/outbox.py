"""Mail out: the outbox, its delivery by SMTP, retries, `.eml` exports and the mail server's
settings.

A message recorded as sent to a customer is queued by `queue_mail` inside that change, so the
outbox row and the message's event commit together or not at all. A delivery pass (`deliver`:
the window's timer in an administrator's window, or `outbox deliver` from cron as `system`)
claims each due mail, sends it, and records the outcome as an event of its own. A mail the
server did not accept stays in the outbox with its answer; a delivered one is never sent again.
"""

from __future__ import annotations

import builtins  # a class here has a list() method, which annotations would name
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain.actions import Action
from ..domain.case import Case
from ..domain.errors import NotFound, PermissionDenied, RCError, ValidationError
from ..domain.ids import CaseId, check_id
from ..domain.mail_ids import MailId, address_domain, make_message_id, subject_with_reference
from ..domain.messages import Direction, Message, one_line
from ..domain.outbox import (
    CLAIM,
    DELIVERERS,
    Attempt,
    OutboxEntry,
    OutboxState,
    SmtpSecurity,
    SmtpSettings,
    after_attempt,
    answer_text,
    check_smtp_settings,
)
from ..storage.attachments import AttachmentRepository
from ..storage.cases import CaseRepository
from ..storage.messages import MessageRepository
from ..storage.outbox import OutboxRepository
from ..storage.repositories import ts
from ..storage.store import Store, UnitOfWork
from . import mail_build, smtp_password
from .attachments import _check_target, _write_whole
from .context import Context
from .mail_parse import MAIL_ID_MAX
from .smtp_send import SmtpConnection

SETTING = "smtp."  # smtp.host, smtp.port, smtp.security, smtp.username, smtp.from_address...
FIELDS = ("host", "port", "security", "username", "from_address", "from_name")
# Before a team address is set, Message-IDs still need a domain: a reserved one (RFC 2606).
NO_DOMAIN = "resolution-center.invalid"


def smtp_settings(store: Store) -> SmtpSettings:
    raw = {f: store.setting(SETTING + f) or "" for f in FIELDS}
    try:
        security = SmtpSecurity(raw["security"] or SmtpSecurity.STARTTLS.value)
    except ValueError:
        security = SmtpSecurity.STARTTLS
    port = int(raw["port"]) if raw["port"].isdigit() else 587
    return SmtpSettings(
        raw["host"], port, security, raw["username"], raw["from_address"], raw["from_name"]
    )


def queue_mail(
    store: Store,
    work: UnitOfWork,
    case: Case,
    message_id: int,
    attachments: Sequence[int] = (),
) -> int | None:
    """Inside the change that records message `message_id` as sent: its mail queued, with its
    headers fixed now. None when the customer has no e-mail address. Raises ValidationError,
    before writing anything, for a recipient or subject that would not make a clean header."""
    email = (case.customer.email or "").strip()
    if not email:
        return None
    message = MessageRepository(store).get(message_id)
    assert message is not None  # written by this change
    repo = OutboxRepository(store)
    settings = smtp_settings(store)
    subject = subject_with_reference(message.subject, case.reference)
    name = case.customer.name or ""
    mail_build.check_headers(name, email, subject)
    attachments = list(dict.fromkeys(int(a) for a in attachments))
    for attachment_id in attachments:
        found = AttachmentRepository(store).get(attachment_id)
        if found is None or found.case_id != case.id or found.withdrawn_at is not None:
            raise ValidationError(
                f"evidence {attachment_id} is not evidence of {case.reference} in use",
                field="attachments",
            )
    earlier = [m for m in repo.mail_ids(case.id) if len(m) <= MAIL_ID_MAX]  # as mail in keeps
    sender = settings.from_address or f"outbox@{NO_DOMAIN}"
    mail_id = make_message_id(case.reference, message_id, sender)
    return repo.insert(
        message_id=message_id,
        case_id=case.id,
        mail_id=str(mail_id),
        in_reply_to=earlier[-1] if earlier else None,
        references=" ".join(earlier[-20:]),  # a long thread keeps its newest twenty
        to_name=name,
        to_address=email,
        subject=subject,
        attachments=attachments,
        actor=work.actor.username,
        now=work.now,
    )


@dataclass
class DeliveryReport:
    """What one pass did; `reason` says why it attempted nothing, when it did not."""

    delivered: builtins.list[int] = field(default_factory=builtins.list)
    deferred: builtins.list[int] = field(default_factory=builtins.list)
    failed: builtins.list[int] = field(default_factory=builtins.list)
    reason: str = ""

    @property
    def attempted(self) -> int:
        return len(self.delivered) + len(self.deferred) + len(self.failed)


class OutboxService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.repo = OutboxRepository(ctx.store)
        self.messages = MessageRepository(ctx.store)
        self.cases = CaseRepository(ctx.store)
        self.attachments = AttachmentRepository(ctx.store)

    # ---- reads ------------------------------------------------------------------------------
    def list(self, state: str | None = None, limit: int = 500) -> builtins.list[OutboxEntry]:
        return self.repo.list(_state(state), limit)

    def for_case(self, case_id: int) -> builtins.list[OutboxEntry]:
        return self.repo.list(None, 500, case_id=CaseId(case_id))

    def counts(self) -> dict[str, int]:
        found = self.repo.counts()
        return {s.value: found.get(s, 0) for s in OutboxState}

    def get(self, entry_id: int) -> OutboxEntry:
        found = self.repo.get(check_id(int(entry_id), "outbox id", field="outbox"))
        if found is None:
            raise NotFound(f"no mail {entry_id} in the outbox", field="outbox")
        return found

    def for_message(self, message_id: int) -> OutboxEntry | None:
        return self.repo.for_message(message_id)

    # ---- .eml -------------------------------------------------------------------------------
    def eml(self, message_id: int) -> bytes:
        """Message `message_id` as a standard .eml: the mail as queued (the same Message-ID and
        thread as delivered), or, for one never mailed, as it would be."""
        message = self.messages.get(check_id(int(message_id), "message id", field="message"))
        if message is None:
            raise NotFound(f"no message {message_id}", field="message")
        entry = self.repo.for_message(message.id)
        return self._mail(message, entry).as_bytes()

    def save_eml(
        self, message_id: int, path: str | os.PathLike[str], *, overwrite: bool = False
    ) -> dict[str, Any]:
        """The .eml written to a file, whole or not at all (as evidence is saved)."""
        dest = Path(path)
        _check_target(dest, overwrite)
        data = self.eml(message_id)
        _write_whole(dest, data, overwrite)
        return {"message_id": int(message_id), "path": str(dest), "size": len(data)}

    def _mail(self, message: Message, entry: OutboxEntry | None) -> Any:
        settings = smtp_settings(self.ctx.store)
        if entry is not None:
            headers = mail_build.MailHeaders(
                entry.mail_id,
                entry.to_name,
                entry.to_address,
                entry.subject,
                entry.queued_at,
                entry.in_reply_to,
                entry.references,
            )
            files = self._files(entry.attachments)
        else:
            case = self.cases.get(message.case_id)
            if case is None:
                raise NotFound(f"no case with id {message.case_id}", field="reference")
            # Never mailed: a Message-ID that is the same on every export of this database's
            # message, not one that pretends it went out.
            token = hashlib.sha256(
                f"{self.ctx.store.database_id()}/{message.id}".encode()
            ).hexdigest()[:16]
            domain = NO_DOMAIN
            if settings.from_address:
                domain = address_domain(settings.from_address)
            mail_id = str(MailId(case.reference, message.id, token, domain))
            if message.direction is Direction.IN:
                # A received mail as the app keeps it (its text; its attachments are the
                # case's evidence): from the customer to the team, under its own Message-ID.
                own = message.rfc_message_id or ""
                headers = mail_build.MailHeaders(
                    own if own.startswith("<") else mail_id,
                    settings.from_name,
                    settings.from_address,
                    message.subject,
                    message.mail_date or message.drafted_at,
                    sender=one_line(message.sender or case.customer.email),
                )
            else:
                headers = mail_build.MailHeaders(
                    mail_id,
                    case.customer.name,
                    case.customer.email,
                    subject_with_reference(message.subject, case.reference),
                    message.sent_at or message.drafted_at,
                )
            files = []
        return mail_build.build(headers, message.body, settings, files)

    def _files(self, ids: Sequence[int]) -> builtins.list[mail_build.MailFile]:
        out = []
        for attachment_id in ids:
            found = self.attachments.get(attachment_id)
            content = self.attachments.content(attachment_id)
            if found is None or content is None:
                raise NotFound(f"evidence {attachment_id} is gone", field="attachments")
            out.append(mail_build.MailFile(found.file_name, found.media_type, content))
        return out

    # ---- retry ------------------------------------------------------------------------------
    def retry(self, ids: Sequence[int] = (), *, every: bool = False) -> builtins.list[int]:
        """Waiting mail (queued or failed) made due now, by a person: each an event. `every`:
        all of it. Delivered mail is refused: it is never sent again."""
        if not ids and not every:
            raise ValidationError("name the mail to retry (ID) or give --all", field="outbox")
        if every:
            waiting = [
                e.id
                for s in (OutboxState.FAILED, OutboxState.QUEUED)
                for e in self.repo.list(s, 10_000)
            ]
        else:
            waiting = []
            for entry_id in dict.fromkeys(ids):
                entry = self.get(entry_id)
                if entry.state is OutboxState.DELIVERED:
                    raise ValidationError(
                        f"mail {entry.id} was delivered: it is never sent again (send a new "
                        "message instead)",
                        field="outbox",
                    )
                waiting.append(entry.id)
        if not waiting:
            return []
        now = self.ctx.now()
        done = []
        with self.ctx.store.transaction(self.ctx.actor, now) as work:
            for entry_id in waiting:
                entry = self.get(entry_id)
                if not self.repo.make_due(entry_id, now):
                    continue  # delivered meanwhile
                work.emit(
                    Action.OUTBOX_RETRIED,
                    "case",
                    entry.reference,
                    {
                        "outbox_id": entry.id,
                        "message_id": entry.message_id,
                        "attempts": entry.attempts,
                        "was": entry.state.value,
                    },
                    case_id=entry.case_id,
                )
                done.append(entry_id)
        return done

    # ---- delivery ---------------------------------------------------------------------------
    def may_deliver(self) -> bool:
        """Administrators and cron on a shared database; anyone on a local file, which has no
        SQL prompt to forge a delivery from that the file's owner could not edit anyway (verify
        names such a row), and often no administrator's window to deliver for them."""
        if self.ctx.actor.role in DELIVERERS:
            return True
        return not self.ctx.store.dialect.server_logins

    def deliver(self, limit: int = 50, only: Sequence[int] = ()) -> DeliveryReport:
        """One pass: each due mail (of `only`, when given) claimed, sent, its outcome recorded."""
        if not self.may_deliver():
            raise PermissionDenied(
                "mail is delivered by an administrator's window or by `outbox deliver` (cron)"
            )
        report = DeliveryReport()
        settings = smtp_settings(self.ctx.store)
        if not settings.configured:
            report.reason = "no mail server is set up: mail stays in the outbox"
            return report
        due = self.repo.due(self.ctx.now(), limit, only)
        if not due:
            return report
        password = smtp_password.load(settings) if settings.username else None
        if settings.username and password is None:
            report.reason = (
                f"no password for {smtp_password.account(settings)} in the system keyring: "
                "mail stays in the outbox (set it with `outbox smtp`)"
            )
            return report
        connection = SmtpConnection(settings, password)
        try:
            for entry_id in due:
                self._deliver_one(entry_id, settings, connection, report)
        finally:
            connection.close()
        return report

    def _deliver_one(
        self,
        entry_id: int,
        settings: SmtpSettings,
        connection: SmtpConnection,
        report: DeliveryReport,
    ) -> None:
        actor = self.ctx.actor.username
        now = self.ctx.now()
        if not self.repo.claim(entry_id, actor, now, now + CLAIM):
            return  # another pass has it
        try:
            entry = self.repo.get(entry_id)
            if entry is None or entry.state is not OutboxState.QUEUED:
                return
            message = self.messages.get(entry.message_id)
            assert message is not None  # outbox rows reference their message
            try:
                mail = self._mail(message, entry)
            except RCError as exc:  # e.g. its evidence is gone: no retry makes it again
                outcome = Attempt(False, f"the mail cannot be made: {exc.message}", permanent=True)
            else:
                outcome = connection.send(mail, settings.from_address, entry.to_address)
            attempts = entry.attempts + 1
            done = self.ctx.now()
            state, next_at = after_attempt(attempts, outcome, done)
            answer = answer_text(outcome.answer)
            action = {
                OutboxState.DELIVERED: Action.OUTBOX_DELIVERED,
                OutboxState.QUEUED: Action.OUTBOX_DEFERRED,
                OutboxState.FAILED: Action.OUTBOX_FAILED,
            }[state]
            with self.ctx.store.transaction(self.ctx.actor, done) as work:
                if not self.repo.record_attempt(
                    entry.id,
                    attempts=attempts,
                    state=state,
                    next_attempt_at=next_at,
                    answer=answer,
                    actor=actor,
                    now=done,
                ):
                    raise ValidationError(
                        f"mail {entry.id} changed during delivery", field="outbox"
                    )
                data: dict[str, Any] = {
                    "outbox_id": entry.id,
                    "message_id": entry.message_id,
                    "attempts": attempts,
                    "answer": work.personal(answer),
                }
                if state is OutboxState.QUEUED:
                    data["next_attempt_at"] = ts(next_at)
                work.emit(action, "case", entry.reference, data, case_id=entry.case_id)
            {
                OutboxState.DELIVERED: report.delivered,
                OutboxState.QUEUED: report.deferred,
                OutboxState.FAILED: report.failed,
            }[state].append(entry.id)
        finally:
            self.repo.release(entry_id, actor)

    # ---- the mail server's settings ---------------------------------------------------------
    def settings(self) -> SmtpSettings:
        return smtp_settings(self.ctx.store)

    def has_password(self) -> bool:
        settings = self.settings()
        return bool(settings.username) and smtp_password.load(settings) is not None

    def configure(
        self,
        *,
        host: str,
        port: int | None,
        security: str,
        username: str,
        from_address: str,
        from_name: str,
        password: str | None = None,
    ) -> SmtpSettings:
        """Admins: the team's mail server and address; `password` (when given) goes to the
        system keyring, never into the database."""
        if self.ctx.actor.role not in ("admin", "system"):
            raise PermissionDenied("the mail server is set up by administrators")
        new = check_smtp_settings(host, port, security, username, from_address, from_name)
        if password is not None and not new.username:
            raise ValidationError("a password needs a user name to log in with", field="password")
        if password is not None:
            smtp_password.save(new, password)  # refused before anything is written
        old = self.settings()
        changes = {}
        for name in FIELDS:
            before, after = str(getattr(old, name)), str(getattr(new, name))
            if before != after or self.ctx.store.setting(SETTING + name) is None:
                changes[name] = {"old": before, "new": after}
        if changes:
            with self.ctx.store.transaction(self.ctx.actor, self.ctx.now()) as work:
                for name in changes:
                    self.ctx.store.put_setting(SETTING + name, changes[name]["new"])
                data: dict[str, Any] = {"changes": changes}
                if password is not None:
                    data["password"] = "stored in the system keyring"
                work.emit(Action.SETTINGS_SMTP_CHANGED, "settings", "smtp", data)
        return self.settings()


def _state(state: str | None) -> OutboxState | None:
    if not state:
        return None
    try:
        return OutboxState(state)
    except ValueError:
        raise ValidationError(
            f"{state!r}: mail is {', '.join(s.value for s in OutboxState)}", field="state"
        ) from None
