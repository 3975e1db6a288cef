-- Functions, procedures, aggregates and window functions, without those owned by extensions.
-- `body` is prosrc; a SQL-standard body (BEGIN ATOMIC / RETURN, PostgreSQL 14+) has an empty
-- prosrc and is read by function-sql-bodies.sql instead, which PostgreSQL 13 lacks.
-- Parameters: $1 text[] include schemas or NULL, $2 text[] exclude schemas or NULL.
SELECT n.nspname::text AS schema,
       p.proname::text AS name,
       p.prokind::text AS kind,
       pg_get_function_identity_arguments(p.oid) AS identity_arguments,
       pg_get_function_arguments(p.oid) AS arguments,
       CASE WHEN p.prokind <> 'p' THEN pg_get_function_result(p.oid) END AS returns,
       l.lanname::text AS language,
       p.prosrc AS body,
       p.provolatile::text AS volatility,
       p.proisstrict AS strict,
       p.prosecdef AS security_definer,
       p.proleakproof AS leakproof,
       p.proparallel::text AS parallel,
       coalesce(p.proconfig, '{}')::text[] AS config,
       pg_get_userbyid(p.proowner)::text AS owner,
       d.description AS comment
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
LEFT JOIN pg_description d
       ON d.classoid = 'pg_proc'::regclass AND d.objoid = p.oid AND d.objsubid = 0
WHERE n.nspname NOT LIKE 'pg\_%'
  AND n.nspname <> 'information_schema'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND ($2::text[] IS NULL OR n.nspname <> ALL ($2::text[]))
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e');
