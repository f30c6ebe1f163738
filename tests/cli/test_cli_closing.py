"""Closing the loop on the command line: resolve with a code, close refused over an open
remedy, follow-ups, links and merges, the customer page, the likely-duplicate warning."""

from __future__ import annotations

from tests.cli.conftest import Cli, case_args, propose


def _new(cli: Cli, **overrides: str) -> str:
    return str(cli.ok(*case_args(**overrides), user="alice")["reference"])


def test_resolve_needs_code_and_summary_and_close_lists_open_remedies(ready: Cli) -> None:
    ref = _new(ready)
    remedy = propose(ready, ref, "20.00", "arrived late")
    codes = ready.ok("case", "resolution-codes", user="alice")["items"]
    assert {"code": "refunded", "label": "Refunded"} in codes
    unknown = ready(
        "case", "status", ref, "resolved", "--code", "magic", "--summary", "x", user="alice"
    )
    assert unknown.code == 3 and "unknown resolution code 'magic'" in unknown.error["message"]
    resolved = ready.ok(
        "case",
        "status",
        ref,
        "resolved",
        "--code",
        "partially-refunded",
        "--summary",
        "20.00 EUR back for the delay",
        user="alice",
    )
    assert (resolved["resolution_code"], resolved["resolution_summary"]) == (
        "partially-refunded",
        "20.00 EUR back for the delay",
    )
    refused = ready("case", "status", ref, "closed", user="alice", json_mode=False)
    assert refused.code == 3
    assert remedy["reference"] in refused.err and "supervisor" in refused.err
    override = ready("case", "status", ref, "closed", "--override", "ok", user="alice")
    assert override.error["kind"] == "permission"
    ready.ok("remedy", "fulfil", remedy["reference"], user="alice")
    assert ready.ok("case", "status", ref, "closed", user="alice")["status"] == "closed"


def test_follow_ups_from_the_command_line(ready: Cli) -> None:
    ref = _new(ready)
    bad = ready("case", "task", "add", ref, "--due", "next tuesday", "--note", "x", user="alice")
    assert bad.code == 3 and bad.error["field"] == "due"
    task = ready.ok(
        "case",
        "task",
        "add",
        ref,
        "--due",
        "2030-01-02 09:30",
        "--note",
        "Call the carrier",
        "--assignee",
        "bob",
        user="alice",
    )
    assert (task["assignee"], task["state"], task["due_at"]) == (
        "bob",
        "open",
        "2030-01-02T09:30:00.000000Z",
    )
    assert [t["id"] for t in ready.ok("case", "task", "list", user="bob")["items"]] == [task["id"]]
    assert ready.ok("case", "task", "list", "--due", user="bob")["items"] == []  # not yet due
    done = ready.ok("case", "task", "done", str(task["id"]), user="bob")
    assert done["state"] == "done" and done["closed_by"] == "bob"
    again = ready("case", "task", "cancel", str(task["id"]), user="alice")
    assert again.code == 3 and "already done" in again.error["message"]
    shown = ready.ok("case", "show", ref, user="alice")
    assert [t["state"] for t in shown["tasks"]] == ["done"]
    assert [e["action"] for e in shown["trail"]][-2:] == ["task.set", "task.done"]


def test_duplicate_warning_link_merge_and_customer_page(ready: Cli) -> None:
    first = _new(ready)
    second_run = ready(*case_args(subject="Kettle leaks again"), user="alice", json_mode=False)
    assert second_run.code == 0
    assert "warning: likely duplicate" in second_run.out and first in second_run.out
    other = ready.ok(*case_args(**{"order-number": "ORD-2002"}), user="alice")
    assert other["likely_duplicates"] == []
    second = ready.ok("case", "list", "--search", "again", user="alice")["items"][0]["reference"]

    link = ready.ok("case", "link", first, other["reference"], "--reason", "same shop", user="bob")
    assert link["kind"] == f"linked with {other['reference']}"
    merged = ready.ok(
        "case", "merge", second, "--into", first, "--reason", "same kettle", user="alice"
    )
    assert (merged["status"], merged["merged_into"]) == ("closed", first)
    links = ready.ok("case", "show", first, user="alice")["links"]
    assert [x["case"] for x in links] == [other["reference"], second]

    propose(ready, first, "15.00", "goodwill")
    page = ready.ok("case", "customer", other["reference"], user="alice")
    assert [c["reference"] for c in page["cases"]][-1] == first
    assert page["window_totals"] == [{"amount": "15.00", "currency": "EUR"}]
    assert page["repeat_claimant"] is False and page["satisfaction_scores"] == []
    text = ready("case", "customer", first, user="alice", json_mode=False)
    assert "satisfaction scores: none yet" in text.out
