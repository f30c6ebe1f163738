"""Working time on business calendars: weekends, holidays, pauses, daylight-saving changes and
time zones, as properties over many calendars and moments, plus the cases people check by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resolution_center.domain.business_time import (
    DAY_MINUTES,
    BusinessCalendar,
    add_working,
    add_working_each,
    parse_hours,
    working_time,
)
from resolution_center.domain.case import Priority
from resolution_center.domain.errors import ValidationError
from resolution_center.domain.sla import SlaPolicy, paused_time

OFFICE = ((480, 1020),) * 5 + (None, None)  # Monday to Friday, 08:00-17:00
BERLIN = BusinessCalendar("Europe/Berlin", OFFICE)
ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"]


def at(zone: str, *args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(zone)).astimezone(UTC)


@st.composite
def calendars(draw: st.DrawFn) -> BusinessCalendar:
    hours = []
    for _ in range(7):
        if draw(st.booleans()):
            # an hour a day at least: a due time then lies within the ten years searched
            opens = draw(st.integers(0, DAY_MINUTES - 60))
            hours.append((opens, draw(st.integers(opens + 60, DAY_MINUTES))))
        else:
            hours.append(None)
    if all(h is None for h in hours):
        hours[0] = (540, 1020)
    holidays = draw(st.frozensets(st.dates(date(2026, 1, 1), date(2027, 12, 31)), max_size=40))
    return BusinessCalendar(draw(st.sampled_from(ZONES)), tuple(hours), holidays)


moments = st.datetimes(datetime(2026, 1, 1), datetime(2027, 6, 30)).map(
    lambda d: d.replace(tzinfo=UTC)
)
amounts = st.integers(0, 300 * 3600).map(lambda s: timedelta(seconds=s))


@settings(max_examples=150, deadline=None)
@given(calendars(), moments, amounts)
def test_adding_working_time_then_measuring_it_gives_it_back(
    cal: BusinessCalendar, start: datetime, amount: timedelta
) -> None:
    end = add_working(cal, start, amount)
    assert end >= start
    assert working_time(cal, start, end) == amount


@settings(max_examples=150, deadline=None)
@given(calendars(), moments, st.lists(amounts, max_size=5))
def test_adding_several_amounts_in_one_walk_is_adding_each(
    cal: BusinessCalendar, start: datetime, several: list[timedelta]
) -> None:
    # SlaPolicy.schedule's due and warning times in one walk (the import's hot path)
    assert add_working_each(cal, start, several) == [add_working(cal, start, a) for a in several]


@settings(max_examples=100, deadline=None)
@given(calendars(), moments, amounts, amounts)
def test_adding_in_two_steps_is_adding_once(
    cal: BusinessCalendar, start: datetime, a: timedelta, b: timedelta
) -> None:
    assert working_time(cal, start, add_working(cal, add_working(cal, start, a), b)) == a + b


@settings(max_examples=100, deadline=None)
@given(calendars(), moments, moments, moments)
def test_working_time_adds_up_and_never_exceeds_the_clock(
    cal: BusinessCalendar, a: datetime, b: datetime, c: datetime
) -> None:
    a, b, c = sorted((a, b, c))
    assert working_time(cal, a, c) == working_time(cal, a, b) + working_time(cal, b, c)
    assert timedelta() <= working_time(cal, a, c) <= c - a
    assert working_time(cal, c, a) == -working_time(cal, a, c)


@settings(max_examples=100, deadline=None)
@given(calendars(), moments, amounts)
def test_no_working_time_passes_on_a_closed_day(
    cal: BusinessCalendar, start: datetime, amount: timedelta
) -> None:
    zone = ZoneInfo(cal.zone)
    for day_offset in range(3):
        day = start.astimezone(zone).date() + timedelta(days=day_offset)
        if cal.window(day) is None:
            begin = datetime.combine(day, datetime.min.time(), zone).astimezone(UTC)
            end = datetime.combine(day + timedelta(days=1), datetime.min.time(), zone)
            assert working_time(cal, begin, end.astimezone(UTC)) == timedelta()


@settings(max_examples=100, deadline=None)
@given(calendars(), moments, amounts, moments, amounts)
def test_a_pause_moves_the_due_time_by_the_working_time_it_took(
    cal: BusinessCalendar,
    created: datetime,
    target: timedelta,
    paused_at: datetime,
    length: amounts,
) -> None:
    """Due = target of working time from creation, not counting the pause: the remaining time at
    the pause is what is left after the resume."""
    policy_due = add_working(cal, created, target)
    paused_at = max(paused_at, created)
    resumed = paused_at + length
    pause = working_time(cal, paused_at, resumed)
    moved = add_working(cal, created, target + pause)
    if paused_at < policy_due:
        remaining = working_time(cal, paused_at, policy_due)
        assert working_time(cal, resumed, moved) == remaining
    assert working_time(cal, created, moved) - pause == target


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(ZONES), moments, amounts, moments)
def test_round_the_clock_takes_the_short_way_to_the_same_answer(
    zone: str, start: datetime, amount: timedelta, end: datetime
) -> None:
    """Open every hour of every day, working time is elapsed time (the shortcut); a closed day
    far away turns the shortcut off and the day-by-day walk must agree."""
    fast = BusinessCalendar(zone, ((0, DAY_MINUTES),) * 7)
    walked = BusinessCalendar(zone, ((0, DAY_MINUTES),) * 7, frozenset({date(2099, 1, 1)}))
    assert fast.always_open and not walked.always_open
    assert add_working(fast, start, amount) == add_working(walked, start, amount)
    assert working_time(fast, start, end) == working_time(walked, start, end)


def test_a_friday_afternoon_case_is_due_on_monday() -> None:
    friday = at("Europe/Berlin", 2026, 11, 27, 15, 0)
    assert add_working(BERLIN, friday, timedelta(hours=4)) == at("Europe/Berlin", 2026, 11, 30, 10)


def test_holidays_are_skipped() -> None:
    cal = BusinessCalendar(
        "Europe/Berlin", OFFICE, frozenset({date(2026, 12, 24), date(2026, 12, 25)})
    )
    wednesday = at("Europe/Berlin", 2026, 12, 23, 16, 0)
    # 1 h on Wednesday, Thursday and Friday are holidays, the weekend is closed: Monday 10:00
    assert add_working(cal, wednesday, timedelta(hours=3)) == at("Europe/Berlin", 2026, 12, 28, 10)


def test_opening_hours_follow_the_wall_clock_across_daylight_saving() -> None:
    # Berlin leaves summer time on Sunday 2026-10-25: Friday 16:00 CEST (14:00 UTC) plus 3 h
    # is Monday 10:00 CET (09:00 UTC), 67 hours later by the clock.
    friday = at("Europe/Berlin", 2026, 10, 23, 16, 0)
    due = add_working(BERLIN, friday, timedelta(hours=3))
    assert due == datetime(2026, 10, 26, 9, 0, tzinfo=UTC)
    assert due - friday == timedelta(hours=67)


def test_a_round_the_clock_day_lasts_as_long_as_the_clock_on_the_wall_says() -> None:
    always = BusinessCalendar("America/New_York", ((0, DAY_MINUTES),) * 7)
    spring = at("America/New_York", 2026, 3, 8, 0, 0)
    autumn = at("America/New_York", 2026, 11, 1, 0, 0)
    assert working_time(always, spring, spring + timedelta(days=1)) == timedelta(days=1)
    assert add_working(always, spring, timedelta(hours=23)) == at("America/New_York", 2026, 3, 9)
    assert add_working(always, autumn, timedelta(hours=25)) == at("America/New_York", 2026, 11, 2)


def test_the_same_hours_in_another_zone_are_other_moments() -> None:
    tokyo = BusinessCalendar("Asia/Tokyo", OFFICE)
    monday = datetime(2026, 11, 30, 0, 0, tzinfo=UTC)  # 09:00 in Tokyo, 01:00 in Berlin
    assert add_working(tokyo, monday, timedelta(hours=1)) == datetime(2026, 11, 30, 1, tzinfo=UTC)
    assert add_working(BERLIN, monday, timedelta(hours=1)) == datetime(2026, 11, 30, 8, tzinfo=UTC)


def test_a_pause_over_a_weekend_costs_only_the_working_hours() -> None:
    friday = at("Europe/Berlin", 2026, 11, 27, 16, 0)
    monday = at("Europe/Berlin", 2026, 11, 30, 9, 30)
    assert paused_time(BERLIN, friday, monday) == timedelta(hours=2, minutes=30)


def test_targets_per_category_override_the_priority_default() -> None:
    base = SlaPolicy(BERLIN)
    fast = base.targets[Priority.HIGH]
    policy = SlaPolicy(
        BERLIN,
        base.targets,
        {"fraud": {Priority.HIGH: type(fast)(timedelta(minutes=30), timedelta(hours=8))}},
    )
    created = at("Europe/Berlin", 2026, 11, 30, 9, 0)
    assert policy.schedule(
        created, Priority.HIGH, "fraud"
    ).first_response_due == created + timedelta(minutes=30)
    assert policy.schedule(
        created, Priority.HIGH, "delivery"
    ).first_response_due == created + timedelta(hours=4)
    # the warning comes at 80 % of the working time: 3 h 12 min into a 4 h target
    assert policy.schedule(
        created, Priority.HIGH, "delivery"
    ).first_response_warn_at == created + timedelta(hours=3, minutes=12)


@pytest.mark.parametrize(
    ("zone", "hours", "field"),
    [
        ("Mars/Olympus", OFFICE, "time_zone"),
        ("UTC", (None,) * 7, "hours"),
        ("UTC", ((600, 540),) * 7, "hours"),
        ("UTC", OFFICE[:5], "hours"),
    ],
)
def test_a_calendar_that_cannot_be_is_refused(zone: str, hours: tuple, field: str) -> None:
    with pytest.raises(ValidationError) as err:
        BusinessCalendar(zone, hours)
    assert err.value.field == field


def test_hours_are_read_as_people_write_them() -> None:
    assert parse_hours("08:30-17:00", "monday") == (510, 1020)
    assert parse_hours("closed", "sunday") is None
    assert parse_hours("00:00-24:00", "saturday") == (0, DAY_MINUTES)
    with pytest.raises(ValidationError, match="monday"):
        parse_hours("8-5", "monday")
