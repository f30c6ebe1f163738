"""How `verify` words a row that disagrees with the trail's image of it."""

from __future__ import annotations

from resolution_center.domain.vouch import explain


def test_a_changed_value_names_the_column_and_both_values() -> None:
    found = explain("cases", "7", 41, {"id": 7, "status": "closed"}, {"id": 7, "status": "open"})
    assert (found.column, found.expected, found.found) == ("status", "open", "closed")
    assert found.seq == 41
    assert found.describe() == 'cases 7: column status is "closed", but the trail says "open"'


def test_a_column_the_image_lacks_says_the_row_was_not_sealed_not_null_against_null() -> None:
    found = explain("offers", "3", 12, {"id": 3, "answered_via": None}, {"id": 3})
    assert found.column == "answered_via" and found.unimaged
    text = found.describe()
    assert "has no such column" in text and "event 12" in text
    assert "the trail says null" not in text
