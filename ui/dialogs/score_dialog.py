"""Record the customer's satisfaction score on a resolved case: score, how they gave it, what
they said. A score of 1 or 2 sets a follow-up for the case's assignee (the dialog says so)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

from resolution_center.domain.case import Case
from resolution_center.domain.satisfaction import ENTERED_SOURCES, LOW_SCORE, SCALE
from resolution_center.services.session import Session

from ..satisfaction_labels import source_label
from .action_dialog import CaseActionDialog


class ScoreDialog(CaseActionDialog):
    def __init__(self, ops: Any, case: Case, parent: QWidget | None = None) -> None:
        super().__init__(
            ops, case, self.tr("Satisfaction score for {ref}").format(ref=case.reference), parent
        )
        self.setObjectName("scoreDialog")
        self.set_intro(
            self.tr(
                "What the customer answered, from 1 (not at all satisfied) to {scale} (very). "
                "A score of {low} or less sets a follow-up for the case's assignee."
            ).format(scale=SCALE, low=LOW_SCORE)
        )
        row = QWidget()
        row.setObjectName("scoreButtons")
        buttons = QHBoxLayout(row)
        buttons.setContentsMargins(0, 0, 0, 0)
        self.score_group = QButtonGroup(self)
        for value in range(1, SCALE + 1):
            button = QRadioButton(f"&{value}")
            button.setObjectName(f"score{value}")
            button.setAccessibleName(self.tr("Score {n}").format(n=value))
            self.score_group.addButton(button, value)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.add_field(self.tr("&Score:"), row, "score")
        self.source = QComboBox()
        self.source.setObjectName("scoreSource")
        for source in ENTERED_SOURCES:
            self.source.addItem(source_label(source), source.value)
        self.add_field(self.tr("&How given:"), self.source, "source")
        self.comment = QPlainTextEdit()
        self.comment.setObjectName("scoreComment")
        self.comment.setTabChangesFocus(True)
        self.comment.setPlaceholderText(self.tr("What the customer said (optional)"))
        self.comment.setFixedHeight(self.fontMetrics().height() * 5)
        self.add_field(self.tr("&Comment:"), self.comment, "comment")

    def set_score(self, value: int) -> None:
        button = self.score_group.button(value)
        if button is not None:
            button.setChecked(True)

    def perform(self, ctx: Session) -> Any:
        chosen = self.score_group.checkedId()  # -1 when none is chosen: the service says so
        return ctx.satisfaction.record(
            self.case.id,
            "" if chosen < 0 else chosen,
            self.source.currentData(),
            self.comment.toPlainText(),
        )
