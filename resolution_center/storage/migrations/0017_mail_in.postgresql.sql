-- Schema step 17 on postgresql, as released: frozen, never edited.
-- Mail in: a message's direction and, for a received mail, its Message-ID (unique: each mail is
-- imported once), its sender and its Date; the quarantine of mail that could not be imported
-- (its bytes kept, never lost); and where each IMAP folder's fetch left off.
ALTER TABLE "messages" ADD COLUMN "direction" VARCHAR(3) NOT NULL DEFAULT 'out' CHECK (direction IN ('out', 'in'));
ALTER TABLE "messages" ADD COLUMN "rfc_message_id" TEXT;
ALTER TABLE "messages" ADD COLUMN "sender" TEXT;
ALTER TABLE "messages" ADD COLUMN "mail_date" VARCHAR(27);
CREATE UNIQUE INDEX "messages_inbound_rfc_message_id" ON "messages" ("rfc_message_id") WHERE direction = 'in';
CREATE TABLE IF NOT EXISTS "mail_quarantine" ("id" SERIAL NOT NULL PRIMARY KEY, "identity" TEXT NOT NULL, "state" VARCHAR(12) NOT NULL CHECK (state IN ('held', 'imported', 'discarded')), "reason" TEXT NOT NULL, "sender" TEXT NOT NULL, "subject" TEXT NOT NULL, "mail_date" VARCHAR(27), "source" TEXT NOT NULL, "size_bytes" BIGINT NOT NULL CHECK (size_bytes >= 0), "sha256" VARCHAR(64) NOT NULL, "content" BYTEA NOT NULL, "held_by" VARCHAR(64) NOT NULL, "held_at" VARCHAR(27) NOT NULL, "resolved_by" VARCHAR(64), "resolved_at" VARCHAR(27), "message_id" INTEGER, FOREIGN KEY ("message_id") REFERENCES "messages" ("id") ON DELETE RESTRICT, CHECK (length(content) = size_bytes));
CREATE UNIQUE INDEX IF NOT EXISTS "mail_quarantine_sha256" ON "mail_quarantine" ("sha256");
CREATE TABLE IF NOT EXISTS "mail_cursors" ("account" TEXT NOT NULL PRIMARY KEY, "uidvalidity" BIGINT NOT NULL, "last_uid" BIGINT NOT NULL CHECK (last_uid >= 0), "updated_by" VARCHAR(64) NOT NULL, "updated_at" VARCHAR(27) NOT NULL);
