"""Demo negotiations and agreements on top of `fill_demo`'s cases, made by the services.

Six open cases get, in turn: an open offer; a counter-offer waiting for an answer; a draft
agreement; an issued agreement; one issued, revised and re-issued (version 1 superseded); one
issued and then voided. Each uses the case's authorized or approved remedies, or proposes one
(approved by a supervisor when it needs a sign-off). Deterministic for a given demo database.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ..domain.agreement import PartyRole
from ..domain.audit import parse_time
from ..domain.case import OPEN_STATUSES, Case
from ..domain.errors import RCError
from ..domain.money import Money
from ..storage.demo_queries import DemoQueries
from ..storage.repositories import AuditRepository, UserRepository
from ..storage.store import Actor, Store
from .context import Clock, Config, system_clock
from .demo_people import DEMO_USERS
from .session import Session

COMPANY = (
    "Nordlicht Home & Living GmbH",
    ("Speicherstraße 12", "20457 Hamburg", "Germany"),
    "resolutions@nordlicht.example",
    "HRB 123456 · VAT DE301234567",
)
SPECIALIST, SUPERVISOR, OTHER_SUPERVISOR, ADMIN = "sofia", "maria", "olu", "admin"
SCENARIOS = ("open-offer", "counter-offer", "draft", "issued", "superseded", "voided")


class _Clock:
    """Steps a few minutes per call from a start: the negotiation unfolds over an hour or two,
    but never past `until` (the real now): a demo made just after midnight has no future events."""

    def __init__(self, start: datetime, until: datetime) -> None:
        self.moment = start
        self.until = max(start, until)

    def __call__(self) -> datetime:
        self.moment = min(self.moment + timedelta(minutes=3), self.until)
        return self.moment


@dataclass
class _People:
    by_name: dict[str, Session]
    passwords: dict[str, str]

    def __getitem__(self, name: str) -> Session:
        return self.by_name[name]


def remedy_services_ready() -> bool:
    return importlib.util.find_spec("resolution_center.services.remedies") is not None


def add_demo_agreements(url: str, config: Config | None = None, clock: Clock | None = None) -> int:
    """Add the demo negotiations to a database `fill_demo` filled; how many cases got one.

    Returns 0 and changes nothing when the remedy services are missing, when the demo users
    are not there, when offers exist already (a second run), or on PostgreSQL (remedies are
    proposed through users' own roles there, and the demo connects as the owner).
    """
    if not remedy_services_ready():
        return 0

    config = config or Config.from_env()
    store = Store.open(url)
    try:
        if store.dialect.server_logins or DemoQueries(store).offer_count():
            return 0  # users' own roles propose remedies, or added already: nothing to add
        found = AuditRepository(store).head()
        head = found.time if found else ""
        now = (clock or system_clock)()
        start = min(now, parse_time(head) + timedelta(minutes=1)) if head else now
        sim = _Clock(start, now)
        people = _people(store, sim, config, {u.username: u.password for u in DEMO_USERS})
        if people is None:
            return 0
        _company(people[ADMIN])
        done = 0
        with store.db.atomic():  # all of it or none of it, like fill_demo
            for case in _candidates(people[SPECIALIST]):
                if done == len(SCENARIOS):
                    break
                if _negotiate(people, case, SCENARIOS[done]):
                    done += 1
        return done
    finally:
        store.close()


def _people(store: Store, sim: _Clock, config: Config, passwords: dict[str, str]) -> _People | None:
    repo = UserRepository(store)
    out: dict[str, Session] = {}
    for name in (SPECIALIST, SUPERVISOR, OTHER_SUPERVISOR, ADMIN):
        found = repo.get(name)
        if found is None:
            return None
        user = found[0]
        actor = Actor(user.username, user.role, user.display_name)
        out[name] = Session(store, actor, user_id=user.id, clock=sim, config=config)
    return _People(out, passwords)


def _company(admin: Session) -> None:
    """The demo company, unless someone already set one."""
    if not admin.agreements.repo.settings("company.name"):
        admin.agreements.set_company(*COMPANY)


def _candidates(ctx: Session) -> list[Case]:
    """Open cases without offers, oldest first, in a currency the policy knows."""
    ids = DemoQueries(ctx.store).cases_without_offers(s.value for s in OPEN_STATUSES)
    return [ctx.cases.get(case_id) for case_id in ids]


def _remedies(people: _People, case: Case) -> list[str]:
    """The case's authorized or approved remedies, or a new one (signed off if need be)."""
    sofia = people[SPECIALIST]
    have = [
        r.reference
        for r in sofia.remedies.list(case_ref=case.id, limit=100).items
        if r.state.value in ("authorized", "approved") and not r.frozen_by
    ]
    if have:
        return have[:2]
    total = case.order.total.minor
    amount = Money(max(min(total // 5, total), 1), case.order.currency)
    remedy = sofia.remedies.propose(
        case.id, "partial-refund", amount, reason="Goodwill for the trouble, agreed in principle."
    )
    if remedy.state.value == "pending-signoff":
        maria = people[SUPERVISOR]
        remedy = maria.remedies.approve(
            remedy.reference, people.passwords[SUPERVISOR], "Reasonable for this order."
        )
    return [remedy.reference] if remedy.state.value in ("authorized", "approved") else []


def _terms(ctx: Session, case: Case, remedies: list[str]) -> dict[str, Any]:
    today = ctx.now().date()
    obligations = [
        {
            "party": "company",
            # Each remedy becomes its own company line with its amount; this is the rest.
            "text": "Confirm the settlement to the customer in writing.",
            "deadline": (today + timedelta(days=7)).isoformat(),
        }
    ]
    if PartyRole.SELLER in ctx.offers.parties(case):
        obligations.append(
            {
                "party": "seller",
                "text": "Confirm the refund with the customer.",
                "deadline": (today + timedelta(days=10)).isoformat(),
            }
        )
    return {
        "remedies": [
            {"remedy": r, "description": "As agreed with the customer."} for r in remedies
        ],
        "obligations": obligations,
    }


def _negotiate(people: _People, case: Case, scenario: str) -> bool:
    """Play one scenario on one case; False (and nothing kept) if the case does not suit it."""
    sofia = people[SPECIALIST]
    try:
        with sofia.store.db.atomic():  # a savepoint: a case that does not suit leaves no trace
            remedies = _remedies(people, case)
            if not remedies:
                raise _Skip
            offer = sofia.offers.add(case.id, "company", _terms(sofia, case, remedies))
            if scenario == "open-offer":
                return True
            if scenario == "counter-offer":
                sofia.offers.answer(
                    offer.reference,
                    "counter",
                    "The customer asks for more.",
                    _terms(sofia, case, remedies[:1]),
                    by="customer",
                )
                return True
            sofia.offers.answer(offer.reference, "accept", "Accepted by email.")
            draft = sofia.agreements.create(case.id, offer.reference, "email")
            if scenario == "draft":
                return True
            sofia.agreements.issue(draft.number)
            if scenario == "superseded":
                sofia.agreements.revise(draft.number, reason="Corrected the customer's address.")
                sofia.agreements.issue(draft.number)
            if scenario == "voided":
                people[OTHER_SUPERVISOR].agreements.void(
                    draft.number, "Issued before the customer's bank details were confirmed."
                )
            return True
    except (_Skip, RCError):
        return False


class _Skip(Exception):
    """This case does not suit the scenario."""
