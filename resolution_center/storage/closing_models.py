"""Schema step 12 (migrations/m0012_closing_the_loop.py): follow-up tasks on cases, and links
and merges between cases. The case's resolution code, summary and merge pointer are columns of
`cases` (models.py)."""

from __future__ import annotations

import peewee as pw

from ..domain.closing import LinkKind, TaskState
from .models import BaseModel, Case, User


def in_values(column: str, values: tuple[str, ...]) -> pw.SQL | pw.NodeList:
    return pw.Check(f"{column} IN ({', '.join(repr(v) for v in values)})")


class CaseTask(BaseModel):
    case = pw.ForeignKeyField(Case, backref="tasks", on_delete="RESTRICT", index=False)
    due_at = pw.CharField(max_length=27)
    note = pw.TextField()
    assignee = pw.ForeignKeyField(User, null=True, on_delete="RESTRICT", index=False)
    state = pw.CharField(
        max_length=10, constraints=[in_values("state", tuple(s.value for s in TaskState))]
    )
    created_at = pw.CharField(max_length=27)
    created_by = pw.CharField(max_length=64)
    closed_at = pw.CharField(max_length=27, null=True)
    closed_by = pw.CharField(max_length=64, null=True)
    close_reason = pw.TextField(default="")

    class Meta:
        table_name = "case_tasks"
        indexes = (
            (("assignee", "state", "due_at"), False),  # "My follow-ups due"
            (("case", "due_at"), False),  # the case's Tasks section
        )


class CaseLink(BaseModel):
    """One row per link, read from both ends; a merge names the merged case first."""

    case = pw.ForeignKeyField(Case, backref="links", on_delete="RESTRICT", index=False)
    other_case = pw.ForeignKeyField(Case, backref="linked_from", on_delete="RESTRICT")
    kind = pw.CharField(
        max_length=8, constraints=[in_values("kind", tuple(k.value for k in LinkKind))]
    )
    reason = pw.TextField(default="")
    created_at = pw.CharField(max_length=27)
    created_by = pw.CharField(max_length=64)

    class Meta:
        table_name = "case_links"
        indexes = ((("case", "other_case"), True),)
        constraints = [pw.SQL("CHECK (case_id <> other_case_id)")]  # noqa: RUF012


CLOSING_MODELS = (CaseTask, CaseLink)
