"""Pattern review on a small known data set, on both backends: each finding's counts, rates and
cases against values worked out by hand below; SQLite and PostgreSQL give the same report; the
cases a finding names open as the case list's filter; the CLI prints and exports it."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from typing import Any

import pytest

from resolution_center.cli.program import main
from resolution_center.domain.case import (
    CaseDraft,
    CaseFilter,
    CaseQuery,
    Channel,
    Customer,
    Order,
    OrderItem,
)
from resolution_center.domain.errors import ValidationError
from resolution_center.domain.money import Money
from resolution_center.domain.patterns import NOT_RECORDED, Section, figure_words, jump
from tests.helpers.workspace import PASSWORD, Workspace

PREVIOUS = (date(2026, 11, 23), date(2026, 11, 29))
CURRENT = (date(2026, 11, 30), date(2026, 12, 6))


def case(
    subject: str,
    category: str,
    email: str,
    order: str,
    items: list[tuple[str, str]],
    subcategory: str | None = None,
) -> CaseDraft:
    eur = lambda minor: Money(minor, "EUR")  # noqa: E731
    lines = tuple(OrderItem(sku, f"Product {sku}", seller, 1, eur(1000)) for sku, seller in items)
    return CaseDraft(
        Customer(email.split("@")[0].title(), email, ""),
        Order(order, "EUR", eur(1000 * len(lines)), eur(0), date(2026, 11, 1), lines),
        category,
        subject,
        "",
        channel=Channel.EMAIL,
        subcategory=subcategory,
    )


def known_cases(ws: Workspace) -> dict[str, str]:
    """Previous week (from 23 Nov): P1 a shipping delay (SKU-B of Beta), P2 a billing dispute.
    Current week (from 30 Nov):
      C1 product-defect, x1, O-10: SKU-A (Acme), SKU-B (Beta)
      C2 warranty-claim, x2, O-11: SKU-A (Acme)
      C3 product-defect, x1 again, O-12: SKU-C (Acme)
      C4 billing-dispute, x3, O-13: SKU-A (Acme)            (an order seen, not a defect)
      C5, C6 shipping delay, x4 and x5, O-14 and O-15: SKU-B (Beta)
      C7 shipping lost, x6, O-16: SKU-A (Acme)
    Remedies for x1 on C1 and C3 (two cases: a repeat claimant by the customer page's rule)."""
    alice = ws.login("alice")
    new = alice.cases.create
    refs = {
        "P1": new(
            case("Late", "shipping-problem", "p1@ex.com", "O-1", [("SKU-B", "Beta")], "delay")
        ),
        "P2": new(
            case("Charged twice", "billing-dispute", "p2@ex.com", "O-2", [("SKU-A", "Acme")])
        ),
    }
    ws.clock.advance(days=7)
    refs |= {
        "C1": new(
            case(
                "Broken",
                "product-defect",
                "x1@ex.com",
                "O-10",
                [("SKU-A", "Acme"), ("SKU-B", "Beta")],
            )
        ),
        "C2": new(case("Stopped", "warranty-claim", "x2@ex.com", "O-11", [("SKU-A", "Acme")])),
        "C3": new(case("Dead", "product-defect", "x1@ex.com", "O-12", [("SKU-C", "Acme")])),
        "C4": new(case("Charged", "billing-dispute", "x3@ex.com", "O-13", [("SKU-A", "Acme")])),
        "C5": new(
            case("Late", "shipping-problem", "x4@ex.com", "O-14", [("SKU-B", "Beta")], "delay")
        ),
        "C6": new(
            case("Later", "shipping-problem", "x5@ex.com", "O-15", [("SKU-B", "Beta")], "delay")
        ),
        "C7": new(
            case("Lost", "shipping-problem", "x6@ex.com", "O-16", [("SKU-A", "Acme")], "lost")
        ),
    }
    for key in ("C1", "C3"):
        alice.remedies.propose(refs[key].reference, "coupon", Money(500, "EUR"), reason="sorry")
    return {k: c.reference for k, c in refs.items()}


def remedies_day(ws: Workspace, ref: str) -> date:
    """PostgreSQL times remedies by the server's clock, not the test's: the day one was made."""
    return ws.login("maria").remedies.for_case_with_actions(ref)[0][0].created_at.date()


def by_key(report: Any, section: Section) -> dict[str, Any]:
    return {f.key: f for f in report.section(section)}


def test_known_patterns(workspace: Workspace) -> None:
    refs = known_cases(workspace)
    report = workspace.login("maria").patterns.report(*CURRENT)

    products = by_key(report, Section.PRODUCTS)
    assert list(products) == ["SKU-A", "SKU-B", "SKU-C"]  # most cases first, then by key
    a = products["SKU-A"]
    assert a.references == (refs["C1"], refs["C2"])
    assert a.figures == {"defect_cases": 1, "warranty_cases": 1, "orders_seen": 4, "rate": 0.5}
    assert products["SKU-B"].figures["orders_seen"] == 3  # O-10, O-14, O-15 (O-1 is last week)
    assert products["SKU-B"].figures["rate"] == 0.3333
    assert products["SKU-C"].references == (refs["C3"],)
    assert products["SKU-C"].figures["rate"] == 1.0
    assert a.label == "SKU-A (Product SKU-A)"

    sellers = by_key(report, Section.SELLERS)
    assert list(sellers) == ["Acme", "Beta"]
    assert sellers["Acme"].references == (refs["C1"], refs["C2"], refs["C3"])
    assert sellers["Acme"].figures == {
        "defect_cases": 2,
        "warranty_cases": 1,
        "orders_seen": 5,
        "rate": 0.6,
    }
    assert sellers["Beta"].cases == 1

    shipping = by_key(report, Section.SHIPPING)
    assert list(shipping) == ["delay|Beta", "lost|Acme"]
    assert shipping["delay|Beta"].references == (refs["C5"], refs["C6"])
    assert shipping["delay|Beta"].figures["carrier"] is None  # not recorded, said as such
    assert shipping["delay|Beta"].label == "Shipping problem: Delay · seller Beta"

    claims = report.section(Section.REPEAT_CLAIMS)
    assert [f.references for f in claims] == [(refs["C1"], refs["C3"])]
    # The policy's window ends where the period ends: the one that holds the remedies.
    end = max(CURRENT[1], remedies_day(workspace, refs["C3"]))
    later = workspace.login("maria").patterns.report(CURRENT[0], end)
    remedies = later.section(Section.REPEAT_REMEDIES)
    assert [f.references for f in remedies] == [(refs["C1"], refs["C3"])]
    assert remedies[0].figures == {"customer_id": remedies[0].figures["customer_id"], "remedies": 2}

    jumps = by_key(report, Section.CATEGORY_JUMPS)
    assert list(jumps) == ["shipping-problem"]  # product-defect 0 -> 2 is below the minimum
    assert jumps["shipping-problem"].figures == {
        "previous": 1,
        "current": 3,
        "change": 2,
        "change_percent": 200.0,
        "previous_from": "2026-11-23",
        "previous_to": "2026-11-29",
    }
    # A jump covers a whole category of the period: the case list's own filter selects it.
    jumped = jumps["shipping-problem"]
    assert jumped.cases == 3 and jumped.case_ids == ()
    assert jumped.criteria == {
        "category": "shipping-problem",
        "created_from": "2026-11-30T00:00:00.000000Z",
        "created_to": "2026-12-07T00:00:00.000000Z",
    }
    assert report.not_recorded == NOT_RECORDED


def test_a_finding_opens_exactly_its_cases_in_the_case_list(workspace: Workspace) -> None:
    refs = known_cases(workspace)
    maria = workspace.login("maria")
    finding = maria.patterns.report(*CURRENT).section(Section.SELLERS)[0]
    page = maria.cases.list(CaseQuery(filter=CaseFilter(case_ids=finding.case_ids)))
    assert sorted(r.reference for r in page.items) == sorted([refs["C1"], refs["C2"], refs["C3"]])


def test_a_jumps_criteria_select_its_cases_in_the_case_list(workspace: Workspace) -> None:
    refs = known_cases(workspace)
    maria = workspace.login("maria")
    jumped = maria.patterns.report(*CURRENT).section(Section.CATEGORY_JUMPS)[0]
    assert jumped.criteria is not None
    found = CaseFilter(
        categories=(jumped.criteria["category"],),
        created_from=datetime.fromisoformat(jumped.criteria["created_from"]),
        created_to=datetime.fromisoformat(jumped.criteria["created_to"]),
    )
    page = maria.cases.list(CaseQuery(filter=found))
    assert sorted(r.reference for r in page.items) == [refs["C5"], refs["C6"], refs["C7"]]


def test_the_previous_period_has_its_own_patterns(workspace: Workspace) -> None:
    refs = known_cases(workspace)
    report = workspace.login("maria").patterns.report(*PREVIOUS)
    assert report.section(Section.PRODUCTS) == ()
    assert [f.references for f in report.section(Section.SHIPPING)] == [(refs["P1"],)]
    assert report.section(Section.CATEGORY_JUMPS) == ()  # nothing before it


def test_a_period_that_ends_before_it_starts_is_refused(workspace: Workspace) -> None:
    with pytest.raises(ValidationError, match=r"ends .* before it starts"):
        workspace.login("maria").patterns.report(CURRENT[1], CURRENT[0])


def test_figures_read_as_words_in_one_order() -> None:
    jumped = {"change_percent": 200.0, "change": 2, "previous": 1, "current": 3}
    assert figure_words(jumped) == "previous 1, +2 (+200.0%)"
    seller = {"rate": 0.6, "orders_seen": 5, "warranty_cases": 1, "defect_cases": 2}
    assert figure_words(seller) == "defects 2, warranty 1, orders seen 5, rate 60.0%"


def test_jump_rule() -> None:
    assert jump(0, 2) is None and jump(4, 5) is None and jump(3, 3) is None
    assert jump(0, 3) == {"previous": 0, "current": 3, "change": 3, "change_percent": None}
    assert jump(4, 6) == {"previous": 4, "current": 6, "change": 2, "change_percent": 50.0}


@pytest.mark.postgres
def test_both_backends_give_the_same_report(tmp_path: Any, pg_server: Any) -> None:
    from tests.helpers.workspace import drop_pg_database

    reports: list[dict[str, Any]] = []
    name = pg_server.create_database()
    try:
        for url in ("sqlite:///" + str(tmp_path / "rc.db"), pg_server.url(name)):
            ws = Workspace.create(url)
            try:
                known_cases(ws)
                # To today: PostgreSQL's remedies carry the server's time, SQLite's the test's.
                end = max(CURRENT[1], datetime.now(UTC).date())
                data = ws.login("maria").patterns.report(CURRENT[0], end).to_json()
            finally:
                ws.close()
            # Case ids may differ between backends' sequences; references may not.
            for section in data["sections"].values():
                for f in section["findings"]:
                    del f["case_ids"]
            reports.append(data)
    finally:
        drop_pg_database(pg_server, name)
    assert reports[0] == reports[1]
    assert reports[0]["sections"]["repeat_remedies"]["findings"]  # every section has findings
    assert all(s["findings"] for s in reports[0]["sections"].values())


def run(ws: Workspace, *argv: str, capsys: Any) -> tuple[int, str]:
    code = main(
        ["--database", ws.url, "--user", "maria", "--password-stdin", *argv],
        stdin=io.StringIO(PASSWORD + "\n"),
    )
    return code, capsys.readouterr().out


def test_cli_text_json_and_csv(workspace: Workspace, capsys: Any) -> None:
    refs = known_cases(workspace)
    window = ["--from", "2026-11-30", "--to", "2026-12-06"]
    code, text = run(workspace, "report", "patterns", *window, capsys=capsys)
    assert code == 0
    assert "Sellers with the most defect and warranty cases: 2" in text
    assert "Acme: 3 cases; defects 2, warranty 1, orders seen 5, rate 60.0%" in text
    assert "carrier: not recorded" in text

    code, out = run(workspace, "--json", "report", "patterns", *window, capsys=capsys)
    data = json.loads(out)
    jumps = data["sections"]["category_jumps"]["findings"]
    assert jumps[0]["id"] == "category_jumps:shipping-problem" and jumps[0]["change"] == 2

    code, out = run(workspace, "report", "patterns", *window, "--csv", capsys=capsys)
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["section", "finding", "label", "cases", "figures", "cases named"]
    acme = next(r for r in rows if r[1] == "sellers:Acme")
    assert acme[3] == "3" and acme[5].split() == [refs["C1"], refs["C2"], refs["C3"]]
