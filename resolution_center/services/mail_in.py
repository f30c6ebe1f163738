"""Mail in: a received mail becomes a message on its case, its attachments evidence, and mail
that cannot be read waits in quarantine with the reason.

One mail is one transaction: the case it opens (through intake, so the acknowledgement is
drafted or sent as `messages.acknowledge` says), the received message, its attachments (through
the attachments service, each with its SHA-256) and the `mail.received` event, or nothing.
Each mail is imported once, by its Message-ID (or its bytes' hash where it has none). A reply
joins the case its In-Reply-To/References or subject names (domain/mail_ids.py); other mail
opens a case for the sender's customer record (found by the normalised address). A customer's
mail never stops the first-response clock: that clock waits for an answer *to* the customer.
"""

from __future__ import annotations

import builtins  # a class here has a list() method, which annotations would name
import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain.actions import Action
from ..domain.case import (
    Case,
    CaseDraft,
    Channel,
    Customer,
    Order,
    Status,
    clean_text,
)
from ..domain.errors import (
    NotFound,
    PermissionDenied,
    PolicyRefusal,
    RCError,
    UsageError,
    ValidationError,
)
from ..domain.ids import CaseId, check_id
from ..domain.mail_ids import find_reference
from ..domain.mail_in import Outcome, QuarantinedMail, QuarantineState, Route
from ..domain.messages import DEFAULT_LANGUAGE
from ..domain.money import Money, check_currency
from ..storage.mail_in import MailRepository
from ..storage.repositories import ts
from .attachments import AttachmentService
from .cases import CaseService
from .context import Context
from .guards import CaseLookup, require_person
from .mail_parse import MailUnreadable, ParsedMail, is_mbox, mbox_messages, parse_any, peek
from .messages import LANGUAGE_SETTING

CATEGORY_SETTING = "mail.intake.category"
CURRENCY_SETTING = "mail.intake.currency"
# A mail names no category: a person triages it. "Order issue" is the taxonomy's broadest
# complaint (a setting changes it); the tag lets a queue or a saved view find such cases.
DEFAULT_CATEGORY = "order-issue"
DEFAULT_CURRENCY = "EUR"
MAIL_TAG = "mail"
NO_ORDER = "-"  # as an import without an order number records it
FILE_SUFFIXES = (".eml", ".msg", ".mbox", ".mbx")

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MailResult:
    """What one mail's import did."""

    outcome: Outcome
    source: str
    identity: str
    subject: str = ""
    case: str | None = None  # its reference
    message_id: int | None = None
    quarantine_id: int | None = None
    reason: str | None = None
    route: Route | None = None
    evidence: tuple[int, ...] = ()
    refused: tuple[dict[str, Any], ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome.value,
            "source": self.source,
            "identity": self.identity,
            "subject": self.subject,
            "case": self.case,
            "message_id": self.message_id,
            "quarantine_id": self.quarantine_id,
            "reason": self.reason,
            "route": self.route.value if self.route else None,
            "evidence": list(self.evidence),
            "refused": list(self.refused),
        }


def quarantine_json(q: QuarantinedMail) -> dict[str, Any]:
    return {
        "id": q.id,
        "state": q.state,
        "reason": q.reason,
        "sender": q.sender,
        "subject": q.subject,
        "date": ts(q.mail_date) if q.mail_date else None,
        "source": q.source,
        "identity": q.identity,
        "size": q.size,
        "sha256": q.sha256,
        "held_by": q.held_by,
        "held_at": ts(q.held_at),
        "resolved_by": q.resolved_by,
        "resolved_at": ts(q.resolved_at) if q.resolved_at else None,
        "message_id": q.message_id,
    }


class _Duplicate(Exception):
    """Raised inside a mail's transaction when another import recorded it first."""


# What a customer's reply on an existing case may also be (a satisfaction score, read by
# services/satisfaction.py): called in the mail's own change with (case id, text, message id).
ReplyReader = Callable[[CaseId, str, int], object]


class MailInService:
    def __init__(
        self,
        ctx: Context,
        cases: CaseService,
        attachments: AttachmentService,
        on_reply: ReplyReader | None = None,
    ) -> None:
        self.ctx = ctx
        self.cases = cases
        self.attachments = attachments
        self.on_reply = on_reply
        self.repo = MailRepository(ctx.store)
        self.lookup = CaseLookup(ctx.store)

    def _require_person(self) -> None:
        require_person(self.ctx.actor, "import mail")

    # ---- importing --------------------------------------------------------------------------
    def import_bytes(self, raw: bytes, source: str, *, case: str | int | None = None) -> MailResult:
        """One mail: joined to its case, opening one, already here, or quarantined."""
        self._require_person()
        chosen = self.lookup.get(case) if case is not None else None
        try:
            mail = parse_any(raw, source)
        except MailUnreadable as exc:
            return self._hold(raw, source, exc)
        except Exception as exc:  # the reader tripped on something: the mail is kept all the same
            return self._hold(raw, source, MailUnreadable(f"the mail could not be read: {exc!r}"))
        try:
            return self._import(mail, source, chosen)
        except (ValidationError, PolicyRefusal) as exc:
            # What the mail says cannot make a case (intake refused it): kept, with the reason,
            # so one such mail never stops a fetch.
            why = MailUnreadable(
                f"the mail could not be imported: {exc.message}",
                sender=mail.sender,
                subject=mail.subject,
            )
            return self._hold(raw, source, why)
        except RCError:
            raise  # the database or the user's rights: the fetch stops and the mail waits
        except Exception as exc:  # a defect this mail trips: kept with the reason, not a block
            log.exception("importing %s failed", source)
            why = MailUnreadable(
                f"the mail could not be imported: {exc!r}",
                sender=mail.sender,
                subject=mail.subject,
            )
            return self._hold(raw, source, why)

    def import_files(
        self, paths: Iterable[str | Path], *, case: str | int | None = None
    ) -> builtins.list[MailResult]:
        """`.eml`, `.msg` and `.mbox` files; every mail of an mbox is one import."""
        self._require_person()
        results: builtins.list[MailResult] = []
        for raw, source in self._read_files(paths):
            results.append(self.import_bytes(raw, source, case=case))
        return results

    @staticmethod
    def _read_files(paths: Iterable[str | Path]) -> Iterator[tuple[bytes, str]]:
        checked = []
        for given in paths:
            path = Path(given)
            if not path.is_file():
                raise UsageError(f"{path} is not a file", field="file")
            checked.append(path)
        for path in checked:
            try:
                if path.suffix.lower() in (".mbox", ".mbx") or (
                    path.suffix.lower() not in (".eml", ".msg") and is_mbox(path)
                ):
                    for i, raw in enumerate(mbox_messages(path), start=1):
                        yield raw, f"{path.name} #{i}"
                else:
                    yield path.read_bytes(), path.name
            except OSError as exc:
                raise UsageError(f"cannot read {path}: {exc.strerror}", field="file") from exc

    def _import(self, mail: ParsedMail, source: str, chosen: Case | None) -> MailResult:
        found = self.repo.received(mail.identity)
        if found is not None:
            return self._duplicate(mail, source, found)
        case, route = self._route(mail, chosen)
        try:
            with self.ctx.store.transaction(self.ctx.actor, self.ctx.now()) as work:
                opened = case is None
                if case is None:
                    case = self.cases.create(self._draft(mail))
                message_id = self.repo.insert_received(
                    case.id,
                    identity=mail.identity,
                    sender=mail.sender,
                    subject=mail.subject,
                    body=mail.body,
                    language=self.ctx.store.setting(LANGUAGE_SETTING) or DEFAULT_LANGUAGE,
                    mail_date=mail.date,
                    actor=self.ctx.actor.username,
                    now=work.now,
                )
                if message_id is None:
                    raise _Duplicate
                # Each attachment's own event (its nested change) carries its row; this
                # mail's event, written last, the message's.
                evidence, refused = self._evidence(case, message_id, mail)
                # The customer has answered: the team owes the next move again, so a case
                # waiting on them is open (its SLA clock resumes), in the same change.
                reopened = not opened and case.status is Status.WAITING_CUSTOMER
                if reopened:
                    self.cases.change_status(
                        case.id, Status.OPEN.value, reason="the customer replied by mail"
                    )
                # A score only from the customer's own address: anyone may write to a case
                # whose reference they know, but not rate it.
                if (
                    not opened
                    and self.on_reply is not None
                    and _same_address(mail.sender_email, case.customer.email)
                ):
                    self.on_reply(case.id, mail.body, message_id)
                data: dict[str, Any] = {
                    "message_id": message_id,
                    "identity": mail.identity,
                    "source": source,
                    "route": route.value,
                    "sender": work.personal(mail.sender),
                    "subject": work.personal(mail.subject),
                    "attachments": list(evidence),
                }
                if mail.date is not None:
                    data["date"] = ts(mail.date)
                if refused:
                    data["refused"] = [
                        {**r, "file_name": work.personal(r["file_name"])} for r in refused
                    ]
                if opened:
                    data["new_case"] = True
                if reopened:
                    data["reopened"] = True
                work.emit(Action.MAIL_RECEIVED, "case", case.reference, data, case_id=case.id)
        except _Duplicate:
            again = self.repo.received(mail.identity)
            if again is None:  # the other import rolled back: a bug if ever hit
                raise
            return self._duplicate(mail, source, again)
        return MailResult(
            Outcome.OPENED if opened else Outcome.JOINED,
            source,
            mail.identity,
            mail.subject,
            case.reference,
            message_id,
            route=route,
            evidence=tuple(evidence),
            refused=tuple(refused),
        )

    def _duplicate(self, mail: ParsedMail, source: str, found: tuple[int, Any]) -> MailResult:
        message_id, case_id = found
        reference = self.lookup.get(case_id).reference
        return MailResult(
            Outcome.DUPLICATE, source, mail.identity, mail.subject, reference, message_id
        )

    def _route(self, mail: ParsedMail, chosen: Case | None) -> tuple[Case | None, Route]:
        if chosen is not None:
            return chosen, Route.CHOSEN
        reference = find_reference(
            mail.subject, in_reply_to=mail.in_reply_to, references=mail.references
        )
        if reference is not None:
            try:
                case = self.lookup.get(reference)
            except NotFound:  # another database's case (a restored copy, a test system)
                case = None
            if case is not None:
                via_headers = find_reference(
                    None, in_reply_to=mail.in_reply_to, references=mail.references
                )
                return case, Route.HEADERS if via_headers == reference else Route.SUBJECT
        return None, Route.NEW_CASE

    def _draft(self, mail: ParsedMail) -> CaseDraft:
        """A new case for the sender: their customer record's name where they have one."""
        name = self.repo.customer_name(mail.sender_email) or mail.sender_name
        name = name or mail.sender_email.split("@", 1)[0]
        currency = self.ctx.store.setting(CURRENCY_SETTING) or DEFAULT_CURRENCY
        try:
            currency = check_currency(currency)
        except ValidationError:
            currency = DEFAULT_CURRENCY
        category = self.ctx.store.setting(CATEGORY_SETTING) or DEFAULT_CATEGORY
        zero = Money(0, currency)
        return CaseDraft(
            customer=Customer(clean_text(name, "name")[:200], mail.sender_email),
            order=Order(NO_ORDER, currency, zero, zero),
            category=category,
            subject=mail.subject,
            description=mail.body[:2000],
            channel=Channel.EMAIL,
            tags=(MAIL_TAG,),
        )

    def _evidence(
        self, case: Case, message_id: int, mail: ParsedMail
    ) -> tuple[builtins.list[int], builtins.list[dict[str, Any]]]:
        """Each attachment added as evidence; one that cannot be (too large, empty, attached
        before) is refused with the reason, and the mail is imported all the same."""
        added: builtins.list[int] = []
        refused: builtins.list[dict[str, Any]] = []
        for att in mail.attachments:
            try:
                stored = self.attachments.add(
                    case.id,
                    att.file_name,
                    att.content,
                    f"attached to the customer's mail (message #{message_id})",
                )
            except ValidationError as exc:
                refused.append(
                    {
                        "file_name": att.file_name,
                        "size": len(att.content),
                        "sha256": hashlib.sha256(att.content).hexdigest(),
                        "reason": str(exc),
                    }
                )
            else:
                added.append(int(stored.id))
        return added, refused

    # ---- the quarantine ---------------------------------------------------------------------
    def _hold(self, raw: bytes, source: str, why: MailUnreadable) -> MailResult:
        sha = hashlib.sha256(raw).hexdigest()
        sender, subject, date = peek(raw)
        identity = "sha256:" + sha
        with self.ctx.store.transaction(self.ctx.actor, self.ctx.now()) as work:
            held = self.repo.hold(
                identity=identity,
                reason=why.reason,
                sender=why.sender or sender,
                subject=why.subject or subject,
                mail_date=date,
                source=source,
                sha256=sha,
                content=raw,
                actor=self.ctx.actor.username,
                now=work.now,
            )
            if held is not None:
                work.emit(
                    Action.MAIL_QUARANTINED,
                    "mail",
                    str(held),
                    {
                        "quarantine_id": held,
                        "reason": why.reason,
                        "source": source,
                        "sha256": sha,
                        "size": len(raw),
                    },
                )
        if held is None:
            existing = self.repo.quarantined_by_sha256(sha)
            return MailResult(
                Outcome.ALREADY_QUARANTINED,
                source,
                identity,
                subject,
                quarantine_id=existing.id if existing else None,
                reason=why.reason,
            )
        return MailResult(
            Outcome.QUARANTINED, source, identity, subject, quarantine_id=held, reason=why.reason
        )

    def quarantine(self, *, everything: bool = False) -> builtins.list[QuarantinedMail]:
        """The held mails (with `everything`, imported and discarded ones too), oldest first."""
        return self.repo.quarantined(None if everything else QuarantineState.HELD.value)

    def quarantined(self, quarantine_id: int) -> QuarantinedMail:
        found = self.repo.quarantined_mail(
            check_id(int(quarantine_id), "quarantine id", field="quarantine")
        )
        if found is None:
            raise NotFound(f"no quarantined mail {quarantine_id}", field="quarantine")
        return found

    def quarantined_bytes(self, quarantine_id: int) -> bytes:
        """The mail as it came, checked against the SHA-256 recorded when it was held."""
        held = self.quarantined(quarantine_id)
        raw = self.repo.quarantined_bytes(held.id)
        if hashlib.sha256(raw).hexdigest() != held.sha256:
            raise ValidationError(
                f"the stored bytes of quarantined mail {held.id} no longer match their SHA-256: "
                "they were altered; run verify",
                field="quarantine",
            )
        return raw

    def _held(self, quarantine_id: int) -> QuarantinedMail:
        held = self.quarantined(quarantine_id)
        if held.state != QuarantineState.HELD.value:
            raise ValidationError(
                f"quarantined mail {held.id} was {held.state} by {held.resolved_by}",
                field="quarantine",
            )
        return held

    def retry(self, quarantine_id: int, *, case: str | int | None = None) -> MailResult:
        """Import a held mail again (after a fix of the reader, or into a case named here);
        it leaves the list when it is imported, and stays with its reason when it still
        cannot be."""
        self._require_person()
        held = self._held(quarantine_id)
        raw = self.quarantined_bytes(held.id)
        chosen = self.lookup.get(case) if case is not None else None
        try:
            mail = parse_any(raw, held.source, require_sender=chosen is None)
        except MailUnreadable as exc:
            return MailResult(
                Outcome.ALREADY_QUARANTINED,
                held.source,
                held.identity,
                held.subject,
                quarantine_id=held.id,
                reason=exc.reason,
            )
        with self.ctx.store.transaction(self.ctx.actor, self.ctx.now()) as work:
            result = self._import(mail, held.source, chosen)
            if result.message_id is None or not self.repo.resolve(
                held.id,
                QuarantineState.IMPORTED.value,
                result.message_id,
                self.ctx.actor.username,
                work.now,
            ):
                raise ValidationError(
                    f"quarantined mail {held.id} changed meanwhile", field="quarantine"
                )
            work.emit(
                Action.MAIL_RELEASED,
                "mail",
                str(held.id),
                {"quarantine_id": held.id, "message_id": result.message_id, "retried": True},
            )
        return MailResult(
            result.outcome,
            result.source,
            result.identity,
            result.subject,
            result.case,
            result.message_id,
            held.id,
            None,
            result.route,
            result.evidence,
            result.refused,
        )

    def discard(self, quarantine_id: int, reason: str) -> QuarantinedMail:
        """A held mail nobody will import (spam, a bounce): off the list, its bytes kept."""
        self._require_person()
        held = self._held(quarantine_id)
        why = clean_text(reason, "reason", multiline=True, required=True)
        with self.ctx.store.transaction(self.ctx.actor, self.ctx.now()) as work:
            if not self.repo.resolve(
                held.id, QuarantineState.DISCARDED.value, None, self.ctx.actor.username, work.now
            ):
                raise ValidationError(
                    f"quarantined mail {held.id} changed meanwhile", field="quarantine"
                )
            work.emit(
                Action.MAIL_DISCARDED,
                "mail",
                str(held.id),
                {"quarantine_id": held.id, "reason": why},
            )
        return self.quarantined(held.id)

    # ---- settings ---------------------------------------------------------------------------
    def intake(self) -> dict[str, str]:
        """The category and currency of cases that mail opens."""
        return {
            "category": self.ctx.store.setting(CATEGORY_SETTING) or DEFAULT_CATEGORY,
            "currency": self.ctx.store.setting(CURRENCY_SETTING) or DEFAULT_CURRENCY,
        }

    def set_intake(self, *, category: str | None = None, currency: str | None = None) -> None:
        """Admins: the category and currency of cases that mail opens."""
        if self.ctx.actor.role != "admin":
            raise PermissionDenied("mail settings are changed by administrators")
        changes: dict[str, Any] = {}
        if category is not None:
            slug, _sub = self.ctx.taxonomy.check(category, None)
            old = self.ctx.store.setting(CATEGORY_SETTING) or DEFAULT_CATEGORY
            if old != slug:
                changes[CATEGORY_SETTING] = {"old": old, "new": slug}
        if currency is not None:
            code = check_currency(currency)
            old = self.ctx.store.setting(CURRENCY_SETTING) or DEFAULT_CURRENCY
            if old != code:
                changes[CURRENCY_SETTING] = {"old": old, "new": code}
        if not changes:
            return
        with self.ctx.store.transaction(self.ctx.actor, self.ctx.now()) as work:
            for key, change in changes.items():
                self.ctx.store.put_setting(key, change["new"])
            work.emit(Action.SETTINGS_MAIL_CHANGED, "settings", "mail", {"changes": changes})


def _same_address(one: str | None, other: str | None) -> bool:
    """The same mailbox, as intake stores addresses (trimmed, lower case); never two blanks."""
    a, b = (one or "").strip().lower(), (other or "").strip().lower()
    return bool(a) and a == b
