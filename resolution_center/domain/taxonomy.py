"""The case category taxonomy: stable slugs, labels, and the priority rules tied to them; the
resolution codes a resolved case names, and how far back intake looks for a likely duplicate."""

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


# How far back a new case looks for one of the same customer and order (taxonomy.toml's
# [intake] duplicate_window_days when the file does not say).
DUPLICATE_WINDOW_DAYS = 30


@dataclass(frozen=True, slots=True)
class Taxonomy:
    categories: tuple[Category, ...]
    _by_slug: dict[str, Category] = field(default_factory=dict, compare=False, repr=False)
    # (slug, label) of each way a case may be resolved, in the order the window offers them.
    resolution_codes: tuple[tuple[str, str], ...] = ()
    duplicate_window_days: int = DUPLICATE_WINDOW_DAYS

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
        codes = tuple((r["slug"], r["label"]) for r in data.get("resolution", []))
        days = (data.get("intake") or {}).get("duplicate_window_days", DUPLICATE_WINDOW_DAYS)
        if type(days) is not int or not 1 <= days <= 3660:
            raise ValidationError(
                f"duplicate_window_days must be a whole number of days from 1 to 3660, "
                f"not {days!r}",
                field="duplicate_window_days",
            )
        return cls(tuple(cats), resolution_codes=codes, duplicate_window_days=days)

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

    def check_resolution(self, code: str | None) -> str:
        """A resolution code from the list, normalised; a clear error names the known ones."""
        slug = (code or "").strip().lower()
        known = [c for c, _ in self.resolution_codes]
        if not slug:
            raise ValidationError(
                "resolving a case needs a resolution code: how it was resolved",
                field="resolution_code",
            )
        if slug not in known:
            raise ValidationError(
                f"unknown resolution code {slug!r}; known: {', '.join(known)}",
                field="resolution_code",
            )
        return slug

    def resolution_label(self, code: str | None) -> str:
        return dict(self.resolution_codes).get(code or "", code or "")
