-- User triggers on tables and views. Left out: internal triggers (foreign keys…), triggers a
-- partition inherits from its parent's trigger (tgparentid ≠ 0) unless enabled or disabled
-- apart from that parent (ALTER TABLE partition DISABLE TRIGGER), triggers on tables owned by
-- extensions or on bookkeeping tables. The WHEN condition only exists as part of
-- pg_get_triggerdef's text, so it is cut out of it (the definition is computed once: OFFSET 0
-- keeps the planner from copying the call into both columns).
-- A relation another session dropped after this transaction's snapshot was taken is still in
-- the snapshot's pg_class, but the deparse functions look it up in the server's current catalog
-- and fail on it: rows of a relation the server's catalog cache no longer has
-- (pg_table_is_visible is NULL, a cache lookup) are left out, and introspection then reads again
-- or leaves the relation out whole (dropped-while-reading.sql).
-- Parameters: $1 text[] include schemas or NULL, $2 text[] exclude schemas or NULL,
-- $3 text[] bookkeeping table names to leave out.
SELECT n.nspname::text AS schema,
       c.relname::text AS table,
       t.tgname::text AS name,
       td.definition,
       t.tgtype::int AS type,
       fn.nspname || '.' || f.proname AS function,
       substring(td.definition FROM ' WHEN \((.*)\) EXECUTE (FUNCTION|PROCEDURE) ') AS condition,
       t.tgenabled::text AS enabled,
       d.description AS comment
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_proc f ON f.oid = t.tgfoid
JOIN pg_namespace fn ON fn.oid = f.pronamespace
CROSS JOIN LATERAL (SELECT pg_get_triggerdef(t.oid) AS definition OFFSET 0) td
LEFT JOIN pg_description d
       ON d.classoid = 'pg_trigger'::regclass AND d.objoid = t.oid AND d.objsubid = 0
WHERE NOT t.tgisinternal
  AND (t.tgparentid = 0
       OR t.tgenabled IS DISTINCT FROM (SELECT pt.tgenabled FROM pg_trigger pt WHERE pt.oid = t.tgparentid))
  AND n.nspname NOT LIKE 'pg\_%'
  AND n.nspname <> 'information_schema'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND ($2::text[] IS NULL OR n.nspname <> ALL ($2::text[]))
  AND c.relname <> ALL ($3::text[])
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
  AND pg_table_is_visible(c.oid) IS NOT NULL;
