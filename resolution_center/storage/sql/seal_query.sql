  WITH named AS MATERIALIZED (
         SELECT u.ord, u.t, u.k, u.e, p_first_seq + u.e - 1 AS s,
                CASE WHEN v_trusted THEN '' ELSE coalesce((
                  SELECT string_agg(DISTINCT c.op::text, '') FROM public.row_changes c
                   WHERE c.xid = v_xid AND c.tbl = u.t AND c.row_key = u.k), '') END AS ops
           FROM unnest(p_tables, p_keys, p_events) WITH ORDINALITY u(t, k, e, ord)),
       kept AS MATERIALIZED (SELECT * FROM named WHERE v_trusted OR ops <> ''),
       img AS MATERIALIZED (
         SELECT g.t, i.o_key, i.o_img, i.o_tid
           FROM (SELECT k.t, array_agg(DISTINCT k.k) AS ks FROM kept k GROUP BY k.t) g,
                LATERAL public.rc_images(g.t, g.ks) i),
       sealed AS (  -- what the commit checks (the set-up actor's changes are not checked)
         INSERT INTO public.row_seals (xid, tbl, row_key, seq, row_ctid)
         SELECT v_xid, k.t, k.k, k.s, i.o_tid FROM kept k
           LEFT JOIN img i ON i.t = k.t AND i.o_key = k.k WHERE NOT v_trusted)
  SELECT k.e, '[' || string_agg('[' || to_json(k.t)::text || ',' || to_json(k.k)::text || ','
                                || coalesce(i.o_img, 'null') || ']', ',' ORDER BY k.ord) || ']',
         array_agg(k.t ORDER BY k.ord) FILTER (WHERE NOT v_trusted),
         array_agg(k.ops ORDER BY k.ord) FILTER (WHERE NOT v_trusted)
    FROM kept k LEFT JOIN img i ON i.t = k.t AND i.o_key = k.k
   GROUP BY k.e
