"""The canonical form and the chain checker, without a database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from resolution_center.domain import audit
from resolution_center.domain.errors import ValidationError


def _chain(n: int) -> list[audit.AuditEvent]:
    events, prev = [], audit.GENESIS_HASH
    for i in range(1, n + 1):
        e = audit.seal(
            i,
            prev,
            datetime(2026, 1, 1, tzinfo=UTC),
            "alice",
            "specialist",
            audit.PendingEvent(
                "case.updated", "case", f"RC-2026-{i:06d}", {"n": i, "name": "Zoë"}, case_id=i
            ),
        )
        events.append(e)
        prev = e.hash
    return events


def _rows(events: list[audit.AuditEvent]) -> list[audit.EventRow]:
    return [
        (
            e.seq,
            e.prev_hash,
            e.time,
            e.actor,
            e.role,
            e.action,
            e.target_type,
            e.target_id,
            e.case_id,
            e.data,
            e.hash,
        )
        for e in events
    ]


def test_canonical_json_is_sorted_compact_utf8_and_float_free() -> None:
    assert audit.canonical_json({"b": 1, "a": "Zoë"}) == '{"a":"Zoë","b":1}'
    with pytest.raises(ValidationError, match="may not hold floats"):
        audit.canonical_json({"amount": 12.5})


def test_times_have_fixed_precision_in_utc() -> None:
    assert (
        audit.format_time(datetime(2026, 11, 23, 9, 1, 2, tzinfo=UTC))
        == "2026-11-23T09:01:02.000000Z"
    )


def test_the_fast_utc_format_is_strftime_s_text() -> None:
    """format_time formats UTC times itself (bulk intake's hot path): strftime's bytes exactly."""
    from datetime import timedelta, timezone

    moments = [
        datetime(1000, 1, 1, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
        datetime(2026, 2, 3, 4, 5, 6, 7, tzinfo=UTC),
        datetime(2026, 6, 1, tzinfo=timezone.utc),  # noqa: UP017 (the same object as UTC)
        datetime(999, 12, 31, 23, 59, tzinfo=UTC),
        datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=-7))),
    ]
    for moment in moments:
        want = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        assert audit.format_time(moment) == want, moment
    with pytest.raises(ValueError):
        audit.format_time(datetime(2026, 1, 1))


def test_intact_chain_verifies_and_each_break_is_named() -> None:
    events = _chain(5)
    head = audit.ChainHead(5, events[-1].hash)
    assert audit.verify_events(_rows(events), head).ok
    rows = _rows(events)
    rows[2] = (*rows[2][:9], rows[2][9].replace("Zoë", "Zoe"), rows[2][10])
    report = audit.verify_events(rows, head)
    assert (
        str(report.first_problem)
        == "event 3: its content does not match its hash: the event was edited"
    )
    gap = _rows(events[:2] + events[3:])
    assert "1 event(s) missing" in str(audit.verify_events(gap, head).first_problem)


def test_checkpoint_documents_round_trip() -> None:
    doc = audit.checkpoint_document("db-1", audit.ChainHead(7, "ab" * 32, "t"))
    assert audit.parse_checkpoint(doc) == ("db-1", audit.ChainHead(7, "ab" * 32, "t"))
    with pytest.raises(ValidationError):
        audit.parse_checkpoint({"format": "something else"})
