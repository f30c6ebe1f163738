"""`remedy` and `policy` on the command line (resolution_center/cli/remedies.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from resolution_center.services.context import resource_path
from tests.cli.conftest import Cli, case_args, propose

MARIA = "maria-pass-1"


@pytest.fixture
def desk(ready: Cli) -> tuple[Cli, str]:
    """A case worth 120.00 EUR (two kettles at 60.00) and a supervisor, maria."""
    ready.ok("user", "add", "maria", "--role", "supervisor", user="root", stdin=MARIA)
    return ready, ready.ok(*case_args(), user="alice")["reference"]


def test_propose_within_authority_and_show(desk: tuple[Cli, str]) -> None:
    run, case = desk
    remedy = propose(run, case, "20.00", "arrived late")
    assert remedy["state"] == "authorized" and remedy["reference"] == "RM-000001"
    assert remedy["amount"] == {"minor": 2000, "currency": "EUR"}
    assert remedy["created_at"].endswith("Z") and remedy["case"] == case
    assert remedy["explanation"].startswith("authorized: 20.00 EUR partial-refund")
    shown = run.ok("remedy", "show", "RM-000001", user="bob")
    assert shown["decision"] == remedy["decision"]


def test_approve_asks_for_the_password_again(
    desk: tuple[Cli, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run, case = desk
    ref = propose(run, case, "80.00", "handle broke")["reference"]
    monkeypatch.setenv("RESOLUTION_CENTER_PASSWORD", MARIA)  # never read from the environment
    once = run("remedy", "approve", ref, user="maria", password=MARIA)
    assert once.code == 6 and "no password for maria" in once.error["message"]
    wrong = run("remedy", "approve", ref, user="maria", password=MARIA, stdin="guess\n")
    assert wrong.code == 6 and "wrong password" in wrong.error["message"]
    approved = run.ok(
        "remedy",
        "approve",
        ref,
        "--note",
        "photos ok",
        user="maria",
        password=MARIA,
        stdin=MARIA + "\n",
    )
    assert approved["state"] == "approved"
    assert [s["approver"] for s in approved["signoffs"]] == ["maria"]
    again = run(
        "remedy",
        "reject",
        ref,
        "--reason",
        "late",
        user="maria",
        password=MARIA,
        stdin=MARIA + "\n",
    )
    assert again.code == 4 and "already decided by maria" in again.error["message"]


def test_nobody_signs_their_own(desk: tuple[Cli, str]) -> None:
    run, case = desk
    ref = propose(run, case, "80.00", "x")["reference"]
    result = run("remedy", "approve", ref, user="alice", stdin="alice-pass-1\n")
    assert result.code == 3 and result.error["kind"] == "policy"
    assert "alice requested this remedy and may not approve it" in result.error["message"]


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--amount", "1,5"], "is not an amount in EUR"),
        (["--amount", "10.001"], "more decimal places than EUR allows"),
        (["--amount=-5.00"], "must not be negative"),
        (["--amount", "0"], "more than zero"),
        (["--amount", "99999999999999999"], "absurdly large"),
        (["--amount", "10.00", "--currency", "USD"], "not USD (amounts are never converted)"),
        (["--amount", "10.00", "--currency", "XYZ"], "unknown currency"),
        ([], "--amount is needed"),
    ],
)
def test_bad_amounts_are_refused(desk: tuple[Cli, str], extra: list[str], message: str) -> None:
    run, case = desk
    result = run(
        "remedy", "propose", case, "--kind", "partial-refund", "--reason", "x", *extra, user="alice"
    )
    assert result.code == 3, result.err
    assert message in result.error["message"]
    assert run.ok("remedy", "list", user="alice")["total"] == 0


def test_lists_in_text_show_money_as_money(desk: tuple[Cli, str]) -> None:
    run, case = desk
    propose(run, case, "80.00", "x")
    text = run("remedy", "list", "--pending", user="bob", json_mode=False)
    assert text.code == 0, text.err
    # The case as every case command takes it, or as the older --case option.
    by_case = run.ok("remedy", "list", case, user="bob")
    assert by_case["total"] == 1
    assert run.ok("remedy", "list", "--case", case, user="bob") == by_case
    assert "80.00 EUR" in text.out and "pending-signoff" in text.out
    # Times as case list prints them, never the JSON form.
    assert " UTC" in text.out and "Z " not in text.out and "T0" not in text.out
    shown = run("remedy", "show", "RM-000001", user="bob", json_mode=False)
    assert "minor" not in shown.out and ".000000Z" not in shown.out
    queue = run.ok("remedy", "queue", user="maria", password=MARIA)
    assert [item["reference"] for item in queue["items"]] == ["RM-000001"]


def test_policy_show_and_load(desk: tuple[Cli, str], tmp_path: Path) -> None:
    run, _ = desk
    assert run.ok("policy", "show", user="alice")["version"] == 1
    bad = tmp_path / "bad.toml"
    text = resource_path("policy", "default.toml").read_text(encoding="utf-8")
    bad.write_text(
        text.replace("version = 1\n", "version = 2\nwindow_days = 0\n", 1), encoding="utf-8"
    )
    result = run("policy", "load", str(bad), user="root")
    assert result.code == 3 and "bad.toml, line " in result.error["message"]
    good = tmp_path / "v2.toml"
    good.write_text(text.replace("version = 1\n", "version = 2\n", 1), encoding="utf-8")
    refused = run("policy", "load", str(good), user="alice")
    assert refused.code == 6 and refused.error["kind"] == "permission"
    assert run.ok("policy", "list", user="alice")["total"] == 1
    loaded = run.ok("policy", "load", str(good), user="root")
    assert loaded["version"] == 2 and loaded["loaded_by"] == "root"
    assert run.ok("policy", "show", "--version", "1", user="alice")["version"] == 1


def test_policy_preview_names_the_pending_remedies_an_edit_changes(
    desk: tuple[Cli, str], tmp_path: Path
) -> None:
    run, case = desk
    propose(run, case, "80.00", "handle broke")  # above a specialist's 50% of 120.00
    text = resource_path("policy", "default.toml").read_text(encoding="utf-8")
    start = text.index("[percent.specialist]")
    edited = tmp_path / "v2.toml"
    edited.write_text(
        text[:start].replace("version = 1\n", "version = 2\n", 1)
        + text[start:].replace("partial-refund = 50\n", "partial-refund = 70\n", 1),
        encoding="utf-8",
    )
    shown = run("policy", "preview", str(edited), user="root", json_mode=False)
    assert shown.code == 0, shown.err
    assert "1 of 1 pending remedies would change" in shown.out
    assert "RM-000001: needs-signoff -> authorized" in shown.out
    refused = run("policy", "preview", str(edited), user="alice")
    assert refused.code == 6 and refused.error["kind"] == "permission"
    assert run.ok("policy", "show", user="alice")["version"] == 1  # nothing was loaded
