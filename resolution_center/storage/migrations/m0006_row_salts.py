"""Per-row salts for the personal columns of row images (event format 2).

Frozen DDL: imports nothing from today's models. Deleting a row's salt erases the link between
the trail's digests and that row's personal values.
"""

from __future__ import annotations

import peewee


def up(db: peewee.Database, backend: str) -> None:
    db.execute_sql(
        "CREATE TABLE row_salts ("
        " tbl VARCHAR(40) NOT NULL,"
        " row_key VARCHAR(200) NOT NULL,"
        " salt VARCHAR(32) NOT NULL,"
        " PRIMARY KEY (tbl, row_key))"
    )
