"""PostgreSQL's guards over periodic reviews (schema step 19).

Every user may read reviews; grants let users insert and update reviews, notes and actions, and
the triggers in sql/reviews.sql hold what grants cannot say, for a user at a SQL prompt too:
only supervisors and admins (domain/review.py `REVIEWERS`) open, refresh, note and sign a
review, in their own name; a signed review never changes, nothing is added to it, a note never
changes, and an action is finished once, by its owner or a reviewer.
"""

from __future__ import annotations

from ..domain.case import Role
from ..domain.review import REVIEWERS, ActionState, ReviewState
from . import sql

FUNCTIONS_SQL = sql.render(
    "reviews",
    {
        **sql.members("review", ReviewState),
        **sql.members("review_action", ActionState),
        "reviewer_roles": sql.literals(r.value for r in REVIEWERS),
        "role_system": sql.literal(Role.SYSTEM),
    },
)

APP_GRANTS = (
    "GRANT INSERT, UPDATE ON reviews, review_actions TO {app}",
    "GRANT INSERT ON review_notes TO {app}",
    *(
        f"REVOKE ALL ON FUNCTION {f}() FROM PUBLIC"
        for f in (
            "rc_guard_review_insert",
            "rc_guard_review",
            "rc_guard_review_child_insert",
            "rc_guard_review_note",
            "rc_guard_review_action",
        )
    ),
)
