"""Display text for times (local, in the user's locale), values of the trail, and amounts."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTimeZone

from resolution_center.domain.errors import ValidationError
from resolution_center.domain.money import Money, exponent, parse_amount


def to_qdatetime(moment: datetime) -> QDateTime:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    ms = int(aware.timestamp() * 1000)
    return QDateTime.fromMSecsSinceEpoch(ms, QTimeZone.systemTimeZone())


def to_date(day: QDate) -> date:
    """A QDate as a date (QDate.toPython is typed as returning object)."""
    return date(day.year(), day.month(), day.day())


def local_time(moment: datetime | None, *, seconds: bool = False) -> str:
    """A UTC moment as the user's local wall-clock time, in their locale's short format.

    With `seconds` (the audit trail) the short format gains seconds; the long format would
    spell out weekday and month and not fit a table column.
    """
    if moment is None:
        return ""
    locale = QLocale()
    if not seconds:
        return locale.toString(to_qdatetime(moment), QLocale.FormatType.ShortFormat)
    time_format = locale.timeFormat(QLocale.FormatType.ShortFormat)
    if "ss" not in time_format:
        time_format = time_format.replace("mm", "mm:ss", 1)
    date_format = locale.dateFormat(QLocale.FormatType.ShortFormat)
    return locale.toString(to_qdatetime(moment), f"{date_format} {time_format}")


def count_text(count: int) -> str:
    """A count in the user's locale ('12,345')."""
    return QLocale().toString(count)


def local_date(day: date | None) -> str:
    if day is None:
        return ""
    return QLocale().toString(QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat)


def value_text(value: Any) -> str:
    """An old or new value from the trail or a conflict: lists joined, nothing shown as a dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return (
            QCoreApplication.translate("Formatting", "yes")
            if value
            else QCoreApplication.translate("Formatting", "no")
        )
    if isinstance(value, list | tuple):
        return ", ".join(value_text(v) for v in value) if value else "—"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {value_text(v)}" for k, v in value.items())
    return str(value)


def parse_local_amount(text: str, currency: str) -> Money:
    """Parse what the user typed with their locale's separators ('1.234,50' in German).

    Grouping is checked here first: parse_amount drops group separators wherever they are,
    so a German '12.5' (meant as 12,50) would otherwise become 125,00.
    """
    locale = QLocale()
    decimal, group = locale.decimalPoint(), locale.groupSeparator()
    raw = (text or "").strip()
    if group and group != decimal and group in raw:
        pattern = (
            rf"-?\d{{1,3}}(?:{re.escape(group)}\d{{3}})+"
            rf"(?:{re.escape(decimal)}\d+)?"
        )
        if not re.fullmatch(pattern, raw):
            raise ValidationError(
                QCoreApplication.translate(
                    "Formatting",
                    "'{text}' is not an amount: use '{decimal}' for decimals; "
                    "'{group}' only separates thousands (1{group}234{decimal}50)",
                ).format(text=raw, decimal=decimal, group=group),
                field="amount",
            )
    return parse_amount(raw, currency, decimal_sep=decimal, group_sep=group)


def local_amount_text(money: Money) -> str:
    """Money as the user would type it back (locale decimal point, no grouping, no code)."""
    exp = exponent(money.currency)
    sign = "-" if money.minor < 0 else ""
    whole, frac = divmod(abs(money.minor), 10**exp)
    return f"{sign}{whole}" + (f"{QLocale().decimalPoint()}{frac:0{exp}d}" if exp else "")
