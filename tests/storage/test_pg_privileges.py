"""Every privilege the app roles hold is on a reviewed list; none can administer the server.

resolution_center/storage/pg_privileges.txt is the list. A grant added to (or removed from) the
install, or a role attribute or membership an app role should not have, fails here until it is
a deliberate, reviewed change. `RC_UPDATE_PRIVILEGES=1` drops the entries no longer granted and
adds new ones at the end of the list: review its diff like code.
"""

from __future__ import annotations

import os
from typing import Any

import psycopg2
import pytest

from resolution_center.storage.pg_security import group_roles, owner_role
from tests.helpers.pg_privileges import (
    ALLOW_LIST,
    app_roles,
    privileges,
    read_allow_list,
    update_allow_list,
)
from tests.helpers.workspace import Workspace

pytestmark = pytest.mark.postgres


def test_the_app_roles_hold_exactly_the_reviewed_privileges(pg_workspace: Workspace) -> None:
    found = privileges(pg_workspace.url)
    if os.environ.get("RC_UPDATE_PRIVILEGES") == "1":
        update_allow_list(found)
    allowed = read_allow_list()
    missing = sorted(set(allowed) - set(found))
    extra = sorted(set(found) - set(allowed))
    assert not extra and not missing, (
        f"privileges not on {ALLOW_LIST.name}: {extra}; on it but not granted: {missing}"
    )
    assert not [line for line in found if line.startswith("login:")]  # via groups only
    assert not [line for line in found if line.split()[1].endswith("*")]  # no GRANT OPTION


def test_the_list_fails_when_a_grant_is_added_or_removed(
    pg_server: Any, pg_workspace: Workspace
) -> None:
    app, admin = group_roles(pg_workspace.url.rsplit("/", 1)[1])
    dbname = pg_workspace.url.rsplit("/", 1)[1]
    allowed = set(read_allow_list())
    pg_server.psql(
        f"GRANT UPDATE ON users TO {admin}; REVOKE INSERT ON notes FROM {app}", dbname, check=True
    )
    found = set(privileges(pg_workspace.url))
    assert found - allowed == {"admin UPDATE table users"}
    assert allowed - found == {"app INSERT table notes"}


def _query(url: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    conn = psycopg2.connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()
    finally:
        conn.close()


def test_no_app_role_can_administer_roles_or_the_server(pg_workspace: Workspace) -> None:
    database = pg_workspace.url.rsplit("/", 1)[1]
    app, admin = group_roles(database)
    owner = owner_role(database)
    conn = psycopg2.connect(pg_workspace.url)
    try:
        with conn.cursor() as cur:
            labels = app_roles(cur, database)
    finally:
        conn.close()
    logins = sorted(
        label.split(":", 1)[1] for label in labels.values() if label.startswith("login:")
    )
    assert logins == ["alice", "bob", "erin", "maria", "olu", "root", "sam"]
    attrs = {
        r[0]: r[1:]
        for r in _query(
            pg_workspace.url,
            "SELECT rolname, rolcanlogin, rolsuper, rolcreaterole, rolcreatedb, rolreplication, "
            "rolbypassrls FROM pg_roles WHERE rolname = ANY(%s)",
            ([app, admin, owner, *logins],),
        )
    }
    for name in (*logins, app, admin):
        assert attrs[name][1:] == (False,) * 5, name  # no superuser, createrole, createdb...
    assert attrs[app][0] is False and attrs[admin][0] is False
    assert all(attrs[name][0] is True for name in logins)
    # The owner role creates login roles (CREATEROLE), but nobody can log in as it.
    assert attrs[owner] == (False, False, True, False, False, False)

    # Memberships: exactly the groups, never WITH ADMIN OPTION (PostgreSQL 16 adds SET and
    # INHERIT options: pg_has_role below counts every kind of membership).
    rows = _query(
        pg_workspace.url,
        "SELECT m.rolname, g.rolname, a.admin_option FROM pg_auth_members a "
        "JOIN pg_roles m ON m.oid = a.member JOIN pg_roles g ON g.oid = a.roleid "
        "WHERE m.rolname = ANY(%s)",
        ([app, admin, owner, *logins],),
    )
    assert not [r for r in rows if r[2]]
    assert sorted((m, g) for m, g, _ in rows) == sorted(
        [(admin, app), ("root", admin), *((name, app) for name in logins if name != "root")]
    )
    reach = _query(
        pg_workspace.url,
        "SELECT m.rolname, r.rolname FROM pg_roles m, pg_roles r "
        "WHERE m.rolname = ANY(%s) AND r.oid <> m.oid "
        "AND pg_has_role(m.oid, r.oid, 'MEMBER')",
        ([app, admin, *logins],),
    )
    assert {r for _, r in reach} <= {app, admin}
    # Nobody but superusers can become the owner role.
    assert _query(
        pg_workspace.url,
        "SELECT count(*) FROM pg_auth_members WHERE roleid = %s::regrole",
        (owner,),
    ) == [(0,)]
