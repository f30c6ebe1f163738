-- Schema step 14 on SQLite: how an offer's answer was given (email, phone, chat, ...) and
-- which user recorded it. Older answers have neither.
ALTER TABLE "offers" ADD COLUMN "answered_via" VARCHAR(10) CHECK (answered_via IS NULL OR answered_via IN ('email', 'phone', 'chat', 'letter', 'in-person', 'portal'));
ALTER TABLE "offers" ADD COLUMN "answer_recorded_by" VARCHAR(64);
