"""Negotiated agreements: offers, agreement versions (the frozen value) and their exports."""

from __future__ import annotations

import peewee

from .. import agreement_models


def up(db: peewee.Database, backend: str) -> None:
    with db.bind_ctx(agreement_models.AGREEMENT_MODELS):
        db.create_tables(agreement_models.AGREEMENT_MODELS)
