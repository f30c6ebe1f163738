"""Numbers, dates and money in the window follow the locale; the C locale gets ISO 8601.

Each test sets Qt's default locale (what the window's QLocale() returns) and puts it back.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale

from resolution_center.domain.money import Money
from ui.formatting import local_date, local_time, money_text, parse_local_amount

UI = Path(__file__).resolve().parents[2] / "ui"


@pytest.fixture
def locale_named() -> Iterator[object]:
    before = QLocale()

    def use(name: str) -> None:
        QLocale.setDefault(QLocale(name))

    yield use
    QLocale.setDefault(before)


def test_the_c_locale_shows_iso_dates_not_day_month_year_in_spaces(locale_named) -> None:  # type: ignore[no-untyped-def]
    locale_named("C")
    assert local_date(date(2026, 12, 6)) == "2026-12-06"
    moment = datetime(2026, 12, 6, 14, 5, 7, tzinfo=UTC)
    # the local wall-clock time, whatever zone the machine is in: only the shape is fixed
    assert len(local_time(moment)) == len("2026-12-06 14:05")
    assert local_time(moment)[4] == "-" and local_time(moment)[7] == "-"
    assert len(local_time(moment, seconds=True)) == len("2026-12-06 14:05:07")
    assert money_text(Money(123_456, "EUR")) == "1,234.56 EUR"


def test_us_english_formats(locale_named) -> None:  # type: ignore[no-untyped-def]
    locale_named("en_US")
    assert local_date(date(2026, 12, 6)) == "12/6/26"
    assert money_text(Money(123_456, "EUR")) == "€1,234.56"
    assert money_text(Money(99, "USD")) == "$0.99"
    assert money_text(Money(1_000, "JPY")) == "¥1,000"
    assert money_text(Money(123_456, "PLN")) == "PLN\u00a01,234.56"


def test_german_formats(locale_named) -> None:  # type: ignore[no-untyped-def]
    locale_named("de_DE")
    assert local_date(date(2026, 12, 6)) == "06.12.26"
    assert money_text(Money(123_456, "EUR")) == "1.234,56\u00a0€"
    assert money_text(Money(-500, "EUR")) == "-5,00\u00a0€"
    assert money_text(Money(123_456_789_012, "EUR")) == "1.234.567.890,12\u00a0€"
    # what is shown can be typed back
    assert parse_local_amount("1.234,56", "EUR") == Money(123_456, "EUR")


def test_money_in_the_window_goes_through_money_text() -> None:
    """Money.format() writes '1,234.56 EUR' in every locale; the window must not use it.

    A call of .format() with no arguments in ui/ is taken to be Money's (str.format() with
    nothing to fill is never needed)."""
    found = []
    for path in sorted(UI.rglob("*.py")):
        if path.name == "formatting.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "format"
                and not node.args
                and not node.keywords
            ):
                found.append(f"{path.relative_to(UI.parent)}:{node.lineno}")
    assert not found, "use ui.formatting.money_text: " + ", ".join(found)


def test_counts_in_the_window_use_the_locales_grouping() -> None:
    """f"{n:,}" writes 1,234 in every language (German writes 1.234): use count_text."""
    found = []
    for path in sorted(UI.rglob("*.py")):
        if path.name in {"screenshots.py", "bench_client.py"}:  # tools, not the window
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.FormattedValue)
                and isinstance(node.format_spec, ast.JoinedStr)
                and any(
                    isinstance(v, ast.Constant) and "," in str(v.value)
                    for v in node.format_spec.values
                )
            ):
                found.append(f"{path.relative_to(UI.parent)}:{node.lineno}")
    assert not found, "use ui.formatting.count_text: " + ", ".join(found)


def test_german_counts_are_grouped_with_dots(locale_named) -> None:  # type: ignore[no-untyped-def]
    from ui.formatting import count_text

    locale_named("de_DE")
    assert count_text(1_234_567) == "1.234.567"
    locale_named("en_US")
    assert count_text(1_234_567) == "1,234,567"
