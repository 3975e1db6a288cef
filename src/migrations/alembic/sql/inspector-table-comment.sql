-- Inspector.get_table_comment()
SELECT obj_description(c.oid, 'pg_class') AS text
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relname = $2
