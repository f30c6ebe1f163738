"""Pattern review's counts, in SQL written once for both backends: the cases behind each product,
seller, shipping problem, repeated customer and category, and the orders seen with each product
and seller. Reads only; the service turns rows into findings (domain/patterns.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from ..domain.ids import CaseId
from ..domain.remedy import COUNTS_TOWARD_CAPS, RemedyState
from .dialect import Repository
from .values import ts

COUNTING = tuple(s.value for s in RemedyState if s in COUNTS_TOWARD_CAPS)
# A product is its SKU; an item imported or typed without one is known by its name.
PRODUCT_KEY = "CASE WHEN i.sku <> '' THEN i.sku ELSE i.product END"

Members = dict[str, list[tuple[CaseId, str]]]  # key -> [(case id, reference)], oldest first


def day_start(day: date) -> str:
    return ts(datetime.combine(day, time(0), tzinfo=UTC))


def bounds(start: date, end: date) -> tuple[str, str]:
    """[start 00:00, the day after end 00:00) as stored times: whole UTC days, end included."""
    return day_start(start), day_start(end + timedelta(days=1))


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


class PatternQueries(Repository):
    def item_counts(
        self, key_sql: str, categories: Sequence[str], start: date, end: date, top: int
    ) -> list[tuple[str, str, int, int, int]]:
        """(key, a product name, cases, cases of the first category, orders seen) of the `top`
        keys by cases in `categories` created in the period. Orders seen: distinct order
        numbers of the period's cases of any category with an item of that key."""
        lo, hi = bounds(start, end)
        marks = _marks(categories)
        return [
            (str(k), str(name), int(n), int(first), int(orders))
            for k, name, n, first, orders in self.sql.all(
                f"WITH hit AS (SELECT {key_sql} AS k, MAX(i.product) AS name, "
                "COUNT(DISTINCT c.id) AS n, "
                "COUNT(DISTINCT CASE WHEN c.category = ? THEN c.id END) AS first "
                "FROM cases c JOIN order_items i ON i.case_id = c.id "
                f"WHERE c.created_at >= ? AND c.created_at < ? AND c.category IN ({marks}) "
                f"AND {key_sql} <> '' GROUP BY {key_sql} ORDER BY n DESC, k LIMIT ?), "
                f"seen AS (SELECT {key_sql} AS k, COUNT(DISTINCT c.order_number) AS orders "
                "FROM cases c JOIN order_items i ON i.case_id = c.id "
                f"WHERE c.created_at >= ? AND c.created_at < ? AND {key_sql} IN "
                "(SELECT k FROM hit) GROUP BY " + key_sql + ") "
                "SELECT hit.k, hit.name, hit.n, hit.first, COALESCE(seen.orders, 0) "
                "FROM hit LEFT JOIN seen ON seen.k = hit.k ORDER BY hit.n DESC, hit.k",
                (categories[0], lo, hi, *categories, top, lo, hi),
            )
        ]

    def item_members(
        self, key_sql: str, keys: Sequence[str], categories: Sequence[str], start: date, end: date
    ) -> Members:
        """The cases behind `keys` only (the top few): a year's defect cases are thousands."""
        if not keys:
            return {}
        lo, hi = bounds(start, end)
        return self._members(
            f"SELECT DISTINCT {key_sql}, c.id, c.reference, c.created_at "
            "FROM cases c JOIN order_items i ON i.case_id = c.id "
            f"WHERE c.created_at >= ? AND c.created_at < ? AND c.category IN "
            f"({_marks(categories)}) AND {key_sql} IN ({_marks(keys)})",
            (lo, hi, *categories, *keys),
        )

    def shipping_counts(
        self, category: str, start: date, end: date, top: int
    ) -> list[tuple[str, str, int]]:
        """(subcategory or '', seller or '', cases) of the period's cases in `category`; a case
        with items of two sellers counts once for each."""
        lo, hi = bounds(start, end)
        return [
            (str(sub), str(seller), int(n))
            for sub, seller, n in self.sql.all(
                "SELECT COALESCE(c.subcategory, '') AS sub, COALESCE(i.seller, '') AS seller, "
                "COUNT(DISTINCT c.id) AS n FROM cases c "
                "LEFT JOIN order_items i ON i.case_id = c.id "
                "WHERE c.created_at >= ? AND c.created_at < ? AND c.category = ? "
                "GROUP BY COALESCE(c.subcategory, ''), COALESCE(i.seller, '') "
                "ORDER BY n DESC, sub, seller LIMIT ?",
                (lo, hi, category, top),
            )
        ]

    def shipping_members(
        self, category: str, sellers: Sequence[str], start: date, end: date
    ) -> Members:
        """Keyed 'subcategory|seller'; only the cases of `sellers` (those of the top rows)."""
        if not sellers:
            return {}
        lo, hi = bounds(start, end)
        return self._members(
            "SELECT DISTINCT COALESCE(c.subcategory, '') || '|' || COALESCE(i.seller, ''), "
            "c.id, c.reference, c.created_at FROM cases c "
            "LEFT JOIN order_items i ON i.case_id = c.id "
            "WHERE c.created_at >= ? AND c.created_at < ? AND c.category = ? "
            f"AND COALESCE(i.seller, '') IN ({_marks(sellers)})",
            (lo, hi, category, *sellers),
        )

    def repeat_claims(
        self, since: datetime, until: datetime, at_least: int, top: int
    ) -> list[tuple[int, int]]:
        """(customer id, cases) of customers with `at_least` cases created in [since, until)."""
        return [
            (int(cid), int(n))
            for cid, n in self.sql.all(
                "SELECT c.customer_id, COUNT(*) AS n FROM cases c "
                "WHERE c.created_at >= ? AND c.created_at < ? GROUP BY c.customer_id "
                "HAVING COUNT(*) >= ? ORDER BY n DESC, c.customer_id LIMIT ?",
                (ts(since), ts(until), at_least, top),
            )
        ]

    def claim_members(self, customers: Sequence[int], since: datetime, until: datetime) -> Members:
        if not customers:
            return {}
        return self._members(
            "SELECT c.customer_id, c.id, c.reference, c.created_at FROM cases c "
            f"WHERE c.customer_id IN ({_marks(customers)}) "
            "AND c.created_at >= ? AND c.created_at < ?",
            (*customers, ts(since), ts(until)),
        )

    def repeat_remedies(
        self, since: datetime, until: datetime, at_least: int, top: int
    ) -> list[tuple[int, int, int]]:
        """(customer id, remedies, cases) of customers whose remedies the caps count, requested
        in [since, until), fall on `at_least` different cases (the customer page's rule)."""
        return [
            (int(cid), int(n), int(cases))
            for cid, n, cases in self.sql.all(
                "SELECT r.customer_id, COUNT(*) AS n, COUNT(DISTINCT r.case_id) AS cases "
                "FROM remedies r WHERE r.created_at > ? AND r.created_at < ? "
                f"AND r.state IN ({_marks(COUNTING)}) GROUP BY r.customer_id "
                "HAVING COUNT(DISTINCT r.case_id) >= ? ORDER BY cases DESC, n DESC, "
                "r.customer_id LIMIT ?",
                (ts(since), ts(until), *COUNTING, at_least, top),
            )
        ]

    def remedy_members(self, customers: Sequence[int], since: datetime, until: datetime) -> Members:
        if not customers:
            return {}
        return self._members(
            "SELECT DISTINCT r.customer_id, c.id, c.reference, c.created_at FROM remedies r "
            "JOIN cases c ON c.id = r.case_id "
            f"WHERE r.customer_id IN ({_marks(customers)}) AND r.created_at > ? "
            f"AND r.created_at < ? AND r.state IN ({_marks(COUNTING)})",
            (*customers, ts(since), ts(until), *COUNTING),
        )

    def category_counts(self, start: date, end: date) -> dict[str, int]:
        lo, hi = bounds(start, end)
        return {
            str(cat): int(n)
            for cat, n in self.sql.all(
                "SELECT c.category, COUNT(*) FROM cases c "
                "WHERE c.created_at >= ? AND c.created_at < ? GROUP BY c.category",
                (lo, hi),
            )
        }

    def _members(self, sql: str, params: Sequence[Any]) -> Members:
        out: Members = {}
        for key, case_id, reference, _at in sorted(
            self.sql.all(sql, params), key=lambda r: (str(r[0]), r[3], int(r[1]))
        ):
            out.setdefault(str(key), []).append((CaseId(int(case_id)), str(reference)))
        return out
