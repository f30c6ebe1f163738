"""The Satisfaction tab: the case's current score (big), what the customer said, earlier scores
it replaced, whether the survey went out, and the buttons to record a score or send the survey."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.case import Case, Status
from resolution_center.domain.messages import Message
from resolution_center.domain.satisfaction import SCALE, Score
from resolution_center.services.session import Session

from ..dialogs.score_dialog import ScoreDialog
from ..formatting import local_time
from ..satisfaction_labels import how_text, score_text
from ..style import scaled_font
from ..widgets import text_label
from .case_tab import CaseTab, TabEnv

SCORED = (Status.RESOLVED, Status.CLOSED)


@dataclass(frozen=True, slots=True)
class SatisfactionData:
    scores: list[Score]  # oldest first: the last is current
    surveys: list[Message]


class SatisfactionTab(CaseTab):
    key = "satisfaction"

    def __init__(self, env: TabEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.data: SatisfactionData | None = None
        self.current = QLabel()
        self.current.setObjectName("currentScore")
        self.current.setFont(scaled_font(self, 1.6, bold=True))
        self.current.setTextFormat(Qt.TextFormat.PlainText)
        self.detail = text_label("scoreDetail")
        self.comment = text_label("scoreComment")
        self.history = text_label("scoreHistory")
        self.survey = text_label("surveyState")
        self.record_button = QPushButton(self.tr("&Record score…"))
        self.record_button.setObjectName("recordScore")
        self.send_button = QPushButton(self.tr("Send sur&vey"))
        self.send_button.setObjectName("sendSurvey")
        # The score and the buttons on one line: at 1024x700 the tab shows about four lines.
        top = QHBoxLayout()
        top.addWidget(self.current)
        top.addStretch(1)
        top.addWidget(self.send_button)
        top.addWidget(self.record_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.detail)
        layout.addWidget(self.comment)
        layout.addWidget(self.survey)
        layout.addWidget(self.history)
        layout.addStretch(1)
        self.record_button.clicked.connect(self.record)
        self.send_button.clicked.connect(self.send_survey)
        self.clear()

    def title(self) -> str:
        return self.tr("Sa&tisfaction")

    @staticmethod
    def load(ctx: Session, case: Case) -> SatisfactionData:
        return SatisfactionData(
            ctx.satisfaction.for_case(case.id), ctx.satisfaction.surveys(case.id)
        )

    def show_case(self, case: Case, data: Any) -> None:
        super().show_case(case, data)
        self.data = data if isinstance(data, SatisfactionData) else None
        if self.data is None:
            return
        scores, surveys = self.data.scores, self.data.surveys
        scored = case.status in SCORED
        if scores:
            now = scores[-1]
            self.current.setText(self.tr("{score} of {scale}").format(score=now.score, scale=SCALE))
            self.detail.setText(how_text(now))
            self.comment.setText(
                self.tr("“{comment}”").format(comment=now.comment) if now.comment else ""
            )
        else:
            self.current.setText(self.tr("No score yet"))
            self.detail.setText(
                self.tr(
                    "Record the customer's answer here when they give it by phone, mail or "
                    "chat (a score read from a reply to the survey shows here too)."
                )
                if scored
                else self.tr("Satisfaction is asked once the case is resolved.")
            )
            self.comment.clear()
        self.comment.setVisible(bool(self.comment.text()))
        if surveys:
            sent = surveys[0]
            self.survey.setText(
                self.tr("Survey sent {when} by {who}.").format(
                    when=local_time(sent.sent_at or sent.drafted_at), who=sent.sent_by or "—"
                )
            )
        else:
            self.survey.setText(self.tr("No survey sent on this case."))
        earlier = scores[:-1]
        self.history.setText(
            self.tr("Earlier scores (replaced):") + "\n" + "\n".join(score_text(s) for s in earlier)
            if earlier
            else ""
        )
        self.history.setVisible(bool(earlier))
        self.record_button.setEnabled(scored)
        self.record_button.setToolTip(
            "" if scored else self.tr("A case is scored after it is resolved.")
        )
        self.send_button.setVisible(scored and not surveys)

    def clear(self) -> None:
        super().clear()
        self.data = None
        self.current.setText("")
        for label in (self.detail, self.comment, self.survey, self.history):
            label.clear()
        self.record_button.setEnabled(False)
        self.send_button.setVisible(False)

    def record(self) -> ScoreDialog | None:
        if self.case is None:
            return None
        dialog = ScoreDialog(self.ops, self.case, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def send_survey(self) -> None:
        if self.case is not None:
            case_id = self.case.id
            self.ops.run(lambda ctx: ctx.satisfaction.send_survey(case_id), parent=self)
