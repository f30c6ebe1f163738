"""`message`, `template` and `answer` commands through main(): JSON shapes and exit codes."""

from __future__ import annotations

from pathlib import Path

from .conftest import Cli, case_args

SAM = "sam-pass-1"


def _senior(cli: Cli) -> None:
    cli.ok("user", "add", "sam", "--role", "senior-specialist", user="root", stdin=SAM)


def test_the_specialist_answers_from_an_approved_answer(ready: Cli, tmp_path: Path) -> None:
    _senior(ready)
    ref = ready.ok(*case_args(), user="alice")["reference"]
    [ack] = ready.ok("message", "list", ref, user="bob")["items"]
    assert (ack["state"], ack["template"]) == ("draft", "acknowledgement/en v1")

    body = tmp_path / "answer.txt"
    body.write_text("Dear {{ customer_name }}, your refund for {{ reference }} is on its way.")
    added = ready.ok(
        "answer",
        "add",
        "--kind",
        "reply",
        "--title",
        "Refund on its way",
        "--body-file",
        str(body),
        "--tags",
        "refund,status",
        user="alice",
    )
    assert added["state"] == "draft" and added["in_use"] is None
    own = ready("answer", "approve", str(added["id"]), user="alice")
    assert own.code == 3 and own.error["kind"] == "policy"
    approved = ready.ok("answer", "approve", str(added["id"]), user="sam", password=SAM)
    assert approved["state"] == "approved" and approved["in_use"] == 1

    [hit] = ready.ok("answer", "search", "refund way", user="alice")["items"]
    shown = ready.ok("answer", "show", str(hit["id"]), "--case", ref, user="alice")
    assert shown["filled"].startswith("Dear ") and ref in shown["filled"]
    sent = ready.ok(
        "message",
        "send",
        ref,
        "--subject",
        "Your refund",
        "--body",
        shown["filled"],
        "--answer",
        str(hit["in_use_version_id"]),
        user="alice",
    )
    assert sent["state"] == "sent" and sent["sent_by"] == "alice"
    assert ready.ok("answer", "show", str(hit["id"]), user="bob")["uses"] == 1

    sent_ack = ready.ok("message", "send", "--id", str(ack["id"]), user="bob")
    assert sent_ack["state"] == "sent"
    again = ready("message", "send", "--id", str(ack["id"]), user="bob")
    assert again.code == 3 and again.error["kind"] == "policy"
    assert ready.ok("verify", user="root")["ok"] is True


def test_templates_list_show_preview_and_new_versions(ready: Cli) -> None:
    listed = ready.ok("template", "list", user="alice")["items"]
    assert {(t["name"], t["language"]) for t in listed} >= {
        ("acknowledgement", "en"),
        ("satisfaction-survey", "de"),
    }
    preview = ready.ok("template", "preview", "remedy-decision", "--language", "de", user="bob")
    assert preview["case"] == "(demo case)" and "1.280" not in preview["body"]
    assert "1,250.00 EUR" in preview["body"]

    denied = ready("template", "edit", "status-update", "--subject", "Hi", user="alice")
    assert denied.code != 0 and denied.error["kind"] in {"permission", "authentication"}
    saved = ready.ok(
        "template", "edit", "status-update", "--subject", "News on {{ reference }}", user="root"
    )
    assert saved["version"] == 2 and saved["source"] == "saved by root"
    unknown = ready(
        "template", "edit", "status-update", "--body", "Code {{ voucher }}", user="root"
    )
    assert unknown.code == 3 and unknown.error["field"] == "body"
    assert "voucher" in unknown.error["message"]
    shown = ready.ok("template", "show", "status-update", user="bob")
    assert [v["version"] for v in shown["versions"] if v["language"] == "en"] == [1, 2]
    assert "customer_name" in shown["placeholders"]


def test_bad_message_input_is_refused_with_the_field(ready: Cli) -> None:
    ref = ready.ok(*case_args(), user="alice")["reference"]
    injected = ready(
        "message",
        "draft",
        ref,
        "--subject",
        "Hi\nBcc: evil@example.com",
        "--body",
        "x",
        user="alice",
    )
    assert injected.code == 3 and injected.error["field"] == "subject"
    huge = ready("message", "draft", ref, "--subject", "s", "--body", "x" * 20_001, user="alice")
    assert huge.code == 3 and huge.error["field"] == "body"
    unknown = ready("message", "draft", ref, "--template", "no-such-thing", user="alice")
    assert unknown.code == 3 and unknown.error["kind"] == "not_found"
    assert len(ready.ok("message", "list", ref, user="alice")["items"]) == 1  # the ack only


def test_text_mode_lists_messages_as_a_table(ready: Cli) -> None:
    ref = ready.ok(*case_args(), user="alice")["reference"]
    result = ready("message", "list", ref, user="alice", json_mode=False)
    assert result.code == 0
    assert "acknowledgement/en v1" in result.out and "draft" in result.out
