"""The agreement terms template: load it from resources and fill in one agreement's facts."""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass
from importlib import resources

from resolution_center.domain.errors import ValidationError

PLACEHOLDERS = frozenset(
    {
        "company",
        "customer",
        "seller_clause",
        "case_reference",
        "order_number",
        "agreement_number",
        "remedies_total",
    }
)


@dataclass(frozen=True, slots=True)
class TermsTemplate:
    version: str
    paragraphs: tuple[str, ...]

    def fill(self, **values: str) -> tuple[str, ...]:
        """The paragraphs with every placeholder replaced; every placeholder must be given."""
        missing = PLACEHOLDERS - values.keys()
        if missing:
            raise ValidationError(
                f"terms need values for: {', '.join(sorted(missing))}", field="terms"
            )
        return tuple(p.format_map(values) for p in self.paragraphs)


def parse_terms_template(text: str, source: str = "terms template") -> TermsTemplate:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ValidationError(f"{source} is not valid TOML: {e}", field="terms") from None
    if doc.get("format") != 1:
        raise ValidationError(
            f"{source}: unknown format {doc.get('format')!r} (expected 1)", field="terms"
        )
    version, paragraphs = doc.get("version"), doc.get("paragraphs")
    if not isinstance(version, str) or not version.strip():
        raise ValidationError(f"{source}: 'version' must be text", field="terms")
    if (
        not isinstance(paragraphs, list)
        or not paragraphs
        or not all(isinstance(p, str) and p.strip() for p in paragraphs)
    ):
        raise ValidationError(f"{source}: 'paragraphs' must be a list of text", field="terms")
    # Refuse unknown or malformed placeholders now, not when an agreement is drafted.
    for i, p in enumerate(paragraphs, start=1):
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(p) if name is not None}
        except ValueError as e:
            raise ValidationError(
                f"{source}: paragraph {i}: {e} (write a brace as {{{{ or }}}})", field="terms"
            ) from None
        unknown = names - PLACEHOLDERS
        if unknown:
            raise ValidationError(
                f"{source}: paragraph {i} uses unknown placeholder(s) {', '.join(sorted(unknown))}",
                field="terms",
            )
    return TermsTemplate(version.strip(), tuple(p.strip() for p in paragraphs))


def terms_file(language: str = "en") -> str:
    """agreement_terms.toml (English) or agreement_terms.<language>.toml."""
    return "agreement_terms.toml" if language == "en" else f"agreement_terms.{language}.toml"


def load_terms_template(language: str = "en") -> TermsTemplate:
    """The template shipped in resources/templates for the agreement's language."""
    name = terms_file(language)
    path = resources.files("resources.templates").joinpath(name)
    if not path.is_file():
        raise ValidationError(f"no agreement terms in {language!r} ({name})", field="language")
    return parse_terms_template(path.read_text(encoding="utf-8"), name)
