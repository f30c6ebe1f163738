"""PostgreSQL mode's users: login roles and the `users` table, changed only through functions.

Each user is a login role of the server, a member of this database's group role (`rc_app__<db>`,
or `rc_admin__<db>` for admins). No app role holds SUPERUSER, CREATEROLE or CREATEDB, or any
membership it could grant on (no ADMIN OPTION), and no app role may write `users`: otherwise an
admin could create or take over any role of the server (`ALTER ROLE`, `GRANT
pg_execute_server_program`, another database's groups) or make itself a supervisor with one
UPDATE. Instead, users are created, given a role, disabled and given passwords by the SECURITY
DEFINER functions of sql/roles.sql, owned by `rc_owner__<db>`: a NOLOGIN role with CREATEROLE that
no app role is a member of, so nobody can SET ROLE to it; its functions are the only way to its
power.

Under PostgreSQL 15 CREATEROLE reaches every non-superuser role of the server, so the functions
restrict themselves: they touch only a role named by a row of this database's `users`, that is a
member of this database's groups (an admin: of those alone), never a superuser, a group or the
owner role, with a name `check_role_name` accepts. Who may do what is the domain's rule, checked
again here: admins (and the `system` set-up actor) manage users; an admin cannot change their own
role or disable their own account; the last active admin is neither disabled nor demoted; anyone
may set their own password. Each function appends its audit event in the same transaction,
stamped with `session_user` (rc_actor), through `rc_user_event`.

Passwords reach the server as SCRAM-SHA-256 verifiers computed by the client (libpq's
PQencryptPasswordConn), so the clear text is never in a statement, a server log or an event; the
functions also accept a clear-text password (8 to 1024 characters) from a SQL prompt, which the
server then hashes. Neither is ever written to an event.

The login path writes nothing on PostgreSQL: the server checks passwords, so the SQLite-only
failure counters, lockouts and argon2 rehashes (services/users.py) never run here.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import peewee

from ..domain import audit
from ..domain.case import HUMAN_ROLES, Role
from ..domain.errors import EnvironmentFault, PermissionDenied, ValidationError
from . import sql

if TYPE_CHECKING:
    from .store import Store

FUNCTIONS_SQL = sql.render(
    "roles",
    {
        "human_roles": sql.literals(HUMAN_ROLES),
        "role_admin": sql.literal(Role.ADMIN),
        "role_system": sql.literal(Role.SYSTEM),
    },
)

# Owned by the owner role (its CREATEROLE is what they use); EXECUTE revoked from PUBLIC.
HELPERS = (
    "rc_role_names()",
    "rc_user_manager()",
    "rc_check_user_name(text)",
    "rc_check_user_role(text)",
    "rc_check_password(text)",
    "rc_check_user_event(text, jsonb, text)",
    "rc_managed_role(text, text)",
    "rc_is_member(text, text)",
    "rc_place_role(text, text)",
    "rc_user_event(text, text, text, text, bigint, text)",
    "rc_lock_user(text)",
)
ADMIN_FUNCTIONS = (
    "rc_create_user(text, text, text, text, text)",
    "rc_set_user_role(text, text, text)",
    "rc_disable_user(text, text)",
)
USER_FUNCTIONS = ("rc_set_user_password(text, text)",)
SETUP_FUNCTIONS = ("rc_join_user(text)",)  # the set-up actor only (superuser or owner member)
OWNED = HELPERS + ADMIN_FUNCTIONS + USER_FUNCTIONS + SETUP_FUNCTIONS

APP_GRANTS = (
    *(f"REVOKE ALL ON FUNCTION {f} FROM PUBLIC" for f in OWNED),
    *(f"GRANT EXECUTE ON FUNCTION {f} TO {{admin}}" for f in ADMIN_FUNCTIONS),
    *(f"GRANT EXECUTE ON FUNCTION {f} TO {{app}}" for f in USER_FUNCTIONS),
    # Nobody but the owner's functions writes users (releases before this one let admins).
    "REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON users FROM {app}, {admin}",
    # What the owner role's functions need, and nothing else.
    "GRANT USAGE ON SCHEMA public TO {owner}",
    "GRANT SELECT, INSERT, UPDATE ON users TO {owner}",
    "GRANT USAGE ON SEQUENCE users_id_seq TO {owner}",
    "GRANT EXECUTE ON FUNCTION rc_actor() TO {owner}",
    "GRANT EXECUTE ON FUNCTION rc_chain_append(text, text, text, text, text, bigint, text) "
    "TO {owner}",
)

_GROUP = re.compile(r"^rc_(app|admin|owner)__[a-z0-9_]{1,40}$")


def names_sql(app: str, admin: str, owner: str) -> str:
    """rc_role_names(): this database's group and owner role names, fixed when `init` ran."""
    for name in (app, admin, owner):
        if not _GROUP.match(name):
            raise ValueError(f"not a group role name: {name!r}")
    return (
        "CREATE OR REPLACE FUNCTION rc_role_names(OUT o_app text, OUT o_admin text, "
        "OUT o_owner text) LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS "
        f"$$ SELECT '{app}'::text, '{admin}'::text, '{owner}'::text $$"
    )


# ---- install: the roles, the owner, and taking back what earlier releases gave admins --------

_MEMBERSHIPS = (
    "SELECT m.rolname, g.rolname, a.admin_option FROM pg_auth_members a "
    "JOIN pg_roles m ON m.oid = a.member JOIN pg_roles g ON g.oid = a.roleid"
)


def _one(db: peewee.Database, sql: str, params: tuple[Any, ...] = ()) -> Any:
    return db.execute_sql(sql, params).fetchone()


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _member(db: peewee.Database, member: str, group: str) -> bool:
    return bool(
        _one(db, _MEMBERSHIPS + " WHERE m.rolname = %s AND g.rolname = %s", (member, group))
    )


def ensure_roles(db: peewee.Database, app: str, admin: str, owner: str) -> None:
    """The two groups and the owner role exist, NOLOGIN, with nothing more than they need.

    Every statement runs only when something is missing or wrong, so a repeated `init` needs no
    CREATEROLE once the first one (or the upgrade from a release that gave admins CREATEROLE)
    has run.
    """
    current, superuser, version = _one(
        db,
        "SELECT current_user, rolsuper, current_setting('server_version_num')::int "
        "FROM pg_roles WHERE rolname = current_user",
    )
    for role in (app, admin, owner):
        wanted_createrole = role == owner
        row = _one(
            db,
            "SELECT rolcanlogin, rolsuper OR rolreplication OR rolbypassrls, rolcreaterole, "
            "rolcreatedb FROM pg_roles WHERE rolname = %s",
            (role,),
        )
        if row is None:
            attrs = "NOLOGIN CREATEROLE" if wanted_createrole else "NOLOGIN"
            db.execute_sql(f"CREATE ROLE {_ident(role)} {attrs}")
            continue
        can_login, privileged, createrole, createdb = row
        if can_login or privileged:
            raise EnvironmentFault(
                f"the role {role} exists on this server and can log in or is privileged: it "
                "cannot serve as this database's group or owner role; nothing was changed"
            )
        if createrole != wanted_createrole or createdb:
            db.execute_sql(
                f"ALTER ROLE {_ident(role)} "
                f"{'CREATEROLE' if wanted_createrole else 'NOCREATEROLE'} NOCREATEDB"
            )
    if not _member(db, admin, app):
        db.execute_sql(f"GRANT {_ident(app)} TO {_ident(admin)}")
    # Nobody may become the owner role but the installing role, which owns its functions.
    for member, _group, _admin in db.execute_sql(
        _MEMBERSHIPS + " WHERE g.rolname = %s AND m.rolname <> current_user", (owner,)
    ).fetchall():
        db.execute_sql(f"REVOKE {_ident(owner)} FROM {_ident(member)}")
    if version >= 160000:  # pragma: no cover - the test server is 15
        # PostgreSQL 16: CREATEROLE reaches only the roles one holds ADMIN OPTION on, and
        # handing a function to a role takes SET on it.
        for group in (app, admin):
            db.execute_sql(
                f"GRANT {_ident(group)} TO {_ident(owner)} "
                "WITH ADMIN OPTION, INHERIT FALSE, SET FALSE"
            )
        if not superuser:
            db.execute_sql(
                f"GRANT {_ident(owner)} TO {_ident(current)} WITH INHERIT TRUE, SET TRUE"
            )
    elif not superuser and not _member(db, current, owner):
        db.execute_sql(f"GRANT {_ident(owner)} TO {_ident(current)}")


def take_ownership(db: peewee.Database, owner: str) -> None:
    """The user functions run as the owner role (nothing to do when it owns them already).

    PostgreSQL lets a non-superuser hand a function only to a role that may create in its
    schema: the owner role holds CREATE on `public` just for the hand-over.
    """
    foreign = [
        f
        for f in OWNED
        if _one(
            db, "SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE oid = %s::regprocedure", (f,)
        )[0]
        != owner
    ]
    if not foreign:
        return
    superuser = _one(db, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")[0]
    if not superuser:
        db.execute_sql(f"GRANT CREATE ON SCHEMA public TO {_ident(owner)}")
    for function in foreign:
        db.execute_sql(f"ALTER FUNCTION {function} OWNER TO {_ident(owner)}")
    if not superuser:
        db.execute_sql(f"REVOKE CREATE ON SCHEMA public FROM {_ident(owner)}")


def secure_login_roles(db: peewee.Database, app: str, admin: str) -> list[str]:
    """Take back from this database's login roles what earlier releases let admins obtain.

    Before this release an admin's login role had CREATEROLE, so it (or a role it made) may hold
    CREATEROLE or CREATEDB, a membership WITH ADMIN OPTION, a membership in roles that are no app
    group (pg_execute_server_program, the owner of a database...), or a group that does not
    match its user's role (or no user at all). Each member of this database's groups is set back
    to: its user's group alone (admin or app), no attributes, no options. Returns what was
    changed, one line each; nothing runs when nothing is wrong.
    """
    changed: list[str] = []
    roles = dict(db.execute_sql("SELECT username, role FROM users WHERE role <> 'system'"))
    members = db.execute_sql(
        "SELECT DISTINCT m.rolname, m.rolcreaterole OR m.rolcreatedb FROM pg_auth_members a "
        "JOIN pg_roles m ON m.oid = a.member JOIN pg_roles g ON g.oid = a.roleid "
        "WHERE g.rolname IN (%s, %s) AND m.rolname NOT IN (%s, %s) AND NOT m.rolsuper "
        "ORDER BY 1",
        (app, admin, app, admin),
    ).fetchall()
    for name, attrs in members:
        if attrs:
            db.execute_sql(f"ALTER ROLE {_ident(name)} NOCREATEROLE NOCREATEDB")
            changed.append(f"{name}: CREATEROLE and CREATEDB removed")
        wanted = None if name not in roles else admin if roles[name] == "admin" else app
        for _member_name, group, admin_option in db.execute_sql(
            _MEMBERSHIPS + " WHERE m.rolname = %s ORDER BY 2", (name,)
        ).fetchall():
            ours = group in (app, admin)
            if (ours and group != wanted) or not re.match(r"^rc_(app|admin)__", group):
                db.execute_sql(f"REVOKE {_ident(group)} FROM {_ident(name)}")
                changed.append(f"{name}: membership in {group} revoked")
            elif admin_option:
                db.execute_sql(f"REVOKE ADMIN OPTION FOR {_ident(group)} FROM {_ident(name)}")
                changed.append(f"{name}: ADMIN OPTION on {group} revoked")
        if wanted is not None and not _member(db, name, wanted):
            db.execute_sql(f"GRANT {_ident(wanted)} TO {_ident(name)}")
            changed.append(f"{name}: made a member of {wanted}")
    return changed


# ---- the app's calls ------------------------------------------------------------------------

_REFUSALS: dict[str, type[Exception]] = {"RC003": ValidationError, "42501": PermissionDenied}


def _refusal(exc: BaseException) -> Exception | None:
    for err in (exc, exc.__cause__, exc.__context__, *exc.args):
        code = getattr(err, "pgcode", None)
        if code in _REFUSALS:
            diag = getattr(err, "diag", None)
            message = getattr(diag, "message_primary", None) or str(err).strip()
            return _REFUSALS[code](message)
    return None


class UserFunctions:
    """The PostgreSQL write path for users: one function call per change, inside the caller's
    transaction. Statements go to the driver's cursor, not peewee's execute_sql, so no query
    log ever holds a password or its verifier."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _call(self, sql: str, params: tuple[Any, ...]) -> Any:
        cursor = self.store.db.cursor()
        try:
            with peewee.__exception_wrapper__:  # type: ignore[attr-defined]  # not in the stubs
                cursor.execute(sql, params)
                row = cursor.fetchone()
        except peewee.DatabaseError as exc:
            mapped = _refusal(exc)
            if mapped is None:
                raise
            raise mapped from None
        finally:
            cursor.close()
        return row[0] if row else None

    def verifier(self, username: str, password: str) -> str:
        """The SCRAM-SHA-256 verifier the server stores; the clear text stays here."""
        from psycopg2.extensions import encrypt_password

        return str(
            encrypt_password(password, username, self.store.db.connection(), "scram-sha-256")
        )

    def role_exists(self, username: str) -> bool:
        return bool(self._call("SELECT count(*) FROM pg_roles WHERE rolname = %s", (username,)))

    def create(
        self, username: str, display_name: str, role: str, password: str, event: dict[str, Any]
    ) -> int:
        verifier = self.verifier(username, password)
        data = audit.canonical_json(event)
        return int(
            self._call(
                "SELECT rc_create_user(%s, %s, %s, %s, %s)",
                (username, display_name, role, verifier, data),
            )
        )

    def set_role(self, username: str, role: str, event: dict[str, Any]) -> None:
        self._call(
            "SELECT rc_set_user_role(%s, %s, %s)", (username, role, audit.canonical_json(event))
        )

    def disable(self, username: str, event: dict[str, Any]) -> None:
        self._call("SELECT rc_disable_user(%s, %s)", (username, audit.canonical_json(event)))

    def set_password(self, username: str, password: str) -> None:
        self._call(
            "SELECT rc_set_user_password(%s, %s)", (username, self.verifier(username, password))
        )

    def join(self, username: str) -> bool:
        """A restored user whose login role exists on this server joins this database."""
        return bool(self._call("SELECT rc_join_user(%s)", (username,)))
