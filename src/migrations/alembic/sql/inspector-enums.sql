-- PGInspector.get_enums(): enum types of one schema ('*' for all) with their labels in order.
SELECT t.typname AS name,
       n.nspname AS schema,
       pg_catalog.pg_type_is_visible(t.oid) AS visible,
       ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'e' AND ($1 = '*' OR n.nspname = $1)
ORDER BY n.nspname, t.typname
