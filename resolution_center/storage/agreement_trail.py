"""An agreement's own events, read from the audit trail rather than from the agreements table.

What the chain recorded is what an issued agreement and its files are checked against (see
services/agreement_trail.py): the `agreement.issued` event holds the issued content hash, each
`agreement.exported` event the SHA-256 of a file written. Reads only; plain SQL, both backends.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..domain import audit
from .store import Sql, Store

# The fields of audit.AuditEvent, in order.
_EVENT_COLUMNS = (
    "seq, prev_hash, time, actor, role, action, target_type, target_id, data, hash, case_id"
)
_CHUNK = 500  # sequence numbers per IN list


class AgreementTrailRepository:
    def __init__(self, store: Store) -> None:
        self.sql: Sql = store.sql

    def events(self, case_id: int, number: str) -> list[audit.AuditEvent]:
        """The events whose target is agreement `number`, in chain order.

        Looked up through the case's index (every agreement event carries its case); a case id
        that is not the agreement's finds nothing, which the caller reports as a missing event.
        """
        rows = self.sql.all(
            f"SELECT {_EVENT_COLUMNS} FROM audit_events WHERE case_id = ? AND "
            "target_type = 'agreement' AND target_id = ? ORDER BY seq",
            (case_id, number),
        )
        return [audit.AuditEvent(*r) for r in rows]

    def neighbours(self, seqs: Iterable[int]) -> dict[int, tuple[str, str]]:
        """(hash, prev_hash) of the events at these sequence numbers, those that exist."""
        wanted = sorted({int(s) for s in seqs if s >= 1})
        found: dict[int, tuple[str, str]] = {}
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            marks = ", ".join("?" for _ in chunk)
            for seq, digest, prev in self.sql.all(
                f"SELECT seq, hash, prev_hash FROM audit_events WHERE seq IN ({marks})", chunk
            ):
                found[int(seq)] = (digest, prev)
        return found

    def head(self) -> audit.ChainHead | None:
        row = self.sql.one("SELECT seq, hash, time FROM chain_head WHERE id = 1")
        return audit.ChainHead(int(row[0]), row[1], row[2]) if row else None
