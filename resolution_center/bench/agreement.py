"""The agreement the PDF figure renders: an issued internal record with 20 audit lines.

Built the way storage rebuilds an issued agreement (`Agreement.from_content` over the canonical
content, plus the issue time, chain head, internal note and audit appendix), with the shipped
terms template filled in. Names in three scripts, a marketplace seller, three order items, two
remedies, three obligations, two approvals and an acceptance: an ordinary agreement.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from ..domain.actions import Action
from ..domain.agreement import Agreement, AuditLine, agreement_number
from ..domain.audit import ChainHead, format_time
from ..export.terms import load_terms_template

AUDIT_LINES = 20  # the case's history printed in the appendix, the issue event included
COMPANY = "Nordlicht Home & Living GmbH"
CUSTOMER = "Zoë Łukasiewicz-Ørsted"
SELLER = "Brennerei Kaffeetechnik e.K."
SPECIALIST, SUPERVISOR = "Σοφία Παπαδοπούλου", "Дмитрий Иванов"
NUMBER = agreement_number(2026, 317)
CASE, ORDER = "RC-2026-004211", "NL-2026-0048213"
ISSUED = datetime(2026, 11, 23, 9, 41, 7, tzinfo=UTC)


def _eur(minor: int) -> dict[str, object]:
    return {"minor": minor, "currency": "EUR"}


ITEMS = [  # (sku, product, seller, quantity, unit price in cents)
    ("SKU-0001-BP", "Espresso machine Barista Pro 2, stainless steel", SELLER, 1, 54_900),
    ("SKU-0002-BP", "Drip tray for Barista Pro 2", SELLER, 1, 2_490),
    ("SKU-0003-NL", "Milk jug 600 ml, brushed steel", "Nordlicht Home & Living", 2, 1_990),
]
SHIPPING = 590
EVENTS = [  # (actor, role, action, summary) cycled through the history
    (SPECIALIST, "specialist", "case.note", "Customer sent photos of the cracked drip tray."),
    ("system", "system", Action.CASE_STATUS_CHANGED, "Status: open -> waiting-customer."),
    (
        SPECIALIST,
        "specialist",
        Action.REMEDY_PROPOSED,
        "Partial refund 120.00 EUR proposed: a week without a usable machine.",
    ),
    (SUPERVISOR, "supervisor", Action.REMEDY_APPROVED, "Approved: the photos are convincing."),
    (
        SPECIALIST,
        "specialist",
        "offer.sent",
        "Offer sent to the customer by email with the replacement and the refund.",
    ),
]


def _party(
    role: str, name: str, address: tuple[str, ...], email: str, ref: str
) -> dict[str, object]:
    return {"role": role, "name": name, "address": list(address), "email": email, "reference": ref}


def content() -> dict[str, object]:
    """The canonical content (format rc-agreement-content/1) of the benchmark's agreement."""
    refund = 12_000
    terms = load_terms_template()
    paragraphs = terms.fill(
        company=COMPANY,
        customer=CUSTOMER,
        case_reference=CASE,
        order_number=ORDER,
        agreement_number=NUMBER,
        remedies_total="120.00 EUR",
        seller_clause=f", sold by {SELLER}",
    )
    items_total = sum(q * p for _, _, _, q, p in ITEMS)
    return {
        "format": "rc-agreement-content/1",
        "number": NUMBER,
        "version": 1,
        "parties": {
            "company": _party(
                "company",
                COMPANY,
                ("Speicherstraße 12", "20457 Hamburg", "Germany"),
                "resolutions@nordlicht.example",
                "HRB 123456",
            ),
            "customer": _party(
                "customer",
                CUSTOMER,
                ("Nørrebrogade 41, 3. tv.", "2200 København N", "Denmark"),
                "zoe.orsted@example.com",
                "Customer no. C-0042917",
            ),
            "seller": _party(
                "seller",
                SELLER,
                ("Am Röstwerk 3", "80331 München", "Germany"),
                "service@brennerei.example",
                "Seller id MS-88120",
            ),
        },
        "case": {
            "reference": CASE,
            "subject": "Espresso machine arrived with a cracked drip tray",
            "summary": "The machine arrived on 3 November 2026 with the drip tray cracked along "
            "its front edge; the carton showed a puncture and the carrier confirmed "
            "damage in transit.\n\nThe machine works. The customer asked for a new "
            "tray and compensation for a week without a usable machine; the seller "
            "agreed to ship the part directly.",
            "category": "Shipping problem / Damaged in transit",
            "order": {
                "number": ORDER,
                "currency": "EUR",
                "total": _eur(items_total + SHIPPING),
                "shipping": _eur(SHIPPING),
                "date": "2026-10-28",
                "items": [
                    {
                        "sku": s,
                        "product": p,
                        "seller": who,
                        "quantity": q,
                        "unit_price": _eur(price),
                    }
                    for s, p, who, q, price in ITEMS
                ],
            },
        },
        "remedies": [
            {
                "remedy_id": "RM-000041",
                "kind": "Partial refund",
                "amount": _eur(refund),
                "description": "Compensation for a week without a usable machine.",
            },
            {
                "remedy_id": "RM-000042",
                "kind": "Replacement",
                "amount": _eur(0),
                "description": "A new drip tray, shipped by the seller free of charge.",
            },
        ],
        "obligations": [
            {
                "party": "company",
                "text": "Refund 120.00 EUR to the original payment method.",
                "deadline": "2026-11-30",
            },
            {
                "party": "seller",
                "text": "Ship a new drip tray by tracked delivery.",
                "deadline": "2026-11-28",
            },
            {
                "party": "customer",
                "text": "Return the cracked tray with the prepaid label.",
                "deadline": "2026-12-14",
            },
        ],
        "terms": {"version": terms.version, "paragraphs": list(paragraphs)},
        "approvals": [
            {
                "name": SPECIALIST,
                "role": "specialist",
                "action": "proposed",
                "time": format_time(datetime(2026, 11, 20, 15, 2, 11, tzinfo=UTC)),
            },
            {
                "name": SUPERVISOR,
                "role": "supervisor",
                "action": "approved",
                "time": format_time(datetime(2026, 11, 21, 8, 30, 45, tzinfo=UTC)),
            },
        ],
        "acceptance": {
            "channel": "email",
            "reference": "MSG-20261122-88412",
            "time": format_time(datetime(2026, 11, 22, 14, 3, tzinfo=UTC)),
        },
    }


def agreement(lines: int = AUDIT_LINES) -> Agreement:
    """The issued agreement, its appendix `lines` events long (the last one is the issue)."""
    start = datetime(2026, 11, 3, 8, 15, tzinfo=UTC)
    step = (ISSUED - start) / lines
    history = [
        AuditLine(
            1000 + 7 * i,
            start + step * i,
            *EVENTS[i % len(EVENTS)][:3],
            f"{EVENTS[i % len(EVENTS)][3]} ({i + 1} of {lines})",
        )
        for i in range(lines - 1)
    ]
    head = 1000 + 7 * lines
    history.append(
        AuditLine(
            head,
            ISSUED,
            SUPERVISOR,
            "supervisor",
            Action.AGREEMENT_ISSUED,
            f"Agreement {NUMBER} version 1 issued.",
        )
    )
    return Agreement.from_content(
        content(),
        state="issued",
        issued_at=ISSUED,
        chain_head=ChainHead(head, hashlib.sha256(f"bench-head-{head}".encode()).hexdigest()),
        internal_notes=("Repeat buyer; goodwill above the usual cap (ticket OPS-7741).",),
        audit_lines=tuple(history),
    )
