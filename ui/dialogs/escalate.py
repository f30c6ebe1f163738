"""Escalate a case to the next tier's queue, or de-escalate it to the tier below's: a reason is
required, and the case goes to a member of that queue or waits there for one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QWidget

from resolution_center.domain.case import TIER_ORDER, Case, Tier
from resolution_center.services.session import Session

from ..labels import tier_label
from ..ops import Ops
from .action_dialog import CaseActionDialog

NOBODY = ""

Member = tuple[str, str]  # (username, text shown)


def queue_members(ctx: Session, tier: Tier) -> list[Member]:
    """The members of a tier's queue who may take cases now, as the dialogs offer them."""
    names = set(ctx.queues.member_names(tier))
    return [
        (u.username, f"{u.display_name} ({u.username})")
        for u in ctx.users.list()
        if u.username in names
    ]


class _TierMoveDialog(CaseActionDialog):
    """Escalation and de-escalation differ in the direction only."""

    step = 1

    def no_tier_text(self) -> str:
        raise NotImplementedError

    def __init__(
        self, ops: Ops, case: Case, title: str, members: Sequence[Member], parent: QWidget | None
    ) -> None:
        super().__init__(ops, case, title, parent)
        self.to = QComboBox()
        self.to.setObjectName("tierMoveTo")
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.add_field(self.tr("&Hand to:"), self.to, "assignee")
        self.add_field(self.tr("&Reason (required):"), self.reason, "reason", "tier", "status")
        self._fill(members)
        self.case_reloaded(fetch=False)

    def target(self) -> Tier | None:
        position = TIER_ORDER.index(self.case.tier) + self.step
        return TIER_ORDER[position] if 0 <= position < len(TIER_ORDER) else None

    def _fill(self, members: Sequence[Member]) -> None:
        chosen = self.to.currentData()
        self.to.clear()
        target = self.target()
        queue = tier_label(target) if target else ""
        self.to.addItem(
            self.tr("Nobody named: it goes to the {queue} queue").format(queue=queue), NOBODY
        )
        for username, text in members:
            self.to.addItem(text, username)
        if chosen:  # the user's choice survives a reload, if that member is still there
            self.to.setCurrentIndex(max(0, self.to.findData(chosen)))
        self.to.setEnabled(target is not None)

    def case_reloaded(self, *, fetch: bool = True) -> None:
        target = self.target()
        if fetch and target is not None:
            members = self.ops.run(lambda ctx: queue_members(ctx, target), parent=self)
            if members is not None:
                self._fill(members)
        if target is None:
            self.set_intro(self.no_tier_text().format(ref=self.case.reference))
            return
        self.set_intro(
            self.tr("{ref} moves from {old} to {new}, into that tier's queue.").format(
                ref=self.case.reference, old=tier_label(self.case.tier), new=tier_label(target)
            )
            + " "
            + self._held_text()
        )

    def _held_text(self) -> str:
        if self.case.assignee:
            return self.tr("{who} no longer holds it.").format(who=self.case.assignee)
        return ""


class EscalateDialog(_TierMoveDialog):
    step = 1

    def __init__(
        self, ops: Ops, case: Case, members: Sequence[Member] = (), parent: QWidget | None = None
    ) -> None:
        title = QCoreApplication.translate("EscalateDialog", "Escalate {ref}")
        super().__init__(ops, case, title.format(ref=case.reference), members, parent)
        self.setObjectName("escalateDialog")
        self.reason.setPlaceholderText(self.tr("What does the next tier need to know?"))

    def no_tier_text(self) -> str:
        return self.tr("{ref} is already with the highest tier.")

    def perform(self, ctx: Session) -> Any:
        return ctx.cases.escalate(
            self.case.id,
            self.reason.toPlainText(),
            expected_version=self.case.version,
            to=self.to.currentData() or None,
        )


class DeescalateDialog(_TierMoveDialog):
    step = -1

    def __init__(
        self, ops: Ops, case: Case, members: Sequence[Member] = (), parent: QWidget | None = None
    ) -> None:
        title = QCoreApplication.translate("DeescalateDialog", "De-escalate {ref}")
        super().__init__(ops, case, title.format(ref=case.reference), members, parent)
        self.setObjectName("deescalateDialog")
        self.reason.setPlaceholderText(self.tr("Why can the tier below take it from here?"))

    def no_tier_text(self) -> str:
        return self.tr("{ref} is already with the frontline, the lowest tier.")

    def perform(self, ctx: Session) -> Any:
        return ctx.cases.deescalate(
            self.case.id,
            self.reason.toPlainText(),
            expected_version=self.case.version,
            to=self.to.currentData() or None,
        )
