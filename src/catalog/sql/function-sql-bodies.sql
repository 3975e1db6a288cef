-- SQL-standard function bodies (BEGIN ATOMIC … END / RETURN …), PostgreSQL 14+ only:
-- prosqlbody and pg_get_function_sqlbody do not exist before 14.
-- Parameters: $1 text[] include schemas or NULL, $2 text[] exclude schemas or NULL.
SELECT n.nspname::text AS schema,
       p.proname::text AS name,
       pg_get_function_identity_arguments(p.oid) AS identity_arguments,
       pg_get_function_sqlbody(p.oid) AS body
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.prosqlbody IS NOT NULL
  AND n.nspname NOT LIKE 'pg\_%'
  AND n.nspname <> 'information_schema'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND ($2::text[] IS NULL OR n.nspname <> ALL ($2::text[]))
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e');
