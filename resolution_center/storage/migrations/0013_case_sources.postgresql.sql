-- Schema step 13 on PostgreSQL: where an imported case came from, once per source system and id,
-- so importing the same export again adds nothing (the unique index also settles two imports
-- of the same rows running at once: the second is refused instead of doubling a case).
CREATE TABLE IF NOT EXISTS "case_sources" ("case_id" INTEGER NOT NULL PRIMARY KEY, "system" VARCHAR(64) NOT NULL, "source_id" VARCHAR(200) NOT NULL, FOREIGN KEY ("case_id") REFERENCES "cases" ("id") ON DELETE RESTRICT);

CREATE UNIQUE INDEX IF NOT EXISTS "case_sources_source_id_system" ON "case_sources" ("source_id", "system");
