-- Schema step 8 on SQLite, as released: frozen, never edited.
-- The full-text index holds each case's word list, folded by the app (after the word lists
-- were worked out again by the step's code): the letters PostgreSQL's unaccent folds too.

DELETE FROM case_fts;

INSERT INTO case_fts (rowid, body) SELECT id, search_words FROM cases;
