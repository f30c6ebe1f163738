"""Rows read by name: a SELECT list and the reader of its rows made from one declaration.

Each field of a record type (a dataclass or NamedTuple) is declared with the SQL expression it
comes from and, optionally, a conversion. The select text and the reader are generated from that
declaration, so a column added, removed or moved cannot shift the others. The reader is compiled
once into a plain function that indexes the driver's tuple (`Kind(conv(r[0]), r[1], ...)`): list
pages build thousands of rows, and this costs what the hand-written positional code cost.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar

R = TypeVar("R")

Convert = Callable[[Any], Any]
Spec = str | tuple[str, Convert]


def _field_names(kind: type) -> list[tuple[str, bool]]:
    """(name, required) for each field of `kind`, in constructor order."""
    if dataclasses.is_dataclass(kind):
        return [
            (f.name, f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
            for f in dataclasses.fields(kind)
            if f.init
        ]
    fields: tuple[str, ...] | None = getattr(kind, "_fields", None)  # NamedTuple
    if fields is None:
        raise TypeError(f"{kind.__name__} is neither a dataclass nor a NamedTuple")
    defaults = getattr(kind, "_field_defaults", {})
    return [(name, name not in defaults) for name in fields]


class Columns(Generic[R]):
    """A SELECT list whose rows become `kind` values by field name.

    `Columns(CaseRow, id="c.id", priority=("c.priority", to_priority), ...)`: `.sql` is the
    select list, `.read(row)` the record. Extra columns may follow the declared ones in a row
    (`.width` is where they start).
    """

    def __init__(self, kind: type[R], /, **fields: Spec) -> None:
        self.kind = kind
        names = list(fields)
        expressions = [spec if isinstance(spec, str) else spec[0] for spec in fields.values()]
        self.names = tuple(names)
        self.width = len(names)
        self.sql = ", ".join(expressions)
        known = _field_names(kind)
        missing = [n for n, required in known if required and n not in fields]
        unknown = [n for n in names if n not in dict(known)]
        if missing or unknown:
            raise TypeError(f"{kind.__name__}: columns missing {missing}, unknown {unknown}")
        env: dict[str, Any] = {"_kind": kind}
        args = []
        by_keyword = False  # positional while no field is skipped: the cheaper call
        for name, _required in known:
            if name not in fields:
                by_keyword = True
                continue
            spec = fields[name]
            value = f"r[{names.index(name)}]"
            if not isinstance(spec, str):
                env[f"_c_{name}"] = spec[1]
                value = f"_c_{name}({value})"
            args.append(f"{name}={value}" if by_keyword else value)
        source = f"def read(r):\n    return _kind({', '.join(args)})\n"
        exec(compile(source, f"<columns {kind.__name__}>", "exec"), env)
        self.read: Callable[[Sequence[Any]], R] = env["read"]

    def all(self, rows: Iterable[Sequence[Any]]) -> list[R]:
        read = self.read
        return [read(r) for r in rows]

    def check(self, description: Sequence[Sequence[Any]]) -> None:
        """Raise if a cursor's column names (aliases included) differ from the declared fields:
        for tests, where each expression is selected `AS` its field name."""
        found = tuple(d[0] for d in description[: self.width])
        if found != self.names:
            raise AssertionError(f"{self.kind.__name__}: selected {found}, declared {self.names}")
