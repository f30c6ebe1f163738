"""The Message-ID and subject tag a mail names its case by, built and found again."""

from __future__ import annotations

import pytest

from resolution_center.domain.errors import ValidationError
from resolution_center.domain.mail_ids import (
    address_domain,
    find_reference,
    mail_ids_in,
    make_message_id,
    parse_message_id,
    reference_in_subject,
    subject_with_reference,
)


def test_a_message_id_carries_the_case_the_message_and_the_team_s_domain() -> None:
    made = make_message_id("RC-2026-000123", 42, "Help Desk <help@Support.Example.com>")
    text = str(made)
    assert text.startswith("<RC-2026-000123.42.") and text.endswith("@support.example.com>")
    assert parse_message_id(text) == made
    assert make_message_id("RC-2026-000123", 42, "help@support.example.com") != made


def test_a_stranger_s_message_id_is_not_ours() -> None:
    assert parse_message_id("<CAF=abc123@mail.gmail.com>") is None
    assert parse_message_id("<RC-2026-000123@support.example.com>") is None
    assert parse_message_id(None) is None


def test_a_reply_is_traced_by_in_reply_to_then_references_then_subject() -> None:
    first = str(make_message_id("RC-2026-000001", 1, "a@x.example"))
    second = str(make_message_id("RC-2026-000002", 7, "a@x.example"))
    references = f"<other@elsewhere.example> {first}\r\n {second}"
    assert [m.reference for m in mail_ids_in(references)] == ["RC-2026-000001", "RC-2026-000002"]
    assert find_reference("Re: hi", references=references) == "RC-2026-000002"
    assert find_reference("[RC-2026-000009]", in_reply_to=first) == "RC-2026-000001"
    assert find_reference("Re: [rc-2026-000009] Your complaint") == "RC-2026-000009"
    assert find_reference("Re: RC-2026-000009 without brackets") is None


def test_the_subject_is_tagged_once() -> None:
    assert subject_with_reference("Your complaint", "RC-2026-000123") == (
        "[RC-2026-000123] Your complaint"
    )
    tagged = "Your complaint [RC-2026-000123]"
    assert subject_with_reference(tagged, "RC-2026-000123") == tagged
    assert reference_in_subject("Fwd: Re: [RC-2026-000001] x [RC-2026-000002]") == (
        "RC-2026-000001"
    )


def test_a_shipped_templates_subject_names_its_case_without_a_second_tag() -> None:
    survey = "How did we do? (RC-2026-000123)"  # every shipped subject ends so
    assert subject_with_reference(survey, "RC-2026-000123") == survey
    assert reference_in_subject("AW: " + survey) == "RC-2026-000123"
    # another case's reference in brackets is no tag for this one
    assert subject_with_reference("About (RC-2026-000999)", "RC-2026-000123") == (
        "[RC-2026-000123] About (RC-2026-000999)"
    )
    assert reference_in_subject("Order (RC-12) is late") is None


@pytest.mark.parametrize("address", ["", "nobody", "a@localhost", "a@exa mple.com", "a@-x.com"])
def test_an_address_without_a_usable_domain_is_refused(address: str) -> None:
    with pytest.raises(ValidationError) as err:
        address_domain(address)
    assert err.value.field == "from_address"
