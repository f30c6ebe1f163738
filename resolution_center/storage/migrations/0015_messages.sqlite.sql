-- Schema step 15 on sqlite, as released: frozen, never edited.
-- Messages to customers, their templates' versions, and the library of approved answers with
-- its full-text index (FTS5, filled by a trigger as versions are written; versions never change
-- their text).

CREATE TABLE IF NOT EXISTS "message_templates" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(40) NOT NULL, "language" VARCHAR(8) NOT NULL, "version" INTEGER NOT NULL CHECK (version > 0), "subject" TEXT NOT NULL, "body" TEXT NOT NULL, "sha256" VARCHAR(64) NOT NULL, "created_by" VARCHAR(64) NOT NULL, "created_at" VARCHAR(27) NOT NULL);

CREATE UNIQUE INDEX IF NOT EXISTS "message_templates_name_language_version" ON "message_templates" ("name", "language", "version");

CREATE TABLE IF NOT EXISTS "messages" ("id" INTEGER NOT NULL PRIMARY KEY, "case_id" INTEGER NOT NULL, "state" VARCHAR(12) NOT NULL, "language" VARCHAR(8) NOT NULL, "template_name" VARCHAR(40), "template_version" INTEGER, "template_sha256" VARCHAR(64), "subject" TEXT NOT NULL, "body" TEXT NOT NULL, "answer_versions" TEXT NOT NULL, "drafted_by" VARCHAR(64) NOT NULL, "drafted_at" VARCHAR(27) NOT NULL, "sent_by" VARCHAR(64), "sent_at" VARCHAR(27), FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE RESTRICT);

CREATE INDEX IF NOT EXISTS "messages_case_id" ON "messages" ("case_id");

CREATE TABLE IF NOT EXISTS "answers" ("id" INTEGER NOT NULL PRIMARY KEY, "kind" VARCHAR(16) NOT NULL CHECK (kind IN ('reply', 'faq', 'troubleshooting', 'policy')), "created_by" VARCHAR(64) NOT NULL, "created_at" VARCHAR(27) NOT NULL, "in_use_version" INTEGER, "uses" INTEGER NOT NULL CHECK (uses >= 0), "retired_at" VARCHAR(27), "retired_by" VARCHAR(64));

CREATE TABLE IF NOT EXISTS "answer_versions" ("id" INTEGER NOT NULL PRIMARY KEY, "answer_id" INTEGER NOT NULL, "version" INTEGER NOT NULL CHECK (version > 0), "title" VARCHAR(200) NOT NULL, "body" TEXT NOT NULL, "tags" TEXT NOT NULL, "category" VARCHAR(64) NOT NULL, "language" VARCHAR(8) NOT NULL, "created_by" VARCHAR(64) NOT NULL, "created_at" VARCHAR(27) NOT NULL, "approved_by" VARCHAR(64), "approved_at" VARCHAR(27), FOREIGN KEY ("answer_id") REFERENCES "answers" ("id") ON DELETE RESTRICT);

CREATE INDEX IF NOT EXISTS "answer_versions_answer_id" ON "answer_versions" ("answer_id");

CREATE UNIQUE INDEX IF NOT EXISTS "answer_versions_answer_id_version" ON "answer_versions" ("answer_id", "version");

CREATE VIRTUAL TABLE answer_fts USING fts5(title, body, tags, tokenize = 'unicode61 remove_diacritics 2');

CREATE TRIGGER answer_versions_fts AFTER INSERT ON answer_versions BEGIN INSERT INTO answer_fts (rowid, title, body, tags) VALUES (new.id, new.title, new.body, new.tags); END;
