"""Escalate a case to the next tier; a reason is required."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from resolution_center.domain.case import TIER_ORDER, Case
from resolution_center.services.session import Session

from ..labels import tier_label
from ..ops import Ops
from .action_dialog import CaseActionDialog


class EscalateDialog(CaseActionDialog):
    def __init__(self, ops: Ops, case: Case, parent: QWidget | None = None) -> None:
        super().__init__(ops, case, self.tr("Escalate {ref}").format(ref=case.reference), parent)
        self.setObjectName("escalateDialog")
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(self.tr("What does the next tier need to know?"))
        self.add_field(self.tr("&Reason (required):"), self.reason, "reason", "tier", "status")
        self.case_reloaded()

    def case_reloaded(self) -> None:
        position = TIER_ORDER.index(self.case.tier)
        if position + 1 < len(TIER_ORDER):
            self.set_intro(
                self.tr("{ref} moves from {old} to {new}.").format(
                    ref=self.case.reference,
                    old=tier_label(self.case.tier),
                    new=tier_label(TIER_ORDER[position + 1]),
                )
            )
        else:
            self.set_intro(
                self.tr("{ref} is already with the highest tier ({tier}).").format(
                    ref=self.case.reference, tier=tier_label(self.case.tier)
                )
            )

    def perform(self, ctx: Session) -> Any:
        return ctx.cases.escalate(
            self.case.id, self.reason.toPlainText(), expected_version=self.case.version
        )
