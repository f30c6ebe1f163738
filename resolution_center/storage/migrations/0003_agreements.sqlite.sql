-- Schema step 3 on SQLite, as released: frozen, never edited.
-- Produced once from the step's output when it still created today's models.

CREATE TABLE IF NOT EXISTS "offers" ("id" INTEGER NOT NULL PRIMARY KEY, "reference" VARCHAR(9) NOT NULL, "case_id" INTEGER NOT NULL, "round" INTEGER NOT NULL CHECK (round >= 1), "parent_id" INTEGER, "proposed_by_party" VARCHAR(8) NOT NULL CHECK (proposed_by_party IN ('customer', 'company', 'seller')), "recorded_by" VARCHAR(64) NOT NULL, "terms" TEXT NOT NULL, "response_due" TEXT NOT NULL, "state" VARCHAR(10) NOT NULL CHECK (state IN ('open', 'accepted', 'declined', 'countered', 'withdrawn')), "answered_at" VARCHAR(27), "answered_by_party" VARCHAR(8) CHECK (answered_by_party IS NULL OR answered_by_party IN ('customer', 'company', 'seller')), "answer_note" TEXT NOT NULL, "created_at" VARCHAR(27) NOT NULL, FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE RESTRICT, FOREIGN KEY ("parent_id") REFERENCES "offers" ("id") ON DELETE RESTRICT);

CREATE UNIQUE INDEX IF NOT EXISTS "offers_reference" ON "offers" ("reference");

CREATE INDEX IF NOT EXISTS "offers_case_id" ON "offers" ("case_id");

CREATE INDEX IF NOT EXISTS "offers_parent_id" ON "offers" ("parent_id");

CREATE INDEX IF NOT EXISTS "offers_case_id_round" ON "offers" ("case_id", "round");

CREATE TABLE IF NOT EXISTS "agreements" ("id" INTEGER NOT NULL PRIMARY KEY, "number" VARCHAR(14) NOT NULL, "version" INTEGER NOT NULL CHECK (version >= 1), "state" VARCHAR(10) NOT NULL CHECK (state IN ('draft', 'issued', 'superseded', 'voided')), "case_id" INTEGER NOT NULL, "offer_id" INTEGER NOT NULL, "value" TEXT NOT NULL, "content_hash" VARCHAR(64) NOT NULL, "created_at" VARCHAR(27) NOT NULL, "created_by" VARCHAR(64) NOT NULL, "issued_at" VARCHAR(27), "issued_by" VARCHAR(64), "chain_seq" INTEGER, "chain_hash" VARCHAR(64), "void_reason" TEXT NOT NULL, "superseded_by_version" INTEGER, FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE RESTRICT, FOREIGN KEY ("offer_id") REFERENCES "offers" ("id") ON DELETE RESTRICT);

CREATE INDEX IF NOT EXISTS "agreements_case_id" ON "agreements" ("case_id");

CREATE INDEX IF NOT EXISTS "agreements_offer_id" ON "agreements" ("offer_id");

CREATE UNIQUE INDEX IF NOT EXISTS "agreements_number_version" ON "agreements" ("number", "version");

CREATE INDEX IF NOT EXISTS "agreements_case_id_number" ON "agreements" ("case_id", "number");

CREATE INDEX IF NOT EXISTS "agreements_state_issued_at" ON "agreements" ("state", "issued_at");

CREATE TABLE IF NOT EXISTS "agreement_exports" ("id" INTEGER NOT NULL PRIMARY KEY, "agreement_id" INTEGER NOT NULL, "version" INTEGER NOT NULL, "copy" VARCHAR(8) NOT NULL CHECK (copy IN ('internal', 'customer')), "paper" VARCHAR(6) NOT NULL CHECK (paper IN ('a4', 'letter')), "file_sha256" VARCHAR(64) NOT NULL, "exported_by" VARCHAR(64) NOT NULL, "at" VARCHAR(27) NOT NULL, "path" TEXT, FOREIGN KEY ("agreement_id") REFERENCES "agreements" ("id") ON DELETE RESTRICT);

CREATE INDEX IF NOT EXISTS "agreement_exports_agreement_id" ON "agreement_exports" ("agreement_id");

CREATE INDEX IF NOT EXISTS "agreement_exports_file_sha256" ON "agreement_exports" ("file_sha256");
