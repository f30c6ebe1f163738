"""An import mapping bound to the columns of its files: each field compiled into a getter by
column position (`Binder`), and `BoundMapping.record(rec, row)`, which turns one source row and
the rows joined to it into an import record, or names why it cannot.

Compiled once per import, so a 100,000-row file is mapped without looking a column up by name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..domain.case import CaseDraft, Channel, Customer, Order, OrderItem, Priority, Status
from ..domain.errors import ValidationError
from ..domain.money import Money, check_currency
from .import_mapping import (
    TEMPLATE,
    AmountSpec,
    Filter,
    Join,
    LookupSpec,
    Mapping,
    TextSpec,
    fault,
    read_time,
    slug,
)
from .imports import ImportRecord

# ---- a row and its joined rows ----------------------------------------------------------------


@dataclass(slots=True)
class Rec:
    """One source row with the rows joined to it (a one-join's row, or [] when missing)."""

    row: list[str]
    one: dict[str, list[str]] = field(default_factory=dict)
    many: dict[str, list[list[str]]] = field(default_factory=dict)


Get = Callable[[Rec], str]


@dataclass
class Headers:
    """The columns of the main file and of each joined file, as found in their first rows."""

    main: Sequence[str]
    joined: dict[str, Sequence[str]]
    main_name: str = "the file"
    joined_names: dict[str, str] = field(default_factory=dict)


class Binder:
    """Resolves column names ('name', or 'join.name' for a joined file's) to getters."""

    def __init__(self, headers: Headers, joins: dict[str, Join], item_join: str | None = None):
        self.headers = headers
        self.joins = joins
        self.item_join = item_join  # inside [items]: plain names are the joined file's

    def _position(self, columns: Sequence[str], name: str, where: str, file: str) -> int:
        try:
            return list(columns).index(name)
        except ValueError:
            shown = ", ".join(columns[:40]) + (", ..." if len(columns) > 40 else "")
            raise fault(where, f"column {name!r} is not in {file} (its columns: {shown})") from None

    def column(self, name: str, where: str) -> Get:
        head, _, rest = name.partition(".")
        if rest and head in self.joins and head != self.item_join:
            join = self.joins[head]
            if join.many:
                raise fault(
                    where,
                    f"{name!r}: {head} may hold several rows per case; name its "
                    "columns in [items] or sum them with { sum = ... }",
                )
            i = self._position(
                self.headers.joined[head], rest, where, self.headers.joined_names.get(head, head)
            )
            return lambda rec: (rec.one.get(head) or ())[i] if rec.one.get(head) else ""
        if self.item_join:
            i = self._position(
                self.headers.joined[self.item_join],
                name,
                where,
                self.headers.joined_names.get(self.item_join, self.item_join),
            )
        else:
            i = self._position(self.headers.main, name, where, self.headers.main_name)
        return lambda rec: rec.row[i] if i < len(rec.row) else ""

    def template(self, text: str, where: str) -> Get:
        pieces: list[str | Get] = []
        last = 0
        for m in TEMPLATE.finditer(text):
            pieces.append(text[last : m.start()])
            pieces.append(self.column(m.group(1), where))
            last = m.end()
        pieces.append(text[last:])
        parts = [p for p in pieces if p != ""]

        def get(rec: Rec) -> str:
            return "".join(p if isinstance(p, str) else p(rec).strip() for p in parts)

        return get

    def text(self, spec: TextSpec) -> Get:
        where = spec.where
        if spec.kind == "fixed":
            value = spec.parts[0]
            base: Get = lambda rec: value  # noqa: E731
        elif spec.kind == "column":
            col = self.column(spec.parts[0], where)
            base = lambda rec: col(rec).strip()  # noqa: E731
        elif spec.kind == "template":
            base = self.template(spec.parts[0], where)
        else:
            cols = [self.column(c, where) for c in spec.parts]
            if spec.kind == "columns":

                def base(rec: Rec) -> str:
                    for c in cols:
                        value = c(rec).strip()
                        if value:
                            return value
                    return ""

            else:
                sep = spec.separator

                def base(rec: Rec) -> str:
                    return sep.join(v for v in (c(rec).strip() for c in cols) if v)

        if spec.default is not None:
            fallback = self.template(spec.default, where)
            inner = base
            base = lambda rec: inner(rec) or fallback(rec)  # noqa: E731
        if spec.truncate:
            limit, inner2 = spec.truncate, base

            def base(rec: Rec) -> str:
                value = inner2(rec)
                return value if len(value) <= limit else value[: limit - 1] + "…"

        return base


def _bind_lookup(spec: LookupSpec, binder: Binder) -> Callable[[Rec], tuple[str | None, str]]:
    """A getter of (value or None when nothing maps it and there is no default, source text)."""
    if spec.source is None:
        fixed = spec.default
        return lambda rec: (fixed, "")
    get = binder.text(spec.source)
    values, rules, default = spec.values, spec.rules, spec.default

    def lookup(rec: Rec) -> tuple[str | None, str]:
        text = get(rec)
        low = text.strip().lower()
        if low in values:
            return values[low], text
        for rule in rules:
            if rule.matches(low):
                return rule.value, text
        return default, text

    return lookup


# ---- a mapping bound to a file's columns -----------------------------------------------------


class BoundMapping:
    """A mapping compiled for the columns of its files: `record(rec, row)` makes one record."""

    def __init__(self, mapping: Mapping, headers: Headers) -> None:
        self.mapping = m = mapping
        joins = {j.name: j for j in m.joins}
        b = Binder(headers, joins)
        # Every join's key column in its own file and its "on" column in the main file.
        self.join_on: dict[str, Get] = {}
        self.join_key: dict[str, int] = {}
        for j in m.joins:
            self.join_key[j.name] = b._position(
                headers.joined[j.name],
                j.key,
                f"join {j.name}.key",
                headers.joined_names.get(j.name, j.name),
            )
            self.join_on[j.name] = b.column(j.on, f"join {j.name}.on")
        self.id = b.text(m.id)
        self.id_label = m.id.parts[0] if m.id.kind == "column" else "the source id"
        self.texts = {k: b.text(s) for k, s in m.texts.items()}
        self.times = {k: (b.text(s.source), s) for k, s in m.times.items()}
        self.lookups = {k: _bind_lookup(s, b) for k, s in m.lookups.items()}
        self.amounts: dict[str, Callable[[Rec, str], Money]] = {
            k: self._amount(s, b, joins, headers) for k, s in m.amounts.items()
        }
        self.keep = [(k, b.column(c, f"keep.{k}")) for k, c in m.keep.items()]
        t = m.tags
        self.tag_split = [b.column(c, "fields.tags.split") for c in t.split]
        self.tag_when = [(b.column(c, "fields.tags.when"), r) for c, r in t.when]
        self.tag_slug = [(b.column(c, "fields.tags.slug"), n) for c, n in t.slug]
        self.filter: Callable[[Rec], bool] | None = None
        if m.filter is not None:
            self.filter = self._filter(m.filter, b)
        self.items: tuple[str, dict[str, Any]] | None = None
        if m.items is not None:
            ib = Binder(headers, joins, m.items["from"])
            getters: dict[str, Any] = {}
            for k, spec in m.items.items():
                if k == "from":
                    continue
                if isinstance(spec, AmountSpec):
                    getters[k] = self._amount(spec, ib, joins, headers)
                else:
                    getters[k] = ib.text(spec)
            self.items = (m.items["from"], getters)

    def _amount(
        self, spec: AmountSpec, b: Binder, joins: dict[str, Join], headers: Headers
    ) -> Callable[[Rec, str], Money]:
        fmt, name = self.mapping.amount_format, spec.name
        if spec.sum_of is not None:
            join_name, _, column = spec.sum_of.partition(".")
            join = joins.get(join_name)
            if join is None or not join.many:
                raise fault(
                    f"fields.{name}",
                    f"{spec.sum_of!r}: {join_name} is not a joined file with many = true",
                )
            i = b._position(
                headers.joined[join_name],
                column,
                f"fields.{name}",
                headers.joined_names.get(join_name, join_name),
            )

            def total(rec: Rec, currency: str) -> Money:
                minor = 0
                for row in rec.many.get(join_name, ()):
                    minor += fmt.read(row[i], currency, name).minor
                return Money(minor, currency)

            return total
        assert spec.source is not None
        get = b.text(spec.source)

        def one(rec: Rec, currency: str) -> Money:
            text = get(rec)
            if not text:
                return Money(0, currency)
            return fmt.read(text, currency, name)

        return one

    @staticmethod
    def _filter(f: Filter, b: Binder) -> Callable[[Rec], bool]:
        head = f.column.partition(".")[0]
        if "." in f.column and head in b.joins:
            # The filter picks rows before the joined files are read (only their rows are kept).
            raise fault("source.filter", f"{f.column!r}: the filter reads the main file's columns")
        get = b.column(f.column, "source.filter")
        if f.values:
            allowed = frozenset(v.strip().lower() for v in f.values)
            return lambda rec: get(rec).strip().lower() in allowed
        lo, hi = f.at_least, f.at_most

        def keep(rec: Rec) -> bool:
            text = get(rec).strip()
            if not (text.isascii() and text.lstrip("-").isdigit()):
                return False
            value = int(text)
            return (lo is None or value >= lo) and (hi is None or value <= hi)

        return keep

    def selected(self, rec: Rec) -> bool:
        return self.filter is None or self.filter(rec)

    def record(self, rec: Rec, row: int) -> ImportRecord:
        """The import record of one row; a row the mapping cannot read carries its problem."""
        m = self.mapping
        problem: str | None = None
        source_id = self.id(rec)
        if not source_id:
            problem = f"the row has no {self.id_label}"
        elif m.id_digits and not (source_id.isascii() and source_id.isdigit()):
            problem = f"{self.id_label} {source_id!r} is not a number"
        for j in m.joins:
            if j.required and not (rec.many.get(j.name) if j.many else rec.one.get(j.name)):
                problem = problem or f"no row of {j.name} has {j.key} {rec_on(rec, j, self)!r}"
        texts = {k: get(rec) for k, get in self.texts.items()}
        currency = texts["currency"]
        found: dict[str, str | None] = {}
        tags = list(m.tags.fixed)
        for name, lookup in self.lookups.items():
            value, source_text = lookup(rec)
            found[name] = value
            known = m.lookups[name]
            if value is None:
                problem = problem or f"{name}: no rule maps {source_text!r} and there is no default"
            elif known.unmapped_tag is not None and source_text:
                low = source_text.strip().lower()
                if low not in known.values and not any(r.matches(low) for r in known.rules):
                    tags.append(known.unmapped_tag + slug(source_text))
        for get in self.tag_split:
            tags.extend(slug(t) for t in get(rec).split(",") if t.strip())
        for get, rule in self.tag_when:
            if rule.matches(get(rec).strip().lower()):
                tags.append(rule.value)
        for get, limit in self.tag_slug:
            text = get(rec).strip()
            if text:
                tags.append(slug(text)[:limit])
        moments: dict[str, datetime | None] = {}
        for name, (get, spec) in self.times.items():
            try:
                moments[name] = read_time(get(rec), spec)
            except ValueError as exc:
                problem = problem or str(exc)
                moments[name] = None
        money: dict[str, Money] = {}
        items: list[OrderItem] = []
        try:
            check_currency(currency)
            for name, get_amount in self.amounts.items():
                money[name] = get_amount(rec, currency)
            if self.items is not None:
                items = self._items(rec, currency)
        except ValidationError as exc:
            problem = problem or f"currency: {exc.message}"
            currency = "USD"
            money, items = {}, []
        except ValueError as exc:
            problem = problem or str(exc)
            money, items = {}, []
        shipping = money.get("shipping", Money(0, currency))
        total = money.get("order_total")
        if total is None:
            minor = sum(it.unit_price.minor * it.quantity for it in items) + shipping.minor
            total = Money(minor, currency)
        category, _, subcategory = (found.get("category") or "").partition("/")
        placed = moments.get("order_placed")
        draft = CaseDraft(
            Customer(
                texts["customer_name"], texts["customer_email"], texts.get("customer_phone", "")
            ),
            Order(
                texts["order_number"] or "-",
                currency,
                total,
                shipping,
                placed.date() if placed else None,
                tuple(items),
            ),
            category,
            texts["subject"] or "(no subject)",
            texts.get("description", ""),
            subcategory or None,
            Channel(found.get("channel") or Channel.WEB_FORM),
            Priority(found.get("priority") or Priority.NORMAL),
            False,
            tuple(tags),
        )
        source_data = {}
        for key, get in self.keep:
            value = get(rec).strip()
            if value:
                source_data[key] = value
        return ImportRecord(
            draft,
            status=Status(found.get("status") or Status.NEW),
            received_at=moments.get("received_at"),
            resolved_at=moments.get("resolved_at"),
            source=m.system,
            source_id=source_id,
            source_data=source_data,
            row=row,
            problem=problem,
        )

    def _items(self, rec: Rec, currency: str) -> list[OrderItem]:
        assert self.items is not None
        name, g = self.items
        out: list[OrderItem] = []
        for n, row in enumerate(rec.many.get(name, ()), 1):
            item = Rec(row)
            quantity_text = g["quantity"](item) if "quantity" in g else "1"
            if not (quantity_text.isascii() and quantity_text.isdigit()):
                raise ValueError(f"item {n}: quantity {quantity_text!r} is not a whole number")
            out.append(
                OrderItem(
                    g["sku"](item) if "sku" in g else "",
                    g["product"](item),
                    g["seller"](item) if "seller" in g else "",
                    int(quantity_text),
                    g["unit_price"](item, currency),
                    n,
                )
            )
        return out


def rec_on(rec: Rec, join: Join, bound: BoundMapping) -> str:
    """The main row's value of a join's `on` column (for the message of a missing row)."""
    return bound.join_on[join.name](rec).strip()
