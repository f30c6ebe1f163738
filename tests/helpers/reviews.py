"""A periodic review with a row in each of its tables (schema step 19), for the tests that
need every vouched table to hold rows."""

from __future__ import annotations

from datetime import date

from resolution_center.domain.review import Review

from .workspace import PASSWORD, Workspace


def signed_review(ws: Workspace) -> Review:
    """Opened and signed off by maria, with a note and an action alice has finished."""
    maria = ws.login("maria")
    review = maria.reviews.open(date(2026, 11, 1), date(2026, 11, 30))
    maria.reviews.note(review.id, "A quiet month.")
    action = maria.reviews.add_action(review.id, "Call Acme", "alice", date(2026, 12, 20))
    maria.reviews.sign(review.id, PASSWORD, "Agreed.")
    ws.login("alice").reviews.finish_action(action.id)
    return maria.reviews.get(review.id)
