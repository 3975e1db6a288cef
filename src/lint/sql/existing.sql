-- What exists before a revision runs: tables and materialized views (kind 'rel') and enum
-- types (kind 'enum'), by oid. A statement on one of these touches something in use.
SELECT 'rel' AS kind, c.oid::bigint AS oid
FROM pg_catalog.pg_class c
WHERE c.relkind IN ('r', 'p', 'm')
  AND c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
UNION ALL
SELECT 'enum', t.oid::bigint
FROM pg_catalog.pg_type t
WHERE t.typtype = 'e';
