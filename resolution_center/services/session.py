"""The composition root: one user's open session, the context and every service built on it.

Each service gets the services it needs as constructor arguments here and nowhere else, so the
dependencies between services are written down in one place and never form a cycle (the import
contracts in pyproject.toml check that). Services are built on first use: a command that only
lists cases never imports the PDF renderer.
"""

from __future__ import annotations

import logging
from functools import cached_property
from typing import TYPE_CHECKING

from ..domain.changes import Changes
from ..domain.errors import AuthenticationError
from ..storage.dialect import login_url
from ..storage.recent_events import RecentEvents
from ..storage.store import Actor, Store
from .context import SYSTEM_ACTOR, Clock, Config, Context, system_clock
from .users import authenticate

if TYPE_CHECKING:
    from .agreement_files import AgreementFiles
    from .agreements import AgreementService
    from .answers import AnswerService
    from .attachments import AttachmentService
    from .audit import AuditService
    from .case_links import CaseLinkService
    from .case_selection import CaseSelection
    from .cases import CaseService
    from .follow_ups import FollowUpService
    from .kpis import KpiService
    from .mail_fetch import MailFetcher
    from .mail_in import MailInService
    from .messages import MessageService, TemplateService
    from .notifications import NotificationService
    from .offers import OfferService
    from .outbox import OutboxService
    from .patterns import PatternService
    from .policies import PolicyService
    from .queues import QueueService
    from .remedies import RemedyService
    from .reviews import ReviewService
    from .satisfaction import SatisfactionService
    from .sla import SlaService
    from .users import UserService

log = logging.getLogger(__name__)


class Session(Context):
    """A context with its services: what the window, the command line and the tests hold."""

    @cached_property
    def policies(self) -> PolicyService:
        from .policies import PolicyService

        return PolicyService(self)

    @cached_property
    def remedies(self) -> RemedyService:
        from .remedies import RemedyService

        # A remedy above the case's tier's authority escalates the case in the same change.
        return RemedyService(self, self.policies, lambda *a: self.cases.escalate_by_rule(*a))

    @cached_property
    def cases(self) -> CaseService:
        from .cases import CaseService

        # Deferred: most case reads never ask for the sign-off read model.
        return CaseService(
            self,
            lambda: self.remedies.signable_case_ids(),
            # A new case's acknowledgement, written in the intake's own transaction.
            after_intake=lambda work, case_id: self.messages.acknowledge_in(work, case_id),
            # Resolving or closing a case sends its satisfaction survey in the same change.
            after_resolution=lambda work, case: self.satisfaction.survey_in(work, case),
        )

    @cached_property
    def sla(self) -> SlaService:
        from .sla import SlaCalendars, SlaService

        # A breach the sweep records escalates its case in the same change (queues' setting).
        return SlaService(
            self, SlaCalendars(self.store), lambda *a: self.cases.escalate_by_rule(*a)
        )

    @cached_property
    def follow_ups(self) -> FollowUpService:
        from .follow_ups import FollowUpService

        return FollowUpService(self, self.cases)

    @cached_property
    def case_links(self) -> CaseLinkService:
        from .case_links import CaseLinkService

        return CaseLinkService(self, self.cases, self.policies)

    @cached_property
    def kpis(self) -> KpiService:
        from .kpis import KpiService

        return KpiService(self)

    @cached_property
    def case_selection(self) -> CaseSelection:
        from .case_selection import CaseSelection

        return CaseSelection(self, self.cases)

    @cached_property
    def patterns(self) -> PatternService:
        from .patterns import PatternService

        return PatternService(self, self.policies)

    @cached_property
    def reviews(self) -> ReviewService:
        from ..domain.review import grain
        from .reviews import ReviewService

        # A review freezes the KPI report as a supervisor reads it (per assignee and tier too).
        return ReviewService(
            self,
            self.patterns,
            lambda start, end: self.kpis.report(start, end, by=grain(start, end)).to_json(),
        )

    @cached_property
    def queues(self) -> QueueService:
        from .queues import QueueService

        return QueueService(self)

    @cached_property
    def users(self) -> UserService:
        from .users import UserService

        return UserService(self)

    @cached_property
    def audit(self) -> AuditService:
        from .audit import AuditService

        return AuditService(self)

    @cached_property
    def offers(self) -> OfferService:
        from .offers import OfferService

        return OfferService(self)

    @cached_property
    def agreements(self) -> AgreementService:
        from .agreements import AgreementService

        return AgreementService(self, self.offers)

    @cached_property
    def agreement_files(self) -> AgreementFiles:
        from .agreement_files import AgreementFiles

        return AgreementFiles(self, self.agreements)

    @cached_property
    def templates(self) -> TemplateService:
        from .messages import TemplateService

        return TemplateService(self)

    @cached_property
    def messages(self) -> MessageService:
        from .messages import MessageService

        return MessageService(self, self.templates)

    @cached_property
    def outbox(self) -> OutboxService:
        from .outbox import OutboxService

        return OutboxService(self)

    @cached_property
    def answers(self) -> AnswerService:
        from .answers import AnswerService

        return AnswerService(self)

    @cached_property
    def attachments(self) -> AttachmentService:
        from .attachments import AttachmentService

        return AttachmentService(self)

    @cached_property
    def mail_in(self) -> MailInService:
        from .mail_in import MailInService

        # A mail that opens a case goes through intake; its attachments through evidence; a
        # reply may hold the customer's satisfaction score.
        return MailInService(
            self,
            self.cases,
            self.attachments,
            on_reply=lambda case_id, text, message_id: self.satisfaction.record_from_reply(
                case_id, text, message_id
            ),
        )

    @cached_property
    def mail_fetch(self) -> MailFetcher:
        from .mail_fetch import MailFetcher

        return MailFetcher(self, self.mail_in, self.outbox)

    @cached_property
    def satisfaction(self) -> SatisfactionService:
        from .satisfaction import SatisfactionService

        return SatisfactionService(self, self.cases, self.messages, self.follow_ups)

    @cached_property
    def notifications(self) -> NotificationService:
        from .notifications import NotificationService

        return NotificationService(self, lambda: self.remedies.signable())

    # ---- what an operation changed -------------------------------------------------------
    def mark(self) -> int:
        """Where the trail ends now: `changes_since(mark)` after an operation says what it did."""
        return RecentEvents(self.store).head_seq()

    def changes_since(self, mark: int) -> Changes:
        """What the events after `mark` changed (every write has its event, so callers never
        declare side effects; another user's events in between only refresh a little more)."""
        return Changes.from_events(RecentEvents(self.store).after(mark))

    def __enter__(self) -> Session:
        return self


def open_context(
    url: str,
    username: str | None,
    password: str | None,
    *,
    config: Config | None = None,
    clock: Clock = system_clock,
    create: bool = False,
    migrate: bool = False,
) -> Session:
    """Open the database as a user (or as `system` for set-up commands when no user is given).

    SQLite: the password is checked against the argon2id hash, with lockout. PostgreSQL: the user
    connects as their own login role, so the server authenticates and stamps their events.
    """
    config = config or Config.from_env()
    try:
        store = Store.open(login_url(url, username, password), create=create, migrate=migrate)
    except AuthenticationError as exc:  # PostgreSQL: the server refused the login role
        log.info("login refused: %s: %s", username, exc.message)
        raise
    try:
        if not username:
            return Session(store, SYSTEM_ACTOR, clock=clock, config=config)
        try:
            user = authenticate(store, username, password, config, clock)
        except AuthenticationError as exc:
            # The name as typed and the reason shown; never the password.
            log.info("login refused: %s: %s", username, exc.message)
            raise
        log.info("login: %s (%s) to %s", user.username, user.role, store.target.display)
        return Session(
            store,
            Actor(user.username, user.role, user.display_name),
            user_id=user.id,
            clock=clock,
            config=config,
        )
    except BaseException:
        store.close()
        raise
