"""Working time on a business calendar: a time zone, opening hours per weekday and closed days.

Pure arithmetic over aware datetimes. A day's opening hours are local wall-clock times, turned
into UTC through the zone for that very day, so a working day across a daylight-saving change
is as long as the clock on the wall says it is open (08:00-17:00 is 9 hours either side of the
change; a 00:00-24:00 day is 23 or 25 hours on the night the clocks move). A local time that
does not exist (02:30 on the spring-forward night) is read with the offset before the change,
as zoneinfo does for fold=0; the same rule both ways, so every figure is reproducible.

Holidays are dates passed in: where they come from (the `holidays` package, a team's own days)
is decided outside the domain.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ValidationError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_MINUTES = 24 * 60
# A calendar open on no day at all (or closed by holidays for years) has no working time to
# give: the search for the next open hour gives up after this many days instead of looping.
SEARCH_DAYS = 3_660

Hours = tuple[int, int] | None  # (opens, closes) in minutes after local midnight; None: closed


@functools.lru_cache(maxsize=64)
def zone_of(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            f"unknown time zone {name!r}: use an IANA name such as Europe/Berlin or UTC",
            field="time_zone",
        ) from None


def check_hours(day: str, hours: Hours) -> Hours:
    if hours is None:
        return None
    opens, closes = hours
    if not (0 <= opens < closes <= DAY_MINUTES):
        raise ValidationError(
            f"{day}: opening hours must be within the day and open before they close "
            f"(got {minutes_text(opens)}-{minutes_text(closes)})",
            field="hours",
        )
    return (int(opens), int(closes))


def minutes_text(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_clock(text: str, day: str) -> int:
    """'08:30' -> 510; '24:00' is the end of the day."""
    hh, sep, mm = text.strip().partition(":")
    if not (sep and hh.isascii() and hh.isdigit() and mm.isascii() and mm.isdigit()):
        raise ValidationError(f"{day}: {text!r} is not a time like 08:30", field="hours")
    value = int(hh) * 60 + int(mm)
    if int(mm) > 59 or value > DAY_MINUTES:
        raise ValidationError(f"{day}: {text!r} is not a time of day", field="hours")
    return value


def parse_hours(text: str, day: str) -> Hours:
    """'08:00-17:00' -> (480, 1020); 'closed' or '' -> None."""
    value = text.strip().lower()
    if value in ("", "closed", "-"):
        return None
    opens, sep, closes = value.partition("-")
    if not sep:
        raise ValidationError(f"{day}: write hours as 08:00-17:00, or closed", field="hours")
    return check_hours(day, (parse_clock(opens, day), parse_clock(closes, day)))


def hours_text(hours: Hours) -> str:
    return "closed" if hours is None else f"{minutes_text(hours[0])}-{minutes_text(hours[1])}"


@dataclass(frozen=True, slots=True)
class BusinessCalendar:
    zone: str
    hours: tuple[Hours, ...]  # Monday first, seven entries
    holidays: frozenset[date] = frozenset()
    # Open round the clock every day with no closed day: working time is elapsed time, in any
    # zone (a 23-hour day is 23 working hours). Worked out once: every status change asks.
    always_open: bool = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        zone_of(self.zone)
        if len(self.hours) != 7:
            raise ValidationError("opening hours are given for the seven weekdays", field="hours")
        for day, hours in zip(WEEKDAYS, self.hours, strict=True):
            check_hours(day, hours)
        if all(h is None for h in self.hours):
            raise ValidationError("a calendar needs at least one working day", field="hours")
        always = all(h == (0, DAY_MINUTES) for h in self.hours) and not self.holidays
        object.__setattr__(self, "always_open", always)

    def window(self, day: date) -> tuple[datetime, datetime] | None:
        """The day's working hours in UTC, or None on a closed day or holiday."""
        return _window(self, day)

    def windows(self, start: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Working windows in order from the local day `start` falls on (the first may end
        before `start`; callers clip)."""
        day = start.astimezone(zone_of(self.zone)).date()
        for _ in range(SEARCH_DAYS):
            found = _window(self, day)
            if found is not None:
                yield found
            day += timedelta(days=1)


@functools.lru_cache(maxsize=8_192)
def _window(cal: BusinessCalendar, day: date) -> tuple[datetime, datetime] | None:
    # Cached: a due time walks the same few days for every case opened on them.
    hours = cal.hours[day.weekday()]
    if hours is None or day in cal.holidays:
        return None
    zone = zone_of(cal.zone)
    midnight = datetime.combine(day, time())
    opens = (midnight + timedelta(minutes=hours[0])).replace(tzinfo=zone).astimezone(UTC)
    closes = (midnight + timedelta(minutes=hours[1])).replace(tzinfo=zone).astimezone(UTC)
    return opens, max(opens, closes)


ALWAYS_OPEN = BusinessCalendar("UTC", ((0, DAY_MINUTES),) * 7)


def working_time(cal: BusinessCalendar, start: datetime, end: datetime) -> timedelta:
    """Working time from `start` to `end`; negative when `end` comes first."""
    if end < start:
        return -working_time(cal, end, start)
    if cal.always_open:
        return end - start
    total = timedelta()
    for opens, closes in cal.windows(start):
        if opens >= end:
            break
        lo, hi = max(opens, start), min(closes, end)
        if hi > lo:
            total += hi - lo
    return total


def add_working(cal: BusinessCalendar, start: datetime, amount: timedelta) -> datetime:
    """The earliest moment at which `amount` of working time has passed since `start`."""
    if amount < timedelta():
        raise ValueError("working time to add must not be negative")
    if not amount or cal.always_open:
        return start + amount
    left = amount
    for opens, closes in cal.windows(start):
        lo = max(opens, start)
        if closes <= lo:
            continue
        if left <= closes - lo:
            return lo + left
        left -= closes - lo
    raise ValidationError(
        f"the calendar has no working time in the {SEARCH_DAYS} days after {start:%Y-%m-%d}",
        field="hours",
    )


def add_working_each(
    cal: BusinessCalendar, start: datetime, amounts: Sequence[timedelta]
) -> list[datetime]:
    """`add_working` of each amount, in one walk over the windows (a due time and its warning
    time walk the same days: one walk for all four costs about a quarter of four walks)."""
    if cal.always_open or not amounts:
        return [add_working(cal, start, a) for a in amounts]
    out: list[datetime | None] = [None] * len(amounts)
    waiting = sorted(range(len(amounts)), key=amounts.__getitem__)
    for i in waiting:
        if amounts[i] < timedelta():
            raise ValueError("working time to add must not be negative")
        if not amounts[i]:
            out[i] = start
    waiting = [i for i in waiting if amounts[i]]
    used = timedelta()  # working time of the windows walked so far
    at = 0
    for opens, closes in cal.windows(start):
        lo = max(opens, start)
        if closes <= lo:
            continue
        span = closes - lo
        while at < len(waiting) and amounts[waiting[at]] - used <= span:
            out[waiting[at]] = lo + (amounts[waiting[at]] - used)
            at += 1
        if at == len(waiting):
            return [moment for moment in out if moment is not None]
        used += span
    raise ValidationError(
        f"the calendar has no working time in the {SEARCH_DAYS} days after {start:%Y-%m-%d}",
        field="hours",
    )


def duration_text(amount: timedelta) -> str:
    """'3 h 12 min', '66 h 0 min', '12 min', to the nearest minute (2 h 59 min 59.9 s reads as
    3 h). Hours, never days: a working day is as long as the calendar's opening hours."""
    hours, minutes = divmod(round(abs(amount.total_seconds()) / 60), 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"
