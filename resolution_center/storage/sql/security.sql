-- The security boundary's base (storage/pg_security.py): rc_actor, the append-only trail and
-- chain head, and the guards over agreements, offers and remedies bound by an agreement.

CREATE OR REPLACE FUNCTION rc_actor(OUT o_actor text, OUT o_role text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  SELECT u.username, u.role INTO o_actor, o_role FROM public.users u
   WHERE u.username = session_user AND NOT u.disabled;
  IF FOUND THEN RETURN; END IF;
  IF session_user = (SELECT pg_get_userbyid(d.datdba) FROM pg_database d
                      WHERE d.datname = current_database())
     OR (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = session_user) THEN
    o_actor := {{role_system}}; o_role := {{role_system}}; RETURN;
  END IF;
  RAISE EXCEPTION 'role % is not an active Resolution Center user', session_user
    USING ERRCODE = '28000';
END $$;

-- rc_append_event and rc_append_events: vouch.sql (with the rows' images).

CREATE OR REPLACE FUNCTION rc_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = '42501';
END $$;

CREATE OR REPLACE FUNCTION rc_guard_chain_head() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'the chain head cannot be removed' USING ERRCODE = '42501';
  END IF;
  IF NEW.seq < OLD.seq OR NOT EXISTS (SELECT 1 FROM public.audit_events e
                                      WHERE e.seq = NEW.seq AND e.hash = NEW.hash) THEN
    RAISE EXCEPTION 'the chain head may only move forward to an existing event'
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION rc_refuse_change();
DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events;
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION rc_refuse_change();
DROP TRIGGER IF EXISTS chain_head_guard ON chain_head;
CREATE TRIGGER chain_head_guard BEFORE UPDATE OR DELETE ON chain_head
  FOR EACH ROW EXECUTE FUNCTION rc_guard_chain_head();
DROP TRIGGER IF EXISTS chain_head_no_truncate ON chain_head;
CREATE TRIGGER chain_head_no_truncate BEFORE TRUNCATE ON chain_head
  FOR EACH STATEMENT EXECUTE FUNCTION rc_refuse_change();

-- ---- agreements (schema step 3) --------------------------------------------------------------
-- An issued agreement version is a record: its stored value, content hash and chain position
-- never change, rows are never deleted, and the state only moves forward (draft -> issued |
-- voided, issued -> superseded | voided). Enforced for every role, the owner included.
CREATE OR REPLACE FUNCTION rc_guard_agreement() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'agreements are never deleted (% refused): void them instead', TG_OP
      USING ERRCODE = '42501';
  END IF;
  IF NEW.id <> OLD.id OR NEW.number <> OLD.number OR NEW.version <> OLD.version
     OR NEW.case_id <> OLD.case_id OR NEW.offer_id <> OLD.offer_id
     OR NEW.created_at <> OLD.created_at OR NEW.created_by <> OLD.created_by THEN
    RAISE EXCEPTION 'agreement %: its number, version, case and offer cannot change', OLD.number
      USING ERRCODE = '42501';
  END IF;
  IF OLD.state = {{agreement_draft}} THEN
    IF NEW.state = {{agreement_issued}} AND NOT EXISTS (
         SELECT 1 FROM public.audit_events e
          WHERE e.seq = NEW.chain_seq AND e.hash = NEW.chain_hash
            AND e.action = {{action_agreement_issued}} AND e.target_id = NEW.number) THEN
      RAISE EXCEPTION 'agreement % can only be issued together with its issue event', OLD.number
        USING ERRCODE = '42501';
    END IF;
    IF NEW.state = {{agreement_superseded}} THEN
      RAISE EXCEPTION 'a draft cannot be superseded' USING ERRCODE = '42501';
    END IF;
  ELSE
    IF NEW.value IS DISTINCT FROM OLD.value OR NEW.content_hash IS DISTINCT FROM OLD.content_hash
       OR NEW.issued_at IS DISTINCT FROM OLD.issued_at
       OR NEW.issued_by IS DISTINCT FROM OLD.issued_by
       OR NEW.chain_seq IS DISTINCT FROM OLD.chain_seq
       OR NEW.chain_hash IS DISTINCT FROM OLD.chain_hash THEN
      RAISE EXCEPTION 'agreement % version % is % and cannot be changed: issue a new version',
        OLD.number, OLD.version, OLD.state USING ERRCODE = '42501';
    END IF;
    IF NEW.state = OLD.state THEN
      IF NEW.void_reason IS DISTINCT FROM OLD.void_reason
         OR NEW.superseded_by_version IS DISTINCT FROM OLD.superseded_by_version THEN
        RAISE EXCEPTION 'agreement % version % is % and cannot be changed', OLD.number,
          OLD.version, OLD.state USING ERRCODE = '42501';
      END IF;
      RETURN NEW;
    END IF;
    IF OLD.state <> {{agreement_issued}}
       OR NEW.state NOT IN ({{agreement_superseded}}, {{agreement_voided}}) THEN
      RAISE EXCEPTION 'agreement % version % cannot go from % to %', OLD.number, OLD.version,
        OLD.state, NEW.state USING ERRCODE = '42501';
    END IF;
  END IF;
  IF NEW.state = {{agreement_superseded}} AND (NEW.superseded_by_version IS NULL
                                   OR NEW.superseded_by_version <= OLD.version) THEN
    RAISE EXCEPTION 'a superseded agreement names a later version' USING ERRCODE = '42501';
  END IF;
  IF NEW.state = {{agreement_voided}} AND btrim(NEW.void_reason) = '' THEN
    RAISE EXCEPTION 'an agreement is voided only with a reason' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION rc_refuse_record_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is a record: % is refused', TG_TABLE_NAME, TG_OP USING ERRCODE = '42501';
END $$;

-- An answered offer is history: only an open offer may change, and only to its answer, given
-- by a party it was made to (its response_due names them), or taken back by the party that
-- made it (domain/offer.py offer_refusal), recorded in the connected user's own name.
CREATE OR REPLACE FUNCTION rc_guard_offer() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE who record;
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'offers are never deleted' USING ERRCODE = '42501';
  END IF;
  IF OLD.state <> {{offer_open}} OR NEW.terms IS DISTINCT FROM OLD.terms
     OR NEW.response_due IS DISTINCT FROM OLD.response_due OR NEW.case_id <> OLD.case_id
     OR NEW.reference <> OLD.reference OR NEW.round <> OLD.round
     OR NEW.parent_id IS DISTINCT FROM OLD.parent_id
     OR NEW.proposed_by_party <> OLD.proposed_by_party
     OR NEW.recorded_by <> OLD.recorded_by OR NEW.created_at <> OLD.created_at THEN
    RAISE EXCEPTION 'offer % is % and cannot be changed', OLD.reference, OLD.state
      USING ERRCODE = '42501';
  END IF;
  IF NEW.state = {{offer_withdrawn}} THEN
    IF NEW.answered_by_party IS DISTINCT FROM OLD.proposed_by_party THEN
      RAISE EXCEPTION 'only the %, who made offer %, withdraws it', OLD.proposed_by_party,
        OLD.reference USING ERRCODE = '42501';
    END IF;
  ELSIF NEW.state IN ({{offer_accepted}}, {{offer_declined}}, {{offer_countered}}) THEN
    IF NEW.answered_by_party IS NULL
       OR NOT (OLD.response_due::jsonb ? NEW.answered_by_party) THEN
      RAISE EXCEPTION 'the % does not answer offer %: it is made to %',
        coalesce(NEW.answered_by_party, 'nobody'), OLD.reference, OLD.response_due
        USING ERRCODE = '42501';
    END IF;
  ELSE
    RAISE EXCEPTION 'offer % is answered, not left %', OLD.reference, NEW.state
      USING ERRCODE = '42501';
  END IF;
  IF NEW.answered_at IS NULL THEN
    RAISE EXCEPTION 'offer %: an answer has its time', OLD.reference USING ERRCODE = '42501';
  END IF;
  SELECT * INTO who FROM rc_actor();
  IF who.o_role <> {{role_system}} AND NEW.answer_recorded_by IS DISTINCT FROM who.o_actor THEN
    RAISE EXCEPTION 'an answer is recorded in your own name (%)', who.o_actor
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

-- A new offer is open and unanswered, not made to the party making it, and recorded in the
-- connected user's own name (restores, run by the owner as system, keep the original rows).
CREATE OR REPLACE FUNCTION rc_guard_offer_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE who record;
BEGIN
  SELECT * INTO who FROM rc_actor();
  IF who.o_role = {{role_system}} THEN
    RETURN NEW;
  END IF;
  IF NEW.state <> {{offer_open}} OR NEW.answered_at IS NOT NULL
     OR NEW.answered_by_party IS NOT NULL OR NEW.answered_via IS NOT NULL
     OR NEW.answer_recorded_by IS NOT NULL OR NEW.recorded_by IS DISTINCT FROM who.o_actor
     OR NEW.response_due::jsonb ? NEW.proposed_by_party THEN
    RAISE EXCEPTION 'an offer is recorded open, in your own name (%), to other parties',
      who.o_actor USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

-- A remedy named by an agreement keeps its terms; it may still be fulfilled, and withdrawn
-- once no draft or issued version of that agreement is left.
CREATE OR REPLACE FUNCTION rc_guard_frozen_remedy() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.frozen_by IS NULL THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' OR NEW.frozen_by IS DISTINCT FROM OLD.frozen_by
     OR NEW.amount_minor <> OLD.amount_minor OR NEW.currency <> OLD.currency
     OR NEW.kind <> OLD.kind OR NEW.lines <> OLD.lines OR NEW.case_id <> OLD.case_id
     OR (NEW.state <> OLD.state AND NEW.state <> {{state_fulfilled}}
         AND NOT (NEW.state = {{state_withdrawn}} AND NOT EXISTS (
               SELECT 1 FROM public.agreements a WHERE a.number = OLD.frozen_by
                  AND a.state IN ({{agreements_in_force}})))) THEN
    RAISE EXCEPTION 'remedy % is bound by agreement %: its terms cannot change',
      OLD.reference, OLD.frozen_by USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

-- Bind the remedies an agreement names to it, as the agreement is issued. App roles may not
-- write remedies; this checks what it binds: the agreement's own case, authorized or approved,
-- not bound by another agreement, and appends each one's remedy.frozen event.
CREATE OR REPLACE FUNCTION rc_freeze_remedies(agreement_number text, remedy_ids bigint[])
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  who record; v_case bigint; bad record; v_time text; v_frozen bigint[]; f record;
BEGIN
  SELECT * INTO who FROM rc_actor();
  IF agreement_number IS NULL OR coalesce(cardinality(remedy_ids), 0) = 0 THEN
    RAISE EXCEPTION 'name the agreement and at least one remedy' USING ERRCODE = 'RC003';
  END IF;
  SELECT a.case_id INTO v_case FROM public.agreements a
   WHERE a.number = agreement_number AND a.state = {{agreement_draft}}
   ORDER BY a.version DESC LIMIT 1;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'agreement % has no draft being issued', agreement_number
      USING ERRCODE = 'RC003';
  END IF;
  PERFORM 1 FROM public.remedies r WHERE r.id = ANY(remedy_ids) ORDER BY r.id FOR UPDATE;
  IF (SELECT count(*) FROM public.remedies r WHERE r.id = ANY(remedy_ids))
     <> (SELECT count(DISTINCT x) FROM unnest(remedy_ids) AS x) THEN
    RAISE EXCEPTION 'agreement %: a remedy it names does not exist', agreement_number
      USING ERRCODE = 'RC003';
  END IF;
  SELECT r.reference, r.state, r.frozen_by, r.case_id INTO bad FROM public.remedies r
   WHERE r.id = ANY(remedy_ids)
     AND (r.case_id <> v_case OR r.state NOT IN ({{may_fulfil}})
          OR (r.frozen_by IS NOT NULL AND r.frozen_by <> agreement_number))
   ORDER BY r.id LIMIT 1;
  IF FOUND THEN
    IF bad.case_id <> v_case THEN
      RAISE EXCEPTION 'remedy % belongs to another case than agreement %', bad.reference,
        agreement_number USING ERRCODE = 'RC003';
    ELSIF bad.state NOT IN ({{may_fulfil}}) THEN
      RAISE EXCEPTION 'remedy % is %, not authorized or approved', bad.reference, bad.state
        USING ERRCODE = 'RC003';
    END IF;
    RAISE EXCEPTION 'remedy % is already bound by agreement %', bad.reference, bad.frozen_by
      USING ERRCODE = 'RC003';
  END IF;
  v_time := to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
  WITH u AS (UPDATE public.remedies r SET frozen_by = agreement_number, version = r.version + 1,
                    updated_at = v_time, updated_by = who.o_actor
              WHERE r.id = ANY(remedy_ids) AND r.frozen_by IS NULL RETURNING r.id)
  SELECT coalesce(array_agg(u.id), '{}') INTO v_frozen FROM u;
  -- remedy.frozen, one per remedy bound now, in the order named, with the remedy's image
  -- (canonical JSON: the same bytes the SQLite path writes).
  FOR f IN SELECT r.id, r.reference, c.reference AS case_reference
             FROM (SELECT x.id, min(x.o) AS o FROM unnest(remedy_ids) WITH ORDINALITY x(id, o)
                    GROUP BY x.id) x
             JOIN public.remedies r ON r.id = x.id JOIN public.cases c ON c.id = r.case_id
            WHERE r.id = ANY(v_frozen) ORDER BY x.o LOOP
    PERFORM public.rc_chain_append(who.o_actor, who.o_role, {{action_remedy_frozen}}, 'remedy',
      f.reference, v_case, format('{"agreement":%s,"case":%s,"reference":%s}',
        to_json(agreement_number)::text, to_json(f.case_reference)::text,
        to_json(f.reference)::text),
      ARRAY['remedies'], ARRAY[f.id::text]);
  END LOOP;
  RETURN cardinality(v_frozen);
END $$;

DROP TRIGGER IF EXISTS agreements_guard ON agreements;
CREATE TRIGGER agreements_guard BEFORE UPDATE OR DELETE ON agreements
  FOR EACH ROW EXECUTE FUNCTION rc_guard_agreement();
DROP TRIGGER IF EXISTS agreements_no_truncate ON agreements;
CREATE TRIGGER agreements_no_truncate BEFORE TRUNCATE ON agreements
  FOR EACH STATEMENT EXECUTE FUNCTION rc_refuse_record_change();
DROP TRIGGER IF EXISTS agreement_exports_append_only ON agreement_exports;
CREATE TRIGGER agreement_exports_append_only BEFORE UPDATE OR DELETE ON agreement_exports
  FOR EACH ROW EXECUTE FUNCTION rc_refuse_record_change();
DROP TRIGGER IF EXISTS agreement_exports_no_truncate ON agreement_exports;
CREATE TRIGGER agreement_exports_no_truncate BEFORE TRUNCATE ON agreement_exports
  FOR EACH STATEMENT EXECUTE FUNCTION rc_refuse_record_change();
DROP TRIGGER IF EXISTS offers_guard ON offers;
CREATE TRIGGER offers_guard BEFORE UPDATE OR DELETE ON offers
  FOR EACH ROW EXECUTE FUNCTION rc_guard_offer();
DROP TRIGGER IF EXISTS offers_insert_guard ON offers;
CREATE TRIGGER offers_insert_guard BEFORE INSERT ON offers
  FOR EACH ROW EXECUTE FUNCTION rc_guard_offer_insert();
DROP TRIGGER IF EXISTS remedies_frozen_guard ON remedies;
CREATE TRIGGER remedies_frozen_guard BEFORE UPDATE OR DELETE ON remedies
  FOR EACH ROW EXECUTE FUNCTION rc_guard_frozen_remedy();
