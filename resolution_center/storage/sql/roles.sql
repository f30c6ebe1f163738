-- Users and their login roles (storage/pg_roles.py): written only by the owner role's functions.

-- ---- users and their login roles (storage/pg_roles.py) -------------------------------------
-- Helpers are SECURITY INVOKER and owned by the owner role, with EXECUTE revoked from PUBLIC:
-- only the owner's SECURITY DEFINER functions below run them, as the owner role.
CREATE OR REPLACE FUNCTION rc_user_manager(OUT o_actor text, OUT o_role text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public AS $$
BEGIN
  SELECT a.o_actor, a.o_role INTO o_actor, o_role FROM public.rc_actor() a;
  IF o_role NOT IN ({{role_admin}}, {{role_system}}) THEN
    RAISE EXCEPTION 'only an admin may manage users' USING ERRCODE = '42501';
  END IF;
END $$;

CREATE OR REPLACE FUNCTION rc_check_user_name(p_username text) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog AS $$
BEGIN
  IF p_username IS NULL OR p_username !~ '^[a-z][a-z0-9_.-]{0,62}$' OR p_username = 'system'
     OR p_username ~ '^(pg_|rc_(app|admin|owner)__)' THEN
    RAISE EXCEPTION 'user names are lower-case letters, digits, ''.'', ''_'' or ''-'', starting '
      'with a letter (at most 63), and not a name the server or the app reserves'
      USING ERRCODE = 'RC003';
  END IF;
END $$;

CREATE OR REPLACE FUNCTION rc_check_user_role(p_role text) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog AS $$
BEGIN
  IF p_role IS NULL OR p_role NOT IN ({{human_roles}}) THEN
    RAISE EXCEPTION 'unknown role %', p_role USING ERRCODE = 'RC003';
  END IF;
END $$;

-- A SCRAM verifier (what the app sends) or a clear-text password of 8 to 1024 characters.
CREATE OR REPLACE FUNCTION rc_check_password(p_password text) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog AS $$
BEGIN
  IF p_password IS NULL
     OR (p_password !~ '^SCRAM-SHA-256\$' AND (char_length(p_password) NOT BETWEEN 8 AND 1024
                                               OR p_password ~ '[\x01-\x1f]')) THEN
    RAISE EXCEPTION 'a password needs 8 to 1024 characters and no control characters'
      USING ERRCODE = 'RC003';
  END IF;
END $$;

-- The app writes the event's words; the facts in it must be the ones stored, and a password
-- (or its verifier) never appears in it.
CREATE OR REPLACE FUNCTION rc_check_user_event(p_event text, p_facts jsonb, p_secret text)
RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog AS $$
BEGIN
  IF p_event IS NULL OR jsonb_typeof(p_event::jsonb) <> 'object'
     OR NOT (p_event::jsonb @> p_facts)
     OR (p_secret IS NOT NULL AND strpos(p_event, p_secret) > 0) THEN
    RAISE EXCEPTION 'the event does not state what was stored (expected %)', p_facts::text
      USING ERRCODE = 'RC003';
  END IF;
END $$;

-- Whether a login role may be touched on behalf of p_caller ('admin', 'system' or 'self'):
-- false when there is no such role, an error when it is not one of this database's users.
-- The set-up actor (restores) may bring in a role of another database; CREATEROLE or CREATEDB
-- are taken from it then. Admins touch only roles that belong to this database's groups alone.
CREATE OR REPLACE FUNCTION rc_managed_role(p_username text, p_caller text) RETURNS boolean
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, public AS $$
DECLARE n record; r record; v_other text;
BEGIN
  SELECT * INTO n FROM public.rc_role_names();
  SELECT * INTO r FROM pg_catalog.pg_roles WHERE rolname = p_username;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  IF r.rolsuper OR r.rolreplication OR r.rolbypassrls
     OR p_username IN (n.o_app, n.o_admin, n.o_owner)
     OR pg_catalog.pg_has_role(r.oid, n.o_owner, 'MEMBER') THEN
    RAISE EXCEPTION 'role % is a privileged role of this server, not a Resolution Center user',
      p_username USING ERRCODE = '42501';
  END IF;
  IF p_caller = 'system' THEN
    IF r.rolcreaterole OR r.rolcreatedb THEN
      EXECUTE format('ALTER ROLE %I NOCREATEROLE NOCREATEDB', p_username);
    END IF;
    RETURN true;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members m
                   JOIN pg_catalog.pg_roles g ON g.oid = m.roleid
                  WHERE m.member = r.oid AND g.rolname IN (n.o_app, n.o_admin)) THEN
    RAISE EXCEPTION 'role % is not a user of this database', p_username USING ERRCODE = '42501';
  END IF;
  IF p_caller = 'self' THEN
    RETURN true;
  END IF;
  SELECT g.rolname INTO v_other FROM pg_catalog.pg_auth_members m
    JOIN pg_catalog.pg_roles g ON g.oid = m.roleid
   WHERE m.member = r.oid AND g.rolname NOT IN (n.o_app, n.o_admin) ORDER BY 1 LIMIT 1;
  IF v_other IS NOT NULL OR r.rolcreaterole OR r.rolcreatedb THEN
    RAISE EXCEPTION 'role % also belongs to % on this server: only the server''s administrator '
      'may change it', p_username, coalesce(v_other, 'CREATEROLE or CREATEDB')
      USING ERRCODE = '42501';
  END IF;
  RETURN true;
END $$;

-- A direct membership (role names, not regrole: user names may hold '.' or '-').
CREATE OR REPLACE FUNCTION rc_is_member(p_member text, p_group text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog AS $$
  SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members a
                   JOIN pg_catalog.pg_roles m ON m.oid = a.member
                   JOIN pg_catalog.pg_roles g ON g.oid = a.roleid
                  WHERE m.rolname = p_member AND g.rolname = p_group)
$$;

-- Admins are members of the admin group alone (it includes the app group), others of the app
-- group alone; never WITH ADMIN OPTION.
CREATE OR REPLACE FUNCTION rc_place_role(p_username text, p_role text) RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, public AS $$
DECLARE n record; v_want text; v_drop text;
BEGIN
  SELECT * INTO n FROM public.rc_role_names();
  IF p_role = {{role_admin}} THEN
    v_want := n.o_admin; v_drop := n.o_app;
  ELSE
    v_want := n.o_app; v_drop := n.o_admin;
  END IF;
  IF NOT public.rc_is_member(p_username, v_want) THEN
    EXECUTE format('GRANT %I TO %I', v_want, p_username);
  END IF;
  IF public.rc_is_member(p_username, v_drop) THEN
    EXECUTE format('REVOKE %I FROM %I', v_drop, p_username);
  END IF;
END $$;

-- Every write of `users` appends its event here, in the same transaction, through the one
-- internal append (rc_chain_append). p_user_id is the key of the users row the change wrote:
-- the event carries its image (event format 2; vouch.sql seals it, and leaves it out
-- when this change did not write the row, as a password change does not).
CREATE OR REPLACE FUNCTION rc_user_event(p_actor text, p_role text, p_action text,
    p_username text, p_user_id bigint, p_data text) RETURNS bigint
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, public AS $$
BEGIN
  RETURN public.rc_chain_append(p_actor, p_role, p_action, 'user', p_username, NULL, p_data,
                                ARRAY['users'], ARRAY[p_user_id::text]);
END $$;

CREATE OR REPLACE FUNCTION rc_lock_user(p_username text)
RETURNS TABLE(o_id bigint, o_username text, o_role text, o_disabled boolean, o_admins bigint)
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, public AS $$
BEGIN
  -- Admin rows first, in id order: two admins demoting or disabling each other queue here, so
  -- the last active admin is counted under the lock.
  PERFORM 1 FROM public.users u WHERE u.role = {{role_admin}} ORDER BY u.id FOR UPDATE;
  RETURN QUERY
    SELECT u.id::bigint, u.username::text, u.role::text, u.disabled,
           (SELECT count(*) FROM public.users a WHERE a.role = {{role_admin}} AND NOT a.disabled)
      FROM public.users u WHERE u.username = p_username AND u.role <> {{role_system}} FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no user named %', p_username USING ERRCODE = 'RC003';
  END IF;
END $$;

CREATE OR REPLACE FUNCTION rc_create_user(p_username text, p_display_name text, p_role text,
    p_password text, p_event text) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE who record; v_id bigint;
BEGIN
  SELECT * INTO who FROM public.rc_user_manager();
  PERFORM public.rc_check_user_name(p_username);
  PERFORM public.rc_check_user_role(p_role);
  PERFORM public.rc_check_password(p_password);
  IF p_display_name IS NULL OR btrim(p_display_name) = '' THEN
    RAISE EXCEPTION 'a user needs a display name' USING ERRCODE = 'RC003';
  END IF;
  PERFORM public.rc_check_user_event(p_event, jsonb_build_object('new', jsonb_build_object(
    'role', p_role, 'display_name', p_display_name)), p_password);
  IF EXISTS (SELECT 1 FROM public.users u WHERE u.username = p_username) THEN
    RAISE EXCEPTION 'a user named % already exists', p_username USING ERRCODE = 'RC003';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = p_username) THEN
    RAISE EXCEPTION 'a PostgreSQL role named % already exists on this server; choose another '
      'user name', p_username USING ERRCODE = 'RC003';
  END IF;
  EXECUTE format('CREATE ROLE %I LOGIN INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L',
                 p_username, p_password);
  PERFORM public.rc_place_role(p_username, p_role);
  INSERT INTO public.users (username, display_name, role, password_hash, disabled, failed_logins,
                            created_at)
       VALUES (p_username, p_display_name, p_role, NULL, false, 0,
               public.rc_ts(now() AT TIME ZONE 'UTC'))
    RETURNING id INTO v_id;
  PERFORM public.rc_user_event(who.o_actor, who.o_role, {{action_user_created}}, p_username, v_id,
                               p_event);
  RETURN v_id;
END $$;

CREATE OR REPLACE FUNCTION rc_set_user_role(p_username text, p_role text, p_event text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE who record; u record;
BEGIN
  SELECT * INTO who FROM public.rc_user_manager();
  PERFORM public.rc_check_user_role(p_role);
  SELECT * INTO u FROM public.rc_lock_user(p_username);
  IF u.o_username = who.o_actor THEN
    RAISE EXCEPTION 'an admin cannot change their own role' USING ERRCODE = 'RC003';
  END IF;
  IF u.o_role = p_role THEN
    RAISE EXCEPTION '% is already %', u.o_username, p_role USING ERRCODE = 'RC003';
  END IF;
  IF u.o_role = {{role_admin}} AND NOT u.o_disabled AND u.o_admins <= 1 THEN
    RAISE EXCEPTION 'the last active admin cannot lose the admin role' USING ERRCODE = 'RC003';
  END IF;
  PERFORM public.rc_check_user_event(p_event, jsonb_build_object(
    'old', jsonb_build_object('role', u.o_role), 'new', jsonb_build_object('role', p_role)),
    NULL);
  IF public.rc_managed_role(u.o_username, who.o_role) THEN
    PERFORM public.rc_place_role(u.o_username, p_role);
  END IF;
  UPDATE public.users SET role = p_role WHERE id = u.o_id;
  PERFORM public.rc_user_event(who.o_actor, who.o_role, {{action_user_role_changed}}, u.o_username,
                               u.o_id, p_event);
END $$;

CREATE OR REPLACE FUNCTION rc_disable_user(p_username text, p_event text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE who record; u record;
BEGIN
  SELECT * INTO who FROM public.rc_user_manager();
  SELECT * INTO u FROM public.rc_lock_user(p_username);
  IF u.o_username = who.o_actor THEN
    RAISE EXCEPTION 'you cannot disable your own account' USING ERRCODE = 'RC003';
  END IF;
  IF u.o_disabled THEN
    RAISE EXCEPTION '% is already disabled', u.o_username USING ERRCODE = 'RC003';
  END IF;
  IF u.o_role = {{role_admin}} AND u.o_admins <= 1 THEN
    RAISE EXCEPTION 'the last active admin cannot be disabled' USING ERRCODE = 'RC003';
  END IF;
  PERFORM public.rc_check_user_event(p_event, '{"old": {"disabled": false},
                                                "new": {"disabled": true}}'::jsonb, NULL);
  IF public.rc_managed_role(u.o_username, who.o_role) THEN
    EXECUTE format('ALTER ROLE %I NOLOGIN', u.o_username);
  END IF;
  UPDATE public.users SET disabled = true WHERE id = u.o_id;
  PERFORM public.rc_user_event(who.o_actor, who.o_role, {{action_user_disabled}}, u.o_username,
                               u.o_id, p_event);
END $$;

-- Anyone sets their own password; admins (and the set-up actor) anyone's. A user a restore
-- brought without a login role on this server gets one here.
CREATE OR REPLACE FUNCTION rc_set_user_password(p_username text, p_password text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE who record; u record; v_caller text;
BEGIN
  SELECT * INTO who FROM public.rc_actor();
  SELECT id, username, role, disabled INTO u FROM public.users
   WHERE username = p_username AND role <> {{role_system}} FOR UPDATE;
  IF NOT FOUND AND who.o_role NOT IN ({{role_admin}}, {{role_system}}) THEN
    RAISE EXCEPTION 'only an admin may manage users' USING ERRCODE = '42501';
  ELSIF NOT FOUND THEN
    RAISE EXCEPTION 'no user named %', p_username USING ERRCODE = 'RC003';
  END IF;
  IF u.username = who.o_actor THEN
    v_caller := 'self';
  ELSIF who.o_role IN ({{role_admin}}, {{role_system}}) THEN
    v_caller := who.o_role;
  ELSE
    RAISE EXCEPTION 'only an admin may manage users' USING ERRCODE = '42501';
  END IF;
  PERFORM public.rc_check_password(p_password);
  IF public.rc_managed_role(u.username, v_caller) THEN
    IF v_caller = 'system' THEN
      PERFORM public.rc_place_role(u.username, u.role);
    END IF;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', u.username, p_password);
  ELSE
    PERFORM public.rc_check_user_name(u.username);
    EXECUTE format('CREATE ROLE %I %s INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L',
                   u.username, CASE WHEN u.disabled THEN 'NOLOGIN' ELSE 'LOGIN' END, p_password);
    PERFORM public.rc_place_role(u.username, u.role);
  END IF;
  PERFORM public.rc_user_event(who.o_actor, who.o_role, {{action_user_password_changed}},
                               u.username, u.id, '{}');
END $$;

-- After a restore: a user whose login role exists on this server joins this database's group.
-- Only the set-up actor; no event (the restore's own event covers it).
CREATE OR REPLACE FUNCTION rc_join_user(p_username text) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE who record; u record;
BEGIN
  SELECT * INTO who FROM public.rc_actor();
  IF who.o_role <> {{role_system}} THEN
    RAISE EXCEPTION 'only the set-up actor joins restored users' USING ERRCODE = '42501';
  END IF;
  SELECT username, role INTO u FROM public.users
   WHERE username = p_username AND role <> {{role_system}} AND NOT disabled;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no active user named %', p_username USING ERRCODE = 'RC003';
  END IF;
  PERFORM public.rc_check_user_name(u.username);
  IF NOT public.rc_managed_role(u.username, 'system') THEN
    RETURN false;
  END IF;
  PERFORM public.rc_place_role(u.username, u.role);
  RETURN true;
END $$;
