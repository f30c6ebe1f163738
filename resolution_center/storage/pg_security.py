"""PostgreSQL mode's security boundary: privileges, the append function, append-only triggers.

Each application user is their own login role, a member of this database's group role. Members
may read everything and write case data, but the audit trail only through `rc_append_event`,
which runs as the owner, stamps the actor from `session_user` and the server's clock, and takes the
chain-head row lock so concurrent writers can never fork the chain. Triggers refuse UPDATE, DELETE
and TRUNCATE on the trail even for the owner.
"""

from __future__ import annotations

import re

import peewee

from ..domain.errors import ValidationError

FUNCTIONS_SQL = r"""
CREATE OR REPLACE FUNCTION rc_actor(OUT o_actor text, OUT o_role text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  SELECT u.username, u.role INTO o_actor, o_role FROM public.users u
   WHERE u.username = session_user AND NOT u.disabled;
  IF FOUND THEN RETURN; END IF;
  IF session_user = (SELECT pg_get_userbyid(d.datdba) FROM pg_database d
                      WHERE d.datname = current_database())
     OR (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = session_user) THEN
    o_actor := 'system'; o_role := 'system'; RETURN;
  END IF;
  RAISE EXCEPTION 'role % is not an active Resolution Center user', session_user
    USING ERRCODE = '28000';
END $$;

CREATE OR REPLACE FUNCTION rc_append_event(p_action text, p_target_type text, p_target_id text,
                                           p_case_id bigint, p_data text)
RETURNS TABLE(o_seq bigint, o_hash text, o_time text, o_actor text, o_role text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  who record; head record; v_seq bigint; v_time text; v_hash text;
BEGIN
  IF p_action IS NULL OR p_target_type IS NULL OR p_target_id IS NULL OR p_data IS NULL
     OR position(chr(31) in p_action || p_target_type || p_target_id) > 0 THEN
    RAISE EXCEPTION 'malformed audit event' USING ERRCODE = '22023';
  END IF;
  PERFORM p_data::jsonb;
  SELECT * INTO who FROM rc_actor();
  SELECT h.seq, h.hash INTO head FROM public.chain_head h WHERE h.id = 1 FOR UPDATE;
  v_seq := head.seq + 1;
  v_time := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
  v_hash := encode(sha256(convert_to(concat_ws(chr(31), 'rc-audit/1', v_seq::text, head.hash,
              v_time, who.o_actor, who.o_role, p_action, p_target_type, p_target_id,
              coalesce(p_case_id::text, ''), p_data),
              'UTF8')), 'hex');
  INSERT INTO public.audit_events (seq, prev_hash, hash, time, actor, role, action, target_type,
                                   target_id, case_id, data)
       VALUES (v_seq, head.hash, v_hash, v_time, who.o_actor, who.o_role, p_action,
               p_target_type, p_target_id, p_case_id, p_data);
  UPDATE public.chain_head SET seq = v_seq, hash = v_hash, time = v_time WHERE id = 1;
  RETURN QUERY SELECT v_seq, v_hash, v_time, who.o_actor, who.o_role;
END $$;

CREATE OR REPLACE FUNCTION rc_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = '42501';
END $$;

CREATE OR REPLACE FUNCTION rc_guard_chain_head() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'the chain head cannot be removed' USING ERRCODE = '42501';
  END IF;
  IF NEW.seq < OLD.seq OR NOT EXISTS (SELECT 1 FROM public.audit_events e
                                      WHERE e.seq = NEW.seq AND e.hash = NEW.hash) THEN
    RAISE EXCEPTION 'the chain head may only move forward to an existing event'
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION rc_refuse_change();
DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events;
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION rc_refuse_change();
DROP TRIGGER IF EXISTS chain_head_guard ON chain_head;
CREATE TRIGGER chain_head_guard BEFORE UPDATE OR DELETE ON chain_head
  FOR EACH ROW EXECUTE FUNCTION rc_guard_chain_head();
DROP TRIGGER IF EXISTS chain_head_no_truncate ON chain_head;
CREATE TRIGGER chain_head_no_truncate BEFORE TRUNCATE ON chain_head
  FOR EACH STATEMENT EXECUTE FUNCTION rc_refuse_change();
"""

# Application users: read everything, write case data, never the trail or the user table.
APP_GRANTS = (
    "GRANT CONNECT ON DATABASE {database} TO {app}",
    "GRANT USAGE ON SCHEMA public TO {app}",
    "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC",
    "GRANT SELECT ON ALL TABLES IN SCHEMA public TO {app}",
    "GRANT INSERT, UPDATE ON customers, cases, order_items, notes, counters TO {app}",
    "GRANT INSERT ON personal_values TO {app}",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app}",
    "REVOKE ALL ON FUNCTION rc_append_event(text, text, text, bigint, text) FROM PUBLIC",
    "GRANT EXECUTE ON FUNCTION rc_append_event(text, text, text, bigint, text) TO {app}",
    "REVOKE ALL ON FUNCTION rc_actor() FROM PUBLIC",
    "GRANT EXECUTE ON FUNCTION rc_actor() TO {app}",
    # Admins manage users and settings; erasing personal data is theirs too.
    "GRANT INSERT, UPDATE ON users, settings TO {admin}",
    "GRANT DELETE ON personal_values TO {admin}",
)

_ROLE_NAME = re.compile(r"^[a-z][a-z0-9_.-]{0,62}$")


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def group_roles(database_name: str) -> tuple[str, str]:
    """Group role names are per database: roles are shared by every database on a server."""
    base = re.sub(r"[^a-z0-9_]", "_", database_name.lower())[:40]
    return f"rc_app__{base}", f"rc_admin__{base}"


def check_role_name(username: str) -> str:
    if not _ROLE_NAME.match(username):
        raise ValidationError(
            "user names are lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter (at most 63)",
            field="username",
        )
    return username


def install(db: peewee.Database) -> tuple[str, str]:
    """Create or refresh functions, triggers, group roles and grants; idempotent."""
    database = db.execute_sql("SELECT current_database()").fetchone()[0]
    app, admin = group_roles(database)
    cursor = db.cursor()  # no parameters: PL/pgSQL's RAISE uses '%' placeholders of its own
    try:
        cursor.execute(FUNCTIONS_SQL)
    finally:
        cursor.close()
    for role in (app, admin):
        exists = db.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        if not exists:
            db.execute_sql(f"CREATE ROLE {quote_ident(role)} NOLOGIN")
    db.execute_sql(f"GRANT {quote_ident(app)} TO {quote_ident(admin)}")
    for stmt in APP_GRANTS:
        db.execute_sql(
            stmt.format(
                database=quote_ident(database), app=quote_ident(app), admin=quote_ident(admin)
            )
        )
    return app, admin


def create_login_role(
    db: peewee.Database, username: str, password: str, *, admin: bool, database: str
) -> None:
    check_role_name(username)
    app, admin_group = group_roles(database)
    exists = db.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (username,)).fetchone()
    if exists:
        raise ValidationError(
            f"a PostgreSQL role named {username!r} already exists on this "
            "server; choose another user name",
            field="username",
        )
    attrs = "LOGIN CREATEROLE" if admin else "LOGIN"
    db.execute_sql(f"CREATE ROLE {quote_ident(username)} {attrs} PASSWORD %s", (password,))
    db.execute_sql(f"GRANT {quote_ident(admin_group if admin else app)} TO {quote_ident(username)}")


def join_database(db: peewee.Database, username: str, *, admin: bool, database: str) -> bool:
    """Make an existing login role a member of this database's group; False if it is missing."""
    exists = db.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (username,)).fetchone()
    if not exists:
        return False
    app, admin_group = group_roles(database)
    db.execute_sql(f"GRANT {quote_ident(admin_group if admin else app)} TO "
                   f"{quote_ident(check_role_name(username))}")
    return True


def set_role_password(db: peewee.Database, username: str, password: str, *, admin: bool,
                      database: str) -> None:
    """Set a login role's password, creating the role when a restore brought the user only."""
    name = quote_ident(check_role_name(username))
    if join_database(db, username, admin=admin, database=database):
        db.execute_sql(f"ALTER ROLE {name} PASSWORD %s", (password,))
    else:
        create_login_role(db, username, password, admin=admin, database=database)


def set_role_login(db: peewee.Database, username: str, enabled: bool) -> None:
    db.execute_sql(
        f"ALTER ROLE {quote_ident(check_role_name(username))} {'LOGIN' if enabled else 'NOLOGIN'}"
    )
