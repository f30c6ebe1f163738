"""PostgreSQL's guard over escalation queues (schema step 11).

Only admins write queue membership and routing (grants); every user reads them. The trigger in
sql/queues.sql keeps each case's assignee a member of its tier's queue, so a user's own role
cannot escalate a case into its own hands, or take one the queue does not list, around the
service's checks.
"""

from __future__ import annotations

from . import sql

FUNCTIONS_SQL = sql.render("queues")

APP_GRANTS = (
    "REVOKE ALL ON FUNCTION rc_guard_case_queue() FROM PUBLIC",
    "GRANT INSERT, DELETE ON queue_members TO {admin}",
    "GRANT INSERT, UPDATE ON queue_routing TO {admin}",
)
