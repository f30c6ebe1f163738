-- Schema step 11 on postgresql, as released: frozen, never edited.
-- Escalation queues: who is in each tier's queue, and how each routes new cases.

CREATE TABLE IF NOT EXISTS "queue_members" ("tier" VARCHAR(12) NOT NULL, "user_id" INTEGER NOT NULL, "added_at" VARCHAR(27) NOT NULL, "added_by" VARCHAR(64) NOT NULL, PRIMARY KEY ("tier", "user_id"), FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE RESTRICT);

CREATE INDEX IF NOT EXISTS "queue_members_user_id" ON "queue_members" ("user_id");

CREATE TABLE IF NOT EXISTS "queue_routing" ("tier" VARCHAR(12) NOT NULL PRIMARY KEY, "mode" VARCHAR(16) NOT NULL, "categories" TEXT NOT NULL, "changed_at" VARCHAR(27) NOT NULL, "changed_by" VARCHAR(64) NOT NULL);
