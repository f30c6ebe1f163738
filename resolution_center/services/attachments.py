"""Evidence and attachments: add a file to a case, list, read, save and withdraw it.

Each addition is one transaction: the row with its bytes and an `evidence.added` event holding
the file's SHA-256 and size, so `verify` can prove the stored bytes are the ones added. Like
notes, evidence never conflicts with edits of the case's details, so it leaves the case's
version alone. Nothing is ever deleted: a withdrawn file keeps its bytes and says why.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain.actions import Action
from ..domain.attachment import (
    MAX_BYTES,
    Attachment,
    check_size,
    clean_file_name,
    prepare,
)
from ..domain.case import clean_text
from ..domain.errors import (
    EnvironmentFault,
    NotFound,
    PermissionDenied,
    UsageError,
    ValidationError,
    VerificationFailed,
)
from ..domain.ids import CaseId, check_id
from ..storage.attachments import AttachmentRepository
from ..storage.repositories import ts
from .context import Context
from .guards import CaseLookup, require_person

ADDED = Action.EVIDENCE_ADDED
WITHDRAWN = Action.EVIDENCE_WITHDRAWN
EVIDENCE_ACTIONS = frozenset({ADDED, WITHDRAWN})
WITHDRAWING_ROLES = ("supervisor",)  # besides whoever added the file


class AttachmentService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.repo = AttachmentRepository(ctx.store)
        self.cases = CaseLookup(ctx.store)

    def _require_person(self) -> None:
        require_person(self.ctx.actor, "work on evidence")

    # ---- reads ------------------------------------------------------------------------------
    def list(
        self, ref_or_id: str | int, limit: int | None = None, offset: int = 0
    ) -> list[Attachment]:
        """The case's evidence, oldest first, without the bytes."""
        if (limit is not None and limit < 1) or offset < 0:
            raise ValidationError(
                "the limit must be at least 1 and the offset not negative", field="limit"
            )
        return self.repo.list(self.cases.resolve(ref_or_id), limit, offset)

    def count(self, ref_or_id: str | int) -> int:
        return self.repo.count(self.cases.resolve(ref_or_id))

    def get(self, attachment_id: int, case: str | int | None = None) -> Attachment:
        """One attachment; with `case`, refused unless it belongs to that case."""
        found = self.repo.get(check_id(int(attachment_id), "evidence id", field="attachment"))
        if found is None or (case is not None and found.case_id != self.cases.resolve(case)):
            where = f" on case {case}" if case is not None else ""
            raise NotFound(f"no attachment {attachment_id}{where}", field="attachment")
        return found

    def content(self, attachment_id: int, case: str | int | None = None) -> bytes:
        """The stored bytes, checked against the SHA-256 recorded when they were added."""
        meta = self.get(attachment_id, case)
        data = self.repo.content(meta.id) or b""
        if hashlib.sha256(data).hexdigest() != meta.sha256:
            raise VerificationFailed(
                f"the stored bytes of attachment {meta.id} ({meta.file_name}) no longer match "
                "the SHA-256 recorded when it was added: they were altered; run verify"
            )
        return data

    def save(
        self,
        attachment_id: int,
        path: str | os.PathLike[str],
        *,
        case: str | int | None = None,
        overwrite: bool = False,
    ) -> dict[str, Any]:
        """Write the evidence to a file (whole or not at all); its checked SHA-256 back.

        Only to a new path or, with `overwrite`, over an existing regular file: never through
        or over a symbolic link (even a dangling one), never over a folder, device, FIFO or
        socket.
        """
        dest = Path(path)
        _check_target(dest, overwrite)  # before reading the evidence: refuse early
        meta = self.get(attachment_id, case)
        data = self.content(meta.id)
        _write_whole(dest, data, overwrite)
        return {"id": meta.id, "path": str(dest), "size": len(data), "sha256": meta.sha256}

    # ---- changes ----------------------------------------------------------------------------
    def add_file(
        self, ref_or_id: str | int, path: str | os.PathLike[str], description: str = ""
    ) -> Attachment:
        """Attach a file from disk; its size is checked before it is read."""
        source = Path(path)
        name = clean_file_name(source.name)
        try:
            if not source.is_file():
                raise UsageError(f"{source} is not a file", field="file")
            check_size(source.stat().st_size, name)
            with open(source, "rb") as fh:
                data = fh.read(MAX_BYTES + 1)
        except OSError as exc:
            raise UsageError(f"cannot read {source}: {exc.strerror}", field="file") from exc
        return self.add(ref_or_id, source.name, data, description)

    def add(
        self, ref_or_id: str | int, file_name: str, content: bytes, description: str = ""
    ) -> Attachment:
        self._require_person()
        case = self.cases.get(ref_or_id)
        new = prepare(file_name, content, description)
        self._refuse_duplicate(case.id, case.reference, new.sha256)
        with self.ctx.store.transaction(self.ctx.actor, self.ctx.now()) as work:
            attachment_id = self.repo.insert(case.id, new, self.ctx.actor.username, work.now)
            if attachment_id is None:  # added by someone else a moment ago
                self._refuse_duplicate(case.id, case.reference, new.sha256)
                raise ValidationError("this file is already attached to the case", field="file")
            work.emit(
                ADDED,
                "case",
                case.reference,
                {
                    "attachment_id": attachment_id,
                    "file_name": work.personal(new.file_name),
                    "media_type": new.media_type,
                    "size": new.size,
                    "sha256": new.sha256,
                    "description": work.personal(new.description) if new.description else "",
                },
                case_id=case.id,
            )
        return self.get(attachment_id)

    def _refuse_duplicate(self, case_id: CaseId, reference: str, sha256: str) -> None:
        existing = self.repo.find(case_id, sha256)
        if existing is not None:
            raise ValidationError(
                f"this file is already attached to {reference} as {existing.file_name!r} "
                f"(attachment {existing.id}, added by {existing.added_by} at "
                f"{existing.added_at:%Y-%m-%d %H:%M} UTC)",
                field="file",
                attachment=existing.id,
            )

    def withdraw(
        self, attachment_id: int, reason: str, case: str | int | None = None
    ) -> Attachment:
        """Mark evidence withdrawn (wrong case, added by mistake); the bytes stay, as history."""
        self._require_person()
        meta = self.get(attachment_id, case)
        why = clean_text(reason, "reason", multiline=True, required=True)
        if meta.withdrawn:
            raise ValidationError(
                f"attachment {meta.id} was already withdrawn by {meta.withdrawn_by}",
                field="attachment",
            )
        actor = self.ctx.actor
        if meta.added_by != actor.username and actor.role not in WITHDRAWING_ROLES:
            raise PermissionDenied(
                f"only {meta.added_by} (who added it) or a supervisor may withdraw "
                f"attachment {meta.id}"
            )
        reference = self.cases.get(meta.case_id).reference
        with self.ctx.store.transaction(actor, self.ctx.now()) as work:
            at, _by = self.repo.withdraw(meta.id, why, actor.username, work.now)
            work.emit(
                WITHDRAWN,
                "case",
                reference,
                {
                    "attachment_id": meta.id,
                    "sha256": meta.sha256,
                    "withdrawn_at": ts(at),
                    "reason": why,
                },
                case_id=meta.case_id,
            )
        return self.get(meta.id)


_SPECIAL_FILES = (
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
    (stat.S_ISFIFO, "FIFO (named pipe)"),
    (stat.S_ISSOCK, "socket"),
)


def _check_target(dest: Path, overwrite: bool) -> None:
    """Refuse a target that is anything but absent or (with `overwrite`) a regular file.

    lstat, not stat: a symbolic link is judged as the link itself, never as what it points to.
    """
    try:
        mode = os.lstat(dest).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise EnvironmentFault(f"cannot check {dest}: {exc.strerror}") from exc
    if stat.S_ISLNK(mode):
        raise ValidationError(
            f"{dest} is a symbolic link: evidence is never written through or over a link "
            "(even with --force); give the real file's path or a new file name",
            field="path",
        )
    if stat.S_ISDIR(mode):
        raise ValidationError(f"{dest} is a folder: give a file name", field="path")
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _SPECIAL_FILES if test(mode)), "special file")
        raise ValidationError(
            f"{dest} is a {kind}, not a regular file: evidence is only written to a new file "
            "or, with --force, over a regular file",
            field="path",
        )
    if not overwrite:
        raise ValidationError(
            f"{dest} already exists; choose a new file name (or --force to replace it)",
            field="path",
        )


def _write_whole(dest: Path, data: bytes, overwrite: bool) -> None:
    """A temporary file beside the target, then moved into place: no half-written evidence.

    The target is checked again just before the move. Without `overwrite` the move is a hard
    link, which fails if anything (even a dangling link) appeared at the target meanwhile;
    os.replace, for an existing regular file, replaces the name and never follows a link.
    """
    try:
        fd, tmp = tempfile.mkstemp(prefix=".rc-evidence-", dir=str(dest.parent))
    except OSError as exc:
        raise EnvironmentFault(f"cannot write to {dest.parent}: {exc.strerror}") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        _check_target(dest, overwrite)
        if overwrite or not _link_new(tmp, dest):
            os.replace(tmp, dest)
    except OSError as exc:
        raise EnvironmentFault(f"cannot write {dest}: {exc.strerror}") from exc
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _link_new(tmp: str, dest: Path) -> bool:
    """Give the written file the name `dest` only if nothing has it; False where the file system
    has no hard links (the caller then renames, right after its own check)."""
    try:
        os.link(tmp, dest)  # link(2) never follows a link at `dest`: EEXIST
    except FileExistsError:
        raise ValidationError(
            f"{dest} already exists; choose a new file name (or --force to replace it)",
            field="path",
        ) from None
    except OSError:
        return False
    return True


# ---- what verify checks: the stored bytes against the trail -----------------------------------


@dataclass
class EvidenceTrail:
    """What the trail says of each attachment, gathered while verify reads the chain.

    `added`: attachment id -> (case id, SHA-256, size) from its `evidence.added` event;
    `withdrawn`: ids with an `evidence.withdrawn` event. Picklable, so chunks verified in
    other processes send theirs back to be merged.
    """

    added: dict[int, tuple[int | None, str, int]] = field(default_factory=dict)
    withdrawn: set[int] = field(default_factory=set)

    def feed(self, rows: Sequence[Sequence[Any]]) -> None:
        """Event rows as AuditRepository.iter_rows gives them (action 5, case id 8, data 9)."""
        for r in rows:
            if r[5] not in EVIDENCE_ACTIONS:
                continue
            try:
                data = json.loads(r[9])
                attachment_id = int(data["attachment_id"])
            except (ValueError, TypeError, KeyError):
                continue  # a damaged event: the chain check names it
            if r[5] == ADDED:
                self.added[attachment_id] = (r[8], str(data.get("sha256")), data.get("size"))
            else:
                self.withdrawn.add(attachment_id)

    def merge(self, other: EvidenceTrail) -> None:
        self.added.update(other.added)
        self.withdrawn |= other.withdrawn

    def problems(self, stored: Iterable[tuple[int, int, str, int, bool, bytes]]) -> list[str]:
        """Compare every stored attachment (AttachmentRepository.integrity) with the trail."""
        out: list[str] = []
        seen: set[int] = set()
        for att_id, case_id, sha, size, withdrawn, content in stored:
            seen.add(att_id)
            recorded = self.added.get(att_id)
            if recorded is None:
                out.append(
                    f"attachment {att_id} (case id {case_id}) has no evidence.added event: "
                    "it was written outside the app"
                )
                continue
            rec_case, rec_sha, rec_size = recorded
            if hashlib.sha256(content).hexdigest() != rec_sha or len(content) != rec_size:
                out.append(
                    f"attachment {att_id}: its stored bytes no longer match the SHA-256 and "
                    "size recorded in the trail: they were altered"
                )
            elif sha != rec_sha or size != rec_size or case_id != rec_case:
                out.append(
                    f"attachment {att_id}: its stored case, SHA-256 or size differ from "
                    "what the trail recorded: the row was edited"
                )
            if withdrawn != (att_id in self.withdrawn):
                out.append(
                    f"attachment {att_id} is {'' if withdrawn else 'not '}withdrawn, but the "
                    f"trail says it {'was not' if withdrawn else 'was'}: the row was edited"
                )
        for att_id in sorted(set(self.added) - seen):
            out.append(
                f"attachment {att_id} was added (per the trail) but no longer exists: "
                "it was deleted"
            )
        return out
