-- Satisfaction scores (storage/pg_satisfaction.py), schema step 18.
-- A score is recorded in the connected user's own name and never changes: a later score
-- supersedes it by being newer, and the earlier one stays as history. Restores and set-up, run
-- by the owner as `system`, keep the rows they are given.

CREATE OR REPLACE FUNCTION rc_guard_score_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE who record;
BEGIN
  SELECT * INTO who FROM rc_actor();
  IF who.o_role <> {{role_system}} AND NEW.recorded_by IS DISTINCT FROM who.o_actor THEN
    RAISE EXCEPTION 'a satisfaction score is recorded in your own name (%)', who.o_actor
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS satisfaction_scores_insert_guard ON satisfaction_scores;
CREATE TRIGGER satisfaction_scores_insert_guard BEFORE INSERT ON satisfaction_scores
  FOR EACH ROW EXECUTE FUNCTION rc_guard_score_insert();
DROP TRIGGER IF EXISTS satisfaction_scores_record ON satisfaction_scores;
CREATE TRIGGER satisfaction_scores_record BEFORE UPDATE OR DELETE ON satisfaction_scores
  FOR EACH ROW EXECUTE FUNCTION rc_refuse_record_change();
DROP TRIGGER IF EXISTS satisfaction_scores_no_truncate ON satisfaction_scores;
CREATE TRIGGER satisfaction_scores_no_truncate BEFORE TRUNCATE ON satisfaction_scores
  FOR EACH STATEMENT EXECUTE FUNCTION rc_refuse_record_change();
