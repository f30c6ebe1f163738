"""Shared mode: an admin with a SQL prompt manages users of this database and nothing more.

Each test logs in over psql as a real login role with its SCRAM password, as an attacker with the
app's credentials would. Before issue 12 an admin's role had CREATEROLE (so it could run programs
as the server's OS user, take over any role, join any database's groups) and could UPDATE users
(so it could make itself a supervisor and approve remedies).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

import psycopg2
import pytest

from resolution_center.domain import audit
from resolution_center.domain.errors import PermissionDenied, ValidationError
from resolution_center.services.setup import initialize
from resolution_center.storage import pg_roles
from resolution_center.storage.pg_security import group_roles, owner_role
from resolution_center.storage.repositories import AuditRepository
from tests.helpers.workspace import PASSWORD, Workspace, drop_pg_database

pytestmark = pytest.mark.postgres


def _db(ws: Workspace) -> str:
    return ws.url.rsplit("/", 1)[1]


def _psql(
    ws: Workspace, pg_server: Any, sql: str, user: str = "root", password: str = PASSWORD
) -> Any:
    return pg_server.psql(sql, _db(ws), user, password)


def _super(ws: Workspace, pg_server: Any, sql: str) -> Any:
    return pg_server.psql(sql, _db(ws), pg_server.superuser, pg_server.superuser_password)


def _refused(result: Any, *words: str) -> None:
    assert result.returncode != 0, result.stdout
    assert any(w in result.stderr for w in words), result.stderr


def _role(ws: Workspace, name: str) -> tuple[Any, ...] | None:
    conn = psycopg2.connect(ws.url)
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT rolcanlogin, rolcreaterole, rolcreatedb, rolsuper FROM pg_roles "
                "WHERE rolname = %s",
                (name,),
            )
            return cur.fetchone()
    finally:
        conn.close()


def _member(ws: Workspace, member: str, group: str) -> bool:
    conn = psycopg2.connect(ws.url)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", (member, group))
            return bool(cur.fetchone()[0])
    finally:
        conn.close()


def _chain_intact(ws: Workspace) -> bool:
    repo = AuditRepository(ws.login(None).store)
    checker = audit.ChainChecker()
    for rows in repo.iter_rows():
        checker.feed(rows)
    return checker.finish(repo.head()).ok


def _events(ws: Workspace, name: str) -> list[audit.AuditEvent]:
    return AuditRepository(ws.login(None).store).for_target("user", name)


# ---- finding 1: an admin's SQL prompt reached the whole server ----------------------------------


def test_an_admin_cannot_run_programs_as_the_servers_os_user(  # type: ignore[no-untyped-def]
    pg_server, pg_workspace: Workspace
) -> None:
    grant = _psql(pg_workspace, pg_server, "GRANT pg_execute_server_program TO root")
    _refused(grant, "permission denied", "must have admin option")
    copy = _psql(
        pg_workspace,
        pg_server,
        "CREATE TEMP TABLE o (l text); COPY o FROM PROGRAM 'id'; SELECT l FROM o",
    )
    _refused(copy, "permission denied", "pg_execute_server_program")
    assert not _member(pg_workspace, "root", "pg_execute_server_program")


@pytest.mark.parametrize(
    "sql",
    [
        "ALTER ROLE maria PASSWORD 'taken-over-1'",
        "ALTER ROLE maria NOLOGIN",
        "CREATE ROLE evil LOGIN PASSWORD 'evil-pass-1'",
        "GRANT pg_read_server_files TO root",
        "DROP ROLE olu",
    ],
)
def test_an_admin_cannot_create_or_change_server_roles(  # type: ignore[no-untyped-def]
    pg_server, pg_workspace: Workspace, sql: str
) -> None:
    _refused(_psql(pg_workspace, pg_server, sql), "permission denied", "must have admin option")
    assert _psql(pg_workspace, pg_server, "SELECT 1", user="maria").returncode == 0
    assert _role(pg_workspace, "evil") is None


@pytest.mark.parametrize("grantee", ["root", "alice"])
def test_an_admin_cannot_grant_a_group_of_this_or_another_database(  # type: ignore[no-untyped-def]
    pg_server, pg_workspace: Workspace, grantee: str
) -> None:
    admin = group_roles(_db(pg_workspace))[1]
    owner = owner_role(_db(pg_workspace))
    other = f"rc_admin__elsewhere_{secrets.token_hex(3)}"
    _super(pg_workspace, pg_server, f"CREATE ROLE {other} NOLOGIN")
    try:
        for group in (admin, other, owner):
            _refused(
                _psql(pg_workspace, pg_server, f"GRANT {group} TO {grantee}"),
                "permission denied",
                "must have admin option",
            )
        assert not _member(pg_workspace, grantee, other)
    finally:
        _super(pg_workspace, pg_server, f"DROP ROLE {other}")
    assert not _member(pg_workspace, grantee, owner)
    assert not _member(pg_workspace, "alice", admin)
    _refused(_psql(pg_workspace, pg_server, f"SET ROLE {owner}"), "permission denied")


# ---- finding 2: an admin could write the users table ------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE users SET role = 'supervisor' WHERE username = 'root'",
        "UPDATE users SET disabled = true WHERE username = 'maria'",
        "INSERT INTO users (username, display_name, role, disabled, failed_logins, created_at) "
        "VALUES ('mallory', 'M', 'supervisor', false, 0, 'x')",
        "DELETE FROM users WHERE username = 'olu'",
    ],
)
def test_an_admin_cannot_write_the_users_table(  # type: ignore[no-untyped-def]
    pg_server, pg_workspace: Workspace, sql: str
) -> None:
    _refused(_psql(pg_workspace, pg_server, sql), "permission denied")
    actor = _psql(pg_workspace, pg_server, "SELECT o_actor || ' ' || o_role FROM rc_actor()")
    assert actor.stdout.strip() == "root admin"


def test_an_admin_cannot_give_themselves_a_role_through_the_function(  # type: ignore[no-untyped-def]
    pg_server, pg_workspace: Workspace
) -> None:
    result = _psql(
        pg_workspace,
        pg_server,
        "SELECT rc_set_user_role('root', 'supervisor', "
        '\'{"old":{"role":"admin"},"new":{"role":"supervisor"}}\')',
    )
    _refused(result, "an admin cannot change their own role")
    disable = _psql(
        pg_workspace,
        pg_server,
        'SELECT rc_disable_user(\'root\', \'{"old":{"disabled":false},"new":{"disabled":true}}\')',
    )
    _refused(disable, "you cannot disable your own account")
    assert pg_workspace.login("root").users.get("root").role == "admin"


def test_the_last_active_admin_cannot_be_disabled_or_demoted(  # type: ignore[no-untyped-def]
    pg_server, pg_workspace: Workspace
) -> None:
    disable = _super(
        pg_workspace,
        pg_server,
        'SELECT rc_disable_user(\'root\', \'{"old":{"disabled":false},"new":{"disabled":true}}\')',
    )
    _refused(disable, "the last active admin cannot be disabled")
    demote = _super(
        pg_workspace,
        pg_server,
        "SELECT rc_set_user_role('root', 'expert', "
        '\'{"old":{"role":"admin"},"new":{"role":"expert"}}\')',
    )
    _refused(demote, "the last active admin cannot lose the admin role")
    system = pg_workspace.login(None)
    with pytest.raises(ValidationError, match="the last active admin cannot be disabled"):
        system.users.disable("root")
    assert _role(pg_workspace, "root")[0] is True  # type: ignore[index]


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT rc_create_user('mallory', 'M', 'admin', 'mallory-pass-1', "
        '\'{"new":{"role":"admin","display_name":"M"}}\')',
        "SELECT rc_set_user_role('alice', 'supervisor', "
        '\'{"old":{"role":"specialist"},"new":{"role":"supervisor"}}\')',
        'SELECT rc_disable_user(\'maria\', \'{"old":{"disabled":false},"new":{"disabled":true}}\')',
        "SELECT rc_set_user_password('maria', 'taken-over-1')",
        "SELECT rc_join_user('alice')",
        "SELECT rc_place_role('alice', 'admin')",
        "SELECT rc_managed_role('maria', 'system')",
    ],
)
def test_a_user_cannot_call_the_admin_functions(  # type: ignore[no-untyped-def]
    pg_server, pg_workspace: Workspace, sql: str
) -> None:
    result = _psql(pg_workspace, pg_server, sql, user="alice")
    _refused(result, "permission denied", "only an admin may manage users")
    assert pg_workspace.login("alice").users.get("alice").role == "specialist"
    assert pg_workspace.login("maria").actor.role == "supervisor"  # password and login intact


def test_a_user_sets_only_their_own_password(  # type: ignore[no-untyped-def]
    pg_server, pg_workspace: Workspace
) -> None:
    own = _psql(
        pg_workspace, pg_server, "SELECT rc_set_user_password('alice', 'alice-new-1')", user="alice"
    )
    assert own.returncode == 0, own.stderr
    assert (
        _psql(pg_workspace, pg_server, "SELECT 1", user="alice", password="alice-new-1").returncode
        == 0
    )
    events = _events(pg_workspace, "alice")
    assert [(e.action, e.actor, e.data) for e in events][-1] == (
        "user.password_changed",
        "alice",
        "{}",
    )


def test_the_functions_touch_only_this_databases_users(  # type: ignore[no-untyped-def]
    pg_server, pg_workspace: Workspace
) -> None:
    """Under PostgreSQL 15 the owner role's CREATEROLE reaches every role: the functions must
    refuse roles that are not (only) users of this database, and names they could abuse."""
    other = f"rc_app__elsewhere_{secrets.token_hex(3)}"
    _super(pg_workspace, pg_server, f"CREATE ROLE {other} NOLOGIN; GRANT {other} TO maria")
    try:
        with pytest.raises(PermissionDenied, match="also belongs to"):
            pg_workspace.login("root").users.change_password("maria", "taken-over-1")
        with pytest.raises(PermissionDenied, match="also belongs to"):
            pg_workspace.login("root").users.disable("maria")
    finally:
        _super(pg_workspace, pg_server, f"DROP ROLE {other}")
    for name in (
        pg_server.superuser,
        group_roles(_db(pg_workspace))[1],
        "pg_monitor",
        owner_role(_db(pg_workspace)),
    ):
        create = _psql(
            pg_workspace,
            pg_server,
            f"SELECT rc_create_user('{name}', 'X', 'admin', 'whatever-pass-1', "
            '\'{"new":{"role":"admin","display_name":"X"}}\')',
        )
        _refused(create, "already exists", "reserves")
    # A users row may only be named by the functions, so no other server role can be reached.
    reach = _psql(
        pg_workspace,
        pg_server,
        f"SELECT rc_set_user_password('{pg_server.superuser}', 'whatever-pass-1')",
    )
    _refused(reach, "no user named")


def test_the_event_states_what_was_stored_and_never_the_password(  # type: ignore[no-untyped-def]
    pg_server, pg_workspace: Workspace
) -> None:
    lying = _psql(
        pg_workspace,
        pg_server,
        "SELECT rc_set_user_role('alice', 'expert', "
        '\'{"old":{"role":"specialist"},"new":{"role":"specialist"}}\')',
    )
    _refused(lying, "the event does not state what was stored")
    leaking = _psql(
        pg_workspace,
        pg_server,
        "SELECT rc_create_user('carol', 'C', 'expert', 'carol-pass-1', "
        '\'{"new":{"role":"expert","display_name":"C"},'
        '"note":"carol-pass-1"}\')',
    )
    _refused(leaking, "the event does not state what was stored")
    assert _role(pg_workspace, "carol") is None


# ---- the legitimate path ----------------------------------------------------------------------


def test_an_admin_manages_users_through_the_app(  # type: ignore[no-untyped-def]
    pg_server, pg_workspace: Workspace
) -> None:
    carol = "carol"  # dropped with the database's roles (a member of its group)
    root = pg_workspace.login("root")
    created = root.users.add(carol, "Carol", "specialist", "carol-pass-1")
    assert (created.role, created.disabled) == ("specialist", False)
    app, admin = group_roles(_db(pg_workspace))
    assert _role(pg_workspace, carol) == (True, False, False, False)
    assert _member(pg_workspace, carol, app) and not _member(pg_workspace, carol, admin)
    assert (
        _psql(pg_workspace, pg_server, "SELECT 1", user=carol, password="carol-pass-1").returncode
        == 0
    )

    root.users.change_password(carol, "carol-pass-2")
    _refused(
        _psql(pg_workspace, pg_server, "SELECT 1", user=carol, password="carol-pass-1"),
        "password authentication failed",
    )
    who = _psql(
        pg_workspace,
        pg_server,
        "SELECT o_role FROM rc_actor()",
        user=carol,
        password="carol-pass-2",
    )
    assert who.stdout.strip() == "specialist"

    changed = root.users.change_role(carol, "supervisor")
    assert changed.role == "supervisor"
    who = _psql(
        pg_workspace,
        pg_server,
        "SELECT o_role FROM rc_actor()",
        user=carol,
        password="carol-pass-2",
    )
    assert who.stdout.strip() == "supervisor"
    assert pg_workspace.login(carol, "carol-pass-2").actor.role == "supervisor"

    root.users.change_role(carol, "admin")
    assert _member(pg_workspace, carol, admin)
    assert _role(pg_workspace, carol) == (True, False, False, False)  # no CREATEROLE for admins
    root.users.change_role(carol, "expert")
    assert not _member(pg_workspace, carol, admin) and _member(pg_workspace, carol, app)

    root.users.disable(carol, reason="moved on")
    assert _role(pg_workspace, carol)[0] is False  # type: ignore[index]

    events = _events(pg_workspace, carol)
    assert [(e.action, e.actor, e.role) for e in events] == [
        ("user.created", "root", "admin"),
        ("user.password_changed", "root", "admin"),
        ("user.role_changed", "root", "admin"),
        ("user.role_changed", "root", "admin"),
        ("user.role_changed", "root", "admin"),
        ("user.disabled", "root", "admin"),
    ]
    assert events[2].payload() == {"old": {"role": "specialist"}, "new": {"role": "supervisor"}}
    assert events[0].payload() == {"new": {"role": "specialist", "display_name": "Carol"}}
    assert all("carol-pass" not in e.data and "SCRAM" not in e.data for e in events)
    assert _chain_intact(pg_workspace)


def test_a_second_admin_can_be_demoted_and_disabled_but_not_the_last(  # type: ignore[no-untyped-def]
    pg_workspace: Workspace,
) -> None:
    root = pg_workspace.login("root")
    root.users.add("ada", "Ada", "admin", "ada-pass-12")
    ada = pg_workspace.login("ada", "ada-pass-12")
    ada.users.change_role("root", "supervisor")  # two admins: one may demote the other
    with pytest.raises(ValidationError, match="an admin cannot change their own role"):
        ada.users.change_role("ada", "expert")
    with pytest.raises(ValidationError, match="you cannot disable your own account"):
        ada.users.disable("ada")
    with pytest.raises(PermissionDenied, match=r"permission denied|only an admin"):
        root.users.disable("alice")  # root's open session: the server knows it is no admin now
    with pytest.raises(ValidationError, match="the last active admin cannot lose the admin role"):
        pg_workspace.login(None).users.change_role("ada", "expert")


def test_restored_users_join_this_database_or_get_a_login_role(  # type: ignore[no-untyped-def]
    pg_server, pg_workspace: Workspace
) -> None:
    """A restore brings users rows: a user whose login role exists on this server joins the
    group (set-up actor only); one without gets a role with their first password."""
    app = group_roles(_db(pg_workspace))[0]
    pg_server.psql(f"CREATE ROLE kim LOGIN CREATEROLE PASSWORD '{PASSWORD}'", check=True)
    try:
        pg_workspace.tamper(
            "INSERT INTO users (username, display_name, role, disabled, failed_logins, "
            "created_at) VALUES ('kim', 'Kim', 'expert', false, 0, '2026-11-23T09:00:00.000000Z'), "
            "('lee', 'Lee', 'supervisor', false, 0, '2026-11-23T09:00:00.000000Z')"
        )
        _refused(
            _psql(pg_workspace, pg_server, "SELECT rc_join_user('kim')"), "permission denied"
        )  # not for admins
        root = pg_workspace.login("root")
        with pytest.raises(PermissionDenied, match="not a user of this database"):
            root.users.change_password("kim", "kim-pass-1234")  # a role of the server, not ours
        system = pg_workspace.login(None)
        functions = pg_roles.UserFunctions(system.store)
        with system.store.db.atomic():
            assert functions.join("kim") is True
            assert functions.join("lee") is False
        assert _member(pg_workspace, "kim", app)
        assert _role(pg_workspace, "kim") == (True, False, False, False)  # CREATEROLE taken
        assert pg_workspace.login("kim").actor.role == "expert"
        root.users.change_password("lee", "lee-pass-123")  # no role yet: it gets one
        assert pg_workspace.login("lee", "lee-pass-123").actor.role == "supervisor"
        assert _member(pg_workspace, "lee", app)
    finally:
        pg_server.psql("DROP ROLE IF EXISTS kim; DROP ROLE IF EXISTS lee")


# ---- existing databases: init takes back what earlier releases gave -----------------------------


def test_init_takes_createrole_and_users_writes_back_from_an_older_database(  # type: ignore[no-untyped-def]
    pg_server, pg_workspace: Workspace
) -> None:
    app, admin = group_roles(_db(pg_workspace))
    # A database as the release before this one left it, after its admin used CREATEROLE.
    older = _super(
        pg_workspace,
        pg_server,
        f"ALTER ROLE root CREATEROLE; GRANT INSERT, UPDATE ON users TO {admin}; "
        f"GRANT {admin} TO alice WITH ADMIN OPTION; "
        "GRANT pg_execute_server_program TO root; "
        f"CREATE ROLE evil LOGIN PASSWORD '{PASSWORD}'; GRANT {app} TO evil",
    )
    assert older.returncode == 0, older.stderr
    try:
        initialize(pg_workspace.url, config=pg_workspace.config, clock=pg_workspace.clock)

        assert _role(pg_workspace, "root") == (True, False, False, False)
        assert not _member(pg_workspace, "root", "pg_execute_server_program")
        _refused(
            _psql(
                pg_workspace,
                pg_server,
                "UPDATE users SET role = 'supervisor' WHERE username = 'root'",
            ),
            "permission denied",
        )
        # alice is a specialist: her group is app's alone, with nothing to hand on.
        assert not _member(pg_workspace, "alice", admin) and _member(pg_workspace, "alice", app)
        _refused(
            _psql(pg_workspace, pg_server, f"GRANT {app} TO evil", user="alice"),
            "permission denied",
            "must have admin option",
        )
        # A role with no user here is no member any more: it cannot read the data.
        _refused(
            _psql(pg_workspace, pg_server, "SELECT count(*) FROM cases", user="evil"),
            "permission denied",
        )
        # And the admin works through the functions.
        pg_workspace.login("root").users.change_role("bob", "expert")
        assert pg_workspace.login("bob").actor.role == "expert"
    finally:
        _super(pg_workspace, pg_server, "DROP ROLE evil")


# ---- init by a role that is not a superuser -----------------------------------------------------


@pytest.fixture
def installer_db(pg_server: Any) -> Iterator[tuple[str, str]]:
    """A database owned by a login role with CREATEROLE (no superuser), its URL and the role."""
    installer = f"rcinst_{secrets.token_hex(4)}"
    pg_server.psql(
        f"CREATE ROLE {installer} LOGIN CREATEROLE PASSWORD 'installer-pass-1'", check=True
    )
    name = pg_server.create_database()
    pg_server.psql(f"ALTER DATABASE {name} OWNER TO {installer}", check=True)
    try:
        yield pg_server.url(name, installer, "installer-pass-1"), installer
    finally:
        drop_pg_database(pg_server, name)
        pg_server.psql(f"DROP ROLE IF EXISTS {installer}")


def test_init_by_a_createrole_owner_then_the_app_runs_without_createrole(  # type: ignore[no-untyped-def]
    pg_server, installer_db: tuple[str, str]
) -> None:
    url, installer = installer_db
    ws = Workspace.create(url)  # init + an admin + users of every role, as the installer
    try:
        pg_server.psql(f"ALTER ROLE {installer} NOCREATEROLE", check=True)
        initialize(url, config=ws.config, clock=ws.clock)  # a repeated init still works
        root = ws.login("root")
        root.users.add("carol", "Carol", "expert", "carol-pass-1")
        root.users.change_role("carol", "supervisor")
        root.users.change_password("carol", "carol-pass-2")
        assert ws.login("carol", "carol-pass-2").actor.role == "supervisor"
        ws.login(None).users.change_password("alice", "alice-pass-22")  # the set-up actor
        assert ws.login("alice", "alice-pass-22").actor.role == "specialist"
        assert _role(ws, "root") == (True, False, False, False)
        assert _role(ws, owner_role(url.rsplit("/", 1)[1]))[:2] == (False, True)  # type: ignore[index]
        assert _chain_intact(ws)
    finally:
        ws.close()
