-- Schema step 1 on SQLite, as released: frozen, never edited.
-- Produced once from the step's output when it still created today's models.

CREATE TABLE IF NOT EXISTS "audit_events" ("seq" INTEGER NOT NULL PRIMARY KEY, "prev_hash" VARCHAR(64) NOT NULL, "hash" VARCHAR(64) NOT NULL, "time" VARCHAR(27) NOT NULL, "actor" VARCHAR(64) NOT NULL, "role" VARCHAR(32) NOT NULL, "action" VARCHAR(64) NOT NULL, "target_type" VARCHAR(32) NOT NULL, "target_id" VARCHAR(64) NOT NULL, "case_id" INTEGER, "data" TEXT NOT NULL);

CREATE INDEX IF NOT EXISTS "audit_events_case_id_seq" ON "audit_events" ("case_id", "seq");

CREATE TABLE IF NOT EXISTS "customers" ("id" INTEGER NOT NULL PRIMARY KEY, "email_norm" VARCHAR(254) NOT NULL, "name" VARCHAR(200) NOT NULL, "email" VARCHAR(254) NOT NULL, "phone" VARCHAR(40) NOT NULL, "created_at" VARCHAR(27) NOT NULL);

CREATE UNIQUE INDEX IF NOT EXISTS "customers_email_norm" ON "customers" ("email_norm");

CREATE TABLE IF NOT EXISTS "users" ("id" INTEGER NOT NULL PRIMARY KEY, "username" VARCHAR(64) NOT NULL, "display_name" VARCHAR(200) NOT NULL, "role" VARCHAR(32) NOT NULL, "password_hash" TEXT, "disabled" INTEGER NOT NULL, "failed_logins" INTEGER NOT NULL, "locked_until" VARCHAR(27), "created_at" VARCHAR(27) NOT NULL);

CREATE UNIQUE INDEX IF NOT EXISTS "users_username" ON "users" ("username");

CREATE TABLE IF NOT EXISTS "cases" ("id" INTEGER NOT NULL PRIMARY KEY, "reference" VARCHAR(16) NOT NULL, "customer_id" INTEGER NOT NULL, "customer_name" VARCHAR(200) NOT NULL, "customer_email" VARCHAR(254) NOT NULL, "customer_phone" VARCHAR(40) NOT NULL, "order_number" VARCHAR(64) NOT NULL, "order_date" VARCHAR(10), "currency" VARCHAR(3) NOT NULL, "order_total_minor" INTEGER NOT NULL, "shipping_minor" INTEGER NOT NULL, "category" VARCHAR(40) NOT NULL, "subcategory" VARCHAR(40), "safety_hazard" INTEGER NOT NULL, "channel" VARCHAR(20) NOT NULL, "priority" VARCHAR(10) NOT NULL, "priority_rank" INTEGER NOT NULL, "status" VARCHAR(24) NOT NULL, "tier" VARCHAR(12) NOT NULL, "assignee_id" INTEGER, "subject" VARCHAR(200) NOT NULL, "description" TEXT NOT NULL, "tags" TEXT NOT NULL, "created_at" VARCHAR(27) NOT NULL, "updated_at" VARCHAR(27) NOT NULL, "updated_by" VARCHAR(64) NOT NULL, "first_response_due" VARCHAR(27) NOT NULL, "resolution_due" VARCHAR(27) NOT NULL, "first_responded_at" VARCHAR(27), "resolved_at" VARCHAR(27), "version" INTEGER NOT NULL, FOREIGN KEY ("customer_id") REFERENCES "customers" ("id") ON DELETE RESTRICT, FOREIGN KEY ("assignee_id") REFERENCES "users" ("id") ON DELETE RESTRICT);

CREATE UNIQUE INDEX IF NOT EXISTS "cases_reference" ON "cases" ("reference");

CREATE INDEX IF NOT EXISTS "cases_customer_id" ON "cases" ("customer_id");

CREATE INDEX IF NOT EXISTS "cases_order_number" ON "cases" ("order_number");

CREATE INDEX IF NOT EXISTS "cases_assignee_id" ON "cases" ("assignee_id");

CREATE INDEX IF NOT EXISTS "cases_status_category_updated_at" ON "cases" ("status", "category", "updated_at");

CREATE INDEX IF NOT EXISTS "cases_status_updated_at" ON "cases" ("status", "updated_at");

CREATE INDEX IF NOT EXISTS "cases_assignee_id_status_updated_at" ON "cases" ("assignee_id", "status", "updated_at");

CREATE INDEX IF NOT EXISTS "cases_updated_at" ON "cases" ("updated_at");

CREATE INDEX IF NOT EXISTS "cases_created_at" ON "cases" ("created_at");

CREATE INDEX IF NOT EXISTS "cases_resolution_due" ON "cases" ("resolution_due");

CREATE INDEX IF NOT EXISTS "cases_priority_rank_updated_at" ON "cases" ("priority_rank", "updated_at");

CREATE TABLE IF NOT EXISTS "chain_head" ("id" INTEGER NOT NULL PRIMARY KEY, "seq" INTEGER NOT NULL, "hash" VARCHAR(64) NOT NULL, "time" VARCHAR(27) NOT NULL);

CREATE TABLE IF NOT EXISTS "counters" ("name" VARCHAR(40) NOT NULL PRIMARY KEY, "value" INTEGER NOT NULL);

CREATE TABLE IF NOT EXISTS "notes" ("id" INTEGER NOT NULL PRIMARY KEY, "case_id" INTEGER NOT NULL, "author_id" INTEGER NOT NULL, "body" TEXT NOT NULL, "internal" INTEGER NOT NULL, "created_at" VARCHAR(27) NOT NULL, FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE CASCADE, FOREIGN KEY ("author_id") REFERENCES "users" ("id") ON DELETE RESTRICT);

CREATE INDEX IF NOT EXISTS "notes_case_id" ON "notes" ("case_id");

CREATE INDEX IF NOT EXISTS "notes_author_id" ON "notes" ("author_id");

CREATE TABLE IF NOT EXISTS "order_items" ("id" INTEGER NOT NULL PRIMARY KEY, "case_id" INTEGER NOT NULL, "line_no" INTEGER NOT NULL, "sku" VARCHAR(64) NOT NULL, "product" VARCHAR(300) NOT NULL, "seller" VARCHAR(200) NOT NULL, "quantity" INTEGER NOT NULL, "unit_price_minor" INTEGER NOT NULL, FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE CASCADE);

CREATE INDEX IF NOT EXISTS "order_items_case_id" ON "order_items" ("case_id");

CREATE UNIQUE INDEX IF NOT EXISTS "order_items_case_id_line_no" ON "order_items" ("case_id", "line_no");

CREATE TABLE IF NOT EXISTS "personal_values" ("digest" VARCHAR(64) NOT NULL PRIMARY KEY, "salt" VARCHAR(32) NOT NULL, "value" TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS "settings" ("key" VARCHAR(64) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL);

CREATE VIRTUAL TABLE case_fts USING fts5(reference, customer, order_number, subject, body, tokenize = 'unicode61 remove_diacritics 2');

INSERT INTO chain_head (id, seq, hash, time) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', '');
