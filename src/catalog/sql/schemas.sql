-- Schemas, without system schemas and schemas created by extensions.
-- Parameters (all queries): $1 text[] schemas to include (NULL: all), $2 text[] schemas to
-- exclude (NULL: none). In psql: PREPARE q(text[], text[]) AS <this query>; EXECUTE q(NULL, NULL);
SELECT n.nspname::text AS name,
       pg_get_userbyid(n.nspowner)::text AS owner,
       d.description AS comment
FROM pg_namespace n
LEFT JOIN pg_description d
       ON d.classoid = 'pg_namespace'::regclass AND d.objoid = n.oid AND d.objsubid = 0
WHERE n.nspname NOT LIKE 'pg\_%'
  AND n.nspname <> 'information_schema'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND ($2::text[] IS NULL OR n.nspname <> ALL ($2::text[]))
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_namespace'::regclass AND e.objid = n.oid AND e.deptype = 'e');
