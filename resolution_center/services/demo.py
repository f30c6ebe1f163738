"""Fill a new database with a reproducible demo: users of every role and ~300 cases with history."""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ..domain.case import (
    OPEN_STATUSES,
    TIER_ORDER,
    TRANSITIONS,
    Case,
    CaseDraft,
    Channel,
    Customer,
    Order,
    OrderItem,
    Priority,
    Status,
    Tier,
    effective_priority,
)
from ..domain.closing import CLOSE_OVERRIDE_ROLES
from ..domain.errors import ValidationError
from ..domain.money import Money
from ..domain.taxonomy import Taxonomy
from ..storage.db import DatabaseTarget, open_database, parse_target
from ..storage.demo_queries import DemoQueries
from ..storage.dialect import dialect_class
from ..storage.repositories import AuditRepository, UserRepository
from ..storage.store import Actor, Store
from . import demo_content as text
from .context import SYSTEM_ACTOR, Clock, Config, system_clock
from .demo_agreements import add_demo_agreements
from .demo_follow_ups import add_demo_follow_ups
from .demo_people import DEMO_USERS
from .demo_remedies import CasePlan, DemoRemedies, RemedyStep, add_demo_remedies
from .demo_sla import add_demo_sla
from .session import Session
from .setup import initialize

SEED = 20261123
CASE_COUNT = 300
HISTORY_DAYS = 60
# Normal-priority open cases whose resolution deadlines fall two hours apart across the day after
# the run day's start: whatever the hour the demo is opened, a few are due soon.
SHOWCASE = 14

Progress = Callable[[int, int], None]
PhaseReport = Callable[[str], None]
"""Told the name of each phase as it starts: users, history, saving, agreements."""
# The phases after the case history, in units of the progress total, weighed by how long they
# take against one scheduled action (~1 ms): committing the whole history in one go, then the
# negotiated cases' agreements. Without them the bar stood at 100% while they ran.
SAVE_UNITS = 200
AGREEMENT_UNITS = 400
REOPENED = "reopened"  # not a status: a case that was resolved or closed and opened again
FINALS: tuple[str, ...] = (*(s.value for s in Status), REOPENED)


@dataclass(frozen=True, slots=True)
class DemoResult:
    cases: int
    users: list[tuple[str, str, str]]  # (username, role, password) of the users created
    events: int  # audit events the demo appended (everything but the database's init)
    remedies: int = 0  # remedies proposed, in every state
    agreements: int = 0  # cases given a negotiation (offers, agreements) by demo_agreements


class _SimClock:
    """The time each scheduled action happened; every demo context reads it."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def move_to(self, moment: datetime) -> None:
        """Forward only: a step written after the history never dates before its end."""
        self.moment = max(self.moment + timedelta(seconds=1), moment)


def fill_demo(
    url: str,
    *,
    force: bool = False,
    config: Config | None = None,
    progress: Progress | None = None,
    clock: Clock = system_clock,
    step: PhaseReport | None = None,
) -> DemoResult:
    """Initialise `url` if needed and fill it with demo users and cases made by the services.

    `clock` only fixes the run day (tests); the history is back-dated from that day's start.
    """
    config = config or Config.from_env()
    target = parse_target(url)
    if not force:
        if dialect_class(url).server_logins:
            # Where the server stamps audit times and users are login roles: a back-dated
            # history is impossible and demo passwords would become real server credentials.
            raise ValidationError(
                f"the demo fills new SQLite files only, not {target.display}; "
                "force it to add demo users and cases to a PostgreSQL database anyway",
                field="url",
            )
        _refuse_if_used(target)
    anchor = clock().astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    start = anchor - timedelta(days=HISTORY_DAYS + 1)
    sim = _SimClock(start)
    initialize(url, config=config, clock=sim)
    actions = _schedule(random.Random(SEED), anchor, config.taxonomy)
    store = Store.open(url)
    try:
        if not store.dialect.server_logins:  # else remedies go through users' own roles
            actions = _with_remedies(actions, anchor)
        history = len(DEMO_USERS) + len(actions)
        total = history + SAVE_UNITS + AGREEMENT_UNITS
        before = _head_seq(store)
        # One transaction (each service call is a savepoint in it): a failure leaves the database
        # as it was, and SQLite commits once instead of ~2,500 times (a third faster).
        with store.db.atomic():
            if step:
                step("users")
            created = _add_users(store, sim, config, start, progress, total)
            if step:
                step("history")
            contexts = _contexts(store, sim, config)
            remedies = DemoRemedies(contexts, {u.username: u.password for u in DEMO_USERS})
            cases: dict[int, Case] = {}
            for done, action in enumerate(actions, start=len(DEMO_USERS) + 1):
                sim.moment = action.at
                if action.kind == "remedy":
                    case = cases[action.case_no]
                    remedies.apply(action.args["step"], case)
                    # a remedy above the case's tier's authority escalated it
                    cases[action.case_no] = contexts[action.actor].cases.get(case.id)
                else:
                    _apply(contexts[action.actor], action, cases)
                if progress:
                    progress(done, total)
            # Closing the loop: follow-ups (one due as the run day starts), a linked pair,
            # a repeat claimant; at the end of the history, with the clock only moving on.
            latest = {c.id: contexts["sofia"].cases.get(c.id) for c in cases.values()}
            add_demo_follow_ups(contexts, list(latest.values()), anchor, sim.move_to)
            add_demo_sla(contexts, anchor, sim.move_to)  # a calendar, and the sweep's breaches
            if step:
                step("saving")
        if progress:
            progress(history + SAVE_UNITS, total)
        if step:
            step("agreements")
        # Its own connection and transaction, once the history above is committed; it goes on
        # from the last event, so the audit trail's times still never go back.
        agreements = add_demo_agreements(url, config=config, clock=clock)
        events = _head_seq(store) - before
        if progress:
            progress(total, total)
        return DemoResult(len(cases), created, events, remedies.count, agreements)
    finally:
        store.close()


def _with_remedies(actions: list[_Action], anchor: datetime) -> list[_Action]:
    """The case schedule with the demo's remedy steps merged in, all in time order."""
    roles = {u.username: u.role for u in DEMO_USERS}
    steps = add_demo_remedies(random.Random(SEED + 1), _case_plans(actions), anchor, roles)
    merged = actions + [_remedy_action(n, s) for n, s in enumerate(steps)]
    merged.sort(key=lambda a: (a.at, a.case_no, a.step))
    return merged


def _remedy_action(n: int, step: RemedyStep) -> _Action:
    # After any case step at the same moment: a case's steps are numbered from 0.
    return _Action(step.at, step.case_no, 100_000 + n, step.actor, "remedy", {"step": step})


def _case_plans(actions: list[_Action]) -> list[CasePlan]:
    """What each case's planned history amounts to, for placing remedies on the cases."""
    plans: dict[int, dict[str, Any]] = {}
    for a in actions:  # in time order
        if a.kind == "create":
            order = a.args["draft"].order
            plans[a.case_no] = {
                "no": a.case_no,
                "created": a.at,
                "ends": a.at,
                "final": "new",
                "currency": order.currency,
                "total": order.total.minor,
                "handlers": [],
                "recategorized": False,
            }
            continue
        plan = plans[a.case_no]
        plan["ends"] = a.at
        if a.kind == "assign":
            plan["handlers"].append((a.at, a.args["user"]))
            if plan["final"] == "new":
                plan["final"] = "open"
        elif a.kind == "status":
            plan["final"] = a.args["status"]
        elif a.kind == "escalate":
            plan["final"] = "escalated"
        elif a.kind == "update" and "category" in a.args["changes"]:
            plan["recategorized"] = True
    return [CasePlan(**{**p, "handlers": tuple(p["handlers"])}) for p in plans.values()]


def _refuse_if_used(target: DatabaseTarget) -> None:
    assert target.path is not None
    path = target.path.expanduser()
    if not path.exists() or path.stat().st_size == 0:
        return
    store = Store(open_database(target, create=False), target)
    try:
        if store.schema_version() <= 0:
            return  # empty, or not ours: initialize says what is wrong with it
        cases = DemoQueries(store).case_count()
        users = UserRepository(store).count_humans()
    finally:
        store.close()
    if cases or users:
        raise ValidationError(
            f"{target.display} already holds {cases} case(s) and {users} user(s); the demo only "
            "fills a new, empty database so it never mixes with real work. Choose a new file, "
            "or force it to add the demo anyway. Nothing was changed.",
            field="url",
        )


def _head_seq(store: Store) -> int:
    head = AuditRepository(store).head()
    return head.seq if head else 0


def _add_users(
    store: Store,
    sim: _SimClock,
    config: Config,
    start: datetime,
    progress: Progress | None,
    total: int,
) -> list[tuple[str, str, str]]:
    system = Session(store, SYSTEM_ACTOR, clock=sim, config=config)
    repo = UserRepository(store)
    created = []
    for done, user in enumerate(DEMO_USERS, start=1):
        sim.moment = start + timedelta(minutes=done)
        # Forced onto a database that already has the user (a second demo run): use theirs.
        if repo.get(user.username) is None:
            system.users.add(user.username, user.display_name, user.role, user.password)
            created.append((user.username, user.role, user.password))
        if progress:
            progress(done, total)
    return created


def _contexts(store: Store, sim: _SimClock, config: Config) -> dict[str, Session]:
    """One context per demo user over the one store; never closed (that would close the store)."""
    out = {}
    lookup = Session(store, SYSTEM_ACTOR, clock=sim, config=config).users
    for demo in DEMO_USERS:
        user = lookup.get(demo.username)
        actor = Actor(user.username, user.role, user.display_name)
        out[demo.username] = Session(store, actor, user_id=user.id, clock=sim, config=config)
    return out


# The demo's resolutions in words -> the taxonomy's resolution codes, by their first match.
_CODES = (
    ("partial", "partially-refunded"),
    ("voucher", "store-credit"),
    ("refund", "refunded"),
    ("reversed", "refunded"),
    ("replacement", "replaced"),
    ("shipped", "replaced"),
    ("repair", "repaired"),
    ("cancelled", "refunded"),
)
DEMO_OVERRIDE = "The marketplace carries out the remedy; closed as agreed with the customer"


def resolution_code(reason: str) -> str:
    """The resolution code a demo resolution's words stand for ("explained" for the rest)."""
    words = reason.lower()
    return next((code for word, code in _CODES if word in words), "explained")


def _apply(ctx: Session, action: _Action, cases: dict[int, Case]) -> None:
    args = action.args
    if action.kind == "create":
        cases[action.case_no] = ctx.cases.create(args["draft"])
        return
    case = cases[action.case_no]
    if action.kind == "note":
        ctx.cases.add_note(case.id, args["body"], to_customer=args["to_customer"])
    elif action.kind == "assign":
        # A step the case has moved past is left out: a remedy above its tier's authority may
        # have escalated it, and only its new tier's queue may hold it.
        if args["user"] in ctx.queues.member_names(case.tier):
            cases[action.case_no] = ctx.cases.assign(case.id, args["user"], case.version)
    elif action.kind == "status":
        override = None
        if args["status"] == Status.CLOSED.value and ctx.cases.open_remedies(case.id):
            # A remedy still to carry out keeps the case open, except for a supervisor's word.
            if ctx.actor.role not in CLOSE_OVERRIDE_ROLES:
                return
            override = DEMO_OVERRIDE
        cases[action.case_no] = ctx.cases.change_status(
            case.id,
            args["status"],
            case.version,
            args["reason"],
            code=args.get("code"),
            summary=args.get("summary"),
            override=override,
        )
    elif action.kind == "escalate":
        if TIER_ORDER.index(case.tier) < TIER_ORDER.index(Tier(args["tier"])):
            cases[action.case_no] = ctx.cases.escalate(case.id, args["reason"], case.version)
    elif action.kind == "update":
        cases[action.case_no] = ctx.cases.update(case.id, case.version, args["changes"])
    else:  # pragma: no cover - the schedule only makes the kinds above
        raise AssertionError(action.kind)


# ---- the schedule ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Action:
    at: datetime
    case_no: int
    step: int
    actor: str
    kind: str  # create, assign, note, status, escalate, update
    args: dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Client:
    customer: Customer
    person: text.Person
    country: text.Country


@dataclass
class _Spec:
    """One case as planned: who, what, when it came in and where it ends up."""

    no: int
    created: datetime
    category: str
    subcategory: str | None
    final: str
    channel: Channel
    priority: Priority
    safety: bool
    client: _Client
    effective: Priority = Priority.NORMAL  # after the category's floor and the safety flag
    showcase: bool = False
    order: Order | None = None
    fields: dict[str, str] = field(default_factory=dict)


def _by_role(role: str) -> list[str]:
    return [u.username for u in DEMO_USERS if u.role == role]


def _given(username: str) -> str:
    return next(u.display_name.split()[0] for u in DEMO_USERS if u.username == username)


def _schedule(rng: random.Random, anchor: datetime, taxonomy: Taxonomy) -> list[_Action]:
    """Every action of every case, in the order (and at the time) it happened."""
    clients = _clients(rng)
    pairs = [
        (c.slug, sub)
        for c in taxonomy.categories
        for sub in (tuple(s for s, _ in c.subcategories) or (None,))
    ]
    used: list[_Client] = []
    fresh = iter(clients)
    actions: list[_Action] = []
    for no in range(CASE_COUNT):
        client = _pick_client(rng, used, fresh, clients)
        spec = _spec(rng, no, anchor, taxonomy, pairs, client)
        steps = _Script(rng, spec).run()
        # Squeeze a history that would run past the run day's start into the time there was.
        room = (anchor - spec.created).total_seconds() / 60 - 5
        end = steps[-1][0]
        scale = min(1.0, room / end) if end > 0 else 1.0
        for step, (minutes, actor, kind, args) in enumerate(steps):
            at = spec.created + timedelta(minutes=int(minutes * scale))
            actions.append(_Action(at, no, step, actor, kind, args))
    # Ties are broken by case and step, never by anything that could vary between runs.
    actions.sort(key=lambda a: (a.at, a.case_no, a.step))
    return actions


def _clients(rng: random.Random) -> list[_Client]:
    # The people named in the README come first so they certainly have cases.
    people = list(text.PEOPLE)
    named, rest = people[:3], people[3:]
    rng.shuffle(rest)
    countries = {c.code: c for c in text.COUNTRIES}
    out = []
    for person in named + rest:
        country = countries[person.country]
        given, family = text.email_parts(person)
        local = rng.choice(
            (
                f"{given}.{family}",
                f"{given}{family}",
                f"{given[0]}.{family}",
                f"{given}_{family}",
                f"{given}.{family}{rng.randint(1, 99)}",
                f"{family}.{given}",
            )
        ).strip("._")
        email = f"{local}@{rng.choice(text.EMAIL_DOMAINS)}"
        digits = [str(rng.randint(1, 9))] + [str(rng.randint(0, 9)) for _ in range(11)]
        groups, pos = [], 0
        for size in country.phone_groups:
            groups.append("".join(digits[pos : pos + size]))
            pos += size
        phone = f"{country.phone_prefix} {' '.join(groups)}"
        # Some customers give no phone number.
        customer = Customer(person.name, email, phone if rng.random() < 0.8 else "")
        out.append(_Client(customer, person, country))
    return out


def _pick_client(
    rng: random.Random, used: list[_Client], fresh: Iterator[_Client], clients: list[_Client]
) -> _Client:
    # About one case in four comes from someone who has written before: history per customer.
    if used and rng.random() < 0.27:
        return rng.choice(used)
    client = next(fresh, None) or rng.choice(clients)
    if client not in used:
        used.append(client)
    return client


_AGE_RANGES: dict[str, tuple[float, float]] = {
    "new": (0.05, 1.5),
    "open": (0.3, 4.0),
    "waiting-on-customer": (1.0, 6.0),
    "waiting-on-third-party": (2.0, 9.0),
    "escalated": (1.0, 10.0),
    "resolved": (3.0, 20.0),
    "closed": (10.0, 55.0),
    REOPENED: (12.0, 50.0),
}


def _final_for_age(rng: random.Random, age: float) -> str:
    """Young cases are mostly open, old ones mostly closed: what a real queue looks like."""
    if age < 1:
        weights = (45, 30, 10, 3, 7, 5, 0, 0)
    elif age < 5:
        weights = (3, 25, 20, 14, 14, 20, 2, 2)
    elif age < 14:
        weights = (0, 4, 5, 6, 6, 40, 32, 7)
    else:
        weights = (0, 1, 1, 2, 2, 16, 70, 8)
    return rng.choices(FINALS, weights)[0]


def _spec(
    rng: random.Random,
    no: int,
    anchor: datetime,
    taxonomy: Taxonomy,
    pairs: list[tuple[str, str | None]],
    client: _Client,
) -> _Spec:
    showcase = 2 * len(FINALS) <= no < 2 * len(FINALS) + SHOWCASE
    if no < len(pairs):
        category, sub = pairs[no]  # every category and subcategory at least once
    else:
        category, sub = rng.choice(pairs)
        if sub and (category, "") in text.CASE_TEXTS and rng.random() < 0.12:
            sub = None  # filed without a subcategory
    if showcase:
        # A normal-priority case whatever is typed: no priority floor, no safety flag.
        unfloored = [p for p in pairs if not taxonomy.get(p[0]).priority_floor]
        if taxonomy.get(category).priority_floor and unfloored:
            category, sub = rng.choice(unfloored)
    if no < 2 * len(FINALS):
        final = FINALS[no % len(FINALS)]  # every status (and reopening) at least twice
        age = rng.uniform(*_AGE_RANGES[final])
    elif showcase:
        final = ("open", "waiting-on-customer")[no % 2]
        # Resolution due (normal: 5 days) at anchor + 20 min + 2 h * k.
        age = 5 - (20 + 120 * (no - 2 * len(FINALS))) / 1440
    else:
        # Skewed to recent days: the queue is busier than the archive is old.
        age = max(HISTORY_DAYS * rng.random() ** 1.8, 0.05)
        final = _final_for_age(rng, age)
    created = anchor - timedelta(seconds=int(age * 86_400))
    channels = tuple(Channel)
    channel = (
        channels[no % len(channels)]
        if no < 2 * len(channels)
        else rng.choices(channels, (35, 10, 20, 5, 20, 10))[0]
    )
    priority = rng.choices(tuple(Priority), (15, 55, 25, 5))[0]
    safety = taxonomy.get(category).safety_flag and not showcase and rng.random() < 0.3
    if showcase:
        priority = Priority.NORMAL
    cat = taxonomy.get(category)
    effective = effective_priority(priority, cat.priority_floor, safety)
    spec = _Spec(
        no, created, category, sub, final, channel, priority, safety, client, effective, showcase
    )
    _fill_texts(rng, spec)
    return spec


def _fill_texts(rng: random.Random, spec: _Spec) -> None:
    key = (spec.category, spec.subcategory or "")
    if spec.safety:
        templates = text.SAFETY_TEXTS
    else:
        templates = (
            text.CASE_TEXTS.get(key)
            or text.CASE_TEXTS.get((spec.category, ""))
            or text.GENERIC_TEXTS
        )
    subject, body = rng.choice(templates)
    kind = text.TEXT_KINDS.get(subject) or text.DEFAULT_KINDS.get(key) or ""
    product = _product(rng, kind)
    order, placed = _order(rng, spec, product, several=subject in text.SEVERAL_ITEMS)
    carrier = rng.choice(spec.client.country.carriers)
    tracking = text.ascii_fold(carrier)[:2].upper() + str(rng.randrange(10**10, 10**11))
    since = (spec.created.date() - placed).days if placed else 0
    spec.fields = {
        "name": spec.client.customer.name,
        "first": text.given_name(spec.client.person),
        "product": product.name,
        "sku": product.sku,
        "seller": product.seller,
        "order": order.number,
        "amount": order.total.format(),
        "carrier": carrier,
        "tracking": tracking,
        "days": str(max(since, 2)),
        "months": str(max(since // 30, 1)),
        "placed": f"{placed.day} {text.MONTHS[placed.month - 1]}" if placed else "",
    }
    spec.fields["subject"] = subject.format(**spec.fields)
    spec.fields["description"] = body.format(**spec.fields)
    spec.order = order


def _product(rng: random.Random, kind: str) -> text.Product:
    if kind:
        fitting = [p for p in text.PRODUCTS if kind in p.kinds]
    else:
        fitting = [p for p in text.PRODUCTS if "subscription" not in p.kinds]
    return rng.choice(fitting)


_ORDER_LAG: dict[tuple[str, str], tuple[int, int]] = {
    ("shipping-problem", "delay"): (7, 21),
    ("shipping-problem", "lost"): (5, 16),
    ("shipping-problem", "damaged-in-transit"): (2, 7),
    ("product-defect", ""): (5, 60),
    ("return-refund", ""): (18, 45),
    ("warranty-claim", ""): (400, 700),
    ("billing-dispute", "subscription-charge"): (0, 25),
    ("fraud-suspicion", ""): (0, 3),
}


def _order(
    rng: random.Random, spec: _Spec, product: text.Product, *, several: bool
) -> tuple[Order, date | None]:
    currency = spec.client.country.currency
    if spec.category == "pre-sale-inquiry":
        # Nothing bought yet: the customer's basket stands for the order.
        code = "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(8))
        price = Money(text.price_in(product.eur_minor, currency), currency)
        item = OrderItem(product.sku, product.name, product.seller, 1, price)
        return Order(f"CART-{code}", currency, price, Money(0, currency), None, (item,)), None
    lo, hi = _ORDER_LAG.get(
        (spec.category, spec.subcategory or ""), _ORDER_LAG.get((spec.category, ""), (1, 20))
    )
    placed = spec.created.date() - timedelta(days=rng.randint(lo, hi))
    products = [product]
    if "subscription" not in product.kinds and (several or rng.random() < 0.3):
        others = [p for p in text.PRODUCTS if "subscription" not in p.kinds and p != product]
        products.append(rng.choice(others))
    items = []
    for p in products:
        quantity = 2 if p.eur_minor < 3000 and rng.random() < 0.25 else 1
        price = Money(text.price_in(p.eur_minor, currency), currency)
        items.append(OrderItem(p.sku, p.name, p.seller, quantity, price))
    subtotal = sum(i.unit_price.minor * i.quantity for i in items)
    shipped = "subscription" not in product.kinds and subtotal < text.FREE_SHIPPING_FROM[currency]
    shipping = Money(text.SHIPPING_MINOR[currency] if shipped else 0, currency)
    number = f"MP-{placed:%y%m%d}-{rng.randrange(100_000, 1_000_000)}"
    total = Money(subtotal + shipping.minor, currency)
    return Order(number, currency, total, shipping, placed, tuple(items)), placed


# ---- one case's history -----------------------------------------------------------------------

Step = tuple[int, str, str, dict[str, Any]]  # (minutes after intake, actor, kind, arguments)
_FIRST_RESPONSE_TARGET = {  # minutes; as domain.sla, so most answers are on time, some late
    Priority.CRITICAL: 60,
    Priority.HIGH: 240,
    Priority.NORMAL: 1440,
    Priority.LOW: 2880,
}


class _Script:
    """Plans one case's history while tracking its state, so every planned step is legal."""

    def __init__(self, rng: random.Random, spec: _Spec) -> None:
        self.rng = rng
        self.spec = spec
        self.t = 0
        self.steps: list[Step] = []
        self.status = Status.NEW
        self.tier = 0
        self.assignee: str | None = None
        self.handler = ""  # who works on the case now
        self.tags: tuple[str, ...] = ()
        self.specialists = _by_role("specialist")
        self.supervisors = _by_role("supervisor")

    # -- primitives --
    def wait(self, lo: int, hi: int) -> None:
        self.t += self.rng.randint(lo, hi)

    def do(self, actor: str, kind: str, **args: Any) -> None:
        self.steps.append((self.t, actor, kind, args))

    def say(self, template: str, actor: str, **extra: str) -> str:
        return template.format(**self.spec.fields, agent=_given(actor), **extra)

    def choose(self, table: dict[str, tuple[str, ...]], *, mix: bool = False) -> str:
        """A text for this case's category, else (or with `mix`, also) a general one."""
        own = table.get(self.spec.category, ())
        options = own + table[""] if mix or not own else own
        return self.rng.choice(options)

    def note(self, actor: str, body: str, *, to_customer: bool = False) -> None:
        self.do(actor, "note", body=body, to_customer=to_customer)

    def move(self, actor: str, status: Status, reason: str, **resolution: str) -> None:
        """`resolution`: the code and summary resolving needs."""
        assert status in TRANSITIONS[self.status], (self.status, status)
        self.do(actor, "status", status=status.value, reason=reason, **resolution)
        self.status = status

    def assign(self, actor: str, user: str) -> None:
        if user == self.assignee:
            return
        self.do(actor, "assign", user=user)
        self.assignee = user
        if self.status is Status.NEW:
            self.status = Status.OPEN

    # -- the story --
    def run(self) -> list[Step]:
        spec, rng = self.spec, self.rng
        draft, edits = self._draft()
        self.do(rng.choice(self.specialists), "create", draft=draft)
        if spec.final == Status.NEW.value:
            if rng.random() < 0.3:
                self.wait(10, 180)
                sup = rng.choice(self.supervisors)
                self.note(sup, self.say(rng.choice(text.TRIAGE_NOTES), sup))
            return self.steps
        owner = rng.choice(self.specialists)
        self.handler = owner
        urgent = spec.effective in (Priority.HIGH, Priority.CRITICAL)
        self.wait(5, 45 if urgent or spec.showcase else 300)
        self.assign(owner if rng.random() < 0.6 else rng.choice(self.supervisors), owner)
        for changes in edits:
            self.wait(2, 45)
            self.do(owner, "update", changes=changes)
        self._first_response()
        if spec.showcase:
            if spec.final == Status.WAITING_CUSTOMER.value:
                self.wait(30, 240)
                self.move(owner, Status.WAITING_CUSTOMER, rng.choice(text.WAITING_CUSTOMER_REASONS))
            return self.steps
        if rng.random() < 0.5:
            self.wait(30, 600)
            self.note(owner, self.say(self.choose(text.INTERNAL_NOTES, mix=True), owner))
        self._towards(spec.final)
        return self.steps

    def _draft(self) -> tuple[CaseDraft, list[dict[str, Any]]]:
        """What intake typed, and the corrections the specialist makes once they own the case."""
        spec, rng = self.spec, self.rng
        category, sub = spec.category, spec.subcategory
        subject = spec.fields["subject"]
        edits: list[dict[str, Any]] = []
        plain = not spec.showcase and not spec.safety and spec.effective == spec.priority
        if spec.final != Status.NEW.value and plain:
            wrong = [w for w, right in text.MISFILED if right == category]
            if wrong and rng.random() < 0.08:
                category, sub = rng.choice(wrong), None
                edits.append({"category": spec.category, "subcategory": spec.subcategory})
            if rng.random() < 0.05:
                subject = f"URGENT!!! {subject.upper()}"[:200]
                edits.append({"subject": spec.fields["subject"]})
            if spec.effective in (Priority.LOW, Priority.NORMAL) and rng.random() < 0.08:
                edits.append({"priority": Priority.HIGH.value})
        if spec.channel is Channel.SOCIAL:
            self.tags = ("social-media",)
        elif rng.random() < 0.1:
            self.tags = rng.choice(text.TAG_SETS)
        if spec.final != Status.NEW.value and not spec.showcase and rng.random() < 0.25:
            tags = tuple(dict.fromkeys(self.tags + rng.choice(text.TAG_SETS)))
            if tags != self.tags:
                edits.append({"tags": list(tags)})
        assert spec.order is not None
        draft = CaseDraft(
            customer=spec.client.customer,
            order=spec.order,
            category=category,
            subject=subject,
            description=spec.fields["description"],
            subcategory=sub,
            channel=spec.channel,
            priority=spec.priority,
            safety_hazard=spec.safety,
            tags=self.tags,
        )
        if edits and "tags" in edits[-1]:
            self.tags = tuple(edits[-1]["tags"])
        return draft, edits

    def _first_response(self) -> None:
        rng, owner = self.rng, self.handler
        target = _FIRST_RESPONSE_TARGET[self.spec.effective]
        if rng.random() < 0.2 and not self.spec.showcase:
            when = rng.randint(target, 2 * target)  # late: the SLA report shows some misses
        else:
            when = rng.randint(max(target // 10, 5), target * 9 // 10)
        self.t = max(self.t + 5, when)
        line = self.say(self.choose(text.FIRST_RESPONSE_LINES | {"": ("",)}), owner)
        self.note(owner, self.say(text.FIRST_RESPONSE, owner, line=line), to_customer=True)

    def _towards(self, final: str) -> None:
        rng = self.rng
        if final == Status.OPEN.value:
            if rng.random() < 0.35:
                self._waiting_customer()
            if rng.random() < 0.2:
                self._third_party()
        elif final == Status.WAITING_CUSTOMER.value:
            if rng.random() < 0.25:
                self._third_party()
            self.wait(30, 1440)
            reason = rng.choice(text.WAITING_CUSTOMER_REASONS)
            self.move(self.handler, Status.WAITING_CUSTOMER, reason)
        elif final == Status.WAITING_THIRD_PARTY.value:
            if rng.random() < 0.25:
                self._waiting_customer()
            self.wait(30, 1440)
            reason = self.say(self.choose(text.WAITING_THIRD_PARTY_REASONS), self.handler)
            self.move(self.handler, Status.WAITING_THIRD_PARTY, reason)
        elif final == Status.ESCALATED.value:
            if rng.random() < 0.3:
                self._waiting_customer()
            self._escalate()
            if rng.random() < 0.3:
                self._escalate()
        elif final == Status.RESOLVED.value:
            self._resolve()
        elif final == Status.CLOSED.value:
            self._resolve()
            self._close()
        else:  # reopened, then wherever the second round leads
            self._resolve()
            if rng.random() < 0.5:
                self._close()
            self._reopen()
            then = rng.choices(FINALS[1:7], (3, 2, 1, 2, 3, 2))[0]
            if then == Status.ESCALATED.value and self.tier == 2:
                then = Status.OPEN.value
            self._towards(then)

    def _waiting_customer(self) -> None:
        rng, who = self.rng, self.handler
        self.wait(30, 720)
        self.move(who, Status.WAITING_CUSTOMER, rng.choice(text.WAITING_CUSTOMER_REASONS))
        self.wait(120, 2880)
        self.note(who, self.say(self.choose(text.CUSTOMER_REPLIES), who))
        self.wait(10, 180)
        self.move(who, Status.OPEN, "Customer replied")

    def _third_party(self) -> None:
        who = self.handler
        self.wait(30, 720)
        reason = self.say(self.choose(text.WAITING_THIRD_PARTY_REASONS), who)
        self.move(who, Status.WAITING_THIRD_PARTY, reason)
        self.wait(720, 4320)
        self.note(who, self.say(self.choose(text.THIRD_PARTY_REPLIES), who))
        self.wait(10, 180)
        self.move(who, Status.OPEN, "Third party answered")

    def _escalate(self) -> None:
        """One tier up: frontline -> senior specialists -> resolution-center experts."""
        rng = self.rng
        if self.tier == 2 or self.status not in OPEN_STATUSES:
            return
        if self.tier == 0:
            reason = text.SAFETY_ESCALATION if self.spec.safety else None
            reason = reason or rng.choice(text.ESCALATION_REASONS)
            team, notes = _by_role("senior-specialist"), text.SENIOR_NOTES
        else:
            reason = rng.choice(text.EXPERT_ESCALATION_REASONS)
            team, notes = _by_role("expert"), text.EXPERT_NOTES
        self.wait(60, 1440)
        self.do(self.handler, "escalate", reason=reason, tier=TIER_ORDER[self.tier + 1].value)
        self.tier += 1
        self.status = Status.ESCALATED
        taker = rng.choice(team)
        self.wait(10, 240)
        self.assign(taker if rng.random() < 0.5 else rng.choice(self.supervisors), taker)
        self.handler = taker
        self.wait(60, 1440)
        self.note(taker, self.say(rng.choice(notes), taker))

    def _resolve(self) -> None:
        spec, rng = self.spec, self.rng
        if rng.random() < 0.4:
            (self._waiting_customer if rng.random() < 0.6 else self._third_party)()
        chance = 1.0 if spec.safety else 0.6 if spec.category == "fraud-suspicion" else 0.2
        if self.tier < 2 and rng.random() < chance:
            self._escalate()
            if rng.random() < 0.3:
                self._escalate()
        who = self.handler
        self.wait(60, 2880)
        # The reason on record and the message to the customer tell the same outcome.
        reason, message = rng.choice(
            text.RESOLUTIONS.get(f"{spec.category}/{spec.subcategory}")
            or text.RESOLUTIONS.get(spec.category)
            or text.RESOLUTIONS[""]
        )
        self.note(who, self.say(message, who), to_customer=True)
        self.wait(1, 30)
        self.move(who, Status.RESOLVED, reason, code=resolution_code(reason), summary=reason)

    def _close(self) -> None:
        rng = self.rng
        self.wait(2 * 1440, 8 * 1440)
        who = rng.choice(self.supervisors) if rng.random() < 0.5 else self.handler
        self.move(who, Status.CLOSED, rng.choice(text.CLOSE_REASONS))

    def _reopen(self) -> None:
        rng, who = self.rng, self.handler
        self.wait(720, 6 * 1440)
        self.move(who, Status.OPEN, rng.choice(text.REOPEN_REASONS))
        self.wait(5, 120)
        self.note(who, self.say(rng.choice(text.REOPEN_MESSAGES), who), to_customer=True)
