"""PostgreSQL's guard over the SLA (schema step 10): calendar versions are added by admins in
their own name and never changed (no UPDATE or DELETE grant, and a trigger refuses them even for
the owner); on a case, a recorded warning or breach and the calendar version stay as recorded
(users may write case rows, so a trigger, not a grant, keeps a late case late)."""

from __future__ import annotations

from ..domain.case import Role
from . import sql

FUNCTIONS_SQL = sql.render(
    "sla", {"role_admin": sql.literal(Role.ADMIN), "role_system": sql.literal(Role.SYSTEM)}
)

APP_GRANTS = ("GRANT INSERT ON sla_calendars TO {admin}",)
