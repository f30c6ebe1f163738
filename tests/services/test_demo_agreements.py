"""The demo's negotiations and agreements, on top of fill_demo's cases."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from resolution_center.services.demo import fill_demo
from resolution_center.services.demo_agreements import SCENARIOS, add_demo_agreements
from resolution_center.services.session import open_context


def test_demo_agreements(tmp_path: Path) -> None:
    url = "sqlite:///" + str(tmp_path / "demo.db")
    clock = lambda: datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # noqa: E731
    assert fill_demo(url, clock=clock).agreements == len(SCENARIOS)  # fill_demo adds them
    assert add_demo_agreements(url, clock=clock) == 0  # once only
    with open_context(url, "maria", "supervisor-demo-1") as ctx:
        versions = Counter(i.state for i in ctx.agreements.list(all_versions=True))
        assert versions == {"draft": 1, "issued": 2, "superseded": 1, "voided": 1}
        offers = Counter(
            o.state.value for i in ctx.agreements.list() for o in ctx.offers.list(i.case)
        )
        assert offers == {"accepted": 4}
        open_offers = ctx.store.sql.scalar("SELECT count(*) FROM offers WHERE state = 'open'")
        assert open_offers == 2  # one waiting for the customer, one counter-offer
        assert ctx.agreements.company().name == "Nordlicht Home & Living GmbH"
        assert ctx.audit.verify().ok
