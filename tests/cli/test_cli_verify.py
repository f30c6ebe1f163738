"""`verify` through the command line: exit 0 when intact, 1 naming the first broken event."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from resolution_center.domain import audit

from .conftest import Cli


def tamper(cli: Cli, sql: str, params: tuple[object, ...] = ()) -> None:
    """Change the file behind the app's back, as its owner could."""
    with sqlite3.connect(cli.path) as conn:
        conn.execute(sql, params)
    conn.close()


def rechain_from(cli: Cli, first_seq: int) -> None:
    """What a careful forger does after an edit: recompute every later hash and the head."""
    conn = sqlite3.connect(cli.path)
    try:
        prev = conn.execute(
            "SELECT hash FROM audit_events WHERE seq = ?", (first_seq - 1,)
        ).fetchone()[0]
        rows = conn.execute(
            "SELECT seq, time, actor, role, action, target_type, target_id, case_id, data "
            "FROM audit_events WHERE seq >= ? ORDER BY seq",
            (first_seq,),
        ).fetchall()
        for seq, time, actor, role, action, ttype, tid, case_id, data in rows:
            raw = audit.canonical_bytes(
                seq, prev, time, actor, role, action, ttype, tid, case_id, data
            )
            digest = hashlib.sha256(raw).hexdigest()
            conn.execute(
                "UPDATE audit_events SET prev_hash = ?, hash = ? WHERE seq = ?",
                (prev, digest, seq),
            )
            prev = digest
        conn.execute("UPDATE chain_head SET hash = ? WHERE id = 1", (prev,))
        conn.commit()
    finally:
        conn.close()


def test_verify_intact_without_a_user(ready: Cli) -> None:
    report = ready.ok("verify")
    assert report["ok"] is True
    # initialised, the system user, policy v1 loaded, root, alice, bob created (each specialist
    # with the frontline queue's queue.member_added)
    assert report["events"] == 8
    assert report["problems"] == []
    assert report["head"]["seq"] == report["events"]
    assert len(report["head"]["hash"]) == 64
    text = ready("verify", json_mode=False)
    assert text.code == 0 and text.out.startswith("the audit trail is intact: 8 events")


def test_verify_with_a_user(ready: Cli) -> None:
    assert ready.ok("verify", user="alice")["ok"] is True


def test_edited_event_fails_naming_event_3(ready: Cli) -> None:
    tamper(
        ready,
        "UPDATE audit_events SET data = ? WHERE seq = 3",
        ('{"new":{"display_name":"alice","role":"admin"}}',),
    )
    result = ready("verify")
    assert result.code == 1
    assert result.data["ok"] is False
    assert result.data["problems"][0] == (
        "event 3: its content does not match its hash: the event was edited"
    )
    assert result.error["kind"] == "verification_failed"
    assert "event 3: its content does not match its hash" in result.error["message"]
    text = ready("verify", json_mode=False)
    assert text.code == 1
    assert "event 3: its content does not match its hash: the event was edited" in text.out
    assert text.err.startswith("error: the audit trail does not verify: event 3")


def test_checkpoint_out_then_check_after_tampering(ready: Cli, tmp_path: Path) -> None:
    checkpoint = tmp_path / "head.json"
    report = ready.ok("verify", "--checkpoint-out", str(checkpoint))
    assert report["checkpoint_written"] == str(checkpoint)
    doc = json.loads(checkpoint.read_text(encoding="utf-8"))
    assert doc["seq"] == report["head"]["seq"] and doc["hash"] == report["head"]["hash"]
    assert ready.ok("verify", "--checkpoint", str(checkpoint))["ok"] is True

    tamper(ready, "UPDATE audit_events SET data = ? WHERE seq = 3", ("{}",))
    result = ready("verify", "--checkpoint", str(checkpoint))
    assert result.code == 1
    assert "event 3" in result.error["message"]


def test_rechained_forgery_is_caught_only_by_the_checkpoint(ready: Cli, tmp_path: Path) -> None:
    checkpoint = tmp_path / "head.json"
    ready.ok("verify", "--checkpoint-out", str(checkpoint))
    # A claim slipped into event 3, keeping the row images it carries so the state still
    # matches, then every later link recomputed.
    tamper(
        ready,
        """UPDATE audit_events SET data = '{"forged":true,' || substr(data, 2)
                     WHERE seq = 3""",
    )
    rechain_from(ready, 3)
    assert ready("verify").code == 0  # internally consistent: why checkpoints are kept elsewhere
    result = ready("verify", "--checkpoint", str(checkpoint))
    assert result.code == 1
    assert "differs from the checkpoint" in result.error["message"]


def test_no_checkpoint_written_when_verify_fails(ready: Cli, tmp_path: Path) -> None:
    tamper(ready, "DELETE FROM audit_events WHERE seq = 2")
    checkpoint = tmp_path / "head.json"
    result = ready("verify", "--checkpoint-out", str(checkpoint))
    assert result.code == 1
    assert "event 3" in result.error["message"] and "deleted" in result.error["message"]
    assert not checkpoint.exists()


def test_unreadable_checkpoint_is_refused(ready: Cli, tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.json"
    bogus.write_text("not json", encoding="utf-8")
    result = ready("verify", "--checkpoint", str(bogus))
    assert result.code == 3 and result.error["field"] == "checkpoint"
