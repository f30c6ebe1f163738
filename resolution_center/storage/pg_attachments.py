"""PostgreSQL's guard over evidence (schema step 4): append-only, withdrawn only through a function.

Users may INSERT and SELECT attachments, never UPDATE or DELETE them. An inserted row must name
its adder as the connected user (restores, run by the owner as `system`, keep the original
names). Withdrawing keeps the bytes: `rc_withdraw_attachment` (SECURITY DEFINER) stamps who and
when from `session_user` and the server's clock, and the trigger lets a row change in no other
way, even for the owner. The service appends the `evidence.withdrawn` event in the same
transaction; `verify` reports a withdrawal that has no event.
"""

from __future__ import annotations

from . import sql

FUNCTIONS_SQL = sql.render("attachments")

APP_GRANTS = (
    "GRANT INSERT ON attachments TO {app}",
    "REVOKE UPDATE, DELETE, TRUNCATE ON attachments FROM {app}",
    "REVOKE ALL ON FUNCTION rc_withdraw_attachment(bigint, text) FROM PUBLIC",
    "GRANT EXECUTE ON FUNCTION rc_withdraw_attachment(bigint, text) TO {app}",
)
