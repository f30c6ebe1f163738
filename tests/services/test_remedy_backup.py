"""Remedies, sign-offs and policy versions travel with backups, into either backend."""

from __future__ import annotations

from pathlib import Path

import pytest

from resolution_center.services.backup import backup, restore
from tests.helpers.remedies import eur, new_case
from tests.helpers.workspace import PASSWORD, Workspace

pytestmark = pytest.mark.postgres


def test_a_logical_backup_restores_remedies_into_sqlite(
    pg_workspace: Workspace, tmp_path: Path
) -> None:
    alice = pg_workspace.login("alice")
    case = new_case(alice, "400.00")
    pending = alice.remedies.propose(case.reference, "partial-refund", eur("150.00"), reason="x")
    pg_workspace.login("sam").remedies.approve(pending.reference, PASSWORD, "ok")
    out = backup(pg_workspace.login("root"), tmp_path / "rc.backup")

    url = "sqlite:///" + str(tmp_path / "restored.db")
    restore(url, tmp_path / "rc.backup", config=pg_workspace.config, clock=pg_workspace.clock)
    other = Workspace(url, pg_workspace.clock, pg_workspace.config)
    try:
        root = other.login(None)  # users from PostgreSQL have no password here yet
        restored = root.remedies.show(pending.reference)
        assert restored.state.value == "approved" and restored.approvers == ("sam",)
        assert restored.decision == pending.decision
        assert root.policies.current().version == 1
        report = root.audit.verify()
        assert report.ok and report.events == out["events"] + 1
    finally:
        other.close()
