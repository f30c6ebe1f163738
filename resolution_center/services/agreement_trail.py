"""What the audit trail vouches for about an agreement: its issue, its state, its exported files.

The agreements row is a working copy. Whoever can write the database file (SQLite) or is a
PostgreSQL superuser with the triggers switched off can change it, and a hash recomputed from an
edited row proves nothing about it. What holds is the chain: the `agreement.issued` event records
the content hash of the version issued, `agreement.superseded` and `agreement.voided` events its
later state, and each `agreement.exported` event the SHA-256 of a file written.

An event is believed only once its seal holds: its hash recomputed from its content equals the
stored hash, the event before it carries the hash its prev_hash names, and the event after it
links back to it (or it is the chain head). This catches a row or an event edited in place on
the spot; a chain rewritten from there on is `verify --checkpoint`'s to catch.

Exports, previews and prints refuse a version whose row disagrees with its issue event
(`check_renderable`); `agreement verify FILE` checks a file against these events only.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..domain.actions import Action
from ..domain.agreement import Agreement, AgreementState
from ..domain.audit import GENESIS_HASH, AuditEvent, parse_time
from ..domain.errors import VerificationFailed
from ..storage.agreement_trail import AgreementTrailRepository

if TYPE_CHECKING:
    from ..storage.agreements import AgreementRecord
    from ..storage.store import Store

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
ISSUED, EXPORTED = Action.AGREEMENT_ISSUED, Action.AGREEMENT_EXPORTED
SUPERSEDED, VOIDED = Action.AGREEMENT_SUPERSEDED, Action.AGREEMENT_VOIDED
UNREADABLE = (
    "the agreement row was changed after issue: its value is no longer a readable agreement"
)


@dataclass(frozen=True, slots=True)
class TrailEvent:
    event: AuditEvent
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Issue:
    """The issue of one version as the trail recorded it."""

    number: str
    version: int
    event: AuditEvent | None
    content_hash: str | None  # as the issue event recorded it
    problems: tuple[str, ...]  # why the trail cannot vouch for the issue; empty when it can
    state: str = AgreementState.ISSUED.value  # now, by the trail's superseded/voided events
    superseded_by: int | None = None
    void_reason: str = ""

    @property
    def vouched(self) -> bool:
        return self.event is not None and self.content_hash is not None and not self.problems


class AgreementTrail:
    """The events of one agreement (every version), read once from the audit trail."""

    def __init__(self, store: Store, case_id: int, number: str) -> None:
        self.repo = AgreementTrailRepository(store)
        self.number = number
        self.events: list[TrailEvent] = []
        for event in self.repo.events(case_id, number):
            try:
                data = json.loads(event.data)
            except ValueError:
                data = None  # not JSON: its seal cannot hold either; it vouches for nothing
            if isinstance(data, dict):
                self.events.append(TrailEvent(event, data))
        self._head_read = False
        self._head: tuple[int, str] | None = None

    def of(self, action: str, version: int) -> list[TrailEvent]:
        return [
            t for t in self.events if t.event.action == action and t.data.get("version") == version
        ]

    # ---- seals ------------------------------------------------------------------------------
    def seal_problems(self, events: Sequence[AuditEvent]) -> dict[int, list[str]]:
        """Per event: why its seal does not hold (an empty list when it does)."""
        near = self.repo.neighbours({s for e in events for s in (e.seq - 1, e.seq + 1)})
        out: dict[int, list[str]] = {}
        for e in events:
            problems: list[str] = []
            name = f"event {e.seq} ({e.action})"
            if hashlib.sha256(e.canonical_bytes()).hexdigest() != e.hash:
                problems.append(f"{name} does not match its hash: it was edited")
            before = GENESIS_HASH if e.seq == 1 else near.get(e.seq - 1, (None, None))[0]
            if e.prev_hash != before:
                problems.append(
                    f"{name} is not linked to the event before it: events were "
                    "deleted, inserted or edited there"
                )
            after = near.get(e.seq + 1)
            if after is not None:
                if after[1] != e.hash:
                    problems.append(
                        f"the event after {name} does not link to it: the chain was edited there"
                    )
            elif self.head() != (e.seq, e.hash):
                problems.append(
                    f"the chain does not continue from {name}: the event after it "
                    "is missing or the chain head was edited"
                )
            out[e.seq] = problems
        return out

    def head(self) -> tuple[int, str] | None:
        if not self._head_read:
            head = self.repo.head()
            self._head = None if head is None else (head.seq, head.hash)
            self._head_read = True
        return self._head

    # ---- what the trail says --------------------------------------------------------------
    def issue(self, version: int) -> Issue:
        """The version's issue and its state since, each event's seal checked."""
        what = f"{self.number} version {version}"
        found = self.of(ISSUED, version)
        if not found:
            missing = f"the audit trail has no agreement.issued event for {what}"
            return Issue(self.number, version, None, None, (missing,))
        later = self.of(SUPERSEDED, version) + self.of(VOIDED, version)
        seals = self.seal_problems([t.event for t in found + later])
        first = found[0]
        problems = list(seals[first.event.seq])
        if len(found) > 1:
            seqs = ", ".join(str(t.event.seq) for t in found)
            problems.append(
                f"the audit trail records more than one issue of {what} (events {seqs})"
            )
        content_hash = first.data.get("content_hash")
        if not isinstance(content_hash, str) or not _HEX64.match(content_hash):
            problems.append(
                f"the agreement.issued event of {what} (event {first.event.seq}) "
                "records no content hash"
            )
            content_hash = None
        state, by, reason = AgreementState.ISSUED.value, None, ""
        for t in sorted(later, key=lambda t: t.event.seq):
            problems.extend(seals[t.event.seq])
            if t.event.action == SUPERSEDED:
                state = AgreementState.SUPERSEDED.value
                by = t.data.get("by_version") if isinstance(t.data.get("by_version"), int) else None
            else:
                state, reason = AgreementState.VOIDED.value, str(t.data.get("reason") or "")
        return Issue(
            self.number, version, first.event, content_hash, tuple(problems), state, by, reason
        )

    def exports(self, version: int, digest: str) -> tuple[list[TrailEvent], list[str]]:
        """The intact agreement.exported events of this version recording this file SHA-256,
        and why the others that record it cannot be believed."""
        found = [t for t in self.of(EXPORTED, version) if t.data.get("file_sha256") == digest]
        seals = self.seal_problems([t.event for t in found])
        intact = [t for t in found if not seals[t.event.seq]]
        broken = [p for t in found for p in seals[t.event.seq]]
        return intact, broken


def row_problems(record: AgreementRecord, value: Agreement, issue: Issue) -> list[str]:
    """How the agreement's row differs from what the trail recorded (issue.vouched is True)."""
    event = issue.event
    assert event is not None and issue.content_hash is not None
    changed = "the agreement row was changed after issue"
    problems = []
    if value.content_hash() != issue.content_hash:
        problems.append(
            f"{changed}: its value no longer hashes to the issued content hash "
            f"{issue.content_hash} (event {event.seq})"
        )
    head = value.chain_head
    if head is None or (head.seq, head.hash) != (event.seq, event.hash):
        problems.append(
            f"{changed}: the chain position its value shows is not its "
            f"agreement.issued event (event {event.seq})"
        )
    if value.issued_at != parse_time(event.time):
        problems.append(
            f"{changed}: its issue time is not its agreement.issued event's ({event.time})"
        )
    if (record.content_hash, record.chain_seq, record.chain_hash) != (
        issue.content_hash,
        event.seq,
        event.hash,
    ):
        problems.append(
            f"{changed}: its content hash or chain position columns are not its "
            f"agreement.issued event's (event {event.seq})"
        )
    if (record.state, record.superseded_by_version) != (issue.state, issue.superseded_by) or (
        issue.state == AgreementState.VOIDED and record.void_reason != issue.void_reason
    ):
        problems.append(
            f"{changed}: it says {record.state} where the audit trail says {issue.state}"
        )
    return problems


def check_renderable(store: Store, record: AgreementRecord, value: Agreement | None) -> None:
    """Refuse to render an issued version the trail does not vouch for exactly as stored.

    `value` is the row's decoded value, None when it no longer decodes. Raises
    VerificationFailed naming the version and why. A draft the trail never saw issued passes:
    it is not an agreement, and every file of one says DRAFT."""
    issue = AgreementTrail(store, record.case_id, record.number).issue(record.version)
    if issue.event is None and record.issued_at is None:
        return  # a draft, and the trail agrees it was never issued
    if not issue.vouched:
        problems = list(issue.problems)
    elif value is None:
        problems = [UNREADABLE]
    else:
        problems = row_problems(record, value, issue)
    if problems:
        refuse(record, problems)


def refuse(record: AgreementRecord, problems: Sequence[str]) -> None:
    what = f"{record.number} version {record.version}"
    raise VerificationFailed(
        f"{what} is not rendered, exported or printed: its stored record was altered and no "
        "longer matches what the audit trail recorded when it was issued ("
        + "; ".join(problems)
        + "). Run 'resolution-center verify' and restore the database from a backup.",
        number=record.number,
        version=record.version,
        problems=list(problems),
    )
