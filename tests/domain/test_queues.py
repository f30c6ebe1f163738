"""The queue rules as pure functions: routing, membership, and escalation by policy authority."""

from __future__ import annotations

from pathlib import Path

import pytest

from resolution_center.domain.case import Tier
from resolution_center.domain.errors import ValidationError
from resolution_center.domain.queues import (
    Routed,
    Routing,
    RoutingMode,
    authority_escalation,
    check_member,
    check_routing,
    route,
)
from resolution_center.policy.loader import load_policy_file
from tests.domain.test_policy import req

DEFAULT = load_policy_file(Path(__file__).parents[2] / "resources" / "policy" / "default.toml")


def test_round_robin_deals_in_turn_from_whoever_waited_longest() -> None:
    rr = Routing(Tier.FRONTLINE, RoutingMode.ROUND_ROBIN)
    got = route(rr, ["a"] * 4, ["aiko", "dmitri", "sofia"], {"aiko": 9, "dmitri": 4})
    assert [r.username for r in got if r] == ["sofia", "dmitri", "aiko", "sofia"]
    assert {r.rule for r in got if r} == {"round-robin"}
    assert route(rr, ["a"], [], {}) == [None]  # an empty queue: the case waits
    assert route(Routing(Tier.FRONTLINE), ["a"], ["aiko"], {}) == [None]


def test_by_category_names_the_rule_and_skips_who_left() -> None:
    rules = Routing(
        Tier.FRONTLINE, RoutingMode.BY_CATEGORY, {"fraud-suspicion": "aiko", "billing": "olu"}
    )
    got = route(rules, ["fraud-suspicion", "billing", "order-issue"], ["aiko", "sofia"], {})
    assert got == [Routed("aiko", "by-category:fraud-suspicion"), None, None]
    with pytest.raises(ValidationError, match="olu"):
        check_routing(RoutingMode.BY_CATEGORY, {"billing": "olu"}, ["aiko"])
    with pytest.raises(ValidationError, match="only to by-category"):
        check_routing(RoutingMode.ROUND_ROBIN, {"billing": "aiko"}, ["aiko"])


def test_only_a_member_may_hold_a_case_and_the_refusal_says_who_may() -> None:
    check_member(Tier.SENIOR, "zoe", ["lena", "zoe"])
    check_member(Tier.SENIOR, None, [])
    with pytest.raises(ValidationError, match=r"sofia is not in the senior.*lena, zoe"):
        check_member(Tier.SENIOR, "sofia", ["zoe", "lena"])


def test_a_remedy_above_the_tiers_authority_names_the_policy_rule() -> None:
    # specialists: 100.00 EUR or 50% of the order for a partial refund (default policy)
    assert authority_escalation(Tier.FRONTLINE, req("90.00", order="300.00"), DEFAULT) is None
    by_amount = authority_escalation(Tier.FRONTLINE, req("200.00", order="900.00"), DEFAULT)
    assert by_amount is not None
    tier, rule = by_amount
    assert (tier, rule.id, rule.name) == (Tier.SENIOR, "R3", "absolute-limit")
    assert f"policy v{DEFAULT.version}" in rule.explanation
    by_share = authority_escalation(Tier.FRONTLINE, req("90.00", order="100.00"), DEFAULT)
    assert by_share is not None and by_share[1].id == "R4"
    skips = authority_escalation(Tier.FRONTLINE, req("600.00", order="900.00"), DEFAULT)
    assert skips is not None and skips[0] is Tier.EXPERT
    assert authority_escalation(Tier.EXPERT, req("1900.00", order="3000.00"), DEFAULT) is None
