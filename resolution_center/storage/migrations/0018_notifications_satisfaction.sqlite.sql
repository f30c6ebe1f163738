-- Schema step 18 on sqlite, as released: frozen, never edited.
-- Satisfaction scores (every score a case was given; the latest is current), each user's
-- notification read state (events read one by one, and the event up to which all are
-- read), and an index for reading the trail by action (notifications of escalations).

CREATE TABLE IF NOT EXISTS "satisfaction_scores" ("id" INTEGER NOT NULL PRIMARY KEY, "case_id" INTEGER NOT NULL, "score" INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5), "comment" TEXT NOT NULL, "source" VARCHAR(8) NOT NULL CHECK (source IN ('phone', 'mail', 'chat', 'reply')), "message_id" INTEGER, "follow_up_id" INTEGER, "recorded_by" VARCHAR(64) NOT NULL, "recorded_at" VARCHAR(27) NOT NULL, FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE RESTRICT, FOREIGN KEY ("message_id") REFERENCES "messages" ("id") ON DELETE RESTRICT, FOREIGN KEY ("follow_up_id") REFERENCES "case_tasks" ("id") ON DELETE RESTRICT);

CREATE UNIQUE INDEX IF NOT EXISTS "satisfaction_scores_message_id" ON "satisfaction_scores" ("message_id");

CREATE INDEX IF NOT EXISTS "satisfaction_scores_case_id_id" ON "satisfaction_scores" ("case_id", "id");

CREATE TABLE IF NOT EXISTS "notification_reads" ("user_id" INTEGER NOT NULL, "seq" INTEGER NOT NULL, "read_at" VARCHAR(27) NOT NULL, PRIMARY KEY ("user_id", "seq"), FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE RESTRICT);

CREATE TABLE IF NOT EXISTS "notification_marks" ("user_id" INTEGER NOT NULL PRIMARY KEY, "seq" INTEGER NOT NULL, "marked_at" VARCHAR(27) NOT NULL, FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE RESTRICT);

CREATE INDEX IF NOT EXISTS "audit_events_action_seq" ON "audit_events" ("action", "seq");
