-- Schema step 12 on SQLite: closing the loop. A resolved case keeps its resolution code and
-- summary, a merged case the reference of the case it was merged into; follow-up tasks with a
-- due time and an assignee; links and merges between cases, one row read from both ends.
ALTER TABLE "cases" ADD COLUMN "resolution_code" VARCHAR(40);

ALTER TABLE "cases" ADD COLUMN "resolution_summary" TEXT NOT NULL DEFAULT '';

ALTER TABLE "cases" ADD COLUMN "merged_into" VARCHAR(16);

CREATE TABLE IF NOT EXISTS "case_tasks" ("id" INTEGER NOT NULL PRIMARY KEY, "case_id" INTEGER NOT NULL, "due_at" VARCHAR(27) NOT NULL, "note" TEXT NOT NULL, "assignee_id" INTEGER, "state" VARCHAR(10) NOT NULL CHECK (state IN ('open', 'done', 'cancelled')), "created_at" VARCHAR(27) NOT NULL, "created_by" VARCHAR(64) NOT NULL, "closed_at" VARCHAR(27), "closed_by" VARCHAR(64), "close_reason" TEXT NOT NULL, FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE RESTRICT, FOREIGN KEY ("assignee_id") REFERENCES "users" ("id") ON DELETE RESTRICT);

CREATE INDEX IF NOT EXISTS "case_tasks_assignee_id_state_due_at" ON "case_tasks" ("assignee_id", "state", "due_at");

CREATE INDEX IF NOT EXISTS "case_tasks_case_id_due_at" ON "case_tasks" ("case_id", "due_at");

CREATE TABLE IF NOT EXISTS "case_links" ("id" INTEGER NOT NULL PRIMARY KEY, "case_id" INTEGER NOT NULL, "other_case_id" INTEGER NOT NULL, "kind" VARCHAR(8) NOT NULL CHECK (kind IN ('linked', 'merged')), "reason" TEXT NOT NULL, "created_at" VARCHAR(27) NOT NULL, "created_by" VARCHAR(64) NOT NULL, FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE RESTRICT, FOREIGN KEY ("other_case_id") REFERENCES "cases" ("id") ON DELETE RESTRICT, CHECK (case_id <> other_case_id));

CREATE UNIQUE INDEX IF NOT EXISTS "case_links_case_id_other_case_id" ON "case_links" ("case_id", "other_case_id");

CREATE INDEX IF NOT EXISTS "case_links_other_case_id" ON "case_links" ("other_case_id");
