"""Assign a case to someone, to oneself, or to nobody."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from resolution_center.domain.case import Case
from resolution_center.services.session import Session

from ..ops import Ops
from .action_dialog import CaseActionDialog

NOBODY = ""


class AssignDialog(CaseActionDialog):
    def __init__(
        self, ops: Ops, case: Case, users: Sequence[tuple[str, str]], parent: QWidget | None = None
    ) -> None:
        """`users` are (username, display text) pairs of people who can take cases."""
        super().__init__(ops, case, self.tr("Assign {ref}").format(ref=case.reference), parent)
        self.setObjectName("assignDialog")
        me = ops.ctx.actor.username
        self.assignee = QComboBox()
        self.assignee.addItem(self.tr("Me ({name})").format(name=me), me)
        for username, text in users:
            if username != me:
                self.assignee.addItem(text, username)
        self.assignee.addItem(self.tr("Nobody (unassign)"), NOBODY)
        self.add_field(self.tr("&Assign to:"), self.assignee, "assignee", "username")
        self.case_reloaded()

    def case_reloaded(self) -> None:
        self.set_intro(
            self.tr("Currently assigned to: {who}").format(
                who=self.case.assignee or self.tr("nobody")
            )
        )

    def perform(self, ctx: Session) -> Any:
        return ctx.cases.assign(
            self.case.id, self.assignee.currentData() or None, expected_version=self.case.version
        )
