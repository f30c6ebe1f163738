"""Read a remedy policy TOML file into a PolicySet, refusing anything doubtful with file and line.

A refused file raises ValidationError and changes nothing: the caller keeps the policy in force.
The file's shape is documented in resources/policy/default.toml.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NoReturn

from ..domain.case import Role
from ..domain.errors import ValidationError
from ..domain.money import Money, exponent, parse_amount
from ..domain.policy import CategoryOverride, CurrencyLimits, PolicySet
from ..domain.remedy import RemedyKind
from ..domain.taxonomy import Taxonomy

Path_ = tuple[str, ...]

_TOP = (
    "version",
    "name",
    "roles",
    "window_days",
    "pending_expiry_days",
    "percent",
    "currency",
    "override",
)
_CURRENCY = ("dual_signoff_above", "case_cap", "customer_cap", "goodwill_limit", "limit")
_OVERRIDE = ("multiplier_percent", "percent", "limit")
_SCOPE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)?$")
_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_KEY_PART = r'(?:"(?:[^"\\]|\\.)*"|\'[^\']*\'|[A-Za-z0-9_-]+)'
_DOTTED = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_HEADER = re.compile(rf"^\s*\[\[?\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?$")
_ASSIGN = re.compile(rf"^\s*({_DOTTED})\s*=")
_PART = re.compile(_KEY_PART)


class _Float:
    """What tomllib hands us for a float literal, so we can refuse it by name and line."""

    def __init__(self, text: str) -> None:
        self.text = text


def _split_key(dotted: str) -> Path_:
    return tuple(p[1:-1] if p[0] in "\"'" else p for p in _PART.findall(dotted))


def _index_lines(text: str) -> dict[Path_, int]:
    """Map each table and key path to the line that defines it (1-based).

    tomllib reports only syntax errors with a line; for a semantic error (an unknown role, a
    negative limit) we find the line of the offending key ourselves. Good enough for the files
    we accept: tables, dotted keys, no multi-line strings.
    """
    index: dict[Path_, int] = {}
    table: Path_ = ()
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        if m := _HEADER.match(line):
            table = path = _split_key(m.group(1))
        elif m := _ASSIGN.match(line):
            path = table + _split_key(m.group(1))
        else:
            continue
        # Tables made implicitly ([a.b.c] makes a.b) are placed at their first mention.
        for end in range(1, len(path) + 1):
            index.setdefault(path[:end], number)
    return index


class _Reader:
    def __init__(self, source: str, text: str = "") -> None:
        self.source = source
        self.lines = text.splitlines()
        self.index = _index_lines(text)

    def line_of(self, path: Path_, needle: str | None = None) -> int | None:
        line: int | None
        for end in range(len(path), -1, -1):
            if path[:end] in self.index:
                line = self.index[path[:end]]
                break
        else:
            line = 1 if self.lines else None
        if needle and line is not None:
            for number in range(line, len(self.lines) + 1):
                if needle in self.lines[number - 1]:
                    return number
        return line

    def fail(self, path: Path_, message: str, needle: str | None = None) -> NoReturn:
        line = self.line_of(path, needle)
        where = f"{self.source}, line {line}" if line else self.source
        raise ValidationError(f"{where}: {message}", field="policy", source=self.source, line=line)

    # ---- typed reads ----

    def table(
        self, path: Path_, value: Any, allowed: tuple[str, ...] | None = None
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(path, f"{_dotted(path)} must be a table")
        for key in value:
            if allowed is not None and key not in allowed:
                self.fail(
                    (*path, key),
                    f"unknown setting {key!r} in [{_dotted(path)}]; known: {', '.join(allowed)}",
                )
        return value

    def required(self, path: Path_, data: Mapping[str, Any], key: str) -> Any:
        if key not in data:
            self.fail(
                path,
                f"[{_dotted(path)}] is missing {key!r}"
                if path
                else f"the policy is missing {key!r}",
            )
        return data[key]

    def integer(self, path: Path_, value: Any, low: int, high: int) -> int:
        if type(value) is not int or not low <= value <= high:
            self.fail(
                path, f"{path[-1]} must be a whole number from {low} to {high}, not {_show(value)}"
            )
        return value

    def money(self, path: Path_, value: Any, currency: str) -> Money:
        if not isinstance(value, str):
            example = Money(10 ** exponent(currency) * 100, currency).as_decimal_text()
            self.fail(
                path,
                f"{path[-1]} = {_show(value)}: write amounts as text with a dot, "
                f'such as "{example}"',
            )
        try:
            return parse_amount(value, currency)
        except ValidationError as exc:
            self.fail(path, f"{path[-1]}: {exc.message}")

    def role(self, path: Path_, role: str, ranked: tuple[str, ...]) -> str:
        if role not in ranked:
            known = ", ".join(ranked)
            self.fail(path, f"unknown role {role!r}: the ranked roles are {known}")
        return role

    def kind(self, path: Path_, kind: str) -> RemedyKind:
        try:
            return RemedyKind(kind)
        except ValueError:
            known = ", ".join(k.value for k in RemedyKind)
            self.fail(path, f"unknown remedy kind {kind!r}; known: {known}")

    def currency(self, path: Path_, code: str) -> str:
        try:
            exponent(code)
        except ValidationError:
            self.fail(
                path, f"unknown currency {code!r}: use an ISO 4217 code in capitals, such as EUR"
            )
        return code


def _dotted(path: Path_) -> str:
    return ".".join(f'"{p}"' if not re.fullmatch(r"[A-Za-z0-9_-]+", p) else p for p in path)


def _show(value: Any) -> str:
    return value.text if isinstance(value, _Float) else repr(value)


def _refuse_floats(r: _Reader, path: Path_, value: Any) -> None:
    """Money is never a float, and nothing else here is either: refuse any, naming its line."""
    if isinstance(value, _Float):
        r.fail(
            path,
            f"{path[-1] if path else 'value'} = {value.text} is a floating-point "
            f'number; write amounts as text, such as "{value.text}", and percents as '
            f"whole numbers",
            needle=value.text,
        )
    if isinstance(value, dict):
        for key, item in value.items():
            _refuse_floats(r, (*path, key), item)
    elif isinstance(value, list):
        for item in value:
            _refuse_floats(r, path, item)


# ---- building --------------------------------------------------------------------------------


def _roles(r: _Reader, data: Mapping[str, Any]) -> tuple[str, ...]:
    raw = r.required((), data, "roles")
    if not isinstance(raw, list) or not raw:
        r.fail(("roles",), "roles must be a non-empty list of role names, lowest rank first")
    known = [x.value for x in Role if x is not Role.SYSTEM]
    seen: list[str] = []
    for role in raw:
        if not isinstance(role, str) or role not in known:
            r.fail(
                ("roles",),
                f"unknown role {role!r} in roles; known: {', '.join(known)}",
                needle=f'"{role}"' if isinstance(role, str) else None,
            )
        if role in seen:
            r.fail(("roles",), f"role {role!r} is ranked twice", needle=f'"{role}"')
        seen.append(role)
    return tuple(seen)


def _percents(
    r: _Reader, path: Path_, raw: Any, ranked: tuple[str, ...]
) -> dict[tuple[str, RemedyKind], int]:
    out = {}
    for role, kinds in r.table(path, raw).items():
        r.role((*path, role), role, ranked)
        for kind, pct in r.table((*path, role), kinds).items():
            where = (*path, role, kind)
            out[(role, r.kind(where, kind))] = r.integer(where, pct, 0, 1000)
    return out


def _limits(
    r: _Reader, path: Path_, raw: Any, currency: str, ranked: tuple[str, ...]
) -> dict[tuple[str, RemedyKind], Money]:
    out = {}
    for role, kinds in r.table(path, raw).items():
        r.role((*path, role), role, ranked)
        for kind, amount in r.table((*path, role), kinds).items():
            where = (*path, role, kind)
            out[(role, r.kind(where, kind))] = r.money(where, amount, currency)
    return out


def _currency(r: _Reader, code: str, raw: Any, ranked: tuple[str, ...]) -> CurrencyLimits:
    path = ("currency", code)
    r.currency(path, code)
    data = r.table(path, raw, _CURRENCY)
    amounts = {
        key: r.money((*path, key), r.required(path, data, key), code)
        for key in _CURRENCY
        if key != "limit"
    }
    limits = _limits(r, (*path, "limit"), data.get("limit", {}), code, ranked)
    return CurrencyLimits(code, limits, **amounts)


def _override(
    r: _Reader,
    scope: str,
    raw: Any,
    ranked: tuple[str, ...],
    currencies: Mapping[str, CurrencyLimits],
    taxonomy: Taxonomy | None,
) -> CategoryOverride:
    path = ("override", scope)
    if not _SCOPE.match(scope):
        r.fail(path, f"override {scope!r} must be a category slug or 'category/subcategory'")
    if taxonomy is not None:
        category, _, sub = scope.partition("/")
        try:
            taxonomy.check(category, sub or None)
        except ValidationError as exc:
            r.fail(path, f"override {scope!r}: {exc.message}")
    data = r.table(path, raw, _OVERRIDE)
    mult = r.integer((*path, "multiplier_percent"), data.get("multiplier_percent", 100), 0, 1000)
    percents = _percents(r, (*path, "percent"), data.get("percent", {}), ranked)
    limits = {}
    for code, table in r.table((*path, "limit"), data.get("limit", {})).items():
        if code not in currencies:
            r.fail(
                (*path, "limit", code),
                f"override {scope!r} sets {code} limits but the "
                f"policy has no [currency.{code}] table",
            )
        for (role, kind), money in _limits(r, (*path, "limit", code), table, code, ranked).items():
            limits[(code, role, kind)] = money
    return CategoryOverride(scope, mult, limits, percents)


def _build(r: _Reader, data: Mapping[str, Any], taxonomy: Taxonomy | None) -> PolicySet:
    _refuse_floats(r, (), data)
    r.table((), data, _TOP)
    version = r.integer(("version",), r.required((), data, "version"), 1, 10**9)
    name = r.required((), data, "name")
    if not isinstance(name, str) or not name.strip():
        r.fail(("name",), "name must be non-empty text")
    ranked = _roles(r, data)
    raw_currencies = r.table(("currency",), r.required((), data, "currency"))
    if not raw_currencies:
        r.fail(("currency",), "the policy needs at least one [currency.XXX] table")
    currencies = {code: _currency(r, code, raw, ranked) for code, raw in raw_currencies.items()}
    percents = _percents(r, ("percent",), data.get("percent", {}), ranked)
    overrides = {
        scope: _override(r, scope, raw, ranked, currencies, taxonomy)
        for scope, raw in r.table(("override",), data.get("override", {})).items()
    }
    window = r.integer(("window_days",), r.required((), data, "window_days"), 1, 3660)
    expiry = r.integer(
        ("pending_expiry_days",), r.required((), data, "pending_expiry_days"), 1, 366
    )
    try:
        return PolicySet(
            version, name.strip(), ranked, currencies, percents, overrides, window, expiry
        )
    except ValidationError as exc:  # a backstop: the checks above should have named a line
        r.fail((), exc.message)


# ---- public API ------------------------------------------------------------------------------


def load_policy_text(text: str, source: str, *, taxonomy: Taxonomy | None = None) -> PolicySet:
    """Parse policy TOML. `taxonomy`, when given, also checks the override categories exist."""
    try:
        data = tomllib.loads(text, parse_float=_Float)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = _TOML_AT.search(message)
        if m:
            line, detail = int(m.group(1)), f"{message[: m.start()]} (column {m.group(2)})"
        else:  # "at end of document" and the like
            line, detail = max(1, len(text.splitlines())), message
        raise ValidationError(
            f"{source}, line {line}: malformed TOML: {detail}",
            field="policy",
            source=source,
            line=line,
        ) from None
    return _build(_Reader(source, text), data, taxonomy)


def load_policy_file(path: str | Path, *, taxonomy: Taxonomy | None = None) -> PolicySet:
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            f"{path}: not UTF-8 text (byte {exc.start})", field="policy", source=str(path)
        ) from None
    except OSError as exc:
        raise ValidationError(
            f"{path}: cannot read the policy file: {exc.strerror}", field="policy", source=str(path)
        ) from None
    return load_policy_text(text, str(path), taxonomy=taxonomy)


def policy_from_dict(data: Mapping[str, Any], source: str = "policy") -> PolicySet:
    """Build from the shape `policy_to_dict` returns (as stored or shown); errors carry no line."""
    return _build(_Reader(source), data, None)


def policy_to_dict(policy: PolicySet) -> dict[str, Any]:
    """The policy in the file's own shape, amounts as decimal text: for display and storage."""

    def nested(entries: Mapping[tuple[str, RemedyKind], Any], show: Any) -> dict[str, Any]:
        out: dict[str, dict[str, Any]] = {}
        for (role, kind), value in entries.items():
            out.setdefault(role, {})[kind.value] = show(value)
        return out

    def text(m: Money) -> str:
        return m.as_decimal_text()

    def same(x: int) -> int:
        return x

    currencies = {}
    for code, t in policy.currencies.items():
        currencies[code] = {
            "dual_signoff_above": text(t.dual_signoff_above),
            "case_cap": text(t.case_cap),
            "customer_cap": text(t.customer_cap),
            "goodwill_limit": text(t.goodwill_limit),
            "limit": nested(t.limits, text),
        }
    overrides = {}
    for scope, o in policy.overrides.items():
        by_currency: dict[str, dict[tuple[str, RemedyKind], Money]] = {}
        for (code, role, kind), money in o.limits.items():
            by_currency.setdefault(code, {})[(role, kind)] = money
        overrides[scope] = {
            "multiplier_percent": o.multiplier_percent,
            "percent": nested(o.percents, same),
            "limit": {c: nested(v, text) for c, v in by_currency.items()},
        }
    return {
        "version": policy.version,
        "name": policy.name,
        "roles": list(policy.roles),
        "window_days": policy.window_days,
        "pending_expiry_days": policy.pending_expiry_days,
        "percent": nested(policy.percents, same),
        "currency": currencies,
        "override": overrides,
    }
