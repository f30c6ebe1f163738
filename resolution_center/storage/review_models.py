"""Schema step 19 (migrations/m0019_reviews.py): recorded periodic reviews, their notes on
findings and the actions they leave behind. A signed review never changes (PostgreSQL: the
guards in sql/reviews.sql; SQLite: the trail vouches for every row)."""

from __future__ import annotations

import peewee as pw

from ..domain.review import ActionState, ReviewState
from .closing_models import in_values
from .models import BaseModel, User


class Review(BaseModel):
    period_from = pw.CharField(max_length=10)  # YYYY-MM-DD, both days included
    period_to = pw.CharField(max_length=10)
    state = pw.CharField(
        max_length=8, constraints=[in_values("state", tuple(s.value for s in ReviewState))]
    )
    opened_at = pw.CharField(max_length=27)
    opened_by = pw.CharField(max_length=64)
    frozen_at = pw.CharField(max_length=27)  # when the figures were (last) frozen
    frozen_by = pw.CharField(max_length=64)
    refreshes = pw.IntegerField(default=0)
    kpis = pw.TextField()  # the KPI report's JSON as frozen
    patterns = pw.TextField()  # the pattern findings' JSON as frozen
    signed_at = pw.CharField(max_length=27, null=True)
    signed_by = pw.CharField(max_length=64, null=True)
    sign_note = pw.TextField(default="")
    version = pw.IntegerField(default=1)

    class Meta:
        table_name = "reviews"
        indexes = ((("period_from", "period_to"), False),)


class ReviewNote(BaseModel):
    review = pw.ForeignKeyField(Review, backref="notes", on_delete="RESTRICT")
    finding = pw.CharField(max_length=300, default="")
    body = pw.TextField()
    created_at = pw.CharField(max_length=27)
    created_by = pw.CharField(max_length=64)

    class Meta:
        table_name = "review_notes"


class ReviewAction(BaseModel):
    review = pw.ForeignKeyField(Review, backref="actions", on_delete="RESTRICT")
    body = pw.TextField()
    owner = pw.ForeignKeyField(User, on_delete="RESTRICT", index=False)
    due_on = pw.CharField(max_length=10)
    state = pw.CharField(
        max_length=8, constraints=[in_values("state", tuple(s.value for s in ActionState))]
    )
    created_at = pw.CharField(max_length=27)
    created_by = pw.CharField(max_length=64)
    done_at = pw.CharField(max_length=27, null=True)
    done_by = pw.CharField(max_length=64, null=True)

    class Meta:
        table_name = "review_actions"
        indexes = ((("owner", "state", "due_on"), False),)  # the owner's open actions


REVIEW_MODELS = (Review, ReviewNote, ReviewAction)
