"""Follow-up tasks: a due date and time and a note on any case, for one user; done or cancelled
once. Each change is one transaction with its event (task.set, task.done, task.cancelled)."""

from __future__ import annotations

import builtins  # a class here has a list() method, which annotations would name
from datetime import datetime

from ..domain.actions import Action
from ..domain.case import Case, clean_text
from ..domain.closing import Task, TaskState, check_task, task_refusal
from ..domain.errors import ConflictError, NotFound, ValidationError
from ..domain.ids import CaseId
from ..storage.follow_ups import FollowUpRepository
from ..storage.repositories import UserRepository, ts
from ..storage.store import UnitOfWork
from .cases import CaseService
from .context import Context
from .guards import require_person


class FollowUpService:
    def __init__(self, ctx: Context, cases: CaseService) -> None:
        self.ctx = ctx
        self.cases = cases
        self.repo = FollowUpRepository(ctx.store)

    def _user_id(self, username: str) -> int:
        found = UserRepository(self.ctx.store).get(username)
        if not found or found[0].role == "system":
            raise NotFound(f"no user named {username!r}", field="assignee")
        if found[0].disabled:
            raise ValidationError(
                f"{username} is disabled and cannot take follow-ups", field="assignee"
            )
        return found[0].id

    # ---- reads ----------------------------------------------------------------------------
    def for_case(self, ref_or_id: str | int) -> builtins.list[Task]:
        return self.repo.tasks_of_case(self.cases.resolve(ref_or_id))

    def get(self, task_id: int) -> Task:
        task = self.repo.task(int(task_id))
        if task is None:
            raise NotFound(f"no follow-up #{task_id}", field="task")
        return task

    def due_for_me(self) -> builtins.list[Task]:
        """The acting user's open follow-ups whose due time has come."""
        if self.ctx.user_id is None:
            return []
        return self.repo.due_tasks(self.ctx.user_id, self.ctx.now())

    def due_case_ids(self) -> tuple[CaseId, ...]:
        """The cases of "My follow-ups due" (a saved view counts and lists these)."""
        return tuple(dict.fromkeys(t.case_id for t in self.due_for_me()))

    def open_tasks(self, *, mine: bool = True) -> builtins.list[Task]:
        return self.repo.open_tasks(self.ctx.user_id if mine else None)

    # ---- changes --------------------------------------------------------------------------
    def add(
        self,
        ref_or_id: str | int,
        due_at: datetime | None,
        note: str,
        assignee: str | None = None,
    ) -> Task:
        """A follow-up for `assignee`; by default the case's assignee, else whoever sets it."""
        require_person(self.ctx.actor, "set follow-ups")
        case = self.cases.get(ref_or_id)
        now = self.ctx.now()
        due, text = check_task(due_at, note, now)
        name = (assignee or "").strip().lower() or case.assignee or self.ctx.actor.username
        assignee_id = self._user_id(name)
        with self.ctx.store.transaction(self.ctx.actor, now) as work:
            task_id = self.add_in(work, case, due, text, name, assignee_id)
        return self.get(task_id)

    def add_in(
        self,
        work: UnitOfWork,
        case: Case,
        due: datetime,
        text: str,
        name: str | None,
        assignee_id: int | None,
    ) -> int:
        """Inside the caller's transaction: a checked follow-up's row and its event (a low
        satisfaction score's follow-up is part of recording the score)."""
        task_id = self.repo.add_task(
            case.id, due, text, assignee_id, self.ctx.actor.username, work.now
        )
        work.emit(
            Action.TASK_SET,
            "task",
            task_id,
            {
                "task_id": task_id,
                "case": case.reference,
                "due_at": ts(due),
                "assignee": name,
                "note": work.personal(text),
            },
            case_id=case.id,
        )
        return task_id

    def done(self, task_id: int) -> Task:
        return self._close(task_id, TaskState.DONE, "")

    def cancel(self, task_id: int, reason: str = "") -> Task:
        return self._close(task_id, TaskState.CANCELLED, reason)

    def _close(self, task_id: int, state: TaskState, reason: str) -> Task:
        require_person(self.ctx.actor, "finish follow-ups")
        task = self.get(task_id)
        task_refusal(task, state)
        why = clean_text(reason, "reason", multiline=True)
        now = self.ctx.now()
        action = Action.TASK_DONE if state is TaskState.DONE else Action.TASK_CANCELLED
        with self.ctx.store.transaction(self.ctx.actor, now) as work:
            if not self.repo.close_task(task.id, state, why, self.ctx.actor.username, now):
                raise ConflictError(
                    f"follow-up #{task.id} was finished by someone else meanwhile; reload it"
                )
            data: dict[str, object] = {"task_id": task.id, "case": task.case_reference}
            if why:
                data["reason"] = why
            work.emit(action, "task", task.id, data, case_id=task.case_id)
        return self.get(task.id)
