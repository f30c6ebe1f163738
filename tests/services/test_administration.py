"""What the window's set-up assistant and administration screens ask of the services, on both
backends: the schema state before set-up, a policy checked and previewed against the pending
remedies without loading it, company details audited, backups and restores that report
progress."""

from __future__ import annotations

from pathlib import Path

import pytest

from resolution_center.domain.errors import EnvironmentFault, PermissionDenied, ValidationError
from resolution_center.domain.policy import Outcome
from resolution_center.services import backup as backups
from resolution_center.services.context import resource_path
from resolution_center.services.setup import initialize, inspect
from resolution_center.storage.migrations import LATEST
from tests.helpers.remedies import eur, new_case
from tests.helpers.workspace import PASSWORD, Workspace


def _policy(version: int, specialist_partial: str = "100.00") -> str:
    text = resource_path("policy", "default.toml").read_text(encoding="utf-8")
    text = text.replace("version = 1\n", f"version = {version}\n", 1)
    eur_table = text.index("[currency.EUR.limit.specialist]")
    line = text.index('partial-refund = "100.00"', eur_table)
    return (
        text[:line]
        + f'partial-refund = "{specialist_partial}"'
        + text[line + len('partial-refund = "100.00"') :]
    )


def test_inspect_says_create_then_current_and_changes_nothing(db_url: str) -> None:
    if db_url.startswith("sqlite"):
        Path(db_url.removeprefix("sqlite:///")).touch()  # an empty file, as a new database is
    before = inspect(db_url)
    assert (before.schema_version, before.step) == (0, "create")
    assert inspect(db_url).schema_version == 0  # looking wrote nothing
    initialize(db_url, admin="root", admin_password=PASSWORD)
    after = inspect(db_url)
    assert (after.schema_version, after.step, after.latest) == (LATEST, "current", LATEST)


def test_inspect_names_a_missing_sqlite_file(tmp_path: Path) -> None:
    with pytest.raises(EnvironmentFault, match="no database at"):
        inspect("sqlite:///" + str(tmp_path / "nothing.db"))


def test_the_preview_shows_what_an_edited_policy_changes_for_each_pending_remedy(
    workspace: Workspace,
) -> None:
    alice = workspace.login("alice")
    waiting = alice.remedies.propose(
        new_case(alice, "400.00").reference, "partial-refund", eur("150.00"), reason="broke"
    )
    also = alice.remedies.propose(
        new_case(alice, "400.00", email="ann@example.com").reference,
        "partial-refund",
        eur("300.00"),
        reason="broke",
    )
    root = workspace.login("root")
    rows = {r.remedy.reference: r for r in root.remedies.preview_policy(_policy(2, "200.00"))}
    assert set(rows) == {waiting.reference, also.reference}
    lifted = rows[waiting.reference]
    assert lifted.current.outcome is Outcome.NEEDS_SIGNOFF
    assert lifted.edited.outcome is Outcome.AUTHORIZED and lifted.changed
    assert lifted.edited.policy_version == 2
    assert not rows[also.reference].changed  # still beyond the specialist's new limit
    assert root.policies.current().version == 1  # nothing was loaded
    assert lifted.to_json()["edited"]["outcome"] == "authorized"


def test_the_preview_is_refused_to_others_and_validates_like_load(workspace: Workspace) -> None:
    with pytest.raises(PermissionDenied):
        workspace.login("maria").remedies.preview_policy(_policy(2))
    root = workspace.login("root")
    with pytest.raises(ValidationError, match="not newer than the policy in force"):
        root.remedies.preview_policy(_policy(1))
    with pytest.raises(ValidationError, match="line"):
        root.policies.check(_policy(2).replace('coupon = "25.00"', "coupon = 25.5", 1))
    assert root.policies.source().startswith("# Default remedy authorization policy.")


def test_company_details_are_audited_and_printed_values_follow(workspace: Workspace) -> None:
    root = workspace.login("root")
    root.agreements.set_company(
        "Kettle & Co GmbH", ["Hauptstr. 1", "10115 Berlin"], "help@kettle.example", "HRB 12345"
    )
    company = workspace.login("alice").agreements.company()
    assert company.address == ("Hauptstr. 1", "10115 Berlin")
    assert (company.name, company.reference) == ("Kettle & Co GmbH", "HRB 12345")
    [event] = root.audit.target_trail("settings", "company")
    assert event.event.action == "settings.company_changed"
    assert event.data["new"]["name"] == "Kettle & Co GmbH"
    with pytest.raises(PermissionDenied):
        workspace.login("maria").agreements.set_company("Mine")
    assert root.audit.verify().ok


def test_backup_and_restore_report_their_progress(workspace: Workspace, tmp_path: Path) -> None:
    root = workspace.login("root")
    seen: list[tuple[int, int]] = []
    written = backups.backup(
        root, tmp_path / "copy.rcbak", progress=lambda d, t: seen.append((d, t))
    )
    assert seen and all(0 <= d <= t for d, t in seen) and seen[-1][1] > 0
    if workspace.backend != "sqlite":
        return  # a logical backup restores into an empty database (tests/storage/test_backup)
    root.close()
    stages: list[str] = []
    result = backups.restore(
        workspace.url, written["path"], config=workspace.config, step=stages.append
    )
    assert stages == ["check-backup", "copy", "check-restored", "record"]
    assert result["events_verified"] >= written["events"]


@pytest.mark.postgres
def test_a_specialists_own_role_cannot_write_company_details_or_a_policy(
    pg_server, pg_workspace: Workspace
) -> None:
    """The window hides the Administration menu; the server refuses the write regardless."""
    import psycopg2

    name = pg_workspace.url.rsplit("/", 1)[1]
    conn = psycopg2.connect(pg_server.url(name, "alice", PASSWORD))
    try:
        for statement in (
            "UPDATE settings SET value = 'Forged Ltd' WHERE key = 'company.name'",
            "INSERT INTO settings (key, value) VALUES ('company.name', 'Forged Ltd')",
            "DELETE FROM policies",
        ):
            with pytest.raises(psycopg2.Error, match="permission denied"), conn.cursor() as cur:
                cur.execute(statement)
            conn.rollback()
    finally:
        conn.close()
    assert pg_workspace.login("alice").agreements.company().name != "Forged Ltd"


def test_company_details_edited_behind_the_apps_back_are_named_by_verify(
    workspace: Workspace,
) -> None:
    workspace.login("root").agreements.set_company("Kettle & Co GmbH")
    workspace.tamper("UPDATE settings SET value = 'Forged Ltd' WHERE key = 'company.name'")
    report = workspace.login("root").audit.verify()
    assert not report.ok
    assert any("settings" in str(p) and "company.name" in str(p) for p in report.problems)
