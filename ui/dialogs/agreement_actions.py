"""Draft an agreement from an accepted offer, and issue a draft."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from resolution_center.domain.case import Case
from resolution_center.domain.offer import Offer
from resolution_center.services.session import Session

from ..i18n import LANGUAGES
from ..ops import Ops
from .action_dialog import ActionDialog


class CreateAgreementDialog(ActionDialog):
    def __init__(
        self, ops: Ops, case: Case, offers: list[Offer], parent: QWidget | None = None
    ) -> None:
        super().__init__(
            ops, self.tr("Draft an agreement for {ref}").format(ref=case.reference), parent
        )
        self.setObjectName("createAgreementDialog")
        self.case = case
        self.set_intro(
            self.tr(
                "The agreement is drafted from an offer the customer accepted; "
                "issue it afterwards to make it binding."
            )
        )
        self.offer = QComboBox()
        for offer in offers:
            self.offer.addItem(
                self.tr("{ref} (round {round}, accepted)").format(
                    ref=offer.reference, round=offer.round
                ),
                offer.reference,
            )
        self.add_field(self.tr("Accepted &offer:"), self.offer, "offer", "offer_ref")
        self.channel = QLineEdit(self.tr("email"))
        self.add_field(
            self.tr("Accepted &by (channel):"), self.channel, "channel", "acceptance_channel"
        )
        self.language = QComboBox()
        self.language.setObjectName("agreementLanguage")
        self.language.addItem(self.tr("The customers' language (message settings)"), "")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.add_field(self.tr("&Written in:"), self.language, "language")
        self.ok_button.setText(self.tr("&Draft agreement"))

    def perform(self, ctx: Session) -> Any:
        return ctx.agreements.create(
            self.case.id,
            str(self.offer.currentData() or ""),
            self.channel.text(),
            language=str(self.language.currentData() or "") or None,
        )


class IssueAgreementDialog(ActionDialog):
    def __init__(
        self, ops: Ops, case_id: int, number: str, version: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(ops, self.tr("Issue {number}").format(number=number), parent)
        self.setObjectName("issueAgreementDialog")
        self.case_id, self.number = case_id, number
        self.set_intro(
            self.tr(
                "Issue {number} version {version}? Its remedies are frozen and the text can no "
                "longer change; a change needs a new version."
            ).format(number=number, version=version)
        )
        self.ok_button.setText(self.tr("&Issue"))

    def perform(self, ctx: Session) -> Any:
        return ctx.agreements.issue(self.number)
