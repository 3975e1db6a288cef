-- Row-level security policies, without those on extension or bookkeeping tables.
-- A relation another session dropped after this transaction's snapshot was taken is still in
-- the snapshot's pg_class, but the deparse functions look it up in the server's current catalog
-- and fail on it: rows of a relation the server's catalog cache no longer has
-- (pg_table_is_visible is NULL, a cache lookup) are left out, and introspection then reads again
-- or leaves the relation out whole (dropped-while-reading.sql).
-- Parameters: $1 text[] include schemas or NULL, $2 text[] exclude schemas or NULL,
-- $3 text[] bookkeeping table names to leave out.
SELECT n.nspname::text AS schema,
       c.relname::text AS table,
       p.polname::text AS name,
       p.polcmd::text AS command,
       p.polpermissive AS permissive,
       ARRAY(SELECT CASE WHEN r.oid = 0 THEN 'public' ELSE pg_get_userbyid(r.oid)::text END
             FROM unnest(p.polroles) AS r(oid)) AS roles,
       pg_get_expr(p.polqual, p.polrelid) AS using,
       pg_get_expr(p.polwithcheck, p.polrelid) AS with_check,
       d.description AS comment
FROM pg_policy p
JOIN pg_class c ON c.oid = p.polrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description d
       ON d.classoid = 'pg_policy'::regclass AND d.objoid = p.oid AND d.objsubid = 0
WHERE n.nspname NOT LIKE 'pg\_%'
  AND n.nspname <> 'information_schema'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND ($2::text[] IS NULL OR n.nspname <> ALL ($2::text[]))
  AND c.relname <> ALL ($3::text[])
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
  AND pg_table_is_visible(c.oid) IS NOT NULL;
