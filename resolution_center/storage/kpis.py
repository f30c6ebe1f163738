"""The KPI report's figures in SQL: one statement on both backends.

Working time is joined from a table of UTC days built in Python from the recent calendar versions
(or, when a case falls outside them, the versions the cohort follows; see `report`) with
domain/kpis.py working_days, so no time zone arithmetic runs in SQL. Percentiles are nearest-rank
(the approval turnaround's from ROW_NUMBER() over the ordered values, the response and resolution
times' from each cohort case's values ranked in Python, `_durations`): exact, and the same on
SQLite and PostgreSQL (no interpolation, no floating point).

The cohort's per-case values (working seconds at receipt, first response and resolution, whether
it was escalated or reopened) are one MATERIALIZED common table expression; every section of the
report reads it, and the sections come back as rows of one UNION ALL (one pass over the cases
instead of one per figure).
"""

from __future__ import annotations

import builtins
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from ..domain.business_time import ALWAYS_OPEN, BusinessCalendar
from ..domain.case import CaseFilter, Status
from ..domain.kpis import (
    RESOLUTION_BINS_HOURS,
    Count,
    Durations,
    GroupFigures,
    KpiReport,
    Period,
    PeriodFigures,
    RemedyCost,
    Satisfaction,
    Share,
    SourceCount,
    WorkingDay,
    bin_label,
    filter_json,
    nearest_rank,
    period_start,
    working_days,
)
from ..domain.remedy import RemedyState
from ..domain.sla_calendar import TEAM
from .case_search import CaseSearch
from .dialect import Repository
from .sla import SlaRepository
from .values import ts

# Remedies that cost money: granted (within authority or signed off) or paid out.
SPENT = (RemedyState.AUTHORIZED.value, RemedyState.APPROVED.value, RemedyState.FULFILLED.value)
# Remedies a sign-off decided: approved (and perhaps paid since) or rejected.
DECIDED = (RemedyState.APPROVED.value, RemedyState.FULFILLED.value, RemedyState.REJECTED.value)
# The fields of an import's source section the report counts (the CFPB preset keeps these;
# another system's import may keep any of them under the same names).
SOURCE_FIELDS = ("product", "issue", "timely_response", "company_response")
DONE = (Status.RESOLVED.value, Status.CLOSED.value)
# How a reopening's event data begins (canonical JSON): from a resolved case (or a closed one
# with a resolution), and from a case closed without one.
REOPENED = (
    '{"new":{"resolution_code":null,"resolution_summary":"","status":"open"},"old":{',
    '{"new":{"status":"open"},"old":{"status":"closed"}',
)


WIDTH = 6  # the numbers of a section's row (a section uses the first few, the rest are 0)
# Calendar versions the report's first try joins days for (older ones: see `report`).
RECENT_VERSIONS = 4
YEAR_AFTER = 366  # days after the period its first try joins at most (a clock ahead: see `report`)
GROUPS = "g"  # the section of the cohort's counts per category, channel and tier
DURATIONS = "v"  # the section of each cohort case's durations (not summed: `_durations`)
GROUP_SEP = "\x1f"  # between a case's assignee and tier in its DURATIONS key


def _section(name: str, key: str, numbers: Sequence[str], rest: str) -> str:
    """One section of the UNION ALL: its name, a text key, WIDTH numbers (padded with 0)."""
    padded = [*numbers, *(["0"] * (WIDTH - len(numbers)))]
    return f"SELECT '{name}', CAST({key} AS TEXT), {', '.join(padded)} {rest}"


def _quoted(values: Iterable[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)  # our own enum values, never user text


def _seconds_of(column: str) -> str:
    """Seconds after UTC midnight of a stored time (fixed-width text), in whole seconds."""
    return (
        f"(CAST(substr({column}, 12, 2) AS INTEGER) * 3600 + "
        f"CAST(substr({column}, 15, 2) AS INTEGER) * 60 + "
        f"CAST(substr({column}, 18, 2) AS INTEGER))"
    )


class KpiRepository(Repository):
    def report(
        self,
        date_from: date,
        date_to: date,
        f: CaseFilter,
        by: Period,
        *,
        now: datetime,
        per_person: bool,
        sources: bool = False,
    ) -> KpiReport:
        start = datetime.combine(date_from, time(), UTC)
        end = datetime.combine(date_to + timedelta(days=1), time(), UTC)
        search = CaseSearch(self.store)
        base = replace(f, created_from=None, created_to=None)
        cohort_where, cohort_params = search._where(
            replace(base, created_from=start, created_to=end), now
        )
        base_where, base_params = search._where(base, now)

        scores = self._has_scores()
        period_of = {day: period_start(day, by) for day in _days(date_from, date_to)}

        def figures(
            calendars: dict[int, BusinessCalendar], first: date, last: date
        ) -> dict[str, builtins.list[tuple[Any, ...]]]:
            days = self._day_table(calendars, first - timedelta(days=1), last + timedelta(days=1))
            width = max((len(d.pieces) for rows in days.values() for d in rows), default=1) or 1
            business = [v for v, cal in calendars.items() if not cal.always_open]
            sql, params = self._statement(
                days,
                width,
                business,
                (date_from, date_to),
                cohort_where,
                cohort_params,
                per_person,
                scores,
                sources,
            )
            self.sql.analytic()
            return _sections(self.sql.all(sql, params), per_person)

        # The recent calendar versions and the days from the period's start to today (or a
        # year past its end): what the cohort's times fall on unless a clock ran ahead or a
        # case follows an older version. Reading the cohort's own versions and last days
        # first was a pass over its cases (about 115 ms of a year's report at 100,000 cases
        # on SQLite); the statement counts the cases whose days were not in the table, and
        # only then is that pass made and the figures asked again.
        ahead = min(max(now.date(), date_to), date_to + timedelta(days=YEAR_AFTER))
        sections = figures(self._recent_calendars(), date_from, ahead)
        if _uncovered(sections):
            calendars, first, last = self._outline(cohort_where, cohort_params, date_from)
            sections = figures(calendars, first, last)

        flow = self._flow(base_where, base_params, start, end, sections, period_of)
        return self._build(
            sections,
            flow,
            date_from,
            date_to,
            by,
            f,
            now,
            business_hours=bool(_row(sections, "rates")[4]),
            per_person=per_person,
            scores=scores,
        )

    # ---- inputs ---------------------------------------------------------------------------
    def _outline(
        self, where: str, params: Sequence[Any], default: date
    ) -> tuple[dict[int, BusinessCalendar], date, date]:
        """The calendar of each version the cohort follows (0: none, always open), and the first
        and last day a cohort case was received, answered or resolved on, or a remedy of it
        decided (`default` for both when the cohort is empty): one pass over the cohort, and
        the sign-offs read from their own (small) table with their cases by key."""
        rows = self.sql.all(
            "SELECT coalesce(c.sla_calendar_version, 0), min(c.created_at), max(c.created_at), "
            f"max(c.first_responded_at), max(c.resolved_at) FROM cases c{where} "
            "GROUP BY coalesce(c.sla_calendar_version, 0)",
            params,
        )
        decided = self.sql.scalar(
            "SELECT max(s.at) FROM remedy_signoffs s JOIN remedies r ON r.id = s.remedy_id "
            f"JOIN cases c ON c.id = r.case_id{where}",
            params,
        )
        found = [date.fromisoformat(v[:10]) for r in rows for v in r[1:] if v]
        if decided:
            found.append(date.fromisoformat(str(decided)[:10]))
        repo = SlaRepository(self.store)
        # Version 0 always: an empty cohort still needs a day table for its (empty) joins.
        calendars: dict[int, BusinessCalendar] = {0: ALWAYS_OPEN}
        for v in (int(r[0]) for r in rows):
            found_cal = repo.calendar(TEAM, v) if v else None
            calendars[v] = found_cal.policy.calendar if found_cal else ALWAYS_OPEN
        return calendars, min(found, default=default), max(found, default=default)

    def _recent_calendars(self) -> dict[int, BusinessCalendar]:
        """Version 0 (no calendar: always open) and the most recent calendar versions."""
        calendars: dict[int, BusinessCalendar] = {0: ALWAYS_OPEN}
        for found in SlaRepository(self.store).versions(TEAM)[:RECENT_VERSIONS]:
            calendars[found.version] = found.policy.calendar
        return calendars

    def _day_table(
        self, calendars: dict[int, BusinessCalendar], first: date, last: date
    ) -> dict[int, tuple[WorkingDay, ...]]:
        return {v: working_days(cal, first, last) for v, cal in calendars.items()}

    def _has_scores(self) -> bool:
        return bool(self.store.db.table_exists("satisfaction_scores"))

    # ---- the statement --------------------------------------------------------------------
    def _statement(
        self,
        days: dict[int, tuple[WorkingDay, ...]],
        width: int,
        business: Sequence[int],
        period: tuple[date, date],
        where: str,
        params: Sequence[Any],
        per_person: bool,
        scores: bool,
        sources: bool,
    ) -> tuple[str, builtins.list[Any]]:
        pieces = ", ".join(f"s{i}, l{i}" for i in range(width))
        day_rows = []
        for v, rows in days.items():
            for d in rows:
                padded = [*d.pieces, *([(0, 0)] * (width - len(d.pieces)))]
                numbers = ", ".join(f"{s}, {n}" for s, n in padded)
                day_rows.append(f"({int(v)}, '{d.day.isoformat()}', {d.cumulative}, {numbers})")

        def working(column: str, alias: str) -> str:
            sec = _seconds_of(column)
            parts = " + ".join(
                self.sql.clamp(f"{sec} - {alias}.s{i}", "0", f"{alias}.l{i}") for i in range(width)
            )
            return f"({alias}.cum + {parts})"

        def day_join(alias: str, column: str, version: str) -> str:
            # On the version and the day, no key text built per row (50 of the cohort's 400 ms
            # on SQLite). PostgreSQL once merged on the version alone and filtered 37 million
            # joined rows by the day; `Dialect.analytic` has it hash both (checked at 100,000).
            return (
                f"LEFT JOIN d {alias} ON {alias}.v = {version} "
                f"AND {alias}.day = substr({column}, 1, 10)"
            )

        version = "coalesce(c.sla_calendar_version, 0)"
        # The trail's marks (escalated: 1, reopened: 2) as two uncorrelated semi-joins over the
        # index of the trail by action: each reads the escalations or the status changes once,
        # not every event of every case (a probe of each case's own events read all of its
        # trail: 0.5 of the 2 s a year's report took at 100,000 cases on SQLite). A reopening
        # is known by how its status change's text begins, without parsing it: event data is
        # canonical JSON (sorted keys, no spaces; domain/audit.py), so "new" comes first, and
        # only a reopening moves to open clearing the resolution (from resolved, or from
        # closed with one) or moves to open from a closed case that had none
        # (domain/case_changes.py). A prefix lets PostgreSQL decompress the start of the text
        # only: parsing every status change with its row images as jsonb took it 20 s.
        trail = (
            "(CASE WHEN c.id IN (SELECT e.case_id FROM audit_events e "
            "WHERE e.action = 'case.escalated') THEN 1 ELSE 0 END + "
            "CASE WHEN c.id IN (SELECT e.case_id FROM audit_events e "
            "WHERE e.action = 'case.status_changed' AND "
            f"(substr(e.data, 1, {len(REOPENED[0])}) = ? OR "
            f"substr(e.data, 1, {len(REOPENED[1])}) = ?)) THEN 2 ELSE 0 END)"
        )
        reopen_patterns = list(REOPENED)
        # A semi-join read once, as the trail's marks are (not a probe of remedies per case).
        signed = "c.id IN (SELECT r.case_id FROM remedies r WHERE r.approvals_needed > 0)"
        ctes = [
            f"d(v, day, cum, {pieces}) AS (VALUES {', '.join(day_rows)})",
            "ct AS MATERIALIZED (SELECT c.id, c.category, c.channel, c.tier, "
            "coalesce(u.username, '') AS assignee, c.sla_calendar_version AS version, "
            "substr(c.created_at, 1, 10) AS received_day, "
            f"substr({_done_at('c.')}, 1, 10) AS done_day, "
            "c.first_responded_at IS NOT NULL AS answered, c.resolved_at IS NOT NULL AS resolved, "
            "CASE WHEN c.first_responded_at IS NULL AND c.first_response_breached_at IS NULL "
            "THEN NULL WHEN c.first_responded_at IS NOT NULL AND "
            "c.first_response_breached_at IS NULL THEN 1 ELSE 0 END AS fr_met, "
            "CASE WHEN c.resolved_at IS NULL AND c.resolution_breached_at IS NULL "
            "THEN NULL WHEN c.resolved_at IS NOT NULL AND c.resolution_breached_at IS NULL "
            "THEN 1 ELSE 0 END AS res_met, "
            f"{working('c.first_responded_at', 'd1')} - {working('c.created_at', 'd0')} AS fr_s, "
            f"{working('c.resolved_at', 'd2')} - {working('c.created_at', 'd0')} AS res_s, "
            f"{trail} AS trail, "
            f"CASE WHEN {signed} THEN 1 ELSE 0 END AS signed, "
            # A case whose day of receipt, answer or resolution is not in the day table (its
            # calendar version or the day was left out): `report` then asks again with all.
            "CASE WHEN d0.v IS NULL OR (c.first_responded_at IS NOT NULL AND d1.v IS NULL) "
            "OR (c.resolved_at IS NOT NULL AND d2.v IS NULL) THEN 1 ELSE 0 END AS uncovered "
            "FROM cases c LEFT JOIN users u ON u.id = c.assignee_id "
            f"{day_join('d0', 'c.created_at', version)} "
            f"{day_join('d1', 'c.first_responded_at', version)} "
            f"{day_join('d2', 'c.resolved_at', version)}{where})",
        ]
        n = "CAST(count(*) AS BIGINT)"
        met = "sum(CASE WHEN {0} = 1 THEN 1 ELSE 0 END)"
        fr = [met.format("fr_met"), "count(fr_met)"]
        res = [met.format("res_met"), "count(res_met)"]
        resolved = "sum(CASE WHEN resolved THEN 1 ELSE 0 END)"
        frontline = (
            "sum(CASE WHEN resolved AND trail - trail / 2 * 2 = 0 AND signed = 0 THEN 1 ELSE 0 END)"
        )
        sections = [
            # The cohort's counts per category, channel and tier in one pass (each grouping a
            # pass of its own cost 30-40 ms at 100,000 cases on SQLite): `_subtotals` adds them
            # up into the whole cohort's, each category's, channel's and tier's (whole numbers:
            # exact).
            _section(
                GROUPS,
                f"category || '{GROUP_SEP}' || channel || '{GROUP_SEP}' || tier",
                [n, resolved, *fr, *res],
                "FROM ct GROUP BY category, channel, tier",
            ),
            _section(
                "rates",
                "''",
                [
                    resolved,
                    "sum(trail - trail / 2 * 2)",
                    "sum(trail / 2)",
                    frontline,
                    # Cases following a calendar that is not always open: times are then
                    # working hours (the report says so).
                    "sum(CASE WHEN coalesce(version, 0) IN "
                    f"({', '.join(str(int(v)) for v in business) or '-1'}) THEN 1 ELSE 0 END)",
                    "sum(uncovered)",
                ],
                "FROM ct",
            ),
            # Per day of receipt; _build adds the days up per period (whole numbers: exact).
            _section("day", "received_day", [n, *fr, *res], "FROM ct GROUP BY received_day"),
            # Per day the period's own cases were done in it (`_flow` adds the others).
            _section(
                "done",
                "done_day",
                [n],
                f"FROM ct WHERE done_day >= '{period[0].isoformat()}' "
                f"AND done_day <= '{period[1].isoformat()}' GROUP BY done_day",
            ),
            # Each cohort case's two durations (and its assignee and tier), for the medians and
            # 90th percentiles, worked out in Python (`_durations`): four window-function
            # passes took 490 ms of a year's report at 100,000 cases on SQLite, 240 on
            # PostgreSQL; reading these rows and sorting them here takes a fraction of that.
            _section(
                DURATIONS,
                f"assignee || '{GROUP_SEP}' || tier",
                [
                    "CASE WHEN answered THEN fr_s END",
                    "CASE WHEN resolved THEN res_s END",
                ],
                "FROM ct",
            ),
            _section(
                "bins",
                "CAST(b AS TEXT)",
                [n],
                f"FROM (SELECT {self._bin_case('res_s')} AS b FROM ct "
                "WHERE resolved AND res_s IS NOT NULL) x GROUP BY b",
            ),
            _section(
                "remedy",
                "r.kind || '|' || ct.category || '|' || r.currency",
                [n, "sum(r.amount_minor)"],
                "FROM remedies r JOIN ct ON ct.id = r.case_id "
                f"WHERE r.state IN ({_quoted(SPENT)}) GROUP BY r.kind, ct.category, r.currency",
            ),
            _section(
                "refused",
                "''",
                [n, "sum(CASE WHEN r.state = 'rejected' THEN 1 ELSE 0 END)"],
                "FROM remedies r JOIN ct ON ct.id = r.case_id "
                f"WHERE r.approvals_needed > 0 AND r.state IN ({_quoted(DECIDED)})",
            ),
            self._turnaround(working),
            _section(
                "product",
                "i.product",
                ["CAST(count(DISTINCT i.case_id) AS BIGINT)"],
                "FROM order_items i JOIN ct ON ct.id = i.case_id GROUP BY i.product",
            ),
        ]
        if sources:
            # Read from each imported case's event (one pass per field, JSON parsed in SQL):
            # about a second per 100,000 imported cases on SQLite, so only when asked.
            for name in SOURCE_FIELDS:
                value = self.sql.json_text("e.data", "source", name)
                sections.append(
                    _section(
                        "source",
                        f"'{name}|' || {value}",
                        [n],
                        # Only cases imported with their source (schema step 13).
                        "FROM case_sources cs JOIN ct ON ct.id = cs.case_id JOIN audit_events e "
                        "ON e.case_id = cs.case_id AND e.action = 'case.imported' "
                        f"WHERE {value} IS NOT NULL GROUP BY {value}",
                    )
                )
        if scores:
            sections.append(
                _section(
                    "score",
                    "CAST(s.score AS TEXT)",
                    [n],
                    "FROM satisfaction_scores s JOIN ct ON ct.id = s.case_id WHERE s.id = "
                    "(SELECT max(s2.id) FROM satisfaction_scores s2 WHERE s2.case_id = s.case_id) "
                    "GROUP BY s.score",
                )
            )
        if per_person:
            sections.append(
                _section(
                    "g_assignee", "assignee", [n, resolved, *fr, *res], "FROM ct GROUP BY assignee"
                )
            )
        body = " UNION ALL ".join(sections)
        return f"WITH {', '.join(ctes)} {body}", [*reopen_patterns, *params]

    @staticmethod
    def _bin_case(value: str) -> str:
        whens = " ".join(
            f"WHEN {value} <= {hours * 3600} THEN {i}"
            for i, hours in enumerate(RESOLUTION_BINS_HOURS)
        )
        return f"CASE {whens} ELSE {len(RESOLUTION_BINS_HOURS)} END"

    @staticmethod
    def _turnaround(working: Any) -> str:
        """Proposal to sign-off decision (the last sign-off that counts) in working time."""
        version = "coalesce(ct.version, 0)"
        decided = (
            "SELECT r.id, r.created_at, max(s.at) AS at, "
            f"{version} AS v FROM remedies r JOIN ct ON ct.id = r.case_id "
            "JOIN remedy_signoffs s ON s.remedy_id = r.id AND NOT s.void "
            f"WHERE r.approvals_needed > 0 AND r.state IN ({_quoted(DECIDED)}) "
            "GROUP BY r.id, r.created_at, ct.version"
        )
        value = f"{working('t.at', 'e1')} - {working('t.created_at', 'e0')}"
        # Ranked apart from the decisions whose days are not in the day table (v is NULL:
        # counted last, so that `report` asks again with all days).
        known = "PARTITION BY CASE WHEN v IS NULL THEN 1 ELSE 0 END"
        return _section(
            "turnaround",
            "''",
            [
                "CAST(max(CASE WHEN v IS NOT NULL THEN n END) AS BIGINT)",
                "max(CASE WHEN v IS NOT NULL AND rn = (50 * n + 99) / 100 THEN v END)",
                "max(CASE WHEN v IS NOT NULL AND rn = (90 * n + 99) / 100 THEN v END)",
                "sum(CASE WHEN v IS NULL THEN 1 ELSE 0 END)",
            ],
            f"FROM (SELECT v, ROW_NUMBER() OVER ({known} ORDER BY v) AS rn, "
            f"count(*) OVER ({known}) AS n FROM ("
            f"SELECT {value} AS v FROM ({decided}) t "
            "LEFT JOIN d e0 ON e0.v = t.v AND e0.day = substr(t.created_at, 1, 10) "
            "LEFT JOIN d e1 ON e1.v = t.v AND e1.day = substr(t.at, 1, 10)) y) x "
            "HAVING count(*) > 0",
        )

    # ---- received, done and open per period (all cases matching the filters) -----------------
    def _flow(
        self,
        where: str,
        params: Sequence[Any],
        start: datetime,
        end: datetime,
        sections: dict[str, builtins.list[tuple[Any, ...]]],
        period_of: dict[date, date],
    ) -> tuple[int, dict[date, int]]:
        """(open at the start, done per period) of all cases matching the filters: done is
        resolved, or closed without a resolution (its last change then stands for the closing
        time). The period's own cases done in it are the statement's "done" section; this
        reads the others, received before the period (open at its start) or after it (done
        before they were received: imported or moved clocks), by the index of receipt, where
        a pass over every case counted the done ones (90 ms of a year's report at 100,000
        cases on SQLite)."""
        done_at = _done_at("c.")
        glue = " AND " if where else " WHERE "
        s, e = ts(start), ts(end)
        rows = self.sql.all(
            f"SELECT CASE WHEN {done_at} >= ? AND {done_at} < ? THEN substr({done_at}, 1, 10) "
            "END, CASE WHEN c.created_at < ? THEN 1 ELSE 0 END, count(*) FROM cases c"
            f"{where}{glue}(c.created_at < ? OR c.created_at >= ?) "
            f"AND ({done_at} IS NULL OR {done_at} >= ?) GROUP BY 1, 2",
            (s, e, s, *params, s, e, s),
        )
        opened = 0
        done: dict[date, int] = defaultdict(int)
        own = ((r[0], 0, r[1]) for r in sections.get("done", []))
        for day, before, count in [*rows, *own]:
            if int(before):
                opened += int(count)
            if day is not None:
                done[period_of[date.fromisoformat(str(day))]] += int(count)
        return opened, done

    # ---- the report -----------------------------------------------------------------------
    def _build(
        self,
        s: dict[str, builtins.list[tuple[Any, ...]]],
        flow: tuple[int, dict[date, int]],
        date_from: date,
        date_to: date,
        by: Period,
        f: CaseFilter,
        now: datetime,
        *,
        business_hours: bool,
        per_person: bool,
        scores: bool,
    ) -> KpiReport:
        def counts(name: str) -> tuple[Count, ...]:
            return tuple(
                sorted(
                    (Count(str(r[0]), int(r[1])) for r in s[name]), key=lambda c: (-c.count, c.key)
                )
            )

        def durations(name: str, key: str = "") -> Durations:
            for r in s[name]:
                if str(r[0]) == key and r[1]:
                    return Durations(int(r[1]), _int(r[2]), _int(r[3]))
            return Durations()

        received, fr_met, fr_whole, res_met, res_whole = _row(s, "total")[:5]
        resolved, escalated, reopened, frontline = _row(s, "rates")[:4]

        opened, done = flow
        per_period: dict[date, builtins.list[int]] = {}
        for r in s["day"]:
            start = period_start(date.fromisoformat(str(r[0])), by)
            sums = per_period.setdefault(start, [0] * WIDTH)
            for i, x in enumerate(r[1:]):
                sums[i] += int(x or 0)
        periods: builtins.list[PeriodFigures] = []
        backlog = opened
        for start in sorted({period_start(day, by) for day in _days(date_from, date_to)}):
            got, p_fr_met, p_fr, p_res_met, p_res, _ = per_period.get(start, [0] * WIDTH)
            backlog += got - done.get(start, 0)
            periods.append(
                PeriodFigures(
                    start,
                    got,
                    done.get(start, 0),
                    backlog,
                    Share(p_fr_met, p_fr),
                    Share(p_res_met, p_res),
                )
            )

        bins = {int(r[0]): int(r[1]) for r in s["bins"]}
        costs = []
        for r in s["remedy"]:
            kind, category, currency = str(r[0]).split("|", 2)
            costs.append(RemedyCost(kind, category, currency, int(r[1]), int(r[2])))
        costs.sort(key=lambda c: (c.currency, -c.amount_minor, c.kind, c.category))
        refused = _row(s, "refused")

        satisfaction = None
        if scores:
            dist = sorted((int(r[0]), int(r[1])) for r in s["score"])
            given = sum(c for _, c in dist)
            mean = sum(k * c for k, c in dist) / given if given else None
            satisfaction = Satisfaction(
                mean, tuple(Count(str(k), c) for k, c in dist), Share(given, resolved)
            )

        sources = []
        for r in s["source"]:
            name, value = str(r[0]).split("|", 1)
            sources.append(SourceCount(name, value, int(r[1])))
        sources.sort(key=lambda c: (SOURCE_FIELDS.index(c.field), -c.count, c.value))

        def groups(group: str) -> tuple[GroupFigures, ...] | None:
            if not per_person:
                return None
            out = []
            for r in s[f"g_{group}"]:
                key = str(r[0])
                out.append(
                    GroupFigures(
                        key,
                        int(r[1]),
                        int(r[2] or 0),
                        durations(f"gp_{group}", key),
                        Share(int(r[3] or 0), int(r[4] or 0)),
                        Share(int(r[5] or 0), int(r[6] or 0)),
                    )
                )
            return tuple(sorted(out, key=lambda g: (-g.cases, g.key)))

        return KpiReport(
            date_from=date_from,
            date_to=date_to,
            by=by,
            filters=filter_json(f),
            generated_at=now,
            business_hours=business_hours,
            received=received,
            by_category=counts("category"),
            by_channel=counts("channel"),
            by_tier=counts("tier"),
            periods=tuple(periods),
            first_response=durations("fr"),
            resolution=durations("res"),
            resolution_bins=tuple(
                Count(bin_label(i), bins.get(i, 0)) for i in range(len(RESOLUTION_BINS_HOURS) + 1)
            ),
            sla_first_response=Share(fr_met, fr_whole),
            sla_resolution=Share(res_met, res_whole),
            escalation=Share(escalated, received),
            reopen=Share(reopened, received),
            frontline=Share(frontline, resolved),
            remedy_cost=tuple(costs),
            approval_turnaround=durations("turnaround"),
            refused=Share(refused[1], refused[0]),
            satisfaction=satisfaction,
            top_products=counts("product")[:10],
            per_assignee=groups("assignee"),
            per_tier=groups("tier"),
            sources=tuple(sources),
        )


def _done_at(alias: str) -> str:
    """When a case was done: resolved, or closed without a resolution (its last change)."""
    return (
        f"coalesce({alias}resolved_at, CASE WHEN {alias}status IN ({_quoted(DONE)}) "
        f"THEN {alias}updated_at END)"
    )


def _sections(
    rows: Iterable[tuple[Any, ...]], per_person: bool
) -> dict[str, builtins.list[tuple[Any, ...]]]:
    """The statement's rows by section name: each (key, numbers...), and the duration sections
    worked out from the per-case rows."""
    sections: dict[str, builtins.list[tuple[Any, ...]]] = defaultdict(builtins.list)
    per_case: builtins.list[tuple[Any, ...]] = []
    for row in rows:
        if row[0] == DURATIONS:
            per_case.append(row)
        else:
            sections[row[0]].append(tuple(_number(v) for v in row[1:]))
    sections.update(_durations(per_case, per_person))
    sections.update(_subtotals(sections.pop(GROUPS, []), per_person))
    return sections


def _subtotals(
    groups: builtins.list[tuple[Any, ...]], per_person: bool
) -> dict[str, builtins.list[tuple[Any, ...]]]:
    """From the rows (category, channel and tier; cases, resolved, first responses met and
    measured, resolutions met and measured): "total" (cases, first responses met and measured,
    resolutions met and measured), "category", "channel" and "tier" (cases), and with
    `per_person` "g_tier" (as GROUPS' numbers), each row (key, numbers...)."""
    total = [0] * 5
    by: dict[str, dict[str, builtins.list[int]]] = {"category": {}, "channel": {}, "tier": {}}
    for row in groups:
        numbers = [int(x or 0) for x in row[1:7]]
        cases, _, *met = numbers
        total = [a + b for a, b in zip(total, [cases, *met], strict=True)]
        for name, key in zip(by, str(row[0]).split(GROUP_SEP), strict=True):
            sums = by[name].get(key)
            by[name][key] = (
                numbers if sums is None else [a + b for a, b in zip(sums, numbers, strict=True)]
            )
    out: dict[str, builtins.list[tuple[Any, ...]]] = {"total": [("", *total)]} if groups else {}
    for name, keyed in by.items():
        out[name] = [(key, sums[0]) for key, sums in keyed.items()]
    if per_person:
        out["g_tier"] = [(key, *sums) for key, sums in by["tier"].items()]
    return out


def _row(sections: dict[str, builtins.list[tuple[Any, ...]]], name: str) -> builtins.list[int]:
    """The numbers of a section of one row (zeros when it has none)."""
    found = sections.get(name)
    return [int(x or 0) for x in found[0][1:]] if found else [0] * WIDTH


def _uncovered(sections: dict[str, builtins.list[tuple[Any, ...]]]) -> bool:
    """Whether a cohort case or a decided remedy had a day the day table left out."""
    return bool(_row(sections, "rates")[5] or _row(sections, "turnaround")[3])


def _durations(
    per_case: Iterable[tuple[Any, ...]], per_person: bool
) -> dict[str, builtins.list[tuple[Any, ...]]]:
    """The duration sections from each case's row (DURATIONS, "assignee|tier", first response,
    resolution): "fr" and "res" of the whole cohort, and with `per_person` the resolution
    times per assignee ("gp_assignee") and per tier ("gp_tier"), each as (key, count, median,
    p90) by nearest rank, as the other sections' rows are."""
    first: builtins.list[int] = []
    resolution: builtins.list[int] = []
    by: dict[str, dict[str, builtins.list[int]]] = {"assignee": {}, "tier": {}}
    for row in per_case:
        if row[2] is not None:
            first.append(int(row[2]))
        if row[3] is not None:
            value = int(row[3])
            resolution.append(value)
            if per_person:
                assignee, tier = str(row[1]).split(GROUP_SEP, 1)
                by["assignee"].setdefault(assignee, []).append(value)
                by["tier"].setdefault(tier, []).append(value)
    out = {"fr": [_ranks("", first)], "res": [_ranks("", resolution)]}
    if per_person:
        for group, values in by.items():
            out[f"gp_{group}"] = [_ranks(key, v) for key, v in values.items()]
    return out


def _ranks(key: str, values: builtins.list[int]) -> tuple[Any, ...]:
    if not values:
        return (key, 0, None, None)
    values.sort()
    n = len(values)
    return (key, n, values[nearest_rank(n, 50) - 1], values[nearest_rank(n, 90) - 1])


def _number(value: Any) -> Any:
    # PostgreSQL's sum() of a bigint is numeric (a Decimal here); every figure is whole.
    return int(value) if isinstance(value, Decimal) else value


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _days(first: date, last: date) -> Iterable[date]:
    for i in range((last - first).days + 1):
        yield first + timedelta(days=i)
