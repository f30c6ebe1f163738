"""Reproducible synthetic cases: realistic text, categories and history from a seeded RNG.

Record i depends only on (seed, i), so any slice of the data set can be regenerated alone and
two runs of the same size hold the same cases. Search words are planted at known rates, so the
benchmark's searches mean the same thing at every size and their results grow with it:
RARE_WORD in one case in RARE_SHARE (5 at 10,000 cases, 50 at 100,000: a fixed 5 at every size
made the growth figure flat by construction), COMMON_WORD in about a third of the cases,
PREFIX matching about 60 %.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from ..domain.case import CaseDraft, Channel, Customer, Order, OrderItem, Priority, Status
from ..domain.money import Money, exponent
from ..services.imports import ImportNote, ImportRecord

EPOCH = datetime(2026, 1, 1, tzinfo=UTC)  # cases are received over the year before this
SPAN = timedelta(days=365)
BIG_CASE_EVENTS = 5_000
RARE_SHARE = 2_000
RARE_WORD = "harpsichord"
COMMON_WORD = "refund"
PREFIX = "deliv"

FIRST = (
    "Anna",
    "Ben",
    "Chloé",
    "Dmitri",
    "Eva",
    "Farid",
    "Greta",
    "Hiroshi",
    "Ingrid",
    "Jonas",
    "Kasia",
    "Luca",
    "María",
    "Nils",
    "Olga",
    "Pedro",
    "Quinn",
    "Rosa",
    "Søren",
    "Tomasz",
    "Ulla",
    "Vera",
    "Wen",
    "Xavier",
    "Yusuf",
    "Zoë",
    "Aisha",
    "Bruno",
    "Camille",
    "Dara",
    "Emil",
    "Fatima",
    "Gustav",
    "Hana",
    "Igor",
    "Julia",
    "Kofi",
    "Lena",
    "Mateo",
    "Noor",
)
LAST = (
    "Andersen",
    "Bauer",
    "Costa",
    "Dubois",
    "Eriksson",
    "Fischer",
    "García",
    "Horváth",
    "Ivanova",
    "Jansen",
    "Kowalski",
    "Lindqvist",
    "Müller",
    "Nowak",
    "O'Brien",
    "Petrov",
    "Quintero",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Ulrich",
    "Varga",
    "Wójcik",
    "Xu",
    "Yilmaz",
    "Zielińska",
    "Łukasiewicz",
    "Øverland",
    "Novák",
    "Papadopoulos",
)
PRODUCTS = (
    ("Electric kettle", 3_999),
    ("Cordless drill", 8_999),
    ("Running shoes", 11_900),
    ("Winter jacket", 15_900),
    ("Bluetooth speaker", 5_499),
    ("Coffee grinder", 4_599),
    ("Office chair", 22_900),
    ("Smart watch", 24_900),
    ("Baby stroller", 34_900),
    ("Hair dryer", 2_999),
    ("Gaming headset", 7_999),
    ("Yoga mat", 2_499),
    ("Standing desk", 44_900),
    ("Air fryer", 9_999),
    ("Phone case", 1_499),
    ("Robot vacuum", 29_900),
    ("Espresso machine", 39_900),
    ("Desk lamp", 3_499),
    ("Ceramic cookware set", 12_900),
    ("Electric toothbrush", 6_999),
    ("Mattress topper", 8_499),
    ("Children's bicycle", 19_900),
    ("Wireless earbuds", 12_900),
    ("Blender", 6_499),
    ("Laptop sleeve", 2_299),
    ("LED television", 59_900),
    ("Space heater", 5_999),
    ("Camping tent", 17_900),
    ("Pressure cooker", 8_999),
    ("Tablet stand", 1_999),
)
SELLERS = (
    "Acme Home",
    "Nordic Living",
    "Brightside Electronics",
    "Trailhead Outdoor",
    "Casa Bella",
    "Urban Threads",
    "Kitchen Corner",
    "TechNest",
    "Little Steps",
    "PowerTools Direct",
    "Sunrise Sports",
    "Zen Interiors",
    "Gadget Garage",
    "Blue Harbor Goods",
    "Maple & Oak",
)
CARRIERS = ("DHL", "UPS", "DPD", "GLS", "PostNord", "InPost", "Royal Mail", "FedEx")
CURRENCIES = (
    ("EUR", 40),
    ("USD", 25),
    ("GBP", 10),
    ("PLN", 8),
    ("SEK", 5),
    ("JPY", 5),
    ("CHF", 4),
    ("KWD", 3),
)
CATEGORIES = (
    ("order-issue", 20),
    ("shipping-problem", 22),
    ("product-defect", 12),
    ("return-refund", 18),
    ("billing-dispute", 10),
    ("warranty-claim", 8),
    ("pre-sale-inquiry", 6),
    ("fraud-suspicion", 4),
)
SUBCATEGORIES = {
    "pre-sale-inquiry": ("product-information", "availability"),
    "order-issue": ("wrong-item", "missing-component"),
    "shipping-problem": ("delay", "damaged-in-transit", "lost"),
    "billing-dispute": ("duplicate-charge", "unrecognised-charge", "subscription-charge"),
}
STATUSES = (
    (Status.NEW, 8),
    (Status.OPEN, 20),
    (Status.WAITING_CUSTOMER, 10),
    (Status.WAITING_THIRD_PARTY, 5),
    (Status.ESCALATED, 5),
    (Status.RESOLVED, 22),
    (Status.CLOSED, 30),
)
CHANNELS = (
    (Channel.EMAIL, 35),
    (Channel.WEB_FORM, 25),
    (Channel.CHAT, 15),
    (Channel.PHONE, 12),
    (Channel.MARKETPLACE, 9),
    (Channel.SOCIAL, 4),
)
PRIORITIES = (
    (Priority.LOW, 15),
    (Priority.NORMAL, 60),
    (Priority.HIGH, 20),
    (Priority.CRITICAL, 5),
)
TAGS = ("vip", "repeat-contact", "social-media", "chargeback", "bulk-order", "gift", "b2b")

SUBJECTS = {
    "order-issue": (
        "Wrong {product} received",
        "{product} arrived without parts",
        "Order {order} incomplete",
        "Received a different {product} model",
    ),
    "shipping-problem": (
        "{product} not delivered yet",
        "Parcel with {product} damaged",
        "{carrier} lost my parcel",
        "Delivery of order {order} is late",
    ),
    "product-defect": (
        "{product} stopped working",
        "{product} is faulty",
        "{product} overheats",
        "Broken {product} after a week",
    ),
    "return-refund": (
        "Refund for {product} not received",
        "Return of {product}",
        "Want my money back for {product}",
        "Refund status for order {order}",
    ),
    "billing-dispute": (
        "Charged twice for {product}",
        "Unknown charge on my card",
        "Subscription charged after cancelling",
        "Wrong amount charged",
    ),
    "warranty-claim": (
        "Warranty repair for {product}",
        "{product} failed within warranty",
        "Warranty replacement request",
    ),
    "pre-sale-inquiry": (
        "Is the {product} in stock?",
        "Question about {product} size",
        "Does {product} ship abroad?",
    ),
    "fraud-suspicion": (
        "Order I did not place",
        "Account used without permission",
        "Suspicious order on my account",
    ),
}
OPENERS = (
    "Hello, I ordered a {product} from {seller} on {day}.",
    "Hi, my order {order} with a {product} from {seller} has a problem.",
    "Dear support, I am writing about the {product} I bought on {day}.",
    "Good morning. On {day} I placed order {order} for a {product}.",
)
DETAILS = {
    "order-issue": (
        "The box contained a different item than the one I ordered.",
        "Two of the parts listed in the manual are missing.",
        "The colour is not the one shown on the product page.",
    ),
    "shipping-problem": (
        "Tracking says the parcel was delivered but nothing arrived.",
        "The delivery is now two weeks late and {carrier} does not answer.",
        "The parcel arrived crushed and the item inside is broken.",
        "The courier marked it delivered to a neighbour I do not know.",
    ),
    "product-defect": (
        "It stopped working after three days of normal use.",
        "It makes a loud noise and smells of burnt plastic.",
        "The switch is loose and it turns itself off.",
        "The screen flickers and then goes black.",
    ),
    "return-refund": (
        "I sent it back with {carrier} but have not received my refund.",
        "The return label does not work.",
        "I was told the refund would take five days, it has been three weeks.",
        "I would like to return it because it does not fit.",
    ),
    "billing-dispute": (
        "My card was charged twice for the same order.",
        "There is a charge I do not recognise on my statement.",
        "I cancelled the subscription but was charged again this month.",
        "The amount charged is higher than the price at checkout.",
    ),
    "warranty-claim": (
        "It is still under the two-year warranty.",
        "The repair shop says the fault is covered by the warranty.",
        "I have the receipt and the warranty card.",
    ),
    "pre-sale-inquiry": (
        "Could you tell me the exact dimensions before I buy?",
        "Is there a newer model coming soon?",
        "I would like to know if it works with 110 V.",
    ),
    "fraud-suspicion": (
        "I did not place this order and my password was changed.",
        "Someone used my account to order items to another address.",
        "I received a confirmation for an order I never made.",
    ),
}
GENERAL = (
    "I have attached photos of the problem.",
    "Please let me know what I should do next.",
    "This is the second time I am contacting you about this.",
    "I would prefer a replacement if possible.",
    "I expected the delivery last week.",
    "The seller has not replied to my messages.",
    "I need this resolved before the holidays.",
    "My order number is {order}.",
    "You can reach me by email at any time.",
    "I am quite disappointed with the service so far.",
)
REFUND_LINES = (
    "I would like a full refund.",
    "If a refund is not possible, a voucher would be acceptable.",
    "Please confirm when the refund has been issued.",
)
DELIVERY_LINES = (
    "The delivery address is correct in my account.",
    "It was delivered to the wrong building.",
    "Can you check with the delivery company?",
    "The parcel was never delivered to my door.",
)
RARE_LINE = "It was bought together with a {rare} stool for my daughter's lessons."
NOTE_LINES = (
    "Called the customer, no answer; left a voicemail.",
    "Customer sent photos; damage is visible on the corner.",
    "Asked {seller} for the tracking history.",
    "{carrier} opened an investigation, reference {ref}.",
    "Offered a replacement; waiting for the customer to confirm.",
    "Customer confirmed the delivery address.",
    "Refund of the shipping cost approved by the team lead.",
    "Seller replied: the item is back in stock next week.",
    "Reminded the customer to send the return label.",
    "Checked the payment provider; one charge is a pre-authorisation.",
    "Customer is unhappy with the delay and asks for compensation.",
    "Escalation note: repeated contact, handle with priority.",
)


T = TypeVar("T")


def _weighted(rng: random.Random, table: tuple[tuple[T, int], ...]) -> T:
    total = sum(w for _, w in table)
    pick = rng.randrange(total)
    for value, weight in table:
        pick -= weight
        if pick < 0:
            return value
    return table[-1][0]


@dataclass(frozen=True, slots=True)
class Spec:
    """A data set: N cases with about K events each, and a few cases with 5,000+ events."""

    cases: int
    events_per_case: int
    seed: int = 20261123
    big_cases: int = 3
    big_events: int = BIG_CASE_EVENTS

    def big_indexes(self) -> tuple[int, ...]:
        if self.cases < 8:
            return ()
        step = self.cases // (self.big_cases + 1)
        return tuple(step * (k + 1) for k in range(self.big_cases))

    def rare_indexes(self) -> frozenset[int]:
        n = min(max(1, self.cases // RARE_SHARE), self.cases)
        return frozenset((2 * k + 1) * self.cases // (2 * n) for k in range(n))

    def new_customer(self, i: int) -> bool:
        """Every fifth case (from the fifth on) is a returning customer's."""
        return not (i % 5 == 0 and i >= 5)

    def customer_index(self, i: int) -> int:
        return i if self.new_customer(i) else i - 3

    def notes_for(self, i: int, big: bool) -> int:
        own = 1 + (1 if self.new_customer(i) else 0)  # case.imported (+ customer.created)
        target = self.big_events if big else self.events_per_case
        return max(0, target - own)


def person(spec: Spec, index: int) -> Customer:
    rng = random.Random(spec.seed * 7_919 + index)
    first, last = rng.choice(FIRST), rng.choice(LAST)
    plain = "".join(ch for ch in f"{first}.{last}".lower() if ch.isascii() and ch != "'")
    domain = rng.choice(("example.com", "example.org", "mail.example", "example.net"))
    phone = f"+{rng.randrange(30, 50)} {rng.randrange(100, 999)} {rng.randrange(100_000, 999_999)}"
    return Customer(f"{first} {last}", f"{plain}.{index}@{domain}", phone)


def record(spec: Spec, i: int, *, big_allowed: bool = True) -> ImportRecord:
    """Case number i of the data set (0-based)."""
    rng = random.Random(spec.seed * 1_000_003 + i)
    category = str(_weighted(rng, CATEGORIES))
    subs = SUBCATEGORIES.get(category)
    sub = rng.choice(subs) if subs and rng.random() < 0.7 else None
    product, base_price = rng.choice(PRODUCTS)
    seller = rng.choice(SELLERS)
    carrier = rng.choice(CARRIERS)
    currency = str(_weighted(rng, CURRENCIES))
    scale = 10 ** exponent(currency)
    received = EPOCH - SPAN + SPAN * (i + rng.random()) / max(spec.cases, 1)
    order_day = (received - timedelta(days=rng.randrange(1, 30))).date()
    order_no = f"{rng.choice(('WEB', 'APP', 'MKT', 'SHP'))}-{1_000_000 + i}"
    items = []
    for line in range(1, rng.choice((1, 1, 1, 2, 2, 3)) + 1):
        p_name, p_price = (product, base_price) if line == 1 else rng.choice(PRODUCTS)
        price = max(1, p_price * scale // 100 * rng.randrange(80, 121) // 100)
        qty = rng.choice((1, 1, 1, 2))
        items.append(
            OrderItem(
                f"SKU-{rng.randrange(10**6):06d}", p_name, seller, qty, Money(price, currency)
            )
        )
    shipping = Money(rng.choice((0, 0, 499, 999)) * scale // 100, currency)
    total = Money(sum(it.unit_price.minor * it.quantity for it in items) + shipping.minor, currency)
    fill = {
        "product": product.lower(),
        "seller": seller,
        "carrier": carrier,
        "order": order_no,
        "day": f"{order_day:%d %B %Y}",
        "rare": RARE_WORD,
    }
    subject = rng.choice(SUBJECTS[category]).format(**fill)
    subject = subject[0].upper() + subject[1:]
    lines = [rng.choice(OPENERS), rng.choice(DETAILS[category])]
    lines += rng.sample(GENERAL, rng.randrange(1, 4))
    if category == "return-refund" or rng.random() < 0.22:
        lines.append(rng.choice(REFUND_LINES))
    if category == "shipping-problem" or rng.random() < 0.35:
        lines.append(rng.choice(DELIVERY_LINES))
    if i in spec.rare_indexes():
        lines.insert(1, RARE_LINE)
    description = " ".join(line.format(**fill) for line in lines)
    status = _weighted(rng, STATUSES)
    big = big_allowed and i in spec.big_indexes()
    n_notes = spec.notes_for(i, big)
    notes = []
    moment = received
    for k in range(n_notes):
        moment += timedelta(minutes=rng.randrange(5, 600 if not big else 60))
        text = rng.choice(NOTE_LINES).format(
            seller=seller, carrier=carrier, ref=f"{rng.randrange(10**8):08d}"
        )
        notes.append(ImportNote(text, moment, to_customer=(k == 0 and rng.random() < 0.6)))
    safety = category == "product-defect" and rng.random() < 0.1
    draft = CaseDraft(
        person(spec, spec.customer_index(i)),
        Order(order_no, currency, total, shipping, order_day, tuple(items)),
        category,
        subject,
        description,
        sub,
        _weighted(rng, CHANNELS),
        _weighted(rng, PRIORITIES),
        safety,
        tuple(rng.sample(TAGS, rng.choice((0, 0, 1, 2)))),
    )
    resolved = moment if status in (Status.RESOLVED, Status.CLOSED) else None
    return ImportRecord(
        draft,
        status=status,
        received_at=received,
        resolved_at=resolved,
        source="bench",
        source_id=str(i),
        notes=tuple(notes),
        row=i + 1,
    )


def records(
    spec: Spec, start: int = 0, stop: int | None = None, *, big_allowed: bool = True
) -> Iterator[ImportRecord]:
    for i in range(start, spec.cases if stop is None else stop):
        yield record(spec, i, big_allowed=big_allowed)
