"""PostgreSQL's guards over satisfaction scores (schema step 18).

Users insert scores (grant) and nothing else: a recorded score is a record, superseded by a
newer one, never rewritten. The trigger in sql/satisfaction.sql holds what a grant cannot say,
for a user at a SQL prompt too: a score is recorded in the connected user's own name, and only a
score read from the customer's reply says so, naming that reply (an incoming message of the
case); a score typed in names no message.
"""

from __future__ import annotations

from ..domain.case import Role
from . import sql

FUNCTIONS_SQL = sql.render("satisfaction", {"role_system": sql.literal(Role.SYSTEM)})

APP_GRANTS = (
    "GRANT INSERT ON satisfaction_scores TO {app}",
    "REVOKE ALL ON FUNCTION rc_guard_score_insert() FROM PUBLIC",
)
