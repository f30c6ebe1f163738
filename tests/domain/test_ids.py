"""Typed ids and references: whole numbers in ASCII digits within 64 bits, references likewise."""

from __future__ import annotations

import pytest

from resolution_center.domain.agreement import parse_agreement_number
from resolution_center.domain.errors import ValidationError
from resolution_center.domain.ids import MAX_ID, check_id, parse_case_reference, parse_whole
from resolution_center.domain.offer import parse_offer_reference
from resolution_center.domain.remedy import parse_remedy_reference
from resolution_center.domain.remedy_record import parse_lines


@pytest.mark.parametrize(
    "text, value", [("1", 1), (" 42 ", 42), ("007", 7), (str(2**63 - 1), 2**63 - 1)]
)
def test_whole_numbers_in_ascii_digits_within_64_bits(text: str, value: int) -> None:
    assert parse_whole(text, "case id") == value


@pytest.mark.parametrize("text", ["0", "-1", str(2**63), "9" * 20, "9" * 5000])
def test_beyond_the_range_is_refused_with_the_range(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_whole(text, "case id", field="reference")
    assert "out of range" in err.value.message
    assert f"from 1 to {MAX_ID}" in err.value.message
    assert len(err.value.message) < 200 and err.value.field == "reference"


def test_a_command_s_own_range() -> None:
    assert parse_whole("0", "--offset", low=0) == 0
    assert parse_whole("10000", "--limit", high=10_000) == 10_000
    with pytest.raises(ValidationError, match="from 1 to 10000"):
        parse_whole("10001", "--limit", high=10_000)


@pytest.mark.parametrize("text", ["١٢٣", "１２", "۱", "१२", "1²", "12٣"])
def test_other_scripts_digits_are_not_numbers(text: str) -> None:
    with pytest.raises(ValidationError, match="ASCII digits 0-9"):
        parse_whole(text, "case id")


@pytest.mark.parametrize("text", ["", "abc", "1.5", "1_000", "1e3", "0x10", "- 1"])
def test_what_is_not_a_whole_number_says_what_is_wanted(text: str) -> None:
    with pytest.raises(ValidationError, match="give a whole number from 1 to"):
        parse_whole(text, "case id")


def test_ids_given_as_ints_are_checked_too() -> None:
    assert check_id(5, "case id") == 5
    for bad in (0, -3, 2**63, 10**30):
        with pytest.raises(ValidationError, match="out of range"):
            check_id(bad, "case id")


@pytest.mark.parametrize(
    "parse, text",
    [
        (parse_case_reference, "RC-٢٠٢٦-٠٠٠١٢٣"),
        (parse_case_reference, "RC-2026-００0123"),
        (parse_remedy_reference, "RM-٠٠٠٠٠١"),
        (parse_offer_reference, "OF-٠٠٠٠٠١"),
        (parse_agreement_number, "AG-٢٠٢٦-٠٠٠٠٠١"),
    ],
)
def test_references_take_ascii_digits_only(parse, text: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as err:
        parse(text)
    assert "ASCII digits 0-9" in err.value.message


@pytest.mark.parametrize("text", ["١,٣", "²", "1,³"])
def test_order_line_numbers_take_ascii_digits_only(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_lines(text)
    assert err.value.field == "lines"
