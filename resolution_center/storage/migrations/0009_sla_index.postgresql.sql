-- Schema step 9 on PostgreSQL: the columns the SLA state is worked out from, beside the status,
-- in one index, so the list's counts per status and SLA state can read the index.
CREATE INDEX IF NOT EXISTS "cases_status_resolution_due_first_response_due_first_res_16ded2f" ON "cases" ("status", "resolution_due", "first_response_due", "first_responded_at");
