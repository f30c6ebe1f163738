"""The case category taxonomy: stable slugs, labels, and the priority rules tied to them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import ValidationError


@dataclass(frozen=True, slots=True)
class Category:
    slug: str
    label: str
    subcategories: tuple[tuple[str, str], ...] = ()
    safety_flag: bool = False
    priority_floor: str | None = None


@dataclass(frozen=True, slots=True)
class Taxonomy:
    categories: tuple[Category, ...]
    _by_slug: dict[str, Category] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_slug.update({c.slug: c for c in self.categories})

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Taxonomy:
        cats = []
        for raw in data.get("category", []):
            subs = tuple((s["slug"], s["label"]) for s in raw.get("subcategories", []))
            cats.append(
                Category(
                    raw["slug"],
                    raw["label"],
                    subs,
                    bool(raw.get("safety_flag")),
                    raw.get("priority_floor"),
                )
            )
        return cls(tuple(cats))

    def slugs(self) -> list[str]:
        return [c.slug for c in self.categories]

    def get(self, slug: str) -> Category:
        try:
            return self._by_slug[slug]
        except KeyError:
            known = ", ".join(self.slugs())
            raise ValidationError(
                f"unknown category {slug!r}; known: {known}", field="category"
            ) from None

    def check(self, category: str, subcategory: str | None) -> tuple[str, str | None]:
        """Validate a (category, subcategory) pair; returns it normalised."""
        cat = self.get((category or "").strip().lower())
        sub = (subcategory or "").strip().lower() or None
        if sub is not None and sub not in {s for s, _ in cat.subcategories}:
            known = ", ".join(s for s, _ in cat.subcategories) or "none"
            raise ValidationError(
                f"unknown subcategory {sub!r} for {cat.slug}; known: {known}", field="subcategory"
            )
        return cat.slug, sub

    def label(self, category: str, subcategory: str | None = None) -> str:
        cat = self._by_slug.get(category)
        if cat is None:
            return category
        if subcategory:
            for slug, label in cat.subcategories:
                if slug == subcategory:
                    return f"{cat.label}: {label}"
        return cat.label
