"""Initial schema: the tables as first released, the search index, the chain head."""

from __future__ import annotations

import peewee

from .. import models


def up(db: peewee.Database, backend: str) -> None:
    with db.bind_ctx(models.ALL_MODELS):
        db.create_tables(models.ALL_MODELS)
    if backend == "sqlite":
        # Full-text index kept in step by the case repository (not by triggers: bulk paths and
        # PostgreSQL do it the same explicit way). rowid = case id.
        db.execute_sql(
            "CREATE VIRTUAL TABLE case_fts USING fts5(reference, customer, order_number, subject,"
            " body, tokenize = 'unicode61 remove_diacritics 2')"
        )
    else:
        # Split on non-word characters before the parser sees the text, exactly as the
        # search box splits what is typed: otherwise 'example.gr' stays one host token.
        db.execute_sql(
            "ALTER TABLE cases ADD COLUMN search_doc tsvector GENERATED ALWAYS AS ("
            "to_tsvector('simple'::regconfig, regexp_replace(reference || ' ' || customer_name "
            "|| ' ' || customer_email || ' ' || order_number || ' ' || subject || ' ' || "
            "description, '\\W+', ' ', 'g'))) STORED"
        )
        db.execute_sql("CREATE INDEX case_search_doc ON cases USING gin (search_doc)")
    db.execute_sql(
        "INSERT INTO chain_head (id, seq, hash, time) VALUES (1, 0, %s, '')"
        % ("'" + "0" * 64 + "'")
    )
