"""Tampering with the stored trail, in every way an attacker with the storage could, is caught."""

from __future__ import annotations

import json

import pytest

from resolution_center.domain.audit import GENESIS_HASH
from tests.helpers.workspace import Workspace, draft


def _busy_case(ws: Workspace) -> tuple[int, int]:
    """Two cases with histories; returns (id of the first case, total events)."""
    alice = ws.login("alice")
    case = alice.cases.create(draft())
    alice.cases.assign(case.reference, "alice")
    alice.cases.add_note(case.reference, "Asked for a photo of the leak", to_customer=True)
    alice.cases.update(case.reference, 2, {"subject": "Kettle leaks at the base"})
    other = alice.cases.create(
        draft(
            "Parcel never arrived",
            email="dmitri@example.ru",
            name="Дмитрий Иванов",
            category="shipping-problem",
            subcategory="lost",
        )
    )
    alice.cases.escalate(other.reference, "carrier does not answer")
    return case.id, alice.audit.head().seq


def _verify(ws: Workspace):  # type: ignore[no-untyped-def]
    return ws.login("root").audit.verify()


def test_untouched_chain_verifies_and_every_change_is_an_event(workspace: Workspace) -> None:
    case_id, head = _busy_case(workspace)
    report = _verify(workspace)
    assert report.ok, report.problems
    assert report.events == head
    actions = [e.event.action for e in workspace.login("alice").audit.case_trail(case_id)]
    assert actions == [
        "case.created",
        "customer.created",
        "message.drafted",  # the acknowledgement intake drafts
        "case.assigned",
        "note.added",
        "case.updated",
    ]


@pytest.mark.parametrize(
    "column, value",
    [
        ("data", '{"forged":true}'),
        ("actor", "maria"),
        ("role", "supervisor"),
        ("time", "2020-01-01T00:00:00.000000Z"),
        ("action", "case.deleted"),
        ("target_id", "RC-2026-999999"),
        ("target_type", "user"),
        ("case_id", 999),
        ("hash", "f" * 64),
        ("prev_hash", GENESIS_HASH),
    ],
)
def test_editing_any_stored_field_is_detected(
    workspace: Workspace, column: str, value: object
) -> None:
    case_id, _ = _busy_case(workspace)
    seq = workspace.login("alice").audit.case_trail(case_id)[0].event.seq  # case.created
    workspace.tamper((f"UPDATE audit_events SET {column} = ? WHERE seq = ?", (value, seq)))
    report = _verify(workspace)
    assert not report.ok
    assert report.first_problem.seq == seq
    assert str(report.first_problem).startswith(f"event {seq}: ")


def test_deleting_an_event_in_the_middle_is_detected(workspace: Workspace) -> None:
    _busy_case(workspace)
    workspace.tamper("DELETE FROM audit_events WHERE seq = 6")
    report = _verify(workspace)
    assert not report.ok
    assert report.first_problem.seq == 7
    assert "missing" in report.first_problem.what


def test_deleting_the_newest_events_is_detected(workspace: Workspace) -> None:
    _, head = _busy_case(workspace)
    workspace.tamper(("DELETE FROM audit_events WHERE seq >= ?", (head - 1,)))
    report = _verify(workspace)
    assert not report.ok
    assert "newest events were deleted" in str(report.problems)


def test_inserting_a_forged_event_is_detected(workspace: Workspace) -> None:
    _busy_case(workspace)
    # Shift the tail up by one and slip a forged event in at 6, with a plausible shape.
    workspace.tamper(
        "UPDATE audit_events SET seq = seq + 1000 WHERE seq >= 6",
        "UPDATE audit_events SET seq = seq - 999 WHERE seq >= 1006",
        (
            "INSERT INTO audit_events (seq, prev_hash, hash, time, actor, role, action, "
            "target_type, target_id, case_id, data) SELECT 6, hash, ?, time, 'maria', "
            "'supervisor', 'remedy.approved', 'remedy', 'RM-000001', case_id, '{}' "
            "FROM audit_events WHERE seq = 5",
            ("a" * 64,),
        ),
    )
    report = _verify(workspace)
    assert not report.ok
    assert report.first_problem.seq == 6


def test_reordering_events_is_detected(workspace: Workspace) -> None:
    _busy_case(workspace)
    workspace.tamper(
        "UPDATE audit_events SET seq = -1 WHERE seq = 5",
        "UPDATE audit_events SET seq = 5 WHERE seq = 6",
        "UPDATE audit_events SET seq = 6 WHERE seq = -1",
    )
    report = _verify(workspace)
    assert not report.ok
    assert report.first_problem.seq == 5


def test_deleting_a_whole_case_with_its_events_is_detected(workspace: Workspace) -> None:
    case_id, _ = _busy_case(workspace)
    workspace.tamper(
        ("DELETE FROM notes WHERE case_id = ?", (case_id,)),
        ("DELETE FROM order_items WHERE case_id = ?", (case_id,)),
        ("DELETE FROM audit_events WHERE case_id = ?", (case_id,)),
        ("DELETE FROM cases WHERE id = ?", (case_id,)),
    )
    report = _verify(workspace)
    assert not report.ok
    assert "missing" in str(report.problems)


def test_a_case_deleted_without_touching_the_trail_is_detected(workspace: Workspace) -> None:
    case_id, _ = _busy_case(workspace)
    workspace.tamper(
        ("DELETE FROM notes WHERE case_id = ?", (case_id,)),
        ("DELETE FROM order_items WHERE case_id = ?", (case_id,)),
        ("DELETE FROM cases WHERE id = ?", (case_id,)),
    )
    report = _verify(workspace)
    found = [p.what for p in report.problems]
    assert found[0] == (
        f"case id {case_id} was created (per the trail) but no longer exists: it was deleted"
    )
    # The state check names every row that went, the case first.
    gone = [(p.detail["table"], p.detail["key"]) for p in report.problems if p.detail]
    assert ("cases", str(case_id)) in gone
    assert {t for t, _ in gone} == {"cases", "notes", "order_items"}


def test_editing_an_erasable_personal_value_is_detected(workspace: Workspace) -> None:
    _busy_case(workspace)
    workspace.tamper(
        "UPDATE personal_values SET value = 'Mallory' WHERE value = 'Zoë Łukasiewicz-Ørsted'"
    )
    report = _verify(workspace)
    assert not report.ok
    assert "personal value" in str(report.first_problem)


def test_erasing_a_personal_value_keeps_the_chain_intact(workspace: Workspace) -> None:
    case_id, _ = _busy_case(workspace)
    workspace.tamper("DELETE FROM personal_values WHERE value = 'Zoë Łukasiewicz-Ørsted'")
    assert _verify(workspace).ok
    created = workspace.login("alice").audit.case_trail(case_id)[0]
    assert created.data["new"]["customer"]["name"] == "[erased]"


def test_checkpoint_catches_a_consistently_rewritten_chain(workspace: Workspace, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _busy_case(workspace)
    root = workspace.login("root")
    report = root.audit.verify()
    checkpoint = tmp_path / "head.json"
    root.audit.write_checkpoint(checkpoint, report.head)
    assert root.audit.verify(checkpoint=checkpoint).ok

    # An attacker who can rewrite the whole chain recomputes every hash after an edit: the
    # links alone then look fine, only the checkpoint held elsewhere tells.
    from resolution_center.domain.audit import AuditEvent

    rows = root.store.sql.all(
        "SELECT seq, prev_hash, time, actor, role, action, target_type, target_id, data, hash, "
        "case_id FROM audit_events ORDER BY seq"
    )
    prev = GENESIS_HASH
    statements = []
    for r in rows:
        # A claim slipped into event 3; its row images stay, so the state still matches.
        data = r[8] if r[0] != 3 else '{"forged":true,' + r[8][1:]
        event = AuditEvent(r[0], prev, r[2], r[3], r[4], r[5], r[6], r[7], data, "", r[10])
        digest = __import__("hashlib").sha256(event.canonical_bytes()).hexdigest()
        statements.append(
            (
                "UPDATE audit_events SET prev_hash = ?, hash = ?, data = ? WHERE seq = ?",
                (prev, digest, data, r[0]),
            )
        )
        prev = digest
    statements.append(("UPDATE chain_head SET hash = ? WHERE id = 1", (prev,)))
    workspace.tamper(*statements)
    assert _verify(workspace).ok  # the rewrite is self-consistent...
    report = workspace.login("root").audit.verify(checkpoint=checkpoint)
    assert not report.ok  # ...but not with the checkpoint
    assert "rewritten" in str(report.first_problem)


def test_checkpoint_catches_truncation(workspace: Workspace, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _, head = _busy_case(workspace)
    root = workspace.login("root")
    checkpoint = tmp_path / "head.json"
    root.audit.write_checkpoint(checkpoint, root.audit.verify().head)
    # The newest event (an escalation) goes, and the head is wound back to match.
    workspace.tamper(
        ("DELETE FROM audit_events WHERE seq = ?", (head,)),
        (
            "UPDATE chain_head SET seq = ?, hash = (SELECT hash FROM audit_events "
            "WHERE seq = ?) WHERE id = 1",
            (head - 1, head - 1),
        ),
    )
    # The case row still holds what the lost event did: the state check names it even without
    # the checkpoint...
    alone = _verify(workspace)
    assert any(
        p.detail
        and p.detail["table"] == "cases"
        and p.detail["column"] == "status"
        and p.detail["found"] == "escalated"
        for p in alone.problems
    ), alone.problems
    # ...and the checkpoint says the chain was cut.
    report = workspace.login("root").audit.verify(checkpoint=checkpoint)
    assert any("truncated" in str(p) for p in report.problems)


def test_the_trail_resolves_personal_values_exactly_and_text_cannot_pose_as_one(
    workspace: Workspace,
) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft(name='Zoë "Zee" O\\Brien 𝄞'))
    created = alice.audit.case_trail(case.id)[0]
    digest = json.loads(created.event.data)["new"]["customer"]["name"]["pii"]
    # A note whose body is exactly a marker's text (with a real digest) stays that text.
    posing = json.dumps({"pii": digest}, separators=(",", ":"))
    alice.cases.add_note(case.reference, posing)
    trail = alice.audit.case_trail(case.id)
    assert trail[0].data["new"]["customer"]["name"] == 'Zoë "Zee" O\\Brien 𝄞'
    assert [e.data["body"] for e in trail if e.event.action == "note.added"] == [posing]
