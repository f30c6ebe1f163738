"""A user's upgrade from the release at schema step 9 (before SLA calendars, queues, follow-ups,
case sources, offer answers and messages): the database that release wrote, by that release's
own code, reaches today's schema with `init`; its trail still verifies, today's features work on
its old cases, and a row the old release wrote, edited around the app afterwards, is named."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from resolution_center.services.setup import initialize
from resolution_center.storage.migrations import LATEST
from tests.helpers.release import made_by_release, run_release, workspace_after
from tests.helpers.sla import save_office_calendar
from tests.helpers.workspace import PASSWORD, draft

# That release's own record of every kind of row it knew (its vouched-state test's).
OLD_RECORD = (
    "import tempfile\n"
    "from pathlib import Path\n"
    "from tests.storage.test_vouched_state import build_record\n"
    "build_record(ws, Path(tempfile.mkdtemp()))\n"
    "alice = ws.login('alice')\n"
    "out = alice.cases.create(draft('Kettle leaks again')).reference"
)


def test_a_database_of_the_step_9_release_upgrades_and_verifies(db_url: str) -> None:
    old_ref = made_by_release(9, db_url, OLD_RECORD)
    result = initialize(db_url, admin="root", admin_password=PASSWORD)  # what `init` does
    assert (result.migrated_from, result.schema_version) == (9, LATEST)
    ws = workspace_after(db_url)
    try:
        root = ws.login("root")
        report = root.audit.verify()
        assert report.ok, report.problems
        # Today's features on the old release's case.
        save_office_calendar(root)
        alice = ws.login("alice")
        task = alice.follow_ups.add(old_ref, ws.clock.now + timedelta(days=1), "Call back")
        new = alice.cases.create(draft("Kettle leaks, a third one"))
        alice.case_links.link(old_ref, new.reference, "same kettle")
        alice.messages.draft(old_ref, subject="Your kettle", body="We are on it.", send=True)
        alice.follow_ups.done(task.id)
        alice.cases.change_status(old_ref, "resolved", code="refunded", summary="Paid back")
        report = ws.login("root").audit.verify()
        assert report.ok, report.problems
        ws.close()
        # A row the old release wrote, changed around the app after the upgrade.
        mark = "%s" if ws.backend == "postgresql" else "?"
        ws.tamper((f"UPDATE cases SET subject = 'edited' WHERE reference = {mark}", (old_ref,)))
        report = ws.login("root").audit.verify()
        assert any(
            p.detail and p.detail["table"] == "cases" and p.detail["column"] == "subject"
            for p in report.problems
        ), report.problems
    finally:
        ws.close()


def test_the_step_9_release_demo_database_upgrades_and_verifies(tmp_path: Path) -> None:
    # SQLite: the demo fills new files only (a back-dated history of 300 cases).
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    cases = run_release(
        9,
        "import json\n"
        "from resolution_center.services.demo import fill_demo\n"
        f"print(json.dumps(fill_demo({url!r}).cases))",
    )
    result = initialize(url, admin="root", admin_password=PASSWORD)
    assert (result.migrated_from, result.schema_version) == (9, LATEST)
    ws = workspace_after(url)
    try:
        report = ws.login("root").audit.verify()
        assert report.ok, report.problems
        assert report.events > cases
    finally:
        ws.close()
