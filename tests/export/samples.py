"""A realistic agreement to render: three scripts in the names, a seller, long on demand."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

from resolution_center.domain.agreement import (
    Acceptance,
    AgreedRemedy,
    Agreement,
    AgreementState,
    Approval,
    ApprovalAction,
    AuditLine,
    CaseFacts,
    Obligation,
    Party,
    PartyRole,
    agreement_number,
)
from resolution_center.domain.audit import ChainHead
from resolution_center.domain.case import Order, OrderItem
from resolution_center.domain.money import Money, exponent
from resolution_center.export.terms import load_terms_template

CUSTOMER = "Zoë Łukasiewicz-Ørsted"
SPECIALIST = "Σοφία Παπαδοπούλου"
SUPERVISOR = "Дмитрий Иванов"
COMPANY = "Nordlicht Home & Living GmbH"
SELLER = "Brennerei Kaffeetechnik e.K."
INTERNAL_NOTE = (
    "Customer is a repeat buyer; goodwill approved above the usual cap (ticket OPS-7741)."
)

PRODUCTS = [
    ("Espresso machine Barista Pro 2, stainless steel", 54900),
    ("Drip tray for Barista Pro 2", 2490),
    ("Milk jug 600 ml, brushed steel", 1990),
    ("Descaling tablets, pack of 12", 1290),
    ("Tamper 58 mm with walnut handle", 3450),
    ("Coffee beans Sidamo, 1 kg", 2390),
    ("Knock box, black", 1790),
    ("Water filter cartridge, 3 pack", 2190),
]
ISSUED = datetime(2026, 11, 23, 9, 41, 7, tzinfo=UTC)


def _money(major_hundredths: int, currency: str) -> Money:
    """Prices are written in hundredths of a major unit; scale them to the currency's exponent."""
    exp = exponent(currency)
    if currency == "JPY":
        return Money(major_hundredths, currency)  # yen prices written whole
    return Money(major_hundredths * 10**exp // 100, currency)


OFFER = "OF-000042"  # the offer the customer accepted


def sample_agreement(
    items: int = 3,
    audit_lines: int = 20,
    currency: str = "EUR",
    *,
    state: AgreementState = AgreementState.ISSUED,
    version: int = 2,
    seller: bool = True,
) -> Agreement:
    order_items = []
    for i in range(1, items + 1):
        product, price = PRODUCTS[(i - 1) % len(PRODUCTS)]
        if currency == "JPY":
            price = price // 100 * 100
        if i > len(PRODUCTS):
            product = f"{product} (lot {i})"
        order_items.append(
            OrderItem(
                f"SKU-{i:04d}-BP",
                product,
                SELLER if i % 3 else "Nordlicht Home & Living",
                1 + (i % 4 == 0),
                _money(price, currency),
                i,
            )
        )
    shipping = _money(590 if currency != "JPY" else 800, currency)
    items_total = Money.zero(currency)
    for it in order_items:
        items_total = items_total + it.total
    order = Order(
        "NL-2026-0048213",
        currency,
        items_total + shipping,
        shipping,
        date(2026, 10, 28),
        tuple(order_items),
    )
    case = CaseFacts(
        "RC-2026-000317",
        "Espresso machine arrived with a cracked drip tray",
        "The customer received the espresso machine on 3 November 2026 with the drip tray "
        "cracked along its front edge; the outer carton showed a puncture. Photos were supplied "
        "on the same day and the carrier confirmed damage in transit.\n\n"
        "The machine itself works. The customer asked for a replacement tray and compensation "
        "for the week without a usable machine; the marketplace seller agreed to ship the part "
        "directly. <Nothing> in this summary is markup & it must print literally.",
        "Shipping problem / Damaged in transit",
        order,
    )
    refund = Money(12000, currency) if currency == "JPY" else _money(12000, currency)
    remedies = (
        AgreedRemedy(
            "RM-000041",
            "Partial refund",
            "Compensation for the damaged drip tray and a week without a usable machine.",
            refund,
        ),
        AgreedRemedy(
            "RM-000042",
            "Replacement",
            "Replacement drip tray shipped by the marketplace seller, free of charge.",
            Money.zero(currency),
        ),
    )
    obligations = [
        Obligation(
            PartyRole.COMPANY,
            f"Refund {refund.format()} to the original payment method.",
            date(2026, 11, 30),
        ),
        Obligation(
            PartyRole.CUSTOMER,
            "Return the cracked drip tray with the prepaid label "
            "provided, or dispose of it if the return label is not used within 14 days.",
            date(2026, 12, 14),
        ),
    ]
    if seller:
        obligations.insert(
            1,
            Obligation(
                PartyRole.SELLER,
                "Ship a new drip tray for the Barista Pro 2 by tracked delivery and send the "
                "tracking number.",
                date(2026, 11, 28),
            ),
        )
    template = load_terms_template()
    total = Money.zero(currency)
    for r in remedies:
        total = total + r.amount
    number = agreement_number(2026, 1)
    terms = template.fill(
        company=COMPANY,
        customer=CUSTOMER,
        case_reference=case.reference,
        order_number=order.number,
        agreement_number=number,
        remedies_total=total.format(),
        seller_clause=f", sold by {SELLER}" if seller else "",
    )
    approvals = (
        Approval(
            SPECIALIST,
            "specialist",
            ApprovalAction.PROPOSED,
            datetime(2026, 11, 20, 15, 2, 11, tzinfo=UTC),
        ),
        Approval(
            SUPERVISOR,
            "supervisor",
            ApprovalAction.APPROVED,
            datetime(2026, 11, 21, 8, 30, 45, tzinfo=UTC),
        ),
    )
    acceptance = Acceptance(
        "email", datetime(2026, 11, 22, 14, 3, 0, tzinfo=UTC), "MSG-20261122-88412", OFFER
    )
    lines = []
    start = datetime(2026, 11, 3, 8, 15, tzinfo=UTC)
    step = (ISSUED - start) / (audit_lines + 1)
    actors = [(SPECIALIST, "specialist"), ("system", "system"), (SUPERVISOR, "supervisor")]
    actions = ["case.note", "case.status", "remedy.proposed", "case.update", "message.sent"]
    for i in range(audit_lines):
        actor, role = actors[i % len(actors)]
        seq = 100001 + 3 * i
        summary = (
            f"Event {i + 1}: "
            + "customer wrote again about the tray; " * (1 + i % 4)
            + ("https://example.invalid/a/very/long/path/" + "x" * 90 if i % 17 == 5 else "")
        )
        lines.append(
            AuditLine(
                seq, start + step * i, actor, role, actions[i % len(actions)], summary.strip()
            )
        )
    issued = state is not AgreementState.DRAFT
    head_seq = 100001 + 3 * audit_lines
    if issued:
        lines.append(
            AuditLine(
                head_seq,
                ISSUED,
                SUPERVISOR,
                "supervisor",
                "agreement.issued",
                f"Agreement {number} version {version} issued",
            )
        )
    head = ChainHead(head_seq, hashlib.sha256(f"head-{head_seq}".encode()).hexdigest())
    return Agreement(
        number=number,
        version=version,
        state=state,
        company=Party(
            PartyRole.COMPANY,
            COMPANY,
            ("Speicherstraße 12", "20457 Hamburg", "Germany"),
            "resolutions@nordlicht.example",
            "HRB 123456 · VAT DE301234567",
        ),
        customer=Party(
            PartyRole.CUSTOMER,
            CUSTOMER,
            ("Nørrebrogade 41, 3. tv.", "2200 København N", "Denmark"),
            "zoe.orsted@example.com",
            "Customer no. C-0042917",
        ),
        seller=Party(
            PartyRole.SELLER,
            SELLER,
            ("Am Röstwerk 3", "80331 München", "Germany"),
            "service@brennerei.example",
            "Seller id MS-88120",
        )
        if seller
        else None,
        case=case,
        remedies=remedies,
        obligations=tuple(obligations),
        terms=terms,
        terms_version=template.version,
        approvals=approvals,
        acceptance=acceptance if issued else None,
        internal_notes=(INTERNAL_NOTE,),
        audit_lines=tuple(lines),
        issued_at=ISSUED if issued else None,
        chain_head=head if issued else None,
        superseded_by=version + 1 if state is AgreementState.SUPERSEDED else None,
        void_reason="Issued to the wrong order; replaced by AG-2026-000007."
        if state is AgreementState.VOIDED
        else "",
    )
