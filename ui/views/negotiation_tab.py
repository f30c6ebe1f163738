"""The Negotiation tab: the case's offer rounds as a thread, and the offer editor's buttons.

Each button is enabled from the domain's answer (`Negotiation.who_may`, from offer_refusal;
`new_offer_refusal`; the agreement service's `offers_to_draft`), never from the tab's own
reading of states; a disabled button says why in its tooltip.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from resolution_center.domain.case import Case
from resolution_center.domain.offer import Offer, OfferAction, OfferState
from resolution_center.services.offers import Negotiation
from resolution_center.services.session import Session

from ..dialogs.agreement_actions import CreateAgreementDialog
from ..dialogs.offer_editor import AnswerOfferDialog, OfferEditor
from ..formatting import local_date, local_time, money_text
from ..offer_labels import channel_label, offer_state_label, party_label, the_parties, the_party
from ..remedy_labels import kind_label
from .case_tab import CaseTab, TabEnv

translate = QCoreApplication.translate  # a name pyside6-lupdate recognises


def load_negotiation(ctx: Session, case: Case) -> dict[str, Any]:
    drafts, why_not = ctx.agreements.offers_to_draft(case.id)
    return {"talk": ctx.offers.negotiation(case.id), "drafts": drafts, "no_draft": why_not}


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    return text[0].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


def _answer_line(offer: Offer) -> str:
    """How an answered offer was answered, in one sentence (empty while it is open)."""
    if offer.state is OfferState.OPEN or offer.answered_by is None:
        return ""
    verb = offer_state_label(offer.state)
    how = (
        translate("NegotiationTab", ", by {channel}").format(
            channel=channel_label(offer.answered_via).lower()
        )
        if offer.answered_via
        else ""
    )
    text = translate("NegotiationTab", "{verb} by {party}{how} on {when}").format(
        verb=verb,
        party=the_party(offer.answered_by),
        how=how,
        when=local_time(offer.answered_at),
    )
    if offer.answer_recorded_by:
        text += translate("NegotiationTab", " (recorded by {user})").format(
            user=offer.answer_recorded_by
        )
    if offer.answer_note:
        text += f": “{offer.answer_note}”"
    return text


def thread_html(talk: Negotiation) -> str:
    """Every round, first first: who offered what to whom, by when, and how it was answered."""
    kinds = {r.reference: r.kind for r in talk.remedies}
    blocks = []
    for offer in talk.offers:
        head = translate("NegotiationTab", "Round {round} · {ref} · {state}").format(
            round=offer.round, ref=offer.reference, state=offer_state_label(offer.state)
        )
        by = the_party(offer.proposed_by)
        who = translate("NegotiationTab", "{by} offers {to}:").format(
            by=by[:1].upper() + by[1:], to=the_parties(offer.answering)
        )
        if offer.parent:
            who = translate("NegotiationTab", "Countering {parent}, {by} offers {to}:").format(
                parent=offer.parent, by=by, to=the_parties(offer.answering)
            )
        items = []
        for r in offer.terms.remedies:
            amount = money_text(r.amount) if r.amount is not None else "—"
            line = (
                f"<b>{html.escape(amount)}</b> {html.escape(kind_label(kinds.get(r.remedy, '')))}"
            )
            line += f" ({html.escape(r.remedy)})"
            if r.description:
                line += f" — {html.escape(r.description)}"
            items.append(line)
        for o in offer.terms.obligations:
            items.append(
                html.escape(
                    translate("NegotiationTab", "{party} by {day}: {text}").format(
                        party=party_label(o.party), day=local_date(o.deadline), text=o.text
                    )
                )
            )
        if offer.terms.return_conditions:
            items.append(
                html.escape(
                    translate("NegotiationTab", "Return: {text}").format(
                        text=offer.terms.return_conditions
                    )
                )
            )
        due = "; ".join(
            translate("NegotiationTab", "{party} by {day}").format(
                party=party_label(p), day=local_date(d)
            )
            for p, d in offer.response_due.items()
        )
        lines = [
            f"<p style='margin-bottom:2px'><b>{html.escape(head)}</b></p>",
            f"<div>{html.escape(who)}</div>",
            "<ul style='margin-top:2px; margin-bottom:2px'>"
            + "".join(f"<li>{i}</li>" for i in items)
            + "</ul>",
            "<div>"
            + html.escape(translate("NegotiationTab", "Replies due: {due}").format(due=due))
            + "</div>",
            "<div>"
            + html.escape(
                translate("NegotiationTab", "Recorded by {user} on {when}").format(
                    user=offer.recorded_by, when=local_time(offer.created_at)
                )
            )
            + "</div>",
        ]
        answer = _answer_line(offer)
        if answer:
            lines.append(f"<div>↳ {html.escape(answer)}</div>")
        blocks.append("".join(lines))
    return "<hr/>".join(blocks)


class NegotiationTab(CaseTab):
    key = "negotiation"

    drafted = Signal(object)
    """The agreement drafted from the accepted offer."""

    def __init__(self, env: TabEnv, parent: QWidget | None = None) -> None:
        super().__init__(env, parent)
        self.talk: Negotiation | None = None
        self._drafts: list[Offer] = []
        self._no_draft = ""
        self.new_button = QPushButton(self.tr("Ne&w offer…"))
        self.counter_button = QPushButton(self.tr("&Counter…"))
        self.accept_button = QPushButton(self.tr("&Accept…"))
        self.decline_button = QPushButton(self.tr("Dec&line…"))
        self.withdraw_button = QPushButton(self.tr("&Withdraw…"))
        self.draft_button = QPushButton(self.tr("Draft agree&ment"))
        buttons = QHBoxLayout()
        for name, button in (
            ("new", self.new_button),
            ("counter", self.counter_button),
            ("accept", self.accept_button),
            ("decline", self.decline_button),
            ("withdraw", self.withdraw_button),
        ):
            button.setObjectName(f"offer-{name}")
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.draft_button.setObjectName("offer-draft")
        buttons.addWidget(self.draft_button)

        self.heading = QLabel()
        self.heading.setObjectName("negotiationHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rounds = QTextBrowser()
        self.rounds.setObjectName("negotiationThread")
        self.rounds.setAccessibleName(self.tr("Offer rounds"))
        self.rounds.setOpenLinks(False)
        self.status = QLabel()
        self.status.setObjectName("negotiationStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.heading)
        layout.addWidget(self.rounds, 1)
        layout.addWidget(self.status)

        self.new_button.clicked.connect(self.new_offer)
        self.counter_button.clicked.connect(self.counter)
        self.accept_button.clicked.connect(lambda: self.answer(OfferAction.ACCEPT))
        self.decline_button.clicked.connect(lambda: self.answer(OfferAction.DECLINE))
        self.withdraw_button.clicked.connect(lambda: self.answer(OfferAction.WITHDRAW))
        self.draft_button.clicked.connect(self.draft_agreement)
        self._enable()

    def title(self) -> str:
        return self.tr("Negot&iation")

    @staticmethod
    def load(ctx: Session, case: Case) -> Any:
        return load_negotiation(ctx, case)

    def show_case(self, case: Case, data: Any) -> None:
        if self.case is None or self.case.id != case.id:
            self.status.clear()  # what was said about another case
        super().show_case(case, data)
        data = data or {}
        self.talk = data.get("talk")
        self._drafts = list(data.get("drafts", []))
        self._no_draft = str(data.get("no_draft", ""))
        self._show()
        self._enable()

    def clear(self) -> None:
        super().clear()
        self.talk = None
        self._drafts = []
        self._no_draft = ""
        self.status.clear()
        self._show()
        self._enable()

    # ---- what the tab shows ------------------------------------------------------------------
    def current(self) -> Offer | None:
        """The open offer the answer buttons act on."""
        return self.talk.current() if self.talk is not None else None

    def _show(self) -> None:
        talk = self.talk
        if talk is None or not talk.offers:
            self.rounds.clear()
            self.heading.setText(
                self.tr(
                    "No offers yet. Record what one party proposes with New offer…; the other "
                    "parties' answers and counter-offers follow here, round by round."
                )
                if self.case is not None
                else ""
            )
            return
        self.rounds.setHtml(thread_html(talk))
        open_ = talk.current()
        if open_ is not None:
            self.heading.setText(
                self.tr("{ref} (round {round}) is open: {by} awaits an answer from {to}.").format(
                    ref=open_.reference,
                    round=open_.round,
                    by=the_party(open_.proposed_by),
                    to=the_parties(open_.answering),
                )
            )
        else:
            last = talk.offers[-1]
            self.heading.setText(
                self.tr("{ref} (round {round}) is {state}; no offer is open.").format(
                    ref=last.reference,
                    round=last.round,
                    state=offer_state_label(last.state).lower(),
                )
            )

    def who_may(self, action: OfferAction) -> tuple[Any, ...]:
        """The parties that may take `action` on the open offer now (the domain's answer)."""
        if self.talk is None:
            return ()
        return self.talk.who_may(self.current(), action)

    def _enable(self) -> None:
        offer = self.current()
        no_offer = self.tr("No offer is open.")
        for button, action, tip in (
            (self.counter_button, OfferAction.COUNTER, self.tr("Record a counter-offer")),
            (self.accept_button, OfferAction.ACCEPT, self.tr("Record that a party accepted it")),
            (self.decline_button, OfferAction.DECLINE, self.tr("Record that a party declined it")),
            (self.withdraw_button, OfferAction.WITHDRAW, self.tr("Take the offer back")),
        ):
            parties = self.who_may(action)
            button.setEnabled(bool(parties))
            if parties:
                button.setToolTip(tip + " (" + the_parties(list(parties)) + ")")
            elif offer is None:
                button.setToolTip(no_offer)
            else:
                button.setToolTip(self._why_not(offer, action))
        refusal = self.talk.new_offer_refusal if self.talk is not None else ""
        self.new_button.setEnabled(self.talk is not None and not refusal)
        self.new_button.setToolTip(
            self.tr("Record what one party proposes") if not refusal else _sentence(refusal)
        )
        can_draft = self.case is not None and bool(self._drafts)
        self.draft_button.setEnabled(can_draft)
        self.draft_button.setToolTip(
            self.tr("Draft the agreement from {ref}").format(ref=self._drafts[-1].reference)
            if can_draft
            else _sentence(self._no_draft) or self.tr("No offer has been accepted.")
        )

    def _why_not(self, offer: Offer, action: OfferAction) -> str:
        if action is OfferAction.ACCEPT:
            return self.tr("Its reply date has passed for every party: record a new offer.")
        return self.tr("Nobody may do that with {ref} now.").format(ref=offer.reference)

    # ---- actions -----------------------------------------------------------------------------
    def new_offer(self) -> OfferEditor | None:
        if self.case is None or self.talk is None or not self.new_button.isEnabled():
            return None
        return self._open(OfferEditor(self.ops, self.case, self.talk, None, self.window()))

    def counter(self) -> OfferEditor | None:
        offer = self.current()
        if self.case is None or self.talk is None or offer is None:
            return None
        if not self.who_may(OfferAction.COUNTER):
            return None
        return self._open(OfferEditor(self.ops, self.case, self.talk, offer, self.window()))

    def answer(self, action: OfferAction) -> AnswerOfferDialog | None:
        offer, parties = self.current(), self.who_may(action)
        if offer is None or not parties:
            return None
        return self._open(AnswerOfferDialog(self.ops, offer, action, parties, self.window()))

    def _open(self, dialog: Any) -> Any:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.succeeded.connect(self._recorded)
        dialog.open()
        return dialog

    def _recorded(self, offer: Offer) -> None:
        self.status.setText(
            self.tr("Recorded: {ref} is {state}.").format(
                ref=offer.reference, state=offer_state_label(offer.state).lower()
            )
        )

    def draft_agreement(self) -> Any:
        """One step from the accepted offer to a draft agreement, with the channel its
        acceptance came through; an acceptance recorded without one asks for it."""
        if self.case is None or not self._drafts:
            return None
        offer = self._drafts[-1]
        if offer.answered_via is None:
            dialog = CreateAgreementDialog(self.ops, self.case, [offer], self.window())
            return self._open_draft(dialog)
        case_id, ref = self.case.id, offer.reference
        channel = offer.answered_via.value.replace("-", " ")  # stored words, not the UI's language
        agreement = self.ops.run(
            lambda ctx: ctx.agreements.create(case_id, ref, channel),
            parent=self,
            on_done=self._drafted,
        )
        return agreement

    def _open_draft(self, dialog: CreateAgreementDialog) -> CreateAgreementDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.succeeded.connect(self._drafted)
        dialog.open()
        return dialog

    def _drafted(self, agreement: Any) -> None:
        self.status.setText(
            self.tr(
                "Drafted {number} version {version} from the accepted offer: issue it on the "
                "Agreements tab."
            ).format(number=agreement.number, version=agreement.version)
        )
        self.drafted.emit(agreement)
