-- Schema step 16 on postgresql, as released: frozen, never edited.
-- Mail out: one row per message mailed to a customer, with its headers fixed when it was
-- queued and how its delivery goes (attempts, the next one's time, the server's last answer);
-- and the claims delivery passes hold while they talk to the server (bookkeeping, not vouched).

CREATE TABLE IF NOT EXISTS "outbox" ("id" SERIAL NOT NULL PRIMARY KEY, "message_id" INTEGER NOT NULL, "case_id" INTEGER NOT NULL, "state" VARCHAR(12) NOT NULL CHECK (state IN ('queued', 'failed', 'delivered')), "mail_id" VARCHAR(250) NOT NULL, "in_reply_to" VARCHAR(250), "thread" TEXT NOT NULL, "to_name" TEXT NOT NULL, "to_address" TEXT NOT NULL, "subject" TEXT NOT NULL, "attachments" TEXT NOT NULL, "attempts" INTEGER NOT NULL CHECK (attempts >= 0), "next_attempt_at" VARCHAR(27) NOT NULL, "last_answer" TEXT, "queued_by" VARCHAR(64) NOT NULL, "queued_at" VARCHAR(27) NOT NULL, "delivered_at" VARCHAR(27), "delivered_by" VARCHAR(64), FOREIGN KEY ("message_id") REFERENCES "messages" ("id") ON DELETE RESTRICT, FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE RESTRICT);

CREATE UNIQUE INDEX IF NOT EXISTS "outbox_message_id" ON "outbox" ("message_id");

CREATE INDEX IF NOT EXISTS "outbox_case_id" ON "outbox" ("case_id");

CREATE UNIQUE INDEX IF NOT EXISTS "outbox_mail_id" ON "outbox" ("mail_id");

CREATE INDEX IF NOT EXISTS "outbox_state_next_attempt_at" ON "outbox" ("state", "next_attempt_at");

CREATE TABLE IF NOT EXISTS "outbox_claims" ("outbox_id" INTEGER NOT NULL PRIMARY KEY, "claimed_by" VARCHAR(64) NOT NULL, "claimed_until" VARCHAR(27) NOT NULL, FOREIGN KEY ("outbox_id") REFERENCES "outbox" ("id") ON DELETE RESTRICT);
