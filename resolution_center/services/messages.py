"""Messages to the customer: templates and their versions, drafts, sending (recording), and the
acknowledgement a new case gets.

"Sent" means recorded on the case as sent to the customer, as the "Message to customer" note
was; nothing leaves the application yet. A message keeps the template version and the
approved-answer versions it came from. The first message sent stops the first-response clock,
except an acknowledgement sent automatically at intake: a receipt is not an answer.
"""

from __future__ import annotations

import builtins  # a class here has a list() method, which annotations would name
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..domain.actions import Action
from ..domain.case import Case
from ..domain.errors import NotFound, PermissionDenied, ValidationError
from ..domain.ids import CaseId, check_id
from ..domain.messages import (
    ACKNOWLEDGEMENT,
    DEFAULT_LANGUAGE,
    AckMode,
    Message,
    MessageState,
    MessageTemplate,
    change_refusal,
    check_language,
    check_template_name,
    clean_body,
    clean_subject,
)
from ..storage.answers import AnswerRepository
from ..storage.cases import CaseRepository
from ..storage.messages import MessageRepository
from ..storage.repositories import ts
from ..storage.store import UnitOfWork
from . import message_render
from .context import Context
from .guards import CaseLookup, require_person
from .message_values import case_values, demo_values
from .outbox import queue_mail
from .sla import record_breaches

ACK_SETTING = "messages.acknowledge"
LANGUAGE_SETTING = "messages.language"


@dataclass(frozen=True, slots=True)
class Preview:
    subject: str
    body: str
    template: MessageTemplate | None
    language: str


class TemplateService:
    """Template versions: the shipped files, then what administrators saved on top of them."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.repo = MessageRepository(ctx.store)

    def versions(self, name: str, language: str | None = None) -> builtins.list[MessageTemplate]:
        """Every version of `name` (in `language`), oldest first: shipped, then saved."""
        name = check_template_name(name)
        found = [t for t in message_render.shipped_templates() if t.name == name]
        found += self.repo.saved_templates(name)
        if language is not None:
            language = check_language(language)
            found = [t for t in found if t.language == language]
        return sorted(found, key=lambda t: (t.language, t.version, not t.shipped))

    def list(self) -> builtins.list[MessageTemplate]:
        """The current version of each template in each language."""
        current: dict[tuple[str, str], MessageTemplate] = {}
        for t in (*message_render.shipped_templates(), *self.repo.saved_templates()):
            key = (t.name, t.language)
            if key not in current or t.version > current[key].version:
                current[key] = t
        return sorted(current.values(), key=lambda t: (t.name, t.language))

    def languages(self, name: str) -> builtins.list[str]:
        return sorted({t.language for t in self.versions(name)})

    def get(self, name: str, language: str, version: int | None = None) -> MessageTemplate:
        """A template version; without `version` the current one. With no template in
        `language`, the default language's (the customer's language where one exists)."""
        versions = self.versions(name, language) or self.versions(name, DEFAULT_LANGUAGE)
        if version is not None:
            versions = [t for t in versions if t.version == version]
        if not versions:
            which = f" version {version}" if version is not None else ""
            raise NotFound(f"no template {name}{which} in {language}", field="template")
        return versions[-1]

    def save(self, name: str, language: str, subject: str, body: str) -> MessageTemplate:
        """A new version (admins): checked, with every placeholder known, before it is kept."""
        if self.ctx.actor.role != "admin":
            raise PermissionDenied("templates are added and edited by administrators")
        name, language = check_template_name(name), check_language(language)
        subject, body = message_render.check_template(subject, body)
        # Filled once with a demo case: what compiles but cannot be filled (a remedy's field
        # that does not exist) is refused here, not at the next intake.
        message_render.render(
            MessageTemplate(name, language, 1, subject, body, "", None), demo_values()
        )
        older = self.versions(name, language)
        version = max((t.version for t in older), default=0) + 1
        if older and (older[-1].subject, older[-1].body) == (subject, body):
            raise ValidationError(
                "nothing changed: the text is the current version's", field="body"
            )
        now = self.ctx.now()
        template = MessageTemplate(
            name, language, version, subject, body, self.ctx.actor.username, now
        )
        with self.ctx.store.transaction(self.ctx.actor, now) as work:
            template_id = self.repo.insert_template(template, now)
            work.emit(
                Action.TEMPLATE_SAVED,
                "template",
                f"{name}/{language}",
                {
                    "template_id": template_id,
                    "name": name,
                    "language": language,
                    "version": version,
                    "sha256": template.sha256,
                },
            )
        return template

    def preview(
        self, name: str, language: str, values: dict[str, Any] | None = None
    ) -> message_render.Rendered:
        """Filled from `values` (a demo case without them): refused if anything is unknown."""
        template = self.get(name, language)
        return message_render.render(template, demo_values() if values is None else values)


class MessageService:
    def __init__(self, ctx: Context, templates: TemplateService) -> None:
        self.ctx = ctx
        self.templates = templates
        self.repo = MessageRepository(ctx.store)
        self.answers = AnswerRepository(ctx.store)
        self.cases = CaseLookup(ctx.store)
        self.case_repo = CaseRepository(ctx.store)

    def _require_person(self) -> None:
        require_person(self.ctx.actor, "write to customers")

    # ---- reads ------------------------------------------------------------------------------
    def list(self, ref_or_id: str | int) -> builtins.list[Message]:
        return self.repo.for_case(self.cases.resolve(ref_or_id))

    def get(self, message_id: int) -> Message:
        found = self.repo.get(check_id(int(message_id), "message id", field="message"))
        if found is None:
            raise NotFound(f"no message {message_id}", field="message")
        return found

    def values(self, case: Case, language: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
        label = self.ctx.taxonomy.get(case.category).label
        return case_values(self.ctx.store, case, self.ctx.actor.username, label, language)

    def language_for(self, ref_or_id: str | int) -> str:
        """The customer's language: that of the last message they were sent, else the
        database's default (`messages.language`, English unless set)."""
        sent = [m for m in self.list(ref_or_id) if m.state is MessageState.SENT]
        if sent:
            return sent[-1].language
        return self.ctx.store.setting(LANGUAGE_SETTING) or DEFAULT_LANGUAGE

    def preview(self, ref_or_id: str | int, template: str, language: str | None = None) -> Preview:
        """`template` filled from the case, in `language` (the customer's by default), or in
        the default language where the template has none in it."""
        case = self.cases.get(ref_or_id)
        language = check_language(language) if language else self.language_for(case.id)
        found = self.templates.get(template, language)
        rendered = message_render.render(found, self.values(case, found.language))
        return Preview(rendered.subject, rendered.body, found, found.language)

    def fill(self, ref_or_id: str | int, text: str, field: str = "body") -> str:
        """Text with placeholders (an approved answer) filled from the case."""
        case = self.cases.get(ref_or_id)
        return message_render.render_text(
            text, self.values(case, self.language_for(case.id)), field
        )

    # ---- changes ----------------------------------------------------------------------------
    def _content(
        self,
        case: Case,
        template: str | None,
        language: str | None,
        subject: str | None,
        body: str | None,
    ) -> tuple[MessageTemplate | None, str, str, str]:
        """(template version, language, subject, body): typed text wins over the template's."""
        found = None
        if template:
            preview = self.preview(case.id, template, language)
            found, language = preview.template, preview.language
            subject = preview.subject if subject is None else subject
            body = preview.body if body is None else body
        language = check_language(language) if language else self.language_for(case.id)
        return found, language, clean_subject(subject), clean_body(body)

    def _answer_versions(self, ids: Sequence[int]) -> builtins.list[int]:
        """The approved-answer versions a message used: each must be one in use."""
        out = []
        for version_id in dict.fromkeys(int(i) for i in ids):
            version = self.answers.version(version_id)
            answer = self.answers.get(version.answer_id) if version else None
            if answer is None or not answer.usable or answer.in_use != version:
                raise ValidationError(
                    f"answer version {version_id} is not an approved answer in use",
                    field="answers",
                )
            out.append(version_id)
        return out

    def draft(
        self,
        ref_or_id: str | int,
        *,
        template: str | None = None,
        language: str | None = None,
        subject: str | None = None,
        body: str | None = None,
        answers: Sequence[int] = (),
        send: bool = False,
        attachments: Sequence[int] = (),
    ) -> Message:
        """A new draft (or, with `send`, a message recorded as sent at once)."""
        self._require_person()
        case = self.cases.get(ref_or_id)
        found, language, subject, body = self._content(case, template, language, subject, body)
        used = self._answer_versions(answers)
        now = self.ctx.now()
        with self.ctx.store.transaction(self.ctx.actor, now) as work:
            state = MessageState.SENT if send else MessageState.DRAFT
            message_id = self.repo.insert(
                case.id,
                state=state,
                language=language,
                subject=subject,
                body=body,
                template=found,
                answer_versions=used,
                actor=self.ctx.actor.username,
                now=now,
            )
            data = self._data(work, message_id, found, language, used, subject, body)
            if send:
                self._sent(work, case, used, data, first_response=True, attachments=attachments)
            else:
                work.emit(Action.MESSAGE_DRAFTED, "case", case.reference, data, case_id=case.id)
        return self.get(message_id)

    def edit(
        self,
        message_id: int,
        *,
        subject: str,
        body: str,
        language: str | None = None,
        template: str | None = None,
        answers: Sequence[int] | None = None,
    ) -> Message:
        """A draft's new text (the template it came from is kept unless another is named)."""
        self._require_person()
        message = self._draft(message_id)
        case = self.cases.get(message.case_id)
        found: MessageTemplate | None = None
        if template:
            found = self.templates.get(template, language or message.language)
        elif message.template_name and message.template_version is not None:
            found = self.templates.get(
                message.template_name, message.language, message.template_version
            )
        language = check_language(language) if language else message.language
        subject, body = clean_subject(subject), clean_body(body)
        used = self._answer_versions(message.answer_versions if answers is None else answers)
        with self.ctx.store.transaction(self.ctx.actor, self.ctx.now()) as work:
            if not self.repo.update_draft(
                message.id,
                language=language,
                subject=subject,
                body=body,
                template=found,
                answer_versions=used,
            ):
                raise self._no_longer_draft(message.id)
            data = self._data(work, message.id, found, language, used, subject, body)
            work.emit(Action.MESSAGE_EDITED, "case", case.reference, data, case_id=case.id)
        return self.get(message.id)

    def send(self, message_id: int, attachments: Sequence[int] = ()) -> Message:
        """A draft recorded as sent to the customer, by the actor, now; mailed with the case's
        evidence `attachments` (ids)."""
        self._require_person()
        message = self._draft(message_id)
        case = self.cases.get(message.case_id)
        used = self._answer_versions(message.answer_versions)
        now = self.ctx.now()
        with self.ctx.store.transaction(self.ctx.actor, now) as work:
            if not self.repo.set_state(message.id, MessageState.SENT, self.ctx.actor.username, now):
                raise self._no_longer_draft(message.id)
            data: dict[str, Any] = {"message_id": message.id}
            if message.template_name:
                data["template"] = message.template_ref
                data["template_sha256"] = message.template_sha256
            data["language"] = message.language
            data["answers"] = used
            self._sent(work, case, used, data, first_response=True, attachments=attachments)
        return self.get(message.id)

    def discard(self, message_id: int) -> Message:
        self._require_person()
        message = self._draft(message_id)
        case = self.cases.get(message.case_id)
        now = self.ctx.now()
        with self.ctx.store.transaction(self.ctx.actor, now) as work:
            if not self.repo.set_state(message.id, MessageState.DISCARDED, "", now):
                raise self._no_longer_draft(message.id)
            work.emit(
                Action.MESSAGE_DISCARDED,
                "case",
                case.reference,
                {"message_id": message.id},
                case_id=case.id,
            )
        return self.get(message.id)

    def _draft(self, message_id: int) -> Message:
        message = self.get(message_id)
        refusal = change_refusal(message)
        if refusal is not None:
            raise refusal
        return message

    def _no_longer_draft(self, message_id: int) -> Exception:
        refusal = change_refusal(self.get(message_id))
        return refusal or ValidationError(f"message {message_id} changed", field="message")

    @staticmethod
    def _data(
        work: UnitOfWork,
        message_id: int,
        template: MessageTemplate | None,
        language: str,
        used: Sequence[int],
        subject: str,
        body: str,
    ) -> dict[str, Any]:
        data: dict[str, Any] = {"message_id": message_id}
        if template is not None:
            data["template"] = template.ref
            data["template_sha256"] = template.sha256
        data["language"] = language
        data["answers"] = list(used)
        data["subject"] = work.personal(subject)
        data["body"] = work.personal(body)
        return data

    def _sent(
        self,
        work: UnitOfWork,
        case: Case,
        used: Sequence[int],
        data: dict[str, Any],
        *,
        first_response: bool,
        attachments: Sequence[int] = (),
    ) -> None:
        """What sending does besides the message: the clock, the answers' use counts, and the
        mail queued in the outbox (services/outbox.py) with the message's event."""
        try:
            outbox_id = queue_mail(self.ctx.store, work, case, int(data["message_id"]), attachments)
        except ValidationError as exc:
            if first_response:  # a person sends it: they fix the text or the customer's record
                raise
            # sent automatically (intake, resolution): the change goes on, the trail says why
            # no mail went
            outbox_id, data["mail"] = None, f"not queued: {exc.message}"
        if outbox_id is not None:
            data["outbox_id"] = outbox_id
        first = first_response and case.first_responded_at is None
        if first:
            self.case_repo.mark_first_response(case.id, work.now)
            data["first_response"] = ts(work.now)
        versions = [self.answers.version(v) for v in used]
        self.answers.count_uses([v.answer_id for v in versions if v is not None])
        work.emit(Action.MESSAGE_SENT, "case", case.reference, data, case_id=case.id)
        if first:  # as a reply note: a late first response is a breach from now on
            work.flush()  # the message's event carries its rows; the breach's, the case row
            record_breaches(self.ctx.store, work, replace(case, first_responded_at=work.now))

    # ---- the acknowledgement on intake ------------------------------------------------------
    def ack_mode(self) -> AckMode:
        stored = self.ctx.store.setting(ACK_SETTING)
        try:
            return AckMode(stored) if stored else AckMode.DRAFT
        except ValueError:
            return AckMode.DRAFT

    def acknowledge_cases(self, refs: Sequence[str | int]) -> builtins.list[Message]:
        """Acknowledgements for cases that have none (imported ones: the import leaves them
        out), drafted or sent as the setting says (drafted when it is off), in one change."""
        self._require_person()
        case_ids = [self.cases.resolve(r) for r in dict.fromkeys(refs)]
        mode = AckMode.DRAFT if self.ack_mode() is AckMode.OFF else self.ack_mode()
        made: builtins.list[int] = []
        with self.ctx.store.transaction(self.ctx.actor, self.ctx.now()) as work:
            for case_id in case_ids:
                if any(m.template_name == ACKNOWLEDGEMENT for m in self.repo.for_case(case_id)):
                    continue
                message_id = self.acknowledge_in(work, case_id, mode)
                if message_id is not None:
                    made.append(message_id)
        return [self.get(m) for m in made]

    def acknowledge_in(
        self, work: UnitOfWork, case_id: CaseId, mode: AckMode | None = None
    ) -> int | None:
        """Inside a new case's transaction: its acknowledgement, drafted or recorded as sent
        as the setting says. Called by intake (services/cases.py) through the session."""
        mode = mode or self.ack_mode()
        if mode is AckMode.OFF:
            return None
        return self.template_in(work, case_id, ACKNOWLEDGEMENT, send=mode is AckMode.SEND)

    def template_in(self, work: UnitOfWork, case_id: CaseId, name: str, *, send: bool) -> int:
        """Inside another change's transaction: template `name` filled from the case in the
        customer's language, drafted or recorded as sent, never as the first response (an
        acknowledgement at intake, the satisfaction survey at resolution)."""
        case = self.case_repo.get(case_id)
        if case is None:  # the caller just wrote it: a bug if ever hit
            raise NotFound(f"no case with id {case_id}", field="reference")
        language = self.language_for(case.id)
        found = self.templates.get(name, language)
        rendered = message_render.render(found, self.values(case, found.language))
        # The caller's own events carry the rows it wrote, as they do without this message;
        # this one's event carries the message alone.
        work.flush()
        message_id = self.repo.insert(
            case.id,
            state=MessageState.SENT if send else MessageState.DRAFT,
            language=found.language,
            subject=rendered.subject,
            body=rendered.body,
            template=found,
            answer_versions=(),
            actor=self.ctx.actor.username,
            now=work.now,
        )
        data = self._data(
            work, message_id, found, found.language, (), rendered.subject, rendered.body
        )
        data["automatic"] = True
        if send:
            self._sent(work, case, (), data, first_response=False)
        else:
            work.emit(Action.MESSAGE_DRAFTED, "case", case.reference, data, case_id=case.id)
        return message_id

    def set_ack_mode(self, mode: str, language: str | None = None) -> AckMode:
        """Admins: what intake does with the acknowledgement, and the default language."""
        if self.ctx.actor.role != "admin":
            raise PermissionDenied("message settings are changed by administrators")
        try:
            new = AckMode(mode)
        except ValueError:
            raise ValidationError(
                f"{mode!r}: the acknowledgement is {', '.join(m.value for m in AckMode)}",
                field="acknowledge",
            ) from None
        changes: dict[str, Any] = {}
        old = self.ack_mode()
        if old is not new:
            changes["acknowledge"] = {"old": old.value, "new": new.value}
        if language is not None:
            language = check_language(language)
            old_language = self.ctx.store.setting(LANGUAGE_SETTING) or DEFAULT_LANGUAGE
            if old_language != language:
                changes["language"] = {"old": old_language, "new": language}
        if not changes:
            return new
        with self.ctx.store.transaction(self.ctx.actor, self.ctx.now()) as work:
            if "acknowledge" in changes:
                self.ctx.store.put_setting(ACK_SETTING, new.value)
            if "language" in changes:
                self.ctx.store.put_setting(LANGUAGE_SETTING, changes["language"]["new"])
            work.emit(
                Action.SETTINGS_MESSAGES_CHANGED, "settings", "messages", {"changes": changes}
            )
        return new
