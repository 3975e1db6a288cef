-- A relation as a statement names it ($1: the name quoted as SQL would spell it, resolved with
-- the session's search_path), with its schema, name and kind; no row when it does not exist.
SELECT c.oid::bigint AS oid, n.nspname AS schema, c.relname AS name, c.relkind AS kind
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.oid = pg_catalog.to_regclass($1);
