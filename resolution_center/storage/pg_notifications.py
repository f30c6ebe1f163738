"""PostgreSQL's guards over notifications' read state (schema step 18).

Users insert read rows and insert or move their "all read" mark (grants); the trigger in
sql/notifications.sql holds what grants cannot say, for a user at a SQL prompt too: each user
writes their own read state only (a specialist cannot mark a colleague's notifications read, or
unread), a read row never changes, and the mark only moves forward.
"""

from __future__ import annotations

from ..domain.case import Role
from . import sql

FUNCTIONS_SQL = sql.render("notifications", {"role_system": sql.literal(Role.SYSTEM)})

APP_GRANTS = (
    "GRANT INSERT ON notification_reads TO {app}",
    "GRANT INSERT, UPDATE ON notification_marks TO {app}",
    "REVOKE ALL ON FUNCTION rc_guard_notification_read() FROM PUBLIC",
)
