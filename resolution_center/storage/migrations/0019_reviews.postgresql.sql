-- Schema step 19 on PostgreSQL: recorded periodic reviews. A review freezes the KPI report and
-- the pattern findings of its period (JSON text), keeps notes on findings and actions with an
-- owner and a due date, and is signed off once; a signed review never changes.

CREATE TABLE IF NOT EXISTS "reviews" ("id" SERIAL NOT NULL PRIMARY KEY, "period_from" VARCHAR(10) NOT NULL, "period_to" VARCHAR(10) NOT NULL, "state" VARCHAR(8) NOT NULL CHECK (state IN ('open', 'signed')), "opened_at" VARCHAR(27) NOT NULL, "opened_by" VARCHAR(64) NOT NULL, "frozen_at" VARCHAR(27) NOT NULL, "frozen_by" VARCHAR(64) NOT NULL, "refreshes" INTEGER NOT NULL, "kpis" TEXT NOT NULL, "patterns" TEXT NOT NULL, "signed_at" VARCHAR(27), "signed_by" VARCHAR(64), "sign_note" TEXT NOT NULL, "version" INTEGER NOT NULL);

CREATE INDEX IF NOT EXISTS "reviews_period_from_period_to" ON "reviews" ("period_from", "period_to");

CREATE TABLE IF NOT EXISTS "review_notes" ("id" SERIAL NOT NULL PRIMARY KEY, "review_id" INTEGER NOT NULL, "finding" VARCHAR(300) NOT NULL, "body" TEXT NOT NULL, "created_at" VARCHAR(27) NOT NULL, "created_by" VARCHAR(64) NOT NULL, FOREIGN KEY ("review_id") REFERENCES "reviews" ("id") ON DELETE RESTRICT);

CREATE INDEX IF NOT EXISTS "review_notes_review_id" ON "review_notes" ("review_id");

CREATE TABLE IF NOT EXISTS "review_actions" ("id" SERIAL NOT NULL PRIMARY KEY, "review_id" INTEGER NOT NULL, "body" TEXT NOT NULL, "owner_id" INTEGER NOT NULL, "due_on" VARCHAR(10) NOT NULL, "state" VARCHAR(8) NOT NULL CHECK (state IN ('open', 'done')), "created_at" VARCHAR(27) NOT NULL, "created_by" VARCHAR(64) NOT NULL, "done_at" VARCHAR(27), "done_by" VARCHAR(64), FOREIGN KEY ("review_id") REFERENCES "reviews" ("id") ON DELETE RESTRICT, FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE RESTRICT);

CREATE INDEX IF NOT EXISTS "review_actions_review_id" ON "review_actions" ("review_id");

CREATE INDEX IF NOT EXISTS "review_actions_owner_id_state_due_on" ON "review_actions" ("owner_id", "state", "due_on");
