-- Satisfaction scores (storage/pg_satisfaction.py), schema step 18.
-- A score is recorded in the connected user's own name and never changes: a later score
-- supersedes it by being newer, and the earlier one stays as history. Only a score read from
-- the customer's reply says it came from a reply, and names that reply. Restores and set-up, run
-- by the owner as `system`, keep the rows they are given.

CREATE OR REPLACE FUNCTION rc_guard_score_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE who record;
BEGIN
  SELECT * INTO who FROM rc_actor();
  IF who.o_role = {{role_system}} THEN
    RETURN NEW;
  END IF;
  IF NEW.recorded_by IS DISTINCT FROM who.o_actor THEN
    RAISE EXCEPTION 'a satisfaction score is recorded in your own name (%)', who.o_actor
      USING ERRCODE = '42501';
  END IF;
  -- "reply" says the customer gave the score in their reply to the survey: only the reply
  -- reader's, naming the case's own incoming message it was read from. A score typed in
  -- names no message (it would take the one score a reply can give).
  IF NEW.source = 'reply' THEN
    IF NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = NEW.message_id
                   AND m.case_id = NEW.case_id AND m.direction = 'in') THEN
      RAISE EXCEPTION 'a score from a reply names the customer''s reply to this case it was read from'
        USING ERRCODE = '42501';
    END IF;
  ELSIF NEW.message_id IS NOT NULL THEN
    RAISE EXCEPTION 'a score typed in (%) names no message', NEW.source USING ERRCODE = '42501';
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
