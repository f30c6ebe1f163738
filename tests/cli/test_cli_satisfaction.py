"""Satisfaction and notifications on the command line: `survey record|send|show|list`,
`notification list|read`, with the JSON and exit-code conventions."""

from __future__ import annotations

from tests.cli.conftest import Cli, case_args


def _resolved(cli: Cli) -> str:
    ref = str(cli.ok(*case_args(), user="alice")["reference"])
    cli.ok(
        "case", "status", ref, "resolved", "--code", "refunded", "--summary", "Done", user="alice"
    )
    return ref


def test_a_score_recorded_from_the_command_line(ready: Cli) -> None:
    ref = _resolved(ready)
    # The survey went out with the resolution; asking again is refused with the reason.
    again = ready("survey", "send", ref, user="alice")
    assert again.code == 3 and "already has its satisfaction survey" in again.error["message"]
    bad = ready("survey", "record", ref, "--score", "9", "--source", "phone", user="alice")
    assert bad.code == 3 and bad.error["field"] == "score"
    wrong = ready("survey", "record", ref, "--score", "4", "--source", "fax", user="alice")
    assert wrong.code == 2  # not one of the choices: a usage error
    low = ready.ok(
        "survey", "record", ref, "--score", "2", "--source", "chat", "--comment", "Slow",
        user="bob",
    )  # fmt: skip
    assert (low["score"], low["source"], low["comment"], low["low"]) == (2, "chat", "Slow", True)
    text = ready(
        "survey", "record", ref, "--score", "5", "--source", "phone", user="alice", json_mode=False
    )
    assert text.code == 0 and f"{ref}: 5 of 5 by phone recorded" in text.out
    shown = ready.ok("survey", "show", ref, user="alice")["items"]
    assert [(s["score"], s["current"]) for s in shown] == [(2, False), (5, True)]
    listed = ready.ok("survey", "list", user="alice")["items"]
    assert [(s["case"], s["score"]) for s in listed] == [(ref, 5)]
    assert ready.ok("survey", "list", "--low", user="alice")["items"] == []
    # The case has no assignee: the low score's follow-up is bob's, who recorded it.
    tasks = ready.ok("case", "task", "list", ref, user="alice")["items"]
    assert [t["assignee"] for t in tasks] == ["bob"]
    assert "Satisfaction score 2 of 5" in tasks[0]["note"]
    assert ready.ok("verify", user="root")["ok"] is True


def test_notifications_listed_and_read_from_the_command_line(ready: Cli) -> None:
    refs = [str(ready.ok(*case_args(), user="bob")["reference"]) for _ in range(2)]
    for ref in refs:
        ready.ok("case", "assign", ref, "alice", user="bob")
    listed = ready.ok("notification", "list", user="alice")
    assert listed["unread"] == 2
    assert [(n["kind"], n["case"], n["read"]) for n in listed["items"]] == [
        ("assigned", refs[1], False),
        ("assigned", refs[0], False),
    ]
    first = listed["items"][1]["id"]
    assert ready.ok("notification", "read", str(first), user="alice")["marked"] == [first]
    unread = ready.ok("notification", "list", "--unread", user="alice")["items"]
    assert [n["case"] for n in unread] == [refs[1]]
    neither = ready("notification", "read", user="alice")
    assert neither.code == 2 and "--all" in neither.error["message"]
    foreign = ready("notification", "read", str(first), user="bob")
    assert foreign.code != 0 and "among yours" in foreign.error["message"]
    text = ready("notification", "read", "--all", user="alice", json_mode=False)
    assert text.code == 0 and "1 notification(s) marked read" in text.out
    assert ready.ok("notification", "list", "--unread", user="alice")["items"] == []
