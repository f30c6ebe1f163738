-- Evidence (storage/pg_attachments.py): append-only, withdrawn only through its function.

CREATE OR REPLACE FUNCTION rc_guard_attachment_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE who record;
BEGIN
  SELECT * INTO who FROM rc_actor();
  IF who.o_role <> 'system' AND (NEW.added_by IS DISTINCT FROM who.o_actor
                                 OR NEW.withdrawn_at IS NOT NULL) THEN
    RAISE EXCEPTION 'evidence is added in your own name (%), not withdrawn', who.o_actor
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION rc_guard_attachment() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'evidence is never deleted (% refused): withdraw it instead', TG_OP
      USING ERRCODE = '42501';
  END IF;
  IF OLD.withdrawn_at IS NOT NULL OR NEW.withdrawn_at IS NULL OR NEW.withdrawn_by IS NULL
     OR btrim(NEW.withdraw_reason) = ''
     OR (NEW.id, NEW.case_id, NEW.file_name, NEW.media_type, NEW.size_bytes, NEW.sha256,
         NEW.description, NEW.content, NEW.added_by, NEW.added_at)
        IS DISTINCT FROM
        (OLD.id, OLD.case_id, OLD.file_name, OLD.media_type, OLD.size_bytes, OLD.sha256,
         OLD.description, OLD.content, OLD.added_by, OLD.added_at) THEN
    RAISE EXCEPTION 'attachment % is evidence: it can only be withdrawn, once, with a reason',
      OLD.id USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION rc_withdraw_attachment(p_id bigint, p_reason text)
RETURNS TABLE(o_at text, o_by text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE who record; a record; v_time text;
BEGIN
  SELECT * INTO who FROM rc_actor();
  IF who.o_role = 'system' THEN
    RAISE EXCEPTION 'evidence is withdrawn by people: connect as your own user'
      USING ERRCODE = '42501';
  END IF;
  IF p_reason IS NULL OR btrim(p_reason) = '' THEN
    RAISE EXCEPTION 'say why the evidence is withdrawn' USING ERRCODE = 'RC003';
  END IF;
  SELECT x.id, x.added_by, x.withdrawn_at INTO a FROM public.attachments x
   WHERE x.id = p_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no attachment %', p_id USING ERRCODE = 'RC003';
  END IF;
  IF a.withdrawn_at IS NOT NULL THEN
    RAISE EXCEPTION 'attachment % was already withdrawn', p_id USING ERRCODE = 'RC003';
  END IF;
  IF a.added_by <> who.o_actor AND who.o_role <> 'supervisor' THEN
    RAISE EXCEPTION 'only % (who added it) or a supervisor may withdraw attachment %',
      a.added_by, p_id USING ERRCODE = '42501';
  END IF;
  v_time := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
  UPDATE public.attachments SET withdrawn_at = v_time, withdrawn_by = who.o_actor,
         withdraw_reason = p_reason WHERE id = p_id;
  RETURN QUERY SELECT v_time, who.o_actor;
END $$;

DROP TRIGGER IF EXISTS attachments_insert_guard ON attachments;
CREATE TRIGGER attachments_insert_guard BEFORE INSERT ON attachments
  FOR EACH ROW EXECUTE FUNCTION rc_guard_attachment_insert();
DROP TRIGGER IF EXISTS attachments_guard ON attachments;
CREATE TRIGGER attachments_guard BEFORE UPDATE OR DELETE ON attachments
  FOR EACH ROW EXECUTE FUNCTION rc_guard_attachment();
DROP TRIGGER IF EXISTS attachments_no_truncate ON attachments;
CREATE TRIGGER attachments_no_truncate BEFORE TRUNCATE ON attachments
  FOR EACH STATEMENT EXECUTE FUNCTION rc_refuse_record_change();
