"""Closing the loop's tables: follow-up tasks, links and merges between cases, and the reads of
the customer page and of intake's duplicate check. Plain SQL on both backends; PostgreSQL's
guards (storage/pg_closing.py) keep a finished task and a link as written."""

from __future__ import annotations

import builtins  # a class here has a list() method, which annotations would name
from datetime import datetime
from typing import Any

from ..domain.case import Status
from ..domain.closing import LikelyDuplicate, LinkKind, Task, TaskState, WindowRemedy
from ..domain.ids import CaseId, CustomerId
from ..domain.money import Money
from ..domain.remedy import COUNTS_TOWARD_CAPS, RemedyState
from ..domain.satisfaction import SCALE
from .dialect import Repository
from .rows import Columns
from .satisfaction import SatisfactionRepository
from .values import _enum, dt, time_of, ts

_TASK = Columns(
    Task,
    id=("t.id", int),
    case_id=("t.case_id", CaseId),
    case_reference="c.reference",
    due_at=("t.due_at", time_of),
    note="t.note",
    assignee="u.username",
    state=("t.state", TaskState),
    created_at=("t.created_at", time_of),
    created_by="t.created_by",
    closed_at=("t.closed_at", dt),
    closed_by="t.closed_by",
)
_TASK_FROM = (
    f"SELECT {_TASK.sql} FROM case_tasks t JOIN cases c ON c.id = t.case_id "
    "LEFT JOIN users u ON u.id = t.assignee_id"
)
COUNTING = tuple(s.value for s in RemedyState if s in COUNTS_TOWARD_CAPS)


class FollowUpRepository(Repository):
    # ---- tasks --------------------------------------------------------------------------------
    def add_task(
        self,
        case_id: CaseId,
        due_at: datetime,
        note: str,
        assignee_id: int | None,
        actor: str,
        now: datetime,
    ) -> int:
        task_id = self.sql.insert(
            "INSERT INTO case_tasks (case_id, due_at, note, assignee_id, state, created_at, "
            "created_by, close_reason) VALUES (?, ?, ?, ?, ?, ?, ?, '')",
            (case_id, ts(due_at), note, assignee_id, TaskState.OPEN.value, ts(now), actor),
        )
        self.store.touch("case_tasks", task_id)
        return task_id

    def close_task(
        self, task_id: int, state: TaskState, reason: str, actor: str, now: datetime
    ) -> bool:
        """Only an open task closes; False when someone closed it first."""
        cursor = self.sql.execute(
            "UPDATE case_tasks SET state = ?, closed_at = ?, closed_by = ?, close_reason = ? "
            "WHERE id = ? AND state = ?",
            (state.value, ts(now), actor, reason, task_id, TaskState.OPEN.value),
        )
        if cursor.rowcount:
            self.store.touch("case_tasks", task_id)
        return bool(cursor.rowcount)

    def task(self, task_id: int) -> Task | None:
        row = self.sql.one(f"{_TASK_FROM} WHERE t.id = ?", (task_id,))
        return _TASK.read(row) if row else None

    def tasks_of_case(self, case_id: CaseId) -> builtins.list[Task]:
        """Open ones first (soonest due first), then the finished ones."""
        rows = self.sql.all(
            f"{_TASK_FROM} WHERE t.case_id = ? "
            "ORDER BY CASE WHEN t.state = 'open' THEN 0 ELSE 1 END, t.due_at, t.id",
            (case_id,),
        )
        return [_TASK.read(r) for r in rows]

    def due_tasks(self, assignee_id: int, until: datetime) -> builtins.list[Task]:
        """The open tasks of one user due by `until` (the index on assignee, state, due)."""
        rows = self.sql.all(
            f"{_TASK_FROM} WHERE t.assignee_id = ? AND t.state = ? AND t.due_at <= ? "
            "ORDER BY t.due_at, t.id",
            (assignee_id, TaskState.OPEN.value, ts(until)),
        )
        return [_TASK.read(r) for r in rows]

    def open_tasks(self, assignee_id: int | None) -> builtins.list[Task]:
        where = "t.state = ?"
        params: builtins.list[Any] = [TaskState.OPEN.value]
        if assignee_id is not None:
            where += " AND t.assignee_id = ?"
            params.append(assignee_id)
        return [
            _TASK.read(r)
            for r in self.sql.all(f"{_TASK_FROM} WHERE {where} ORDER BY t.due_at, t.id", params)
        ]

    # ---- links and merges ----------------------------------------------------------------------
    def add_link(
        self,
        case_id: CaseId,
        other_id: CaseId,
        kind: LinkKind,
        reason: str,
        actor: str,
        now: datetime,
    ) -> int:
        link_id = self.sql.insert(
            "INSERT INTO case_links (case_id, other_case_id, kind, reason, created_at, "
            "created_by) VALUES (?, ?, ?, ?, ?, ?)",
            (case_id, other_id, kind.value, reason, ts(now), actor),
        )
        self.store.touch("case_links", link_id)
        return link_id

    def links(self, case_id: CaseId) -> builtins.list[tuple[Any, ...]]:
        """(link id, kind, the other case's id, reference, subject, status, direction, reason,
        created_at, created_by) for every link of the case, from either end; direction 'out'
        when this case is the link's first (a merged case), 'in' otherwise."""
        rows = self.sql.all(
            "SELECT l.id, l.kind, o.id, o.reference, o.subject, o.status, 'out', l.reason, "
            "l.created_at, l.created_by FROM case_links l JOIN cases o ON o.id = l.other_case_id "
            "WHERE l.case_id = ? "
            "UNION ALL "
            "SELECT l.id, l.kind, o.id, o.reference, o.subject, o.status, 'in', l.reason, "
            "l.created_at, l.created_by FROM case_links l JOIN cases o ON o.id = l.case_id "
            "WHERE l.other_case_id = ? ORDER BY 1",
            (case_id, case_id),
        )
        return [(*r[:5], Status(r[5]), r[6], r[7], time_of(r[8]), r[9]) for r in rows]

    def linked_ids(self, case_id: CaseId) -> set[CaseId]:
        return {
            CaseId(r[0])
            for r in self.sql.all(
                "SELECT other_case_id FROM case_links WHERE case_id = ? "
                "UNION SELECT case_id FROM case_links WHERE other_case_id = ?",
                (case_id, case_id),
            )
        }

    # ---- intake's duplicate check ---------------------------------------------------------------
    def likely_duplicates(
        self, email_norm: str, order_number: str, since: datetime
    ) -> builtins.list[LikelyDuplicate]:
        """Cases of the customer with this e-mail about this order, opened after `since`."""
        rows = self.sql.all(
            "SELECT c.id, c.reference, c.subject, c.status, c.created_at FROM cases c "
            "JOIN customers k ON k.id = c.customer_id "
            "WHERE k.email_norm = ? AND c.order_number = ? AND c.created_at > ? "
            "ORDER BY c.created_at DESC, c.id DESC LIMIT 20",
            (email_norm, order_number, ts(since)),
        )
        return [
            LikelyDuplicate(CaseId(i), ref, subject, _enum(Status, status), time_of(at))
            for i, ref, subject, status, at in rows
        ]

    # ---- the customer page ----------------------------------------------------------------------
    def customer(self, customer_id: CustomerId) -> tuple[str, str, str, datetime] | None:
        """(name, email, phone, since) as the customer record holds them."""
        row = self.sql.one(
            "SELECT name, email, phone, created_at FROM customers WHERE id = ?", (customer_id,)
        )
        return (row[0], row[1], row[2], time_of(row[3])) if row else None

    def customer_cases(self, customer_id: CustomerId) -> builtins.list[tuple[Any, ...]]:
        """(id, reference, subject, status, category, order number, created_at, resolution code,
        merged_into), newest first."""
        rows = self.sql.all(
            "SELECT id, reference, subject, status, category, order_number, created_at, "
            "resolution_code, merged_into FROM cases WHERE customer_id = ? "
            "ORDER BY created_at DESC, id DESC",
            (customer_id,),
        )
        return [
            (CaseId(r[0]), r[1], r[2], _enum(Status, r[3]), r[4], r[5], time_of(r[6]), r[7], r[8])
            for r in rows
        ]

    def window_remedies(
        self, customer_id: CustomerId, since: datetime
    ) -> builtins.list[WindowRemedy]:
        """The customer's remedies the caps count (as storage/remedies.py `history` sums them),
        with what the page shows of each."""
        marks = ", ".join("?" for _ in COUNTING)
        rows = self.sql.all(
            "SELECT r.reference, c.reference, r.case_id, r.kind, r.amount_minor, r.currency, "
            "r.state, r.created_at FROM remedies r JOIN cases c ON c.id = r.case_id "
            f"WHERE r.customer_id = ? AND r.state IN ({marks}) AND r.created_at > ? "
            "ORDER BY r.created_at DESC, r.id DESC",
            (customer_id, *COUNTING, ts(since)),
        )
        return [
            WindowRemedy(
                ref,
                case_ref,
                CaseId(case_id),
                kind,
                Money(int(minor), currency),
                RemedyState(state),
                time_of(at),
            )
            for ref, case_ref, case_id, kind, minor, currency, state, at in rows
        ]

    def satisfaction_scores(
        self, customer_id: CustomerId
    ) -> builtins.list[tuple[str, int, int, datetime]]:
        """(case reference, score, scale, answered_at): the current score of each of the
        customer's cases (schema step 18), newest first."""
        return [
            (s.case_reference, s.score, SCALE, s.recorded_at)
            for s in SatisfactionRepository(self.store).current_of_customer(customer_id)
        ]
