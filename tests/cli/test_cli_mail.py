"""`mail import|fetch|quarantine|settings` through main(): JSON shapes and exit codes."""

from __future__ import annotations

import mailbox
from pathlib import Path

import pytest

from tests.helpers import mail_fixtures as fx
from tests.helpers.imap_server import USER, ImapServer, require_imap_server

from .conftest import Cli, case_args


def test_mail_import_files_and_an_mbox_then_the_quarantine(ready: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.eml").write_bytes(fx.plain("cli1"))
    (tmp_path / "broken.eml").write_bytes(fx.malformed("cli2"))
    box = mailbox.mbox(str(tmp_path / "in.mbox"))
    box.add(fx.html_only("cli3"))
    box.add(fx.plain("cli1"))  # the same mail again
    box.flush()
    box.close()
    out = ready.ok(
        "mail",
        "import",
        str(tmp_path / "a.eml"),
        str(tmp_path / "broken.eml"),
        str(tmp_path / "in.mbox"),
        user="alice",
    )
    assert [i["outcome"] for i in out["items"]] == [
        "opened",
        "quarantined",
        "opened",
        "duplicate",
    ]
    assert out["counts"]["opened"] == 2 and out["counts"]["quarantined"] == 1
    reference = out["items"][0]["case"]
    messages = ready.ok("message", "list", reference, user="bob")["items"]
    assert [(m["direction"], m["state"]) for m in messages] == [
        ("out", "draft"),
        ("in", "received"),
    ]
    assert messages[1]["from"] == "Zoë Kowalski <zoe@example.com>"

    [held] = ready.ok("mail", "quarantine", "list", user="bob")["items"]
    assert held["reason"].startswith("malformed MIME") and held["subject"] == "Broken mail"
    saved = tmp_path / "held.eml"
    shown = ready.ok(
        "mail", "quarantine", "show", str(held["id"]), "--save", str(saved), user="bob"
    )
    assert shown["saved_to"] == str(saved) and saved.read_bytes() == fx.malformed("cli2")
    still = ready.ok("mail", "quarantine", "retry", str(held["id"]), user="alice")
    assert still["outcome"] == "already-quarantined"
    gone = ready.ok(
        "mail", "quarantine", "discard", str(held["id"]), "--reason", "spam", user="alice"
    )
    assert gone["state"] == "discarded"
    assert ready.ok("mail", "quarantine", "list", user="bob")["items"] == []
    again = ready("mail", "quarantine", "discard", str(held["id"]), "--reason", "x", user="bob")
    assert again.code != 0 and "was discarded by alice" in again.error["message"], again.err
    assert ready.ok("verify", user="root")["ok"] is True


def test_mail_import_into_a_named_case_and_bad_input(ready: Cli, tmp_path: Path) -> None:
    reference = ready.ok(*case_args(), user="alice")["reference"]
    (tmp_path / "r.eml").write_bytes(fx.plain("cli4", "About my order"))
    [item] = ready.ok("mail", "import", str(tmp_path / "r.eml"), "--case", reference, user="alice")[
        "items"
    ]
    assert (item["outcome"], item["case"], item["route"]) == ("joined", reference, "chosen")
    missing = ready("mail", "import", str(tmp_path / "nope.eml"), user="alice")
    assert missing.code != 0 and missing.error["details"]["field"] == "file"
    unknown = ready("mail", "import", str(tmp_path / "r.eml"), "--case", "RC-2026-999999")
    assert unknown.code != 0
    outlook = Path(__file__).parents[1] / "services" / "data" / "outlook-kettle.msg"
    [item] = ready.ok("mail", "import", str(outlook), user="alice")["items"]
    assert (item["outcome"], item["subject"]) == ("opened", "Kettle from Outlook")
    [receipt] = ready.ok("case", "evidence", item["case"], user="alice")["items"]
    assert receipt["file_name"] == "receipt.txt"


def test_mail_fetch_without_a_server_says_what_to_set(ready: Cli, tmp_path: Path) -> None:
    result = ready("mail", "fetch", user="alice")
    assert result.code != 0 and result.error["details"]["field"] == "host"
    refused = ready("mail", "settings", "--host", "imap.example.com", user="alice")
    assert refused.code != 0 and refused.error["kind"] == "permission"
    shown = ready.ok("mail", "settings", user="alice")
    assert (shown["configured"], shown["category"], shown["currency"]) == (
        False,
        "order-issue",
        "EUR",
    )
    changed = ready.ok(
        "mail", "settings", "--category", "shipping-problem", "--currency", "GBP", user="root"
    )
    assert (changed["category"], changed["currency"]) == ("shipping-problem", "GBP")
    bad = ready("mail", "settings", "--category", "nope", user="root")
    assert bad.code != 0
    (tmp_path / "p.eml").write_bytes(fx.plain("cat1"))
    [item] = ready.ok("mail", "import", str(tmp_path / "p.eml"), user="alice")["items"]
    case = ready.ok("case", "show", item["case"], user="alice")
    assert case["category"] == "shipping-problem"


@pytest.fixture(scope="session")
def imap_server() -> ImapServer:
    return require_imap_server()


def test_mail_settings_then_fetch_from_a_real_server(
    ready: Cli, imap_server: ImapServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = imap_server.new_folder()
    imap_server.append(folder, fx.plain("cli5"), fx.no_sender("cli6"))
    settings = ready.ok(
        "mail",
        "settings",
        "--host",
        "127.0.0.1",
        "--port",
        str(imap_server.tls_port),
        "--security",
        "tls",
        "--username",
        USER,
        "--folder",
        folder,
        "--cafile",
        imap_server.cafile,
        user="root",
    )
    assert settings["configured"] is True and settings["folder"] == folder
    monkeypatch.setenv("RC_IMAP_PASSWORD", imap_server.password)
    fetched = ready.ok("mail", "fetch", user="alice")
    assert fetched["counts"]["opened"] == 1 and fetched["counts"]["quarantined"] == 1
    assert [i["source"] for i in fetched["items"]] == [
        f"imap:{folder} uid 1",
        f"imap:{folder} uid 2",
    ]
    assert ready.ok("mail", "fetch", user="alice")["fetched"] == 0
