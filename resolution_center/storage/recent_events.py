"""The newest events: what an operation just wrote, read back from the trail."""

from __future__ import annotations

from .dialect import Repository


class RecentEvents(Repository):
    def head_seq(self) -> int:
        return int(self.sql.scalar("SELECT seq FROM chain_head WHERE id = 1") or 0)

    def after(self, seq: int, limit: int = 10_000) -> list[tuple[str, int | None]]:
        """(action, case id) of the events after `seq`, oldest first (at most `limit`)."""
        rows = self.sql.all(
            "SELECT action, case_id FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?",
            (seq, limit),
        )
        return [(str(a), None if c is None else int(c)) for a, c in rows]
