"""The recorded periodic review on both backends: opened by a supervisor with the period's KPI
report and findings frozen into it, refreshed (recorded), noted, actions set for owners (their
task list), signed off with the password, read-only after; each step in the trail; `verify`
passes on what it wrote and names a review row edited behind the app's back (SQLite); the
exports (PDF read back with pypdf and pikepdf, CSV)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pikepdf
import pypdf
import pytest

from resolution_center.cli.program import main
from resolution_center.domain.actions import Action
from resolution_center.domain.errors import (
    AuthenticationError,
    ConflictError,
    PermissionDenied,
    PolicyRefusal,
    ValidationError,
)
from resolution_center.domain.review import ActionState, ReviewState, steps_allowed
from tests.helpers.workspace import PASSWORD, Workspace
from tests.services.test_patterns import CURRENT, known_cases


def opened(ws: Workspace) -> tuple[Any, dict[str, str]]:
    refs = known_cases(ws)
    maria = ws.login("maria")
    return maria.reviews.open(*CURRENT), refs


def trail(ws: Workspace, review_id: int) -> list[str]:
    rows = ws.login("root").audit.target_trail("review", str(review_id))
    return [e.event.action for e in rows]


def test_a_review_freezes_the_periods_figures_and_findings(workspace: Workspace) -> None:
    review, refs = opened(workspace)
    assert review.state is ReviewState.OPEN and review.opened_by == "maria"
    assert review.kpis["volume"] == 7  # the current week's seven cases
    assert review.kpis["by"] == "day"  # a week's review is cut by day
    sellers = review.patterns["sections"]["sellers"]["findings"]
    assert sellers[0]["id"] == "sellers:Acme"
    assert sellers[0]["references"] == [refs["C1"], refs["C2"], refs["C3"]]

    # A case arriving later does not move what was frozen until a refresh, which is recorded.
    workspace.login("alice").cases.create(
        known_case_like(refs, "x9@ex.com"),
    )
    again = workspace.login("maria").reviews.get(review.id)
    assert again.kpis == review.kpis and again.patterns == review.patterns
    refreshed = workspace.login("olu").reviews.refresh(review.id)
    assert refreshed.refreshes == 1 and refreshed.frozen_by == "olu"
    assert refreshed.kpis["volume"] == 8
    assert workspace.login("root").audit.verify().ok


def known_case_like(refs: dict[str, str], email: str) -> Any:
    from tests.services.test_patterns import case

    return case("Broken too", "product-defect", email, "O-20", [("SKU-A", "Acme")])


def test_the_lifecycle_from_opening_to_sign_off(workspace: Workspace) -> None:
    review, _refs = opened(workspace)
    maria = workspace.login("maria")
    noted = maria.reviews.note(review.id, "Acme's defect rate doubled.", "sellers:Acme")
    assert [(n.finding, n.body) for n in noted.notes] == [
        ("sellers:Acme", "Acme's defect rate doubled.")
    ]
    maria.reviews.note(review.id, "A quiet week otherwise.")
    action = maria.reviews.add_action(
        review.id, "Raise SKU-A's defect rate with Acme", "alice", date(2026, 12, 20)
    )
    assert action.owner == "alice" and action.state is ActionState.OPEN

    # The owner sees it in their task list; others do not.
    alice = workspace.login("alice")
    assert [a.id for a in alice.reviews.open_actions()] == [action.id]
    assert workspace.login("bob").reviews.open_actions() == []

    with pytest.raises(AuthenticationError, match="wrong password"):
        maria.reviews.sign(review.id, "not-it")
    signed = maria.reviews.sign(review.id, PASSWORD, "Agreed with the team.")
    assert signed.state is ReviewState.SIGNED and signed.signed_by == "maria"
    assert steps_allowed(signed, "supervisor") == frozenset()

    # Read-only after sign-off: notes, actions, refreshes and a second sign-off are refused.
    for attempt in (
        lambda: maria.reviews.note(review.id, "late"),
        lambda: maria.reviews.add_action(review.id, "late", "bob", date(2026, 12, 20)),
        lambda: maria.reviews.refresh(review.id),
        lambda: maria.reviews.sign(review.id, PASSWORD),
    ):
        with pytest.raises(PolicyRefusal, match="read-only"):
            attempt()

    # The action is the work the review leaves behind: its owner finishes it after sign-off.
    done = alice.reviews.finish_action(action.id)
    assert done.state is ActionState.DONE and done.done_by == "alice"
    with pytest.raises(ConflictError):
        alice.reviews.finish_action(action.id)
    assert alice.reviews.open_actions() == []

    assert trail(workspace, review.id) == [
        Action.REVIEW_OPENED,
        Action.REVIEW_NOTED,
        Action.REVIEW_NOTED,
        Action.REVIEW_ACTION_ADDED,
        Action.REVIEW_SIGNED,
        Action.REVIEW_ACTION_DONE,
    ]
    assert workspace.login("root").audit.verify().ok


def test_only_supervisors_and_admins_run_reviews(workspace: Workspace) -> None:
    review, _ = opened(workspace)
    # Per-person figures frozen by a supervisor stay theirs to read, as the live report's are.
    assert workspace.login("maria").reviews.get(review.id).kpis["per_assignee"] is not None
    shown = workspace.login("alice").reviews.get(review.id).kpis
    assert shown["per_assignee"] is None and shown["per_tier"] is None
    assert shown["volume"] == review.kpis["volume"]
    for who in ("alice", "sam", "erin"):
        ctx = workspace.login(who)
        with pytest.raises(PermissionDenied):
            ctx.reviews.open(*CURRENT)
        with pytest.raises(PermissionDenied):
            ctx.reviews.note(review.id, "mine")
        with pytest.raises(PermissionDenied):
            ctx.reviews.sign(review.id, PASSWORD)
    assert workspace.login("root").reviews.note(review.id, "admins may").notes
    action = workspace.login("maria").reviews.add_action(
        review.id, "Check", "bob", date(2026, 12, 20)
    )
    with pytest.raises(PermissionDenied, match="bob's"):
        workspace.login("alice").reviews.finish_action(action.id)


def test_bad_input_is_refused_with_its_field(workspace: Workspace) -> None:
    review, _ = opened(workspace)
    maria = workspace.login("maria")
    cases = [
        (lambda: maria.reviews.note(review.id, "  "), "note"),
        (lambda: maria.reviews.note(review.id, "x", "sellers:Nobody"), "finding"),
        (lambda: maria.reviews.add_action(review.id, "x", "", date(2026, 12, 20)), "owner"),
        (lambda: maria.reviews.add_action(review.id, "x", "ghost", date(2026, 12, 20)), "owner"),
        (lambda: maria.reviews.add_action(review.id, "x", "bob", date(2026, 1, 1)), "due"),
        (lambda: maria.reviews.add_action(review.id, "x", "bob", date(2030, 1, 1)), "due"),
        (lambda: maria.reviews.open(CURRENT[1], CURRENT[0]), "date_to"),
    ]
    for attempt, field in cases:
        with pytest.raises(ValidationError) as caught:
            attempt()
        assert caught.value.field == field
    assert maria.reviews.get(review.id).notes == ()


def test_a_change_made_meanwhile_is_a_conflict(workspace: Workspace) -> None:
    review, _ = opened(workspace)
    workspace.login("olu").reviews.refresh(review.id)
    with pytest.raises(ConflictError):
        workspace.login("maria").reviews.sign(review.id, PASSWORD, expected_version=review.version)
    # A note or an action added since the signer looked is as much a change: not signed unseen.
    seen = workspace.login("maria").reviews.get(review.id)
    workspace.login("olu").reviews.note(review.id, "Added while maria read it.")
    with pytest.raises(ConflictError):
        workspace.login("maria").reviews.sign(review.id, PASSWORD, expected_version=seen.version)
    now = workspace.login("maria").reviews.get(review.id)
    workspace.login("olu").reviews.add_action(review.id, "Call Acme", "bob", date(2026, 12, 20))
    with pytest.raises(ConflictError):
        workspace.login("maria").reviews.sign(review.id, PASSWORD, expected_version=now.version)
    signed = workspace.login("maria").reviews.sign(review.id, PASSWORD)
    assert (len(signed.notes), len(signed.actions)) == (1, 1)
    assert workspace.login("root").audit.verify().ok


def test_verify_names_a_review_row_edited_behind_the_apps_back(workspace: Workspace) -> None:
    if workspace.backend != "sqlite":
        pytest.skip("PostgreSQL refuses the edit itself (tests/storage/test_pg_reviews.py)")
    review, _ = opened(workspace)
    maria = workspace.login("maria")
    maria.reviews.add_action(review.id, "Call Acme", "alice", date(2026, 12, 20))
    maria.reviews.sign(review.id, PASSWORD)
    root = workspace.login("root")
    assert root.audit.verify().ok
    for table, statement in [
        ("reviews", f"UPDATE reviews SET patterns = '{{}}' WHERE id = {review.id}"),
        ("review_actions", "UPDATE review_actions SET due_on = '2027-06-30'"),
    ]:
        workspace.tamper(statement)
        report = root.audit.verify()
        named = [(p.detail["table"], p.detail["key"]) for p in report.problems if p.detail]
        assert not report.ok and any(t == table for t, _ in named), report.problems


def test_the_pdf_and_csv_exports(workspace: Workspace, tmp_path: Path) -> None:
    review, refs = opened(workspace)
    maria = workspace.login("maria")
    maria.reviews.note(review.id, "Acme's defect rate doubled.", "sellers:Acme")
    maria.reviews.add_action(review.id, "Raise SKU-A with Acme", "alice", date(2026, 12, 20))
    maria.reviews.sign(review.id, PASSWORD, "Agreed.")
    pdf = tmp_path / "review.pdf"
    digest = maria.reviews.export_pdf(review.id, pdf)

    reader = pypdf.PdfReader(pdf)
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in (
        f"Periodic review #{review.id}",
        "30 November 2026 – 6 December 2026",
        "Signed off by maria",
        "Cases received",
        "Sellers with the most defect and warranty cases",
        refs["C2"],
        "Acme's defect rate doubled.",
        "Raise SKU-A with Acme",
        "Volume over time",  # a chart's title: drawn as text, not a bitmap
    ):
        assert expected in text, expected
    with pikepdf.open(pdf) as doc:
        assert len(doc.pages) >= 3
        images = [k for page in doc.pages for k in page.get_images()]
        assert images == []  # charts are vectors
        fonts = {
            str(f.get("/BaseFont"))
            for page in doc.pages
            for _name, f in page.resources.get("/Font", {}).items()
        }
        assert any("DejaVu" in f for f in fonts), fonts
    png = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "2", "-l", "2", pdf, png], check=True)
    assert list(tmp_path.glob("page*.png"))

    files = maria.reviews.export_csv(review.id, tmp_path / "csv")
    names = sorted(p.name for p in files)
    assert f"review-{review.id}-findings.csv" in names
    text = (tmp_path / "csv" / f"review-{review.id}-actions.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][:4] == ["Raise SKU-A with Acme", "alice", "2026-12-20", "open"]
    events = workspace.login("root").audit.target_trail("review", str(review.id))
    exported = [e.data for e in events if e.event.action == Action.REVIEW_EXPORTED]
    assert [d["format"] for d in exported] == ["pdf", "csv"]
    assert exported[0]["file_sha256"] == digest


def run(ws: Workspace, user: str, *argv: str, stdin: str = PASSWORD + "\n") -> tuple[int, str]:
    out = io.StringIO()
    code = main(
        ["--database", ws.url, "--user", user, "--password-stdin", *argv],
        stdin=io.StringIO(stdin),
        stdout=out,
        stderr=io.StringIO(),
    )
    return code, out.getvalue()


def test_the_command_line(workspace: Workspace, tmp_path: Path) -> None:
    refs = known_cases(workspace)
    code, out = run(
        workspace, "maria", "--json", "review", "open", "--from", "2026-11-30", "--to", "2026-12-06"
    )
    assert code == 0
    review_id = json.loads(out)["id"]
    rid = str(review_id)
    code, out = run(
        workspace, "maria", "review", "note", rid, "Acme again", "--finding", "sellers:Acme"
    )
    assert code == 0 and "note added" in out
    code, out = run(
        workspace,
        "maria",
        "review",
        "action",
        "add",
        rid,
        "Call Acme",
        "--owner",
        "alice",
        "--due",
        "2026-12-20",
    )
    assert code == 0 and "for alice, due 2026-12-20" in out
    code, out = run(workspace, "alice", "review", "action", "list")
    assert "Call Acme" in out
    # The owner's task list (`case task list`) names it beside the case follow-ups.
    code, out = run(workspace, "alice", "--json", "case", "task", "list")
    assert [a["body"] for a in json.loads(out)["review_actions"]] == ["Call Acme"]
    code, out = run(
        workspace, "alice", "review", "open", "--from", "2026-11-30", "--to", "2026-12-06"
    )
    assert code != 0
    code, out = run(workspace, "maria", "review", "show", rid)
    assert "sellers:Acme  Acme: 3 cases" in out and refs["C1"] not in out
    code, out = run(workspace, "maria", "review", "sign", rid, stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert code == 0 and "signed off" in out
    code, out = run(
        workspace,
        "maria",
        "review",
        "export",
        rid,
        "--pdf",
        str(tmp_path / "r.pdf"),
        "--csv",
        str(tmp_path / "csv"),
    )
    assert code == 0 and (tmp_path / "r.pdf").stat().st_size > 10_000
    code, out = run(workspace, "maria", "review", "list")
    assert "signed" in out


def test_a_signed_review_survives_backup_and_restore(
    workspace: Workspace, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    from resolution_center.services.backup import backup, restore
    from tests.helpers.reviews import signed_review

    review = signed_review(workspace)
    out = backup(workspace.login("root"), tmp_path / "rc.backup")
    if workspace.backend == "sqlite":
        url = "sqlite:///" + str(tmp_path / "restored.db")
    else:  # the guards let the restore (the owner, as `system`) write signed rows back
        server = request.getfixturevalue("pg_server")
        name = server.create_database()
        request.addfinalizer(lambda: server.drop_database(name))
        url = server.url(name)
    restore(url, tmp_path / "rc.backup", config=workspace.config, clock=workspace.clock)
    other = Workspace(url, workspace.clock, workspace.config)
    try:
        again = other.login("maria").reviews.get(review.id)
        assert again == review
        assert other.login("root").audit.verify().ok
        assert out["events"] > 0
    finally:
        other.close()
