"""`case attach`, `case evidence`, `case evidence-save`, `case evidence-withdraw` through main()."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import Cli, case_args

ISO_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))


def _case(cli: Cli) -> str:
    return cli.ok(*case_args(), user="alice")["reference"]


def test_attach_list_and_save(ready: Cli, tmp_path: Path) -> None:
    ref = _case(ready)
    photo = tmp_path / "crack.png"
    photo.write_bytes(PNG)
    added = ready.ok("case", "attach", ref, str(photo), "--description", "The crack", user="alice")
    assert added["case"] == ref
    assert (added["file_name"], added["media_type"], added["size"]) == (
        "crack.png",
        "image/png",
        len(PNG),
    )
    assert added["added_by"] == "alice" and ISO_Z.match(added["added_at"])
    assert added["description"] == "The crack" and added["withdrawn"] is False

    listed = ready.ok("case", "evidence", ref, user="bob")
    assert set(listed) == {"items", "total", "limit", "offset"}
    assert (listed["total"], listed["limit"], listed["offset"]) == (1, 100, 0)
    assert listed["items"][0]["id"] == added["id"]
    assert listed["items"][0]["sha256"] == added["sha256"]

    out = tmp_path / "copy.png"
    saved = ready.ok("case", "evidence-save", ref, str(added["id"]), str(out), user="bob")
    assert out.read_bytes() == PNG and saved["sha256"] == added["sha256"]
    again = ready("case", "evidence-save", ref, str(added["id"]), str(out), user="bob")
    assert again.code == 3 and "already exists" in again.error["message"]
    ready.ok("case", "evidence-save", ref, str(added["id"]), str(out), "--force", user="bob")

    text = ready("case", "evidence", ref, user="alice", json_mode=False)
    assert text.code == 0 and "crack.png" in text.out
    shown = ready.ok("case", "show", ref, user="bob")  # the case's own view lists it too
    assert [(e["id"], e["file_name"]) for e in shown["evidence"]] == [(added["id"], "crack.png")]
    shown_text = ready("case", "show", ref, user="bob", json_mode=False)
    assert "evidence (1):" in shown_text.out and "The crack" in shown_text.out
    assert ready.ok("verify")["ok"] is True


def test_refusals_and_exit_codes(ready: Cli, tmp_path: Path) -> None:
    ref = _case(ready)
    photo = tmp_path / "crack.png"
    photo.write_bytes(PNG)
    ready.ok("case", "attach", ref, str(photo), user="alice")

    dup = ready("case", "attach", ref, str(photo), user="bob")
    assert dup.code == 3 and "already attached" in dup.error["message"]
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = ready("case", "attach", ref, str(empty), user="alice")
    assert result.code == 3 and "is empty" in result.error["message"]
    result = ready("case", "attach", ref, str(tmp_path / "missing.png"), user="alice")
    assert result.code == 2 and "is not a file" in result.error["message"]
    result = ready("case", "attach", ref, str(photo))  # no user
    assert result.code == 6
    result = ready("case", "attach", ref, user="alice")
    assert result.code == 2  # usage: FILE missing
    result = ready("case", "evidence-save", ref, "999", str(tmp_path / "x"), user="alice")
    assert result.code == 3 and result.error["kind"] == "not_found"


def test_withdraw(ready: Cli, tmp_path: Path) -> None:
    ref = _case(ready)
    mail = tmp_path / "mail.eml"
    mail.write_bytes(b"From: zoe@example.com\nSubject: Kettle\nTo: help@example.com\n\nHi\n")
    added = ready.ok("case", "attach", ref, str(mail), user="alice")
    assert added["media_type"] == "message/rfc822"
    refused = ready("case", "evidence-withdraw", ref, str(added["id"]), "--reason", "x", user="bob")
    assert refused.code == 6 and refused.error["kind"] == "permission"
    done = ready.ok(
        "case", "evidence-withdraw", ref, str(added["id"]), "--reason", "Wrong case", user="alice"
    )
    assert done["withdrawn"] is True and done["withdraw_reason"] == "Wrong case"
    assert ISO_Z.match(done["withdrawn_at"])
    assert ready.ok("case", "evidence", ref, user="alice")["items"][0]["withdrawn"] is True
    assert ready.ok("verify")["ok"] is True
