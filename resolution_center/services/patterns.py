"""Pattern review (`report patterns`, the window's Patterns view, a review's frozen findings):
the products, sellers, shipping problems, repeated customers and category jumps of a period,
each finding with the cases behind it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from ..domain.closing import REPEAT_CLAIMANT_CASES
from ..domain.ids import CaseId
from ..domain.patterns import (
    DEFECT_CATEGORIES,
    REPEAT_CLAIMS,
    SHIPPING_CATEGORY,
    TOP,
    Finding,
    PatternReport,
    Period,
    Section,
    jump,
    rate,
)
from ..storage.patterns import PRODUCT_KEY, Members, PatternQueries, bounds
from .context import Context
from .policies import PolicyService

NOT_GIVEN = "(not recorded)"


class PatternService:
    def __init__(self, ctx: Context, policies: PolicyService) -> None:
        self.ctx = ctx
        self.policies = policies
        self.queries = PatternQueries(ctx.store)

    def report(self, date_from: date, date_to: date, top: int = TOP) -> PatternReport:
        period = Period.of(date_from, date_to)
        window_days = self.policies.current().window_days
        # The policy's rolling window, ending where the period ends.
        until = datetime.combine(period.end + timedelta(days=1), time(0), tzinfo=UTC)
        since = until - timedelta(days=window_days)
        with self.ctx.store.reading():
            findings = [
                *self._items(Section.PRODUCTS, PRODUCT_KEY, period, top),
                *self._items(Section.SELLERS, "i.seller", period, top),
                *self._shipping(period, top),
                *self._claims(since, until, top),
                *self._remedies(since, until, top),
                *self._jumps(period),
            ]
        return PatternReport(period, window_days, tuple(findings))

    def _items(self, section: Section, key_sql: str, period: Period, top: int) -> list[Finding]:
        q = self.queries
        counts = q.item_counts(key_sql, DEFECT_CATEGORIES, period.start, period.end, top)
        keys = [row[0] for row in counts]
        members = q.item_members(key_sql, keys, DEFECT_CATEGORIES, period.start, period.end)
        out = []
        for key, name, cases, defects, orders in counts:
            label = f"{key} ({name})" if section is Section.PRODUCTS and name != key else key
            out.append(
                _finding(
                    section,
                    key,
                    label,
                    members,
                    defect_cases=defects,
                    warranty_cases=cases - defects,
                    orders_seen=orders,
                    rate=rate(cases, orders),
                )
            )
        return out

    def _shipping(self, period: Period, top: int) -> list[Finding]:
        q = self.queries
        rows = q.shipping_counts(SHIPPING_CATEGORY, period.start, period.end, top)
        sellers = sorted({seller for _sub, seller, _n in rows})
        members = q.shipping_members(SHIPPING_CATEGORY, sellers, period.start, period.end)
        taxonomy = self.ctx.taxonomy
        out = []
        for sub, seller, _n in rows:
            kind = taxonomy.label(SHIPPING_CATEGORY, sub or None)
            label = f"{kind} · seller {seller or NOT_GIVEN}"
            out.append(
                _finding(
                    Section.SHIPPING,
                    f"{sub}|{seller}",
                    label,
                    members,
                    subcategory=sub or None,
                    seller=seller or None,
                    carrier=None,
                    region=None,
                )
            )
        return out

    def _claims(self, since: datetime, until: datetime, top: int) -> list[Finding]:
        q = self.queries
        rows = q.repeat_claims(since, until, REPEAT_CLAIMS, top)
        members = q.claim_members([cid for cid, _ in rows], since, until)
        return [
            _finding(Section.REPEAT_CLAIMS, str(cid), f"customer #{cid}", members, customer_id=cid)
            for cid, _n in rows
        ]

    def _remedies(self, since: datetime, until: datetime, top: int) -> list[Finding]:
        q = self.queries
        rows = q.repeat_remedies(since, until, REPEAT_CLAIMANT_CASES, top)
        members = q.remedy_members([cid for cid, _, _ in rows], since, until)
        return [
            _finding(
                Section.REPEAT_REMEDIES,
                str(cid),
                f"customer #{cid}",
                members,
                customer_id=cid,
                remedies=n,
            )
            for cid, n, _cases in rows
        ]

    def _jumps(self, period: Period) -> list[Finding]:
        q = self.queries
        before = period.previous()
        now_counts = q.category_counts(period.start, period.end)
        old_counts = q.category_counts(before.start, before.end)
        sizes = {
            cat: size
            for cat, n in now_counts.items()
            if (size := jump(old_counts.get(cat, 0), n)) is not None
        }
        order = sorted(sizes, key=lambda c: (-sizes[c]["change"], c))
        lo, hi = bounds(period.start, period.end)
        return [
            Finding(
                Section.CATEGORY_JUMPS,
                cat,
                self.ctx.taxonomy.label(cat),
                now_counts[cat],
                (),
                (),
                {
                    **sizes[cat],
                    "previous_from": before.start.isoformat(),
                    "previous_to": before.end.isoformat(),
                },
                criteria={"category": cat, "created_from": lo, "created_to": hi},
            )
            for cat in order
        ]


def _finding(
    section: Section, key: str, label: str, members: Members, **figures: object
) -> Finding:
    cases = members.get(key, [])
    ids: tuple[CaseId, ...] = tuple(cid for cid, _ in cases)
    return Finding(
        section, key, label, len(ids), ids, tuple(ref for _, ref in cases), dict(figures)
    )
