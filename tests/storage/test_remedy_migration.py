"""`init` brings a database made by a version-1 app up to date: backup first (SQLite), the chain
intact, the default policy loaded; and a version-1 app then refuses the newer file."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from resolution_center.domain.errors import EnvironmentFault
from resolution_center.services.context import SYSTEM_ACTOR
from resolution_center.services.session import open_context
from resolution_center.services.setup import initialize
from resolution_center.storage import pg_security
from resolution_center.storage import store as store_module
from resolution_center.storage.db import parse_target
from resolution_center.storage.migrations import LATEST, MIGRATIONS
from resolution_center.storage.store import Store
from tests.helpers.workspace import PASSWORD

REMEDY_TABLES = {"policies", "policy_authority", "policy_caps", "remedies", "remedy_signoffs"}


def _as_version_1(monkeypatch: pytest.MonkeyPatch) -> None:
    """What an app that only knows schema step 1 would do."""
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS[:1])
    monkeypatch.setattr(store_module, "LATEST", 1)


def test_init_migrates_a_version_1_database(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    target = parse_target(db_url)
    with monkeypatch.context() as v1:
        _as_version_1(v1)
        # Today's security SQL names today's tables; a v1 database is made without it.
        v1.setattr(pg_security, "install", lambda db: ("", ""))
        store = Store.open(db_url, create=True)
        try:
            assert store.schema_version() == 1
            assert not REMEDY_TABLES & set(store.db.get_tables())
            if target.backend == "sqlite":  # (PostgreSQL's append function comes with install)
                with store.transaction(SYSTEM_ACTOR, datetime(2026, 1, 5, tzinfo=UTC)) as work:
                    work.emit(
                        "database.initialized",
                        "database",
                        store.database_id(),
                        {"schema_version": 1, "backend": "sqlite"},
                    )
        finally:
            store.close()

    result = initialize(db_url, admin="root", admin_password=PASSWORD)
    assert (result.migrated_from, result.schema_version) == (1, LATEST)
    if target.backend == "sqlite":
        assert target.path is not None
        backup = target.path.with_name(f"{target.path.name}.before-v{LATEST}.bak")
        assert backup.exists()
        conn = sqlite3.connect(str(backup))
        try:  # the backup is the database as it was before migrating
            assert conn.execute(
                "SELECT value FROM settings WHERE key = 'schema_version'"
            ).fetchone() == ("1",)
        finally:
            conn.close()

    root = open_context(db_url, "root", PASSWORD)
    try:
        assert set(root.store.db.get_tables()) >= REMEDY_TABLES
        assert root.store.schema_version() == LATEST
        report = root.audit.verify()
        assert report.ok, report.problems
        actions = [
            e.event.action for e in root.audit.target_trail("database", root.store.database_id())
        ]
        # Migrated, then the rows from before event format 2 sealed as they stood.
        migrated = actions.index("database.migrated")
        assert set(actions[migrated + 1 :]) == {"state.sealed"}
        assert root.policies.current().version == 1
        assert root.audit.target_trail("policy", "1")[0].event.action == "policy.loaded"
    finally:
        root.close()

    assert initialize(db_url).migrated_from == LATEST  # init again: nothing more to do
    with monkeypatch.context() as v1:
        _as_version_1(v1)
        with pytest.raises(EnvironmentFault, match="newer than this app understands"):
            Store.open(db_url)
