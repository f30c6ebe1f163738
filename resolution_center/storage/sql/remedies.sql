-- Remedy authorization's guard functions (storage/pg_remedies.py): the only write path to
-- remedies and sign-offs. Values in double braces come from the domain's enums.

CREATE OR REPLACE FUNCTION rc_ts(p timestamp) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog AS $$
  SELECT to_char(p, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

-- rc_chain_append (one event, with the images of the rows it names): vouch.sql.

-- The app writes the event's explanation (the domain's words); the facts in it must be the
-- ones stored, so a client cannot record one thing and claim another in the trail.
-- The rows named are those the change wrote: the event carries their images (event format 2).
DROP FUNCTION IF EXISTS rc_remedy_event(text, text, text, text, bigint, text, jsonb);
CREATE OR REPLACE FUNCTION rc_remedy_event(p_actor text, p_role text, p_action text,
    p_reference text, p_case_id bigint, p_data text, p_facts jsonb, p_row_tables text[],
    p_row_keys text[]) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF p_data IS NULL OR NOT (p_data::jsonb @> p_facts) THEN
    RAISE EXCEPTION 'the event does not state what was stored (expected %)', p_facts::text
      USING ERRCODE = 'RC003';
  END IF;
  PERFORM public.rc_chain_append(p_actor, p_role, p_action, 'remedy', p_reference, p_case_id,
                                 p_data, p_row_tables, p_row_keys);
END $$;

CREATE OR REPLACE FUNCTION rc_person(OUT o_actor text, OUT o_role text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  SELECT a.o_actor, a.o_role INTO o_actor, o_role FROM public.rc_actor() a;
  IF o_role = {{role_system}} THEN
    RAISE EXCEPTION 'remedies are handled by people: connect as your own user'
      USING ERRCODE = '42501';
  END IF;
END $$;

CREATE OR REPLACE FUNCTION rc_policy_in_force(p_claimed integer) RETURNS integer
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE v integer;
BEGIN
  SELECT max(version) INTO v FROM public.policies;
  IF v IS NULL THEN
    RAISE EXCEPTION 'no remedy policy is loaded' USING ERRCODE = 'RC002';
  END IF;
  IF p_claimed IS DISTINCT FROM v THEN
    RAISE EXCEPTION 'policy v% is in force, not v%: evaluate the remedy again', v, p_claimed
      USING ERRCODE = 'RC001';
  END IF;
  RETURN v;
END $$;

-- A role's authority as domain.policy computes it (rules R3 and R4): the most specific scope
-- ('category/sub', then 'category', then '*'), an absolute limit and a percent of the order.
CREATE OR REPLACE FUNCTION rc_authority_covers(p_version integer, p_role text, p_kind text,
    p_currency text, p_category text, p_subcategory text, p_order_minor bigint,
    p_amount bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT coalesce((
    SELECT p_amount <= a.limit_minor
           AND (a.percent IS NULL
                OR p_amount <= floor(p_order_minor::numeric * a.percent / 100))
      FROM public.policy_authority a
     WHERE a.policy_version = p_version AND a.role = p_role AND a.kind = p_kind
       AND a.currency = p_currency
       AND a.scope IN ('*', p_category, p_category || '/' || nullif(p_subcategory, ''))
     ORDER BY CASE a.scope WHEN '*' THEN 2 WHEN p_category THEN 1 ELSE 0 END
     LIMIT 1), false)
$$;

-- R7 and R8: remedies in cap-counting states, requested in the window, plus this amount.
CREATE OR REPLACE FUNCTION rc_check_caps(p_version integer, p_customer bigint, p_case bigint,
    p_currency text, p_amount bigint, p_exclude bigint, p_now timestamp) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE k record; v_since text; v_case bigint; v_customer bigint;
BEGIN
  SELECT * INTO k FROM public.policy_caps c
   WHERE c.policy_version = p_version AND c.currency = p_currency;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'refused: policy v% has no limits for % (rule R1)', p_version, p_currency
      USING ERRCODE = 'RC002';
  END IF;
  v_since := public.rc_ts(p_now - make_interval(days => k.window_days));
  SELECT coalesce(sum(r.amount_minor) FILTER (WHERE r.case_id = p_case), 0),
         coalesce(sum(r.amount_minor), 0)
    INTO v_case, v_customer
    FROM public.remedies r
   WHERE r.customer_id = p_customer AND r.currency = p_currency
     AND r.state IN ({{counts_toward_caps}})
     AND r.created_at > v_since AND r.id IS DISTINCT FROM p_exclude;
  IF v_case + p_amount > k.case_cap_minor THEN
    RAISE EXCEPTION 'refused: the case''s remedies in the last % days (% + % minor units %) '
      'exceed the case cap of % (rule R7)', k.window_days, v_case, p_amount, p_currency,
      k.case_cap_minor USING ERRCODE = 'RC002';
  END IF;
  IF v_customer + p_amount > k.customer_cap_minor THEN
    RAISE EXCEPTION 'refused: the customer''s remedies in the last % days (% + % minor units %) '
      'exceed the customer cap of % (rule R8)', k.window_days, v_customer, p_amount, p_currency,
      k.customer_cap_minor USING ERRCODE = 'RC002';
  END IF;
END $$;

-- The refusing rules (R1, R2, R5, R6, R7, R8) and the order lines, for a remedy's terms; returns
-- how many sign-offs they need from this role (0: within its own authority, R3/R4/R9).
CREATE OR REPLACE FUNCTION rc_check_remedy(p_case_id bigint, p_kind text, p_amount bigint,
    p_currency text, p_lines text, p_role text, p_version integer, p_exclude bigint,
    p_now timestamp, OUT o_needed integer, OUT o_expiry_days integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE c record; k record; v_lines integer[]; v_known integer; v_value bigint;
BEGIN
  SELECT id, customer_id, currency, order_total_minor, shipping_minor, category, subcategory
    INTO c FROM public.cases WHERE id = p_case_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no case with id %', p_case_id USING ERRCODE = 'RC003';
  END IF;
  IF p_currency IS DISTINCT FROM c.currency THEN
    RAISE EXCEPTION 'the remedy is in % but the order is in %; amounts are never converted',
      p_currency, c.currency USING ERRCODE = 'RC003';
  END IF;
  IF p_amount IS NULL OR p_amount <= 0 THEN
    RAISE EXCEPTION 'a remedy amount must be more than zero' USING ERRCODE = 'RC003';
  END IF;
  IF p_lines IS NULL OR p_lines !~ '^([1-9][0-9]{0,5}(,[1-9][0-9]{0,5})*)?$' THEN
    RAISE EXCEPTION 'order lines must be line numbers separated by commas, not %', p_lines
      USING ERRCODE = 'RC003';
  END IF;
  v_lines := CASE WHEN p_lines = '' THEN ARRAY[]::integer[]
                  ELSE string_to_array(p_lines, ',')::integer[] END;
  SELECT count(*) INTO v_known FROM public.order_items i
   WHERE i.case_id = p_case_id AND i.line_no = ANY (v_lines);
  IF v_known <> cardinality(v_lines) THEN
    RAISE EXCEPTION 'order lines % are not all lines of this order (or repeat)', p_lines
      USING ERRCODE = 'RC003';
  END IF;
  IF p_kind IN ({{replacement_kinds}}) THEN
    SELECT coalesce(sum(i.quantity::bigint * i.unit_price_minor), 0) INTO v_value
      FROM public.order_items i
     WHERE i.case_id = p_case_id AND (cardinality(v_lines) = 0 OR i.line_no = ANY (v_lines));
    IF p_amount <> v_value THEN
      RAISE EXCEPTION 'a replacement is valued at the covered items'' price (% minor units), '
        'not %', v_value, p_amount USING ERRCODE = 'RC002';
    END IF;
  END IF;
  SELECT * INTO k FROM public.policy_caps pc
   WHERE pc.policy_version = p_version AND pc.currency = p_currency;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'refused: policy v% has no limits for % (rule R1)', p_version, p_currency
      USING ERRCODE = 'RC002';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM public.policy_authority a
                  WHERE a.policy_version = p_version AND a.role = p_role) THEN
    RAISE EXCEPTION 'refused: % is not ranked in policy v% (rule R2)', p_role, p_version
      USING ERRCODE = 'RC002';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM (SELECT DISTINCT a.role FROM public.policy_authority a
                                 WHERE a.policy_version = p_version) r
                  WHERE public.rc_authority_covers(p_version, r.role, p_kind, p_currency,
                          c.category, c.subcategory, c.order_total_minor, p_amount)) THEN
    RAISE EXCEPTION 'refused: no role may authorize % minor units % of %', p_amount,
      p_currency, p_kind USING ERRCODE = 'RC002';
  END IF;
  IF p_amount > c.order_total_minor + c.shipping_minor
     AND NOT (p_kind = {{kind_goodwill_gesture}} AND p_amount <= k.goodwill_minor) THEN
    RAISE EXCEPTION 'refused: % minor units is more than the order and its shipping (rule R6)',
      p_amount USING ERRCODE = 'RC002';
  END IF;
  PERFORM public.rc_check_caps(p_version, c.customer_id, p_case_id, p_currency, p_amount,
                               p_exclude, p_now);
  o_needed := CASE
    WHEN p_amount > k.dual_above_minor THEN 2
    WHEN NOT public.rc_authority_covers(p_version, p_role, p_kind, p_currency, c.category,
                                        c.subcategory, c.order_total_minor, p_amount) THEN 1
    ELSE 0 END;
  o_expiry_days := k.pending_expiry_days;
END $$;

-- 'authorized' only within the requester's own authority; otherwise the sign-offs it needs.
CREATE OR REPLACE FUNCTION rc_check_state(p_state text, p_claimed integer, p_needed integer,
    p_role text) RETURNS void
LANGUAGE plpgsql IMMUTABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF p_state IS NULL
     OR p_state NOT IN ({{state_authorized}}, {{state_pending_signoff}}) THEN
    RAISE EXCEPTION 'a remedy is stored authorized or pending sign-off, not %', p_state
      USING ERRCODE = 'RC002';
  END IF;
  IF p_state = {{state_authorized}} AND p_needed > 0 THEN
    RAISE EXCEPTION 'refused: this is beyond what % may authorize alone; it needs % sign-off(s) '
      '(rules R3, R4, R9)', p_role, p_needed USING ERRCODE = 'RC002';
  END IF;
  IF (p_state = {{state_authorized}} AND p_claimed IS DISTINCT FROM 0)
     OR (p_state = {{state_pending_signoff}}
         AND (p_claimed IS NULL OR p_claimed < greatest(p_needed, 1) OR p_claimed > 2)) THEN
    RAISE EXCEPTION 'refused: this remedy needs % sign-off(s), not %', p_needed, p_claimed
      USING ERRCODE = 'RC002';
  END IF;
END $$;

CREATE OR REPLACE FUNCTION rc_check_decision(p_decision text, p_kind text, p_amount bigint,
    p_currency text, p_version integer, p_needed integer) RETURNS void
LANGUAGE plpgsql IMMUTABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF p_decision IS NULL OR NOT (p_decision::jsonb @> jsonb_build_object('kind', p_kind,
       'amount', jsonb_build_object('minor', p_amount, 'currency', p_currency),
       'policy_version', p_version, 'approvals_needed', p_needed)) THEN
    RAISE EXCEPTION 'the decision does not belong to this remedy' USING ERRCODE = 'RC003';
  END IF;
END $$;

-- Customer row first, then the remedy row: the one lock order of every remedy change.
CREATE OR REPLACE FUNCTION rc_lock_remedy(p_remedy_id bigint) RETURNS public.remedies
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE v_customer bigint; r public.remedies;
BEGIN
  SELECT customer_id INTO v_customer FROM public.remedies WHERE id = p_remedy_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no remedy with id %', p_remedy_id USING ERRCODE = 'RC003';
  END IF;
  PERFORM 1 FROM public.customers WHERE id = v_customer FOR UPDATE;
  SELECT * INTO r FROM public.remedies WHERE id = p_remedy_id FOR UPDATE;
  RETURN r;
END $$;

CREATE OR REPLACE FUNCTION rc_when(p text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
  SELECT replace(replace(p, 'T', ' '), 'Z', ' UTC')
$$;

CREATE OR REPLACE FUNCTION rc_propose_remedy(p_reference text, p_case_id bigint, p_kind text,
    p_amount bigint, p_currency text, p_lines text, p_reason text, p_state text,
    p_policy_version integer, p_decision text, p_approvals_needed integer, p_event text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  who record; v_now timestamp := now() AT TIME ZONE 'UTC'; v_customer bigint; chk record;
  v_id bigint; v_expires text;
BEGIN
  SELECT * INTO who FROM public.rc_person();
  SELECT customer_id INTO v_customer FROM public.cases WHERE id = p_case_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no case with id %', p_case_id USING ERRCODE = 'RC003';
  END IF;
  PERFORM 1 FROM public.customers WHERE id = v_customer FOR UPDATE;
  IF p_reference IS NULL OR p_reference !~ '^RM-[0-9]{6}$'
     OR substr(p_reference, 4)::integer >
        coalesce((SELECT value FROM public.counters WHERE name = 'remedy'), 0) THEN
    RAISE EXCEPTION 'remedy references come from the remedy counter, not %', p_reference
      USING ERRCODE = 'RC003';
  END IF;
  IF coalesce(btrim(p_reason), '') = '' THEN
    RAISE EXCEPTION 'a remedy needs a reason' USING ERRCODE = 'RC003';
  END IF;
  PERFORM public.rc_policy_in_force(p_policy_version);
  SELECT * INTO chk FROM public.rc_check_remedy(p_case_id, p_kind, p_amount, p_currency,
                                                p_lines, who.o_role, p_policy_version, NULL,
                                                v_now);
  PERFORM public.rc_check_state(p_state, p_approvals_needed, chk.o_needed, who.o_role);
  PERFORM public.rc_check_decision(p_decision, p_kind, p_amount, p_currency, p_policy_version,
                                   p_approvals_needed);
  IF p_state = {{state_pending_signoff}} THEN
    v_expires := public.rc_ts(v_now + make_interval(days => chk.o_expiry_days));
  END IF;
  INSERT INTO public.remedies (reference, case_id, customer_id, kind, amount_minor, currency,
      lines, reason, state, requester, requester_role, policy_version, decision,
      approvals_needed, created_at, updated_at, updated_by, expires_at, frozen_by, version)
  VALUES (p_reference, p_case_id, v_customer, p_kind, p_amount, p_currency, p_lines, p_reason,
      p_state, who.o_actor, who.o_role, p_policy_version, p_decision, p_approvals_needed,
      public.rc_ts(v_now), public.rc_ts(v_now), who.o_actor, v_expires, NULL, 1)
  RETURNING id INTO v_id;
  PERFORM public.rc_remedy_event(who.o_actor, who.o_role, {{action_remedy_proposed}}, p_reference,
    p_case_id, p_event, jsonb_build_object('reference', p_reference, 'state', p_state,
      'kind', p_kind, 'amount', jsonb_build_object('minor', p_amount, 'currency', p_currency),
      'policy_version', p_policy_version),
    ARRAY['counters', 'remedies'], ARRAY['remedy', v_id::text]);
  RETURN v_id;
END $$;

CREATE OR REPLACE FUNCTION rc_decide_remedy(p_remedy_id bigint, p_verdict text, p_note text,
    p_policy_version integer, p_detail text, p_event text) RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  who record; v_now timestamp := now() AT TIME ZONE 'UTC'; r record; c record;
  v_count integer; v_state text; v_action text; v_signoff bigint;
BEGIN
  SELECT * INTO who FROM public.rc_person();
  SELECT * INTO r FROM public.rc_lock_remedy(p_remedy_id);
  IF r.state NOT IN ({{may_sign_off}}) THEN
    RAISE EXCEPTION '% was already decided by % at % (%)', r.reference, r.updated_by,
      public.rc_when(r.updated_at), r.state USING ERRCODE = 'RC001';
  END IF;
  IF lower(who.o_actor) = lower(r.requester) THEN
    RAISE EXCEPTION 'refused: % requested % and may not approve it, whatever their role '
      '(rule S2)', who.o_actor, r.reference USING ERRCODE = 'RC002';
  END IF;
  IF EXISTS (SELECT 1 FROM public.remedy_signoffs s WHERE s.remedy_id = r.id AND NOT s.void
              AND lower(s.approver) = lower(who.o_actor)) THEN
    RAISE EXCEPTION 'refused: % has already signed off %; another approver must sign '
      '(rule S3)', who.o_actor, r.reference USING ERRCODE = 'RC002';
  END IF;
  IF r.expires_at <= public.rc_ts(v_now) THEN
    RAISE EXCEPTION '% expired at %: nobody signed off in time', r.reference,
      public.rc_when(r.expires_at) USING ERRCODE = 'RC002';
  END IF;
  IF p_verdict IS NULL OR p_verdict NOT IN ({{verdicts}}) THEN
    RAISE EXCEPTION 'a sign-off approves or rejects, not %', p_verdict USING ERRCODE = 'RC003';
  END IF;
  IF p_verdict = {{state_rejected}} AND coalesce(btrim(p_note), '') = '' THEN
    RAISE EXCEPTION 'a rejection needs a reason' USING ERRCODE = 'RC003';
  END IF;
  PERFORM public.rc_policy_in_force(p_policy_version);
  SELECT category, subcategory, order_total_minor INTO c FROM public.cases WHERE id = r.case_id;
  IF NOT public.rc_authority_covers(p_policy_version, who.o_role, r.kind, r.currency,
                                    c.category, c.subcategory, c.order_total_minor,
                                    r.amount_minor) THEN
    RAISE EXCEPTION 'refused: % minor units % of % is beyond the authority of % (rule S4)',
      r.amount_minor, r.currency, r.kind, who.o_role USING ERRCODE = 'RC002';
  END IF;
  SELECT count(*) + CASE WHEN p_verdict = {{state_approved}} THEN 1 ELSE 0 END INTO v_count
    FROM public.remedy_signoffs s
   WHERE s.remedy_id = r.id AND NOT s.void AND s.verdict = {{state_approved}};
  v_state := CASE WHEN p_verdict = {{state_rejected}} THEN {{state_rejected}}
                  WHEN v_count >= r.approvals_needed THEN {{state_approved}}
                  ELSE {{state_pending_signoff}} END;
  IF v_state = {{state_approved}} THEN  -- the caps again, at the moment the money is granted
    PERFORM public.rc_check_caps(p_policy_version, r.customer_id, r.case_id, r.currency,
                                 r.amount_minor, r.id, v_now);
  END IF;
  PERFORM p_detail::jsonb;
  INSERT INTO public.remedy_signoffs (remedy_id, approver, approver_role, verdict, note, at,
                                      policy_version, remedy_version, void, detail)
  VALUES (r.id, who.o_actor, who.o_role, p_verdict, coalesce(p_note, ''), public.rc_ts(v_now),
          p_policy_version, r.version, false, p_detail)
  RETURNING id INTO v_signoff;
  UPDATE public.remedies SET state = v_state, updated_at = public.rc_ts(v_now),
         updated_by = who.o_actor, version = version + 1
   WHERE id = r.id;
  v_action := CASE v_state WHEN {{state_approved}} THEN {{action_remedy_approved}}
                           WHEN {{state_rejected}} THEN {{action_remedy_rejected}}
                           ELSE {{action_remedy_signed_off}} END;
  PERFORM public.rc_remedy_event(who.o_actor, who.o_role, v_action, r.reference, r.case_id,
    p_event, jsonb_build_object('reference', r.reference, 'verdict', p_verdict,
                                'new', jsonb_build_object('state', v_state)),
    ARRAY['remedy_signoffs', 'remedies'], ARRAY[v_signoff::text, r.id::text]);
  RETURN v_state;
END $$;

CREATE OR REPLACE FUNCTION rc_edit_remedy(p_remedy_id bigint, p_expected_version integer,
    p_kind text, p_amount bigint, p_lines text, p_reason text, p_state text,
    p_policy_version integer, p_decision text, p_approvals_needed integer, p_event text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  who record; v_now timestamp := now() AT TIME ZONE 'UTC'; r record; chk record;
  v_expires text; v_voided text[];
BEGIN
  SELECT * INTO who FROM public.rc_person();
  SELECT * INTO r FROM public.rc_lock_remedy(p_remedy_id);
  IF r.version IS DISTINCT FROM p_expected_version THEN
    RAISE EXCEPTION '% was changed by % at % (version % -> %)', r.reference, r.updated_by,
      public.rc_when(r.updated_at), p_expected_version, r.version USING ERRCODE = 'RC001';
  END IF;
  IF r.frozen_by IS NOT NULL THEN
    RAISE EXCEPTION '% is named in issued agreement %; changing it means a new agreement '
      'version', r.reference, r.frozen_by USING ERRCODE = 'RC002';
  END IF;
  IF r.state NOT IN ({{editable_states}}) THEN
    RAISE EXCEPTION 'a % remedy cannot be edited', r.state USING ERRCODE = 'RC002';
  END IF;
  IF lower(who.o_actor) <> lower(r.requester) THEN
    RAISE EXCEPTION 'only % (who requested %) may edit it', r.requester, r.reference
      USING ERRCODE = '42501';
  END IF;
  IF coalesce(btrim(p_reason), '') = '' THEN
    RAISE EXCEPTION 'a remedy needs a reason' USING ERRCODE = 'RC003';
  END IF;
  PERFORM public.rc_policy_in_force(p_policy_version);
  SELECT * INTO chk FROM public.rc_check_remedy(r.case_id, p_kind, p_amount, r.currency,
                                                p_lines, who.o_role, p_policy_version, r.id,
                                                v_now);
  PERFORM public.rc_check_state(p_state, p_approvals_needed, chk.o_needed, who.o_role);
  PERFORM public.rc_check_decision(p_decision, p_kind, p_amount, r.currency, p_policy_version,
                                   p_approvals_needed);
  IF p_state = {{state_pending_signoff}} THEN
    v_expires := public.rc_ts(v_now + make_interval(days => chk.o_expiry_days));
  END IF;
  WITH v AS (UPDATE public.remedy_signoffs SET void = true WHERE remedy_id = r.id AND NOT void
             RETURNING id)
  SELECT coalesce(array_agg(v.id::text ORDER BY v.id), '{}') INTO v_voided FROM v;
  UPDATE public.remedies SET kind = p_kind, amount_minor = p_amount, lines = p_lines,
         reason = p_reason, state = p_state, requester_role = who.o_role,
         policy_version = p_policy_version, decision = p_decision,
         approvals_needed = p_approvals_needed, expires_at = v_expires,
         updated_at = public.rc_ts(v_now), updated_by = who.o_actor, version = version + 1
   WHERE id = r.id;
  PERFORM public.rc_remedy_event(who.o_actor, who.o_role, {{action_remedy_edited}}, r.reference,
    r.case_id, p_event, jsonb_build_object('reference', r.reference, 'version', r.version + 1,
      'new', jsonb_build_object('state', p_state, 'kind', p_kind,
        'amount', jsonb_build_object('minor', p_amount, 'currency', r.currency))),
    array_fill('remedy_signoffs'::text, ARRAY[cardinality(v_voided)]) || 'remedies'::text,
    v_voided || r.id::text);
END $$;

CREATE OR REPLACE FUNCTION rc_withdraw_remedy(p_remedy_id bigint, p_reason text, p_event text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE who record; v_now timestamp := now() AT TIME ZONE 'UTC'; r record;
BEGIN
  SELECT * INTO who FROM public.rc_person();
  SELECT * INTO r FROM public.rc_lock_remedy(p_remedy_id);
  IF r.state NOT IN ({{may_withdraw}}) THEN
    RAISE EXCEPTION 'a % remedy cannot be withdrawn', r.state USING ERRCODE = 'RC002';
  END IF;
  IF r.frozen_by IS NOT NULL AND EXISTS (
       SELECT 1 FROM public.agreements a WHERE a.number = r.frozen_by
          AND a.state IN ({{agreements_in_force}})) THEN
    RAISE EXCEPTION '% is named in issued agreement %; changing it means a new agreement '
      'version', r.reference, r.frozen_by USING ERRCODE = 'RC002';
  END IF;
  IF lower(who.o_actor) <> lower(r.requester) AND who.o_role NOT IN ({{withdrawing_roles}}) THEN
    RAISE EXCEPTION 'only % (who requested %) or a supervisor may withdraw it', r.requester,
      r.reference USING ERRCODE = '42501';
  END IF;
  UPDATE public.remedies SET state = {{state_withdrawn}}, updated_at = public.rc_ts(v_now),
         updated_by = who.o_actor, version = version + 1
   WHERE id = r.id;
  PERFORM public.rc_remedy_event(who.o_actor, who.o_role, {{action_remedy_withdrawn}}, r.reference,
    r.case_id, p_event, jsonb_build_object('reference', r.reference,
      'new', jsonb_build_object('state', {{state_withdrawn}})),
    ARRAY['remedies'], ARRAY[r.id::text]);
END $$;

CREATE OR REPLACE FUNCTION rc_fulfil_remedy(p_remedy_id bigint, p_event text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE who record; v_now timestamp := now() AT TIME ZONE 'UTC'; r record;
BEGIN
  SELECT * INTO who FROM public.rc_person();
  SELECT * INTO r FROM public.rc_lock_remedy(p_remedy_id);
  IF r.state NOT IN ({{may_fulfil}}) THEN
    RAISE EXCEPTION 'only an authorized or approved remedy can be fulfilled, not a % one',
      r.state USING ERRCODE = 'RC002';
  END IF;
  UPDATE public.remedies SET state = {{state_fulfilled}}, updated_at = public.rc_ts(v_now),
         updated_by = who.o_actor, version = version + 1
   WHERE id = r.id;
  PERFORM public.rc_remedy_event(who.o_actor, who.o_role, {{action_remedy_fulfilled}}, r.reference,
    r.case_id, p_event, jsonb_build_object('reference', r.reference,
      'new', jsonb_build_object('state', {{state_fulfilled}})),
    ARRAY['remedies'], ARRAY[r.id::text]);
END $$;

-- Lazy expiry, recorded as 'system'. No arguments: it can only expire what is really past due
-- by the server's clock, so it cannot be used to write any other system event.
CREATE OR REPLACE FUNCTION rc_expire_remedies() RETURNS SETOF text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE v_now text := public.rc_ts(now() AT TIME ZONE 'UTC'); r record;
BEGIN
  PERFORM 1 FROM public.customers
   WHERE id IN (SELECT customer_id FROM public.remedies
                 WHERE state IN ({{may_expire}}) AND expires_at <= v_now)
   ORDER BY id FOR UPDATE;
  FOR r IN SELECT id, reference, case_id, state, expires_at, policy_version FROM public.remedies
            WHERE state IN ({{may_expire}}) AND expires_at <= v_now ORDER BY id FOR UPDATE LOOP
    UPDATE public.remedies SET state = {{state_expired}}, updated_at = v_now,
           updated_by = {{role_system}},
           version = version + 1
     WHERE id = r.id;
    -- Canonical JSON (sorted keys, no spaces), the same bytes the SQLite path writes.
    PERFORM public.rc_chain_append({{role_system}}, {{role_system}}, {{action_remedy_expired}},
      'remedy', r.reference, r.case_id,
      format('{"expires_at":%s,"new":{"state":%s},"old":{"state":%s},'
        '"policy_version":%s,"reference":%s}', to_json(r.expires_at)::text,
        to_json({{state_expired}}::text)::text, to_json(r.state)::text, r.policy_version,
        to_json(r.reference)::text),
      ARRAY['remedies'], ARRAY[r.id::text]);
    RETURN NEXT r.reference;
  END LOOP;
END $$;
