-- Mail in (storage/pg_mail_in.py), schema step 17.
-- Restores and set-up, run by the owner as `system`, keep the rows they are given.

-- A mail is quarantined as it came, held, in the connected user's name.
CREATE OR REPLACE FUNCTION rc_guard_quarantine_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE who record;
BEGIN
  SELECT * INTO who FROM rc_actor();
  IF who.o_role <> {{role_system}} AND (
       NEW.held_by IS DISTINCT FROM who.o_actor OR NEW.state <> {{quarantine_held}}
       OR NEW.resolved_by IS NOT NULL OR NEW.resolved_at IS NOT NULL
       OR NEW.message_id IS NOT NULL) THEN
    RAISE EXCEPTION 'a mail is quarantined as held, in your own name (%)', who.o_actor
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

-- A quarantined mail is never deleted and its bytes and reason never change: it leaves the
-- list once, imported (naming its message) or discarded, in the connected user's name.
CREATE OR REPLACE FUNCTION rc_guard_quarantine() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE who record;
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'quarantined mail is never deleted (% refused): discard it instead', TG_OP
      USING ERRCODE = '42501';
  END IF;
  SELECT * INTO who FROM rc_actor();
  IF who.o_role = {{role_system}} THEN
    RETURN NEW;
  END IF;
  IF OLD.state <> {{quarantine_held}}
     OR (NEW.id, NEW.identity, NEW.reason, NEW.sender, NEW.subject, NEW.mail_date, NEW.source,
         NEW.size_bytes, NEW.sha256, NEW.content, NEW.held_by, NEW.held_at)
        IS DISTINCT FROM
        (OLD.id, OLD.identity, OLD.reason, OLD.sender, OLD.subject, OLD.mail_date, OLD.source,
         OLD.size_bytes, OLD.sha256, OLD.content, OLD.held_by, OLD.held_at)
     OR NEW.state NOT IN ({{quarantine_imported}}, {{quarantine_discarded}})
     OR NEW.resolved_by IS DISTINCT FROM who.o_actor OR NEW.resolved_at IS NULL
     OR (NEW.state = {{quarantine_imported}}) <> (NEW.message_id IS NOT NULL) THEN
    RAISE EXCEPTION 'quarantined mail %: kept as it came; it is imported or discarded once, '
      'in your own name (%)', OLD.id, who.o_actor USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

-- Where a folder's fetch left off moves forward in the connected user's name (a new
-- UIDVALIDITY, the server renumbering the folder, starts it again); never deleted.
CREATE OR REPLACE FUNCTION rc_guard_mail_cursor() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE who record;
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'mail cursors are never deleted' USING ERRCODE = '42501';
  END IF;
  SELECT * INTO who FROM rc_actor();
  IF who.o_role = {{role_system}} THEN
    RETURN NEW;
  END IF;
  IF NEW.updated_by IS DISTINCT FROM who.o_actor
     OR (TG_OP = 'UPDATE' AND (NEW.account IS DISTINCT FROM OLD.account
                               OR (NEW.uidvalidity = OLD.uidvalidity
                                   AND NEW.last_uid < OLD.last_uid))) THEN
    RAISE EXCEPTION 'a mail cursor only moves forward, in your own name (%)', who.o_actor
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS mail_quarantine_insert_guard ON mail_quarantine;
CREATE TRIGGER mail_quarantine_insert_guard BEFORE INSERT ON mail_quarantine
  FOR EACH ROW EXECUTE FUNCTION rc_guard_quarantine_insert();
DROP TRIGGER IF EXISTS mail_quarantine_guard ON mail_quarantine;
CREATE TRIGGER mail_quarantine_guard BEFORE UPDATE OR DELETE ON mail_quarantine
  FOR EACH ROW EXECUTE FUNCTION rc_guard_quarantine();
DROP TRIGGER IF EXISTS mail_quarantine_no_truncate ON mail_quarantine;
CREATE TRIGGER mail_quarantine_no_truncate BEFORE TRUNCATE ON mail_quarantine
  FOR EACH STATEMENT EXECUTE FUNCTION rc_refuse_record_change();

DROP TRIGGER IF EXISTS mail_cursors_guard ON mail_cursors;
CREATE TRIGGER mail_cursors_guard BEFORE INSERT OR UPDATE OR DELETE ON mail_cursors
  FOR EACH ROW EXECUTE FUNCTION rc_guard_mail_cursor();
DROP TRIGGER IF EXISTS mail_cursors_no_truncate ON mail_cursors;
CREATE TRIGGER mail_cursors_no_truncate BEFORE TRUNCATE ON mail_cursors
  FOR EACH STATEMENT EXECUTE FUNCTION rc_refuse_record_change();
