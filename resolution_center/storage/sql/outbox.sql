-- The outbox (storage/pg_outbox.py), schema step 16.
-- Restores and set-up, run by the owner as `system`, keep the rows they are given; `system` is
-- also who delivers from cron (`outbox deliver`).

-- Mail is queued by whoever sent its message, in their own name, as a fresh row: nobody
-- inserts mail that claims to have been delivered or tried.
CREATE OR REPLACE FUNCTION rc_guard_outbox_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE who record; m record;
BEGIN
  SELECT * INTO who FROM rc_actor();
  IF who.o_role = {{role_system}} THEN
    RETURN NEW;
  END IF;
  SELECT x.case_id, x.state, x.sent_by INTO m FROM public.messages x WHERE x.id = NEW.message_id;
  IF NEW.queued_by IS DISTINCT FROM who.o_actor OR NEW.state <> {{outbox_queued}}
     OR NEW.attempts <> 0 OR NEW.last_answer IS NOT NULL
     OR NEW.delivered_at IS NOT NULL OR NEW.delivered_by IS NOT NULL
     OR m.state IS DISTINCT FROM {{message_sent}} OR m.sent_by IS DISTINCT FROM who.o_actor
     OR m.case_id IS DISTINCT FROM NEW.case_id
  THEN
    RAISE EXCEPTION 'mail is queued for a message you sent, untried, in your own name (%)',
      who.o_actor USING ERRCODE = '42501';
  END IF;
  -- ...to the case's customer, with the case's own evidence: an administrator's pass must not
  -- mail another case's files, or mail from the team's address to anyone a user names.
  IF NEW.to_address IS DISTINCT FROM
       (SELECT btrim(c.customer_email) FROM public.cases c WHERE c.id = NEW.case_id)
     OR EXISTS (
       SELECT 1 FROM unnest(string_to_array(NULLIF(NEW.attachments, ''), ',')) AS a(id)
       WHERE NOT EXISTS (SELECT 1 FROM public.attachments t
                         WHERE t.id::text = a.id AND t.case_id = NEW.case_id))
  THEN
    RAISE EXCEPTION 'mail is queued to the case''s customer with the case''s evidence only (%)',
      who.o_actor USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

-- What a mail says never changes, a delivered mail never changes, nothing is deleted. Any user
-- may retry mail that is waiting (due now, attempts kept); only a deliverer (an administrator)
-- records how an attempt went, each attempt counted once (claims: outbox_claims, admins only).
CREATE OR REPLACE FUNCTION rc_guard_outbox() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE who record; deliverer boolean;
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'mail is never removed from the outbox (% refused)', TG_OP
      USING ERRCODE = '42501';
  END IF;
  SELECT * INTO who FROM rc_actor();
  IF who.o_role = {{role_system}} THEN
    RETURN NEW;
  END IF;
  IF OLD.state = {{outbox_delivered}} THEN
    RAISE EXCEPTION 'mail % was delivered: it never changes again', OLD.id
      USING ERRCODE = '42501';
  END IF;
  IF (NEW.id, NEW.message_id, NEW.case_id, NEW.mail_id, NEW.in_reply_to, NEW.thread,
      NEW.to_name, NEW.to_address, NEW.subject, NEW.attachments, NEW.queued_by, NEW.queued_at)
     IS DISTINCT FROM
     (OLD.id, OLD.message_id, OLD.case_id, OLD.mail_id, OLD.in_reply_to, OLD.thread,
      OLD.to_name, OLD.to_address, OLD.subject, OLD.attachments, OLD.queued_by, OLD.queued_at)
  THEN
    RAISE EXCEPTION 'mail %: what it says is fixed when it is queued', OLD.id
      USING ERRCODE = '42501';
  END IF;
  deliverer := who.o_role IN ({{deliverer_roles}});
  -- a retry: waiting mail made due again, nothing else
  IF NEW.state = {{outbox_queued}} AND NEW.attempts = OLD.attempts
     AND NEW.last_answer IS NOT DISTINCT FROM OLD.last_answer
     AND NEW.delivered_at IS NULL AND NEW.delivered_by IS NULL
  THEN
    RETURN NEW;
  END IF;
  IF NOT deliverer THEN
    RAISE EXCEPTION 'mail %: deliveries are recorded by the delivery service (an administrator '
      'or the system), not by %', OLD.id, who.o_actor USING ERRCODE = '42501';
  END IF;
  -- an attempt's outcome: counted once, delivered in the deliverer's own name
  IF NEW.attempts <> OLD.attempts + 1 OR NEW.last_answer IS NULL
     OR (NEW.state = {{outbox_delivered}}
         AND (NEW.delivered_by IS DISTINCT FROM who.o_actor OR NEW.delivered_at IS NULL))
     OR (NEW.state <> {{outbox_delivered}}
         AND (NEW.delivered_by IS NOT NULL OR NEW.delivered_at IS NOT NULL))
  THEN
    RAISE EXCEPTION 'mail %: an attempt is counted once, with the server''s answer, and '
      'delivered in your own name (%)', OLD.id, who.o_actor USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS outbox_insert_guard ON outbox;
CREATE TRIGGER outbox_insert_guard BEFORE INSERT ON outbox
  FOR EACH ROW EXECUTE FUNCTION rc_guard_outbox_insert();
DROP TRIGGER IF EXISTS outbox_guard ON outbox;
CREATE TRIGGER outbox_guard BEFORE UPDATE OR DELETE ON outbox
  FOR EACH ROW EXECUTE FUNCTION rc_guard_outbox();
DROP TRIGGER IF EXISTS outbox_no_truncate ON outbox;
CREATE TRIGGER outbox_no_truncate BEFORE TRUNCATE ON outbox
  FOR EACH STATEMENT EXECUTE FUNCTION rc_refuse_record_change();
