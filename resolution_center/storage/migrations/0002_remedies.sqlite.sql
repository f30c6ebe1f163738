-- Schema step 2 on SQLite, as released: frozen, never edited.
-- Produced once from the step's output when it still created today's models.

CREATE TABLE IF NOT EXISTS "policies" ("version" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(200) NOT NULL, "source" TEXT NOT NULL, "sha256" VARCHAR(64) NOT NULL, "loaded_at" VARCHAR(27) NOT NULL, "loaded_by" VARCHAR(64) NOT NULL);

CREATE TABLE IF NOT EXISTS "policy_authority" ("id" INTEGER NOT NULL PRIMARY KEY, "policy_version" INTEGER NOT NULL, "role" VARCHAR(32) NOT NULL, "kind" VARCHAR(32) NOT NULL, "currency" VARCHAR(3) NOT NULL, "scope" VARCHAR(100) NOT NULL, "limit_minor" INTEGER NOT NULL, "percent" INTEGER, FOREIGN KEY ("policy_version") REFERENCES "policies" ("version") ON DELETE RESTRICT);

CREATE INDEX IF NOT EXISTS "policy_authority_policy_version" ON "policy_authority" ("policy_version");

CREATE UNIQUE INDEX IF NOT EXISTS "policy_authority_policy_version_role_kind_currency_scope" ON "policy_authority" ("policy_version", "role", "kind", "currency", "scope");

CREATE TABLE IF NOT EXISTS "policy_caps" ("policy_version" INTEGER NOT NULL, "currency" VARCHAR(3) NOT NULL, "case_cap_minor" INTEGER NOT NULL, "customer_cap_minor" INTEGER NOT NULL, "dual_above_minor" INTEGER NOT NULL, "goodwill_minor" INTEGER NOT NULL, "window_days" INTEGER NOT NULL, "pending_expiry_days" INTEGER NOT NULL, PRIMARY KEY ("policy_version", "currency"), FOREIGN KEY ("policy_version") REFERENCES "policies" ("version") ON DELETE RESTRICT);

CREATE INDEX IF NOT EXISTS "policy_caps_policy_version" ON "policy_caps" ("policy_version");

CREATE TABLE IF NOT EXISTS "remedies" ("id" INTEGER NOT NULL PRIMARY KEY, "reference" VARCHAR(9) NOT NULL, "case_id" INTEGER NOT NULL, "customer_id" INTEGER NOT NULL, "kind" VARCHAR(32) NOT NULL, "amount_minor" INTEGER NOT NULL CHECK (amount_minor > 0), "currency" VARCHAR(3) NOT NULL, "lines" TEXT NOT NULL, "reason" TEXT NOT NULL, "state" VARCHAR(16) NOT NULL CHECK (state IN ('proposed', 'authorized', 'pending-signoff', 'approved', 'rejected', 'fulfilled', 'withdrawn', 'expired')), "requester" VARCHAR(64) NOT NULL, "requester_role" VARCHAR(32) NOT NULL, "policy_version" INTEGER NOT NULL, "decision" TEXT NOT NULL, "approvals_needed" INTEGER NOT NULL, "created_at" VARCHAR(27) NOT NULL, "updated_at" VARCHAR(27) NOT NULL, "updated_by" VARCHAR(64) NOT NULL, "expires_at" VARCHAR(27), "frozen_by" VARCHAR(16), "version" INTEGER NOT NULL, FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE RESTRICT, FOREIGN KEY ("customer_id") REFERENCES "customers" ("id") ON DELETE RESTRICT, FOREIGN KEY ("policy_version") REFERENCES "policies" ("version") ON DELETE RESTRICT);

CREATE UNIQUE INDEX IF NOT EXISTS "remedies_reference" ON "remedies" ("reference");

CREATE INDEX IF NOT EXISTS "remedies_case_id" ON "remedies" ("case_id");

CREATE INDEX IF NOT EXISTS "remedies_customer_id" ON "remedies" ("customer_id");

CREATE INDEX IF NOT EXISTS "remedies_policy_version" ON "remedies" ("policy_version");

CREATE INDEX IF NOT EXISTS "remedies_state_created_at" ON "remedies" ("state", "created_at");

CREATE INDEX IF NOT EXISTS "remedies_customer_id_created_at" ON "remedies" ("customer_id", "created_at");

CREATE INDEX IF NOT EXISTS "remedies_case_id_created_at" ON "remedies" ("case_id", "created_at");

CREATE TABLE IF NOT EXISTS "remedy_signoffs" ("id" INTEGER NOT NULL PRIMARY KEY, "remedy_id" INTEGER NOT NULL, "approver" VARCHAR(64) NOT NULL, "approver_role" VARCHAR(32) NOT NULL, "verdict" VARCHAR(8) NOT NULL CHECK (verdict IN ('approved', 'rejected')), "note" TEXT NOT NULL, "at" VARCHAR(27) NOT NULL, "policy_version" INTEGER NOT NULL, "remedy_version" INTEGER NOT NULL, "void" INTEGER NOT NULL, "detail" TEXT NOT NULL, FOREIGN KEY ("remedy_id") REFERENCES "remedies" ("id") ON DELETE RESTRICT);

CREATE INDEX IF NOT EXISTS "remedy_signoffs_remedy_id" ON "remedy_signoffs" ("remedy_id");

CREATE INDEX IF NOT EXISTS "remedy_signoffs_remedy_id_at" ON "remedy_signoffs" ("remedy_id", "at");
