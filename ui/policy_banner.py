"""The policy banner: a decision in one plain sentence, in colour, and every rule line verbatim
(ids kept, for the record) folded under "Why"."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QToolButton, QVBoxLayout, QWidget

from resolution_center.domain.policy import Decision
from resolution_center.domain.policy_words import plain_sentence
from resolution_center.services.service_text import localize

from .remedy_labels import OUTCOME_COLOURS, outcome_text
from .style import DANGER, NEUTRAL, Chip


def rule_lines(decision: Decision) -> list[str]:
    """One line per rule, as the policy explained it ('✓' passed, '✗' failed)."""
    return [f"{'✓' if r.passed else '✗'} {localize(r.explanation)}" for r in decision.results]


class PolicyBanner(QFrame):
    """Neutral until there is a decision; a refusal from the service shows here too.

    `you`: the reader is the requester (the remedy form), so the sentence says "your limit";
    elsewhere it names the requester's role.
    """

    folded = Signal(bool)
    """The rule lines were folded (True) or unfolded (False): the window may need to grow."""

    def __init__(self, parent: QWidget | None = None, *, you: bool = False) -> None:
        super().__init__(parent)
        self.you = you
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
        self.rules.setVisible(False)
        self.why = QToolButton()
        self.why.setObjectName("policyWhy")
        self.why.setText(self.tr("&Why"))
        self.why.setCheckable(True)
        self.why.setAutoRaise(True)
        self.why.setArrowType(Qt.ArrowType.RightArrow)
        self.why.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.why.setToolTip(self.tr("Show every rule the policy checked, with its id"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.outcome)
        layout.addWidget(self.why, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.rules)
        self.decision: Decision | None = None
        self.why.toggled.connect(self._unfold)
        self.clear()

    def _unfold(self, shown: bool) -> None:
        self.why.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.rules.setVisible(shown and bool(self.rules.text()))
        self.folded.emit(not shown)

    def _set_rules(self, lines: list[str]) -> None:
        self.rules.setText("\n".join(lines))
        self.why.setVisible(bool(lines))
        self.rules.setVisible(bool(lines) and self.why.isChecked())

    def clear(self, text: str = "") -> None:
        """The neutral state: nothing decided (input missing or not understood)."""
        self.decision = None
        self.outcome.show_text(
            text or self.tr("The policy check appears here as you type."), NEUTRAL
        )
        self._set_rules([])

    def show_decision(self, decision: Decision) -> None:
        self.decision = decision
        # The sentence leads; the short verdict ("Needs sign-off: Expert or above") is the
        # tooltip, and the rule lines keep every number and id under "Why".
        self.outcome.show_text(
            localize(plain_sentence(decision, you=self.you)),
            OUTCOME_COLOURS[decision.outcome],
            outcome_text(decision),
        )
        self._set_rules(rule_lines(decision))

    def show_refusal(self, message: str, lines: list[str] | None = None) -> None:
        self.decision = None
        self.outcome.show_text(self.tr("Refused: {why}").format(why=message), DANGER)
        self._set_rules(list(lines or []))

    def headline(self) -> str:
        return self.outcome.text()
