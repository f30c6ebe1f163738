-- Messages, templates and approved answers (storage/pg_messages.py), schema step 15.
-- Restores and set-up, run by the owner as `system`, keep the rows they are given.

-- Template versions are written once, by admins (grant), in their own name.
CREATE OR REPLACE FUNCTION rc_guard_template_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE who record;
BEGIN
  SELECT * INTO who FROM rc_actor();
  IF who.o_role <> {{role_system}} AND (who.o_role <> {{role_admin}}
                                        OR NEW.created_by IS DISTINCT FROM who.o_actor) THEN
    RAISE EXCEPTION 'templates are saved by administrators, in their own name (%)', who.o_actor
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

-- A message is drafted in the connected user's name; recorded as sent at once only by them.
CREATE OR REPLACE FUNCTION rc_guard_message_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE who record;
BEGIN
  SELECT * INTO who FROM rc_actor();
  IF who.o_role = {{role_system}} THEN
    RETURN NEW;
  END IF;
  -- A received mail (step 17) is recorded by whoever imports it, as it came: never as sent.
  IF NEW.direction = {{direction_in}} THEN
    IF NEW.drafted_by IS DISTINCT FROM who.o_actor OR NEW.state <> {{message_received}}
       OR NEW.rfc_message_id IS NULL OR NEW.sent_by IS NOT NULL OR NEW.sent_at IS NOT NULL
       OR NEW.template_name IS NOT NULL THEN
      RAISE EXCEPTION 'a received mail is recorded as received, in your own name (%)',
        who.o_actor USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.drafted_by IS DISTINCT FROM who.o_actor
     OR NEW.state NOT IN ({{message_draft}}, {{message_sent}})
     OR (NEW.state = {{message_sent}}
         AND (NEW.sent_by IS DISTINCT FROM who.o_actor OR NEW.sent_at IS NULL))
     OR (NEW.state = {{message_draft}} AND (NEW.sent_by IS NOT NULL OR NEW.sent_at IS NOT NULL))
  THEN
    RAISE EXCEPTION 'a message is drafted (or sent) in your own name (%)', who.o_actor
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

-- Only a draft changes: edited, sent by the connected user, or discarded. A sent message is a
-- record of what the customer was told.
CREATE OR REPLACE FUNCTION rc_guard_message() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE who record;
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'messages are never deleted (% refused)', TG_OP USING ERRCODE = '42501';
  END IF;
  SELECT * INTO who FROM rc_actor();
  IF who.o_role = {{role_system}} THEN
    RETURN NEW;
  END IF;
  IF OLD.state <> {{message_draft}}
     OR (NEW.id, NEW.case_id, NEW.drafted_by, NEW.drafted_at, NEW.direction,
         NEW.rfc_message_id, NEW.sender, NEW.mail_date)
        IS DISTINCT FROM (OLD.id, OLD.case_id, OLD.drafted_by, OLD.drafted_at, OLD.direction,
                          OLD.rfc_message_id, OLD.sender, OLD.mail_date)
     OR NEW.state NOT IN ({{message_states}}) OR NEW.state = {{message_received}}
     OR (NEW.state = {{message_sent}}
         AND (NEW.sent_by IS DISTINCT FROM who.o_actor OR NEW.sent_at IS NULL))
     OR (NEW.state <> {{message_sent}} AND (NEW.sent_by IS NOT NULL OR NEW.sent_at IS NOT NULL))
  THEN
    RAISE EXCEPTION 'message %: only a draft changes, and it is sent in your own name (%)',
      OLD.id, who.o_actor USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

-- A new answer starts unapproved, unused and in use nowhere, in its author's name.
CREATE OR REPLACE FUNCTION rc_guard_answer_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE who record;
BEGIN
  SELECT * INTO who FROM rc_actor();
  IF who.o_role <> {{role_system}} AND (
       NEW.created_by IS DISTINCT FROM who.o_actor OR NEW.in_use_version IS NOT NULL
       OR NEW.uses <> 0 OR NEW.retired_at IS NOT NULL OR NEW.retired_by IS NOT NULL) THEN
    RAISE EXCEPTION 'an answer is added as a draft in your own name (%)', who.o_actor
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

-- An answer changes only by use (the count grows), by approval of a newer version of its own
-- (the version in use moves forward), or by being retired once by an approver.
CREATE OR REPLACE FUNCTION rc_guard_answer() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE who record; v record; cur integer;
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'answers are never deleted (% refused): retire one instead', TG_OP
      USING ERRCODE = '42501';
  END IF;
  SELECT * INTO who FROM rc_actor();
  IF who.o_role = {{role_system}} THEN
    RETURN NEW;
  END IF;
  IF (NEW.id, NEW.kind, NEW.created_by, NEW.created_at)
        IS DISTINCT FROM (OLD.id, OLD.kind, OLD.created_by, OLD.created_at)
     OR NEW.uses < OLD.uses
     OR (OLD.retired_at IS NOT NULL AND (NEW.retired_at, NEW.retired_by, NEW.in_use_version)
                                         IS DISTINCT FROM
                                         (OLD.retired_at, OLD.retired_by, OLD.in_use_version))
  THEN
    RAISE EXCEPTION 'answer %: only its use count, its approved version or its retirement '
      'change' , OLD.id USING ERRCODE = '42501';
  END IF;
  IF OLD.retired_at IS NULL AND NEW.retired_at IS NOT NULL
     AND (who.o_role NOT IN ({{approver_roles}}) OR NEW.retired_by IS DISTINCT FROM who.o_actor)
  THEN
    RAISE EXCEPTION 'answers are retired by a senior specialist or above, in their own name'
      USING ERRCODE = '42501';
  END IF;
  IF NEW.in_use_version IS DISTINCT FROM OLD.in_use_version THEN
    SELECT x.answer_id, x.version, x.approved_by INTO v FROM public.answer_versions x
     WHERE x.id = NEW.in_use_version;
    SELECT x.version INTO cur FROM public.answer_versions x WHERE x.id = OLD.in_use_version;
    IF NOT FOUND AND OLD.in_use_version IS NOT NULL OR v.answer_id IS DISTINCT FROM OLD.id
       OR v.approved_by IS NULL OR v.version <= coalesce(cur, 0) THEN
      RAISE EXCEPTION 'answer %: the version in use is a newer approved version of its own',
        OLD.id USING ERRCODE = '42501';
    END IF;
  END IF;
  RETURN NEW;
END $$;

-- A version is written by its author, unapproved.
CREATE OR REPLACE FUNCTION rc_guard_answer_version_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE who record;
BEGIN
  SELECT * INTO who FROM rc_actor();
  IF who.o_role <> {{role_system}} AND (NEW.created_by IS DISTINCT FROM who.o_actor
                                        OR NEW.approved_by IS NOT NULL
                                        OR NEW.approved_at IS NOT NULL) THEN
    RAISE EXCEPTION 'an answer version is written unapproved, in your own name (%)',
      who.o_actor USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

-- Approval, once, by a senior specialist or above who did not write the version; its text
-- never changes (an edit is a new version).
CREATE OR REPLACE FUNCTION rc_guard_answer_version() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE who record;
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'answer versions are never deleted (% refused)', TG_OP
      USING ERRCODE = '42501';
  END IF;
  SELECT * INTO who FROM rc_actor();
  IF who.o_role = {{role_system}} THEN
    RETURN NEW;
  END IF;
  IF OLD.approved_by IS NOT NULL
     OR (NEW.id, NEW.answer_id, NEW.version, NEW.title, NEW.body, NEW.tags, NEW.category,
         NEW.language, NEW.created_by, NEW.created_at)
        IS DISTINCT FROM
        (OLD.id, OLD.answer_id, OLD.version, OLD.title, OLD.body, OLD.tags, OLD.category,
         OLD.language, OLD.created_by, OLD.created_at)
     OR NEW.approved_at IS NULL THEN
    RAISE EXCEPTION 'answer version %: its text never changes, and it is approved once', OLD.id
      USING ERRCODE = '42501';
  END IF;
  IF who.o_role NOT IN ({{approver_roles}}) THEN
    RAISE EXCEPTION 'answers are approved by a senior specialist or above' USING ERRCODE = '42501';
  END IF;
  IF NEW.approved_by IS DISTINCT FROM who.o_actor THEN
    RAISE EXCEPTION 'an approval is given in your own name (%)', who.o_actor
      USING ERRCODE = '42501';
  END IF;
  IF OLD.created_by = who.o_actor THEN
    RAISE EXCEPTION 'you wrote answer version %: someone else approves it (no self-approval)',
      OLD.id USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS message_templates_insert_guard ON message_templates;
CREATE TRIGGER message_templates_insert_guard BEFORE INSERT ON message_templates
  FOR EACH ROW EXECUTE FUNCTION rc_guard_template_insert();
DROP TRIGGER IF EXISTS message_templates_append_only ON message_templates;
CREATE TRIGGER message_templates_append_only BEFORE UPDATE OR DELETE ON message_templates
  FOR EACH ROW EXECUTE FUNCTION rc_refuse_record_change();
DROP TRIGGER IF EXISTS message_templates_no_truncate ON message_templates;
CREATE TRIGGER message_templates_no_truncate BEFORE TRUNCATE ON message_templates
  FOR EACH STATEMENT EXECUTE FUNCTION rc_refuse_record_change();

DROP TRIGGER IF EXISTS messages_insert_guard ON messages;
CREATE TRIGGER messages_insert_guard BEFORE INSERT ON messages
  FOR EACH ROW EXECUTE FUNCTION rc_guard_message_insert();
DROP TRIGGER IF EXISTS messages_guard ON messages;
CREATE TRIGGER messages_guard BEFORE UPDATE OR DELETE ON messages
  FOR EACH ROW EXECUTE FUNCTION rc_guard_message();
DROP TRIGGER IF EXISTS messages_no_truncate ON messages;
CREATE TRIGGER messages_no_truncate BEFORE TRUNCATE ON messages
  FOR EACH STATEMENT EXECUTE FUNCTION rc_refuse_record_change();

DROP TRIGGER IF EXISTS answers_insert_guard ON answers;
CREATE TRIGGER answers_insert_guard BEFORE INSERT ON answers
  FOR EACH ROW EXECUTE FUNCTION rc_guard_answer_insert();
DROP TRIGGER IF EXISTS answers_guard ON answers;
CREATE TRIGGER answers_guard BEFORE UPDATE OR DELETE ON answers
  FOR EACH ROW EXECUTE FUNCTION rc_guard_answer();
DROP TRIGGER IF EXISTS answers_no_truncate ON answers;
CREATE TRIGGER answers_no_truncate BEFORE TRUNCATE ON answers
  FOR EACH STATEMENT EXECUTE FUNCTION rc_refuse_record_change();

DROP TRIGGER IF EXISTS answer_versions_insert_guard ON answer_versions;
CREATE TRIGGER answer_versions_insert_guard BEFORE INSERT ON answer_versions
  FOR EACH ROW EXECUTE FUNCTION rc_guard_answer_version_insert();
DROP TRIGGER IF EXISTS answer_versions_guard ON answer_versions;
CREATE TRIGGER answer_versions_guard BEFORE UPDATE OR DELETE ON answer_versions
  FOR EACH ROW EXECUTE FUNCTION rc_guard_answer_version();
DROP TRIGGER IF EXISTS answer_versions_no_truncate ON answer_versions;
CREATE TRIGGER answer_versions_no_truncate BEFORE TRUNCATE ON answer_versions
  FOR EACH STATEMENT EXECUTE FUNCTION rc_refuse_record_change();
