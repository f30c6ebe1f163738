"""PostgreSQL's guards for closing the loop (schema step 12).

Users may UPDATE cases, so the rules of closing one are held by a trigger as well as by the
service: a case closes over open remedies only when a supervisor closes it (the service records
the override's reason in the event), it resolves only with a resolution code and a summary, and
a merged case stays closed with its pointer. A specialist's own database role writing the
status directly is refused. Follow-up tasks are inserted by users in their own name and change
once, from open to done or cancelled, by whoever finishes them in their own name; case links
are records, written in their maker's name. The states and roles are rendered from the domain
(`OPEN_REMEDY_STATES`, `CLOSE_OVERRIDE_ROLES`, `TaskState`, `Status`).
"""

from __future__ import annotations

from ..domain.case import Role, Status
from ..domain.closing import CLOSE_OVERRIDE_ROLES, OPEN_REMEDY_STATES, TaskState
from . import sql

FUNCTIONS_SQL = sql.render(
    "closing",
    {
        **sql.members("status", Status),
        **sql.members("task", TaskState),
        **sql.members("role", Role),
        "open_remedy_states": sql.literals(s.value for s in OPEN_REMEDY_STATES),
        "close_override_roles": sql.literals(r.value for r in CLOSE_OVERRIDE_ROLES),
    },
)

APP_GRANTS = (
    "GRANT INSERT, UPDATE ON case_tasks TO {app}",
    "GRANT INSERT ON case_links TO {app}",
    "REVOKE UPDATE, DELETE, TRUNCATE ON case_links FROM {app}, {admin}",
    "REVOKE DELETE, TRUNCATE ON case_tasks FROM {app}, {admin}",
    "REVOKE ALL ON FUNCTION rc_guard_case_closing() FROM PUBLIC",
    "REVOKE ALL ON FUNCTION rc_guard_case_task() FROM PUBLIC",
    "REVOKE ALL ON FUNCTION rc_guard_own_name() FROM PUBLIC",
)
