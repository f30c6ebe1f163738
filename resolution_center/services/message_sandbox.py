"""The Jinja2 sandbox that fills message templates and approved answers (see message_render).

A module of its own so that Jinja2 (24 ms to import) loads with the first template checked or
filled, not on the window's way from the login to the list.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..domain.errors import ValidationError
from ..domain.messages import BODY_LIMIT, LIST_PLACEHOLDERS, PLACEHOLDERS, one_line

_LOOP_ATTRIBUTES = frozenset({"index", "index0", "first", "last", "length"})
_FILTERS = (
    "upper",
    "lower",
    "title",
    "capitalize",
    "trim",
    "default",
    "d",
    "join",
    "length",
    "count",
    "first",
    "last",
)
_REFUSED_NODES: tuple[tuple[type[nodes.Node], str], ...] = (
    (nodes.Call, "function and method calls"),
    (nodes.Macro, "macros"),
    (nodes.CallBlock, "call blocks"),
    (nodes.Import, "imports"),
    (nodes.FromImport, "imports"),
    (nodes.Include, "includes"),
    (nodes.Extends, "extends"),
    (nodes.Block, "blocks"),
    (nodes.Mul, "'*'"),
    (nodes.Pow, "'**'"),
)


class _Sandbox(ImmutableSandboxedEnvironment):
    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # Placeholders are plain values and dicts (read by item); no attribute of any object
        # is needed, and refusing them all refuses every method. A loop's counters stay.
        return isinstance(obj, LoopContext) and attr in _LOOP_ATTRIBUTES


def _environment() -> _Sandbox:
    env = _Sandbox(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.globals.clear()
    env.filters = {name: env.filters[name] for name in _FILTERS}
    return env


_ENV = _environment()


def _refusal(field: str, what: str) -> ValidationError:
    return ValidationError(f"the {field} template {what}", field=field)


@functools.lru_cache(maxsize=512)
def compile_text(source: str, field: str) -> jinja2.Template:
    """`source` checked and compiled: its syntax, every placeholder known, nothing refused."""
    try:
        tree = _ENV.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        raise _refusal(field, f"has a syntax error on line {exc.lineno}: {exc.message}") from None
    for kind, what in _REFUSED_NODES:
        if tree.find(kind) is not None:
            raise _refusal(field, f"uses {what}, which message templates may not")
    loop_names: set[str] = set()
    for loop in tree.find_all(nodes.For):
        if not (isinstance(loop.iter, nodes.Name) and loop.iter.name in LIST_PLACEHOLDERS):
            raise _refusal(field, f"may loop only over {', '.join(sorted(LIST_PLACEHOLDERS))}")
        loop_names.update(n.name for n in loop.target.find_all(nodes.Name))
        if isinstance(loop.target, nodes.Name):
            loop_names.add(loop.target.name)
    for get in tree.find_all(nodes.Getattr):
        if not (isinstance(get.node, nodes.Name) and get.node.name in loop_names | {"loop"}):
            raise _refusal(field, f"reads .{get.attr} of something other than a loop's item")
    assigned = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    used = {n.name for n in tree.find_all(nodes.Name) if n.ctx == "load"}
    unknown = sorted(used - PLACEHOLDERS.keys() - assigned - loop_names - {"loop"})
    if unknown:
        raise _refusal(
            field,
            f"names unknown placeholders: {', '.join(unknown)} (known: "
            f"{', '.join(sorted(PLACEHOLDERS))})",
        )
    try:
        return _ENV.from_string(tree)
    except jinja2.TemplateError as exc:  # an unknown filter or test, found as it compiles
        raise _refusal(field, f"cannot be used: {exc}") from None


def fill(source: str, values: Mapping[str, Any], field: str) -> str:
    """`source` filled from `values`; a subject comes back as one line."""
    template = compile_text(source, field)
    if field == "subject":
        values = {k: one_line(v) if isinstance(v, str) else v for k, v in values.items()}
    try:
        text = template.render(values)
    except jinja2.UndefinedError as exc:
        raise _refusal(field, f"names something the case does not have: {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise _refusal(field, f"could not be filled: {exc}") from None
    if field == "subject":
        return one_line(text)
    if len(text) > BODY_LIMIT:
        raise _refusal(field, f"fills to {len(text):,} characters, over {BODY_LIMIT:,}")
    return text.strip()
