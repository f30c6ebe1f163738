"""Satisfaction after resolution on both backends: the survey goes out with the resolution, a
score is typed in or read from the customer's reply, a low one sets a follow-up, a later score
supersedes an earlier one, and the trail vouches for every score."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from resolution_center.domain.actions import Action
from resolution_center.domain.errors import ValidationError
from resolution_center.domain.messages import MessageState
from resolution_center.domain.satisfaction import ScoreSource, check_score, score_from_reply
from resolution_center.services.backup import backup, restore
from resolution_center.services.session import Session
from resolution_center.storage.notifications import NotificationRepository
from resolution_center.storage.repositories import UserRepository
from tests.helpers import mail_fixtures as fx
from tests.helpers.workspace import Workspace, draft


def _resolved(ctx: Session) -> str:
    case = ctx.cases.create(draft())
    ctx.cases.assign(case.reference, ctx.actor.username)
    ctx.cases.change_status(case.reference, "resolved", code="refunded", summary="Refund sent")
    return case.reference


def _actions(ws: Workspace, ref: str) -> list[str]:
    root = ws.login("root")
    return [e.event.action for e in root.audit.case_trail(root.cases.get(ref).id)]


def test_resolving_sends_the_survey_once_in_the_customers_language(
    workspace: Workspace,
) -> None:
    alice = workspace.login("alice")
    ref = _resolved(alice)
    [survey] = alice.satisfaction.surveys(ref)
    assert survey.state is MessageState.SENT and survey.sent_by == "alice"
    assert survey.template_name == "satisfaction-survey" and ref in survey.subject
    assert "Zoë Łukasiewicz-Ørsted" in survey.body
    # The survey is part of the resolving change: its event follows the status change's.
    assert _actions(workspace, ref)[-2:] == [Action.CASE_STATUS_CHANGED, Action.MESSAGE_SENT]
    # A survey is no answer to the customer: the first-response clock is left alone.
    assert alice.cases.get(ref).first_responded_at is None
    # Sent as every message is: queued in the outbox for the mail server, threaded by case.
    queued = alice.outbox.for_message(survey.id)
    assert queued is not None and queued.subject.endswith(survey.subject)
    assert queued.to_address == "zoe@example.com"
    # Reopened and resolved again: not asked twice.
    alice.cases.change_status(ref, "open", reason="customer wrote back")
    alice.cases.change_status(ref, "resolved", code="refunded", summary="Refund sent again")
    assert len(alice.satisfaction.surveys(ref)) == 1
    with pytest.raises(ValidationError, match="already has its satisfaction survey"):
        alice.satisfaction.send_survey(ref)
    assert workspace.login("root").audit.verify().ok


def test_a_score_typed_in_with_its_source_is_the_cases_current_score(
    workspace: Workspace,
) -> None:
    alice = workspace.login("alice")
    ref = _resolved(alice)
    score = alice.satisfaction.record(ref, "4", "phone", "Quick and friendly")
    assert (score.score, score.source, score.comment) == (
        4,
        ScoreSource.PHONE,
        "Quick and friendly",
    )
    assert score.recorded_by == "alice" and not score.low
    assert alice.satisfaction.current(ref) == score
    assert alice.follow_ups.for_case(ref) == []  # a good score needs no follow-up
    assert _actions(workspace, ref)[-1] == Action.SATISFACTION_RECORDED
    # The customer page reads the current score.
    page = alice.case_links.customer_page(ref)
    assert [(s.case_reference, s.score, s.scale) for s in page.scores] == [(ref, 4, 5)]
    assert workspace.login("root").audit.verify().ok


@pytest.mark.parametrize(
    ("score", "source", "comment", "field"),
    [
        ("0", "phone", "", "score"),
        ("6", "phone", "", "score"),
        ("4.5", "phone", "", "score"),
        ("", "mail", "", "score"),
        ("3", "fax", "", "source"),
        ("3", "reply", "", "source"),  # a reply's score is read from the reply itself
        ("3", "chat", "x" * 2001, "comment"),
    ],
)
def test_bad_scores_are_refused_with_the_field_and_nothing_is_written(
    workspace: Workspace, score: str, source: str, comment: str, field: str
) -> None:
    alice = workspace.login("alice")
    ref = _resolved(alice)
    with pytest.raises(ValidationError) as refused:
        alice.satisfaction.record(ref, score, source, comment)
    assert refused.value.field == field
    assert alice.satisfaction.for_case(ref) == []


def test_an_open_case_is_not_scored(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    with pytest.raises(ValidationError, match="after resolution") as refused:
        alice.satisfaction.record(case.reference, 5, "phone")
    assert refused.value.field == "status"


def test_a_low_score_sets_a_follow_up_for_the_assignee_in_the_same_change(
    workspace: Workspace,
) -> None:
    alice = workspace.login("alice")
    ref = _resolved(alice)
    bob = workspace.login("bob")
    score = bob.satisfaction.record(ref, 2, "chat", "Took three weeks")
    [task] = alice.follow_ups.for_case(ref)
    assert task.assignee == "alice" and task.created_by == "bob"  # the case's assignee
    assert task.due_at - task.created_at == timedelta(days=2)
    assert "Satisfaction score 2 of 5" in task.note
    assert _actions(workspace, ref)[-2:] == [Action.TASK_SET, Action.SATISFACTION_RECORDED]
    root = workspace.login("root")
    [event] = [
        e
        for e in root.audit.case_trail(root.cases.get(ref).id)
        if e.event.action == Action.SATISFACTION_RECORDED
    ]
    assert event.data["follow_up"] == task.id and event.data["comment"] == "Took three weeks"
    assert score.low
    assert root.audit.verify().ok


def test_a_later_score_supersedes_the_earlier_which_stays_as_history(
    workspace: Workspace,
) -> None:
    alice = workspace.login("alice")
    ref = _resolved(alice)
    first = alice.satisfaction.record(ref, 3, "phone")
    workspace.clock.advance(hours=1)
    second = alice.satisfaction.record(ref, 5, "mail", "Sorted after all")
    assert [s.id for s in alice.satisfaction.for_case(ref)] == [first.id, second.id]
    assert alice.satisfaction.current(ref) == second
    assert [s.score for s in alice.satisfaction.list()] == [5]
    root = workspace.login("root")
    last = root.audit.case_trail(root.cases.get(ref).id)[-1]
    assert last.data["supersedes"] == first.id


def test_a_reply_starting_with_a_digit_is_recorded_once_with_the_rest_as_comment(
    workspace: Workspace,
) -> None:
    alice = workspace.login("alice")
    ref = _resolved(alice)
    [survey] = alice.satisfaction.surveys(ref)
    case_id = alice.cases.get(ref).id
    # The customer's reply, read in without a score (the reader's own check is tested in
    # test_mail_in.py); the text is then read for one here.
    mail = fx.plain("reply-1", f"Re: [{ref}] How did we do?", "Thanks!")
    reply = alice.mail_in.import_bytes(mail, "reply-1.eml").message_id
    assert reply is not None and alice.satisfaction.for_case(ref) == []
    text = "1\nThe kettle still leaks.\n\nOn Mon, 7 Dec 2026 you wrote:\n> How did we do?"
    # Our own survey is no reply: a score is never read from what we sent.
    with pytest.raises(ValidationError, match="not a reply the customer sent") as refused:
        alice.satisfaction.record_from_reply(case_id, text, survey.id)
    assert refused.value.field == "message"
    score = alice.satisfaction.record_from_reply(case_id, text, reply)
    assert score is not None
    assert (score.score, score.comment, score.source) == (1, "The kettle still leaks.", "reply")
    assert score.message_id == reply
    # The same message again (a second fetch) records nothing more.
    assert alice.satisfaction.record_from_reply(case_id, text, reply) is None
    # A reply that is not a score records nothing.
    assert alice.satisfaction.record_from_reply(case_id, "Thanks!", reply) is None
    assert len(alice.satisfaction.for_case(ref)) == 1
    assert len(alice.follow_ups.for_case(ref)) == 1  # 1 is low
    assert workspace.login("root").audit.verify().ok


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("5", (5, "")),
        ("  \n4.\nGood", (4, "Good")),
        ("3/5\r\nok", (3, "ok")),
        ("10\nno", None),
        ("five", None),
        ("", None),
        ("2 stars", None),
        ("4\nfine\n> quoted 1", (4, "fine")),
        ("①\nsee below", None),  # digits beyond ASCII: no score, and no crash
        ("²", None),
        ("٣", None),
    ],
)
def test_the_score_in_a_reply(text: str, found: tuple[int, str] | None) -> None:
    assert score_from_reply(text) == found


@pytest.mark.parametrize("typed", ["²", "①", "٣", "0", "6", "4.5", "-1"])
def test_a_typed_score_beyond_1_to_5_is_refused_clearly(typed: str) -> None:
    with pytest.raises(ValidationError) as err:
        check_score(typed)
    assert err.value.field == "score"


def test_verify_names_a_score_edited_in_the_database(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    ref = _resolved(alice)
    score = alice.satisfaction.record(ref, 1, "phone", "Awful")
    workspace.tamper(f"UPDATE satisfaction_scores SET score = 5 WHERE id = {score.id}")
    report = workspace.login("root").audit.verify()
    assert not report.ok
    named = [(p.detail["table"], p.detail["key"]) for p in report.problems if p.detail]
    assert ("satisfaction_scores", str(score.id)) in named


@pytest.mark.postgres
def test_scores_and_read_state_survive_a_backup_restored_into_sqlite(
    pg_workspace: Workspace, tmp_path: Path
) -> None:
    alice = pg_workspace.login("alice")
    ref = _resolved(alice)
    low = alice.satisfaction.record(ref, 1, "phone", "Awful")
    bob = pg_workspace.login("bob")
    other = bob.cases.create(draft("Second"))
    bob.cases.assign(other.reference, "alice")
    through = alice.notifications.list()[0].seq
    alice.notifications.mark_all_read()
    root = pg_workspace.login("root")
    backup(root, tmp_path / "team.backup")
    url = "sqlite:///" + str(tmp_path / "copy.db")
    restore(url, tmp_path / "team.backup", config=pg_workspace.config, clock=pg_workspace.clock)
    copy = Workspace(url, pg_workspace.clock, pg_workspace.config)
    try:
        # The server kept the passwords: the copy is read as the set-up user.
        system = copy.login(None)
        assert system.satisfaction.current(ref) == low
        alice_id = UserRepository(system.store).get("alice")
        assert alice_id is not None
        reads = NotificationRepository(system.store)
        assert reads.read_mark(alice_id[0].id) == through
        assert system.audit.verify().ok
    finally:
        copy.close()
