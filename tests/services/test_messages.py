"""Messages to the customer on both backends: the acknowledgement on intake, templates and their
versions, approved answers from draft to use, and the trail that vouches for all of it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from resolution_center.domain.actions import Action
from resolution_center.domain.answers import AnswerText
from resolution_center.domain.errors import PermissionDenied, PolicyRefusal, ValidationError
from resolution_center.domain.messages import MessageState
from tests.helpers.workspace import Workspace, draft

LEAK = AnswerText(
    "Leaking kettle: free replacement",
    "Dear {{ customer_name }}, we are sorry your kettle leaks. We will send a new one for "
    "case {{ reference }} at no cost.",
    ("kettle", "leak"),
    "product-defect",
    "en",
)


def _actions(ws: Workspace, reference: str) -> list[str]:
    root = ws.login("root")
    case = root.cases.get(reference)
    return [e.event.action for e in root.audit.case_trail(case.id)]


def _approved(ws: Workspace, text: AnswerText = LEAK) -> int:
    """An answer alice wrote and sam approved; its version in use."""
    answer = ws.login("alice").answers.add("reply", text)
    approved = ws.login("sam").answers.approve(answer.id)
    assert approved.in_use is not None
    return approved.in_use.id


def test_a_new_case_gets_its_acknowledgement_drafted_with_reference_and_response_time(
    workspace: Workspace,
) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    [ack] = alice.messages.list(case.reference)
    assert ack.state is MessageState.DRAFT
    assert (ack.template_name, ack.template_version, ack.language) == ("acknowledgement", 1, "en")
    assert case.reference in ack.subject
    assert case.first_response_due.strftime("%Y-%m-%d %H:%M UTC") in ack.body
    # Drafting is not answering: the first-response clock still runs.
    assert alice.cases.get(case.reference).first_responded_at is None
    alice.messages.send(ack.id)
    assert alice.cases.get(case.reference).first_responded_at is not None
    assert workspace.login("root").audit.verify().ok


def test_an_acknowledgement_sent_at_intake_does_not_count_as_the_first_response(
    workspace: Workspace,
) -> None:
    workspace.login("root").messages.set_ack_mode("send")
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    [ack] = alice.messages.list(case.reference)
    assert ack.state is MessageState.SENT and ack.sent_by == "alice"
    assert alice.cases.get(case.reference).first_responded_at is None
    workspace.login("root").messages.set_ack_mode("off")
    assert alice.messages.list(alice.cases.create(draft()).reference) == []
    assert workspace.login("root").audit.verify().ok


def test_the_specialist_answers_from_an_approved_answer(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    in_use = _approved(workspace)
    [found] = alice.answers.search("kettl leak")
    assert found.in_use is not None and found.in_use.id == in_use
    body = alice.messages.fill(case.reference, found.in_use.text.body)
    assert body.startswith("Dear Zoë Łukasiewicz-Ørsted, we are sorry")
    assert case.reference in body and "{{" not in body
    message = alice.messages.draft(
        case.reference, subject="Your kettle", body=body, answers=[in_use]
    )
    sent = alice.messages.send(message.id)
    assert sent.state is MessageState.SENT and sent.answer_versions == (in_use,)
    assert alice.answers.get(found.id).uses == 1
    assert alice.cases.get(case.reference).first_responded_at is not None
    actions = _actions(workspace, case.reference)
    assert actions.count(Action.MESSAGE_SENT) == 1
    assert Action.MESSAGE_DRAFTED in actions
    root = workspace.login("root")
    answer_events = [e.event.action for e in root.audit.target_trail("answer", str(found.id))]
    assert answer_events == [Action.ANSWER_DRAFTED, Action.ANSWER_APPROVED]
    assert root.audit.verify().ok


def test_a_draft_answer_is_never_offered_or_used(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    answer = alice.answers.add("faq", LEAK)
    assert alice.answers.search("kettle") == []
    with pytest.raises(ValidationError) as err:
        alice.messages.draft(case.reference, subject="x", body="y", answers=[answer.latest.id])
    assert err.value.field == "answers"


def test_nobody_approves_their_own_answer_and_specialists_approve_none(
    workspace: Workspace,
) -> None:
    sam = workspace.login("sam")
    answer = sam.answers.add("policy", LEAK)
    with pytest.raises(PolicyRefusal, match="no self-approval"):
        sam.answers.approve(answer.id)
    with pytest.raises(PolicyRefusal, match="senior specialist"):
        workspace.login("bob").answers.approve(answer.id)
    approved = workspace.login("erin").answers.approve(answer.id)
    assert approved.in_use is not None and approved.in_use.approved_by == "erin"


def test_an_edit_is_a_new_version_and_the_approved_one_stays_in_use(
    workspace: Workspace,
) -> None:
    in_use = _approved(workspace)
    alice = workspace.login("alice")
    [answer] = alice.answers.list()
    revised = alice.answers.edit(answer.id, replace(LEAK, title="Leak v2"))
    assert revised.latest.version == 2 and not revised.latest.approved
    assert revised.in_use is not None and revised.in_use.id == in_use
    assert alice.answers.search("leak")[0].in_use.text.title == LEAK.title  # type: ignore[union-attr]
    workspace.login("maria").answers.approve(answer.id)
    assert alice.answers.search("leak")[0].in_use.text.title == "Leak v2"  # type: ignore[union-attr]
    assert [v.version for v in alice.answers.versions(answer.id)] == [1, 2]
    retired = workspace.login("sam").answers.retire(answer.id, "replaced by policy 7")
    assert retired.state.value == "retired"
    assert alice.answers.search("leak") == []
    assert workspace.login("root").audit.verify().ok


def test_search_folds_accents_and_filters_language(workspace: Workspace) -> None:
    _approved(
        workspace,
        AnswerText("Rückgabe", "Sie können die Ware zurücksenden.", ("rücksendung",), "", "de"),
    )
    alice = workspace.login("alice")
    assert [a.latest.text.title for a in alice.answers.search("ruckgabe")] == ["Rückgabe"]
    assert alice.answers.search("rückgabe", language="en") == []


def test_templates_fill_in_the_customers_language_or_fall_back(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    german = alice.messages.preview(case.reference, "status-update", "de")
    assert german.language == "de" and german.subject.startswith("Neuigkeiten")
    french = alice.messages.preview(case.reference, "status-update", "fr")
    assert french.language == "en"  # no French template: the default language's
    sent = alice.messages.draft(case.reference, template="status-update", language="de", send=True)
    assert sent.language == "de"
    # The customer's language is the one they were last written in.
    assert alice.messages.language_for(case.reference) == "de"


def test_a_saved_template_version_is_what_the_next_message_records(
    workspace: Workspace,
) -> None:
    root = workspace.login("root")
    saved = root.templates.save(
        "status-update", "en", "News on {{ reference }}", "Hello {{ customer_name }}."
    )
    assert saved.version == 2
    assert [t.version for t in root.templates.versions("status-update", "en")] == [1, 2]
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    message = alice.messages.draft(case.reference, template="status-update")
    assert (message.template_version, message.template_sha256) == (2, saved.sha256)
    assert message.subject == f"News on {case.reference}"
    with pytest.raises(PermissionDenied):
        alice.templates.save("status-update", "en", "x", "y")
    with pytest.raises(ValidationError, match="unknown placeholders: voucher_code"):
        root.templates.save("status-update", "en", "x", "Your code: {{ voucher_code }}")
    # A remedy's field that does not exist is refused when saved, not at the next intake.
    with pytest.raises(ValidationError, match="does not have"):
        root.templates.save(
            "acknowledgement", "en", "x", "{% for r in remedies %}{{ r.iban }}{% endfor %}"
        )
    alice.cases.create(draft())  # the intake still acknowledges with version 1
    assert root.audit.verify().ok


def test_a_line_break_in_a_customer_name_never_adds_a_line_to_the_subject(
    workspace: Workspace,
) -> None:
    root = workspace.login("root")
    root.templates.save(
        "status-update", "en", "Update for {{ customer_name }}", "Hi {{ customer_name }}"
    )
    alice = workspace.login("alice")
    # U+2028 passes the case's own text check; a mail header would break on it.
    case = alice.cases.create(draft(name="Zoë\u2028Bcc: attacker@example.com"))
    message = alice.messages.draft(case.reference, template="status-update")
    assert message.subject == "Update for Zoë Bcc: attacker@example.com"
    assert not any(ch in message.subject for ch in "\r\n\u2028\u2029\x85")
    with pytest.raises(ValidationError) as err:
        alice.messages.draft(case.reference, subject="Hi\nBcc: x@example.com", body="b")
    assert err.value.field == "subject"


def test_huge_or_hostile_text_is_refused_and_nothing_is_written(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    before = len(alice.messages.list(case.reference))
    with pytest.raises(ValidationError, match="too long"):
        alice.messages.draft(case.reference, subject="s", body="x" * 20_001)
    for hostile in (
        "{{ reference.__class__.__mro__ }}",
        "{% for i in range(10**9) %}{% endfor %}",
        "{{ customer_name * 100000000 }}",
        "{% macro f() %}{{ f() }}{% endmacro %}",
    ):
        with pytest.raises(ValidationError):
            alice.answers.add("reply", AnswerText("Hostile", hostile))
    assert alice.answers.list() == []
    assert len(alice.messages.list(case.reference)) == before


def test_a_sent_message_never_changes(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    [ack] = alice.messages.list(case.reference)
    edited = alice.messages.edit(ack.id, subject="Re: your kettle", body="We are on it.")
    assert edited.subject == "Re: your kettle" and edited.template_name == "acknowledgement"
    alice.messages.send(ack.id)
    with pytest.raises(PolicyRefusal):
        alice.messages.edit(ack.id, subject="changed", body="changed")
    with pytest.raises(PolicyRefusal):
        workspace.login("bob").messages.discard(ack.id)


def test_verify_names_a_message_edited_behind_the_apps_back(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    [ack] = alice.messages.list(case.reference)
    alice.messages.send(ack.id)
    workspace.tamper(("UPDATE messages SET body = ? WHERE id = ?", ("We owe you nothing.", ack.id)))
    report = workspace.login("root").audit.verify()
    assert not report.ok
    named = [(p.detail["table"], p.detail["key"]) for p in report.problems if p.detail]
    assert ("messages", str(ack.id)) in named, report.problems


def test_imported_cases_are_acknowledged_on_request_in_one_change(workspace: Workspace) -> None:
    alice = workspace.login("alice")
    workspace.login("root").messages.set_ack_mode("off")
    refs = [alice.cases.create(draft(subject=f"Case {n}")).reference for n in range(3)]
    workspace.login("root").messages.set_ack_mode("draft")
    made = alice.messages.acknowledge_cases([*refs, refs[0]])
    assert [m.template_name for m in made] == ["acknowledgement"] * 3
    again = alice.messages.acknowledge_cases(refs)  # each case has one now
    assert again == []
    assert all(len(alice.messages.list(r)) == 1 for r in refs)
    assert workspace.login("root").audit.verify().ok


def test_a_late_first_message_records_the_breach_as_a_late_reply_does(
    workspace: Workspace,
) -> None:
    alice = workspace.login("alice")
    case = alice.cases.create(draft())
    [ack] = alice.messages.list(case.reference)
    workspace.clock.advance(days=10)
    alice.messages.send(ack.id)
    late = alice.cases.get(case.reference)
    assert late.first_responded_at is not None and late.first_response_breached_at is not None
    assert Action.SLA_BREACHED in _actions(workspace, case.reference)
    assert workspace.login("root").audit.verify().ok
