"""What the demo fill asks of a database before and while it fills it."""

from __future__ import annotations

from collections.abc import Iterable

from ..domain.ids import CaseId
from .dialect import Repository


class DemoQueries(Repository):
    def case_count(self) -> int:
        return int(self.sql.scalar("SELECT count(*) FROM cases") or 0)

    def offer_count(self) -> int:
        return int(self.sql.scalar("SELECT count(*) FROM offers") or 0)

    def cases_without_offers(self, statuses: Iterable[str]) -> list[CaseId]:
        """Cases in one of `statuses` with no offer yet, oldest first."""
        wanted = sorted(statuses)
        marks = ", ".join("?" for _ in wanted)
        rows = self.sql.all(
            f"SELECT c.id FROM cases c WHERE c.status IN ({marks}) AND NOT EXISTS "
            "(SELECT 1 FROM offers o WHERE o.case_id = c.id) ORDER BY c.id",
            wanted,
        )
        return [CaseId(int(r[0])) for r in rows]
