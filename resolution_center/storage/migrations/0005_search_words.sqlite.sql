-- Schema step 5 on SQLite, as released: frozen, never edited.

ALTER TABLE cases ADD COLUMN search_words TEXT NOT NULL DEFAULT '';
