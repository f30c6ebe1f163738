"""Agreement files: export (atomic), batch export, print records, verifying a file handed in.

Every file written and every page printed is an audit event and an agreement_exports row with
the file's SHA-256. Verifying re-renders the stored version with the settings the file's proof
names and compares whole-file SHA-256s: rendering is deterministic, so a file verifies only if
nothing it shows was changed, down to one digit.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.agreement import Agreement, AgreementState
from ..domain.audit import format_time
from ..domain.errors import EnvironmentFault, ValidationError, VerificationFailed
from ..export.agreement_pdf import render_agreement
from ..export.pdf_proof import COPIES, PAPERS, check_against, file_sha256, read_proof
from ..storage.agreements import AgreementRecord
from .agreements import stored_value

if TYPE_CHECKING:
    from .agreements import AgreementService

KINDS = (
    "not-a-pdf", "damaged", "no-proof", "unknown-agreement", "draft", "altered", "superseded",
    "voided", "genuine",
)  # fmt: skip
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
    content_hash: str | None = None
    exports: tuple[dict[str, Any], ...] = ()  # export records with this very file's SHA-256
    problems: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return self.kind == "genuine"

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "ok": self.ok, "message": self.message, "number": self.number,
            "version": self.version, "state": self.state, "copy": self.copy,
            "paper": self.paper, "file_sha256": self.file_sha256,
            "content_hash": self.content_hash, "exports": list(self.exports),
            "problems": list(self.problems),
        }  # fmt: skip


def _check_options(copy: str, paper: str) -> None:
    if copy not in COPIES:
        raise ValidationError(f"unknown copy {copy!r}: use internal or customer", field="copy")
    if paper not in PAPERS:
        raise ValidationError(f"unknown paper size {paper!r}: use a4 or letter", field="paper")


def _renderable(
    service: AgreementService, number: str, version: int | None
) -> tuple[AgreementRecord, Agreement]:
    record = service.record(number, version)
    if record.state == AgreementState.VOIDED and record.issued_at is None:
        raise ValidationError(
            f"{record.number} version {record.version} is a discarded draft: there is nothing "
            "to export",
            field="number",
        )
    return record, stored_value(record)


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


def _record_output(
    service: AgreementService, record: AgreementRecord, value: Agreement, action: str,
    copy: str, paper: str, digest: str, path: str | None,
    place: Callable[[], None] | None = None,
) -> None:  # fmt: skip
    ctx = service.ctx
    with ctx.store.transaction(ctx.actor, ctx.now()) as work:
        service.repo.add_export(record, copy, paper, digest, ctx.actor.username, work.now, path)
        data: dict[str, Any] = {
            "version": record.version, "state": value.state.value, "copy": copy,
            "paper": paper, "file_sha256": digest, "content_hash": record.content_hash,
        }  # fmt: skip
        if path is not None:
            data["path"] = path
        work.emit(action, "agreement", record.number, data, case_id=record.case_id)
        work.flush()  # the record is written before the file appears
        if place is not None:
            place()


def export(
    service: AgreementService, number: str, version: int | None, copy: str, paper: str,
    path: Path,
) -> dict[str, Any]:  # fmt: skip
    service._require_person()
    _check_options(copy, paper)
    record, value = _renderable(service, number, version)
    pdf = render_agreement(value, copy=copy, paper=paper)  # type: ignore[arg-type]
    digest = file_sha256(pdf)
    target = Path(os.path.abspath(path))
    pending = PendingFile(target, pdf)
    try:
        _record_output(service, record, value, "agreement.exported", copy, paper, digest,
                       str(target), pending.commit)  # fmt: skip
    except BaseException:
        pending.discard()
        raise
    return {
        "number": record.number, "version": record.version, "state": value.state.value,
        "copy": copy, "paper": paper, "path": str(target), "file_sha256": digest,
        "bytes": len(pdf), "content_hash": record.content_hash,
    }  # fmt: skip


def render(
    service: AgreementService, number: str, version: int | None, copy: str, paper: str
) -> bytes:
    """The bytes export would write; nothing recorded (a preview on screen is not a copy)."""
    service._require_person()
    _check_options(copy, paper)
    _record, value = _renderable(service, number, version)
    return render_agreement(value, copy=copy, paper=paper)  # type: ignore[arg-type]


def export_batch(
    service: AgreementService, issued_between: tuple[date, date], to_dir: Path,
    progress: Callable[[int, int], None] | None, copy: str, paper: str,
) -> dict[str, Any]:  # fmt: skip
    """Every version issued between the two dates (inclusive, UTC), one file each."""
    _check_options(copy, paper)
    first, last = issued_between
    if last < first:
        raise ValidationError(f"the period ends ({last}) before it starts ({first})",
                              field="issued_between")  # fmt: skip
    start = datetime.combine(first, time(), UTC)
    end = datetime.combine(last + timedelta(days=1), time(), UTC)
    records = service.repo.issued_between(format_time(start), format_time(end))
    try:
        to_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EnvironmentFault(f"cannot create the folder {to_dir}: {exc.strerror}") from exc
    files = []
    for i, record in enumerate(records, start=1):
        name = f"{record.number}-v{record.version}-{copy}-{paper}.pdf"
        files.append(export(service, record.number, record.version, copy, paper, to_dir / name))
        if progress is not None:
            progress(i, len(records))
    return {"first": first.isoformat(), "last": last.isoformat(), "count": len(files),
            "folder": str(to_dir), "files": files}  # fmt: skip


def printed(
    service: AgreementService, number: str, version: int, copy: str, paper: str,
    digest: str | None,
) -> dict[str, Any]:  # fmt: skip
    """Record that a copy was printed (the window calls it after the print dialog)."""
    service._require_person()
    _check_options(copy, paper)
    record, value = _renderable(service, number, version)
    if digest is None:
        digest = file_sha256(render_agreement(value, copy=copy, paper=paper))  # type: ignore[arg-type]
    _record_output(service, record, value, "agreement.printed", copy, paper, digest, None)
    return {"number": record.number, "version": record.version, "copy": copy, "paper": paper,
            "file_sha256": digest}  # fmt: skip


# ---- verifying a file -------------------------------------------------------------------------


def _read(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise EnvironmentFault(f"{path} is a folder, not a file")
        if path.stat().st_size > MAX_FILE:
            return b""  # far too large for an agreement: treated as not a PDF
        return path.read_bytes()
    except OSError as exc:
        raise EnvironmentFault(f"cannot read {path}: {exc.strerror or exc}") from exc


def verify_file(service: AgreementService, path: Path) -> VerifyResult:
    """What the file is. Never raises for the file's content; only an unreadable path raises."""
    data = _read(path)
    digest = file_sha256(data)
    if b"%PDF-" not in data[:1024]:
        return VerifyResult("not-a-pdf", f"{path.name} is not a PDF file", file_sha256=digest)
    try:
        proof = read_proof(data)
    except VerificationFailed as e:
        return VerifyResult("altered", f"{path.name} was edited: {e.message}",
                            file_sha256=digest, problems=(e.message,))  # fmt: skip
    except ValidationError as e:
        kind = "no-proof" if "no Resolution Center proof" in e.message else "damaged"
        if "not a PDF" in e.message or "too large" in e.message:
            kind = "not-a-pdf"
        return VerifyResult(kind, e.message, file_sha256=digest)
    base = {
        "number": proof.number,
        "version": proof.version,
        "copy": proof.copy,
        "paper": proof.paper,
        "file_sha256": digest,
        "content_hash": proof.content_hash,
    }
    record = service.repo.get(proof.number, proof.version)
    if record is None:
        return VerifyResult(
            "unknown-agreement",
            f"{proof.number} version {proof.version} is not stored in this database",
            **base,  # type: ignore[arg-type]
        )
    if proof.state == AgreementState.DRAFT or record.issued_at is None:
        now = "was issued since" if record.issued_at else f"is {record.state}, never issued"
        return VerifyResult(
            "draft",
            f"a draft preview of {proof.number} version {proof.version}, not an agreement "
            f"(that version {now})",
            state=record.state, **base,  # type: ignore[arg-type]
        )  # fmt: skip
    value = stored_value(record)
    try:
        check = check_against(data, value)
        problems = check.problems
    except (ValidationError, VerificationFailed) as e:  # read once already: should not happen
        problems = (e.message,)
    exports = tuple(
        {"exported_by": x.exported_by, "at": format_time(x.at), "copy": x.copy,
         "paper": x.paper, "printed": x.path is None}
        for x in service.repo.exports(record.number, digest)
    )  # fmt: skip
    common = {**base, "state": record.state, "exports": exports}
    if problems:
        return VerifyResult(
            "altered",
            f"NOT a genuine copy of {record.number} version {record.version}: "
            + "; ".join(problems),
            problems=tuple(problems), **common,  # type: ignore[arg-type]
        )  # fmt: skip
    what = f"a genuine {proof.copy} copy of {record.number} version {record.version}"
    if record.state == AgreementState.SUPERSEDED:
        return VerifyResult(
            "superseded",
            f"{what}, but version {record.superseded_by_version} superseded it: it is no "
            "longer in force",
            **common,  # type: ignore[arg-type]
        )
    if record.state == AgreementState.VOIDED:
        return VerifyResult(
            "voided", f"{what}, but it was voided: {record.void_reason}",
            **common,  # type: ignore[arg-type]
        )  # fmt: skip
    return VerifyResult(
        "genuine",
        f"{what}, issued {record.issued_at:%Y-%m-%d %H:%M} UTC and in force; content hash "
        f"{record.content_hash}",
        **common,  # type: ignore[arg-type]
    )


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
