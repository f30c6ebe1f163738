-- SLA in business hours (storage/pg_sla.py): calendar versions are records an admin adds in
-- their own name; a case's calendar version, warnings and breaches, once recorded, stay.

CREATE OR REPLACE FUNCTION rc_guard_sla_calendar_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE who record;
BEGIN
  SELECT * INTO who FROM public.rc_actor();
  IF who.o_role <> {{role_system}} AND (NEW.saved_by IS DISTINCT FROM who.o_actor
                                        OR who.o_role <> {{role_admin}}) THEN
    RAISE EXCEPTION 'an SLA calendar version is saved by an admin in their own name (refused)'
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

-- A breach or warning is recorded once and never taken back: a case resolved late stays late
-- even for someone who may write case rows. Nor does a case move to another calendar version.
CREATE OR REPLACE FUNCTION rc_guard_case_sla() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.first_response_breached_at IS NOT NULL
        AND NEW.first_response_breached_at IS DISTINCT FROM OLD.first_response_breached_at)
     OR (OLD.resolution_breached_at IS NOT NULL
        AND NEW.resolution_breached_at IS DISTINCT FROM OLD.resolution_breached_at)
     OR (OLD.first_response_warned_at IS NOT NULL
        AND NEW.first_response_warned_at IS DISTINCT FROM OLD.first_response_warned_at)
     OR (OLD.resolution_warned_at IS NOT NULL
        AND NEW.resolution_warned_at IS DISTINCT FROM OLD.resolution_warned_at)
     OR (OLD.sla_calendar_version IS NOT NULL
        AND NEW.sla_calendar_version IS DISTINCT FROM OLD.sla_calendar_version) THEN
    RAISE EXCEPTION 'case %: a recorded SLA warning or breach and the calendar version stay as '
      'recorded (refused)', OLD.reference USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS sla_calendars_by_admin ON sla_calendars;
CREATE TRIGGER sla_calendars_by_admin BEFORE INSERT ON sla_calendars
  FOR EACH ROW EXECUTE FUNCTION rc_guard_sla_calendar_insert();
DROP TRIGGER IF EXISTS sla_calendars_record ON sla_calendars;
CREATE TRIGGER sla_calendars_record BEFORE UPDATE OR DELETE ON sla_calendars
  FOR EACH ROW EXECUTE FUNCTION rc_refuse_record_change();
DROP TRIGGER IF EXISTS sla_calendars_no_truncate ON sla_calendars;
CREATE TRIGGER sla_calendars_no_truncate BEFORE TRUNCATE ON sla_calendars
  FOR EACH STATEMENT EXECUTE FUNCTION rc_refuse_record_change();
DROP TRIGGER IF EXISTS cases_sla_guard ON cases;
CREATE TRIGGER cases_sla_guard BEFORE UPDATE ON cases
  FOR EACH ROW EXECUTE FUNCTION rc_guard_case_sla();
