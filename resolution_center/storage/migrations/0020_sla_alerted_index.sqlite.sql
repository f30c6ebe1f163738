-- Schema step 20: an index of the open cases whose SLA warning or breach is recorded on a
-- target still owed ("SLA warnings for me"). Partial: it holds those cases only, so the view
-- reads its few ids by person and queue instead of scanning every case (60-140 ms at 100,000
-- cases, on the window's thread). Its condition is the view's own, term for term: the planners
-- use a partial index only when the query states its condition.

CREATE INDEX IF NOT EXISTS "cases_sla_alerted" ON "cases" ("assignee_id", "tier") WHERE status NOT IN ('resolved', 'closed') AND (resolution_warned_at IS NOT NULL OR resolution_breached_at IS NOT NULL OR (first_responded_at IS NULL AND (first_response_warned_at IS NOT NULL OR first_response_breached_at IS NOT NULL)));
