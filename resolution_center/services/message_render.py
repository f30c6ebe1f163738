"""Filling message templates and approved answers from a case: Jinja2 in a locked-down sandbox.

A template names placeholders (`{{ reference }}`, `{{ customer_name }}`, `{% for r in remedies
%}{{ r.amount }}{% endfor %}`). Undefined values are strict: a template that names a placeholder
the catalogue lacks is refused when it is loaded, saved or previewed, never sent half-filled.

The sandbox is narrower than Jinja2's own, because answers are written by any specialist: no
function calls, globals or methods (so no `'x'.center(10**9)`), no macros, imports or blocks, no
`*` or `**`, a short list of filters, and a loop only over a list placeholder (`remedies`), so
the work a template can ask for is bounded by the case's data and the template's own length.
A subject is filled with one-line values and made one line again after rendering: a line break
in a customer's name never reaches a header.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..domain.errors import ValidationError
from ..domain.messages import (
    BODY_LIMIT,
    SHIPPED_TEMPLATES,
    MessageTemplate,
    check_language,
    check_template_name,
    clean_body,
    clean_subject,
    one_line,
)

# What a template may name, and what each holds (the editor and `template show` list them).
PLACEHOLDERS: dict[str, str] = {
    "reference": "the case reference (RC-2026-000123)",
    "customer_name": "the customer's name",
    "order_number": "the order number",
    "case_subject": "the case's subject line",
    "category": "the complaint's category",
    "status": "the case's status",
    "assignee": "who handles the case (display name), or the team",
    "agent": "who writes the message (display name)",
    "company": "the company's name (settings)",
    "first_response_due": "when the first response is due (the SLA)",
    "resolution_due": "when the resolution is due (the SLA)",
    "remedies": "the agreed remedies: each with .kind, .amount, .reference",
    "remedies_total": "the agreed remedies' total in the order's currency",
    "agreement_number": "the number of the case's issued agreement, if any",
    "currency": "the order's currency",
}
LIST_PLACEHOLDERS = frozenset({"remedies"})
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


def render_text(source: str, values: Mapping[str, Any], field: str) -> str:
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


def check_template(subject: str, body: str) -> tuple[str, str]:
    """A template's texts as saved: a one-line subject and a body, both compiled."""
    subject = clean_subject(subject)
    body = clean_body(body)
    compile_text(subject, "subject")
    compile_text(body, "body")
    return subject, body


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    body: str
    template: MessageTemplate


def render(template: MessageTemplate, values: Mapping[str, Any]) -> Rendered:
    return Rendered(
        render_text(template.subject, values, "subject"),
        render_text(template.body, values, "body"),
        template,
    )


# ---- the shipped templates ---------------------------------------------------------------------


def _shipped_dir() -> Any:
    return resources.files("resources").joinpath("templates", "messages")


@functools.lru_cache(maxsize=1)
def shipped_templates() -> tuple[MessageTemplate, ...]:
    """Every template file in the package (`<name>.<language>.toml`), checked as it loads: a
    file that names an unknown placeholder stops the load with the file named."""
    out = []
    for entry in sorted(_shipped_dir().iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        stem = entry.name.removesuffix(".toml")
        name, _, language = stem.rpartition(".")
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
        try:
            subject, body = check_template(data["subject"], data["body"])
            template = MessageTemplate(
                name=check_template_name(name),
                language=check_language(language),
                version=int(data["version"]),
                subject=subject,
                body=body,
                created_by="(shipped)",
                created_at=None,
                shipped=True,
            )
        except (ValidationError, KeyError, ValueError) as exc:
            raise ValidationError(
                f"shipped template {entry.name}: {getattr(exc, 'message', exc)}",
                field="template",
            ) from None
        out.append(template)
    return tuple(out)


def shipped_languages() -> tuple[str, ...]:
    return tuple(sorted({t.language for t in shipped_templates()}))


__all__ = ["PLACEHOLDERS", "SHIPPED_TEMPLATES", "Rendered", "render", "render_text"]
