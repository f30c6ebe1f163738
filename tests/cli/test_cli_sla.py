"""`sla sweep` and `sla calendar show|list|set` from the command line."""

from __future__ import annotations

from pathlib import Path

from resolution_center.domain.case import Priority
from tests.cli.conftest import Cli
from tests.helpers.workspace import PASSWORD, Workspace, draft


def test_an_admin_sets_the_calendar_and_everyone_reads_it(ready: Cli) -> None:
    saved = ready.ok(
        "sla",
        "calendar",
        "set",
        "--time-zone",
        "Europe/Berlin",
        "--hours",
        "mon-fri=08:00-17:00",
        "--hours",
        "sat,sun=closed",
        "--country",
        "DE",
        "--region",
        "BY",
        "--own-day",
        "2026-12-24",
        "--target",
        "high=4h/24h",
        "--target",
        "fraud-suspicion:critical=30m/8h",
        "--warn-percent",
        "75",
        user="root",
    )
    assert saved["version"] == 1 and saved["hours"]["saturday"] == "closed"
    assert saved["targets"]["high"] == "4h/24h"
    assert saved["category_targets"] == {"fraud-suspicion": {"critical": "30m/8h"}}
    again = ready.ok("sla", "calendar", "set", "--warn-percent", "90", user="root")
    assert (again["version"], again["time_zone"], again["warn_percent"]) == (2, "Europe/Berlin", 90)
    shown = ready.ok("sla", "calendar", "show", "--version", "1", user="alice")
    assert shown["warn_percent"] == 75 and shown["own_days"] == ["2026-12-24"]
    assert [v["version"] for v in ready.ok("sla", "calendar", "list", user="alice")["items"]] == [
        2,
        1,
    ]


def test_bad_calendars_and_non_admins_are_refused_with_the_field(ready: Cli) -> None:
    refused = ready("sla", "calendar", "set", "--warn-percent", "80", user="alice")
    assert (refused.code, refused.error["kind"]) == (6, "permission")
    zone = ready("sla", "calendar", "set", "--time-zone", "Mars/Base", user="root")
    assert zone.code == 3 and "Mars/Base" in zone.error["message"]
    hours = ready("sla", "calendar", "set", "--hours", "mon=9-5", user="root")
    assert (hours.code, hours.error["field"]) == (3, "hours")
    target = ready("sla", "calendar", "set", "--target", "high=1x/2h", user="root")
    assert target.code == 3 and "8h, 30m" in target.error["message"]
    assert ready.ok("sla", "calendar", "show", user="alice")["version"] == 0  # built in


def test_the_sweep_records_overdue_cases_once(tmp_path: Path) -> None:
    url = "sqlite:///" + str(tmp_path / "rc.db")
    ws = Workspace.create(url)  # its clock stands in November 2026: these cases are long due
    alice = ws.login("alice")
    refs = [
        alice.cases.create(draft(f"Case {i}", priority=Priority.HIGH)).reference for i in range(3)
    ]
    ws.close()
    cli = Cli(url, tmp_path / "rc.db")
    swept = cli.ok("sla", "sweep", user="alice", password=PASSWORD)
    assert swept["breaches"] == 6  # first response and resolution of each
    assert sorted({i["case"] for i in swept["items"]}) == sorted(refs)
    assert cli.ok("sla", "sweep", user="alice", password=PASSWORD)["breaches"] == 0
    listed = cli.ok("case", "list", "--sla", "overdue", user="alice", password=PASSWORD)
    assert listed["total"] == 3
    assert cli.ok("verify")["ok"] is True
    history = cli.ok("sla", "history", refs[0], user="alice", password=PASSWORD)
    assert history["sla"] == "overdue" and history["reproduced"] is True
    assert [e["event"] for e in history["clock"]] == ["breached", "breached"]
    assert history["from_trail"]["resolution_due"] == history["stored"]["resolution_due"]
