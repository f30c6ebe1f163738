"""A case's audit trail as a timeline model, with a filter proxy by action and actor."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from resolution_center.domain.audit import AuditEvent
from resolution_center.domain.trail_text import TrailText
from resolution_center.services.audit import TrailEntry

from ..formatting import local_time
from ..labels import action_label, role_label, trail_summary_text
from ..style import DANGER, dot_icon

translate = QCoreApplication.translate  # a name pyside6-lupdate recognises

Index = QModelIndex | QPersistentModelIndex

SeqRole = Qt.ItemDataRole.UserRole + 1
ActionRole = Qt.ItemDataRole.UserRole + 2
ActorRole = Qt.ItemDataRole.UserRole + 3
EntryRole = Qt.ItemDataRole.UserRole + 4
HashOkRole = Qt.ItemDataRole.UserRole + 5
"""Whether the event's content still matches its own hash."""

ROLE_NAMES = {
    SeqRole: b"seq",
    ActionRole: b"action",
    ActorRole: b"actor",
    EntryRole: b"entry",
    HashOkRole: b"hashOk",
}

COLUMNS = ("seq", "time", "actor", "role", "action", "change", "reason")
""""action" shows the event's label (the Event column), "change" its one-line summary."""
REASON_LIMIT = 160


def _titles() -> dict[str, str]:
    return {
        "seq": translate("AuditTrailModel", "#"),
        "time": translate("AuditTrailModel", "Time"),
        "actor": translate("AuditTrailModel", "Actor"),
        "role": translate("AuditTrailModel", "Role"),
        "action": translate("AuditTrailModel", "Event"),
        "change": translate("AuditTrailModel", "Summary"),
        "reason": translate("AuditTrailModel", "Reason"),
    }


def hash_matches(event: AuditEvent) -> bool:
    """Recompute this one event's hash; the chain's links are checked by the full verify."""
    return hashlib.sha256(event.canonical_bytes()).hexdigest() == event.hash


def _short(text: str, limit: int = REASON_LIMIT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def detail_text(entry: TrailEntry) -> str:
    """Everything about one event as stored: its payload as JSON, its hash and its link (the
    detail pane's "Show raw data")."""
    event = entry.event
    ok = hash_matches(event)
    lines = [
        translate("AuditTrailModel", "Event {seq}: {action} ({code})").format(
            seq=event.seq, action=action_label(event.action), code=event.action
        ),
        translate("AuditTrailModel", "Time: {local} (UTC {utc})").format(
            local=local_time(event.moment, seconds=True), utc=event.time
        ),
        translate("AuditTrailModel", "Actor: {actor} ({role})").format(
            actor=event.actor, role=role_label(event.role)
        ),
        translate("AuditTrailModel", "Target: {type} {id}").format(
            type=event.target_type, id=event.target_id
        ),
        "",
        translate("AuditTrailModel", "Payload:"),
        json.dumps(entry.data, indent=2, ensure_ascii=False, sort_keys=True),
        "",
        translate("AuditTrailModel", "Hash:          {hash}").format(hash=event.hash),
        translate("AuditTrailModel", "Previous hash: {hash}").format(hash=event.prev_hash),
        translate("AuditTrailModel", "Content matches its hash: yes")
        if ok
        else translate(
            "AuditTrailModel",
            "Content matches its hash: NO, this event was altered after it was written",
        ),
    ]
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class PreparedTrail:
    """A case's events with their hash checks, worked out once per load on the worker thread
    that read them (the case viewer's load), not on the GUI thread. The words of each event
    (its one-line summary and its reason) wait until its row is first shown, and are kept: a
    view asks only for the rows it paints, and the words of all 5,000 events of a case took
    0.11 s of the 0.22 s its load spent on the worker."""

    entries: list[TrailEntry]
    hash_ok: list[bool]
    text: TrailText
    complete: bool = True  # False: the first page of a longer trail (the rest follows it)


def prepare(entries: Sequence[TrailEntry], text: TrailText, complete: bool = True) -> PreparedTrail:
    listed = list(entries)
    return PreparedTrail(listed, [hash_matches(e.event) for e in listed], text, complete)


class AuditTrailModel(QAbstractTableModel):
    """Every event of one case in sequence order; a case has at most thousands."""

    def __init__(self, parent: Any = None, text: TrailText | None = None) -> None:
        super().__init__(parent)
        self.text = text or TrailText()
        self._entries: list[TrailEntry] = []
        self._hash_ok: list[bool] = []
        # Each row's words once worked out (None: not asked for yet).
        self._summaries: list[str | None] = []
        self._reasons: list[str | None] = []

    def set_entries(self, entries: Sequence[TrailEntry] | PreparedTrail) -> None:
        """Show these events; a PreparedTrail (made on a worker thread) is shown as it is."""
        prepared = entries if isinstance(entries, PreparedTrail) else prepare(entries, self.text)
        self.beginResetModel()
        self._entries = prepared.entries
        self._hash_ok = prepared.hash_ok
        self.text = prepared.text  # the taxonomy of the session that read the events
        self._summaries = [None] * len(prepared.entries)
        self._reasons = [None] * len(prepared.entries)
        self.endResetModel()

    def append_entries(self, prepared: PreparedTrail) -> None:
        """The rest of a trail whose first page is shown, below it."""
        if not prepared.entries:
            return
        first = len(self._entries)
        self.beginInsertRows(QModelIndex(), first, first + len(prepared.entries) - 1)
        self._entries.extend(prepared.entries)
        self._hash_ok.extend(prepared.hash_ok)
        self._summaries.extend([None] * len(prepared.entries))
        self._reasons.extend([None] * len(prepared.entries))
        self.endInsertRows()

    def last_seq(self) -> int:
        return self._entries[-1].event.seq if self._entries else 0

    def _summary(self, row: int) -> str:
        found = self._summaries[row]
        if found is None:
            found = self._summaries[row] = trail_summary_text(self.text.summary(self._entries[row]))
        return found

    def _reason(self, row: int) -> str:
        found = self._reasons[row]
        if found is None:
            found = self._reasons[row] = self.text.reason(self._entries[row])
        return found

    def entry(self, row: int) -> TrailEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def altered_seqs(self) -> list[int]:
        return [e.event.seq for e, ok in zip(self._entries, self._hash_ok, strict=True) if not ok]

    def actions(self) -> list[str]:
        return sorted({e.event.action for e in self._entries})

    def actors(self) -> list[str]:
        return sorted({e.event.actor for e in self._entries})

    def roleNames(self) -> dict[int, QByteArray]:
        names = dict(super().roleNames())
        names.update({role: QByteArray(name) for role, name in ROLE_NAMES.items()})
        return names

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return _titles()[COLUMNS[section]]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        event = entry.event
        key = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(index.row(), entry, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "change":
                return self._summary(index.row())
            if key == "reason":
                return self._reason(index.row()) or None
            if key == "seq" and not self._hash_ok[index.row()]:
                return translate(
                    "AuditTrailModel", "This event's content no longer matches its hash"
                )
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            if key == "seq" and not self._hash_ok[index.row()]:
                return dot_icon(DANGER[0])
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "seq":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SeqRole:
            return event.seq
        if role == ActionRole:
            return event.action
        if role == ActorRole:
            return event.actor
        if role == EntryRole:
            return entry
        if role == HashOkRole:
            return self._hash_ok[index.row()]
        return None

    def _display(self, row: int, entry: TrailEntry, key: str) -> str:
        event = entry.event
        match key:
            case "seq":
                # Said in words too: the red dot alone would not reach everyone.
                return (
                    str(event.seq)
                    if self._hash_ok[row]
                    else translate("AuditTrailModel", "{seq} (altered)").format(seq=event.seq)
                )
            case "time":
                return local_time(event.moment, seconds=True)
            case "actor":
                return event.actor
            case "role":
                return role_label(event.role)
            case "action":
                return action_label(event.action)
            case "change":
                return self._summary(row)
            case "reason":
                return _short(self._reason(row))
        return ""


class AuditTrailFilter(QSortFilterProxyModel):
    """Keeps events of one action kind and/or one actor; None means any."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._action: str | None = None
        self._actor: str | None = None

    def set_action(self, action: str | None) -> None:
        self.beginFilterChange()
        self._action = action or None
        self.endFilterChange()

    def set_actor(self, actor: str | None) -> None:
        self.beginFilterChange()
        self._actor = actor or None
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._action and not self._actor:
            return True  # no index made for each of a long trail's rows
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self._action and model.data(index, ActionRole) != self._action:
            return False
        return not (self._actor and model.data(index, ActorRole) != self._actor)
