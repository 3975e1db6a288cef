-- Table constraints: primary key, foreign key, unique, check, exclusion. Left out: NOT NULL
-- rows (contype 'n', PostgreSQL 18+; nullability is reported on the column), constraint
-- triggers (reported as triggers), and constraints a partition or child inherits from its
-- parent (conparentid ≠ 0 or not conislocal: the parent's constraint is reported already).
-- The tables are chosen first (one extension-membership probe per table, not per constraint).
-- Column names are looked up key by key through pg_attribute's index, in conkey order: a join
-- of all keys with the whole pg_attribute and one aggregate cost as much as
-- pg_get_constraintdef itself. A key number without a pg_attribute row (0: a whole-row
-- reference in a CHECK) has no name and is left out.
-- A relation another session dropped after this transaction's snapshot was taken is still in
-- the snapshot's pg_class, but the deparse functions look it up in the server's current catalog
-- and fail on it: rows of a relation the server's catalog cache no longer has
-- (pg_table_is_visible is NULL, a cache lookup) are left out, and introspection then reads again
-- or leaves the relation out whole (dropped-while-reading.sql).
-- Parameters: $1 text[] include schemas or NULL, $2 text[] exclude schemas or NULL,
-- $3 text[] bookkeeping table names to leave out.
WITH tbl AS MATERIALIZED (
  SELECT c.oid, c.relname, n.nspname
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p')
    AND n.nspname NOT LIKE 'pg\_%'
    AND n.nspname <> 'information_schema'
    AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
    AND ($2::text[] IS NULL OR n.nspname <> ALL ($2::text[]))
    AND c.relname <> ALL ($3::text[])
    AND NOT EXISTS (SELECT 1 FROM pg_depend e
                    WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
    AND pg_table_is_visible(c.oid) IS NOT NULL
)
SELECT t.nspname::text AS schema,
       t.relname::text AS table,
       k.conname::text AS name,
       k.contype::text AS type,
       pg_get_constraintdef(k.oid) AS definition,
       array_remove(ARRAY(SELECT (SELECT a.attname::text FROM pg_attribute a
                                  WHERE a.attrelid = k.conrelid AND a.attnum = u.attnum)
                          FROM unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord)
                          ORDER BY u.ord), NULL) AS columns,
       k.convalidated AS validated,
       k.condeferrable AS deferrable,
       k.condeferred AS initially_deferred,
       fn.nspname::text AS ref_schema,
       fc.relname::text AS ref_table,
       CASE WHEN k.contype = 'f' THEN
         array_remove(ARRAY(SELECT (SELECT a.attname::text FROM pg_attribute a
                                    WHERE a.attrelid = k.confrelid AND a.attnum = u.attnum)
                            FROM unnest(k.confkey) WITH ORDINALITY AS u(attnum, ord)
                            ORDER BY u.ord), NULL)
       END AS ref_columns,
       k.confmatchtype::text AS match,
       k.confupdtype::text AS on_update,
       k.confdeltype::text AS on_delete,
       d.description AS comment
FROM tbl t
JOIN pg_constraint k ON k.conrelid = t.oid
LEFT JOIN pg_class fc ON fc.oid = k.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
LEFT JOIN pg_description d
       ON d.classoid = 'pg_constraint'::regclass AND d.objoid = k.oid AND d.objsubid = 0
WHERE k.contype IN ('p', 'f', 'u', 'c', 'x')
  AND k.conparentid = 0
  AND k.conislocal
  -- The referenced table and the backing index are read by pg_get_constraintdef too.
  AND (k.confrelid = 0 OR pg_table_is_visible(k.confrelid) IS NOT NULL)
  AND (k.conindid = 0 OR pg_table_is_visible(k.conindid) IS NOT NULL);
