-- Ordinary and partitioned tables (columns come from columns.sql), with the parents of plain
-- inheritance, without tables owned by extensions and without migration tools' bookkeeping tables.
-- A relation another session dropped after this transaction's snapshot was taken is still in
-- the snapshot's pg_class, but the deparse functions look it up in the server's current catalog
-- and fail on it: rows of a relation the server's catalog cache no longer has
-- (pg_table_is_visible is NULL, a cache lookup) are left out, and introspection then reads again
-- or leaves the relation out whole (dropped-while-reading.sql).
-- Parameters: $1 text[] include schemas or NULL, $2 text[] exclude schemas or NULL,
-- $3 text[] bookkeeping table names to leave out.
-- In psql: PREPARE q(text[], text[], text[]) AS <this query>; EXECUTE q(NULL, NULL, '{alembic_version}');
SELECT n.nspname::text AS schema,
       c.relname::text AS name,
       c.relkind::text AS relkind,
       c.relpersistence::text AS persistence,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
       CASE WHEN c.relispartition THEN pn.nspname || '.' || pc.relname END AS partition_of,
       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
       -- A partition's one pg_inherits row is its partition parent (partition_of above).
       ARRAY(SELECT hn.nspname || '.' || hc.relname
             FROM pg_inherits h
             JOIN pg_class hc ON hc.oid = h.inhparent
             JOIN pg_namespace hn ON hn.oid = hc.relnamespace
             WHERE h.inhrelid = c.oid AND NOT c.relispartition
             ORDER BY h.inhseqno) AS inherits,
       coalesce(c.reloptions, '{}')::text[] AS options,
       c.relrowsecurity AS rls_enabled,
       c.relforcerowsecurity AS rls_forced,
       pg_get_userbyid(c.relowner)::text AS owner,
       d.description AS comment
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_inherits i ON c.relispartition AND i.inhrelid = c.oid
LEFT JOIN pg_class pc ON pc.oid = i.inhparent
LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace
LEFT JOIN pg_description d
       ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid AND d.objsubid = 0
WHERE c.relkind IN ('r', 'p')
  AND n.nspname NOT LIKE 'pg\_%'
  AND n.nspname <> 'information_schema'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND ($2::text[] IS NULL OR n.nspname <> ALL ($2::text[]))
  AND c.relname <> ALL ($3::text[])
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
  AND pg_table_is_visible(c.oid) IS NOT NULL;
