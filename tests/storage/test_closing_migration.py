"""An upgrade across schema step 12 keeps `verify` passing: the cases' rows gain three columns
the images in older events lack, so the upgrade seals the rows as they stand (SQLite: the
trail is replayed in the app, and a case written before the step is an ordinary row)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from resolution_center.domain.case import CaseQuery, Priority, check_customer, check_order
from resolution_center.services.session import open_context
from resolution_center.services.setup import initialize
from resolution_center.storage import store as store_module
from resolution_center.storage.cases import CaseRepository
from resolution_center.storage.migrations import LATEST, MIGRATIONS
from resolution_center.storage.store import Actor, Store
from tests.helpers.workspace import PASSWORD, draft


def _case_written_before_step_12(url: str) -> None:
    """A case row and its event as an app at step 11 wrote them (no step 12 columns)."""
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    new = draft()
    with Store.open(url) as store:
        repo = CaseRepository(store)
        with store.transaction(Actor("root", "admin"), now) as work:
            customer = check_customer(new.customer)
            customer_id, _created = repo.customer_for(customer, now)
            case_id = repo.insert(
                "RC-2026-000001",
                customer_id,
                customer,
                check_order(new.order),
                category=new.category,
                subcategory=None,
                safety_hazard=False,
                channel=new.channel.value,
                priority=Priority.NORMAL,
                tier="frontline",
                subject=new.subject,
                description=new.description,
                tags=(),
                now=now,
                first_response_due=now + timedelta(days=1),
                resolution_due=now + timedelta(days=5),
                actor="root",
            )
            work.emit("case.created", "case", "RC-2026-000001", {"version": 1}, case_id=case_id)


def test_verify_passes_after_upgrading_a_database_with_cases_across_step_12(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = "sqlite:///" + str(tmp_path / "old.db")
    before = tuple(m for m in MIGRATIONS if m[0] < 12)
    with monkeypatch.context() as old:
        old.setattr(store_module, "MIGRATIONS", before)
        old.setattr(store_module, "LATEST", before[-1][0])
        initialize(url, admin="root", admin_password=PASSWORD)
        _case_written_before_step_12(url)

    result = initialize(url)
    assert (result.migrated_from, result.schema_version) == (before[-1][0], LATEST)
    with open_context(url, "root", PASSWORD) as root:
        assert root.audit.verify().ok
        root.users.add("alice", "Alice", "specialist", PASSWORD)
    with open_context(url, "alice", PASSWORD) as alice:
        [row] = alice.cases.list(CaseQuery()).items
        case = alice.cases.get(row.id)
        assert (case.resolution_code, case.resolution_summary, case.merged_into) == (None, "", None)
        alice.cases.change_status(case.id, "resolved", code="refunded", summary="Paid back")
    with open_context(url, "root", PASSWORD) as root:
        assert root.audit.verify().ok
