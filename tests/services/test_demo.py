"""The demo database: complete, reproducible, made by the services, never over real data."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from resolution_center.domain.case import (
    HUMAN_ROLES,
    Case,
    CaseFilter,
    CaseQuery,
    Channel,
    Priority,
    Status,
    Tier,
)
from resolution_center.domain.errors import ValidationError
from resolution_center.domain.remedy import RemedyState
from resolution_center.services.context import Config
from resolution_center.services.demo import DEMO_USERS, DemoResult, fill_demo
from resolution_center.services.demo_agreements import SCENARIOS
from resolution_center.services.session import Session, open_context
from resolution_center.services.setup import initialize

RUN_DAY = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def run_day() -> datetime:
    return RUN_DAY


def cheap_config(monkeypatch: pytest.MonkeyPatch) -> Config:
    monkeypatch.setenv("RESOLUTION_CENTER_ARGON2_MEMORY_KIB", "1024")
    monkeypatch.setenv("RESOLUTION_CENTER_ARGON2_TIME_COST", "1")
    return Config.from_env()


def sqlite_url(path: Path) -> str:
    return "sqlite:///" + str(path)


@dataclass(frozen=True)
class Filled:
    url: str
    config: Config
    result: DemoResult
    progress: list[tuple[int, int]]


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Filled]:
    """One demo database shared by the read-only checks (a fill takes about a second)."""
    with pytest.MonkeyPatch.context() as mp:
        config = cheap_config(mp)
        url = sqlite_url(tmp_path_factory.mktemp("demo") / "demo.db")
        calls: list[tuple[int, int]] = []
        result = fill_demo(
            url, config=config, progress=lambda d, t: calls.append((d, t)), clock=run_day
        )
        yield Filled(url, config, result, calls)


def login(filled: Filled, username: str = "sofia", *, at: datetime | None = None) -> Session:
    password = next(u.password for u in DEMO_USERS if u.username == username)
    if at is None:
        return open_context(filled.url, username, password, config=filled.config)
    return open_context(filled.url, username, password, config=filled.config, clock=lambda: at)


def all_cases(ctx: Session) -> list[Case]:
    rows = ctx.cases.list(CaseQuery(sort="reference", limit=10_000)).items
    return [ctx.cases.get(r.id) for r in rows]


def head(url: str, config: Config) -> tuple[int, str]:
    with open_context(url, None, None, config=config) as ctx:
        h = ctx.audit.head()
        return h.seq, h.hash


# ---- what is in it ------------------------------------------------------------------------------


def test_about_300_cases_and_progress_reaches_the_total(filled: Filled) -> None:
    assert 250 <= filled.result.cases <= 400
    done = [d for d, _ in filled.progress]
    totals = {t for _, t in filled.progress}
    assert len(totals) == 1
    # One step per user and scheduled action, then the saving and the agreements in their
    # weights: always forward, and the total only once everything is done.
    assert all(a < b for a, b in itertools.pairwise(done))
    assert done[-1] == totals.pop()
    assert done[-2] < done[-1] - 1


def test_every_status_category_subcategory_channel_priority_and_tier(filled: Filled) -> None:
    with login(filled) as ctx:
        statuses = ctx.cases.counts(CaseFilter())["status"]
        assert set(statuses) == {s.value for s in Status}
        assert sum(statuses.values()) == filled.result.cases
        for cat in ctx.taxonomy.categories:
            page = ctx.cases.list(CaseQuery(CaseFilter(categories=(cat.slug,)), limit=1))
            assert page.total > 0, cat.slug
        for channel in Channel:
            assert ctx.cases.list(CaseQuery(CaseFilter(channels=(channel,)), limit=1)).total
        for priority in Priority:
            assert ctx.cases.list(CaseQuery(CaseFilter(priorities=(priority,)), limit=1)).total
        for tier in Tier:
            assert ctx.cases.list(CaseQuery(CaseFilter(tiers=(tier,)), limit=1)).total
        cases = all_cases(ctx)
        pairs = {(c.category, c.subcategory) for c in cases}
        for cat in ctx.taxonomy.categories:
            for sub, _label in cat.subcategories:
                assert (cat.slug, sub) in pairs
        assert any(c.safety_hazard for c in cases)


def test_some_cases_were_reopened_escalated_edited_and_answered(filled: Filled) -> None:
    with login(filled) as ctx:
        rows = ctx.store.sql.all("SELECT action, data FROM audit_events WHERE case_id IS NOT NULL")
    reopened = 0
    to_customer = 0
    actions = {action for action, _ in rows}
    for action, data in rows:
        payload = json.loads(data)
        if (
            action == "case.status_changed"
            and payload["new"]["status"] == "open"
            and payload["old"]["status"] in ("resolved", "closed")
        ):
            assert payload["reason"]
            reopened += 1
        if action == "note.added" and payload["to_customer"]:
            to_customer += 1
    assert reopened >= 5
    assert to_customer >= 100
    assert {"case.assigned", "case.escalated", "case.updated", "note.added"} <= actions


def test_sla_states_are_a_mix_at_any_hour_of_the_run_day(filled: Filled) -> None:
    start = RUN_DAY.replace(hour=0, minute=0)
    for hours in (0.5, 9, 17.5, 23.5):
        with login(filled, "maria", at=start + timedelta(hours=hours)) as ctx:
            sla = ctx.cases.counts(CaseFilter(open_only=True))["sla"]
        assert sla.get("on-time", 0) > 0, hours
        assert sla.get("due-soon", 0) > 0, hours
        assert sla.get("overdue", 0) > 0, hours


def test_customers_orders_and_currencies(filled: Filled) -> None:
    with login(filled) as ctx:
        cases = all_cases(ctx)
    names = {c.customer.name for c in cases}
    for name in ("Zoë Łukasiewicz-Ørsted", "Σοφία Παπαδοπούλου", "Дмитрий Иванов"):
        assert name in names
    zoe = next(c for c in cases if c.customer.name == "Zoë Łukasiewicz-Ørsted")
    assert "lukasiewicz-orsted" in zoe.customer.email  # folded to ASCII from the name
    assert all(c.customer.email.isascii() for c in cases)
    emails = {c.customer.name: c.customer.email for c in cases}
    assert len(set(emails.values())) == len(emails)  # one address per person, none shared
    per_customer: dict[int | None, int] = {}
    for c in cases:
        per_customer[c.customer.id] = per_customer.get(c.customer.id, 0) + 1
    assert max(per_customer.values()) >= 3
    assert sum(1 for n in per_customer.values() if n == 1) > len(per_customer) / 2
    currencies = [c.order.currency for c in cases]
    assert {"EUR", "USD", "GBP", "JPY"} <= set(currencies)
    assert currencies.count("EUR") > len(cases) / 2
    for c in cases:
        assert c.order.items
        assert all(i.unit_price.currency == c.order.currency for i in c.order.items)
        items = sum(i.unit_price.minor * i.quantity for i in c.order.items)
        assert c.order.total.minor == items + c.order.shipping.minor
        if c.order.currency == "JPY":  # whole yen, shelf prices in tens
            assert all(i.unit_price.minor % 10 == 0 for i in c.order.items)


# ---- remedies and agreements ----------------------------------------------------------------


def test_remedies_in_every_state_the_services_reach(filled: Filled) -> None:
    with login(filled, "maria", at=RUN_DAY) as ctx:
        remedies = ctx.remedies.list(limit=10_000).items
    states = {r.state for r in remedies}
    # `proposed` is never stored: propose decides at once (authorized or pending sign-off).
    assert states == set(RemedyState) - {RemedyState.PROPOSED}
    assert filled.result.remedies >= 25
    assert len(remedies) >= filled.result.remedies  # and what the negotiations proposed
    by_state = {s: [r for r in remedies if r.state is s] for s in RemedyState}
    assert all(
        r.approvers and set(r.approvers) <= {"maria", "olu"} for r in by_state[RemedyState.APPROVED]
    )
    assert len(by_state[RemedyState.EXPIRED]) == 2
    with login(filled, "maria", at=RUN_DAY) as ctx:
        rows = ctx.store.sql.all(
            "SELECT actor, data FROM audit_events WHERE action IN ('remedy.rejected', "
            "'remedy.expired')"
        )
    actions = [(actor, json.loads(data)) for actor, data in rows]
    assert any(d.get("reason") for a, d in actions if d["new"]["state"] == "rejected")
    assert [a for a, d in actions if d["new"]["state"] == "expired"] == ["system", "system"]


def test_a_supervisor_has_a_queue_on_the_run_day(filled: Filled) -> None:
    with login(filled, "maria", at=RUN_DAY + timedelta(hours=14)) as ctx:
        queue = ctx.remedies.queue()
    assert len(queue) >= 5
    pending = [item.remedy for item in queue]
    assert all(r.state is RemedyState.PENDING_SIGNOFF for r in pending)
    assert {r.decision.required_role for r in pending} >= {"senior-specialist", "supervisor"}
    dual = [r for r in pending if r.approvals_needed == 2]
    assert len(dual) == 1 and dual[0].approvers == ("olu",)  # maria can give the second one
    # Young enough to wait for maria all of the run day.
    assert all(r.expires_at and r.expires_at > RUN_DAY + timedelta(days=1) for r in pending)


def test_follow_ups_a_linked_pair_and_a_repeat_claimant(filled: Filled) -> None:
    with login(filled, "sofia", at=RUN_DAY + timedelta(hours=1)) as ctx:
        due = ctx.follow_ups.due_for_me()
        mine = ctx.follow_ups.open_tasks()
        everyone = all_cases(ctx)
        linked = [c for c in everyone if ctx.case_links.links(c.id)]
        repeat = [c for c in everyone if ctx.case_links.customer_page(c.id).repeat_claimant]
        resolved = [c for c in everyone if c.resolution_code]
    assert len(due) == 1 and len(mine) == 2  # one due as the day starts, one tomorrow
    assert len(linked) == 2
    assert len(repeat) >= 2  # a customer's cases, each page marking them
    assert len(resolved) > 50 and {c.resolution_code for c in resolved} >= {"refunded", "replaced"}


def test_negotiations_and_agreements_in_every_state(filled: Filled) -> None:
    assert filled.result.agreements == len(SCENARIOS)
    with login(filled, "maria") as ctx:
        versions = {i.state for i in ctx.agreements.list(all_versions=True)}
    assert {"issued", "superseded", "voided"} <= versions


# ---- users --------------------------------------------------------------------------------------


def test_every_role_logs_in_with_its_published_password(filled: Filled) -> None:
    assert filled.result.users == [(u.username, u.role, u.password) for u in DEMO_USERS]
    assert {u.role for u in DEMO_USERS} == {r.value for r in HUMAN_ROLES}
    assert sum(u.role == "specialist" for u in DEMO_USERS) >= 2
    assert sum(u.role == "supervisor" for u in DEMO_USERS) >= 2
    for user in DEMO_USERS:
        assert len(user.password) >= 8
        with open_context(filled.url, user.username, user.password, config=filled.config) as ctx:
            assert ctx.actor.role == user.role
            assert ctx.actor.display_name == user.display_name


# ---- the audit trail ----------------------------------------------------------------------------


def test_audit_chain_verifies_and_times_never_go_back(filled: Filled) -> None:
    with login(filled, "maria") as ctx:
        report = ctx.audit.verify()
        assert report.ok, report.problems
        times = [t for (t,) in ctx.store.sql.all("SELECT time FROM audit_events ORDER BY seq")]
        negotiated = ctx.store.sql.scalar(
            "SELECT min(seq) FROM audit_events WHERE action = 'settings.company_changed'"
        )
        before = ctx.store.sql.scalar(
            "SELECT max(time) FROM audit_events WHERE seq < ?", [negotiated]
        )
    assert times == sorted(times)
    # Cases and remedies end before the run day starts; the negotiations follow them and never
    # go past the moment the demo was made.
    assert before < "2026-11-23T00:00:00"
    assert times[-1] <= "2026-11-23T09:30:00"
    assert times[0] >= "2026-09-22T00:00:00"
    # all but the database's own initialisation, its default policy (policy.loaded) and the
    # system user's row
    assert filled.result.events == len(times) - 3


# ---- refusals -----------------------------------------------------------------------------------


def test_second_run_is_refused_and_changes_nothing(filled: Filled) -> None:
    before = head(filled.url, filled.config)
    with pytest.raises(ValidationError, match="already holds"):
        fill_demo(filled.url, config=filled.config, clock=run_day)
    assert head(filled.url, filled.config) == before


def test_a_database_with_only_a_user_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = cheap_config(monkeypatch)
    url = sqlite_url(tmp_path / "used.db")
    initialize(url, admin="root", admin_password="root-password", config=config)
    before = head(url, config)
    with pytest.raises(ValidationError, match=r"0 case\(s\) and 1 user"):
        fill_demo(url, config=config)
    assert head(url, config) == before


def test_postgresql_is_refused_without_connecting(monkeypatch: pytest.MonkeyPatch) -> None:
    config = cheap_config(monkeypatch)
    with pytest.raises(ValidationError, match="SQLite"):
        fill_demo("postgresql://demo@127.0.0.1:1/nowhere", config=config)


def test_force_adds_a_second_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = cheap_config(monkeypatch)
    url = sqlite_url(tmp_path / "twice.db")
    first = fill_demo(url, config=config, clock=run_day)
    second = fill_demo(url, force=True, config=config, clock=run_day)
    assert second.cases == first.cases
    assert second.users == []  # they exist already; the second run acts as them
    with open_context(url, "olu", "supervisor-demo-2", config=config) as ctx:
        assert ctx.cases.list(CaseQuery(limit=1)).total == 2 * first.cases
        assert ctx.audit.verify().ok


# ---- reproducible -------------------------------------------------------------------------------


def test_two_fresh_databases_get_the_same_content(
    filled: Filled, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = cheap_config(monkeypatch)
    other = sqlite_url(tmp_path / "again.db")
    fill_demo(other, config=config, clock=run_day)

    def content(url: str) -> list[tuple[object, ...]]:
        with open_context(
            url, "sofia", "specialist-demo-1", config=config, clock=lambda: RUN_DAY
        ) as ctx:
            cases = all_cases(ctx)
            first_notes = [n.body for n in ctx.cases.notes(cases[0].id)]
            remedies = [
                (r.reference, r.case_reference, r.state, r.kind, r.amount, r.requester, r.approvers)
                for r in ctx.remedies.list(limit=10_000).items
            ]
            agreements = [(i.number, i.state) for i in ctx.agreements.list(all_versions=True)]
            return (
                remedies
                + agreements
                + [
                    (
                        c.reference,
                        c.subject,
                        c.customer.name,
                        c.customer.email,
                        c.status,
                        c.category,
                        c.subcategory,
                        c.order.number,
                        c.order.total,
                        c.assignee,
                        c.created_at,
                        c.tier,
                        c.version,
                    )
                    for c in cases
                ]
                + [tuple(first_notes)]
            )

    assert content(other) == content(filled.url)
