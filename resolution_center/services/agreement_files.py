"""Agreement files: export (atomic), batch export, print records, verifying a file handed in.

Every file written and every page printed is an audit event and an agreement_exports row with
the file's SHA-256. An issued version is rendered (exported, previewed, printed) only while its
stored row still matches its `agreement.issued` event (agreement_trail.py). Verifying a file
checks it against the trail alone: the issued content hash and chain position in the proof, and
an `agreement.exported` event recording the file's very SHA-256, so a file verifies only if
nothing in it was changed, down to one digit, whatever became of the agreements row.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from ..domain.actions import Action
from ..domain.agreement import Agreement, AgreementAction, AgreementState, check_agreement_action
from ..domain.audit import format_time, parse_time
from ..domain.errors import EnvironmentFault, ValidationError, VerificationFailed
from ..export.agreement_check import check_against
from ..export.agreement_pdf import render_agreement
from ..export.pdf_proof import COPIES, PAPERS, file_sha256, read_proof
from ..export.pdf_proof import file_sha256 as sha256_of
from ..storage.agreements import AgreementRecord
from .agreement_trail import UNREADABLE, AgreementTrail, check_renderable, row_problems
from .agreement_values import standing, stored_value
from .agreements import AgreementService
from .context import Context
from .guards import require_person

KINDS = (
    "not-a-pdf",
    "damaged",
    "no-proof",
    "unknown-agreement",
    "draft",
    "altered",
    "unverifiable",
    "superseded",
    "voided",
    "genuine",
)
MAX_FILE = 256 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class VerifyResult:
    kind: str  # one of KINDS; only 'genuine' is a valid, current agreement
    message: str
    number: str | None = None
    version: int | None = None
    state: str | None = None  # the stored version's state now
    copy: str | None = None
    paper: str | None = None
    file_sha256: str = ""
    content_hash: str | None = None  # what the file's proof claims
    exports: tuple[dict[str, Any], ...] = ()  # intact agreement.exported events of this file
    problems: tuple[str, ...] = field(default_factory=tuple)
    issued_content_hash: str | None = None  # what the agreement.issued event recorded
    issue_event: int | None = None  # that event's sequence number
    warnings: tuple[str, ...] = ()  # the stored row no longer matches the trail (file still ok)

    @property
    def ok(self) -> bool:
        return self.kind == "genuine"

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "ok": self.ok,
            "message": self.message,
            "number": self.number,
            "version": self.version,
            "state": self.state,
            "copy": self.copy,
            "paper": self.paper,
            "file_sha256": self.file_sha256,
            "content_hash": self.content_hash,
            "issued_content_hash": self.issued_content_hash,
            "issue_event": self.issue_event,
            "exports": list(self.exports),
            "problems": list(self.problems),
            "warnings": list(self.warnings),
        }


def _check_options(copy: str, paper: str) -> None:
    if copy not in COPIES:
        raise ValidationError(f"unknown copy {copy!r}: use internal or customer", field="copy")
    if paper not in PAPERS:
        raise ValidationError(f"unknown paper size {paper!r}: use a4 or letter", field="paper")


class PendingFile:
    """Bytes written beside their final name in a temporary file, not yet in place.

    Nothing named `path` appears until `commit`; on any error the temporary file is removed and
    the error is an EnvironmentFault naming the path.
    """

    def __init__(self, path: Path, data: bytes) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            raise EnvironmentFault(f"cannot write {self.path}: it is a folder, not a file name")
        folder = self.path.parent
        if not folder.is_dir():
            raise EnvironmentFault(f"cannot write {self.path}: the folder {folder} does not exist")
        tmp: str | None = None
        try:
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{self.path.name}.", suffix=".part")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            raise EnvironmentFault(f"cannot write {self.path}: {exc.strerror or exc}") from exc
        self.temp = tmp
        self.placed = False

    def commit(self) -> None:
        try:
            os.replace(self.temp, self.path)
        except OSError as exc:
            self.discard()
            raise EnvironmentFault(f"cannot write {self.path}: {exc.strerror or exc}") from exc
        self.placed = True

    def discard(self) -> None:
        """Remove what was written, also once placed: a file without its record must not stay."""
        with contextlib.suppress(OSError):
            os.unlink(self.path if self.placed else self.temp)


def _read(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise EnvironmentFault(f"{path} is a folder, not a file")
        if path.stat().st_size > MAX_FILE:
            return b""  # far too large for an agreement: treated as not a PDF
        return path.read_bytes()
    except OSError as exc:
        raise EnvironmentFault(f"cannot read {path}: {exc.strerror or exc}") from exc


class AgreementFiles:
    """Files of agreements: what is written, printed or handed in, each write recorded."""

    def __init__(self, ctx: Context, agreements: AgreementService) -> None:
        self.ctx = ctx
        self.agreements = agreements
        self.repo = agreements.repo

    def _require_person(self) -> None:
        require_person(self.ctx.actor, "work on agreements")

    def paper_text(self, number: str, version: int | None = None) -> str:
        return paper_text(self.agreements.get(number, version))

    def _renderable(self, number: str, version: int | None) -> tuple[AgreementRecord, Agreement]:
        record = self.agreements.record(number, version)
        check_agreement_action(
            AgreementAction.EXPORT, standing(record, latest=False), self.ctx.actor.role
        )
        try:
            value: Agreement | None = stored_value(record)
        except ValidationError:
            if record.issued_at is None and record.state == AgreementState.DRAFT:
                raise
            value = None  # refused below, unless the trail never saw it issued either
        check_renderable(self.ctx.store, record, value)
        if value is None:  # a discarded draft whose value does not decode: nothing to export
            raise ValidationError(
                f"{record.number} version {record.version} cannot be read", field="number"
            )
        return record, value

    def _record_output(
        self,
        record: AgreementRecord,
        value: Agreement,
        action: str,
        copy: str,
        paper: str,
        digest: str,
        path: str | None,
        place: Callable[[], None] | None = None,
    ) -> None:
        ctx = self.ctx
        with ctx.store.transaction(ctx.actor, ctx.now()) as work:
            self.repo.add_export(record, copy, paper, digest, ctx.actor.username, work.now, path)
            data: dict[str, Any] = {
                "version": record.version,
                "state": value.state.value,
                "copy": copy,
                "paper": paper,
                "file_sha256": digest,
                "content_hash": value.content_hash(),
            }
            if path is not None:
                data["path"] = path
            work.emit(action, "agreement", record.number, data, case_id=record.case_id)
            work.flush()  # the record is written before the file appears
            if place is not None:
                place()

    def export(
        self,
        number: str,
        version: int | None = None,
        copy: str = "internal",
        paper: str = "a4",
        path: str | Path | None = None,
    ) -> dict[str, Any]:
        self._require_person()
        if path is None:
            raise ValidationError("name the file to write", field="path")
        _check_options(copy, paper)
        record, value = self._renderable(number, version)
        pdf = render_agreement(value, copy=copy, paper=paper)  # type: ignore[arg-type]  # a str: render_agreement refuses others by name
        digest = file_sha256(pdf)
        target = Path(os.path.abspath(path))
        pending = PendingFile(target, pdf)
        try:
            self._record_output(
                record,
                value,
                Action.AGREEMENT_EXPORTED,
                copy,
                paper,
                digest,
                str(target),
                pending.commit,
            )
        except BaseException:
            pending.discard()
            raise
        return {
            "number": record.number,
            "version": record.version,
            "state": value.state.value,
            "copy": copy,
            "paper": paper,
            "path": str(target),
            "file_sha256": digest,
            "bytes": len(pdf),
            "content_hash": value.content_hash(),
        }

    def render(
        self, number: str, version: int | None = None, copy: str = "internal", paper: str = "a4"
    ) -> bytes:
        """The bytes export would write; nothing recorded (a preview on screen is not a copy)."""
        self._require_person()
        _check_options(copy, paper)
        _record, value = self._renderable(number, version)
        return render_agreement(value, copy=copy, paper=paper)  # type: ignore[arg-type]  # a str: render_agreement refuses others by name

    def export_batch(
        self,
        issued_between: tuple[date, date],
        to_dir: str | Path,
        progress: Callable[[int, int], None] | None = None,
        copy: str = "internal",
        paper: str = "a4",
    ) -> dict[str, Any]:
        """Every version issued between the two dates (inclusive, UTC), one file each."""
        to_dir = Path(to_dir)
        _check_options(copy, paper)
        first, last = issued_between
        if last < first:
            raise ValidationError(
                f"the period ends ({last}) before it starts ({first})", field="issued_between"
            )
        start = datetime.combine(first, time(), UTC)
        end = datetime.combine(last + timedelta(days=1), time(), UTC)
        records = self.repo.issued_between(format_time(start), format_time(end))
        try:
            to_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise EnvironmentFault(f"cannot create the folder {to_dir}: {exc.strerror}") from exc
        files = []
        for i, record in enumerate(records, start=1):
            name = f"{record.number}-v{record.version}-{copy}-{paper}.pdf"
            files.append(self.export(record.number, record.version, copy, paper, to_dir / name))
            if progress is not None:
                progress(i, len(records))
        return {
            "first": first.isoformat(),
            "last": last.isoformat(),
            "count": len(files),
            "folder": str(to_dir),
            "files": files,
        }

    def printed(
        self,
        number: str,
        version: int,
        copy: str = "internal",
        paper: str = "a4",
        file_sha256: str | None = None,
    ) -> dict[str, Any]:
        """Record that a copy was printed (the window calls it after the print dialog)."""
        self._require_person()
        _check_options(copy, paper)
        record, value = self._renderable(number, version)
        digest = file_sha256
        if digest is None:
            digest = sha256_of(render_agreement(value, copy=copy, paper=paper))  # type: ignore[arg-type]  # a str: render_agreement refuses others by name
        self._record_output(record, value, Action.AGREEMENT_PRINTED, copy, paper, digest, None)
        return {
            "number": record.number,
            "version": record.version,
            "copy": copy,
            "paper": paper,
            "file_sha256": digest,
        }

    def verify_file(self, path: str | Path) -> VerifyResult:
        """What the file is, by the audit trail. Never raises for the file's content; only an
        unreadable path raises.

        Genuine means: the proof's content hash and chain position are those of the version's
        intact `agreement.issued` event, and an intact `agreement.exported` event of that version
        records the file's SHA-256. Nothing is taken from the agreements row but which case to look
        in and, as a warning, whether the row still matches (see agreement_trail.py).
        """
        path = Path(path)
        data = _read(path)
        digest = file_sha256(data)
        sha = f"file SHA-256 {digest}"
        if b"%PDF-" not in data[:1024]:
            return VerifyResult(
                "not-a-pdf", f"{path.name} is not a PDF file ({sha})", file_sha256=digest
            )
        try:
            proof = read_proof(data)
        except VerificationFailed as e:
            return VerifyResult(
                "altered",
                f"{path.name} was edited: {e.message} ({sha})",
                file_sha256=digest,
                problems=(e.message,),
            )
        except ValidationError as e:
            kind = "no-proof" if "no Resolution Center proof" in e.message else "damaged"
            if "not a PDF" in e.message or "too large" in e.message:
                kind = "not-a-pdf"
            return VerifyResult(kind, f"{e.message} ({sha})", file_sha256=digest)
        base: dict[str, Any] = {
            "number": proof.number,
            "version": proof.version,
            "copy": proof.copy,
            "paper": proof.paper,
            "file_sha256": digest,
            "content_hash": proof.content_hash,
        }
        what = f"{proof.number} version {proof.version}"
        record = self.repo.get(proof.number, proof.version)
        if record is None:
            return VerifyResult(
                "unknown-agreement", f"{what} is not stored in this database ({sha})", **base
            )
        trail = AgreementTrail(self.ctx.store, record.case_id, record.number)
        issue = trail.issue(record.version)
        if proof.state == AgreementState.DRAFT or (
            issue.event is None and record.issued_at is None
        ):
            now = (
                "was issued since"
                if issue.event is not None
                else f"is {record.state}, never issued"
            )
            return VerifyResult(
                "draft",
                f"a draft preview of {what}, not an agreement (that version {now}); {sha}",
                state=record.state,
                **base,
            )
        problems: list[str] = []  # the file is not what the trail recorded
        doubts = list(issue.problems)  # the trail cannot vouch for it
        event = issue.event
        if event is not None and issue.content_hash is not None:
            base.update(issued_content_hash=issue.content_hash, issue_event=event.seq)
        if issue.vouched:  # else the event is no yardstick: the verdict is 'unverifiable'
            assert event is not None and issue.content_hash is not None
            if proof.content_hash != issue.content_hash:
                problems.append(
                    f"the file's content hash {proof.content_hash} is not the one the trail "
                    f"recorded when {what} was issued ({issue.content_hash}, event {event.seq})"
                )
            if (proof.chain_seq, proof.chain_hash) != (event.seq, event.hash):
                problems.append(
                    f"the file's audit-chain position (event {proof.chain_seq}) is not the "
                    f"agreement.issued event of {what} (event {event.seq})"
                )
        claims_the_issue = not problems and issue.vouched
        intact, broken = trail.exports(record.version, digest)
        if broken and not intact:
            doubts.append(
                "the agreement.exported events recording this file's SHA-256 are "
                "damaged: " + "; ".join(broken)
            )
        elif not intact:
            problems.append(f"no agreement.exported event records this file's SHA-256 ({digest})")
        try:
            value: Agreement | None = stored_value(record)
        except ValidationError:
            value = None
        row: list[str] = []
        if issue.vouched:
            row = [UNREADABLE] if value is None else row_problems(record, value, issue)
        if not intact and not broken and claims_the_issue and not row and value is not None:
            # Only the export record is missing: say whether the file is otherwise what the issued
            # version renders to (a database restored from before the export) or was changed.
            try:
                check = check_against(data, value)
                rendered = check.problems
            except (ValidationError, VerificationFailed) as e:  # read once already: not expected
                rendered = (e.message,)
            problems.extend(
                rendered
                or [
                    "it is exactly what the issued version renders to, but "
                    "this database has no record of exporting it"
                ]
            )
        exports = tuple(
            {
                "exported_by": t.event.actor,
                "at": t.event.time,
                "copy": t.data.get("copy"),
                "paper": t.data.get("paper"),
                "printed": False,
                "event": t.event.seq,
            }
            for t in intact
        )
        state = issue.state if event is not None else record.state
        common = {**base, "state": state, "exports": exports}
        if problems or doubts:
            kind = "altered" if problems else "unverifiable"
            head = (
                f"NOT a genuine copy of {what}"
                if problems
                else f"cannot vouch for {what}: the audit trail that would is damaged"
            )
            reasons = (*problems, *doubts, *row)
            return VerifyResult(
                kind, f"{head} ({sha}): " + "; ".join(reasons), problems=reasons, **common
            )
        assert event is not None and issue.content_hash is not None
        note = ""
        if row:
            note = "; but WARNING: " + "; ".join(row) + ": run 'resolution-center verify'"
        proven = (
            f"{sha} recorded by agreement.exported event {intact[0].event.seq}; content hash "
            f"{issue.content_hash} as recorded at issue (event {event.seq})"
        )
        genuine = f"a genuine {proof.copy} copy of {what}"
        if state == AgreementState.SUPERSEDED:
            kind = "superseded"
            message = (
                f"{genuine}, but version {issue.superseded_by} superseded it: it is no "
                f"longer in force; {proven}"
            )
        elif state == AgreementState.VOIDED:
            kind = "voided"
            message = f"{genuine}, but it was voided: {issue.void_reason}; {proven}"
        else:
            kind = "genuine"
            issued_at = parse_time(event.time)
            message = f"{genuine}, issued {issued_at:%Y-%m-%d %H:%M} UTC and in force; {proven}"
        return VerifyResult(kind, message + note, warnings=tuple(row), **common)


def paper_text(a: Agreement) -> str:
    """What the printed paper must say: enough to check a paper copy by eye."""
    lines = [
        f"Agreement {a.number} version {a.version} ({a.state.value})",
        f"Case {a.case.reference}: {a.case.subject}",
        f"Order {a.case.order.number}, total {a.case.order.total.format()}",
        "Parties:",
    ]
    for p in (a.company, a.customer, a.seller):
        if p is not None:
            lines.append(f"  {p.role.value}: {p.name}" + (f" <{p.email}>" if p.email else ""))
    lines.append("Remedies:")
    for r in a.remedies:
        lines.append(f"  {r.remedy_id} {r.kind}: {r.amount.format()}")
    lines.append(f"  total: {a.remedies_total.format()}")
    if a.obligations:
        lines.append("Obligations:")
        for ob in a.obligations:
            lines.append(f"  {ob.party.value} by {ob.deadline.isoformat()}: {ob.text}")
    if a.acceptance:
        lines.append(
            f"Accepted by the customer via {a.acceptance.channel} on "
            f"{a.acceptance.at:%Y-%m-%d %H:%M} UTC"
        )
    lines.append(f"Content hash: {a.content_hash()}")
    if a.chain_head is not None and a.issued_at is not None:
        lines.append(f"Issued: {a.issued_at:%Y-%m-%d %H:%M:%S} UTC")
        lines.append(f"Chain head at issue: event {a.chain_head.seq} {a.chain_head.hash}")
    else:
        lines.append("Not issued: a draft is not an agreement")
    if a.superseded_by is not None:
        lines.append(f"Superseded by version {a.superseded_by}")
    if a.void_reason:
        lines.append(f"Voided: {a.void_reason}")
    return "\n".join(lines)
