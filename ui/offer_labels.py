"""Words for negotiation: parties, answer channels and offer states as the window shows them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from resolution_center.domain.agreement import PartyRole
from resolution_center.domain.offer import OfferChannel, OfferState

translate = QCoreApplication.translate  # a name pyside6-lupdate recognises


def party_label(party: PartyRole | str) -> str:
    labels: dict[str, str] = {
        PartyRole.COMPANY: translate("OfferLabels", "Company"),
        PartyRole.CUSTOMER: translate("OfferLabels", "Customer"),
        PartyRole.SELLER: translate("OfferLabels", "Marketplace seller"),
    }
    return labels.get(str(party), str(party))


def the_party(party: PartyRole | str) -> str:
    """A party inside a sentence: "the marketplace seller"."""
    return translate("OfferLabels", "the {party}").format(party=party_label(party).lower())


def the_parties(parties: tuple[PartyRole, ...] | list[PartyRole]) -> str:
    """Parties inside a sentence: "the customer and the marketplace seller"."""
    names = [the_party(p) for p in parties]
    if len(names) < 2:
        return "".join(names)
    return translate("OfferLabels", "{first} and {last}").format(
        first=", ".join(names[:-1]), last=names[-1]
    )


def channel_label(channel: OfferChannel | str) -> str:
    labels: dict[str, str] = {
        OfferChannel.EMAIL: translate("OfferLabels", "Email"),
        OfferChannel.PHONE: translate("OfferLabels", "Phone"),
        OfferChannel.CHAT: translate("OfferLabels", "Chat"),
        OfferChannel.LETTER: translate("OfferLabels", "Letter"),
        OfferChannel.IN_PERSON: translate("OfferLabels", "In person"),
        OfferChannel.PORTAL: translate("OfferLabels", "Customer portal"),
    }
    return labels.get(str(channel), str(channel))


def offer_state_label(state: OfferState | str) -> str:
    labels: dict[str, str] = {
        OfferState.OPEN: translate("OfferLabels", "Open"),
        OfferState.ACCEPTED: translate("OfferLabels", "Accepted"),
        OfferState.DECLINED: translate("OfferLabels", "Declined"),
        OfferState.COUNTERED: translate("OfferLabels", "Countered"),
        OfferState.WITHDRAWN: translate("OfferLabels", "Withdrawn"),
    }
    return labels.get(str(state), str(state))
