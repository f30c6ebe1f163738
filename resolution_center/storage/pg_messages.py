"""PostgreSQL's guards over messages, templates and approved answers (schema step 15).

Users draft, edit, send and discard messages and write answers; admins alone save template
versions (grants). The triggers in sql/messages.sql hold what grants cannot say, for a user at a
SQL prompt too: every row is written in the connected user's own name, a sent message and a
template version never change, an answer version's text never changes, and it is approved once,
by a senior specialist or above who did not write it (never self-approval); the version in use
only moves forward to an approved version of the same answer, and use counts only grow.
"""

from __future__ import annotations

from ..domain.answers import APPROVERS
from ..domain.case import Role
from ..domain.messages import Direction, MessageState
from . import sql

FUNCTIONS_SQL = sql.render(
    "messages",
    {
        **sql.members("message", MessageState),
        **sql.members("direction", Direction),
        "message_states": sql.literals(MessageState),
        "approver_roles": sql.literals(APPROVERS),
        "role_system": sql.literal(Role.SYSTEM),
        "role_admin": sql.literal(Role.ADMIN),
    },
)

APP_GRANTS = (
    "GRANT INSERT ON message_templates TO {admin}",
    "GRANT INSERT, UPDATE ON messages, answers, answer_versions TO {app}",
    *(
        f"REVOKE ALL ON FUNCTION {f}() FROM PUBLIC"
        for f in (
            "rc_guard_template_insert",
            "rc_guard_message_insert",
            "rc_guard_message",
            "rc_guard_answer_insert",
            "rc_guard_answer",
            "rc_guard_answer_version_insert",
            "rc_guard_answer_version",
        )
    ),
)
