"""The policy banner: a decision's outcome in colour and words, and every rule line verbatim."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from resolution_center.domain.policy import Decision

from .remedy_labels import OUTCOME_COLOURS, outcome_text
from .style import DANGER, NEUTRAL, Chip


def rule_lines(decision: Decision) -> list[str]:
    """One line per rule, as the policy explained it ('✓' passed, '✗' failed)."""
    return [f"{'✓' if r.passed else '✗'} {r.explanation}" for r in decision.results]


class PolicyBanner(QFrame):
    """Neutral until there is a decision; a refusal from the service shows here too."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("policyBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.outcome = Chip()
        self.outcome.setObjectName("policyOutcome")
        self.outcome.setWordWrap(True)
        self.rules = QLabel()
        self.rules.setObjectName("policyRules")
        self.rules.setWordWrap(True)
        self.rules.setTextFormat(Qt.TextFormat.PlainText)
        self.rules.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rules.setAccessibleName(self.tr("Policy rules"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.outcome)
        layout.addWidget(self.rules)
        self.decision: Decision | None = None
        self.clear()

    def clear(self, text: str = "") -> None:
        """The neutral state: nothing decided (input missing or not understood)."""
        self.decision = None
        self.outcome.show_text(
            text or self.tr("The policy check appears here as you type."), NEUTRAL
        )
        self.rules.clear()
        self.rules.setVisible(False)

    def show_decision(self, decision: Decision) -> None:
        self.decision = decision
        self.outcome.show_text(outcome_text(decision), OUTCOME_COLOURS[decision.outcome])
        self.rules.setText("\n".join(rule_lines(decision)))
        self.rules.setVisible(True)

    def show_refusal(self, message: str, lines: list[str] | None = None) -> None:
        self.decision = None
        self.outcome.show_text(self.tr("Refused: {why}").format(why=message), DANGER)
        self.rules.setText("\n".join(lines or []))
        self.rules.setVisible(bool(lines))

    def headline(self) -> str:
        return self.outcome.text()
