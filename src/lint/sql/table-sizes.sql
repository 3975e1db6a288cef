-- Estimated rows (the planner's reltuples, -1 when never analyzed) and total size (heap,
-- indexes, TOAST) of the tables named by $1 (schemas) and $2 (names), pairwise. Read only.
SELECT n.nspname AS schema, c.relname AS name,
       c.reltuples::float8 AS rows,
       pg_catalog.pg_total_relation_size(c.oid)::bigint AS bytes
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE (n.nspname::text, c.relname::text) IN (SELECT s, t FROM ROWS FROM (pg_catalog.unnest($1::text[]), pg_catalog.unnest($2::text[])) AS u (s, t));
