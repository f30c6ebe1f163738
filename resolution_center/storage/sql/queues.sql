-- Escalation queues (storage/pg_queues.py): a case is held only by a member of its tier's queue.

-- Whoever writes the case (the app's version-checked update, or a raw UPDATE by a user's own
-- role), its assignee must be in the queue of its tier: a specialist cannot put a case at a
-- higher tier into their own hands, nor be given one the queue does not list. Membership is
-- written by admins only (grants), so this holds whatever a user's role tries.
-- SECURITY DEFINER: it asks rc_trusted (EXECUTE revoked from PUBLIC) only when the check fails;
-- restores and set-up, run by the owner as `system`, keep what they are given.
CREATE OR REPLACE FUNCTION rc_guard_case_queue() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF NEW.assignee_id IS NULL
     OR (TG_OP = 'UPDATE' AND NEW.assignee_id IS NOT DISTINCT FROM OLD.assignee_id
         AND NEW.tier IS NOT DISTINCT FROM OLD.tier) THEN
    RETURN NEW;
  END IF;
  IF EXISTS (SELECT 1 FROM public.queue_members m
              WHERE m.tier = NEW.tier AND m.user_id = NEW.assignee_id) THEN
    RETURN NEW;
  END IF;
  IF public.rc_trusted() THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'case %: user % is not in the % queue; a case is held only by a member of '
    'its tier''s queue (refused)', NEW.reference,
    (SELECT u.username FROM public.users u WHERE u.id = NEW.assignee_id), NEW.tier
    USING ERRCODE = 'RC003';
END $$;

DROP TRIGGER IF EXISTS cases_queue_guard ON cases;
CREATE TRIGGER cases_queue_guard BEFORE INSERT OR UPDATE OF assignee_id, tier ON cases
  FOR EACH ROW EXECUTE FUNCTION rc_guard_case_queue();
