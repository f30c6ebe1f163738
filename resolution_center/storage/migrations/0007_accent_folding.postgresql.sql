-- Schema step 7 on PostgreSQL, as released: frozen, never edited.
-- unaccent is a trusted extension: the database's owner may create it without superuser.

CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;

CREATE TEXT SEARCH CONFIGURATION public.rc_search (COPY = pg_catalog.simple);

ALTER TEXT SEARCH CONFIGURATION public.rc_search ALTER MAPPING FOR asciihword, asciiword, hword, hword_asciipart, hword_numpart, hword_part, numhword, numword, word WITH public.unaccent, pg_catalog.simple;

DROP INDEX case_search_doc;

ALTER TABLE cases DROP COLUMN search_doc;

ALTER TABLE cases ADD COLUMN search_doc tsvector GENERATED ALWAYS AS (to_tsvector('public.rc_search'::regconfig, regexp_replace(reference || ' ' || customer_name || ' ' || customer_email || ' ' || order_number || ' ' || subject || ' ' || description, '\W+', ' ', 'g'))) STORED;

CREATE INDEX case_search_doc ON cases USING gin (search_doc);
