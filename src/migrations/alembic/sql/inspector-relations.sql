-- Inspector.get_table_names() / get_view_names() / get_sequence_names() / has_table(): relations of
-- the given kinds in one schema, by name.
SELECT c.relname AS name
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind = ANY ($2::"char"[])
ORDER BY c.relname
