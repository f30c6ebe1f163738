"""PostgreSQL's guard over remedies: the only write path, re-checking every change in SQL.

Users have no INSERT or UPDATE on remedies, remedy_signoffs or the policy tables (admins may
insert policy versions). They call the SECURITY DEFINER functions of sql/remedies.sql, which take
the actor from `session_user` (via rc_actor) and the time from the server, check the change
against the stored, flattened policy (policy_authority, policy_caps), write it and append its
audit event in the same transaction. The states, kinds, roles and actions they name are rendered
from the domain's enums and transition table (`constants`). The Python domain still explains
decisions to users; these functions only refuse what no honest client would send, with a short
message and a SQLSTATE the app maps to an error:
RC001 conflict, RC002 policy refusal, RC003 invalid input, 42501 not allowed.

Locks are always taken in one order, customer row, remedy row, chain head, so that concurrent
changes queue instead of deadlocking: every change of one customer's remedies serialises on the
customer row, which is what keeps two racing proposals from both fitting under a cap.
"""

from __future__ import annotations

from ..domain.agreement import AgreementState
from ..domain.case import Role
from ..domain.remedy import (
    COUNTS_TOWARD_CAPS,
    EDITABLE_STATES,
    REMEDY_TRANSITIONS,
    WITHDRAWING_ROLES,
    RemedyKind,
    RemedyState,
)
from ..domain.remedy_record import REPLACEMENT_KINDS, VERDICTS
from . import sql

# An agreement binds its remedies while it has a draft or issued version (storage/remedies.py's
# agreement_in_force asks the same).
AGREEMENT_IN_FORCE = (AgreementState.DRAFT, AgreementState.ISSUED)


def _from(target: RemedyState) -> str:
    """The states domain/remedy.py's one table lets a remedy move to `target` from."""
    return sql.literals(s for s, onward in REMEDY_TRANSITIONS.items() if target in onward)


def constants() -> dict[str, str]:
    """remedies.sql's placeholders: each state, role and kind it names, and each set of states
    a guard accepts, rendered from the domain so the SQL cannot drift from it."""
    return {
        **sql.members("state", RemedyState),
        "role_system": sql.literal(Role.SYSTEM),
        "withdrawing_roles": sql.literals(WITHDRAWING_ROLES),
        "kind_goodwill_gesture": sql.literal(RemedyKind.GOODWILL_GESTURE),
        "replacement_kinds": sql.literals(REPLACEMENT_KINDS),
        "counts_toward_caps": sql.literals(COUNTS_TOWARD_CAPS),
        "editable_states": sql.literals(EDITABLE_STATES),
        "verdicts": sql.literals(VERDICTS),
        "may_sign_off": _from(RemedyState.APPROVED),
        "may_withdraw": _from(RemedyState.WITHDRAWN),
        "may_fulfil": _from(RemedyState.FULFILLED),
        "may_expire": _from(RemedyState.EXPIRED),
        "agreements_in_force": sql.literals(AGREEMENT_IN_FORCE),
    }


FUNCTIONS_SQL = sql.render("remedies", constants())

# Internal helpers: callable only from the guard functions (which run as the owner).
_PRIVATE = (
    "rc_chain_append(text, text, text, text, text, bigint, text)",
    "rc_remedy_event(text, text, text, text, bigint, text, jsonb, text[], text[])",
    "rc_person()",
    "rc_policy_in_force(integer)",
    "rc_authority_covers(integer, text, text, text, text, text, bigint, bigint)",
    "rc_check_caps(integer, bigint, bigint, text, bigint, bigint, timestamp)",
    "rc_check_remedy(bigint, text, bigint, text, text, text, integer, bigint, timestamp)",
    "rc_check_state(text, integer, integer, text)",
    "rc_check_decision(text, text, bigint, text, integer, integer)",
    "rc_lock_remedy(bigint)",
)
# The write path users have: each function re-checks what it is asked to store.
_PUBLIC = (
    "rc_propose_remedy(text, bigint, text, bigint, text, text, text, text, integer, text, "
    "integer, text)",
    "rc_decide_remedy(bigint, text, text, integer, text, text)",
    "rc_edit_remedy(bigint, integer, text, bigint, text, text, text, integer, text, integer, text)",
    "rc_withdraw_remedy(bigint, text, text)",
    "rc_fulfil_remedy(bigint, text)",
    "rc_expire_remedies()",
)

APP_GRANTS = (
    *(f"REVOKE ALL ON FUNCTION {f} FROM PUBLIC" for f in _PRIVATE + _PUBLIC),
    *(f"GRANT EXECUTE ON FUNCTION {f} TO {{app}}" for f in _PUBLIC),
    # Remedies and sign-offs: no direct writes for anyone; policies: new versions by admins.
    "REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON remedies, remedy_signoffs FROM {app}",
    "GRANT INSERT ON policies, policy_authority, policy_caps TO {admin}",
)
