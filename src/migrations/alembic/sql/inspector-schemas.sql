-- Inspector.get_schema_names(): schemas other than PostgreSQL's own.
SELECT nspname AS name
FROM pg_catalog.pg_namespace
WHERE nspname NOT LIKE 'pg\_%' AND nspname <> 'information_schema'
ORDER BY nspname
