"""Several cases at once: assign, change status, export to CSV; each case its own change."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.case import Case
from ..domain.errors import ConflictError, RCError, ValidationError
from .context import Context

if TYPE_CHECKING:
    from .cases import CaseService

Progress = Callable[[int, int], None]

CSV_COLUMNS = (
    "reference",
    "subject",
    "status",
    "priority",
    "category",
    "channel",
    "tier",
    "assignee",
    "customer",
    "order_number",
    "order_total_minor",
    "order_currency",
    "created_at_utc",
    "updated_at_utc",
    "resolution_due_utc",
)
"""Money is minor units beside its currency (JPY 0, EUR 2, KWD 3 decimals), never a float."""
# A spreadsheet runs a cell that starts with one of these as a formula; customers write
# subjects, so such text is written with a leading apostrophe (OWASP's CSV injection advice).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class BulkOutcome:
    """What a change of several cases did: who changed, and why each other case did not."""

    changed: tuple[str, ...]  # references, in the order asked
    failed: tuple[tuple[str, str], ...]  # (reference or id, the refusal's message)
    conflicts: int = 0  # of the failed: someone else had changed the case


@dataclass(frozen=True, slots=True)
class CsvExport:
    path: str
    cases: int
    file_sha256: str


class CaseSelection:
    """Loops the one-case service calls: every case gets its own transaction and audit
    event, and a refusal of one (a conflict, a transition the domain forbids) is reported
    without undoing or stopping the others."""

    def __init__(self, ctx: Context, cases: CaseService) -> None:
        self.ctx = ctx
        self.cases = cases

    def assign(
        self,
        ids: Sequence[int],
        username: str | None,
        expected: Mapping[int, int] | None = None,
        progress: Progress | None = None,
    ) -> BulkOutcome:
        """`expected`: the version of each case the user saw (a case changed since is a
        conflict); without it, the version read just before the write."""
        return self._each(
            ids,
            lambda case_id, version: self.cases.assign(case_id, username, version),
            expected,
            progress,
        )

    def change_status(
        self,
        ids: Sequence[int],
        status: str,
        reason: str | None,
        expected: Mapping[int, int] | None = None,
        progress: Progress | None = None,
        *,
        code: str | None = None,
        summary: str | None = None,
    ) -> BulkOutcome:
        """One status and one reason for all; each case's own transitions decide. Resolving
        needs one resolution code and summary for all; a case with open remedies is refused
        a close here (no override in bulk: each such case is a supervisor's own decision)."""
        return self._each(
            ids,
            lambda case_id, version: self.cases.change_status(
                case_id, status, version, reason, code=code, summary=summary
            ),
            expected,
            progress,
        )

    def _each(
        self,
        ids: Sequence[int],
        change: Callable[[int, int | None], Case],
        expected: Mapping[int, int] | None,
        progress: Progress | None,
    ) -> BulkOutcome:
        if not ids:
            raise ValidationError("select at least one case", field="cases")
        changed: list[str] = []
        failed: list[tuple[str, str]] = []
        conflicts = 0
        for done, case_id in enumerate(ids, start=1):
            try:
                case = change(case_id, (expected or {}).get(case_id))
                changed.append(case.reference)
            except RCError as exc:
                failed.append((self._name(case_id), exc.message))
                conflicts += isinstance(exc, ConflictError)
            if progress:
                progress(done, len(ids))
        return BulkOutcome(tuple(changed), tuple(failed), conflicts)

    def _name(self, case_id: int) -> str:
        try:
            return self.cases.get(case_id).reference
        except RCError:
            return f"#{case_id}"

    # ---- CSV ----------------------------------------------------------------------------------
    def export_csv(self, ids: Sequence[int], path: str | Path) -> CsvExport:
        """Write the cases, in the order given, to `path` (replaced whole, never half-written)."""
        if not ids:
            raise ValidationError("select at least one case", field="cases")
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        for case_id in ids:
            writer.writerow(self._row(self.cases.get(case_id)))
        # With a byte-order mark: spreadsheets otherwise read UTF-8 names as Latin-1.
        data = buffer.getvalue().encode("utf-8-sig")
        target = Path(path)
        if target.is_dir():
            raise ValidationError(f"{target} is a folder", field="path")
        fd, temp = tempfile.mkstemp(prefix=".rc-export-", suffix=".csv", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        return CsvExport(str(target), len(ids), hashlib.sha256(data).hexdigest())

    def _row(self, case: Case) -> list[str]:
        taxonomy = self.ctx.taxonomy
        return [
            case.reference,
            _text(case.subject),
            case.status.value,
            case.priority.value,
            _text(taxonomy.label(case.category, case.subcategory)),
            case.channel.value,
            case.tier.value,
            case.assignee or "",
            _text(case.customer.name),
            _text(case.order.number),
            str(case.order.total.minor),
            case.order.total.currency,
            _utc(case.created_at),
            _utc(case.updated_at),
            _utc(case.resolution_due),
        ]


def _text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
