-- Periodic reviews (storage/pg_reviews.py), schema step 19. Only supervisors and admins open,
-- refresh, note and sign a review, each in their own name; a signed review, its notes and its
-- actions' text never change, from a SQL prompt either; an action is finished once, by its owner
-- or a reviewer. Restores and set-up, run by the owner as `system`, keep the rows they are given.

-- A review is opened open, in the opener's name, by a reviewer.
CREATE OR REPLACE FUNCTION rc_guard_review_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE who record;
BEGIN
  SELECT * INTO who FROM rc_actor();
  IF who.o_role = {{role_system}} THEN RETURN NEW; END IF;
  IF who.o_role NOT IN ({{reviewer_roles}}) OR NEW.state <> {{review_open}}
     OR NEW.opened_by IS DISTINCT FROM who.o_actor OR NEW.frozen_by IS DISTINCT FROM who.o_actor
     OR NEW.signed_at IS NOT NULL OR NEW.signed_by IS NOT NULL THEN
    RAISE EXCEPTION 'reviews are opened by supervisors and admins, in their own name (%)',
      who.o_actor USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

-- An open review is refrozen or signed by a reviewer in their own name; a signed one is final.
CREATE OR REPLACE FUNCTION rc_guard_review() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE who record;
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'reviews are never deleted (% refused)', TG_OP USING ERRCODE = '42501';
  END IF;
  SELECT * INTO who FROM rc_actor();
  IF who.o_role = {{role_system}} THEN RETURN NEW; END IF;
  IF OLD.state = {{review_signed}} THEN
    RAISE EXCEPTION 'review % was signed off by %: it never changes (refused)', OLD.id,
      OLD.signed_by USING ERRCODE = '42501';
  END IF;
  IF who.o_role NOT IN ({{reviewer_roles}})
     OR (NEW.id, NEW.period_from, NEW.period_to, NEW.opened_at, NEW.opened_by)
        IS DISTINCT FROM (OLD.id, OLD.period_from, OLD.period_to, OLD.opened_at, OLD.opened_by)
     OR NEW.version <= OLD.version
     OR NEW.state NOT IN ({{review_open}}, {{review_signed}})
     OR (NEW.state = {{review_signed}}
         AND (NEW.signed_by IS DISTINCT FROM who.o_actor OR NEW.signed_at IS NULL))
     OR (NEW.state = {{review_open}} AND (NEW.signed_by IS NOT NULL OR NEW.signed_at IS NOT NULL))
     OR ((NEW.kpis, NEW.patterns) IS DISTINCT FROM (OLD.kpis, OLD.patterns)
         AND (NEW.frozen_by IS DISTINCT FROM who.o_actor OR NEW.refreshes <> OLD.refreshes + 1))
  THEN
    RAISE EXCEPTION 'review %: only supervisors and admins refresh or sign it, in their own name',
      OLD.id USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

-- Notes and actions are added to an open review by a reviewer, in their own name.
CREATE OR REPLACE FUNCTION rc_guard_review_child_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE who record; v_state text; v_row jsonb := to_jsonb(NEW);  -- two tables use this
BEGIN
  SELECT * INTO who FROM rc_actor();
  IF who.o_role = {{role_system}} THEN RETURN NEW; END IF;
  SELECT r.state INTO v_state FROM public.reviews r WHERE r.id = NEW.review_id FOR SHARE;
  IF v_state IS DISTINCT FROM {{review_open}} THEN
    RAISE EXCEPTION 'review % is signed off: nothing is added to it (refused)', NEW.review_id
      USING ERRCODE = '42501';
  END IF;
  IF who.o_role NOT IN ({{reviewer_roles}}) OR v_row ->> 'created_by' IS DISTINCT FROM who.o_actor
     OR (TG_TABLE_NAME = 'review_actions'
         AND (v_row ->> 'state' <> {{review_action_open}} OR v_row ->> 'done_by' IS NOT NULL)) THEN
    RAISE EXCEPTION '% are added by supervisors and admins, in their own name (%)',
      TG_TABLE_NAME, who.o_actor USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

-- A note never changes.
CREATE OR REPLACE FUNCTION rc_guard_review_note() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'review notes never change (% refused)', TG_OP USING ERRCODE = '42501';
END $$;

-- An action changes once, from open to done, by its owner or a reviewer in their own name;
-- what it asked, of whom and by when never changes (after sign-off too).
CREATE OR REPLACE FUNCTION rc_guard_review_action() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE who record; v_owner text;
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'review actions are never deleted (% refused)', TG_OP
      USING ERRCODE = '42501';
  END IF;
  SELECT * INTO who FROM rc_actor();
  IF who.o_role = {{role_system}} THEN RETURN NEW; END IF;
  SELECT u.username INTO v_owner FROM public.users u WHERE u.id = OLD.owner_id;
  IF OLD.state <> {{review_action_open}} OR NEW.state <> {{review_action_done}}
     OR (NEW.id, NEW.review_id, NEW.body, NEW.owner_id, NEW.due_on, NEW.created_at, NEW.created_by)
        IS DISTINCT FROM
        (OLD.id, OLD.review_id, OLD.body, OLD.owner_id, OLD.due_on, OLD.created_at, OLD.created_by)
     OR NEW.done_by IS DISTINCT FROM who.o_actor OR NEW.done_at IS NULL
     OR (who.o_actor IS DISTINCT FROM v_owner AND who.o_role NOT IN ({{reviewer_roles}})) THEN
    RAISE EXCEPTION 'review action % is marked done once, by its owner or a supervisor (refused)',
      OLD.id USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS reviews_insert_guard ON reviews;
CREATE TRIGGER reviews_insert_guard BEFORE INSERT ON reviews
  FOR EACH ROW EXECUTE FUNCTION rc_guard_review_insert();
DROP TRIGGER IF EXISTS reviews_guard ON reviews;
CREATE TRIGGER reviews_guard BEFORE UPDATE OR DELETE ON reviews
  FOR EACH ROW EXECUTE FUNCTION rc_guard_review();
DROP TRIGGER IF EXISTS review_notes_insert_guard ON review_notes;
CREATE TRIGGER review_notes_insert_guard BEFORE INSERT ON review_notes
  FOR EACH ROW EXECUTE FUNCTION rc_guard_review_child_insert();
DROP TRIGGER IF EXISTS review_notes_guard ON review_notes;
CREATE TRIGGER review_notes_guard BEFORE UPDATE OR DELETE ON review_notes
  FOR EACH ROW EXECUTE FUNCTION rc_guard_review_note();
DROP TRIGGER IF EXISTS review_actions_insert_guard ON review_actions;
CREATE TRIGGER review_actions_insert_guard BEFORE INSERT ON review_actions
  FOR EACH ROW EXECUTE FUNCTION rc_guard_review_child_insert();
DROP TRIGGER IF EXISTS review_actions_guard ON review_actions;
CREATE TRIGGER review_actions_guard BEFORE UPDATE OR DELETE ON review_actions
  FOR EACH ROW EXECUTE FUNCTION rc_guard_review_action();
