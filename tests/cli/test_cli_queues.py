"""`queue ...`, `case escalate --to` and `case deescalate` from the command line."""

from __future__ import annotations

from tests.cli.conftest import PASSWORDS, Cli, case_args

PASSWORDS.setdefault("sam", "sam-pass-1")


def _with_senior(ready: Cli) -> Cli:
    ready.ok(
        "user", "add", "sam", "--role", "senior-specialist", user="root", stdin=PASSWORDS["sam"]
    )
    return ready


def test_queue_list_and_membership(ready: Cli) -> None:
    cli = _with_senior(ready)
    queues = {q["queue"]: q for q in cli.ok("queue", "list", user="alice")["items"]}
    assert [m["username"] for m in queues["frontline"]["members"]] == ["alice", "bob"]
    assert [m["username"] for m in queues["senior"]["members"]] == ["sam"]
    assert queues["expert"]["members"] == [] and queues["expert"]["routing"]["mode"] == "off"
    text = cli("queue", "list", user="alice", json_mode=False)
    assert "alice, bob" in text.out and "resolution-center experts" in text.out
    refused = cli("queue", "add-member", "senior", "alice", user="alice")
    assert refused.code != 0 and "only an admin" in refused.error["message"]
    added = cli.ok("queue", "add-member", "senior", "alice", "--reason", "cover", user="root")
    assert [m["username"] for m in added["members"]] == ["alice", "sam"]
    removed = cli.ok("queue", "remove-member", "senior", "alice", user="root")
    assert [m["username"] for m in removed["members"]] == ["sam"]
    unknown = cli("queue", "add-member", "platinum", "alice", user="root")
    assert unknown.code == 3 and unknown.error["field"] == "queue"


def test_escalate_to_a_member_and_deescalate(ready: Cli) -> None:
    cli = _with_senior(ready)
    ref = cli.ok(*case_args(), user="alice")["reference"]
    cli.ok("case", "assign", ref, "alice", user="alice")
    outsider = cli("case", "escalate", ref, "--reason", "x", "--to", "bob", user="alice")
    assert (
        outsider.code == 3
        and "bob is not in the senior specialists queue" in (outsider.error["message"])
    )
    up = cli.ok("case", "escalate", ref, "--reason", "needs a senior", "--to", "sam", user="alice")
    assert (up["tier"], up["assignee"], up["status"]) == ("senior", "sam", "escalated")
    text = cli(
        "case",
        "deescalate",
        ref,
        "--reason",
        "frontline can refund",
        user="sam",
        password=PASSWORDS["sam"],
        json_mode=False,
    )
    assert text.code == 0 and "de-escalated to tier frontline, waiting in its queue" in text.out
    again = cli("case", "deescalate", ref, "--reason", "lower", user="alice")
    assert again.code == 3 and again.error["field"] == "tier"
    trail = cli.ok("case", "show", ref, user="alice")["trail"]
    kinds = [e["action"] for e in trail]
    assert kinds[-2:] == ["case.escalated", "case.deescalated"]


def test_routing_round_robin_and_by_category(ready: Cli) -> None:
    bad = ready("queue", "routing", "frontline", "by-category", "--category", "nope", user="root")
    assert bad.code != 0
    ready.ok("queue", "routing", "frontline", "round-robin", user="root")
    first = ready.ok(*case_args(), user="alice")
    second = ready.ok(*case_args(), user="alice")
    assert (first["assignee"], second["assignee"]) == ("alice", "bob")
    ready.ok(
        "queue",
        "routing",
        "frontline",
        "by-category",
        "--category",
        "return-refund=bob",
        user="root",
    )
    third = ready.ok(*case_args(), user="alice")
    assert third["assignee"] == "bob"
    listed = ready.ok("queue", "list", user="alice")["items"][0]["routing"]
    assert listed == {"mode": "by-category", "categories": {"return-refund": "bob"}}


def test_on_breach_is_shown_and_set_by_an_admin(ready: Cli) -> None:
    assert ready.ok("queue", "on-breach", user="alice") == {"on_breach": "resolution"}
    refused = ready("queue", "on-breach", "both", user="alice")
    assert refused.code == 6
    assert ready.ok("queue", "on-breach", "both", user="root") == {"on_breach": "both"}
    bad = ready("queue", "on-breach", "sometimes", user="root")
    assert bad.code == 3 and bad.error["field"] == "on_breach"
