"""What PostgreSQL lets this database's app roles do: every privilege, attribute and membership.

`privileges()` lists, one line each, every privilege held on this database, its `public`
schema and every table, view, sequence, column and function in it by the app's groups (`app`,
`admin`), by PUBLIC (which every app role is part of), by any of their login roles directly
(`login:NAME`) and by the owner role (`owner`), and which functions the owner role owns (they run
with its CREATEROLE). resolution_center/storage/pg_privileges.txt is the reviewed list; a test
compares the two, so every new grant is a visible decision.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg2

from resolution_center.storage.pg_security import group_roles, owner_role

ALLOW_LIST = (
    Path(__file__).resolve().parents[2] / "resolution_center" / "storage" / "pg_privileges.txt"
)

_KINDS = {"r": "table", "p": "table", "v": "view", "m": "view", "S": "sequence", "f": "table"}

_GRANTS = """
SELECT 'database', 'this', a.grantee, a.privilege_type, a.is_grantable
  FROM pg_database d, aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a
 WHERE d.datname = current_database()
UNION ALL
SELECT 'schema', n.nspname, a.grantee, a.privilege_type, a.is_grantable
  FROM pg_namespace n, aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a
 WHERE n.nspname = 'public'
UNION ALL
SELECT c.relkind::text, c.relname, a.grantee, a.privilege_type, a.is_grantable
  FROM pg_class c,
       aclexplode(coalesce(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's'::"char"
                                                     ELSE 'r'::"char" END, c.relowner))) a
 WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
UNION ALL
SELECT 'column', c.relname || '.' || t.attname, a.grantee, a.privilege_type, a.is_grantable
  FROM pg_class c JOIN pg_attribute t ON t.attrelid = c.oid, aclexplode(t.attacl) a
 WHERE c.relnamespace = 'public'::regnamespace AND t.attacl IS NOT NULL
UNION ALL
SELECT 'function', p.oid::regprocedure::text, a.grantee, a.privilege_type, a.is_grantable
  FROM pg_proc p, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
 WHERE p.pronamespace = 'public'::regnamespace
UNION ALL
SELECT 'function', p.oid::regprocedure::text, p.proowner, 'OWNER', false
  FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
"""


def app_roles(cur: Any, database: str) -> dict[int, str]:
    """oid -> label of the groups, the owner role and every login role in the groups."""
    app, admin = group_roles(database)
    labels = {app: "app", admin: "admin", owner_role(database): "owner"}
    cur.execute("SELECT oid, rolname FROM pg_roles WHERE rolname = ANY(%s)", (list(labels),))
    found = {oid: labels[name] for oid, name in cur.fetchall()}
    cur.execute(
        "SELECT DISTINCT m.oid, m.rolname FROM pg_auth_members a "
        "JOIN pg_roles m ON m.oid = a.member JOIN pg_roles g ON g.oid = a.roleid "
        "WHERE g.rolname IN (%s, %s) "
        "AND m.rolname NOT IN (%s, %s)",
        (app, admin, app, admin),
    )
    found.update({oid: f"login:{name}" for oid, name in cur.fetchall()})
    return found


def privileges(dsn: str) -> list[str]:
    """`GRANTEE PRIVILEGE KIND OBJECT` lines, sorted; `*` marks WITH GRANT OPTION."""
    conn = psycopg2.connect(dsn)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT current_database()")
            labels = app_roles(cur, cur.fetchone()[0])
            labels[0] = "PUBLIC"
            cur.execute(_GRANTS)
            lines = {
                f"{labels[grantee]} {privilege}{'*' if grantable else ''} "
                f"{_KINDS.get(kind, kind)} {name}"
                for kind, name, grantee, privilege, grantable in cur.fetchall()
                if grantee in labels
            }
    finally:
        conn.close()
    return sorted(lines)


def read_allow_list(path: Path = ALLOW_LIST) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines())
    return sorted(line for line in lines if line)


def update_allow_list(found: list[str], path: Path = ALLOW_LIST) -> None:
    """Drop the entries no longer granted and add new ones at the end, for review."""
    present = set(found)
    kept = [
        line
        for line in path.read_text("utf-8").splitlines()
        if not line.strip() or line.startswith("#") or line.strip() in present
    ]
    new = sorted(present - set(read_allow_list(path)))
    if new:
        kept += ["", "# ---- new: review each, then move it under its section", *new]
    path.write_text("\n".join(kept).rstrip() + "\n", "utf-8")
