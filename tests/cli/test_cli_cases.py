"""`case` commands end to end through main(): JSON shapes, refusals and their exit codes."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from resolution_center.domain.case import Case
from resolution_center.services.cases import CaseService

from .conftest import Cli, case_args

ISO_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
REF = re.compile(r"^RC-\d{4}-\d{6}$")


def new_case(cli: Cli, user: str = "alice", **overrides: Any) -> dict[str, Any]:
    return cli.ok(*case_args(**overrides), user=user)


def total(cli: Cli) -> int:
    return cli.ok("case", "list", user="alice")["total"]


def events(cli: Cli) -> int:
    return cli.ok("verify")["events"]


def test_case_new_json_field_by_field(ready: Cli) -> None:
    case = new_case(ready)
    assert REF.match(case["reference"])
    assert case["reference"].startswith(f"RC-{datetime.now(UTC).year}-")
    assert case["subject"] == "Kettle leaks"
    assert case["description"] == "It leaks.\nSince day one."
    assert case["status"] == "new"
    assert case["priority"] == "normal"
    assert case["tier"] == "frontline"
    assert case["channel"] == "email"
    assert case["category"] == "return-refund"
    assert case["subcategory"] is None
    assert case["safety_hazard"] is False
    assert case["assignee"] is None
    assert case["tags"] == ["leak", "kettle", "home"]
    assert case["version"] == 1
    assert case["updated_by"] == "alice"
    assert case["sla"] in ("on-time", "due-soon")
    for key in ("created_at", "updated_at", "first_response_due", "resolution_due"):
        assert ISO_Z.match(case[key]), key
    assert case["first_responded_at"] is None and case["resolved_at"] is None
    assert case["customer"]["name"] == "Zoë Łukasiewicz-Ørsted"
    assert case["customer"]["email"] == "zoe@example.com"
    assert case["customer"]["phone"] == "+48 600 100 200"
    order = case["order"]
    assert order["number"] == "ORD-1001"
    assert order["currency"] == "EUR"
    assert order["total"] == {"minor": 12000, "currency": "EUR"}
    assert order["shipping"] == {"minor": 499, "currency": "EUR"}
    assert order["placed_on"] == "2026-11-01"
    assert order["items"] == [
        {
            "line_no": 1,
            "sku": "SKU-1",
            "product": "Electric kettle",
            "seller": "Acme Home",
            "quantity": 2,
            "unit_price": {"minor": 6000, "currency": "EUR"},
            "total": {"minor": 12000, "currency": "EUR"},
        }
    ]


def test_case_new_minimal_and_currency_exponent(ready: Cli) -> None:
    case = new_case(
        ready,
        currency="jpy",
        order_total="1500",
        shipping=None,
        order_date=None,
        item=None,
        description=None,
        tag=None,
        customer_phone=None,
    )
    assert case["order"]["total"] == {"minor": 1500, "currency": "JPY"}
    assert case["order"]["shipping"] == {"minor": 0, "currency": "JPY"}
    assert case["order"]["items"] == [] and case["tags"] == []
    assert case["description"] == ""


@pytest.fixture
def safety_args() -> list[str]:
    return [*case_args(category="product-defect"), "--safety-hazard"]


def test_safety_hazard_makes_a_case_critical(ready: Cli, safety_args: list[str]) -> None:
    case = ready.ok(*safety_args, user="alice")
    assert case["safety_hazard"] is True
    assert case["priority"] == "critical"


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"order_total": "12,50"}, "amount", "not an amount"),
        ({"order_total": "10.001"}, "amount", "decimal places"),
        ({"currency": "XXX"}, "currency", "unknown currency"),
        ({"item": ["SKU|Only three|parts"]}, "items", "SKU|Product|Seller|QTY|PRICE"),
        ({"item": ["S|P|Seller|two|1.00"]}, "items", "not a quantity"),
        ({"order_date": "01.11.2026"}, "order_date", "YYYY-MM-DD"),
        ({"channel": "pigeon"}, "channel", "known: email"),
        ({"customer_email": "not-an-email"}, "email", "not an email"),
    ],
)
def test_case_new_input_refused(
    ready: Cli, overrides: dict[str, Any], field: str, words: str
) -> None:
    result = ready(*case_args(**overrides), user="alice")
    assert result.code == 3, result.err
    assert result.error["field"] == field
    assert words in result.error["message"]
    assert total(ready) == 0


def test_unknown_category_lists_the_known_ones(ready: Cli) -> None:
    result = ready(*case_args(category="complaints"), user="alice")
    assert result.code == 3
    err = result.error
    assert err["kind"] == "validation"
    assert err["field"] == "category"
    assert "unknown category 'complaints'" in err["message"]
    for known in ("return-refund", "product-defect", "billing-dispute", "fraud-suspicion"):
        assert known in err["message"]
    listed = ready("case", "list", "--category", "complaints", user="alice")
    assert listed.code == 3 and "return-refund" in listed.error["message"]


def test_sql_metacharacters_round_trip_exactly(ready: Cli) -> None:
    subject = 'Robert\'); DROP TABLE cases;-- "x" 100% _under_ \\back\\ `tick` ; --'
    description = "'; DELETE FROM audit_events WHERE 1=1; --\n%s ? :name $1"
    case = new_case(ready, subject=subject, description=description)
    assert case["subject"] == subject
    shown = ready.ok("case", "show", case["reference"], user="alice")
    assert shown["subject"] == subject
    assert shown["description"] == description
    assert total(ready) == 1
    assert ready.ok("verify")["ok"] is True


def test_100kb_description_is_refused_and_nothing_written(ready: Cli, tmp_path: Path) -> None:
    new_case(ready)
    before_total, before_events = total(ready), events(ready)
    result = ready(*case_args(description="x" * 100_000), user="alice")
    assert result.code == 3
    assert result.error["field"] == "description"
    assert "too long" in result.error["message"]
    big = tmp_path / "big.txt"
    big.write_text("é" * 100_000, encoding="utf-8")
    result = ready(*case_args(description=None, description_file=str(big)), user="alice")
    assert result.code == 3
    assert result.error["field"] == "description"
    assert total(ready) == before_total
    assert events(ready) == before_events


def test_description_from_a_file_and_from_stdin(ready: Cli, tmp_path: Path) -> None:
    text_file = tmp_path / "d.txt"
    text_file.write_text("From a file\r\nwith CRLF\n", encoding="utf-8")
    case = new_case(ready, description=None, description_file=str(text_file))
    assert case["description"] == "From a file\nwith CRLF"
    piped = ready.ok(
        *case_args(description=None, description_file="-"),
        user="alice",
        stdin="Piped after the password\nline 2\n",
    )
    assert piped["description"] == "Piped after the password\nline 2"
    missing = ready(
        *case_args(description=None, description_file=str(tmp_path / "no.txt")), user="alice"
    )
    assert missing.code == 2


def test_case_list_json_page(ready: Cli) -> None:
    first = new_case(ready, subject="First")
    second = new_case(ready, subject="Second", category="billing-dispute", priority="high")
    page = ready.ok("case", "list", user="alice")
    assert set(page) == {"items", "total", "total_exact", "limit", "offset"}
    assert page["total"] == 2 and page["limit"] == 50 and page["offset"] == 0
    assert page["total_exact"] is True
    row = page["items"][0]
    assert row["reference"] == second["reference"]  # newest change first by default
    assert row["subject"] == "Second"
    assert row["priority"] == "high"
    assert row["category"] == "billing-dispute"
    assert row["customer_name"] == "Zoë Łukasiewicz-Ørsted"
    assert row["order_number"] == "ORD-1001"
    assert row["assignee"] is None
    assert ISO_Z.match(row["updated_at"])
    asc = ready.ok("case", "list", "--sort", "created", "--limit", "1", user="alice")
    assert [r["reference"] for r in asc["items"]] == [first["reference"]]
    assert asc["total"] == 2 and asc["limit"] == 1
    desc = ready.ok("case", "list", "--sort", "-created", "--offset", "1", user="alice")
    assert [r["reference"] for r in desc["items"]] == [first["reference"]]
    assert desc["offset"] == 1
    bad = ready("case", "list", "--sort", "colour", user="alice")
    assert bad.code == 3 and bad.error["field"] == "sort"


def test_case_list_filters(ready: Cli) -> None:
    a = new_case(ready, subject="Alpha")
    b = new_case(ready, subject="Bravo", priority="high", channel="chat")
    ready.ok("case", "assign", b["reference"], "bob", user="alice")

    def refs(*args: str) -> set[str]:
        return {r["reference"] for r in ready.ok("case", "list", *args, user="alice")["items"]}

    assert refs("--status", "new") == {a["reference"]}
    assert refs("--status", "new,open") == {a["reference"], b["reference"]}
    assert refs("--status", "new", "--status", "open") == {a["reference"], b["reference"]}
    assert refs("--assignee", "bob") == {b["reference"]}
    assert refs("--assignee", "none") == {a["reference"]}
    assert refs("--priority", "HIGH") == {b["reference"]}
    assert refs("--channel", "chat,phone") == {b["reference"]}
    assert refs("--tier", "frontline", "--open") == {a["reference"], b["reference"]}
    assert refs("--category", "return-refund") == {a["reference"], b["reference"]}
    assert refs("--sla", "overdue") == set()
    assert refs("--search", "bravo") == {b["reference"]}
    assert refs("--search", a["reference"]) == {a["reference"]}
    bad = ready("case", "list", "--status", "pending", user="alice")
    assert bad.code == 3 and "waiting-on-customer" in bad.error["message"]


@pytest.mark.parametrize(
    "text", ['"foo AND (bar', "NEAR(a b)", "*", "' OR 1=1 --", 'subject:"x', "-", "a^b OR NOT"]
)
def test_search_with_quotes_and_operators(ready: Cli, text: str) -> None:
    new_case(ready, subject="foo bar baz")
    result = ready("case", "list", "--search", text, user="alice")
    assert result.code == 0, result.err
    assert isinstance(result.data["total"], int)


def test_case_list_text_is_a_table(ready: Cli) -> None:
    case = new_case(ready, subject="Kettle leaks")
    result = ready("case", "list", user="alice", json_mode=False)
    assert result.code == 0
    header, row, footer = result.out.splitlines()
    assert header.split() == [
        "REFERENCE",
        "STATUS",
        "PRIORITY",
        "TIER",
        "SLA",
        "ASSIGNEE",
        "UPDATED",
        "AT",
        "SUBJECT",
    ]
    assert row.startswith(case["reference"]) and row.endswith("Kettle leaks")
    assert footer == "1-1 of 1"


def test_case_show_has_items_notes_and_trail(ready: Cli) -> None:
    case = new_case(ready)
    ref = case["reference"]
    ready.ok("case", "note", ref, "--text", "Internal remark", user="alice")
    shown = ready.ok("case", "show", ref, user="bob")
    assert shown["reference"] == ref
    assert shown["order"]["items"][0]["sku"] == "SKU-1"
    assert shown["category_label"] == "Return or refund request"
    assert [n["body"] for n in shown["notes"]] == ["Internal remark"]
    assert shown["notes"][0]["author"] == "alice"
    assert shown["notes"][0]["to_customer"] is False
    actions = [t["action"] for t in shown["trail"]]
    # The acknowledgement intake drafts follows the case's opening.
    assert actions == ["case.created", "customer.created", "message.drafted", "note.added"]
    created = shown["trail"][0]
    assert created["actor"] == "alice" and created["role"] == "specialist"
    assert ISO_Z.match(created["time"])
    assert created["data"]["new"]["subject"] == "Kettle leaks"
    assert created["data"]["new"]["customer"]["name"] == "Zoë Łukasiewicz-Ørsted"
    by_id = ready.ok("case", "show", str(shown["id"]), user="bob")
    assert by_id["reference"] == ref
    text = ready("case", "show", ref, user="bob", json_mode=False)
    assert text.code == 0
    assert "trail (4):" in text.out and "120.00 EUR" in text.out
    # The trail in words, as the window shows it: label, summary, the time like case list's.
    trail = text.out[text.out.index("trail (4):") :]
    assert "EVENT" in trail and "SUMMARY" in trail and "Case created" in trail
    assert "Internal note: Internal remark" in trail
    assert "{" not in trail and "case.created" not in trail and " UTC" in trail


def test_case_show_unknown_reference(ready: Cli) -> None:
    result = ready("case", "show", "RC-2020-999999", user="alice")
    assert result.code == 3
    assert result.error["kind"] == "not_found"
    bad = ready("case", "show", "nonsense", user="alice")
    assert bad.code == 3 and "RC-YYYY-NNNNNN" in bad.error["message"]


def test_case_update(ready: Cli) -> None:
    ref = new_case(ready)["reference"]
    updated = ready.ok(
        "case",
        "update",
        ref,
        "--version",
        "1",
        "--subject",
        "Kettle leaks badly",
        "--tags",
        "a,b",
        "--priority",
        "high",
        "--channel",
        "phone",
        "--description",
        "New text",
        user="alice",
    )
    assert updated["version"] == 2
    assert updated["subject"] == "Kettle leaks badly"
    assert updated["tags"] == ["a", "b"]
    assert updated["priority"] == "high"
    assert updated["channel"] == "phone"
    assert updated["description"] == "New text"
    trail = ready.ok("case", "show", ref, user="alice")["trail"]
    changes = trail[-1]["data"]["changes"]
    assert changes["subject"] == {"old": "Kettle leaks", "new": "Kettle leaks badly"}
    cleared = ready.ok("case", "update", ref, "--version", "2", "--tags", "", user="alice")
    assert cleared["tags"] == [] and cleared["version"] == 3
    nothing = ready("case", "update", ref, "--version", "3", user="alice")
    assert nothing.code == 2
    unchanged = ready(
        "case", "update", ref, "--version", "3", "--subject", "Kettle leaks badly", user="alice"
    )
    assert unchanged.code == 3
    hazard = ready("case", "update", ref, "--version", "3", "--safety-hazard", user="alice")
    assert hazard.code == 3 and hazard.error["field"] == "safety_hazard"


def test_case_update_without_version_expects_the_version_it_read(
    ready: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    ref = new_case(ready)["reference"]
    updated = ready.ok("case", "update", ref, "--subject", "First", user="alice")
    assert updated["version"] == 2 and updated["subject"] == "First"
    # Bob writes between alice's read and her write: her update is refused, as in the window.
    load = CaseService._load_for_change

    def read_then_bob_writes(self: CaseService, ref_or_id: str | int, v: int | None) -> Case:
        case = load(self, ref_or_id, v)
        monkeypatch.setattr(CaseService, "_load_for_change", load)
        ready.ok("case", "update", ref, "--subject", "Bob's", user="bob")
        return case

    monkeypatch.setattr(CaseService, "_load_for_change", read_then_bob_writes)
    result = ready("case", "update", ref, "--subject", "Alice's", user="alice")
    assert result.code == 4, result.err
    assert "changed by bob" in result.error["message"]
    assert result.error["details"]["their_changes"] == {"subject": "Bob's"}
    assert ready.ok("case", "show", ref, user="alice")["subject"] == "Bob's"


def test_stale_version_is_a_conflict_naming_who(ready: Cli) -> None:
    ref = new_case(ready)["reference"]
    ready.ok("case", "update", ref, "--version", "1", "--subject", "Bob's subject", user="bob")
    result = ready("case", "update", ref, "--version", "1", "--subject", "Alice's", user="alice")
    assert result.code == 4
    assert result.out == ""
    err = result.error
    assert err["kind"] == "conflict"
    assert "changed by bob" in err["message"]
    assert err["details"]["changed_by"] == "bob"
    assert err["details"]["current_version"] == 2
    assert err["details"]["their_changes"] == {"subject": "Bob's subject"}
    assert err["details"]["your_changes"] == {"subject": "Alice's"}
    assert ready.ok("case", "show", ref, user="alice")["subject"] == "Bob's subject"
    text = ready("case", "status", ref, "open", "--version", "1", user="alice", json_mode=False)
    assert text.code == 4
    assert text.err.startswith("error: ") and "changed by bob" in text.err


def test_status_changes_and_refusals(ready: Cli) -> None:
    ref = new_case(ready)["reference"]
    opened = ready.ok("case", "status", ref, "open", user="alice")
    assert opened["status"] == "open" and opened["version"] == 2
    illegal = ready("case", "status", ref, "new", user="alice")
    assert illegal.code == 3
    assert illegal.error["kind"] == "policy"
    assert "cannot go from open to new" in illegal.error["message"]
    no_code = ready("case", "status", ref, "resolved", "--version", "2", user="alice")
    assert no_code.code == 3 and no_code.error["field"] == "resolution_code"
    resolved = ready.ok(
        "case",
        "status",
        ref,
        "resolved",
        "--version",
        "2",
        "--code",
        "replaced",
        "--summary",
        "New kettle sent",
        user="alice",
    )
    assert resolved["status"] == "resolved" and ISO_Z.match(resolved["resolved_at"])
    assert resolved["sla"] == "met"
    no_reason = ready("case", "status", ref, "open", user="alice")
    assert no_reason.code == 3 and no_reason.error["field"] == "reason"
    reopened = ready.ok(
        "case", "status", ref, "open", "--reason", "customer wrote back", user="alice"
    )
    assert reopened["status"] == "open" and reopened["resolved_at"] is None
    unknown = ready("case", "status", ref, "sleeping", user="alice")
    assert unknown.code == 3 and unknown.error["field"] == "status"


def test_assign_and_unassign(ready: Cli) -> None:
    ref = new_case(ready)["reference"]
    assigned = ready.ok("case", "assign", ref, "bob", "--version", "1", user="alice")
    assert assigned["assignee"] == "bob"
    assert assigned["status"] == "open"
    assert assigned["version"] == 2
    again = ready("case", "assign", ref, "bob", user="alice")
    assert again.code == 3
    nobody = ready.ok("case", "assign", ref, "none", user="alice")
    assert nobody["assignee"] is None and nobody["version"] == 3
    ghost = ready("case", "assign", ref, "ghost", user="alice")
    assert ghost.code == 3 and ghost.error["kind"] == "not_found"
    stale = ready("case", "assign", ref, "alice", "--version", "1", user="alice")
    assert stale.code == 4


def test_note_internal_and_to_customer(ready: Cli, tmp_path: Path) -> None:
    ref = new_case(ready)["reference"]
    note = ready.ok("case", "note", ref, "--text", "Checked the photos", user="alice")
    assert note["case"] == ref
    assert note["author"] == "alice"
    assert note["body"] == "Checked the photos"
    assert note["to_customer"] is False
    assert isinstance(note["id"], int) and ISO_Z.match(note["created_at"])
    body = tmp_path / "reply.txt"
    body.write_text("Dear customer,\nwe are on it.\n", encoding="utf-8")
    reply = ready.ok("case", "note", ref, "--file", str(body), "--to-customer", user="bob")
    assert reply["to_customer"] is True and reply["body"] == "Dear customer,\nwe are on it."
    case = ready.ok("case", "show", ref, user="alice")
    assert case["first_responded_at"] == reply["created_at"]
    assert case["version"] == 1  # notes never conflict with edits
    empty = ready("case", "note", ref, "--text", "   ", user="alice")
    assert empty.code == 3
    neither = ready("case", "note", ref, user="alice")
    assert neither.code == 2


def test_escalate(ready: Cli) -> None:
    ref = new_case(ready)["reference"]
    senior = ready.ok("case", "escalate", ref, "--reason", "needs a senior", user="alice")
    assert senior["tier"] == "senior" and senior["status"] == "escalated"
    assert senior["version"] == 2
    expert = ready.ok(
        "case", "escalate", ref, "--reason", "needs an expert", "--version", "2", user="alice"
    )
    assert expert["tier"] == "expert"
    top = ready("case", "escalate", ref, "--reason", "more", user="alice")
    assert top.code == 3 and top.error["field"] == "tier"
    missing = ready("case", "escalate", ref, user="alice")
    assert missing.code == 2
    trail = ready.ok("case", "show", ref, user="alice")["trail"]
    assert trail[-1]["data"]["reason"] == "needs an expert"
    assert trail[-1]["data"]["old"] == {"tier": "senior", "status": "escalated"}


def test_changes_need_a_user(ready: Cli) -> None:
    result = ready(*case_args())
    assert result.code == 6
    assert total(ready) == 0
