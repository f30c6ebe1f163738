"""Tables read and written whole, for backup and restore (services/backup.py decides what and
when; the SQL is here)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..domain.errors import EnvironmentFault, ValidationError
from . import schema
from .store import Store

DERIVED_COLUMNS = schema.DERIVED_COLUMNS
BOOLEAN_COLUMNS = schema.boolean_columns()


def columns(store: Store, table: str) -> list[str]:
    """A table's columns as backed up (derived ones are rebuilt on restore)."""
    cursor = store.sql.execute(f"SELECT * FROM {table} WHERE 1 = 0")
    return [d[0] for d in cursor.description if d[0] not in DERIVED_COLUMNS]


def rows(store: Store, table: str, cols: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    """Every row, streamed; by id where there is one, so parents come first (offers)."""
    order = " ORDER BY id" if "id" in cols else ""
    cursor = store.sql.execute(f"SELECT {', '.join(cols)} FROM {table}{order}")
    while batch := cursor.fetchmany(5_000):
        yield from batch


def read_sqlite_file(path: Path) -> Iterator[tuple[str, list[str], list[list[Any]]]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        for table in schema.app_tables():
            if table not in present:  # a backup from before the table existed (older schema)
                continue
            cursor = conn.execute(f"SELECT * FROM {table}")
            keep = [i for i, d in enumerate(cursor.description) if d[0] not in DERIVED_COLUMNS]
            cols = [cursor.description[i][0] for i in keep]
            yield table, cols, [[r[i] for i in keep] for r in cursor.fetchall()]
    except sqlite3.Error as exc:
        raise ValidationError(f"{path} is not a Resolution Center backup: {exc}") from exc
    finally:
        conn.close()


def copy_sqlite_file(source: Path, target: Path) -> None:
    """A SQLite backup file copied over the target file, page by page (SQLite's backup API)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    except sqlite3.Error as exc:
        raise EnvironmentFault(f"cannot restore into {target}: {exc}") from exc
    finally:
        src.close()
        dst.close()


def load(store: Store, table: str, cols: Sequence[str], values: Sequence[Sequence[Any]]) -> None:
    """One backed-up table into a freshly migrated, empty database (inside the caller's
    transaction)."""
    records = [dict(zip(cols, r, strict=True)) for r in values]
    if table == "chain_head":
        for rec in records:  # the head row exists from the migration; move it
            store.sql.execute(
                "UPDATE chain_head SET seq = ?, hash = ?, time = ? WHERE id = 1",
                (rec["seq"], rec["hash"], rec["time"]),
            )
        return
    if table == "settings":  # keep the original database id: checkpoints match
        store.sql.execute("DELETE FROM settings")
    if not records:
        return
    marks = ", ".join("?" for _ in cols)
    store.sql.executemany(
        f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})",
        [
            [bool(v) if c in BOOLEAN_COLUMNS and v is not None else v for c, v in rec.items()]
            for rec in records
        ],
    )
