-- Columns of the tables tables.sql returns, dropped columns left out. A generated column's
-- expression is reported as `generated`, never as a default; an identity column reports the
-- options of its internal sequence instead of a default. A default never refers to a column
-- (PostgreSQL refuses that), so it is printed without the table as context: pg_get_expr with a
-- table opens the table (building its relcache entry in a fresh session) on every call.
-- A relation another session dropped after this transaction's snapshot was taken is still in
-- the snapshot's pg_class, but the deparse functions look it up in the server's current catalog
-- and fail on it: rows of a relation the server's catalog cache no longer has
-- (pg_table_is_visible is NULL, a cache lookup) are left out, and introspection then reads again
-- or leaves the relation out whole (dropped-while-reading.sql).
-- Parameters: $1 text[] include schemas or NULL, $2 text[] exclude schemas or NULL,
-- $3 text[] bookkeeping table names to leave out.
SELECT n.nspname::text AS schema,
       c.relname::text AS table,
       a.attnum::int AS position,
       a.attname::text AS name,
       format_type(a.atttypid, a.atttypmod) AS type,
       CASE WHEN a.attcollation <> t.typcollation THEN
         CASE WHEN cn.nspname = 'pg_catalog' THEN quote_ident(co.collname)
              ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END
       END AS collation,
       a.attnotnull AS not_null,
       CASE WHEN a.attgenerated = '' AND a.attidentity = '' THEN pg_get_expr(ad.adbin, 0) END AS default,
       CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) END AS generated,
       CASE a.attgenerated WHEN 's' THEN 'stored' WHEN 'v' THEN 'virtual' END AS generated_storage,
       a.attidentity::text AS identity,
       format_type(s.seqtypid, NULL) AS seq_type,
       s.seqstart::text AS seq_start,
       s.seqincrement::text AS seq_increment,
       s.seqmin::text AS seq_min,
       s.seqmax::text AS seq_max,
       s.seqcache::text AS seq_cache,
       s.seqcycle AS seq_cycle,
       d.description AS comment
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_collation co ON co.oid = a.attcollation
LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
-- Only identity columns look up their internal sequence (a lateral gated on attidentity, so
-- the other columns cost nothing). From PostgreSQL 17 a partition's identity column uses the
-- sequence of the partitioned table at the root, whose column has the same name.
LEFT JOIN LATERAL (
  SELECT s.*
  FROM pg_attribute ra
  JOIN pg_depend sd
    ON sd.refclassid = 'pg_class'::regclass AND sd.refobjid = ra.attrelid AND sd.refobjsubid = ra.attnum
   AND sd.classid = 'pg_class'::regclass AND sd.deptype = 'i'
  JOIN pg_sequence s ON s.seqrelid = sd.objid
  WHERE a.attidentity <> ''
    AND ra.attrelid = CASE WHEN c.relispartition THEN pg_partition_root(c.oid) ELSE c.oid END
    AND ra.attname = a.attname
) s ON true
LEFT JOIN pg_description d
       ON d.classoid = 'pg_class'::regclass AND d.objoid = a.attrelid AND d.objsubid = a.attnum
WHERE a.attnum > 0
  AND NOT a.attisdropped
  AND c.relkind IN ('r', 'p')
  AND n.nspname NOT LIKE 'pg\_%'
  AND n.nspname <> 'information_schema'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND ($2::text[] IS NULL OR n.nspname <> ALL ($2::text[]))
  AND c.relname <> ALL ($3::text[])
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
  AND pg_table_is_visible(c.oid) IS NOT NULL;
