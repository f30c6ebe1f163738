-- Row images, seals and the append functions. storage/pg_vouch.py fills the values in double
-- braces from storage/vouched.py's VOUCHED and pg_vouch.APPENDABLE.

-- ---- row images and seals (storage/pg_vouch.py) --------------------------------------------
-- What this transaction sealed: the event (seq) that carries each row's image and the row
-- version it read (ctid, null for a row that is gone); and what it changed (statement
-- triggers). Both gone again at its commit, when they are compared.
CREATE UNLOGGED TABLE IF NOT EXISTS row_seals (
  xid xid8 NOT NULL, tbl varchar(40) NOT NULL, row_key varchar(200) NOT NULL,
  seq bigint NOT NULL, row_ctid tid);
CREATE INDEX IF NOT EXISTS row_seals_key ON row_seals (xid, tbl, row_key, seq);
CREATE UNLOGGED TABLE IF NOT EXISTS row_changes (
  xid xid8 NOT NULL, tbl varchar(40) NOT NULL, row_key varchar(200) NOT NULL,
  op "char" NOT NULL);
CREATE INDEX IF NOT EXISTS row_changes_key ON row_changes (xid, tbl, row_key);
CREATE UNLOGGED TABLE IF NOT EXISTS row_marks (
  xid xid8 NOT NULL, tbl varchar(40) NOT NULL, PRIMARY KEY (xid, tbl));

-- The set-up actor: the database owner or a superuser (as rc_actor's 'system').
-- (plpgsql: its plans are kept for the session, an SQL function's are made on every call;
-- every name qualified, as it sets no search_path: it runs on each statement that changes rows)
CREATE OR REPLACE FUNCTION rc_trusted() RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
DECLARE v_super boolean; v_oid oid;
BEGIN
  SELECT r.rolsuper, r.oid INTO v_super, v_oid FROM pg_catalog.pg_roles r
   WHERE r.rolname = session_user;
  RETURN v_super OR EXISTS (SELECT 1 FROM pg_catalog.pg_database d
                             WHERE d.datname = pg_catalog.current_database()
                               AND d.datdba = v_oid);
END $$;

-- Per vouched table, generated from storage/vouched.py and the table's columns:
--   rc_img__<t>(keys) -> (place, key, image text, ctid), making missing salts;
--   rc_changes__<t>() statement trigger: notes the keys a statement changed;
--   rc_unsealed__<t>(xid) -> the first changed key without a seal of its current version;
-- and the dispatchers rc_images(table, keys) and rc_unsealed(table, xid).
-- Lookups in row_changes (churned by every transaction, its statistics rarely say how many
-- rows this one has put there) are made by index: functions that make them per row set
-- enable_seqscan off, or a join planned for an "empty" table scans it once per row (and jit
-- off: the costs that setting inflates would have each query compiled).
-- Helpers that only the owner's SECURITY DEFINER functions call (EXECUTE revoked from PUBLIC)
-- set no search_path of their own: they run under their caller's, and a SET clause costs
-- every call (these run for every event and every statement that changes rows).
DO $do$
DECLARE
  v record; c record; v_img text; v_val text; v_keyt text; v_keyn text; v_keyo text;
  v_on text; v_join text; v_type text; v_from text; v_body text;
  v_images text := ''; v_unsealed text := '';
BEGIN
  FOR v IN SELECT * FROM (VALUES
    {{vouched_values}}
  ) x(name, keys, personal, skip) LOOP
    v_img := NULL;
    FOR c IN SELECT a.attname::text AS name, a.atttypid::regtype::text AS type
               FROM pg_attribute a
              WHERE a.attrelid = format('public.%I', v.name)::regclass AND a.attnum > 0
                AND NOT a.attisdropped AND a.attname::text <> ALL (v.skip)
              ORDER BY a.attname::text COLLATE "C" LOOP
      -- row_to_json renders the canonical text (keys in this order, no spaces, strings
      -- escaped as Python's json does); booleans become 0/1, bytes hex, personal columns the
      -- digest object (json: embedded as written)
      v_val := CASE
        WHEN c.name = ANY (v.personal) THEN format(
          $f$CASE WHEN t.%1$I IS NULL THEN NULL::json WHEN t.%1$I::text = '' THEN '""'::json
                  WHEN t.rc_salt IS NULL THEN NULL::json
                  ELSE ('"pd:' || encode(sha256(convert_to(t.rc_salt || chr(31) || t.%1$I::text,
                                                            'UTF8')), 'hex') || '"')::json
             END$f$, c.name)
        WHEN c.type = 'boolean' THEN format(
          $f$CASE WHEN t.%1$I THEN 1 WHEN NOT t.%1$I THEN 0 END$f$, c.name)
        WHEN c.type IN ('smallint', 'integer', 'bigint', 'text', 'character varying') THEN
          format('t.%I', c.name)
        WHEN c.type = 'bytea' THEN format($f$encode(t.%I, 'hex')$f$, c.name)
      END;
      IF v_val IS NULL THEN
        RAISE EXCEPTION 'row images: %.% is a %, which they cannot render', v.name, c.name,
          c.type;
      END IF;
      v_img := coalesce(v_img || ', ', '') || v_val || ' AS ' || quote_ident(c.name);
    END LOOP;
    v_img := format('row_to_json((SELECT x FROM (SELECT %s) x))::text', v_img);
    -- the key as text (as vouched.VouchedTable.key_sql), on t, the new and old rows
    SELECT string_agg(format('t.%I::text', k), $q$ || '/' || $q$ ORDER BY o),
           string_agg(format('n.%I::text', k), $q$ || '/' || $q$ ORDER BY o),
           string_agg(format('o.%I::text', k), $q$ || '/' || $q$ ORDER BY o)
      INTO v_keyt, v_keyn, v_keyo FROM unnest(v.keys) WITH ORDINALITY u(k, o);
    IF cardinality(v.keys) = 1 THEN
      SELECT a.atttypid::regtype::text INTO v_type FROM pg_attribute a
       WHERE a.attrelid = format('public.%I', v.name)::regclass AND a.attname = v.keys[1];
      IF v_type IN ('smallint', 'integer', 'bigint') THEN
        v_on := format('t.%I = u.k::bigint', v.keys[1]);
        v_join := format('t.%I = c.row_key::bigint', v.keys[1]);
      ELSE
        v_on := format('t.%I = u.k', v.keys[1]);
        v_join := format('t.%I = c.row_key', v.keys[1]);
      END IF;
    ELSE
      v_on := format('(%s) = u.k', v_keyt);
      v_join := format('(%s) = c.row_key', v_keyt);
    END IF;

    -- One row per key given (distinct keys; o_n: its place, o_img null for a row that is
    -- gone), in one pass driven by the keys (one index lookup each: a generic
    -- plan assumes a hundred keys, bulk intake names tens of thousands): the row, its salt (a
    -- scalar subquery, never flattened into a join), a new salt for a row without one (62
    -- random bits of a version 4 UUID, as 16 hex digits; stored without ON CONFLICT, which
    -- doubles the cost: a row's writers queue on its row lock before they get here), the image.
    v_from := format('unnest(p_keys) WITH ORDINALITY u(k, n) LEFT JOIN public.%I t ON %s '
                     'AND %s = u.k', v.name, v_on, v_keyt);
    IF cardinality(v.personal) > 0 THEN
      v_body := format($f$
        WITH k AS MATERIALIZED (
               SELECT t.*, u.n AS rc_n, u.k AS rc_key, t.ctid AS rc_ctid, o.salt AS rc_old,
                      CASE WHEN t.ctid IS NOT NULL THEN
                        coalesce(o.salt, encode(substr(uuid_send(gen_random_uuid()), 9, 8),
                                                'hex')) END AS rc_salt
                 FROM %2$s
                 LEFT JOIN LATERAL (SELECT x.salt FROM public.row_salts x
                                     WHERE t.ctid IS NOT NULL AND x.tbl = %1$L
                                       AND x.row_key = u.k OFFSET 0) o ON true),
             ins AS (INSERT INTO public.row_salts (tbl, row_key, salt)
                     SELECT %1$L, k.rc_key, k.rc_salt FROM k
                      WHERE k.rc_old IS NULL AND k.rc_salt IS NOT NULL)
        SELECT t.rc_n, t.rc_key, CASE WHEN t.rc_ctid IS NOT NULL THEN %3$s END, t.rc_ctid
          FROM k t$f$, v.name, v_from, v_img);
    ELSE
      v_body := format('SELECT u.n, u.k, CASE WHEN t.ctid IS NOT NULL THEN %s END, t.ctid '
                       'FROM %s', v_img, v_from);
    END IF;
    EXECUTE format('DROP FUNCTION IF EXISTS rc_img__%s(text[])', v.name);
    EXECUTE format($f$CREATE FUNCTION rc_img__%1$s(p_keys text[])
      RETURNS TABLE(o_n bigint, o_key text, o_img text, o_tid tid)
      LANGUAGE plpgsql VOLATILE SET plan_cache_mode = force_generic_plan AS $b$
      BEGIN
        RETURN QUERY %2$s;
      END $b$$f$,
      v.name, v_body);

    EXECUTE format($f$CREATE OR REPLACE FUNCTION rc_changes__%1$s() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
      SET plan_cache_mode = force_generic_plan AS $b$
      DECLARE v_xid xid8; v_n bigint := 0; v_m bigint := 0;
      BEGIN
        IF public.rc_trusted() THEN RETURN NULL; END IF;
        v_xid := pg_current_xact_id();
        IF TG_OP = 'INSERT' THEN
          INSERT INTO public.row_changes (xid, tbl, row_key, op)
               SELECT v_xid, %2$L, %3$s, 'I' FROM rc_new n;
          GET DIAGNOSTICS v_n = ROW_COUNT;
        ELSIF TG_OP = 'UPDATE' THEN
          INSERT INTO public.row_changes (xid, tbl, row_key, op)
               SELECT v_xid, %2$L, %3$s, 'U' FROM rc_new n;
          GET DIAGNOSTICS v_n = ROW_COUNT;
          INSERT INTO public.row_changes (xid, tbl, row_key, op)
               SELECT v_xid, %2$L, k, 'D'
                 FROM (SELECT %4$s FROM rc_old o EXCEPT SELECT %3$s FROM rc_new n) x(k);
          GET DIAGNOSTICS v_m = ROW_COUNT;
        ELSE
          INSERT INTO public.row_changes (xid, tbl, row_key, op)
               SELECT v_xid, %2$L, %4$s, 'D' FROM rc_old o;
          GET DIAGNOSTICS v_n = ROW_COUNT;
        END IF;
        IF v_n + v_m > 0 THEN
          INSERT INTO public.row_marks (xid, tbl) VALUES (v_xid, %2$L) ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
      END $b$$f$, v.name, v.name, v_keyn, v_keyo);

    EXECUTE format($f$CREATE OR REPLACE FUNCTION rc_unsealed__%1$s(p_xid xid8) RETURNS text
      LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan
      SET enable_seqscan = off SET jit = off AS $b$
      BEGIN
      RETURN (SELECT c.row_key FROM public.row_changes c
        LEFT JOIN LATERAL (SELECT t.ctid FROM public.%2$I t WHERE %3$s OFFSET 0) t ON true
        LEFT JOIN LATERAL (SELECT true AS sealed, x.row_ctid FROM public.row_seals x
                            WHERE x.xid = p_xid AND x.tbl = %4$L AND x.row_key = c.row_key
                            ORDER BY x.seq DESC LIMIT 1) s ON true
       WHERE c.xid = p_xid AND c.tbl = %4$L
         AND (s.sealed IS NULL OR s.row_ctid IS DISTINCT FROM t.ctid)
       ORDER BY c.row_key LIMIT 1);
      END $b$$f$, v.name, v.name, v_join, v.name);

    EXECUTE format('DROP TRIGGER IF EXISTS rc_changes_ins ON public.%I', v.name);
    EXECUTE format('DROP TRIGGER IF EXISTS rc_changes_upd ON public.%I', v.name);
    EXECUTE format('DROP TRIGGER IF EXISTS rc_changes_del ON public.%I', v.name);
    EXECUTE format('CREATE TRIGGER rc_changes_ins AFTER INSERT ON public.%I REFERENCING NEW '
                   'TABLE AS rc_new FOR EACH STATEMENT EXECUTE FUNCTION rc_changes__%s()',
                   v.name, v.name);
    EXECUTE format('CREATE TRIGGER rc_changes_upd AFTER UPDATE ON public.%I REFERENCING OLD '
                   'TABLE AS rc_old NEW TABLE AS rc_new FOR EACH STATEMENT EXECUTE FUNCTION '
                   'rc_changes__%s()', v.name, v.name);
    EXECUTE format('CREATE TRIGGER rc_changes_del AFTER DELETE ON public.%I REFERENCING OLD '
                   'TABLE AS rc_old FOR EACH STATEMENT EXECUTE FUNCTION rc_changes__%s()',
                   v.name, v.name);

    v_images := v_images || format(
      $f$ELSIF p_tbl = %1$L THEN RETURN QUERY SELECT * FROM public.rc_img__%1$s(p_keys);
      $f$, v.name);
    v_unsealed := v_unsealed || format(
      $f$ELSIF p_tbl = %1$L THEN RETURN public.rc_unsealed__%1$s(p_xid);
      $f$, v.name);
  END LOOP;

  DROP FUNCTION IF EXISTS rc_images(text, text[]);
  EXECUTE format($f$CREATE FUNCTION rc_images(p_tbl text, p_keys text[])
    RETURNS TABLE(o_n bigint, o_key text, o_img text, o_tid tid)
    LANGUAGE plpgsql VOLATILE AS $b$
    BEGIN
      IF false THEN NULL;
      %s
      ELSE RAISE EXCEPTION '%% is not a table the audit trail vouches for', p_tbl
             USING ERRCODE = '22023';
      END IF;
    END $b$$f$, v_images);
  EXECUTE format($f$CREATE OR REPLACE FUNCTION rc_unsealed(p_tbl text, p_xid xid8)
    RETURNS text LANGUAGE plpgsql STABLE AS $b$
    BEGIN
      IF false THEN NULL;
      %s
      END IF;
      RETURN NULL;
    END $b$$f$, v_unsealed);
END $do$;

-- At COMMIT, once per table a transaction changed: every changed row is sealed as stored.
CREATE OR REPLACE FUNCTION rc_check_sealed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE v_bad text;
BEGIN
  IF NOT public.rc_trusted() THEN
    v_bad := public.rc_unsealed(NEW.tbl, NEW.xid);
  END IF;
  DELETE FROM public.row_changes WHERE xid = NEW.xid AND tbl = NEW.tbl;
  DELETE FROM public.row_seals WHERE xid = NEW.xid AND tbl = NEW.tbl;
  DELETE FROM public.row_marks WHERE xid = NEW.xid AND tbl = NEW.tbl;
  IF v_bad IS NOT NULL THEN
    RAISE EXCEPTION '% % was changed without its audit event (refused)', NEW.tbl, v_bad
      USING ERRCODE = '42501',
            HINT = 'every change of a vouched row is appended, with the row''s image, by an '
                   'event after it in the same transaction';
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS row_marks_sealed ON row_marks;
CREATE CONSTRAINT TRIGGER row_marks_sealed AFTER INSERT ON row_marks
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION rc_check_sealed();

-- Images of the named rows as stored now, each sealed (row_seals) by the event it belongs to
-- (p_events: 1 for the first event, whose seq is p_first_seq). Strict: a named row this
-- transaction did not change is refused; lenient (the guard functions): left out. Per event:
-- its "rows" text, and (when checked) the tables and what this transaction did to each row
-- (I, U, D), in the order named.
DROP FUNCTION IF EXISTS rc_seal(text[], text[], bigint[], boolean);
CREATE OR REPLACE FUNCTION rc_seal(p_tables text[], p_keys text[], p_events integer[],
                                   p_first_seq bigint, p_strict boolean)
RETURNS TABLE(o_event integer, o_rows text, o_tbls text[], o_ops text[])
-- generic plans: a custom plan of its query costs more to make than to run, every call
LANGUAGE plpgsql VOLATILE SET plan_cache_mode = force_generic_plan SET enable_seqscan = off
SET jit = off AS $$
DECLARE
  v_xid xid8; v_trusted boolean := public.rc_trusted(); n integer; bad record;
  v_fast boolean := false; v_g record; v_part text; v_ptbls text[]; v_pops text[];
  v_mem text; v_merge text; v_jit text;
BEGIN
  n := coalesce(cardinality(p_tables), 0);
  IF coalesce(cardinality(p_keys), 0) <> n OR coalesce(cardinality(p_events), 0) <> n THEN
    RAISE EXCEPTION 'malformed rows: tables and keys of different lengths'
      USING ERRCODE = '22023';
  END IF;
  IF n = 0 THEN RETURN; END IF;
  IF array_position(p_tables, NULL) IS NOT NULL OR array_position(p_keys, NULL) IS NOT NULL
     OR array_position(p_events, NULL) IS NOT NULL THEN
    RAISE EXCEPTION 'malformed rows: a table or key is missing' USING ERRCODE = '22023';
  END IF;
  SELECT x INTO bad FROM unnest(p_tables) x WHERE x <> ALL ({{vouched_tables}}) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION '% is not a table the audit trail vouches for', bad.x
      USING ERRCODE = '22023';
  END IF;
  v_xid := pg_current_xact_id();
  IF p_strict AND NOT v_trusted THEN
    -- (a scalar subquery: one index lookup per row, never an anti join planned for an
    -- "empty" row_changes)
    SELECT u.t, u.k INTO bad FROM unnest(p_tables, p_keys) u(t, k)
     WHERE (SELECT true FROM public.row_changes c
             WHERE c.xid = v_xid AND c.tbl = u.t AND c.row_key = u.k LIMIT 1) IS NULL
     LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'the event names % %, which this transaction did not change (refused)',
        bad.t, bad.k USING ERRCODE = '42501';
    END IF;
  END IF;
  -- Bulk intake's shape (one event, each table's rows named together, none twice): the images
  -- come in the order named, table by table, with nothing to join or sort.
  IF n > 64 AND NOT EXISTS (SELECT 1 FROM unnest(p_events) e WHERE e <> p_events[1]) THEN
    SELECT bool_and(x.ok) INTO v_fast
      FROM (SELECT max(u.ord) - min(u.ord) + 1 = count(*)
                   AND count(*) = count(DISTINCT u.k COLLATE "C") AS ok
              FROM unnest(p_tables, p_keys) WITH ORDINALITY u(t, k, ord) GROUP BY u.t) x;
  END IF;
  IF n > 64 THEN  -- for these queries: no sort or hash spills to disk, no JIT compilation
    v_mem := current_setting('work_mem');  -- (costs more than they take to run)
    v_merge := current_setting('enable_mergejoin');
    v_jit := current_setting('jit');
    PERFORM set_config('work_mem', '64MB', true), set_config('enable_mergejoin', 'off', true),
            set_config('jit', 'off', true);
  END IF;
  IF v_fast THEN
    FOR v_g IN SELECT u.t, array_agg(u.k ORDER BY u.ord) AS ks, min(u.ord) AS o
               FROM unnest(p_tables, p_keys) WITH ORDINALITY u(t, k, ord)
              GROUP BY u.t ORDER BY 3 LOOP
      -- the table's own image function, called directly: through rc_images every row is
      -- copied once more
      EXECUTE format($q$
        WITH i AS MATERIALIZED (
               SELECT i.*, CASE WHEN $2 THEN '' ELSE coalesce((
                        SELECT string_agg(DISTINCT c.op::text, '') FROM public.row_changes c
                         WHERE c.xid = $3 AND c.tbl = $5 AND c.row_key = i.o_key), '') END AS ops
                 FROM public.%I($1) i),
             sealed AS (
               INSERT INTO public.row_seals (xid, tbl, row_key, seq, row_ctid)
               SELECT $3, $5, i.o_key, $4, i.o_tid FROM i WHERE NOT $2 AND i.ops <> '')
        SELECT string_agg('[' || to_json($5)::text || ',' || to_json(i.o_key)::text || ','
                          || coalesce(i.o_img, 'null') || ']', ',' ORDER BY i.o_n)
                 FILTER (WHERE $2 OR i.ops <> ''),
               array_agg($5 ORDER BY i.o_n) FILTER (WHERE NOT $2 AND i.ops <> ''),
               array_agg(i.ops ORDER BY i.o_n) FILTER (WHERE NOT $2 AND i.ops <> '')
          FROM i$q$, 'rc_img__' || v_g.t)
        INTO v_part, v_ptbls, v_pops
        USING v_g.ks, v_trusted, v_xid, p_first_seq + p_events[1] - 1, v_g.t;
      IF v_part IS NOT NULL THEN
        o_rows := CASE WHEN o_rows IS NULL THEN v_part ELSE o_rows || ',' || v_part END;
        o_tbls := o_tbls || v_ptbls;
        o_ops := o_ops || v_pops;
      END IF;
    END LOOP;
    PERFORM set_config('work_mem', v_mem, true), set_config('enable_mergejoin', v_merge, true),
            set_config('jit', v_jit, true);
    IF o_rows IS NOT NULL THEN
      o_event := p_events[1];
      o_rows := '[' || o_rows || ']';
      RETURN NEXT;
    END IF;
    RETURN;
  END IF;
  IF n > 64 THEN  -- planned for these many rows (a generic plan assumes a hundred)
    RETURN QUERY EXECUTE {{seal_query_quoted}}
      USING p_tables, p_keys, p_events, p_first_seq, v_trusted, v_xid;
    PERFORM set_config('work_mem', v_mem, true), set_config('enable_mergejoin', v_merge, true),
            set_config('jit', v_jit, true);
  ELSE
    RETURN QUERY
{{seal_query}};
  END IF;
END $$;

-- The data with "rows" added: at its sorted place when that is unambiguous (the app's data is
-- canonical JSON, so it stays canonical), else last; the rest of the text byte-identical.
CREATE OR REPLACE FUNCTION rc_splice_rows(p_data text, p_rows text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  j jsonb := p_data::jsonb; d text := btrim(p_data, E' \t\n\r'); v_next text; v_pat text;
  v_before integer; v_pos integer; v_out text;
BEGIN
  IF jsonb_typeof(j) <> 'object' THEN
    RAISE EXCEPTION 'event data is a JSON object' USING ERRCODE = '22023';
  END IF;
  IF j ? 'rows' THEN
    RAISE EXCEPTION 'an event''s "rows" are written by the server, not sent (refused)'
      USING ERRCODE = '42501';
  END IF;
  IF p_rows IS NULL THEN
    RETURN p_data;
  END IF;
  SELECT min(x COLLATE "C") FILTER (WHERE x COLLATE "C" > 'rows'),
         count(*) FILTER (WHERE x COLLATE "C" < 'rows')
    INTO v_next, v_before FROM jsonb_object_keys(j) x;
  IF j = '{}'::jsonb THEN
    RETURN '{"rows":' || p_rows || '}';
  END IF;
  IF v_next IS NULL THEN
    RETURN left(d, -1) || ',"rows":' || p_rows || '}';
  END IF;
  v_pat := to_json(v_next)::text || ':';
  IF v_before = 0 AND left(d, 1 + length(v_pat)) = '{' || v_pat THEN
    RETURN '{"rows":' || p_rows || ',' || substr(d, 2);
  END IF;
  v_pos := strpos(d, ',' || v_pat);
  IF v_pos > 0 AND strpos(substr(d, v_pos + 1), ',' || v_pat) = 0 THEN
    -- the one place the next key appears: structural (a '"' cannot follow ',' inside a
    -- string), and at the top level when the result has "rows" there
    v_out := left(d, v_pos) || '"rows":' || p_rows || ',' || substr(d, v_pos + 1);
    IF v_out::jsonb ? 'rows' THEN
      RETURN v_out;
    END IF;
  END IF;
  RETURN left(d, -1) || ',"rows":' || p_rows || '}';
END $$;

-- The kinds app roles may append (pg_vouch.APPENDABLE).
CREATE OR REPLACE FUNCTION rc_kind(p_action text, OUT o_who text, OUT o_creates text,
    OUT o_rows boolean, OUT o_may_insert text[], OUT o_facts boolean, OUT o_located boolean)
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  SELECT k.who, k.creates, k.rows, k.may_insert, k.facts, k.located
    INTO o_who, o_creates, o_rows, o_may_insert, o_facts, o_located FROM (VALUES
    {{appendable_kinds}}
  ) k(kind, who, creates, rows, may_insert, facts, located) WHERE k.kind = p_action;
END $$;

-- The row an event is about (pg_vouch.APPENDABLE's `locate`).
CREATE OR REPLACE FUNCTION rc_locate(p_action text, p_target_id text, p_case_id bigint,
    p_data text, OUT o_tbl text, OUT o_key text)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  SELECT CASE p_action
    {{locate_tables}}
    END,
    CASE p_action
    {{locate_keys}}
    END
    INTO o_tbl, o_key;
END $$;

CREATE OR REPLACE FUNCTION rc_kind_allowed(p_action text, p_role text) RETURNS void
LANGUAGE plpgsql STABLE AS $$
DECLARE k record;
BEGIN
  SELECT * INTO k FROM public.rc_kind(p_action);
  IF k.o_who IS NULL THEN
    RAISE EXCEPTION '% events are written only by the function that makes the change '
      '(refused)', p_action USING ERRCODE = '42501';
  END IF;
  IF k.o_who = 'admin' AND p_role <> 'admin' THEN
    RAISE EXCEPTION '% events are written by admins (refused)', p_action
      USING ERRCODE = '42501';
  END IF;
END $$;

-- A personal value marker ({"pii": digest}) that stands for exactly this value.
CREATE OR REPLACE FUNCTION rc_personal_is(p_marker jsonb, p_value text) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT coalesce(jsonb_typeof(p_marker) = 'object' AND EXISTS (
    SELECT 1 FROM public.personal_values v
     WHERE v.digest = p_marker ->> 'pii' AND v.value = p_value
       AND v.digest = encode(sha256(convert_to(v.salt || chr(31) || v.value, 'UTF8')), 'hex')),
    false)
$$;

-- Evidence events state the stored facts (who, which file, its digest and size).
CREATE OR REPLACE FUNCTION rc_check_facts(p_action text, p_actor text, p_case_id bigint,
                                          p_data text) RETURNS void
LANGUAGE plpgsql STABLE AS $$
DECLARE j jsonb := p_data::jsonb; a record; ok boolean;
BEGIN
  SELECT * INTO a FROM public.attachments x WHERE x.id = (j ->> 'attachment_id')::bigint;
  IF p_action = {{action_evidence_added}} THEN
    ok := a.case_id = p_case_id AND a.added_by = p_actor AND a.withdrawn_at IS NULL
      AND j @> jsonb_build_object('attachment_id', a.id, 'sha256', a.sha256,
                                  'size', a.size_bytes, 'media_type', a.media_type)
      AND public.rc_personal_is(j -> 'file_name', a.file_name)
      AND CASE WHEN a.description = '' THEN j -> 'description' = '""'::jsonb
               ELSE public.rc_personal_is(j -> 'description', a.description) END;
  ELSIF p_action = {{action_evidence_withdrawn}} THEN
    ok := a.case_id = p_case_id AND a.withdrawn_by = p_actor
      AND j @> jsonb_build_object('attachment_id', a.id, 'sha256', a.sha256,
                                  'withdrawn_at', a.withdrawn_at, 'reason', a.withdraw_reason);
  END IF;
  IF ok IS NOT TRUE THEN
    RAISE EXCEPTION 'the % event does not state what was stored (refused)', p_action
      USING ERRCODE = '42501';
  END IF;
END $$;

-- What an app role's event must be (rc_kind), given the rows it sealed and what this
-- transaction did to them (p_ops). p_located: the row it is about was checked already.
CREATE OR REPLACE FUNCTION rc_check_event(p_actor text, p_role text, p_action text,
    p_target_id text, p_case_id bigint, p_data text, p_tbls text[], p_ops text[],
    p_located boolean) RETURNS void
LANGUAGE plpgsql STABLE AS $$
DECLARE k record; l record; bad text;
BEGIN
  PERFORM public.rc_kind_allowed(p_action, p_role);
  SELECT * INTO k FROM public.rc_kind(p_action);
  IF k.o_rows AND coalesce(cardinality(p_tbls), 0) = 0 THEN
    RAISE EXCEPTION 'a % event names the rows its change wrote (refused)', p_action
      USING ERRCODE = '42501';
  END IF;
  IF k.o_located AND NOT p_located THEN
    SELECT * INTO l FROM public.rc_locate(p_action, p_target_id, p_case_id, p_data);
    IF l.o_key IS NULL OR NOT EXISTS (
         SELECT 1 FROM public.row_changes c
          WHERE c.xid = pg_current_xact_id() AND c.tbl = l.o_tbl AND c.row_key = l.o_key
            AND (k.o_creates IS NULL OR c.op = 'I')) THEN
      RAISE EXCEPTION 'a % event is about % %, which this transaction did not %', p_action,
        l.o_tbl, coalesce(l.o_key, '(none)'),
        CASE WHEN k.o_creates IS NULL THEN 'change' ELSE 'create' END
        USING ERRCODE = '42501';
    END IF;
  END IF;
  IF k.o_creates IS NOT NULL AND NOT k.o_located AND NOT EXISTS (
       SELECT 1 FROM unnest(p_tbls, p_ops) x(t, o) WHERE x.t = k.o_creates
          AND strpos(x.o, 'I') > 0) THEN
    RAISE EXCEPTION 'a % event names the % row it created (refused)', p_action, k.o_creates
      USING ERRCODE = '42501';
  END IF;
  IF k.o_creates IS NULL THEN
    SELECT x.t INTO bad FROM unnest(p_tbls, p_ops) x(t, o)
     WHERE strpos(x.o, 'I') > 0 AND x.t <> ALL (k.o_may_insert) LIMIT 1;
    IF bad IS NOT NULL THEN
      RAISE EXCEPTION 'a % event creates no % rows (refused)', p_action, bad
        USING ERRCODE = '42501';
    END IF;
  END IF;
  IF k.o_facts THEN
    PERFORM public.rc_check_facts(p_action, p_actor, p_case_id, p_data);
  END IF;
END $$;

-- ---- the append functions ---------------------------------------------------------------
-- Each application user appends only the kinds pg_vouch.APPENDABLE lists, stamped as
-- `session_user` with the server's clock, under the chain-head row lock (concurrent writers
-- can never fork the chain), with the images of the rows its change wrote.
DROP FUNCTION IF EXISTS rc_append_event(text, text, text, bigint, text);
DROP FUNCTION IF EXISTS rc_append_events(text[], text[], text[], bigint[], text[]);

CREATE OR REPLACE FUNCTION rc_append_event(p_action text, p_target_type text, p_target_id text,
    p_case_id bigint, p_data text, p_row_tables text[], p_row_keys text[])
RETURNS TABLE(o_seq bigint, o_hash text, o_time text, o_actor text, o_role text, o_data text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  who record; head record; v_seq bigint; v_time text; v_hash text; v_data text; v_rows text;
  v_trusted boolean := public.rc_trusted(); v_tbls text[]; v_ops text[]; n integer;
BEGIN
  IF p_action IS NULL OR p_target_type IS NULL OR p_target_id IS NULL OR p_data IS NULL
     OR position(chr(31) in p_action || p_target_type || p_target_id) > 0 THEN
    RAISE EXCEPTION 'malformed audit event' USING ERRCODE = '22023';
  END IF;
  PERFORM public.rc_splice_rows(p_data, NULL);  -- JSON, an object, no "rows" of its own
  SELECT * INTO who FROM public.rc_actor();
  IF NOT v_trusted THEN
    PERFORM public.rc_kind_allowed(p_action, who.o_role);
  END IF;
  SELECT h.seq, h.hash INTO head FROM public.chain_head h WHERE h.id = 1 FOR UPDATE;
  v_seq := head.seq + 1;
  v_data := p_data;
  n := coalesce(cardinality(p_row_tables), 0);
  IF n > 0 THEN
    SELECT s.o_rows, s.o_tbls, s.o_ops INTO v_rows, v_tbls, v_ops
      FROM public.rc_seal(p_row_tables, p_row_keys, array_fill(1, ARRAY[n]), v_seq, true) s;
    v_data := public.rc_splice_rows(p_data, v_rows);
  ELSIF coalesce(cardinality(p_row_keys), 0) > 0 THEN
    RAISE EXCEPTION 'malformed rows: tables and keys of different lengths'
      USING ERRCODE = '22023';
  END IF;
  IF NOT v_trusted THEN
    PERFORM public.rc_check_event(who.o_actor, who.o_role, p_action, p_target_id, p_case_id,
                                  p_data, v_tbls, v_ops, false);
  END IF;
  v_time := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
  v_hash := encode(sha256(convert_to(concat_ws(chr(31), 'rc-audit/1', v_seq::text, head.hash,
              v_time, who.o_actor, who.o_role, p_action, p_target_type, p_target_id,
              coalesce(p_case_id::text, ''), v_data),
              'UTF8')), 'hex');
  INSERT INTO public.audit_events (seq, prev_hash, hash, time, actor, role, action, target_type,
                                   target_id, case_id, data)
       VALUES (v_seq, head.hash, v_hash, v_time, who.o_actor, who.o_role, p_action,
               p_target_type, p_target_id, p_case_id, v_data);
  UPDATE public.chain_head SET seq = v_seq, hash = v_hash, time = v_time WHERE id = 1;
  RETURN QUERY SELECT v_seq, v_hash, v_time, who.o_actor, who.o_role, v_data;
END $$;

-- Bulk intake: many events in one call under one chain-head lock, the same canonical form and
-- stamping as rc_append_event (session_user, the server's clock per event). Rows belong to the
-- event p_row_events names (1-based). The arrays are read by subscript from local (expanded)
-- copies: a row-by-row FOR over unnest() costs ~10x more; the kinds' rules are checked set-wise,
-- and event by event only for the events that need it.
CREATE OR REPLACE FUNCTION rc_append_events(p_actions text[], p_target_types text[],
                                            p_target_ids text[], p_case_ids bigint[],
                                            p_data text[], p_row_tables text[],
                                            p_row_keys text[], p_row_events integer[])
RETURNS TABLE(o_seq bigint, o_hash text, o_time text, o_actor text, o_role text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
SET enable_seqscan = off SET jit = off AS $$
DECLARE
  who record; head record; n integer; m integer; v_seq bigint; v_prev text; v_time text;
  v_hash text; v_trusted boolean := public.rc_trusted(); v_xid xid8; bad record;
  v_action text;
  a text[] := p_actions; tt text[] := p_target_types; ti text[] := p_target_ids;
  ci bigint[] := p_case_ids; d text[] := p_data; orig text[];
  seqs bigint[]; prevs text[]; hashes text[]; times text[]; r record;
BEGIN
  n := coalesce(cardinality(a), 0);
  m := coalesce(cardinality(p_row_tables), 0);
  IF cardinality(tt) IS DISTINCT FROM n OR cardinality(ti) IS DISTINCT FROM n
     OR cardinality(ci) IS DISTINCT FROM n OR cardinality(d) IS DISTINCT FROM n
     OR coalesce(cardinality(p_row_keys), 0) <> m
     OR coalesce(cardinality(p_row_events), 0) <> m THEN
    RAISE EXCEPTION 'malformed audit events: arrays of different lengths' USING ERRCODE = '22023';
  END IF;
  IF n = 0 THEN
    IF m > 0 THEN
      RAISE EXCEPTION 'malformed rows: no event to carry them' USING ERRCODE = '22023';
    END IF;
    RETURN;
  END IF;
  IF array_position(a, NULL) IS NOT NULL OR array_position(tt, NULL) IS NOT NULL
     OR array_position(ti, NULL) IS NOT NULL OR array_position(d, NULL) IS NOT NULL
     OR EXISTS (SELECT 1 FROM unnest(a, tt, ti) AS t(x, y, z)
                 WHERE position(chr(31) in x || y || z) > 0)
     OR EXISTS (SELECT 1 FROM unnest(p_row_events) e WHERE e IS NULL OR e < 1 OR e > n) THEN
    RAISE EXCEPTION 'malformed audit event' USING ERRCODE = '22023';
  END IF;
  SELECT count(*) FILTER (WHERE jsonb_typeof(s.j) <> 'object') AS not_object,
         count(*) FILTER (WHERE s.j ? 'rows') AS with_rows INTO r
    FROM (SELECT u.t::jsonb AS j FROM unnest(d) AS u(t)) s;
  IF r.not_object > 0 THEN
    RAISE EXCEPTION 'event data is a JSON object' USING ERRCODE = '22023';
  END IF;
  IF r.with_rows > 0 THEN
    RAISE EXCEPTION 'an event''s "rows" are written by the server, not sent (refused)'
      USING ERRCODE = '42501';
  END IF;
  SELECT * INTO who FROM public.rc_actor();
  v_xid := pg_current_xact_id();
  IF NOT v_trusted THEN
    FOR v_action IN SELECT DISTINCT y FROM unnest(a) y LOOP
      PERFORM public.rc_kind_allowed(v_action, who.o_role);
    END LOOP;
    WITH kinds AS MATERIALIZED (  -- per kind, not per event
           SELECT x.a, k.* FROM (SELECT DISTINCT y.a FROM unnest(a) y(a)) x,
                                LATERAL public.rc_kind(x.a) k WHERE k.o_located),
         l AS (
           SELECT e.a, k.o_creates,
                  CASE e.a
                  {{locate_tables}}
                  END AS o_tbl,
                  CASE e.a
                  {{locate_keys_of_events}}
                  END AS o_key
             FROM unnest(a, ti, ci, d) e(a, ti, ci, d) JOIN kinds k ON k.a = e.a)
    SELECT l.a, l.o_tbl, l.o_key INTO bad FROM l
     WHERE l.o_key IS NULL OR (
             SELECT true FROM public.row_changes c
              WHERE c.xid = v_xid AND c.tbl = l.o_tbl AND c.row_key = l.o_key
                AND (l.o_creates IS NULL OR c.op = 'I') LIMIT 1) IS NULL
     LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'a % event is about % %, which this transaction did not change or '
        'create', bad.a, bad.o_tbl, coalesce(bad.o_key, '(none)') USING ERRCODE = '42501';
    END IF;
  END IF;
  SELECT h.seq, h.hash INTO head FROM public.chain_head h WHERE h.id = 1 FOR UPDATE;
  v_seq := head.seq; v_prev := head.hash;
  seqs := array_fill(NULL::bigint, ARRAY[n]); prevs := array_fill(NULL::text, ARRAY[n]);
  hashes := array_fill(NULL::text, ARRAY[n]); times := array_fill(NULL::text, ARRAY[n]);
  orig := d;
  IF m > 0 OR NOT v_trusted THEN
    FOR r IN
      WITH g AS MATERIALIZED (
             SELECT * FROM public.rc_seal(p_row_tables, p_row_keys, p_row_events, head.seq + 1,
                                          true)),
           kinds AS MATERIALIZED (  -- per kind, not per event
             SELECT x.a, k.* FROM (SELECT DISTINCT y.a FROM unnest(a) y(a)) x,
                                  LATERAL public.rc_kind(x.a) k)
      SELECT e.ev, g.o_rows AS rows_text, g.o_tbls AS tbls, g.o_ops AS ops
        FROM unnest(a) WITH ORDINALITY e(a, ev)
        JOIN kinds k ON k.a = e.a
        LEFT JOIN g ON g.o_event = e.ev
       WHERE g.o_event IS NOT NULL
          OR (NOT v_trusted AND (k.o_rows OR k.o_facts
                                 OR (k.o_creates IS NOT NULL AND NOT k.o_located)))
       ORDER BY e.ev
    LOOP
      IF r.rows_text IS NOT NULL THEN
        d[r.ev] := public.rc_splice_rows(orig[r.ev], r.rows_text);
      END IF;
      IF NOT v_trusted THEN
        PERFORM public.rc_check_event(who.o_actor, who.o_role, a[r.ev], ti[r.ev], ci[r.ev],
                                      orig[r.ev], r.tbls, r.ops, true);
      END IF;
    END LOOP;
  END IF;
  FOR k IN 1..n LOOP
    v_seq := v_seq + 1;
    v_time := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
    v_hash := encode(sha256(convert_to(concat_ws(chr(31), 'rc-audit/1', v_seq::text, v_prev,
                v_time, who.o_actor, who.o_role, a[k], tt[k], ti[k], coalesce(ci[k]::text, ''),
                d[k]), 'UTF8')), 'hex');
    seqs[k] := v_seq; prevs[k] := v_prev; hashes[k] := v_hash; times[k] := v_time;
    v_prev := v_hash;
  END LOOP;
  INSERT INTO public.audit_events (seq, prev_hash, hash, time, actor, role, action, target_type,
                                   target_id, case_id, data)
       SELECT u.s, u.pv, u.hs, u.tm, who.o_actor, who.o_role, u.x, u.y, u.z, u.c, u.j
         FROM unnest(seqs, prevs, hashes, times, a, tt, ti, ci, d)
              AS u(s, pv, hs, tm, x, y, z, c, j);
  UPDATE public.chain_head SET seq = v_seq, hash = v_prev, time = v_time WHERE id = 1;
  RETURN QUERY SELECT u.s, u.hs, u.tm, who.o_actor, who.o_role
                 FROM unnest(seqs, hashes, times) AS u(s, hs, tm);
END $$;

-- Append one event for an actor the caller has already established, with the images of the
-- rows it names that this transaction changed. Not granted to app roles: only the guard
-- functions call it (rc_expire_remedies appends as 'system').
CREATE OR REPLACE FUNCTION rc_chain_append(p_actor text, p_role text, p_action text,
    p_target_type text, p_target_id text, p_case_id bigint, p_data text, p_row_tables text[],
    p_row_keys text[]) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE head record; v_seq bigint; v_time text; v_hash text; v_data text; v_rows text;
  n integer := coalesce(cardinality(p_row_tables), 0);
BEGIN
  PERFORM public.rc_splice_rows(p_data, NULL);
  SELECT h.seq, h.hash INTO head FROM public.chain_head h WHERE h.id = 1 FOR UPDATE;
  v_seq := head.seq + 1;
  v_data := p_data;
  IF n > 0 THEN
    SELECT s.o_rows INTO v_rows
      FROM public.rc_seal(p_row_tables, p_row_keys, array_fill(1, ARRAY[n]), v_seq, false) s;
    v_data := public.rc_splice_rows(p_data, v_rows);
  END IF;
  v_time := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
  v_hash := encode(sha256(convert_to(concat_ws(chr(31), 'rc-audit/1', v_seq::text, head.hash,
              v_time, p_actor, p_role, p_action, p_target_type, p_target_id,
              coalesce(p_case_id::text, ''), v_data), 'UTF8')), 'hex');
  INSERT INTO public.audit_events (seq, prev_hash, hash, time, actor, role, action, target_type,
                                   target_id, case_id, data)
       VALUES (v_seq, head.hash, v_hash, v_time, p_actor, p_role, p_action, p_target_type,
               p_target_id, p_case_id, v_data);
  UPDATE public.chain_head SET seq = v_seq, hash = v_hash, time = v_time WHERE id = 1;
  RETURN v_seq;
END $$;

-- The form of release 1 (no rows), for callers that write no vouched row.
CREATE OR REPLACE FUNCTION rc_chain_append(p_actor text, p_role text, p_action text,
    p_target_type text, p_target_id text, p_case_id bigint, p_data text) RETURNS bigint
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT public.rc_chain_append(p_actor, p_role, p_action, p_target_type, p_target_id,
                                p_case_id, p_data, NULL::text[], NULL::text[])
$$;

-- Events that carry many rows are large (bulk intake: one carries a batch's rows): stored with
-- lz4 where the server has it, three times faster than the default pglz at the same size.
DO $do$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_settings s WHERE s.name = 'default_toast_compression'
                AND 'lz4' = ANY (s.enumvals)) THEN
    ALTER FUNCTION rc_append_event(text, text, text, bigint, text, text[], text[])
      SET default_toast_compression = 'lz4';
    ALTER FUNCTION rc_append_events(text[], text[], text[], bigint[], text[], text[], text[],
                                    integer[]) SET default_toast_compression = 'lz4';
    ALTER FUNCTION rc_chain_append(text, text, text, text, text, bigint, text, text[], text[])
      SET default_toast_compression = 'lz4';
  END IF;
END $do$;

-- ---- the remedy policy's inputs cannot move -----------------------------------------------
CREATE OR REPLACE FUNCTION rc_guard_case_inputs() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF ({{case_fixed_new}})
     IS DISTINCT FROM ({{case_fixed_old}}) THEN
    RAISE EXCEPTION 'case %: its reference, customer, order and creation time never change '
      '(refused)', OLD.reference USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

-- Order lines are written with their case, in the transaction that creates it.
CREATE OR REPLACE FUNCTION rc_guard_new_items() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
SET enable_seqscan = off SET jit = off AS $$
DECLARE v_case bigint; v_xid xid8;
BEGIN
  IF public.rc_trusted() THEN RETURN NULL; END IF;
  v_xid := pg_current_xact_id();
  SELECT n.case_id INTO v_case FROM rc_new n  -- (a lookup per line, as in rc_seal)
   WHERE (SELECT true FROM public.row_changes c
           WHERE c.xid = v_xid AND c.tbl = 'cases' AND c.row_key = n.case_id::text
             AND c.op = 'I' LIMIT 1) IS NULL
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'order lines are written with their case: case % exists already (refused)',
      v_case USING ERRCODE = '42501';
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS cases_inputs_guard ON cases;
CREATE TRIGGER cases_inputs_guard BEFORE UPDATE ON cases
  FOR EACH ROW EXECUTE FUNCTION rc_guard_case_inputs();
DROP TRIGGER IF EXISTS order_items_record ON order_items;
CREATE TRIGGER order_items_record BEFORE UPDATE OR DELETE ON order_items
  FOR EACH ROW EXECUTE FUNCTION rc_refuse_record_change();
DROP TRIGGER IF EXISTS order_items_with_case ON order_items;
CREATE TRIGGER order_items_with_case AFTER INSERT ON order_items
  REFERENCING NEW TABLE AS rc_new FOR EACH STATEMENT EXECUTE FUNCTION rc_guard_new_items();
DROP TRIGGER IF EXISTS customers_record ON customers;
CREATE TRIGGER customers_record BEFORE UPDATE OR DELETE ON customers
  FOR EACH ROW EXECUTE FUNCTION rc_refuse_record_change();
DROP TRIGGER IF EXISTS notes_record ON notes;
CREATE TRIGGER notes_record BEFORE UPDATE OR DELETE ON notes
  FOR EACH ROW EXECUTE FUNCTION rc_refuse_record_change();
