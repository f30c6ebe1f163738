-- Schema step 10 on SQLite: SLA in business hours. Calendar versions per team (never changed:
-- an edit is a new version); on each case the calendar version it follows, where its clock
-- stopped and for how long it stood still, its warning times, and the warnings and breaches
-- recorded. The side bar's index of step 9 gives way to one that also holds the columns the
-- SLA state now reads, so the counts still read the index and not the rows.
CREATE TABLE IF NOT EXISTS "sla_calendars" ("team" VARCHAR(64) NOT NULL, "version" INTEGER NOT NULL, "time_zone" VARCHAR(64) NOT NULL, "hours" TEXT NOT NULL, "holiday_country" VARCHAR(8), "holiday_region" VARCHAR(16), "own_days" TEXT NOT NULL, "holidays" TEXT NOT NULL, "targets" TEXT NOT NULL, "warn_percent" INTEGER NOT NULL, "saved_at" VARCHAR(27) NOT NULL, "saved_by" VARCHAR(64) NOT NULL, PRIMARY KEY ("team", "version"));

ALTER TABLE "cases" ADD COLUMN "sla_calendar_version" INTEGER;

ALTER TABLE "cases" ADD COLUMN "sla_paused_at" VARCHAR(27);

ALTER TABLE "cases" ADD COLUMN "sla_paused_seconds" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "cases" ADD COLUMN "first_response_warn_at" VARCHAR(27);

ALTER TABLE "cases" ADD COLUMN "resolution_warn_at" VARCHAR(27);

ALTER TABLE "cases" ADD COLUMN "first_response_warned_at" VARCHAR(27);

ALTER TABLE "cases" ADD COLUMN "resolution_warned_at" VARCHAR(27);

ALTER TABLE "cases" ADD COLUMN "first_response_breached_at" VARCHAR(27);

ALTER TABLE "cases" ADD COLUMN "resolution_breached_at" VARCHAR(27);

DROP INDEX IF EXISTS "cases_status_resolution_due_first_response_due_first_res_16ded2f";

CREATE INDEX IF NOT EXISTS "cases_status_resolution_due_first_response_due_first_res_64a796f" ON "cases" ("status", "resolution_due", "first_response_due", "first_responded_at", "resolved_at", "resolution_warn_at", "first_response_warn_at", "resolution_breached_at", "first_response_breached_at");
