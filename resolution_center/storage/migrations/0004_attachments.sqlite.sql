-- Schema step 4 on SQLite, as released: frozen, never edited.
-- Produced once from the step's output when it still created today's models.

CREATE TABLE IF NOT EXISTS "attachments" ("id" INTEGER NOT NULL PRIMARY KEY, "case_id" INTEGER NOT NULL, "file_name" VARCHAR(255) NOT NULL, "media_type" VARCHAR(100) NOT NULL, "size_bytes" INTEGER NOT NULL CHECK (size_bytes > 0), "sha256" VARCHAR(64) NOT NULL, "description" TEXT NOT NULL, "content" BLOB NOT NULL, "added_by" VARCHAR(64) NOT NULL, "added_at" VARCHAR(27) NOT NULL, "withdrawn_at" VARCHAR(27), "withdrawn_by" VARCHAR(64), "withdraw_reason" TEXT NOT NULL, FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE RESTRICT, CHECK (length(content) = size_bytes));

CREATE INDEX IF NOT EXISTS "attachments_case_id" ON "attachments" ("case_id");

CREATE UNIQUE INDEX IF NOT EXISTS "attachments_case_id_sha256" ON "attachments" ("case_id", "sha256");
