"""Schema step 13 (migrations/m0013_case_sources.py): the source of each imported case.

One row per imported case, (system, source_id) unique: a re-run of an import finds the rows it
already wrote, and two imports of the same export at once cannot both write a case. Written once
by the import, never updated (PostgreSQL grants admins INSERT only).
"""

from __future__ import annotations

import peewee as pw

from .models import BaseModel, Case


class CaseSource(BaseModel):
    case = pw.ForeignKeyField(Case, primary_key=True, on_delete="RESTRICT")
    system = pw.CharField(max_length=64)
    source_id = pw.CharField(max_length=200)

    class Meta:
        table_name = "case_sources"
        # The id first: a batch looks its ids up with one IN list.
        indexes = ((("source_id", "system"), True),)


IMPORT_MODELS = (CaseSource,)
