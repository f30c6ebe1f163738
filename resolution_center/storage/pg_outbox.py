"""PostgreSQL's guards over the outbox (schema step 16).

Users queue mail for the messages they send and may retry mail that waits; only a deliverer
(an administrator's window, or `system` from cron) claims mail (outbox_claims, by grant) and
records how an attempt went.
The triggers in sql/outbox.sql hold that for a user at a SQL prompt too: nobody forges a
delivered state without being a deliverer, a delivered mail never changes, what a mail says
(recipient, subject, Message-ID, thread) is fixed when it is queued, and nothing is deleted.
"""

from __future__ import annotations

from ..domain.case import Role
from ..domain.messages import MessageState
from ..domain.outbox import DELIVERERS, OutboxState
from . import sql

FUNCTIONS_SQL = sql.render(
    "outbox",
    {
        **sql.members("outbox", OutboxState),
        **sql.members("message", MessageState),
        "deliverer_roles": sql.literals(r for r in DELIVERERS if r is not Role.SYSTEM),
        "role_system": sql.literal(Role.SYSTEM),
    },
)

APP_GRANTS = (
    "GRANT INSERT, UPDATE ON outbox TO {app}",
    # a delivery pass's claims: deliverers only (system owns the tables anyway)
    "GRANT INSERT, UPDATE, DELETE ON outbox_claims TO {admin}",
    *(
        f"REVOKE ALL ON FUNCTION {f}() FROM PUBLIC"
        for f in ("rc_guard_outbox_insert", "rc_guard_outbox")
    ),
)
