"""PostgreSQL's guards over mail in (schema step 17).

Users import mail (received messages: sql/messages.sql), quarantine what cannot be imported and
move the IMAP cursors (grants). The triggers in sql/mail_in.sql hold what grants cannot say, for
a user at a SQL prompt too: every row is written in the connected user's own name, a quarantined
mail is never deleted and its bytes and reason never change (it is imported or discarded once),
and a folder's cursor only moves forward.
"""

from __future__ import annotations

from ..domain.case import Role
from ..domain.mail_in import QuarantineState
from . import sql

FUNCTIONS_SQL = sql.render(
    "mail_in",
    {**sql.members("quarantine", QuarantineState), "role_system": sql.literal(Role.SYSTEM)},
)

APP_GRANTS = (
    "GRANT INSERT, UPDATE ON mail_quarantine, mail_cursors TO {app}",
    *(
        f"REVOKE ALL ON FUNCTION {f}() FROM PUBLIC"
        for f in ("rc_guard_quarantine_insert", "rc_guard_quarantine", "rc_guard_mail_cursor")
    ),
)
