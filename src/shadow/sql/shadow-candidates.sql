-- Databases and roles named like pgdrift's shadows, with their comment (the marker pgdrift
-- writes) and whether anything still uses them: a session connected to the database, logged
-- in as the role, or a pgdrift run announcing it in application_name (its admin session lives
-- as long as the run). What is in use belongs to a live run and is never dropped.
SELECT 'database' AS kind, d.datname::text AS name,
       shobj_description(d.oid, 'pg_database') AS marker,
       EXISTS (SELECT 1 FROM pg_stat_activity a
               WHERE a.datid = d.oid OR a.application_name = 'pgdrift ' || d.datname) AS in_use
FROM pg_database d
WHERE d.datname LIKE 'pgdrift\_shadow\_%'
UNION ALL
SELECT 'role', r.rolname::text,
       shobj_description(r.oid, 'pg_authid'),
       EXISTS (SELECT 1 FROM pg_database d WHERE d.datname = r.rolname)
         OR EXISTS (SELECT 1 FROM pg_stat_activity a
                    WHERE a.usesysid = r.oid OR a.application_name = 'pgdrift ' || r.rolname)
FROM pg_roles r
WHERE r.rolname LIKE 'pgdrift\_shadow\_%'
ORDER BY 1, 2
