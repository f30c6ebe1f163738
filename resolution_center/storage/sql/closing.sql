-- Closing the loop (storage/pg_closing.py, schema step 12): the case's closing rules hold for
-- a user's own database role too, and follow-up tasks and case links stay as written.

-- A case closes over open remedies (authorized or approved, neither fulfilled nor withdrawn)
-- only when a supervisor closes it; it resolves only with a resolution code and a summary; a
-- merged case stays closed and keeps its pointer. SECURITY DEFINER to read the actor's role
-- (rc_actor, rc_trusted); session_user is still the connected user.
CREATE OR REPLACE FUNCTION rc_guard_case_closing() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE v_role text; v_open text;
BEGIN
  IF OLD.merged_into IS NOT NULL AND (NEW.merged_into IS DISTINCT FROM OLD.merged_into
                                      OR NEW.status <> {{status_closed}}) THEN
    RAISE EXCEPTION 'case % was merged into %: it stays closed (refused)', OLD.reference,
      OLD.merged_into USING ERRCODE = '42501';
  END IF;
  IF NEW.status = {{status_resolved}} AND OLD.status <> {{status_resolved}}
     AND (NEW.resolution_code IS NULL OR btrim(NEW.resolution_code) = ''
          OR btrim(NEW.resolution_summary) = '') THEN
    RAISE EXCEPTION 'case % resolves only with a resolution code and a summary (refused)',
      OLD.reference USING ERRCODE = '42501';
  END IF;
  IF NEW.status = {{status_closed}} AND OLD.status <> {{status_closed}}
     AND NOT public.rc_trusted() THEN
    SELECT string_agg(r.reference || ' (' || r.state || ')', ', ' ORDER BY r.id) INTO v_open
      FROM public.remedies r
     WHERE r.case_id = OLD.id AND r.state IN ({{open_remedy_states}});
    IF v_open IS NOT NULL THEN
      SELECT a.o_role INTO v_role FROM public.rc_actor() a;
      IF v_role NOT IN ({{close_override_roles}}) THEN
        RAISE EXCEPTION 'case % has open remedies (%): only a supervisor may close it over them '
          '(refused)', OLD.reference, v_open USING ERRCODE = '42501';
      END IF;
    END IF;
  END IF;
  RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS cases_closing_guard ON cases;
CREATE TRIGGER cases_closing_guard BEFORE UPDATE ON cases
  FOR EACH ROW EXECUTE FUNCTION rc_guard_case_closing();

-- A follow-up is never deleted; only an open one changes, and only to done or cancelled, with
-- who and when; what it was about (case, due time, note, assignee, creator) never changes.
CREATE OR REPLACE FUNCTION rc_guard_case_task() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'follow-up tasks are never deleted (% refused): cancel them instead', TG_OP
      USING ERRCODE = '42501';
  END IF;
  IF OLD.state <> {{task_open}} OR NEW.state NOT IN ({{task_done}}, {{task_cancelled}})
     OR NEW.id <> OLD.id OR NEW.case_id <> OLD.case_id OR NEW.due_at <> OLD.due_at
     OR NEW.note <> OLD.note OR NEW.assignee_id IS DISTINCT FROM OLD.assignee_id
     OR NEW.created_at <> OLD.created_at OR NEW.created_by <> OLD.created_by
     OR NEW.closed_at IS NULL OR NEW.closed_by IS NULL THEN
    RAISE EXCEPTION 'follow-up % is % and can only be marked done or cancelled once (refused)',
      OLD.id, OLD.state USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

-- A follow-up is set, and finished, in the connected user's own name; a link likewise.
CREATE OR REPLACE FUNCTION rc_guard_own_name() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE who record; v_row jsonb := to_jsonb(NEW);  -- read by name: two tables use this
BEGIN
  SELECT * INTO who FROM public.rc_actor();
  IF who.o_role = {{role_system}} THEN RETURN NEW; END IF;
  IF (v_row ->> (CASE WHEN TG_OP = 'INSERT' THEN 'created_by' ELSE 'closed_by' END))
       IS DISTINCT FROM who.o_actor
     OR (TG_OP = 'INSERT' AND TG_TABLE_NAME = 'case_tasks'
         AND (v_row ->> 'state' <> {{task_open}} OR v_row ->> 'closed_by' IS NOT NULL)) THEN
    RAISE EXCEPTION '% rows are written in your own name (%), and a follow-up starts open '
      '(refused)', TG_TABLE_NAME, who.o_actor USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS case_tasks_own_name ON case_tasks;
CREATE TRIGGER case_tasks_own_name BEFORE INSERT OR UPDATE ON case_tasks
  FOR EACH ROW EXECUTE FUNCTION rc_guard_own_name();
DROP TRIGGER IF EXISTS case_links_own_name ON case_links;
CREATE TRIGGER case_links_own_name BEFORE INSERT ON case_links
  FOR EACH ROW EXECUTE FUNCTION rc_guard_own_name();
DROP TRIGGER IF EXISTS case_tasks_guard ON case_tasks;
CREATE TRIGGER case_tasks_guard BEFORE UPDATE OR DELETE ON case_tasks
  FOR EACH ROW EXECUTE FUNCTION rc_guard_case_task();
DROP TRIGGER IF EXISTS case_tasks_no_truncate ON case_tasks;
CREATE TRIGGER case_tasks_no_truncate BEFORE TRUNCATE ON case_tasks
  FOR EACH STATEMENT EXECUTE FUNCTION rc_refuse_record_change();

-- A link (or merge) between two cases is a record.
DROP TRIGGER IF EXISTS case_links_record ON case_links;
CREATE TRIGGER case_links_record BEFORE UPDATE OR DELETE ON case_links
  FOR EACH ROW EXECUTE FUNCTION rc_refuse_record_change();
DROP TRIGGER IF EXISTS case_links_no_truncate ON case_links;
CREATE TRIGGER case_links_no_truncate BEFORE TRUNCATE ON case_links
  FOR EACH STATEMENT EXECUTE FUNCTION rc_refuse_record_change();
