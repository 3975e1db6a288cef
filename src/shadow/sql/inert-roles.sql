-- Of the roles named in $1 (text[]), those the throwaway role may become a member of: roles
-- that can do nothing outside pgdrift's shadow databases. Not a predefined role (pg_*, or
-- an OID below FirstNormalObjectId), no power over the cluster, a member of no other role,
-- and nothing owned or granted in any other database, nor any database, tablespace or
-- parameter (pg_shdepend with dbid 0) — other pgdrift shadow databases aside.
SELECT r.rolname::text AS rolname
FROM pg_roles r
WHERE r.rolname = ANY ($1::text[])
  AND r.oid >= 16384
  AND r.rolname NOT LIKE 'pg\_%'
  AND NOT (r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolreplication OR r.rolbypassrls)
  AND NOT EXISTS (SELECT 1 FROM pg_auth_members m WHERE m.member = r.oid)
  AND NOT EXISTS (
    SELECT 1 FROM pg_shdepend s
    LEFT JOIN pg_database d ON d.oid = s.dbid
    WHERE s.refclassid = 'pg_authid'::regclass
      AND s.refobjid = r.oid
      AND (d.datname IS NULL OR d.datname NOT LIKE 'pgdrift\_shadow\_%'))
