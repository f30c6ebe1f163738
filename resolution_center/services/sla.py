"""SLA in business hours: calendar versions (admins save, everyone reads), the clock's breaches
as they happen, and the sweep any running client or `resolution-center sla sweep` performs.

The `holidays` package is asked here, outside the domain, for a country's (and region's) public
holidays; the dates it gives are stored with the version, so a case's figures are reproduced
from the version alone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from ..domain.actions import Action
from ..domain.audit import AuditEvent, format_time
from ..domain.business_time import BusinessCalendar, Hours
from ..domain.case import Case, Priority
from ..domain.errors import PermissionDenied, ValidationError
from ..domain.ids import CaseId
from ..domain.queues import BREACH_CHOICES, ROLE_TIER, EscalationRule, sla_rule
from ..domain.sla import SlaPolicy, SlaTarget, SlaTargets, breaches
from ..domain.sla_calendar import TEAM, CalendarVersion, builtin
from ..domain.sla_clock import warnings
from ..domain.sla_replay import SlaHistory, policy_from_image, replay
from ..storage.audit_chain import AuditRepository
from ..storage.cases import CaseRepository
from ..storage.queues import QueueRepository
from ..storage.sla import SlaRepository
from ..storage.store import Store, UnitOfWork
from .context import Context
from .guards import CaseLookup
from .queues import breach_choice

log = logging.getLogger(__name__)

# Public holidays are stored for the year before a version is saved to three years after it:
# the due times of every case the version can reasonably serve.
YEARS_BEFORE, YEARS_AFTER = 1, 3
SWEEP_BATCH = 200  # cases per transaction: a first sweep of a large backlog commits as it goes

_COLUMN = {
    (Action.SLA_BREACHED, SlaTarget.FIRST_RESPONSE): "first_response_breached_at",
    (Action.SLA_BREACHED, SlaTarget.RESOLUTION): "resolution_breached_at",
    (Action.SLA_WARNING, SlaTarget.FIRST_RESPONSE): "first_response_warned_at",
    (Action.SLA_WARNING, SlaTarget.RESOLUTION): "resolution_warned_at",
}


@dataclass(frozen=True, slots=True)
class SlaAlert:
    """A warning or breach the sweep (or a change) recorded: what the escalation rules read."""

    action: Action  # SLA_BREACHED or SLA_WARNING
    case_id: CaseId
    reference: str
    target: SlaTarget
    due: datetime


def public_holidays(country: str | None, region: str | None, years: range) -> frozenset[date]:
    if not country:
        if region:
            raise ValidationError("a holiday region needs its country", field="holiday_region")
        return frozenset()
    # Imported here: the holidays package takes 57 ms to import, on the window's way from the
    # login to the list, and only a calendar with a country needs it.
    import holidays as holiday_data

    try:
        found = holiday_data.country_holidays(country.upper(), subdiv=region or None, years=years)
    except NotImplementedError as exc:
        raise ValidationError(
            f"no public holidays known for {country}{'-' + region if region else ''}: {exc}",
            field="holiday_region" if region else "holiday_country",
        ) from None
    return frozenset(found.keys())


class SlaCalendars:
    """Calendar versions as policies; a stored version never changes, so each is read once."""

    def __init__(self, store: Store) -> None:
        self.repo = SlaRepository(store)
        self._policies: dict[int, SlaPolicy] = {}

    def current(self, team: str = TEAM) -> CalendarVersion:
        version = self.repo.current_version(team)
        return builtin() if version is None else self.get(version, team)

    def get(self, version: int, team: str = TEAM) -> CalendarVersion:
        found = self.repo.calendar(team, version)
        if found is None:
            raise ValidationError(f"no SLA calendar version {version}", field="version")
        return found

    def policy(self, version: int | None) -> SlaPolicy:
        """The policy a case follows (None: opened before any calendar, always open)."""
        if version is None:
            return builtin().policy
        if version not in self._policies:
            self._policies[version] = self.get(version).policy
        return self._policies[version]

    def current_policy(self) -> SlaPolicy:
        version = self.repo.current_version(TEAM)
        return self.policy(version)


def record(
    store: Store,
    work: UnitOfWork,
    case: Case,
    found: list[tuple[Action, SlaTarget, datetime]],
    percent: int | None = None,
) -> list[SlaAlert]:
    """Mark each warning or breach on the case and write its event, unless another writer
    recorded it first; returns those this call recorded."""
    repo = SlaRepository(store)
    done: list[SlaAlert] = []
    for action, target, due in found:
        if not repo.mark(
            case.id, _COLUMN[(action, target)], due if action is Action.SLA_BREACHED else work.now
        ):
            continue
        data: dict[str, Any] = {
            "target": target.value,
            "due": format_time(due),
            "calendar_version": case.sla_calendar_version,
            "assignee": case.assignee,
            "tier": case.tier.value,
        }
        if action is Action.SLA_WARNING:
            data["percent"] = percent
        work.emit(action, "case", case.reference, data, case_id=case.id)
        done.append(SlaAlert(action, case.id, case.reference, target, due))
    return done


def record_breaches(store: Store, work: UnitOfWork, case: Case) -> list[SlaAlert]:
    """Breaches the case's own change made happen (a late resolution, a late first response):
    recorded in that change's transaction, so a late case is late from that moment on."""
    found = [(Action.SLA_BREACHED, t, due) for t, due in breaches(case, work.now)]
    return record(store, work, case, found) if found else []


# Escalates a case by a rule inside the caller's change (CaseService.escalate_by_rule).
EscalateByRule = Callable[[CaseId, EscalationRule, str], object]


class SlaService:
    def __init__(
        self,
        ctx: Context,
        calendars: SlaCalendars,
        escalate_by_rule: EscalateByRule | None = None,
    ) -> None:
        """`escalate_by_rule`: how a breach the sweep records escalates its case (the
        composition root hands in the case service's; the queues' setting says on which)."""
        self.ctx = ctx
        self.calendars = calendars
        self.escalate_by_rule = escalate_by_rule
        self.repo = SlaRepository(ctx.store)
        self.cases = CaseRepository(ctx.store)
        self.audit = AuditRepository(ctx.store)
        self.lookup = CaseLookup(ctx.store)

    # ---- calendars --------------------------------------------------------------------------
    def current(self) -> CalendarVersion:
        return self.calendars.current()

    def get(self, version: int) -> CalendarVersion:
        return self.calendars.get(version)

    def versions(self) -> list[CalendarVersion]:
        return self.repo.versions(TEAM)

    def save(
        self,
        *,
        time_zone: str,
        hours: tuple[Hours, ...],
        holiday_country: str | None,
        holiday_region: str | None,
        own_days: frozenset[date],
        targets: dict[Priority, SlaTargets],
        category_targets: dict[str, dict[Priority, SlaTargets]],
        warn_percent: int,
    ) -> CalendarVersion:
        """A new version (admins only); cases opened from now on follow it, those opened
        before keep the version they started with."""
        if self.ctx.actor.role not in ("admin", "system"):
            raise PermissionDenied("only an admin may change the SLA calendar")
        for category in category_targets:
            self.ctx.taxonomy.check(category, None)
        now = self.ctx.now()
        country = (holiday_country or "").strip().upper() or None
        region = (holiday_region or "").strip().upper() or None
        years = range(now.year - YEARS_BEFORE, now.year + YEARS_AFTER + 1)
        closed = public_holidays(country, region, years) | own_days
        policy = SlaPolicy(
            BusinessCalendar(time_zone.strip(), hours, frozenset(closed)),
            targets,
            category_targets,
            warn_percent,
        )
        with self.ctx.store.transaction(self.ctx.actor, now) as work:
            previous = self.repo.current_version(TEAM)  # under the write lock: saves queue
            version = (previous or 0) + 1
            cal = CalendarVersion(
                TEAM,
                version,
                replace(policy, version=version),
                country,
                region,
                own_days,
                now,
                self.ctx.actor.username,
            )
            self.repo.insert_calendar(cal, now)
            work.emit(
                Action.SLA_CALENDAR_SAVED,
                "sla_calendar",
                f"{TEAM}/{version}",
                {
                    "team": TEAM,
                    "version": version,
                    "previous_version": previous,
                    "time_zone": policy.calendar.zone,
                    "holiday_country": country,
                    "holiday_region": region,
                    "warn_percent": warn_percent,
                },
            )
        return self.calendars.get(version)

    # ---- a case's SLA from its trail --------------------------------------------------------
    def history(self, ref_or_id: str | int) -> tuple[Case, SlaHistory]:
        """The case's clock (pauses, resumes, warnings, breaches) and its due and warning times
        worked out again from the trail alone, beside the case as stored."""
        case = self.lookup.get(ref_or_id)
        events = self.audit.for_case(case.id)
        image = None
        if case.sla_calendar_version is not None:
            saved = self.audit.for_target("sla_calendar", f"{TEAM}/{case.sla_calendar_version}")
            found = [i for e in saved for t, _, i in e.row_images() if t == "sla_calendars"]
            image = found[-1] if found else None
        return case, replay(events, policy_from_image(image), self._imported_row(case, events))

    def _imported_row(self, case: Case, events: list[AuditEvent]) -> dict[str, Any] | None:
        """An imported case's row as written, when no event of its own holds an image: the
        import's events name no rows, the batch's one event after them vouches for them all."""
        if not events or events[0].action != Action.CASE_IMPORTED:
            return None
        if any(t == "cases" and i for e in events for t, _, i in e.row_images()):
            return None
        batch = self.audit.next_of(Action.IMPORT_BATCH_WRITTEN, events[0].seq)
        if batch is None:
            return None
        key = str(case.id)
        found = [i for t, k, i in batch.row_images() if t == "cases" and str(k) == key and i]
        return found[-1] if found else None

    # ---- where warnings reach people --------------------------------------------------------
    def alerted_case_ids(self) -> list[CaseId]:
        """The cases whose SLA warning or breach reaches the acting user: those assigned to them
        and those waiting unassigned in the queues they are members of (as "My queue" lists
        them: an admin may put a senior specialist in the frontline queue too); supervisors and
        admins see all."""
        if self.ctx.actor.role not in ROLE_TIER or self.ctx.user_id is None:
            return self.repo.alerted_ids(None, ())
        tiers = [t.value for t in QueueRepository(self.ctx.store).tiers_of(self.ctx.user_id)]
        return self.repo.alerted_ids(self.ctx.user_id, tiers)

    def _escalate_breached(
        self, work: UnitOfWork, alerts: list[SlaAlert], on_breach: frozenset[str]
    ) -> None:
        """A breach of a target the queues' setting names escalates its case, in the breach's
        transaction, right after its event; the escalation's event names the rule."""
        for alert in alerts:
            if alert.action is not Action.SLA_BREACHED or alert.target.value not in on_breach:
                continue
            if self.escalate_by_rule is None:
                return
            work.flush()  # the breach's event first, then the escalation it caused
            rule = sla_rule(alert.target.value, alert.due)
            self.escalate_by_rule(alert.case_id, rule, f"SLA breach: {rule.explanation}")
            return  # one escalation per case and sweep, whichever target it missed

    # ---- the sweep --------------------------------------------------------------------------
    def sweep(self) -> list[SlaAlert]:
        """Record every warning and breach due by now that no one has recorded: each exactly
        once, safe when several clients sweep at once. Returns what this call recorded, the
        breaches first (escalation on breach reads them)."""
        now = self.ctx.now()
        done: list[SlaAlert] = []
        after = 0
        on_breach = BREACH_CHOICES[breach_choice(self.ctx.store)]
        while True:
            ids = self.repo.sweep_candidates(now, SWEEP_BATCH, after)
            if not ids:
                break
            after = ids[-1]
            with self.ctx.store.transaction(self.ctx.actor, now) as work:
                for case_id in ids:
                    case = self.cases.get(case_id)
                    if case is None:
                        continue
                    policy = self.calendars.policy(case.sla_calendar_version)
                    found = [(Action.SLA_BREACHED, t, due) for t, due in breaches(case, now)]
                    found += [
                        (Action.SLA_WARNING, t, due)
                        for t, _, due in warnings(case, now)
                        if all(t is not b for _, b, _ in found)
                    ]
                    alerts = record(self.ctx.store, work, case, found, policy.warn_percent)
                    self._escalate_breached(work, alerts, on_breach)
                    done += alerts
        if done:
            log.info("SLA sweep recorded %d warnings and breaches", len(done))
        return sorted(done, key=lambda a: (a.action is not Action.SLA_BREACHED, a.case_id))
