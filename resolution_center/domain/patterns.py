"""Pattern review: where disputes come from. A finding names a product, seller, shipping problem,
customer or category, its counts, and the cases behind it, so the window can open exactly them.

The rules of what counts as a pattern live here (which categories are defects, how big a jump
is a jump); storage counts, in SQL on both backends.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from .errors import ValidationError
from .ids import CaseId

# The taxonomy's slugs a defect or warranty pattern reads (taxonomy.toml; slugs never change).
DEFECT_CATEGORIES = ("product-defect", "warranty-claim")
SHIPPING_CATEGORY = "shipping-problem"
# A category's volume "jumped" when it grew by at least this share over the previous period of
# the same length and reached at least JUMP_MIN_CASES (a rise from 1 to 3 is noise, not news).
JUMP_MIN_SHARE_PERCENT = 50
JUMP_MIN_CASES = 3
# Findings shown per section (the most cases first).
TOP = 10
# A customer with this many cases in the policy's window is a repeated claimant; remedies use
# domain/closing.py's REPEAT_CLAIMANT_CASES (remedies on that many different cases).
REPEAT_CLAIMS = 2
LONGEST_PERIOD_DAYS = 3660

# What the schema does not hold, said in every report rather than guessed at.
NOT_RECORDED = (
    "carrier: not recorded (cases and order items have no carrier; an import keeps one only "
    "in its import event)",
    "region: not recorded (customers have no address)",
    "orders seen: the orders that came in with a case; the app holds no sales, so a rate is "
    "cases per order seen with a complaint of any kind, not per order sold",
)


class Section(StrEnum):
    PRODUCTS = "products"
    SELLERS = "sellers"
    SHIPPING = "shipping"
    REPEAT_CLAIMS = "repeat_claims"
    REPEAT_REMEDIES = "repeat_remedies"
    CATEGORY_JUMPS = "category_jumps"


SECTION_TITLES = {
    Section.PRODUCTS: "Products (SKU) with the most defect and warranty cases",
    Section.SELLERS: "Sellers with the most defect and warranty cases",
    Section.SHIPPING: "Shipping problems by kind and seller",
    Section.REPEAT_CLAIMS: "Customers with repeated claims in the policy window",
    Section.REPEAT_REMEDIES: "Customers with remedies on several cases in the policy window",
    Section.CATEGORY_JUMPS: "Categories whose volume jumped against the previous period",
}


@dataclass(frozen=True, slots=True)
class Period:
    """Whole UTC days, both ends included."""

    start: date
    end: date

    @classmethod
    def of(cls, start: date, end: date) -> Period:
        if end < start:
            raise ValidationError(
                f"the period ends ({end}) before it starts ({start})", field="date_to"
            )
        if (end - start).days >= LONGEST_PERIOD_DAYS:
            raise ValidationError(
                f"a period is at most {LONGEST_PERIOD_DAYS} days", field="date_to"
            )
        return cls(start, end)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))


@dataclass(frozen=True, slots=True)
class Finding:
    section: Section
    key: str  # what the finding is about: a SKU, a seller, 'delay|seller', a customer id
    label: str
    cases: int  # the cases behind it (len(case_ids))
    case_ids: tuple[CaseId, ...]
    references: tuple[str, ...]
    figures: dict[str, Any] = field(default_factory=dict)  # section-specific counts
    # Instead of ids, the case list's own filter where a finding covers a whole category of a
    # period (a year's jump can be tens of thousands of cases): category, created from, to.
    criteria: dict[str, str] | None = None

    @property
    def id(self) -> str:
        """Stable within a report: a review's note names the finding it is about by this."""
        return f"{self.section.value}:{self.key}"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "section": self.section.value,
            "key": self.key,
            "label": self.label,
            "cases": self.cases,
            "case_ids": list(self.case_ids),
            "references": list(self.references),
            **({"criteria": self.criteria} if self.criteria else {}),
            **self.figures,
        }


@dataclass(frozen=True, slots=True)
class PatternReport:
    period: Period
    window_days: int  # the remedy policy's window the repeat findings use
    findings: tuple[Finding, ...]
    not_recorded: tuple[str, ...] = NOT_RECORDED

    def section(self, section: Section) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.section is section)

    def finding(self, finding_id: str) -> Finding:
        for f in self.findings:
            if f.id == finding_id:
                return f
        raise ValidationError(f"no finding {finding_id!r} in this report", field="finding")

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.period.start.isoformat(),
            "to": self.period.end.isoformat(),
            "window_days": self.window_days,
            "sections": {
                s.value: {
                    "title": SECTION_TITLES[s],
                    "findings": [f.to_json() for f in self.section(s)],
                }
                for s in Section
            },
            "not_recorded": list(self.not_recorded),
        }


def rate(cases: int, orders: int) -> float | None:
    """Cases per order seen, to four places (None when no order was seen)."""
    return round(cases / orders, 4) if orders else None


def jump(previous: int, current: int) -> dict[str, Any] | None:
    """The size of a category's jump, or None when the change is not one."""
    if current < JUMP_MIN_CASES or current <= previous:
        return None
    if previous and (current - previous) * 100 < previous * JUMP_MIN_SHARE_PERCENT:
        return None
    return {
        "previous": previous,
        "current": current,
        "change": current - previous,
        # None: the category had no case before (a rise from nothing has no percentage).
        "change_percent": round((current - previous) * 100 / previous, 1) if previous else None,
    }


def cases_named(finding: Mapping[str, Any], shown: int | None = None) -> str:
    """The cases a finding names, as a reader sees them: its references (the first `shown`,
    then how many more), or the criteria that select them."""
    criteria = finding.get("criteria")
    if criteria:
        return (
            f"every {criteria['category']} case created {criteria['created_from'][:10]} "
            f"to {criteria['created_to'][:10]} (exclusive)"
        )
    refs = list(finding.get("references", []))
    if shown is None or len(refs) <= shown:
        return " ".join(refs)
    return " ".join(refs[:shown]) + f" and {len(refs) - shown} more"


def figure_words(finding: Mapping[str, Any]) -> str:
    """A finding's figures in words, in one order whatever the JSON's (a review sorts keys):
    'defects 2, warranty 1, orders seen 5, rate 60.0%'; a jump 'previous 9 (2026-10-02 to
    2026-10-31), +18 (+200.0%)'. What the label says already (seller, customer) is left out."""
    parts = []
    for key, text in (
        ("defect_cases", "defects {}"),
        ("warranty_cases", "warranty {}"),
        ("orders_seen", "orders seen {}"),
        ("remedies", "remedies {}"),
    ):
        if finding.get(key) is not None:
            parts.append(text.format(finding[key]))
    if finding.get("rate") is not None:
        parts.append(f"rate {100 * finding['rate']:.1f}%")
    if "previous" in finding:
        before = f"previous {finding['previous']}"
        if finding.get("previous_from"):
            before += f" ({finding['previous_from']} to {finding['previous_to']})"
        percent = finding.get("change_percent")
        change = f"+{finding['change']}" + (f" (+{percent}%)" if percent is not None else "")
        parts += [before, change]
    if "carrier" in finding:
        parts.append("carrier and region not recorded")
    return ", ".join(parts)
