"""A migrated database's schema as sorted text lines: tables, columns, types, constraints and
indexes, as the engine itself reports them (so two databases with the same lines have the same
schema, whatever made them)."""

from __future__ import annotations

from pathlib import Path

from resolution_center.storage.store import Store

SNAPSHOTS = Path(__file__).resolve().parent.parent / "storage" / "schema"


def _sqlite(store: Store) -> list[str]:
    # SQLite keeps each object's DDL as written: comparing it is comparing the schema exactly.
    lines = []
    for kind, name, table, sql in store.sql.all(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    ):
        lines.append(f"{kind} {name} on {table}: {sql or '(automatic)'}")
    return lines


def _postgresql(store: Store) -> list[str]:
    lines = []
    for table, column, dtype, length, nullable, default, generated, expression in store.sql.all(
        "SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, "
        "column_default, is_generated, generation_expression FROM information_schema.columns "
        "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"
    ):
        size = f"({length})" if length else ""
        null = "" if nullable == "YES" else " NOT NULL"
        dflt = f" DEFAULT {default}" if default is not None else ""
        gen = f" GENERATED {expression}" if generated == "ALWAYS" else ""
        lines.append(f"column {table}.{column}: {dtype}{size}{null}{dflt}{gen}")
    for table, name, definition in store.sql.all(
        "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
        "FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
        "WHERE n.nspname = 'public' AND c.conrelid <> 0 ORDER BY 1, 2"
    ):
        lines.append(f"constraint {table}.{name}: {definition}")
    for table, name, definition in store.sql.all(
        "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
        "ORDER BY tablename, indexname"
    ):
        lines.append(f"index {table}.{name}: {definition}")
    return lines


def describe(store: Store) -> list[str]:
    """The schema of the tables (not functions, triggers or grants: the privilege list and the
    security tests hold those)."""
    return {"sqlite": _sqlite, "postgresql": _postgresql}[store.backend](store)


def snapshot_path(backend: str) -> Path:
    return SNAPSHOTS / f"{backend}.txt"


def read_snapshot(backend: str) -> list[str]:
    path = snapshot_path(backend)
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def write_snapshot(backend: str, lines: list[str]) -> None:
    snapshot_path(backend).write_text("\n".join(lines) + "\n", encoding="utf-8")
