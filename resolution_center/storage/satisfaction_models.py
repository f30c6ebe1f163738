"""Schema step 18 (migrations/m0018_notifications_satisfaction.py), its satisfaction half:
every score a case was given after resolution (the latest is its current one; earlier ones are
kept as history), with where it came from and the follow-up a low score set."""

from __future__ import annotations

import peewee as pw

from ..domain.satisfaction import SCALE, ScoreSource
from .closing_models import CaseTask, in_values
from .message_models import Message
from .models import BaseModel, Case


class SatisfactionScore(BaseModel):
    case = pw.ForeignKeyField(Case, backref="scores", on_delete="RESTRICT", index=False)
    score = pw.IntegerField(constraints=[pw.Check(f"score BETWEEN 1 AND {SCALE}")])
    comment = pw.TextField(default="")
    source = pw.CharField(
        max_length=8, constraints=[in_values("source", tuple(s.value for s in ScoreSource))]
    )
    # The customer's reply it was read from: each reply gives one score at most.
    message = pw.ForeignKeyField(Message, null=True, on_delete="RESTRICT", unique=True)
    follow_up = pw.ForeignKeyField(CaseTask, null=True, on_delete="RESTRICT", index=False)
    recorded_by = pw.CharField(max_length=64)
    recorded_at = pw.CharField(max_length=27)

    class Meta:
        table_name = "satisfaction_scores"
        indexes = ((("case", "id"), False),)  # a case's scores, its current one last


SATISFACTION_MODELS = (SatisfactionScore,)
