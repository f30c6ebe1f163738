"""Key figures for a period: who may see which, and the report the storage computes."""

from __future__ import annotations

from datetime import date

from ..domain.case import CaseFilter, Role
from ..domain.errors import PermissionDenied
from ..domain.kpis import KpiReport, Period, check_range
from ..storage.kpis import KpiRepository
from .context import Context

# Figures per person name who is slow or fast: for the people who lead the team, not peers.
SUPERVISING = frozenset({Role.SUPERVISOR.value, Role.ADMIN.value, Role.SYSTEM.value})


class KpiService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def may_see_people(self) -> bool:
        return self.ctx.actor.role in SUPERVISING

    def report(
        self,
        date_from: date,
        date_to: date,
        filters: CaseFilter | None = None,
        by: Period = Period.MONTH,
        *,
        per_person: bool | None = None,
        sources: bool = False,
    ) -> KpiReport:
        """The figures of the cases received from `date_from` to `date_to` (both included)
        that match `filters` (its created range is ignored: the period is the range).

        `per_person`: include per assignee and per tier; None includes them when the actor
        may see them, True refuses an actor who may not (PermissionDenied). `sources`: also
        count imported cases by the values their source kept (a pass over their import
        events)."""
        check_range(date_from, date_to)
        if per_person and not self.may_see_people():
            raise PermissionDenied(
                "figures per assignee and per tier are for supervisors and admins"
            )
        people = self.may_see_people() if per_person is None else per_person
        with self.ctx.store.reading(snapshot=True):
            return KpiRepository(self.ctx.store).report(
                date_from,
                date_to,
                filters or CaseFilter(),
                by,
                now=self.ctx.now(),
                per_person=people,
                sources=sources,
            )
