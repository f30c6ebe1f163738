"""Filling message templates and approved answers from a case: the placeholders, the shipped
templates, and what is filled (the Jinja2 sandbox that fills them is message_sandbox).

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

from ..domain.errors import ValidationError
from ..domain.messages import (
    PLACEHOLDERS,
    SHIPPED_TEMPLATES,
    MessageTemplate,
    check_language,
    check_template_name,
    clean_body,
    clean_subject,
)


def render_text(source: str, values: Mapping[str, Any], field: str) -> str:
    """`source` filled from `values`; a subject comes back as one line."""
    from .message_sandbox import fill

    return fill(source, values, field)


def check_template(subject: str, body: str) -> tuple[str, str]:
    """A template's texts as saved: a one-line subject and a body, both compiled."""
    subject = clean_subject(subject)
    body = clean_body(body)
    from .message_sandbox import compile_text

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
