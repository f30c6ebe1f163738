"""Import mappings: which columns of another system's export become which case fields.

A mapping is a TOML file (the README's "Importing other systems' exports" describes the format
with a worked example); presets ship in resources/import_mappings/. `load_mapping` checks the
whole file at once (unknown sections, fields and keys, categories outside the taxonomy, values
outside the enums, amount formats) and `Mapping.bind` checks every column it names against the
files' headers, then compiles each field into a getter by column position: a 100,000-row import
maps rows without looking a name up.

Amounts are read from their decimal text into integer minor units of the row's currency
(domain.money.parse_amount: more decimals than the currency has are refused, never rounded);
no amount passes through a float.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping as AnyMapping
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..domain.case import Channel, Priority, Status
from ..domain.errors import ValidationError
from ..domain.money import Money, check_currency, parse_amount
from ..domain.taxonomy import Taxonomy
from .context import resource_path

PRESET_DIR = "import_mappings"

# case field -> what it holds; the [fields] table may name these and nothing else
TEXT_FIELDS = (
    "customer_name",
    "customer_email",
    "customer_phone",
    "order_number",
    "currency",
    "subject",
    "description",
)
AMOUNT_FIELDS = ("order_total", "shipping")
TIME_FIELDS = ("order_placed", "received_at", "resolved_at")
LOOKUP_FIELDS = ("category", "channel", "status", "priority")
CASE_FIELDS = (*TEXT_FIELDS, *AMOUNT_FIELDS, *TIME_FIELDS, *LOOKUP_FIELDS, "tags")
REQUIRED_FIELDS = ("customer_name", "customer_email", "order_number", "subject", "category")
ITEM_FIELDS = ("sku", "product", "seller", "quantity", "unit_price")
SECTIONS = ("source", "join", "fields", "items", "amounts", "keep")
MAX_JOINS = 2

TEMPLATE = re.compile(r"\{([^{}]+)\}")
_SYSTEM = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}\Z")


def fault(where: str, message: str) -> ValidationError:
    return ValidationError(f"mapping: {where}: {message}", field="mapping")


def _keys(where: str, table: AnyMapping[str, Any], allowed: Sequence[str]) -> None:
    unknown = [k for k in table if k not in allowed]
    if unknown:
        raise fault(where, f"unknown key {unknown[0]!r} (allowed: {', '.join(allowed)})")


def _str_list(where: str, value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fault(where, "expected a text or a list of texts")
    return value


def slug(text: str) -> str:
    """Lower-case words joined by '-' (a tag made of a source value)."""
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())


@dataclass(frozen=True, slots=True)
class Join:
    name: str
    file: str  # default path, relative to the main file's folder
    key: str  # the joined file's column
    on: str  # the main file's column
    many: bool
    required: bool


# ---- value specs: what a field is read from ---------------------------------------------------

TEXT_KEYS = ("column", "columns", "template", "join", "separator", "fixed", "default", "truncate")


@dataclass(frozen=True)
class TextSpec:
    """column / columns (first not empty) / template / join (non-empty values) / fixed."""

    where: str
    kind: str
    parts: tuple[str, ...]
    separator: str = " "
    default: str | None = None
    truncate: int | None = None

    def columns(self) -> list[str]:
        if self.kind == "template":
            return [c for p in self.parts for c in TEMPLATE.findall(p)]
        if self.kind == "fixed":
            return []
        return list(self.parts)

    def default_columns(self) -> list[str]:
        return TEMPLATE.findall(self.default) if self.default else []


def text_spec(where: str, raw: Any, *, extra: Sequence[str] = ()) -> TextSpec:
    if isinstance(raw, str):
        return TextSpec(where, "column", (raw,))
    if not isinstance(raw, dict):
        raise fault(where, 'expected a column name or a table such as { column = "..." }')
    _keys(where, raw, (*TEXT_KEYS, *extra))
    kinds = [k for k in ("column", "columns", "template", "join", "fixed") if k in raw]
    if len(kinds) != 1:
        raise fault(where, "give exactly one of column, columns, template, join or fixed")
    kind = kinds[0]
    value = raw[kind]
    if kind in ("column", "template", "fixed"):
        if not isinstance(value, str):
            raise fault(where, f"{kind} must be a text")
        parts: tuple[str, ...] = (value,)
    else:
        parts = tuple(_str_list(f"{where}.{kind}", value))
        if not parts:
            raise fault(where, f"{kind} must name at least one column")
    default = raw.get("default")
    if default is not None and not isinstance(default, str):
        raise fault(where, "default must be a text")
    separator = raw.get("separator", " ")
    if not isinstance(separator, str):
        raise fault(where, "separator must be a text")
    truncate = raw.get("truncate")
    if truncate is not None and (type(truncate) is not int or truncate < 2):
        raise fault(where, "truncate must be a whole number of characters, at least 2")
    return TextSpec(where, kind, parts, separator, default, truncate)


# ---- lookups: category, channel, status, priority --------------------------------------------

LOOKUP_KEYS = (*TEXT_KEYS, "values", "rules", "unmapped_tag")
MATCHES = ("contains", "starts_with", "equals")


@dataclass(frozen=True)
class Rule:
    how: str
    words: tuple[str, ...]
    value: str

    def matches(self, text: str) -> bool:
        if self.how == "contains":
            return any(w in text for w in self.words)
        if self.how == "starts_with":
            return text.startswith(self.words)
        return text in self.words


@dataclass(frozen=True)
class LookupSpec:
    """A source value (text spec) turned into one of a set of values: exact `values` first
    (case-insensitive), then `rules` in order, else `default`. A fixed lookup has no source."""

    name: str
    source: TextSpec | None
    values: dict[str, str]
    rules: tuple[Rule, ...]
    default: str | None
    unmapped_tag: str | None

    def outputs(self) -> list[str]:
        out = [*self.values.values(), *(r.value for r in self.rules)]
        return out + ([self.default] if self.default is not None else [])


def lookup_spec(name: str, raw: Any) -> LookupSpec:
    where = f"fields.{name}"
    if isinstance(raw, str):
        raw = {"fixed": raw}
    if not isinstance(raw, dict):
        raise fault(where, 'expected a table such as { column = "...", values = { ... } }')
    _keys(where, raw, LOOKUP_KEYS)
    if "fixed" in raw:
        if set(raw) - {"fixed"}:
            raise fault(where, "a fixed value takes nothing else")
        if not isinstance(raw["fixed"], str):
            raise fault(where, "fixed must be a text")
        return LookupSpec(name, None, {}, (), raw["fixed"], None)
    source_raw = {k: raw[k] for k in TEXT_KEYS if k in raw and k != "default"}
    source = text_spec(where, source_raw)
    values = raw.get("values", {})
    if not isinstance(values, dict) or not all(isinstance(v, str) for v in values.values()):
        raise fault(f"{where}.values", "expected a table of source value = value")
    rules: list[Rule] = []
    raw_rules = raw.get("rules", [])
    if not isinstance(raw_rules, list):
        raise fault(f"{where}.rules", "expected a list of { contains = [...], value = ... }")
    for n, r in enumerate(raw_rules, 1):
        at = f"{where}.rules[{n}]"
        if not isinstance(r, dict):
            raise fault(at, "expected a table")
        _keys(at, r, (*MATCHES, "value"))
        hows = [h for h in MATCHES if h in r]
        if len(hows) != 1 or not isinstance(r.get("value"), str):
            raise fault(at, "give one of contains, starts_with or equals, and a value")
        words = tuple(w.lower() for w in _str_list(f"{at}.{hows[0]}", r[hows[0]]))
        rules.append(Rule(hows[0], words, r["value"]))
    default = raw.get("default")
    if default is not None and not isinstance(default, str):
        raise fault(where, "default must be a text")
    tag = raw.get("unmapped_tag")
    if tag is not None and not isinstance(tag, str):
        raise fault(where, 'unmapped_tag must be a text (a prefix such as "via-")')
    return LookupSpec(
        name, source, {k.strip().lower(): v for k, v in values.items()}, tuple(rules), default, tag
    )


# ---- times and amounts -----------------------------------------------------------------------

TIME_KEYS = (*TEXT_KEYS, "formats", "timezone")
DEFAULT_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")


@dataclass(frozen=True)
class TimeSpec:
    name: str
    source: TextSpec
    formats: tuple[str, ...]
    zone: tzinfo


def time_spec(name: str, raw: Any) -> TimeSpec:
    where = f"fields.{name}"
    if isinstance(raw, str):
        raw = {"column": raw}
    if not isinstance(raw, dict):
        raise fault(where, "expected a column name or a table with formats = [...]")
    _keys(where, raw, TIME_KEYS)
    formats = tuple(_str_list(f"{where}.formats", raw.get("formats", list(DEFAULT_FORMATS))))
    for f in formats:
        if "%" not in f:
            raise fault(where, f"{f!r} is not a date format (strptime codes such as %Y-%m-%d)")
    zone_name = raw.get("timezone", "UTC")
    try:
        zone: tzinfo = UTC if zone_name == "UTC" else ZoneInfo(str(zone_name))
    except (ZoneInfoNotFoundError, ValueError):
        raise fault(where, f"unknown time zone {zone_name!r}") from None
    source = text_spec(where, {k: v for k, v in raw.items() if k in TEXT_KEYS})
    return TimeSpec(name, source, formats, zone)


# The ISO layouts exports use most, read by fromisoformat once their shape is checked: strptime
# took a third of the mapping's time on a 100,000-row import.
_ISO_SHAPES = {
    "%Y-%m-%d": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"),
    "%Y-%m-%d %H:%M:%S": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\Z"),
    "%Y-%m-%dT%H:%M:%S": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\Z"),
}


def _parse_time(text: str, fmt: str) -> datetime:
    shape = _ISO_SHAPES.get(fmt)
    if shape is not None and shape.match(text):
        return datetime.fromisoformat(text)
    return datetime.strptime(text, fmt)  # what strptime also reads ('2024-3-1') stays read


def read_time(text: str, spec: TimeSpec) -> datetime | None:
    text = text.strip()
    if not text:
        return None
    for fmt in spec.formats:
        try:
            moment = _parse_time(text, fmt)
        except ValueError:
            continue
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=spec.zone)
        return moment.astimezone(UTC)
    raise ValueError(f"{spec.name}: unreadable date {text!r} (formats: {', '.join(spec.formats)})")


@dataclass(frozen=True)
class AmountSpec:
    name: str
    source: TextSpec | None
    sum_of: str | None = None  # "join.column": the sum over a many-join's rows


def amount_spec(name: str, raw: Any, where: str) -> AmountSpec:
    if isinstance(raw, dict) and "sum" in raw:
        _keys(where, raw, ("sum",))
        if not isinstance(raw["sum"], str) or "." not in raw["sum"]:
            raise fault(where, 'sum names a column of a joined file: "items_file.column"')
        return AmountSpec(name, None, raw["sum"])
    return AmountSpec(name, text_spec(where, raw))


@dataclass(frozen=True)
class AmountFormat:
    decimal: str = "."
    thousands: str = ""

    def read(self, text: str, currency: str, name: str) -> Money:
        try:
            return parse_amount(text, currency, decimal_sep=self.decimal, group_sep=self.thousands)
        except ValidationError as exc:
            raise ValueError(f"{name}: {exc.message}") from None


def amount_format(raw: Any) -> AmountFormat:
    if not isinstance(raw, dict):
        raise fault("amounts", 'expected a table { decimal = ".", thousands = "," }')
    _keys("amounts", raw, ("decimal", "thousands"))
    decimal, thousands = raw.get("decimal", "."), raw.get("thousands", "")
    if not isinstance(decimal, str) or len(decimal) != 1 or decimal.isalnum() or decimal in "+-":
        raise fault("amounts", f'decimal must be one character such as "." or ",", not {decimal!r}')
    if (
        not isinstance(thousands, str)
        or len(thousands) > 1
        or thousands.isalnum()
        or (thousands and thousands in "+-")
    ):
        raise fault("amounts", f"thousands must be one character or empty, not {thousands!r}")
    if thousands == decimal:
        raise fault(
            "amounts", f"decimal and thousands are both {decimal!r}: amounts would be ambiguous"
        )
    return AmountFormat(decimal, thousands)


# ---- tags ------------------------------------------------------------------------------------

TAG_KEYS = ("fixed", "split", "when", "slug")


@dataclass(frozen=True)
class TagSpec:
    fixed: tuple[str, ...] = ()
    split: tuple[str, ...] = ()  # columns holding "a, b, c"
    when: tuple[tuple[str, Rule], ...] = ()  # (column, rule whose value is the tag)
    slug: tuple[tuple[str, int], ...] = ()  # (column, at most so many characters)


def tag_spec(raw: Any) -> TagSpec:
    where = "fields.tags"
    if isinstance(raw, list):
        raw = {"fixed": raw}
    if not isinstance(raw, dict):
        raise fault(where, "expected a list of tags or a table { fixed, split, when, slug }")
    _keys(where, raw, TAG_KEYS)
    when: list[tuple[str, Rule]] = []
    for n, w in enumerate(raw.get("when", []), 1):
        at = f"{where}.when[{n}]"
        if not isinstance(w, dict):
            raise fault(at, "expected { column = ..., equals = [...], tag = ... }")
        _keys(at, w, ("column", *MATCHES, "tag"))
        hows = [h for h in MATCHES if h in w]
        if (
            len(hows) != 1
            or not isinstance(w.get("tag"), str)
            or not isinstance(w.get("column"), str)
        ):
            raise fault(at, "give a column, one of contains, starts_with or equals, and a tag")
        words = tuple(x.lower() for x in _str_list(at, w[hows[0]]))
        when.append((w["column"], Rule(hows[0], words, w["tag"])))
    slugs: list[tuple[str, int]] = []
    for n, s in enumerate(raw.get("slug", []), 1):
        at = f"{where}.slug[{n}]"
        if isinstance(s, str):
            s = {"column": s}
        if not isinstance(s, dict) or not isinstance(s.get("column"), str):
            raise fault(at, "expected { column = ..., max = 40 }")
        _keys(at, s, ("column", "max"))
        slugs.append((s["column"], int(s.get("max", 40))))
    return TagSpec(
        tuple(_str_list(f"{where}.fixed", raw.get("fixed", []))),
        tuple(_str_list(f"{where}.split", raw.get("split", []))),
        tuple(when),
        tuple(slugs),
    )


# ---- the mapping ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filter:
    column: str
    at_most: int | None = None
    at_least: int | None = None
    values: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.values:
            return f"{self.column} is one of {', '.join(self.values)}"
        parts = []
        if self.at_least is not None:
            parts.append(f"at least {self.at_least}")
        if self.at_most is not None:
            parts.append(f"at most {self.at_most}")
        return f"{self.column} is {' and '.join(parts)}"


@dataclass(frozen=True)
class Mapping:
    """A checked mapping (see the module docstring); `bind` compiles it for a file's columns."""

    name: str
    system: str
    label: str
    id: TextSpec
    id_digits: bool
    encoding: str | None
    delimiter: str
    filter: Filter | None
    joins: tuple[Join, ...]
    texts: dict[str, TextSpec]
    amounts: dict[str, AmountSpec]
    times: dict[str, TimeSpec]
    lookups: dict[str, LookupSpec]
    tags: TagSpec
    items: dict[str, Any] | None  # "from" plus item field specs
    amount_format: AmountFormat
    keep: dict[str, str]
    path: Path | None = None

    def check_values(self, taxonomy: Taxonomy) -> None:
        """Every value a lookup can give is a category of the taxonomy or a member of its enum."""
        for name, spec in self.lookups.items():
            for value in spec.outputs():
                if name == "category":
                    category, _, sub = value.partition("/")
                    try:
                        taxonomy.check(category, sub or None)
                    except ValidationError as exc:
                        raise fault("fields.category", f"{value!r}: {exc.message}") from None
                    continue
                enum = {"channel": Channel, "status": Status, "priority": Priority}[name]
                if value not in enum._value2member_map_:
                    allowed = ", ".join(m.value for m in enum)
                    raise fault(f"fields.{name}", f"{value!r} is not a {name} ({allowed})")


def _join(n: int, raw: Any) -> Join:
    where = f"join[{n}]"
    if not isinstance(raw, dict):
        raise fault(where, "expected a table { name, file, key, on, many }")
    _keys(where, raw, ("name", "file", "key", "on", "many", "required"))
    for k in ("name", "key", "on"):
        if not isinstance(raw.get(k), str) or not raw[k]:
            raise fault(where, f"{k} is required (a text)")
    if not re.match(r"^[a-z][a-z0-9_]*\Z", raw["name"]):
        raise fault(where, f"name {raw['name']!r}: lower-case letters, digits and '_'")
    many = bool(raw.get("many", False))
    return Join(
        raw["name"],
        str(raw.get("file", "")),
        raw["key"],
        raw["on"],
        many,
        bool(raw.get("required", not many)),
    )


def parse_mapping(text: str, name: str = "mapping", path: Path | None = None) -> Mapping:
    """A mapping from its TOML text, checked whole; a problem is a ValidationError naming it."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"mapping: not readable as TOML ({exc})", field="mapping") from None
    _keys("top level", raw, SECTIONS)
    source = raw.get("source")
    if not isinstance(source, dict):
        raise fault("[source]", "missing: it names the system and its id column")
    _keys(
        "source",
        source,
        ("system", "id", "id_digits", "encoding", "delimiter", "label", "filter"),
    )
    system = source.get("system")
    if not isinstance(system, str) or not _SYSTEM.match(system):
        raise fault("source.system", "lower-case letters, digits, '.', '_' or '-' (at most 64)")
    if "id" not in source:
        raise fault("source.id", "missing: the column holding the source system's own id")
    id_spec = text_spec("source.id", source["id"])
    encoding = source.get("encoding")
    if encoding is not None:
        encoding = check_encoding(str(encoding), "source.encoding")
    delimiter = source.get("delimiter", ",")
    if not isinstance(delimiter, str) or len(delimiter) != 1:
        raise fault("source.delimiter", 'one character, such as "," or ";"')
    flt = None
    if "filter" in source:
        f = source["filter"]
        if not isinstance(f, dict) or not isinstance(f.get("column"), str):
            raise fault("source.filter", "expected { column = ..., at_most = 2 } or values")
        _keys("source.filter", f, ("column", "at_most", "at_least", "values"))
        for k in ("at_most", "at_least"):
            if k in f and type(f[k]) is not int:
                raise fault("source.filter", f"{k} must be a whole number")
        flt = Filter(
            f["column"],
            f.get("at_most"),
            f.get("at_least"),
            tuple(_str_list("source.filter.values", f.get("values", []))),
        )
        if flt.at_most is None and flt.at_least is None and not flt.values:
            raise fault("source.filter", "give at_most, at_least or values")
    joins_raw = raw.get("join", [])
    if not isinstance(joins_raw, list) or len(joins_raw) > MAX_JOINS:
        raise fault("join", f"at most {MAX_JOINS} joined files, each a [[join]] table")
    joins = tuple(_join(n, j) for n, j in enumerate(joins_raw, 1))
    if len({j.name for j in joins}) != len(joins):
        raise fault("join", "two joined files have the same name")

    fields = raw.get("fields")
    if not isinstance(fields, dict):
        raise fault("[fields]", "missing: it says which columns become which case fields")
    unknown = [k for k in fields if k not in CASE_FIELDS]
    if unknown:
        raise fault(
            "fields", f"unknown case field {unknown[0]!r} (case fields: {', '.join(CASE_FIELDS)})"
        )
    missing = [k for k in REQUIRED_FIELDS if k not in fields]
    if missing:
        raise fault(
            "fields", f"missing {', '.join(missing)} (required: {', '.join(REQUIRED_FIELDS)})"
        )
    texts = {k: text_spec(f"fields.{k}", fields[k]) for k in TEXT_FIELDS if k in fields}
    if "currency" not in texts:
        texts["currency"] = TextSpec("fields.currency", "fixed", ("USD",))
    if texts["currency"].kind == "fixed":
        try:
            check_currency(texts["currency"].parts[0])
        except ValidationError as exc:
            raise fault("fields.currency", exc.message) from None
    amounts = {k: amount_spec(k, fields[k], f"fields.{k}") for k in AMOUNT_FIELDS if k in fields}
    times = {k: time_spec(k, fields[k]) for k in TIME_FIELDS if k in fields}
    lookups = {k: lookup_spec(k, fields[k]) for k in LOOKUP_FIELDS if k in fields}
    tags = tag_spec(fields.get("tags", []))
    items = raw.get("items")
    if items is not None:
        if not isinstance(items, dict) or not isinstance(items.get("from"), str):
            raise fault("items", 'expected a table with from = "<a joined file\'s name>"')
        _keys("items", items, ("from", *ITEM_FIELDS))
        item_join = next((j for j in joins if j.name == items["from"]), None)
        if item_join is None or not item_join.many:
            raise fault("items.from", f"{items['from']!r} is not a joined file with many = true")
        for k in ("product", "unit_price"):
            if k not in items:
                raise fault("items", f"{k} is required")
        items = {
            "from": items["from"],
            **{
                k: (
                    amount_spec(k, items[k], f"items.{k}")
                    if k == "unit_price"
                    else text_spec(f"items.{k}", items[k])
                )
                for k in ITEM_FIELDS
                if k in items
            },
        }
    keep = raw.get("keep", {})
    if not isinstance(keep, dict) or not all(isinstance(v, str) for v in keep.values()):
        raise fault("keep", "expected a table of key = column (kept in the import event)")
    return Mapping(
        name=name,
        system=system,
        label=str(source.get("label", name)),
        id=id_spec,
        id_digits=bool(source.get("id_digits", False)),
        encoding=encoding,
        delimiter=delimiter,
        filter=flt,
        joins=joins,
        texts=texts,
        amounts=amounts,
        times=times,
        lookups=lookups,
        tags=tags,
        items=items,
        amount_format=amount_format(raw.get("amounts", {})),
        keep=dict(keep),
        path=path,
    )


def check_encoding(name: str, where: str = "encoding") -> str:
    import codecs

    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ValidationError(f"{where}: unknown encoding {name!r}", field="encoding") from None


def preset_names() -> list[str]:
    """The mappings shipped with the app (resources/import_mappings/*.toml)."""
    folder = resource_path(PRESET_DIR)
    return sorted(p.stem for p in folder.glob("*.toml"))


def load_mapping(name_or_path: str | Path) -> Mapping:
    """A shipped preset by name ('cfpb', 'marketplace') or a mapping file by path."""
    text_name = str(name_or_path)
    if isinstance(name_or_path, str) and text_name in preset_names():
        path = resource_path(PRESET_DIR, f"{text_name}.toml")
    else:
        path = Path(name_or_path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        presets = ", ".join(preset_names())
        raise ValidationError(
            f"cannot read the mapping {text_name}: {getattr(exc, 'strerror', None) or exc} "
            f"(a mapping is a .toml file, or one of the presets: {presets})",
            field="mapping",
        ) from None
    return parse_mapping(text, path.stem, path)
