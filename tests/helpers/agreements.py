"""A case negotiated to an accepted offer: the starting point of the agreement tests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from resolution_center.domain.audit import canonical_json
from resolution_center.domain.case import CaseDraft, Customer, Order, OrderItem
from resolution_center.domain.money import Money
from resolution_center.domain.offer import Offer
from resolution_center.services.session import Session
from tests.helpers.workspace import PASSWORD, Workspace

CUSTOMER = "Zoë Łukasiewicz-Ørsted"
SPECIALIST = "Σοφία Παπαδοπούλου"
SUPERVISOR = "Дмитрий Иванов"
COMPANY = "Nordlicht Home & Living GmbH"
SELLER = "Brennerei Kaffeetechnik e.K."


def eur(minor: int) -> Money:
    return Money(minor, "EUR")


def espresso_case() -> CaseDraft:
    order = Order(
        "NL-2026-0048213",
        "EUR",
        eur(61_380),
        eur(590),
        date(2026, 10, 28),
        (
            OrderItem("SKU-0001-BP", "Espresso machine Barista Pro 2", SELLER, 1, eur(54_900)),
            OrderItem("SKU-0002-BP", "Drip tray for Barista Pro 2", SELLER, 1, eur(2_490)),
            OrderItem("SKU-0003-BP", "Milk jug 600 ml", "Nordlicht Home & Living", 2, eur(1_700)),
        ),
    )
    return CaseDraft(
        Customer(CUSTOMER, "zoe.orsted@example.com", "+45 20 11 22 33"),
        order,
        "shipping-problem",
        "Espresso machine arrived with a cracked drip tray",
        "The drip tray was cracked along its front edge; the carton showed a puncture.",
        subcategory="damaged-in-transit",
    )


@dataclass
class Negotiated:
    ws: Workspace
    sofia: Session  # the specialist: authorizes the small remedy, proposes the large one
    dmitri: Session  # the supervisor who approves the large remedy
    case_ref: str
    small: str  # RM-: authorized within Σοφία's authority
    large: str  # RM-: approved by Дмитрий
    offer: Offer  # accepted by the customer

    def terms(self, **extra: Any) -> dict[str, Any]:
        return offer_terms(self.small, self.large, **extra)


def offer_terms(small: str, large: str | None = None, **extra: Any) -> dict[str, Any]:
    remedies: list[dict[str, Any]] = [
        {"remedy": small, "description": "Compensation for the cracked drip tray."},
    ]
    if large:
        remedies.append(
            {
                "remedy": large,
                "amount": "150.00",
                "description": "Partial refund for a week without the machine.",
            }
        )
    terms = {
        "remedies": remedies,
        "obligations": [
            {
                "party": "company",
                "text": "Refund to the original payment method.",
                "deadline": "2026-12-07",
            },
            {
                "party": "seller",
                "text": "Ship a new drip tray by tracked delivery.",
                "deadline": "2026-12-04",
            },
            {
                "party": "customer",
                "text": "Return the cracked tray with the prepaid label.",
                "deadline": "2026-12-21",
            },
        ],
        "return_conditions": "The cracked tray is returned with the prepaid label provided.",
    }
    terms.update(extra)
    return terms


def add_people(ws: Workspace) -> tuple[Session, Session]:
    root = ws.login("root")
    root.users.add("sofia", SPECIALIST, "specialist", PASSWORD)
    root.users.add("dmitri", SUPERVISOR, "supervisor", PASSWORD)
    root.agreements.set_company(
        COMPANY,
        ("Speicherstraße 12", "20457 Hamburg", "Germany"),
        "resolutions@nordlicht.example",
        "HRB 123456",
    )
    return ws.login("sofia"), ws.login("dmitri")


def negotiated(ws: Workspace, *, accept: bool = True) -> Negotiated:
    sofia, dmitri = add_people(ws)
    case = sofia.cases.create(espresso_case())
    small = sofia.remedies.propose(
        case.reference, "partial-refund", eur(4_000), reason="Cracked tray, photos on file."
    )
    assert small.state.value == "authorized", small.state
    large = sofia.remedies.propose(
        case.reference, "partial-refund", eur(15_000), reason="A week without the machine."
    )
    assert large.state.value == "pending-signoff", large.state
    large = dmitri.remedies.approve(large.reference, PASSWORD, "Photos are convincing.")
    assert large.state.value == "approved", large.state
    offer = sofia.offers.add(
        case.reference, "company", offer_terms(small.reference, large.reference), date(2026, 11, 30)
    )
    if accept:
        offer = sofia.offers.answer(offer.reference, "accept", "Accepted by email.")
    return Negotiated(ws, sofia, dmitri, case.reference, small.reference, large.reference, offer)


def multiplied(value: str, factor: int = 10) -> str:
    """A stored agreement value (agreements.value) with every agreed amount times `factor`: the
    forgery of someone who can write the table around the app."""
    doc = json.loads(value)
    for remedy in doc["content"]["remedies"]:
        remedy["amount"]["minor"] *= factor
    return canonical_json(doc)
