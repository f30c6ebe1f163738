"""Money as integer minor units plus an ISO 4217 currency; strict parsing, never float."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import ValidationError
from .ids import has_foreign_digits

# ISO 4217 active codes and their minor-unit exponents (the ones a shop can plausibly take).
_EXPONENTS: dict[str, int] = {
    "AED": 2,
    "ARS": 2,
    "AUD": 2,
    "BGN": 2,
    "BHD": 3,
    "BRL": 2,
    "CAD": 2,
    "CHF": 2,
    "CLP": 0,
    "CNY": 2,
    "COP": 2,
    "CZK": 2,
    "DKK": 2,
    "EGP": 2,
    "EUR": 2,
    "GBP": 2,
    "HKD": 2,
    "HUF": 2,
    "IDR": 2,
    "ILS": 2,
    "INR": 2,
    "ISK": 0,
    "JOD": 3,
    "JPY": 0,
    "KRW": 0,
    "KWD": 3,
    "MAD": 2,
    "MXN": 2,
    "MYR": 2,
    "NGN": 2,
    "NOK": 2,
    "NZD": 2,
    "OMR": 3,
    "PEN": 2,
    "PHP": 2,
    "PKR": 2,
    "PLN": 2,
    "QAR": 2,
    "RON": 2,
    "RSD": 2,
    "SAR": 2,
    "SEK": 2,
    "SGD": 2,
    "THB": 2,
    "TND": 3,
    "TRY": 2,
    "TWD": 2,
    "UAH": 2,
    "USD": 2,
    "VND": 0,
    "ZAR": 2,
}

# Larger than any plausible consumer remedy, far below 2**63 so sums of many never overflow.
MAX_MINOR = 10**15


def known_currencies() -> list[str]:
    return sorted(_EXPONENTS)


def exponent(currency: str) -> int:
    try:
        return _EXPONENTS[currency]
    except KeyError:
        raise ValidationError(
            f"unknown currency {currency!r}: use an ISO 4217 code such as EUR", field="currency"
        ) from None


def check_currency(currency: str) -> str:
    code = (currency or "").strip().upper()
    exponent(code)
    return code


@dataclass(frozen=True, order=False, slots=True)
class Money:
    minor: int
    currency: str

    def __post_init__(self) -> None:
        if type(self.minor) is not int:
            raise ValidationError(
                f"money must be an integer count of minor units, not {self.minor!r}", field="amount"
            )
        exponent(self.currency)
        if abs(self.minor) > MAX_MINOR:
            raise ValidationError("amount is too large", field="amount")

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)

    def _same(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise ValidationError(
                f"cannot combine {self.currency} with {other.currency}: currencies differ",
                field="currency",
            )

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor - other.minor, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.minor < other.minor

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.minor <= other.minor

    def __gt__(self, other: Money) -> bool:
        self._same(other)
        return self.minor > other.minor

    def __ge__(self, other: Money) -> bool:
        self._same(other)
        return self.minor >= other.minor

    def times(self, count: int) -> Money:
        return Money(self.minor * count, self.currency)

    def percent(self, pct: int) -> Money:
        """pct percent of this amount, rounded down to a whole minor unit (never up)."""
        return Money(self.minor * pct // 100, self.currency)

    def as_decimal_text(self) -> str:
        """Plain decimal with a dot and the currency's own number of digits: '1250.00'."""
        exp = exponent(self.currency)
        sign = "-" if self.minor < 0 else ""
        whole, frac = divmod(abs(self.minor), 10**exp)
        return f"{sign}{whole}.{frac:0{exp}d}" if exp else f"{sign}{whole}"

    def format(self) -> str:
        """Human text with thousands separators and the code: '1,250.00 EUR'."""
        exp = exponent(self.currency)
        sign = "-" if self.minor < 0 else ""
        whole, frac = divmod(abs(self.minor), 10**exp)
        text = f"{whole:,}" + (f".{frac:0{exp}d}" if exp else "")
        return f"{sign}{text} {self.currency}"

    def __str__(self) -> str:
        return self.format()

    def to_json(self) -> dict[str, object]:
        return {"minor": self.minor, "currency": self.currency}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Money:
        minor, currency = data.get("minor"), data.get("currency")
        if type(minor) is not int or not isinstance(currency, str):
            raise ValidationError(f"malformed money value {data!r}", field="amount")
        return cls(minor, currency)


# ASCII digits only: Python's \d (and str.isdigit, int()) also take '١٢٣' and '１２' as 123 and 12.
_PLAIN = re.compile(r"^(?P<sign>-)?(?P<whole>[0-9]+)(?:\.(?P<frac>[0-9]+))?$", re.ASCII)


def parse_amount(
    text: str,
    currency: str,
    *,
    decimal_sep: str = ".",
    group_sep: str = "",
    allow_negative: bool = False,
) -> Money:
    """Parse a user-typed amount strictly.

    The command line passes the defaults (a dot, no grouping); the window passes its locale's
    separators, so '1,5' is accepted there under a comma locale and refused here. More digits
    than the currency has ('10.001' EUR) are refused rather than rounded.
    """
    code = check_currency(currency)
    exp = exponent(code)
    raw = (text or "").strip()
    if not raw:
        raise ValidationError("enter an amount", field="amount")
    if len(raw) > 40:
        raise ValidationError("amount is too long", field="amount")
    if has_foreign_digits(raw):
        raise ValidationError(
            f"{raw!r} is not an amount: write it with the ASCII digits 0-9", field="amount"
        )
    cleaned = raw
    if group_sep and group_sep != decimal_sep:
        cleaned = cleaned.replace(group_sep, "").replace("\u00a0", "").replace("\u202f", "")
    if decimal_sep != ".":
        if "." in cleaned and group_sep != ".":
            raise ValidationError(
                f"{raw!r} is not an amount: use {decimal_sep!r} for decimals", field="amount"
            )
        cleaned = cleaned.replace(decimal_sep, ".")
    m = _PLAIN.match(cleaned)
    if not m:
        example = Money(1250 if exp == 2 else 12 * 10**exp, code).as_decimal_text()
        raise ValidationError(
            f"{raw!r} is not an amount in {code} (example: {example.replace('.', decimal_sep)})",
            field="amount",
        )
    frac = m.group("frac") or ""
    if len(frac) > exp:
        raise ValidationError(
            f"{raw!r} has more decimal places than {code} allows ({exp})", field="amount"
        )
    minor = int(m.group("whole")) * 10**exp + (int(frac.ljust(exp, "0")) if exp else 0)
    if m.group("sign"):
        if not allow_negative:
            raise ValidationError("amount must not be negative", field="amount")
        minor = -minor
    if minor > MAX_MINOR:
        raise ValidationError(f"{raw!r} is absurdly large", field="amount")
    return Money(minor, code)
