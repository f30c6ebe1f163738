"""Case search: the list's filters and sorts, the text search plans, pages of rows and the side
bar's counts. Part of `CaseRepository` (storage/cases.py)."""

from __future__ import annotations

import builtins  # a class here has a list() method, which annotations would name
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any, ClassVar

from ..domain import search_text
from ..domain.case import (
    CaseFilter,
    CaseQuery,
    CaseRow,
    Channel,
    Priority,
    Status,
    Tier,
)
from ..domain.ids import CaseId, is_case_reference
from ..domain.sla import DUE_SOON
from .dialect import Repository
from .rows import Columns
from .values import dt, enum_reader, ts

CLOSED = (Status.RESOLVED.value, Status.CLOSED.value)


class CaseSearch(Repository):
    """The case list: filters, sorts, text search plans, pages of rows and counts."""

    # A line of the list: the hottest read (a page of 200, and every page the window scrolls to).
    ROW = Columns(
        CaseRow,
        id="c.id",
        reference="c.reference",
        subject="c.subject",
        customer_name="c.customer_name",
        order_number="c.order_number",
        category="c.category",
        priority=("c.priority", enum_reader(Priority)),
        status=("c.status", enum_reader(Status)),
        tier=("c.tier", enum_reader(Tier)),
        channel=("c.channel", enum_reader(Channel)),
        assignee="u.username",
        created_at=("c.created_at", dt),
        updated_at=("c.updated_at", dt),
        resolution_due=("c.resolution_due", dt),
        first_response_due=("c.first_response_due", dt),
        first_responded_at=("c.first_responded_at", dt),
        first_response_warn_at=("c.first_response_warn_at", dt),
        resolution_warn_at=("c.resolution_warn_at", dt),
        first_response_breached_at=("c.first_response_breached_at", dt),
        resolution_breached_at=("c.resolution_breached_at", dt),
    )
    SORTS: ClassVar[dict[str, str]] = {
        "updated": "c.updated_at",
        "created": "c.created_at",
        "priority": "c.priority_rank",
        "due": "c.resolution_due",
        "reference": "c.reference",
        "status": "c.status",
    }

    def sla_expression(self) -> str:
        """domain/sla.py's `sla_state` in SQL, from columns the step-10 index holds."""
        return (
            "CASE WHEN c.status IN ('resolved', 'closed') THEN CASE WHEN "
            "c.resolution_breached_at IS NOT NULL OR c.first_response_breached_at IS NOT NULL "
            "THEN 'missed' ELSE 'met' END "
            "WHEN c.resolution_breached_at IS NOT NULL OR (c.first_responded_at IS NULL AND "
            "c.first_response_breached_at IS NOT NULL) THEN 'overdue' "
            "WHEN c.status IN ('waiting-on-customer', 'waiting-on-third-party') THEN 'paused' "
            "WHEN c.resolution_due <= ? OR (c.first_responded_at IS NULL AND "
            "c.first_response_due <= ?) THEN 'overdue' "
            "WHEN c.resolution_warn_at <= ? OR (c.resolution_warn_at IS NULL AND "
            "c.resolution_due <= ?) OR (c.first_responded_at IS NULL AND "
            "(c.first_response_warn_at <= ? OR (c.first_response_warn_at IS NULL AND "
            "c.first_response_due <= ?))) THEN 'due-soon' ELSE 'on-time' END"
        )

    def _sla_params(self, now: datetime) -> tuple[str, ...]:
        n, soon = ts(now), ts(now + DUE_SOON)
        return n, n, n, soon, n, soon

    def _where(self, f: CaseFilter, now: datetime) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []

        def any_of(column: str, values: Sequence[str]) -> None:
            if values:
                clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
                params.extend(values)

        any_of("c.status", [s.value for s in f.statuses])
        any_of("c.category", list(f.categories))
        any_of("c.priority", [p.value for p in f.priorities])
        any_of("c.tier", [t.value for t in f.tiers])
        any_of("c.channel", [c.value for c in f.channels])
        if f.open_only:
            clauses.append("c.status NOT IN ('resolved', 'closed')")
        if f.case_ids is not None:
            if f.case_ids:
                clauses.append(f"c.id IN ({', '.join('?' for _ in f.case_ids)})")
                params.extend(int(i) for i in f.case_ids)
            else:
                clauses.append("1 = 0")
        if f.assignee is not None:
            if f.assignee == "":
                clauses.append("c.assignee_id IS NULL")
            else:
                clauses.append("c.assignee_id = (SELECT id FROM users WHERE username = ?)")
                params.append(f.assignee)
        if f.created_from:
            clauses.append("c.created_at >= ?")
            params.append(ts(f.created_from))
        if f.created_to:
            clauses.append("c.created_at < ?")
            params.append(ts(f.created_to))
        if f.sla_states:
            clauses.append(f"({self.sla_expression()}) IN ({', '.join('?' for _ in f.sla_states)})")
            params.extend(self._sla_params(now))
            params.extend(f.sla_states)
        terms = search_text.terms(f.search)
        if terms:
            if is_case_reference(f.search):
                # The reference's words side by side: as separate prefixes ("rc"* AND "2026"*)
                # nearly every case matches each, and merging those lists cost ~20 ms at
                # 100,000 cases. One id list from each index, united: "text OR reference" in
                # one WHERE leaves the planner free to walk the sort order instead.
                clauses.append(
                    f"c.id IN ({self.sql.text_ids()} "
                    "UNION SELECT id FROM cases WHERE reference = ?)"
                )
                params.extend((self.sql.text_phrase(terms), f.search.strip().upper()))
            else:
                params.append(self.sql.text_match(terms))
                clauses.append(self.sql.text_clause())
        elif f.search.strip():
            clauses.append("1 = 0")  # only punctuation typed: nothing can match
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        return where, params

    # A first page of search results, three ways by how many cases match:
    # - most cases (a word like "refund" in a third of them): walk the sort order and check each
    #   case's own text (SQLite's word list, PostgreSQL's tsvector) until the page is full; a few
    #   hundred rows whatever the size of the database. The total is then "more than the page":
    #   counting 60,000 matches costs more than the page and grows with the database.
    # - many (1 in 50 or more): the index gives the matching ids, SQLite walks the sort index
    #   and keeps those (SQLite otherwise fetches and sorts every match for one page).
    # - few: the index gives the matches, they are sorted.
    SORT_INDEXES: ClassVar[dict[str, str]] = {
        "c.updated_at": "cases_updated_at",
        "c.created_at": "cases_created_at",
        "c.resolution_due": "cases_resolution_due",
        "c.reference": "cases_reference",
    }
    ASSIGNEE_INDEX = "cases_assignee_id_status_updated_at"
    WALK_SHARE = 50  # walk the sort index when more than one case in 50 matches
    DENSE_WALK = 5  # check up to 5 cases per result needed before asking the index instead
    SAMPLE_WALK = 200  # cases checked to tell a common word from a rarer one

    def _text_only(self, f: CaseFilter) -> bool:
        """Only a word search (no other filter): the plans above apply."""
        return bool(search_text.terms(f.search)) and replace(f, search="") == CaseFilter()

    def _row_check(self, f: CaseFilter) -> tuple[str, list[Any]]:
        """SQL true for a case row `w` that matches the search box, without the text index."""
        return self.sql.row_check(f.search)

    def _walk_source(self, column: str, desc: bool, limit: str) -> str:
        """The first `limit` cases in sort order, with what `_row_check` reads."""
        text = self.sql.text_column
        hint = self.sql.index_hint(self.SORT_INDEXES[column])
        way = "DESC" if desc else "ASC"
        return (
            f"(SELECT c.id, c.{text} FROM cases c{hint} "
            f"ORDER BY {column} {way}, c.id {way} LIMIT {limit}) w"
        )

    def _dense_page(
        self, query: CaseQuery, column: str, desc: bool
    ) -> tuple[list[CaseRow], int, bool] | None:
        """(page, total, exact) by walking the sort order, if most cases match; else None."""
        if column not in self.SORT_INDEXES or is_case_reference(query.filter.search):
            return None  # a reference finds one case: the index is quicker
        need = query.offset + query.limit
        budget = need * self.DENSE_WALK
        check, params = self._row_check(query.filter)
        # Fewer cases than the walk may check: check them all, and the count is exact.
        everything = (
            int(self.sql.scalar("SELECT count(*) FROM (SELECT 1 FROM cases LIMIT ?) n", (budget,)))
            < budget
        )
        walk = f"SELECT w.id FROM {self._walk_source(column, desc, '?')} WHERE {check} LIMIT ?"
        if not everything:
            # A sample first: a rare word should not cost a walk of `budget` cases.
            sample = len(self.sql.all(walk, (query.limit, *params, query.limit)))
            if sample * self.DENSE_WALK < query.limit:
                return None
        # The walk is read in its own order (both engines stream a sorted, limited subquery),
        # so it stops at the first need + 1 matches: a few hundred rows for a common word.
        hits = [
            CaseId(r[0])
            for r in self.sql.all(walk, (budget, *params, budget if everything else need + 1))
        ]
        if everything:
            total, exact = len(hits), True
        elif len(hits) > need:
            total, exact = need, False  # more than this match; counting them all costs more
        else:
            return None  # few matches in the first `budget` cases: the index is quicker
        ids = hits[query.offset : need]
        rows = self.rows(ids)
        return [rows[i] for i in ids], total, exact

    def _planned_page(
        self, query: CaseQuery, where: str, params: list[Any], order: str
    ) -> tuple[list[CaseRow], int, bool]:
        """(page, total, exact) of a word search in one statement, one row past the page: the
        engine walks the sort order for a common word and reads its text index for a rare one
        (PostgreSQL at 100,000 cases: the four statements of the walk above took 3-5 ms for a
        common word, this one 1.8-2.5 ms against 0.9-1.0 ms for the bare query). A full page
        says "more than" its end, as the walk does."""
        rows = self._page_rows("cases c", where, params, order, query.limit + 1, query.offset)
        if len(rows) > query.limit:
            return self.ROW.all(rows[: query.limit]), query.offset + query.limit, False
        if not rows and query.offset:  # past the end: how far the matches go is not known
            total = int(self.sql.scalar(f"SELECT count(*) FROM cases c{where}", params))
            return [], total, True
        return self.ROW.all(rows), query.offset + len(rows), True

    def _page_rows(
        self, source: str, where: str, params: list[Any], order: str, limit: int, offset: int
    ) -> builtins.list[tuple[Any, ...]]:
        """The list's rows from `source` (the cases, perhaps with an index named), in order."""
        return self.sql.all(
            f"SELECT {self.ROW.sql} FROM {source} LEFT JOIN users u ON u.id = c.assignee_id"
            f"{where} ORDER BY {order} LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )

    def _search_source(
        self, f: CaseFilter, params: list[Any], column: str, needed: int | None
    ) -> tuple[str, int | None]:
        """(the FROM source, the exact total if known) for a search: SQLite's planner is told
        which sort index to walk when a text-only search matches many cases."""
        if is_case_reference(f.search):
            # A handful of ids, read by id: left free, SQLite's planner may walk the sort index
            # and probe the id list with every case instead (it does on a small analysed table).
            return "cases c" + self.sql.no_index_hint(), None
        if f.assignee:
            # One person's cases, by their index: a person's workload, whatever the statistics
            # say. With every case unassigned (a fresh import) SQLite's statistics say a name
            # matches all of them, and "My open cases" walked the last-update index through
            # 100,000 cases for an empty page (83 ms on the GUI thread; 0.1 ms by the index).
            return "cases c" + self.sql.index_hint(self.ASSIGNEE_INDEX), None
        if not self._text_only(f):
            return "cases c", None
        matches, cases = self.sql.one(  # type: ignore[misc]  # aggregates: always a row
            "SELECT (SELECT count(*) FROM case_fts WHERE case_fts MATCH ?), "
            "(SELECT coalesce(max(id), 0) FROM cases)",
            params,
        )
        index = self.SORT_INDEXES.get(column)
        many = matches * self.WALK_SHARE > cases and (needed is None or matches > needed)
        return ("cases c" + self.sql.index_hint(index) if index and many else "cases c"), int(
            matches
        )

    def list(
        self, query: CaseQuery, now: datetime, *, count: bool = True
    ) -> tuple[list[CaseRow], int, bool]:
        """(the page, the total, whether it is exact: if not, more than `total` match).
        Without `count`, a full page's total is the rows up to it, not exact."""
        desc = query.sort.startswith("-")
        column = self.SORTS[query.sort.lstrip("-")]
        where, params = self._where(query.filter, now)
        order = f"{column} {'DESC' if desc else 'ASC'}, c.id {'DESC' if desc else 'ASC'}"
        if self._text_only(query.filter):
            if self.sql.plans_text_search:
                return self._planned_page(query, where, params, order)
            dense = self._dense_page(query, column, desc)
            if dense is not None:
                return dense
        needed = query.limit + query.offset
        source, total = self._search_source(query.filter, params, column, needed)
        rows = self._page_rows(source, where, params, order, query.limit, query.offset)
        if total is None and not count and len(rows) == query.limit:
            return self.ROW.all(rows), query.offset + len(rows), False
        if total is None and len(rows) < query.limit and (rows or not query.offset):
            total = query.offset + len(rows)  # the page ends before the limit: that is all
        if total is None:
            total = int(self.sql.scalar(f"SELECT count(*) FROM {source}{where}", params))
        return self.ROW.all(rows), total, True

    def _ordered(self, query: CaseQuery, now: datetime) -> tuple[str, str, str, builtins.list[Any]]:
        """(source, where, order, params) of the matching cases in the query's order."""
        where, params = self._where(query.filter, now)
        desc = query.sort.startswith("-")
        column = self.SORTS[query.sort.lstrip("-")]
        order = f"{column} {'DESC' if desc else 'ASC'}, c.id {'DESC' if desc else 'ASC'}"
        source, _ = self._search_source(query.filter, params, column, None)
        return source, where, order, params

    def ids(
        self, query: CaseQuery, now: datetime, *, offset: int = 0, limit: int | None = None
    ) -> builtins.list[CaseId]:
        """The matching ids in order, all of them or `limit` from `offset` (the window's
        table reads a stretch of them where it is scrolled; rows load by id)."""
        source, where, order, params = self._ordered(query, now)
        sql = f"SELECT c.id FROM {source}{where} ORDER BY {order}"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params = [*params, limit, offset]
        return [r[0] for r in self.sql.all(sql, params)]

    def count(self, f: CaseFilter, now: datetime, *, at_most: int | None = None) -> int:
        """How many cases match (the list's total); with `at_most`, counted only up to one
        past it (a bigger number means "more than `at_most`")."""
        where, params = self._where(f, now)
        if at_most is None:
            return int(self.sql.scalar(f"SELECT count(*) FROM cases c{where}", params))
        if self._text_only(f) and not is_case_reference(f.search):
            walked = self._walk_count(f, at_most)
            if walked is not None:
                return walked
            # The text index alone, read in its own order until one past the bound (SQLite
            # would otherwise gather every match for the IN list first).
            return int(
                self.sql.scalar(
                    f"SELECT count(*) FROM ({self.sql.text_ids()} LIMIT ?) n",
                    (*params, at_most + 1),
                )
            )
        return int(
            self.sql.scalar(
                f"SELECT count(*) FROM (SELECT 1 FROM cases c{where} LIMIT ?) n",
                (*params, at_most + 1),
            )
        )

    def _walk_count(self, f: CaseFilter, at_most: int) -> int | None:
        """A word search counted up to one past `at_most` by checking cases' own words, if
        that many are among the first DENSE_WALK times as many cases (or the walk reaches the
        last case: then exactly); else None. The text index merges the lists of every word a
        prefix starts ("deliv": delivery, delivered, ...) before it can count a first match:
        3.8 ms at 100,000 cases against 0.5 at 10,000, where this walk costs the same at both.
        """
        budget = (at_most + 1) * self.DENSE_WALK
        check, params = self._row_check(f)
        walk = (
            f"SELECT count(*) FROM (SELECT 1 FROM (SELECT c.{self.sql.text_column} FROM cases c "
            f"LIMIT ?) w WHERE {check} LIMIT ?) m"
        )
        # A sample first, as for a page (`_dense_page`): a rare word should not cost a walk.
        sample = self.SAMPLE_WALK
        if int(self.sql.scalar(walk, (sample, *params, sample))) * self.DENSE_WALK < sample:
            return None
        found, walked = self.sql.one(  # type: ignore[misc]  # aggregates: always a row
            f"SELECT ({walk}), (SELECT count(*) FROM (SELECT 1 FROM cases LIMIT ?) n)",
            (budget, *params, at_most + 1, budget),
        )
        if found > at_most or walked < budget:
            return int(found)
        return None

    def position(self, query: CaseQuery, now: datetime, case_id: CaseId) -> int | None:
        """Where a case stands in the query's order (0 first), None if it does not match: the
        window keeps a case selected below the rows it has read, without reading their ids."""
        source, where, order, params = self._ordered(query, now)
        found = self.sql.one(
            f"SELECT p.n FROM (SELECT c.id, row_number() OVER (ORDER BY {order}) - 1 AS n "
            f"FROM {source}{where}) p WHERE p.id = ?",
            (*params, int(case_id)),
        )
        return None if found is None else int(found[0])

    def rows(self, ids: Sequence[CaseId]) -> dict[CaseId, CaseRow]:
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        rows = self.sql.all(
            f"SELECT {self.ROW.sql} FROM cases c LEFT JOIN users u ON "
            f"u.id = c.assignee_id WHERE c.id IN ({marks})",
            list(ids),
        )
        read = self.ROW.read
        return {r[0]: read(r) for r in rows}

    def counts(self, f: CaseFilter, now: datetime) -> dict[str, dict[str, int]]:
        """Counts per status and per SLA state: the list's side bar, two GROUP BYs."""
        where, params = self._where(f, now)
        by_status = dict(
            self.sql.all(f"SELECT c.status, count(*) FROM cases c{where} GROUP BY c.status", params)
        )
        by_sla = dict(
            self.sql.all(
                f"SELECT {self.sla_expression()} AS s, count(*) FROM cases c{where} GROUP BY s",
                (*self._sla_params(now), *params),
            )
        )
        return {
            "status": {k: int(v) for k, v in by_status.items()},
            "sla": {k: int(v) for k, v in by_sla.items()},
        }

    def all_ids(self) -> set[int]:
        return {r[0] for r in self.sql.all("SELECT id FROM cases")}
