-- Notifications' read state (storage/pg_notifications.py), schema step 18.
-- Each user marks their own notifications read, never another's; a notification marked read
-- stays read, and the "all read" mark only moves forward. Restores and set-up, run by the
-- owner as `system`, keep the rows they are given.

CREATE OR REPLACE FUNCTION rc_guard_notification_read() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE who record; v_owner text;
BEGIN
  SELECT * INTO who FROM rc_actor();
  IF who.o_role = {{role_system}} THEN
    RETURN NEW;
  END IF;
  SELECT u.username INTO v_owner FROM public.users u WHERE u.id = NEW.user_id;
  IF v_owner IS DISTINCT FROM who.o_actor THEN
    RAISE EXCEPTION 'notifications are marked read by their own user: you are %, not %',
      who.o_actor, coalesce(v_owner, '(no such user)') USING ERRCODE = '42501';
  END IF;
  IF TG_OP = 'UPDATE' AND (NEW.user_id <> OLD.user_id OR NEW.seq < OLD.seq) THEN
    RAISE EXCEPTION 'the "all read" mark only moves forward (% -> % refused)', OLD.seq, NEW.seq
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS notification_reads_guard ON notification_reads;
CREATE TRIGGER notification_reads_guard BEFORE INSERT ON notification_reads
  FOR EACH ROW EXECUTE FUNCTION rc_guard_notification_read();
DROP TRIGGER IF EXISTS notification_reads_record ON notification_reads;
CREATE TRIGGER notification_reads_record BEFORE UPDATE OR DELETE ON notification_reads
  FOR EACH ROW EXECUTE FUNCTION rc_refuse_record_change();
DROP TRIGGER IF EXISTS notification_reads_no_truncate ON notification_reads;
CREATE TRIGGER notification_reads_no_truncate BEFORE TRUNCATE ON notification_reads
  FOR EACH STATEMENT EXECUTE FUNCTION rc_refuse_record_change();

DROP TRIGGER IF EXISTS notification_marks_guard ON notification_marks;
CREATE TRIGGER notification_marks_guard BEFORE INSERT OR UPDATE ON notification_marks
  FOR EACH ROW EXECUTE FUNCTION rc_guard_notification_read();
DROP TRIGGER IF EXISTS notification_marks_record ON notification_marks;
CREATE TRIGGER notification_marks_record BEFORE DELETE ON notification_marks
  FOR EACH ROW EXECUTE FUNCTION rc_refuse_record_change();
DROP TRIGGER IF EXISTS notification_marks_no_truncate ON notification_marks;
CREATE TRIGGER notification_marks_no_truncate BEFORE TRUNCATE ON notification_marks
  FOR EACH STATEMENT EXECUTE FUNCTION rc_refuse_record_change();
