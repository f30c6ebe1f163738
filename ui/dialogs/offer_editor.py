"""The offer editor (a first offer or a counter-offer) and the answer dialog (accept, decline,
withdraw), each recorded in a party's name and, for an answer, with how that party said it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from resolution_center.domain.agreement import PartyRole
from resolution_center.domain.case import Case
from resolution_center.domain.errors import ValidationError
from resolution_center.domain.offer import (
    DEFAULT_RESPONSE_DAYS,
    Offer,
    OfferAction,
    OfferAnswer,
    OfferChannel,
    default_recipients,
    parse_party,
)
from resolution_center.services.offers import Negotiation
from resolution_center.services.session import Session

from ..formatting import money_text, to_date
from ..forms import date_edit
from ..offer_labels import channel_label, party_label, the_parties
from ..ops import Ops
from ..remedy_labels import kind_label
from .action_dialog import ActionDialog

OBLIGATION_HINT = "seller | 2026-12-04 | Ship a new drip tray"


def channel_box() -> QComboBox:
    box = QComboBox()
    for channel in OfferChannel:
        box.addItem(channel_label(channel), channel.value)
    return box


def party_box(parties: tuple[PartyRole, ...]) -> QComboBox:
    box = QComboBox()
    for party in parties:
        box.addItem(party_label(party), party.value)
    return box


def obligations_text(offer: Offer) -> str:
    return "\n".join(
        f"{o.party.value} | {o.deadline.isoformat()} | {o.text}" for o in offer.terms.obligations
    )


def parse_obligations(text: str) -> list[dict[str, str]]:
    """One obligation a line: "party | YYYY-MM-DD | what they do" (the service checks each)."""
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|", 2)]
        if len(parts) != 3 or not all(parts):
            raise ValidationError(
                f"line {number}: write an obligation as party | YYYY-MM-DD | what they do",
                field="obligations",
            )
        out.append({"party": parts[0], "deadline": parts[1], "text": parts[2]})
    return out


class OfferEditor(ActionDialog):
    """A new first-round offer, or (with `answering`) a counter-offer pre-filled from the offer
    it answers, in the next round."""

    def __init__(
        self,
        ops: Ops,
        case: Case,
        talk: Negotiation,
        answering: Offer | None = None,
        parent: QWidget | None = None,
    ) -> None:
        counter = answering is not None
        title = (
            self.tr("Counter {ref}").format(ref=answering.reference)
            if answering is not None
            else self.tr("New offer on {ref}").format(ref=case.reference)
        )
        super().__init__(ops, title, parent)
        self.setObjectName("offerEditor")
        self.case, self.talk, self.answering = case, talk, answering
        self.currency = case.order.currency
        today = ops.ctx.now().date()
        if answering is not None:
            self.set_intro(
                self.tr(
                    "Round {round}: a counter-offer answers {ref} and closes it as countered. "
                    "The terms start as {ref}'s; change what the party proposes instead."
                ).format(round=answering.round + 1, ref=answering.reference)
            )
        else:
            self.set_intro(
                self.tr(
                    "Round 1: what one party proposes to the others. Amounts are in {currency}; "
                    "an empty amount offers the remedy's own."
                ).format(currency=self.currency)
            )

        parties = talk.who_may(answering, OfferAction.COUNTER) if counter else talk.parties
        self.by = party_box(parties)
        self.by.setObjectName("offerBy")
        self.add_field(self.tr("Offered &by:"), self.by, "proposed_by", "by")
        self.via: QComboBox | None = None
        if counter:
            self.via = channel_box()
            self.via.setObjectName("offerVia")
            self.add_field(self.tr("Received &via:"), self.via, "via")

        self.made_to: dict[PartyRole, tuple[QCheckBox, QDateEdit]] = {}
        recipients = QWidget()
        grid = QGridLayout(recipients)
        grid.setContentsMargins(0, 0, 0, 0)
        due = today + timedelta(days=DEFAULT_RESPONSE_DAYS)
        for row, party in enumerate(talk.parties):
            check = QCheckBox(party_label(party))
            check.setObjectName(f"madeTo-{party.value}")
            day = date_edit(QDate(due.year, due.month, due.day))
            day.setObjectName(f"replyBy-{party.value}")
            day.setAccessibleName(self.tr("{party} replies by").format(party=party_label(party)))
            grid.addWidget(check, row, 0)
            grid.addWidget(QLabel(self.tr("replies by")), row, 1)
            grid.addWidget(day, row, 2)
            grid.setColumnStretch(3, 1)
            self.made_to[party] = (check, day)
            check.toggled.connect(lambda on, d=day: d.setEnabled(on))
            check.clicked.connect(self._recipients_touched)
        self.add_field(self.tr("Made &to:"), recipients, "to", "response_due")

        self.remedy_rows: dict[str, tuple[QCheckBox, QLineEdit, QLineEdit]] = {}
        remedies = QWidget()
        rgrid = QGridLayout(remedies)
        rgrid.setContentsMargins(0, 0, 0, 0)
        offerable = [r for r in talk.remedies if not r.refusal]
        for row, r in enumerate(offerable):
            check = QCheckBox(f"{r.reference} · {kind_label(r.kind)}")
            check.setObjectName(f"remedy-{r.reference}")
            amount = QLineEdit()
            amount.setObjectName(f"amount-{r.reference}")
            amount.setPlaceholderText(self.tr("up to {amount}").format(amount=money_text(r.amount)))
            amount.setAccessibleName(self.tr("Amount of {ref}").format(ref=r.reference))
            text = QLineEdit()
            text.setObjectName(f"description-{r.reference}")
            text.setPlaceholderText(self.tr("What the agreement says"))
            text.setAccessibleName(self.tr("Description of {ref}").format(ref=r.reference))
            rgrid.addWidget(check, row, 0)
            rgrid.addWidget(amount, row, 1)
            rgrid.addWidget(QLabel(self.currency), row, 2)
            rgrid.addWidget(text, row, 3)
            rgrid.setColumnStretch(3, 1)
            self.remedy_rows[r.reference] = (check, amount, text)
        if not offerable:
            rgrid.addWidget(
                QLabel(self.tr("The case has no remedy to offer: propose one first.")), 0, 0
            )
        self.add_field(self.tr("&Remedies:"), remedies, "remedies", "amount", "currency", "terms")

        self.obligations = QPlainTextEdit()
        self.obligations.setObjectName("offerObligations")
        self.obligations.setTabChangesFocus(True)
        self.obligations.setPlaceholderText(OBLIGATION_HINT)
        self.obligations.setToolTip(
            self.tr("One a line: party | YYYY-MM-DD | what they do (customer, company, seller)")
        )
        self.obligations.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        self.add_field(self.tr("O&bligations:"), self.obligations, "obligations")
        self.return_conditions = QLineEdit()
        self.return_conditions.setObjectName("offerReturn")
        self.add_field(self.tr("Re&turn:"), self.return_conditions, "return_conditions")
        self.note = QLineEdit()
        self.note.setObjectName("offerNote")
        self.add_field(self.tr("&Note:"), self.note, "note")
        self.ok_button.setText(
            self.tr("&Record counter-offer") if counter else self.tr("&Record offer")
        )

        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 100)
        self._touched = False
        if answering is not None:
            self._fill_from(answering)
        self.by.currentIndexChanged.connect(lambda _i: self._proposer_changed())
        self._proposer_changed()

    # ---- what the dialog shows ---------------------------------------------------------------
    def _fill_from(self, offer: Offer) -> None:
        for offered in offer.terms.remedies:
            row = self.remedy_rows.get(offered.remedy)
            if row is None:
                continue  # bound or closed since: the counter cannot name it again
            check, amount, text = row
            check.setChecked(True)
            if offered.amount is not None:
                amount.setText(offered.amount.as_decimal_text())
            text.setText(offered.description)
        self.obligations.setPlainText(obligations_text(offer))
        self.return_conditions.setText(offer.terms.return_conditions)

    def proposer(self) -> PartyRole:
        return parse_party(self.by.currentData(), "proposed_by")

    def _recipients_touched(self) -> None:
        self._touched = True

    def _proposer_changed(self) -> None:
        """Nobody makes an offer to itself; until the user picks, the domain's default
        recipients are ticked."""
        if self.by.count() == 0:
            return
        proposer = self.proposer()
        try:
            obliged = {parse_party(o["party"]) for o in self._obligations()}
        except ValidationError:
            obliged = set()
        default = default_recipients(self.talk.parties, proposer, obliged, self.answering)
        for party, (check, day) in self.made_to.items():
            check.setEnabled(party is not proposer)
            if party is proposer:
                check.setChecked(False)
            elif not self._touched:
                check.setChecked(party in default)
            day.setEnabled(check.isChecked())

    def recipients(self) -> list[PartyRole]:
        return [p for p, (check, _day) in self.made_to.items() if check.isChecked()]

    # ---- submitting ------------------------------------------------------------------------------
    def _obligations(self) -> list[dict[str, str]]:
        return parse_obligations(self.obligations.toPlainText())

    def terms(self) -> dict[str, Any]:
        remedies = [
            {"remedy": ref, "amount": amount.text().strip() or None, "description": text.text()}
            for ref, (check, amount, text) in self.remedy_rows.items()
            if check.isChecked()
        ]
        return {
            "remedies": remedies,
            "obligations": self._obligations(),
            "return_conditions": self.return_conditions.text(),
        }

    def response_due(self) -> dict[str, date]:
        return {
            p.value: to_date(day.date())
            for p, (check, day) in self.made_to.items()
            if check.isChecked()
        }

    def perform(self, ctx: Session) -> Any:
        terms, due = self.terms(), self.response_due()
        if self.answering is None:
            return ctx.offers.add(
                self.case.id, self.proposer(), terms, due, note=self.note.text(), to=list(due)
            )
        assert self.via is not None
        return ctx.offers.answer(
            self.answering.reference,
            OfferAnswer.COUNTER,
            self.note.text(),
            terms,
            by=self.proposer(),
            response_due=due,
            to=list(due),
            via=str(self.via.currentData()),
        )


class AnswerOfferDialog(ActionDialog):
    """Accept, decline or withdraw an open offer: who said it, how, and what they added."""

    def __init__(
        self,
        ops: Ops,
        offer: Offer,
        action: OfferAction,
        parties: tuple[PartyRole, ...],
        parent: QWidget | None = None,
    ) -> None:
        titles = {
            OfferAction.ACCEPT: self.tr("Accept {ref}"),
            OfferAction.DECLINE: self.tr("Decline {ref}"),
            OfferAction.WITHDRAW: self.tr("Withdraw {ref}"),
        }
        super().__init__(ops, titles[action].format(ref=offer.reference), parent)
        self.setObjectName("answerOfferDialog")
        self.offer, self.action = offer, action
        intro = {
            OfferAction.ACCEPT: self.tr(
                "Record that a party {ref} is made to ({parties}) accepted it. An accepted "
                "offer is what an agreement is drafted from."
            ),
            OfferAction.DECLINE: self.tr(
                "Record that a party {ref} is made to ({parties}) declined it."
            ),
            OfferAction.WITHDRAW: self.tr("Record that the {proposer} takes {ref} back."),
        }[action]
        offered = " + ".join(
            f"{money_text(r.amount)} ({r.remedy})" for r in offer.terms.remedies if r.amount
        )
        self.set_intro(
            intro.format(
                ref=offer.reference,
                parties=the_parties(offer.answering),
                proposer=party_label(offer.proposed_by).lower(),
            )
            + "\n"
            + self.tr("{ref} offers {offered}.").format(ref=offer.reference, offered=offered)
        )
        self.by = party_box(parties)
        self.by.setObjectName("answerBy")
        self.add_field(self.tr("Said &by:"), self.by, "by")
        self.via = channel_box()
        self.via.setObjectName("answerVia")
        self.add_field(self.tr("&How:"), self.via, "via")
        self.note = QPlainTextEdit()
        self.note.setObjectName("answerNote")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        self.add_field(self.tr("&Note:"), self.note, "note")
        self.ok_button.setText(
            {
                OfferAction.ACCEPT: self.tr("Record &acceptance"),
                OfferAction.DECLINE: self.tr("Record &refusal"),
                OfferAction.WITHDRAW: self.tr("&Withdraw offer"),
            }[action]
        )

    def perform(self, ctx: Session) -> Any:
        via, note = str(self.via.currentData()), self.note.toPlainText()
        if self.action is OfferAction.WITHDRAW:
            return ctx.offers.withdraw(self.offer.reference, note, via=via)
        return ctx.offers.answer(
            self.offer.reference,
            OfferAnswer(self.action.value),
            note,
            by=str(self.by.currentData()),
            via=via,
        )
