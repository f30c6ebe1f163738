"""Verification of the audit chain (and what it protects), checkpoints, and trail reading."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain import audit
from ..domain.errors import EnvironmentFault, ValidationError
from ..storage.repositories import AuditRepository, CaseRepository
from .context import Context

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class TrailEntry:
    """An event as the trail shows it: personal values resolved (or marked erased)."""

    event: audit.AuditEvent
    data: dict[str, Any]


class AuditService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.repo = AuditRepository(ctx.store)

    # ---- reading ----------------------------------------------------------------------------
    def _resolve(self, events: list[audit.AuditEvent]) -> list[TrailEntry]:
        payloads = [e.payload() for e in events]
        digests: list[str] = []

        def collect(value: Any) -> None:
            if isinstance(value, dict):
                if set(value) == {"pii"}:
                    digests.append(value["pii"])
                else:
                    for v in value.values():
                        collect(v)
            elif isinstance(value, list):
                for v in value:
                    collect(v)

        for p in payloads:
            collect(p)
        known = self.repo.resolve_personal(digests)

        def resolve(value: Any) -> Any:
            if isinstance(value, dict):
                if set(value) == {"pii"}:
                    return known.get(value["pii"], "[erased]")
                return {k: resolve(v) for k, v in value.items()}
            if isinstance(value, list):
                return [resolve(v) for v in value]
            return value

        return [TrailEntry(e, resolve(p)) for e, p in zip(events, payloads, strict=True)]

    def case_trail(self, case_id: int) -> list[TrailEntry]:
        return self._resolve(self.repo.for_case(case_id))

    def target_trail(self, target_type: str, target_id: str) -> list[TrailEntry]:
        return self._resolve(self.repo.for_target(target_type, target_id))

    def head(self) -> audit.ChainHead:
        return self.repo.head() or audit.ChainHead(0, audit.GENESIS_HASH)

    # ---- verification -----------------------------------------------------------------------
    def verify(
        self, checkpoint: Path | None = None, progress: Progress | None = None
    ) -> audit.VerifyReport:
        """Recompute the whole chain, then check what the chain vouches for.

        Beyond the links themselves: the stored head (catches deleting the newest events),
        every case has its creation event and every created case still exists (catches a case
        deleted with its events), personal values still match their digests, and an exported
        checkpoint is still a prefix of this chain (catches truncation and rewriting).
        """
        cp: tuple[str, audit.ChainHead] | None = None
        if checkpoint is not None:
            cp = audit.parse_checkpoint(self._read_json(checkpoint))
        store = self.ctx.store
        with store.reading():
            stored_head = self.repo.head()
            total = stored_head.seq if stored_head else 0
            checker = audit.ChainChecker()
            if cp:
                checker.remember([cp[1].seq])
            for rows in self.repo.iter_rows():
                checker.feed(rows)
                if progress:
                    progress(checker.count, total)
            report = checker.finish(stored_head)
            problems = list(report.problems)
            problems.extend(self._cross_checks())
        if cp:
            problems.extend(self._check_checkpoint(cp, checker, report))
        return audit.VerifyReport(report.events, report.head, tuple(problems))

    def _cross_checks(self) -> list[audit.Problem]:
        problems: list[audit.Problem] = []
        cases = CaseRepository(self.ctx.store).all_ids()
        created = self.repo.created_case_ids()
        for case_id in sorted(created - cases):
            problems.append(
                audit.Problem(
                    None,
                    f"case id {case_id} was created (per the trail) "
                    "but no longer exists: it was deleted",
                )
            )
        for case_id in sorted(cases - created):
            problems.append(
                audit.Problem(
                    None, f"case id {case_id} has no creation event: it was written outside the app"
                )
            )
        for digest, salt, value in self.repo.personal_values():
            if audit.pii_digest(salt, value) != digest:
                problems.append(
                    audit.Problem(
                        None,
                        f"personal value {digest[:12]}... no longer "
                        "matches its digest: it was edited",
                    )
                )
        return problems

    def _check_checkpoint(
        self,
        cp: tuple[str, audit.ChainHead],
        checker: audit.ChainChecker,
        report: audit.VerifyReport,
    ) -> list[audit.Problem]:
        database_id, head = cp
        if database_id != self.ctx.store.database_id():
            return [audit.Problem(None, "the checkpoint belongs to another database")]
        if head.seq > report.head.seq:
            return [
                audit.Problem(
                    head.seq,
                    f"the checkpoint covers {head.seq} events but the "
                    f"chain now ends at {report.head.seq}: it was "
                    "truncated",
                )
            ]
        if head.seq and checker.hashes.get(head.seq) != head.hash:
            return [
                audit.Problem(
                    head.seq,
                    "differs from the checkpoint: the chain up to the checkpoint was rewritten",
                )
            ]
        return []

    def write_checkpoint(self, path: Path, head: audit.ChainHead) -> dict[str, Any]:
        doc = audit.checkpoint_document(self.ctx.store.database_id(), head)
        text = json.dumps(doc, indent=2, sort_keys=True) + "\n"
        try:
            Path(path).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise EnvironmentFault(
                f"cannot write the checkpoint to {path}: {exc.strerror}"
            ) from exc
        return doc

    @staticmethod
    def _read_json(path: Path) -> Any:
        try:
            return json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise ValidationError(
                f"cannot read the checkpoint {path}: {exc.strerror}", field="checkpoint"
            ) from exc
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise ValidationError(
                f"{path} is not a checkpoint file (not JSON)", field="checkpoint"
            ) from None
