"""Mail in on both backends: a complaint mailed in becomes a case (acknowledged as the setting
says), a reply joins its case, each mail is imported once, attachments become evidence, and mail
that cannot be read waits in quarantine with its reason; all of it in a trail that verifies."""

from __future__ import annotations

import email
import email.policy
import mailbox
from pathlib import Path

import pytest

from resolution_center.domain.actions import Action
from resolution_center.domain.errors import ValidationError
from resolution_center.domain.mail_ids import make_message_id
from resolution_center.domain.mail_in import Outcome, Route
from resolution_center.domain.messages import Direction, MessageState
from resolution_center.domain.trail_text import TrailText
from resolution_center.services.mail_in import DEFAULT_CATEGORY, MAIL_TAG
from tests.helpers import mail_fixtures as fx
from tests.helpers.workspace import Workspace, draft


def _actions(ws: Workspace, reference: str) -> list[str]:
    root = ws.login("root")
    return [e.event.action for e in root.audit.case_trail(root.cases.get(reference).id)]


def test_a_mailed_complaint_opens_a_case_acknowledged_in_the_same_import(
    workspace: Workspace,
) -> None:
    workspace.login("root").messages.set_ack_mode("send")
    alice = workspace.login("alice")
    result = alice.mail_in.import_bytes(fx.plain("c1"), "complaint.eml")
    assert (result.outcome, result.route) == (Outcome.OPENED, Route.NEW_CASE)
    assert result.case is not None
    case = alice.cases.get(result.case)
    assert case.customer.email == "zoe@example.com" and case.customer.name == "Zoë Kowalski"
    assert (case.category, case.subject, case.channel.value) == (
        DEFAULT_CATEGORY,
        "My kettle leaks",
        "email",
    )
    assert MAIL_TAG in case.tags
    ack, mail = alice.messages.list(case.reference)
    assert ack.state is MessageState.SENT and ack.template_name == "acknowledgement"
    assert (mail.direction, mail.state) == (Direction.IN, MessageState.RECEIVED)
    assert mail.body == "The kettle I bought leaks from the bottom."
    assert mail.sender == "Zoë Kowalski <zoe@example.com>"
    assert mail.rfc_message_id == "<c1@mail.example>"
    assert mail.mail_date is not None and mail.mail_date.isoformat() == "2026-12-07T09:15:00+00:00"
    # The customer's own mail is not an answer to them: the first-response clock runs on.
    assert alice.cases.get(case.reference).first_responded_at is None
    assert Action.MAIL_RECEIVED in _actions(workspace, case.reference)
    assert workspace.login("root").audit.verify().ok


def test_mail_from_a_known_customer_opens_the_case_on_their_record(
    workspace: Workspace,
) -> None:
    alice = workspace.login("alice")
    first = alice.cases.create(draft())
    address = first.customer.email
    raw = fx.plain("k1", sender=f"Someone Else <{address.upper()}>")
    result = alice.mail_in.import_bytes(raw, "k1.eml")
    assert result.outcome is Outcome.OPENED
    case = alice.cases.get(result.case or "")
    assert case.customer.id == first.customer.id
    assert case.customer.name == first.customer.name  # the record's name, not the mail's


def test_a_reply_joins_its_case_by_subject_or_by_our_message_id(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    opened = alice.mail_in.import_bytes(fx.plain("r0"), "r0.eml")
    reference = opened.case or ""
    by_subject = alice.mail_in.import_bytes(
        fx.plain("r1", f"Re: [{reference}] My kettle leaks", "Any news?"), "r1.eml"
    )
    assert (by_subject.outcome, by_subject.case, by_subject.route) == (
        Outcome.JOINED,
        reference,
        Route.SUBJECT,
    )
    ours = make_message_id(reference, 1, "help@shop.example")
    by_header = alice.mail_in.import_bytes(
        fx.plain("r2", "Re: your answer", "Thanks!", In_Reply_To=str(ours)), "r2.eml"
    )
    assert (by_header.outcome, by_header.case, by_header.route) == (
        Outcome.JOINED,
        reference,
        Route.HEADERS,
    )
    # A reference to a case this database does not have opens a new case instead.
    stranger = alice.mail_in.import_bytes(fx.plain("r3", "Re: [RC-2019-000999] old"), "r3.eml")
    assert stranger.outcome is Outcome.OPENED and stranger.case != reference
    received = [m for m in alice.messages.list(reference) if m.direction is Direction.IN]
    assert [m.body for m in received] == [
        "The kettle I bought leaks from the bottom.",
        "Any news?",
        "Thanks!",
    ]
    assert workspace.login("root").audit.verify().ok


def test_each_mail_is_imported_once_by_message_id_or_by_its_bytes(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    first = alice.mail_in.import_bytes(fx.plain("d1"), "d1.eml")
    again = alice.mail_in.import_bytes(fx.plain("d1"), "copy.eml")
    assert again.outcome is Outcome.DUPLICATE
    assert (again.case, again.message_id) == (first.case, first.message_id)
    no_id = fx.plain("d2").replace(b"Message-ID: <d2@mail.example>\r\n", b"")
    one = alice.mail_in.import_bytes(no_id, "a.eml")
    two = alice.mail_in.import_bytes(no_id, "b.eml")
    assert one.outcome is Outcome.OPENED and two.outcome is Outcome.DUPLICATE
    assert one.identity.startswith("sha256:")
    for reference in (first.case, one.case):
        received = [a for a in _actions(workspace, reference or "") if a == Action.MAIL_RECEIVED]
        assert len(received) == 1


def test_attachments_become_evidence_and_one_over_the_limit_is_refused_with_the_reason(
    workspace: Workspace,
) -> None:
    alice = workspace.login("alice")
    result = alice.mail_in.import_bytes(fx.huge_attachment("big1"), "big.eml")
    assert result.outcome is Outcome.OPENED and result.message_id is not None
    [refused] = result.refused
    assert refused["file_name"] == "fault-video.mp4"
    assert refused["size"] > 25 * 1024 * 1024
    assert "at most 25 MB" in refused["reason"]
    [kept] = alice.attachments.list(result.case or "")
    assert (kept.file_name, kept.size) == ("receipt.txt", 23)
    assert alice.attachments.content(kept.id) == b"Receipt 4711: 49.00 EUR"
    assert [kept.id] == list(result.evidence)
    root = workspace.login("root")
    event = next(
        e
        for e in root.audit.case_trail(root.cases.get(result.case or "").id)
        if e.event.action == Action.MAIL_RECEIVED
    )
    assert "1 attachment refused as evidence" in TrailText().summary(event)
    assert workspace.login("root").audit.verify().ok


def test_inline_images_and_forwarded_mails_are_evidence_with_their_hashes(
    workspace: Workspace,
) -> None:
    alice = workspace.login("alice")
    image = alice.mail_in.import_bytes(fx.inline_image("im1"), "im1.eml")
    [png] = alice.attachments.list(image.case or "")
    assert png.file_name == "damage.png" and png.media_type == "image/png"
    forwarded = alice.mail_in.import_bytes(fx.forwarded("fw1"), "fw1.eml")
    [eml] = alice.attachments.list(forwarded.case or "")
    assert eml.file_name == "Original complaint.eml"
    assert b"The original words of my complaint." in alice.attachments.content(eml.id)


def test_unreadable_mail_waits_in_quarantine_with_its_reason_until_imported_or_discarded(
    workspace: Workspace,
) -> None:
    alice = workspace.login("alice")
    lost = alice.mail_in.import_bytes(fx.no_sender("q1"), "inbox uid 7")
    broken = alice.mail_in.import_bytes(fx.malformed("q2"), "broken.eml")
    assert (lost.outcome, broken.outcome) == (Outcome.QUARANTINED, Outcome.QUARANTINED)
    again = alice.mail_in.import_bytes(fx.no_sender("q1"), "inbox uid 7")
    assert again.outcome is Outcome.ALREADY_QUARANTINED
    assert again.quarantine_id == lost.quarantine_id
    held = alice.mail_in.quarantine()
    assert [(q.reason.split(":")[0], q.subject) for q in held] == [
        ("the mail has no sender (From) address", "Who am I"),
        ("malformed MIME", "Broken mail"),
    ]
    assert held[1].sender == "Finn <finn@example.com>"
    assert alice.mail_in.quarantined_bytes(held[0].id) == fx.no_sender("q1")
    # Still unreadable on its own; a person names the case and it is imported there.
    assert alice.mail_in.retry(held[0].id).outcome is Outcome.ALREADY_QUARANTINED
    case = alice.cases.create(draft())
    retried = alice.mail_in.retry(held[0].id, case=case.reference)
    assert (retried.outcome, retried.case) == (Outcome.JOINED, case.reference)
    [mail] = [m for m in alice.messages.list(case.reference) if m.direction is Direction.IN]
    assert mail.body == "A mail without a From header."
    discarded = alice.mail_in.discard(held[1].id, "spam")
    assert discarded.state == "discarded" and discarded.resolved_by == "alice"
    assert alice.mail_in.quarantine() == []
    assert len(alice.mail_in.quarantine(everything=True)) == 2
    with pytest.raises(ValidationError, match="was discarded"):
        alice.mail_in.discard(held[1].id, "again")
    root = workspace.login("root")
    assert [e.event.action for e in root.audit.target_trail("mail", str(held[0].id))] == [
        Action.MAIL_QUARANTINED,
        Action.MAIL_RELEASED,
    ]
    assert [e.event.action for e in root.audit.target_trail("mail", str(held[1].id))] == [
        Action.MAIL_QUARANTINED,
        Action.MAIL_DISCARDED,
    ]
    assert workspace.login("root").audit.verify().ok


def test_files_and_an_mbox_import_and_a_chosen_case_takes_the_mail(
    workspace: Workspace, tmp_path: Path
) -> None:
    alice = workspace.login("alice")
    box = mailbox.mbox(str(tmp_path / "export.mbox"))
    for i in range(3):
        box.add(fx.plain(f"mb{i}", f"Mail {i}", sender=f"p{i}@example.com"))
    box.flush()
    box.close()
    (tmp_path / "one.eml").write_bytes(fx.alternative("eml1"))
    results = alice.mail_in.import_files([tmp_path / "export.mbox", tmp_path / "one.eml"])
    assert [r.outcome for r in results] == [Outcome.OPENED] * 4
    assert [r.source for r in results] == [
        "export.mbox #1",
        "export.mbox #2",
        "export.mbox #3",
        "one.eml",
    ]
    case = alice.cases.create(draft())
    (tmp_path / "two.eml").write_bytes(fx.plain("chosen1", "Unrelated subject"))
    [chosen] = alice.mail_in.import_files([tmp_path / "two.eml"], case=case.reference)
    assert (chosen.outcome, chosen.case, chosen.route) == (
        Outcome.JOINED,
        case.reference,
        Route.CHOSEN,
    )


def test_a_received_mail_edited_behind_the_apps_back_is_named_by_verify(
    workspace: Workspace,
) -> None:
    alice = workspace.login("alice")
    result = alice.mail_in.import_bytes(fx.plain("t1"), "t1.eml")
    held = alice.mail_in.import_bytes(fx.no_sender("t2"), "t2.eml")
    workspace.tamper(
        (
            "UPDATE messages SET body = ? WHERE id = ?",
            ("I withdraw my complaint.", result.message_id),
        ),
        ("UPDATE mail_quarantine SET reason = ? WHERE id = ?", ("nothing", held.quarantine_id)),
    )
    problems = " | ".join(str(p) for p in workspace.login("root").audit.verify().problems)
    assert f"messages {result.message_id}: column body" in problems
    assert f"mail_quarantine {held.quarantine_id}: column reason" in problems


def test_a_reply_to_a_case_waiting_on_the_customer_opens_it_again(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    alice.cases.change_status(case.reference, "open")
    alice.cases.change_status(case.reference, "waiting-on-customer", reason="asked for a photo")
    reply = fx.plain("w1", f"Re: [{case.reference}] photo", "Here is the photo.")
    result = alice.mail_in.import_bytes(reply, "w1.eml")
    assert (result.outcome, result.case) == (Outcome.JOINED, case.reference)
    assert alice.cases.get(case.reference).status.value == "open"
    actions = _actions(workspace, case.reference)
    assert actions[-2:] == [Action.CASE_STATUS_CHANGED, Action.MAIL_RECEIVED]
    # Only a case waiting on the customer moves: one waiting on a third party stays.
    alice.cases.change_status(case.reference, "waiting-on-third-party", reason="courier")
    alice.mail_in.import_bytes(fx.plain("w2", f"Re: [{case.reference}] x", "Any news?"), "w2")
    assert alice.cases.get(case.reference).status.value == "waiting-on-third-party"
    assert workspace.login("root").audit.verify().ok


def test_a_mail_intake_refuses_is_quarantined_and_the_next_mail_still_comes_in(
    workspace: Workspace,
) -> None:
    root = workspace.login("root")
    with root.store.transaction(root.actor, root.now()) as work:
        root.store.put_setting(
            "mail.intake.category", "no-such-category"
        )  # as an old setting might
        work.emit(Action.SETTINGS_MAIL_CHANGED, "settings", "mail", {"changes": {}})
    alice = workspace.login("alice")
    refused = alice.mail_in.import_bytes(fx.plain("bad-cat"), "bad-cat.eml")
    assert refused.outcome is Outcome.QUARANTINED
    assert refused.reason is not None and "could not be imported" in refused.reason
    [held] = alice.mail_in.quarantine()
    assert (held.subject, held.sender) == ("My kettle leaks", "Zoë Kowalski <zoe@example.com>")
    # Once the setting is right the held mail is imported from the list.
    root.mail_in.set_intake(category="order-issue")
    assert alice.mail_in.retry(held.id).outcome is Outcome.OPENED
    assert workspace.login("root").audit.verify().ok


def test_the_customers_reply_to_our_mail_joins_by_its_in_reply_to(workspace: Workspace) -> None:
    """Mail out names the case in its Message-ID; the reply's In-Reply-To brings it back."""
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    [ack] = alice.messages.list(case.reference)
    alice.messages.send(ack.id)
    [queued] = [e for e in alice.outbox.list() if e.reference == case.reference]
    reply = fx.plain(
        "re1",
        "Re: your message",  # the customer's client dropped the tag from the subject
        "Thanks, the kettle is in the box.",
        sender=f"Zoë <{case.customer.email}>",
        In_Reply_To=queued.mail_id,
        References=queued.mail_id,
    )
    result = alice.mail_in.import_bytes(reply, "re1.eml")
    assert (result.outcome, result.case, result.route) == (
        Outcome.JOINED,
        case.reference,
        Route.HEADERS,
    )
    assert workspace.login("root").audit.verify().ok


def test_header_injection_in_a_mail_never_adds_a_header_to_our_answer(
    workspace: Workspace, tmp_path: Path
) -> None:
    workspace.login("root").messages.set_ack_mode("send")
    alice = workspace.login("alice")
    result = alice.mail_in.import_bytes(fx.header_injection("inj1"), "inj1.eml")
    case = alice.cases.get(result.case or "")
    assert "\n" not in case.customer.name and "\n" not in case.subject
    [ack, _mail] = alice.messages.list(case.reference)
    saved = alice.outbox.save_eml(ack.id, tmp_path / "ack.eml")
    sent = email.message_from_bytes(Path(saved["path"]).read_bytes(), policy=email.policy.default)
    assert sent["Bcc"] is None and sent["X-Evil"] is None
    assert sent["To"].addresses[0].addr_spec == "mallory@example.com"
    assert "Bcc: victim@example.net" in sent["To"].addresses[0].display_name


def test_the_customers_reply_to_the_survey_records_the_score(workspace: Workspace) -> None:
    """Done means: after resolution the survey goes out and the mailed score is recorded."""
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    alice.cases.change_status(case.reference, "resolved", code="refunded", summary="Refunded")
    assert alice.satisfaction.surveys(case.reference)
    reply = fx.plain("score1", f"Re: [{case.reference}] How did we do?", "4\nQuick and friendly.")
    result = alice.mail_in.import_bytes(reply, "score1.eml")
    [score] = alice.satisfaction.for_case(case.reference)
    assert (score.score, score.comment, score.source.value) == (4, "Quick and friendly.", "reply")
    assert score.message_id == result.message_id
    # A reply that opens with a digit on a case never surveyed is not a score.
    other = alice.cases.create(draft())
    alice.mail_in.import_bytes(fx.plain("score2", f"[{other.reference}] x", "2 kettles"), "s2")
    assert alice.satisfaction.for_case(other.reference) == []
    # Anyone may write to a case they know the reference of, but only its customer rates it.
    stranger = fx.plain(
        "score3", f"Re: [{case.reference}] x", "1\nawful", sender="Mallory <m@evil.example>"
    )
    assert alice.mail_in.import_bytes(stranger, "s3").outcome.value == "joined"
    # Digits beyond ASCII are no score, and no crash that would block the folder after it.
    circled = fx.plain("score4", f"Re: [{case.reference}] x", "①\nsee below")
    assert alice.mail_in.import_bytes(circled, "s4").outcome.value == "joined"
    assert [s.score for s in alice.satisfaction.for_case(case.reference)] == [4]
    assert workspace.login("root").audit.verify().ok


def test_a_message_id_too_long_to_name_still_lets_the_case_be_answered(
    workspace: Workspace,
) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    raw = (
        "From: zoe@example.com\r\nTo: help@shop.example\r\n"
        f"Subject: Re: [{case.reference}] x\r\n"
        f"Message-ID: <{'x' * 300}@mail.example.com>\r\n\r\nHello?\r\n"
    ).encode()
    mail = alice.mail_in.import_bytes(raw, "long.eml")
    assert mail.outcome.value == "joined" and mail.identity.startswith("sha256:")
    answer = alice.messages.draft(case.reference, subject="Re: x", body="Here.")
    assert alice.messages.send(answer.id).state.value == "sent"  # queued: its thread is ours only
    assert workspace.login("root").audit.verify().ok
