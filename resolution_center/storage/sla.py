"""SLA storage: calendar versions, the clock's columns on a case, and the sweep's candidates.

Warnings and breaches are marked with a conditional UPDATE (`... WHERE <column> IS NULL`): of
two clients sweeping at once, the second finds the column set (PostgreSQL re-reads the row once
the first commits; SQLite's write lock runs them one after the other) and writes nothing, so
each is recorded, with its event, exactly once.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from ..domain.case import Status
from ..domain.ids import CaseId
from ..domain.sla import CLOCK_STOPPED, SlaSchedule
from ..domain.sla_calendar import (
    CalendarVersion,
    days_json,
    hours_json,
    policy_from_stored,
    targets_json,
)
from .dialect import Repository
from .values import dt, ts

MARKS = frozenset(
    {
        "first_response_warned_at",
        "resolution_warned_at",
        "first_response_breached_at",
        "resolution_breached_at",
    }
)
_RUNNING = tuple(s.value for s in Status if s not in CLOCK_STOPPED)
_OPEN = tuple(s.value for s in Status if s not in (Status.RESOLVED, Status.CLOSED))
_COLUMNS = (
    "team, version, time_zone, hours, holiday_country, holiday_region, own_days, holidays, "
    "targets, warn_percent, saved_at, saved_by"
)


# An open case whose SLA warning or breach is recorded on a target still owed.
ALERTED = (
    "c.status NOT IN ('resolved', 'closed') AND (c.resolution_warned_at IS NOT NULL OR "
    "c.resolution_breached_at IS NOT NULL OR (c.first_responded_at IS NULL AND "
    "(c.first_response_warned_at IS NOT NULL OR c.first_response_breached_at IS NOT NULL)))"
)


class SlaRepository(Repository):
    # ---- calendar versions ------------------------------------------------------------------
    def _version(self, r: tuple[Any, ...]) -> CalendarVersion:
        team, version, zone, hours, country, region, own, holidays, targets, warn, at, by = r
        return CalendarVersion(
            team,
            int(version),
            policy_from_stored(int(version), zone, hours, holidays, targets, int(warn)),
            country,
            region,
            frozenset(date.fromisoformat(d) for d in json.loads(own)),
            dt(at),
            by,
        )

    def current_version(self, team: str) -> int | None:
        value = self.sql.scalar("SELECT max(version) FROM sla_calendars WHERE team = ?", (team,))
        return int(value) if value is not None else None

    def calendar(self, team: str, version: int) -> CalendarVersion | None:
        row = self.sql.one(
            f"SELECT {_COLUMNS} FROM sla_calendars WHERE team = ? AND version = ?", (team, version)
        )
        return self._version(row) if row else None

    def versions(self, team: str) -> list[CalendarVersion]:
        return [
            self._version(r)
            for r in self.sql.all(
                f"SELECT {_COLUMNS} FROM sla_calendars WHERE team = ? ORDER BY version DESC",
                (team,),
            )
        ]

    def insert_calendar(self, cal: CalendarVersion, saved_at: datetime) -> None:
        p = cal.policy
        self.sql.execute(
            f"INSERT INTO sla_calendars ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                cal.team,
                cal.version,
                p.calendar.zone,
                hours_json(p.calendar),
                cal.holiday_country,
                cal.holiday_region,
                days_json(cal.own_days),
                days_json(p.calendar.holidays),
                targets_json(p),
                p.warn_percent,
                ts(saved_at),
                cal.saved_by,
            ),
        )
        self.store.touch("sla_calendars", f"{cal.team}/{cal.version}")

    # ---- a case's clock ---------------------------------------------------------------------
    def start_clock(self, case_id: CaseId, version: int | None, schedule: SlaSchedule) -> None:
        """A new case's calendar version and warning times (its due times come with the row)."""
        self.sql.execute(
            "UPDATE cases SET sla_calendar_version = ?, first_response_warn_at = ?, "
            "resolution_warn_at = ? WHERE id = ?",
            (
                version,
                ts(schedule.first_response_warn_at),
                ts(schedule.resolution_warn_at),
                case_id,
            ),
        )
        self.store.touch("cases", case_id)

    def mark(self, case_id: CaseId, column: str, value: datetime) -> bool:
        """Record a warning or breach unless it is recorded already; True when this call did.
        An SLA fact, not a user's edit: the version stays, so it never conflicts with edits."""
        if column not in MARKS:
            raise ValueError(f"{column} is not an SLA mark")
        cursor = self.sql.execute(
            f"UPDATE cases SET {column} = ? WHERE id = ? AND {column} IS NULL", (ts(value), case_id)
        )
        if cursor.rowcount:
            self.store.touch("cases", case_id)
        return bool(cursor.rowcount)

    def sweep_candidates(self, now: datetime, limit: int, after: int = 0) -> list[CaseId]:
        """Open cases with a warning or breach due and not recorded (the domain decides which;
        this only keeps the sweep from reading every case). A paused case is judged where its
        clock stopped."""
        n = ts(now)
        running = ", ".join("?" * len(_RUNNING))
        clock = f"(CASE WHEN c.status IN ({running}) THEN ? ELSE coalesce(c.sla_paused_at, ?) END)"
        rows = self.sql.all(
            "SELECT c.id FROM cases c WHERE c.id > ? AND c.status IN "
            f"({', '.join('?' * len(_OPEN))}) AND ("
            f"(c.resolution_breached_at IS NULL AND c.resolution_due < {clock}) OR "
            "(c.first_response_breached_at IS NULL AND c.first_responded_at IS NULL AND "
            f"c.first_response_due < {clock}) OR "
            f"(c.status IN ({running}) AND ((c.resolution_warned_at IS NULL AND "
            "c.resolution_warn_at <= ? AND c.resolution_due > ?) OR "
            "(c.first_response_warned_at IS NULL AND c.first_responded_at IS NULL AND "
            "c.first_response_warn_at <= ? AND c.first_response_due > ?)))) "
            "ORDER BY c.id LIMIT ?",
            (
                after,
                *_OPEN,
                *_RUNNING,
                n,
                n,
                *_RUNNING,
                n,
                n,
                *_RUNNING,
                n,
                n,
                n,
                n,
                limit,
            ),
        )
        return [CaseId(r[0]) for r in rows]

    def alerted_ids(self, user_id: int | None, tiers: Sequence[str]) -> list[CaseId]:
        """Open cases with a warning or breach recorded on a target still owed, assigned to
        `user_id` or waiting unassigned in one of `tiers`' queues (no user: every such case)."""
        scope, params = "", []
        if user_id is not None:
            queued = ""
            if tiers:
                marks = ", ".join("?" for _ in tiers)
                queued = f" OR (c.assignee_id IS NULL AND c.tier IN ({marks}))"
            scope = f" AND (c.assignee_id = ?{queued})"
            params = [user_id, *tiers]
        # The condition of the partial index cases_sla_alerted (schema step 20), term for term;
        # named for SQLite, whose planner scanned the cases in id order instead of reading the
        # (small) index and sorting what it holds.
        hint = self.sql.index_hint("cases_sla_alerted")
        rows = self.sql.all(
            f"SELECT c.id FROM cases c{hint} WHERE {ALERTED}{scope} ORDER BY c.id",
            params,
        )
        return [CaseId(r[0]) for r in rows]
