"""Remedy authorization: versioned policies (flattened for the database to check), remedies and
their sign-offs."""

from __future__ import annotations

import peewee

from .. import models


def up(db: peewee.Database, backend: str) -> None:
    with db.bind_ctx(models.REMEDY_MODELS):
        db.create_tables(models.REMEDY_MODELS)
