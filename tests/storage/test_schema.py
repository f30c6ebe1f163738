"""A freshly migrated database has exactly the schema in tests/storage/schema/<backend>.txt.

Released migration steps are frozen DDL; this is what holds them (and any new step) to a
reviewed schema on both backends. `RC_UPDATE_SCHEMA=1` rewrites the snapshot from what the
migrations make: review its diff like code.
"""

from __future__ import annotations

import os

import peewee as pw
import pytest

from resolution_center.storage import schema
from resolution_center.storage.store import Store
from tests.helpers.schema import describe, read_snapshot, write_snapshot


def test_a_migrated_database_has_exactly_the_snapshot_schema(db_url: str) -> None:
    with Store.open(db_url, create=True) as store:
        found = describe(store)
        backend = store.backend
    if os.environ.get("RC_UPDATE_SCHEMA") == "1":
        write_snapshot(backend, found)
    expected = read_snapshot(backend)
    missing = [line for line in expected if line not in found]
    extra = [line for line in found if line not in expected]
    assert not missing and not extra, f"not in the snapshot: {extra}; missing: {missing}"


def test_the_models_describe_the_migrated_tables(db_url: str) -> None:
    """models.py is the schema as the code reads it: every table and column the migrations make,
    except what a backend derives for itself (its search column and index)."""
    with Store.open(db_url, create=True) as store:
        dialect = store.dialect
        tables = {t for t in store.db.get_tables() if t not in dialect.own_tables}
        assert tables == set(schema.app_tables())
        for model in schema.MODELS:
            table = model._meta.table_name
            found = {c.name for c in store.db.get_columns(table)} - dialect.derived_columns
            assert found == {f.column_name for f in model._meta.sorted_fields}, table


def test_the_table_order_puts_parents_first_and_the_trail_last() -> None:
    order = schema.app_tables()
    position = {name: i for i, name in enumerate(order)}
    for model in schema.MODELS:
        for field in model._meta.sorted_fields:
            if isinstance(field, pw.ForeignKeyField):
                parent, child = field.rel_model._meta.table_name, model._meta.table_name
                assert parent == child or position[parent] < position[child]
    assert order[-2:] == ("audit_events", "chain_head")


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_snapshot_is_kept_for_each_backend(backend: str) -> None:
    assert read_snapshot(backend), f"tests/storage/schema/{backend}.txt is missing"
