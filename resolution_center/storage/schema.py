"""The app's tables as one list, derived from the models: what backups copy, in an order a
restore can insert them in."""

from __future__ import annotations

import peewee as pw

from . import models
from .agreement_models import AGREEMENT_MODELS
from .attachment_models import ATTACHMENT_MODELS
from .closing_models import CLOSING_MODELS
from .dialect import DIALECTS
from .import_models import IMPORT_MODELS
from .mail_models import MAIL_MODELS
from .message_models import MESSAGE_MODELS
from .notification_models import NOTIFICATION_MODELS
from .outbox_models import OUTBOX_MODELS
from .queue_models import QUEUE_MODELS
from .review_models import REVIEW_MODELS
from .satisfaction_models import SATISFACTION_MODELS
from .sla_models import SLA_MODELS

MODELS: tuple[type[pw.Model], ...] = (
    *models.ALL_MODELS,
    *models.REMEDY_MODELS,
    *AGREEMENT_MODELS,
    *ATTACHMENT_MODELS,
    *IMPORT_MODELS,
    *CLOSING_MODELS,
    *MESSAGE_MODELS,
    *OUTBOX_MODELS,
    *MAIL_MODELS,
    *QUEUE_MODELS,
    *SLA_MODELS,
    *SATISFACTION_MODELS,
    *NOTIFICATION_MODELS,
    *REVIEW_MODELS,
    models.RowSalt,
)
# The trail goes last and its head after it: PostgreSQL's guard checks each event against the
# head, and every row an event vouches for is there before it.
TRAIL = ("audit_events", "chain_head")
# Columns a backend works out from others (its search text): never copied, rebuilt on restore.
DERIVED_COLUMNS = frozenset().union(*(d.derived_columns for d in DIALECTS.values()))


def app_tables() -> tuple[str, ...]:
    """Every table of the app, parents before children (foreign keys), the trail last."""
    ordered = [m._meta.table_name for m in pw.sort_models(MODELS)]  # type: ignore[attr-defined]  # not in the stubs
    return (*(t for t in ordered if t not in TRAIL), *TRAIL)


def serial_tables() -> tuple[str, ...]:
    """Tables whose `id` a sequence gives (PostgreSQL's must be moved past restored rows)."""
    return tuple(
        m._meta.table_name for m in MODELS if isinstance(m._meta.primary_key, pw.AutoField)
    )


def boolean_columns() -> frozenset[str]:
    """Column names that hold booleans (SQLite stores 0/1; a restore gives them back as such)."""
    return frozenset(
        f.column_name
        for m in MODELS
        for f in m._meta.sorted_fields
        if isinstance(f, pw.BooleanField)
    )
