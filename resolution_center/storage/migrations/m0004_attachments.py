"""Evidence and attachments: files attached to cases, stored in the database."""

from __future__ import annotations

import peewee

from .. import attachment_models


def up(db: peewee.Database, backend: str) -> None:
    with db.bind_ctx(attachment_models.ATTACHMENT_MODELS):
        db.create_tables(attachment_models.ATTACHMENT_MODELS)
