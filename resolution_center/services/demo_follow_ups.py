"""The demo's closing-the-loop data, added through the services after the history: follow-ups
(one due for sofia, so "My follow-ups due" shows it at her first login, one for tomorrow, one
done) and a linked pair of cases about the same courier. (The history already holds repeat
claimants: customers with remedies on two cases within the policy's window.)"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from ..domain.case import OPEN_STATUSES, Case
from .session import Session

FOLLOW_UPS = (
    # (minutes after the run day's start the follow-up is due, note, done at once)
    (5, "Call the customer back about the courier's answer", False),
    (33 * 60, "Check that the replacement was delivered", False),
    (2 * 60, "Ask the seller for the packing photos", True),
)


def add_demo_follow_ups(
    contexts: Mapping[str, Session],
    cases: list[Case],
    anchor: datetime,
    at: Callable[[datetime], None],
) -> None:
    """Follow-ups, a link and a repeat claimant on the demo's cases, written at the end of the
    history (`at` moves the demo's clock forward, never back: the trail's times only grow).
    The first follow-up falls due minutes into the run day."""
    sofia = contexts["sofia"]
    live = [c for c in cases if c.status in OPEN_STATUSES and c.merged_into is None]
    hers = [c for c in live if c.assignee == "sofia"] or live
    at(anchor - timedelta(hours=3))
    for (minutes, note, done), case in zip(FOLLOW_UPS, hers, strict=False):
        task = sofia.follow_ups.add(case.id, anchor + timedelta(minutes=minutes), note, "sofia")
        if done:
            sofia.follow_ups.done(task.id)
    shipping = [c for c in live if c.category == "shipping-problem"]
    if len(shipping) >= 2:
        first, second = shipping[0], shipping[1]
        sofia.case_links.link(first.id, second.id, "Both parcels went through the same depot")
