"""The recorded periodic review: open one for a period (the KPI report and the pattern findings
frozen into it), refresh before sign-off (frozen again, recorded), note findings, set actions
with an owner and a due date, sign it off with the password; then it is read-only. Each step is
one transaction with its event; exports are recorded too."""

from __future__ import annotations

import builtins  # a class here has a list() method, which annotations would name
import dataclasses
import hashlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from ..domain.actions import Action
from ..domain.case import clean_text
from ..domain.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from ..domain.patterns import Period
from ..domain.review import (
    Review,
    ReviewAction,
    ReviewState,
    ReviewStep,
    check_action,
    check_note,
    check_step,
    may_finish_action,
)
from ..storage.repositories import UserRepository
from ..storage.reviews import ReviewRepository, frozen_text
from .context import Context
from .guards import require_person
from .kpis import SUPERVISING
from .patterns import PatternService
from .users import confirm_password

KpiSource = Callable[[date, date], dict[str, Any]]
"""The KPI report of a period as JSON (services/kpis.py), what a review freezes."""
ReviewListRow = tuple[int, date, date, ReviewState, str, str | None, int]


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class ReviewService:
    def __init__(self, ctx: Context, patterns: PatternService, kpis: KpiSource) -> None:
        self.ctx = ctx
        self.patterns = patterns
        self.kpis = kpis
        self.repo = ReviewRepository(ctx.store)

    # ---- reads ----------------------------------------------------------------------------
    def list(self) -> builtins.list[ReviewListRow]:
        return self.repo.list()

    def get(self, review_id: int) -> Review:
        """A review; its frozen per-assignee and per-tier figures only for those who may see
        people's figures (supervisors and admins), as the live report gives them."""
        review = self.repo.get(int(review_id))
        if review is None:
            raise NotFound(f"no review #{review_id}", field="review")
        if self.ctx.actor.role in SUPERVISING or review.kpis.get("per_assignee") is None:
            return review
        kpis = {**review.kpis, "per_assignee": None, "per_tier": None}
        return dataclasses.replace(review, kpis=kpis)

    def open_actions(self, *, mine: bool = True) -> builtins.list[ReviewAction]:
        """Open review actions, soonest due first: the acting user's (their task list), or
        everyone's."""
        if mine and self.ctx.user_id is None:
            return []
        return self.repo.open_actions(self.ctx.user_id if mine else None)

    def may_review(self) -> bool:
        try:
            check_step(None, self.ctx.actor.role, ReviewStep.OPEN)
        except PermissionDenied:
            return False
        return True

    # ---- changes --------------------------------------------------------------------------
    def _frozen(self, start: date, end: date) -> tuple[str, str, int]:
        with self.ctx.store.reading(snapshot=True):
            kpis = frozen_text(self.kpis(start, end))
            report = self.patterns.report(start, end)
        return kpis, frozen_text(report.to_json()), len(report.findings)

    def open(self, date_from: date, date_to: date) -> Review:
        check_step(None, self.ctx.actor.role, ReviewStep.OPEN)
        period = Period.of(date_from, date_to)
        kpis, patterns, findings = self._frozen(period.start, period.end)
        now = self.ctx.now()
        with self.ctx.store.transaction(self.ctx.actor, now) as work:
            review_id = self.repo.add(
                period.start, period.end, kpis, patterns, self.ctx.actor.username, now
            )
            work.emit(
                Action.REVIEW_OPENED,
                "review",
                review_id,
                {
                    "review_id": review_id,
                    "from": period.start.isoformat(),
                    "to": period.end.isoformat(),
                    "findings": findings,
                    "kpis_sha256": _sha(kpis),
                    "patterns_sha256": _sha(patterns),
                },
            )
        return self.get(review_id)

    def refresh(self, review_id: int, expected_version: int | None = None) -> Review:
        """Freeze the period's figures and findings again (data imported late, cases
        reclassified); the event keeps the digests of what was frozen before and after."""
        review = self.get(review_id)
        check_step(review, self.ctx.actor.role, ReviewStep.REFRESH)
        version = review.version if expected_version is None else expected_version
        kpis, patterns, findings = self._frozen(review.period_from, review.period_to)
        now = self.ctx.now()
        with self.ctx.store.transaction(self.ctx.actor, now) as work:
            if not self.repo.refreeze(
                review.id, version, kpis, patterns, self.ctx.actor.username, now
            ):
                raise ConflictError(f"review #{review.id} changed meanwhile; reload it")
            work.emit(
                Action.REVIEW_REFRESHED,
                "review",
                review.id,
                {
                    "review_id": review.id,
                    "from": review.period_from.isoformat(),
                    "to": review.period_to.isoformat(),
                    "findings": findings,
                    "refreshes": review.refreshes + 1,
                    "kpis_sha256": _sha(kpis),
                    "patterns_sha256": _sha(patterns),
                    "old": {
                        "kpis_sha256": _sha(frozen_text(review.kpis)),
                        "patterns_sha256": _sha(frozen_text(review.patterns)),
                    },
                },
            )
        return self.get(review.id)

    def note(self, review_id: int, body: str, finding: str | None = None) -> Review:
        review = self.get(review_id)
        check_step(review, self.ctx.actor.role, ReviewStep.NOTE)
        text, key = check_note(body, finding, review)
        now = self.ctx.now()
        with self.ctx.store.transaction(self.ctx.actor, now) as work:
            self._still_open(review)
            note_id = self.repo.add_note(review.id, key, text, self.ctx.actor.username, now)
            work.emit(
                Action.REVIEW_NOTED,
                "review",
                review.id,
                {
                    "review_id": review.id,
                    "note_id": note_id,
                    "finding": key,
                    "body": work.personal(text),
                },
            )
        return self.get(review.id)

    def add_action(
        self, review_id: int, body: str, owner: str, due_on: date | None
    ) -> ReviewAction:
        review = self.get(review_id)
        check_step(review, self.ctx.actor.role, ReviewStep.ADD_ACTION)
        text, due = check_action(body, due_on, self.ctx.now().date())
        name = (owner or "").strip().lower()
        owner_id = self._owner_id(name)
        now = self.ctx.now()
        with self.ctx.store.transaction(self.ctx.actor, now) as work:
            self._still_open(review)
            action_id = self.repo.add_action(
                review.id, text, owner_id, due, self.ctx.actor.username, now
            )
            work.emit(
                Action.REVIEW_ACTION_ADDED,
                "review",
                review.id,
                {
                    "review_id": review.id,
                    "action_id": action_id,
                    "owner": name,
                    "due_on": due.isoformat(),
                    "body": work.personal(text),
                },
            )
        return self.action(action_id)

    def action(self, action_id: int) -> ReviewAction:
        found = self.repo.action(int(action_id))
        if found is None:
            raise NotFound(f"no review action #{action_id}", field="action")
        return found

    def finish_action(self, action_id: int) -> ReviewAction:
        """Its owner (or a reviewer) marks an action done, once; after sign-off too."""
        require_person(self.ctx.actor, "finish review actions")
        action = self.action(action_id)
        if not may_finish_action(action, self.ctx.actor.username, self.ctx.actor.role):
            if action.state.value != "open":
                raise ConflictError(f"review action #{action.id} is done already")
            raise PermissionDenied(
                f"review action #{action.id} is {action.owner}'s: its owner or a supervisor "
                "marks it done"
            )
        now = self.ctx.now()
        with self.ctx.store.transaction(self.ctx.actor, now) as work:
            if not self.repo.finish_action(action.id, self.ctx.actor.username, now):
                raise ConflictError(f"review action #{action.id} was finished meanwhile")
            work.emit(
                Action.REVIEW_ACTION_DONE,
                "review",
                action.review_id,
                {"review_id": action.review_id, "action_id": action.id, "owner": action.owner},
            )
        return self.action(action.id)

    def sign(
        self,
        review_id: int,
        password: str | None,
        note: str | None = None,
        expected_version: int | None = None,
    ) -> Review:
        """Sign the review off: the password again (a deliberate act, as a remedy's sign-off),
        then it never changes."""
        review = self.get(review_id)
        check_step(review, self.ctx.actor.role, ReviewStep.SIGN)
        why = clean_text(note, "note", multiline=True)
        confirm_password(self.ctx, password)
        version = review.version if expected_version is None else expected_version
        now = self.ctx.now()
        with self.ctx.store.transaction(self.ctx.actor, now) as work:
            if not self.repo.sign(review.id, version, why, self.ctx.actor.username, now):
                raise ConflictError(f"review #{review.id} changed meanwhile; reload it")
            work.emit(
                Action.REVIEW_SIGNED,
                "review",
                review.id,
                {
                    "review_id": review.id,
                    "from": review.period_from.isoformat(),
                    "to": review.period_to.isoformat(),
                    "notes": len(review.notes),
                    "actions": len(review.actions),
                    "kpis_sha256": _sha(frozen_text(review.kpis)),
                    "patterns_sha256": _sha(frozen_text(review.patterns)),
                },
            )
        return self.get(review.id)

    # ---- exports --------------------------------------------------------------------------
    def export_pdf(self, review_id: int, path: str | Path) -> str:
        """Write the review's PDF report to `path`; returns the file's SHA-256."""
        from ..export.review_pdf import render_review  # reportlab and matplotlib, when asked

        review = self.get(review_id)
        data = render_review(review, self.ctx.taxonomy)
        target = Path(path)
        _write_whole(target, data)
        digest = hashlib.sha256(data).hexdigest()
        self._exported(review, "pdf", str(target), digest)
        return digest

    def export_csv(self, review_id: int, folder: str | Path) -> builtins.list[Path]:
        """One CSV file per table of the review into `folder` (made if missing)."""
        from ..export.review_tables import review_tables

        review = self.get(review_id)
        out = Path(folder)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ValidationError(f"cannot make {out}: {exc.strerror}", field="csv") from exc
        written = []
        digest = hashlib.sha256()
        for name, text in review_tables(review):
            target = out / f"review-{review.id}-{name}.csv"
            data = text.encode("utf-8")
            _write_whole(target, data)
            digest.update(data)
            written.append(target)
        self._exported(review, "csv", str(out), digest.hexdigest())
        return written

    def _exported(self, review: Review, kind: str, path: str, digest: str) -> None:
        now = self.ctx.now()
        with self.ctx.store.transaction(self.ctx.actor, now) as work:
            work.emit(
                Action.REVIEW_EXPORTED,
                "review",
                review.id,
                {"review_id": review.id, "format": kind, "path": path, "file_sha256": digest},
            )

    # ---- helpers --------------------------------------------------------------------------
    def _still_open(self, review: Review) -> None:
        """Inside the change: a sign-off between reading the review and writing loses."""
        again = self.repo.get(review.id)
        if again is None or again.state is not ReviewState.OPEN:
            raise ConflictError(f"review #{review.id} was signed off meanwhile: it is read-only")

    def _owner_id(self, username: str) -> int:
        if not username:
            raise ValidationError("an action needs an owner", field="owner")
        found = UserRepository(self.ctx.store).get(username)
        if not found or found[0].role == "system":
            raise NotFound(f"no user named {username!r}", field="owner")
        if found[0].disabled:
            raise ValidationError(f"{username} is disabled and cannot own actions", field="owner")
        return found[0].id


def _write_whole(target: Path, data: bytes) -> None:
    """Replace the file whole (never half-written), or say why not."""
    temp = target.with_name(f".{target.name}.part")
    try:
        temp.write_bytes(data)
        temp.replace(target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise ValidationError(f"cannot write {target}: {exc.strerror}", field="path") from exc
