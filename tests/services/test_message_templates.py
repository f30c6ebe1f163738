"""The shipped message templates and the sandbox that fills them (no database needed)."""

from __future__ import annotations

import pytest

from resolution_center.domain.errors import ValidationError
from resolution_center.domain.messages import SHIPPED_TEMPLATES
from resolution_center.services import message_render
from resolution_center.services.message_values import demo_values

LANGUAGES = ("en", "de")


def test_every_template_ships_in_every_language() -> None:
    shipped = {(t.name, t.language) for t in message_render.shipped_templates()}
    assert shipped == {(name, lang) for name in SHIPPED_TEMPLATES for lang in LANGUAGES}
    assert set(message_render.shipped_languages()) == set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", SHIPPED_TEMPLATES)
def test_every_shipped_template_renders_with_a_demo_case(name: str, language: str) -> None:
    [template] = [
        t for t in message_render.shipped_templates() if (t.name, t.language) == (name, language)
    ]
    values = demo_values()
    rendered = message_render.render(template, values)
    assert values["reference"] in rendered.subject
    assert "\n" not in rendered.subject and len(rendered.subject) <= 200
    assert values["customer_name"] in rendered.body
    assert "{{" not in rendered.body and "{%" not in rendered.body
    if name == "remedy-decision":
        # Amounts come formatted from minor units in the order's currency.
        assert "1,250.00 EUR" in rendered.body and "1,280.00 EUR" in rendered.body


def test_an_unknown_placeholder_is_refused_when_loaded_not_when_sent() -> None:
    with pytest.raises(ValidationError, match="unknown placeholders: refund_iban") as err:
        message_render.check_template("Re: {{ reference }}", "Send it to {{ refund_iban }}.")
    assert err.value.field == "body"
    with pytest.raises(ValidationError, match="does not have"):
        # A known list whose items lack the field: refused when previewed, never half-filled.
        message_render.render_text(
            "{% for r in remedies %}{{ r.iban }}{% endfor %}", demo_values(), "body"
        )


@pytest.mark.parametrize(
    "source",
    [
        "{{ reference.__class__ }}",
        "{{ reference['__class__'] }}",
        "{{ customer_name.upper() }}",
        "{{ 'x' * 999999999 }}",
        "{{ 9 ** 9 ** 9 }}",
        "{% for i in range(10) %}x{% endfor %}",
        "{% for c in customer_name %}{% for d in customer_name %}x{% endfor %}{% endfor %}",
        "{% macro boom() %}{{ boom() }}{% endmacro %}",
        "{% include 'x' %}",
        "{{ customer_name|center(999999999) }}",
        "{% if %}",
    ],
)
def test_hostile_templates_are_refused(source: str) -> None:
    with pytest.raises(ValidationError):
        message_render.render_text(source, demo_values(), "body")


def test_a_subject_stays_one_line_whatever_a_value_holds() -> None:
    values = {**demo_values(), "customer_name": "Zoë\r\nBcc: a@example.com\u2028X\x85Y"}
    subject = message_render.render_text("Hello {{ customer_name }}", values, "subject")
    assert subject == "Hello Zoë Bcc: a@example.com X Y"
    with pytest.raises(ValidationError, match="line break"):
        message_render.check_template("Line one\nBcc: x@example.com", "body")
