"""Display text for times (local, in the user's locale), values of the trail, and amounts.

Under the C/POSIX locale (no language chosen, common on servers and in containers) Qt's own
formats are ambiguous ("6 12 2026"): dates and times fall back to ISO 8601 ("2026-12-06
14:05") and money to its code form ("1,234.56 EUR").
"""

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


# Symbols for currencies whose sign names them alone; others show their ISO code.
CURRENCY_SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$", "JPY": "¥"}
ISO_DATE = "yyyy-MM-dd"


def without_language(locale: QLocale) -> bool:
    """The C/POSIX locale: no conventions to follow, so the window uses ISO 8601."""
    return locale.language() == QLocale.Language.C


def local_time(moment: datetime | None, *, seconds: bool = False) -> str:
    """A UTC moment as the user's local wall-clock time, in their locale's short format.

    With `seconds` (the audit trail) the short format gains seconds; the long format would
    spell out weekday and month and not fit a table column.
    """
    if moment is None:
        return ""
    locale = QLocale()
    if without_language(locale):
        iso = f"{ISO_DATE} HH:mm" + (":ss" if seconds else "")
        return locale.toString(to_qdatetime(moment), iso)
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
    locale = QLocale()
    if without_language(locale):
        return day.isoformat()
    return locale.toString(QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat)


def money_text(money: Money) -> str:
    """Money as the user's locale writes it ('1.234,56 €', '€1,234.56'); exact, never a float.

    The locale's currency pattern (where the sign and symbol go, the space before '€') is read
    from how it writes one unit, and the digits are put in its place.
    """
    locale = QLocale()
    if without_language(locale):
        return money.format()
    exp = exponent(money.currency)
    whole, frac = divmod(abs(money.minor), 10**exp)
    digits = locale.toString(whole) + (f"{locale.decimalPoint()}{frac:0{exp}d}" if exp else "")
    symbol = CURRENCY_SYMBOLS.get(money.currency, money.currency)
    one = -1.0 if money.minor < 0 else 1.0
    pattern = locale.toCurrencyString(one, "\x00", exp)
    unit = locale.toString(1.0, "f", exp)
    if unit not in pattern:  # a pattern we cannot read: the plain form
        return ("-" if money.minor < 0 else "") + f"{digits} {money.currency}"
    text = pattern.replace(unit, digits, 1).replace("\x00", symbol)
    if symbol == money.currency and text.startswith(symbol) and not text[len(symbol)].isspace():
        text = text.replace(symbol, symbol + "\u00a0", 1)  # "CHF 12.00", not "CHF12.00"
    return text


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
