-- Table constraints: primary key, foreign key, unique, check, exclusion. Left out: NOT NULL
-- rows (contype 'n', PostgreSQL 18+; nullability is reported on the column), constraint
-- triggers (reported as triggers), and constraints a partition or child inherits from its
-- parent (conparentid ≠ 0 or not conislocal: the parent's constraint is reported already).
-- Parameters: $1 text[] include schemas or NULL, $2 text[] exclude schemas or NULL,
-- $3 text[] bookkeeping table names to leave out.
WITH con AS (
  SELECT k.oid, k.conname, k.contype, k.conrelid, k.confrelid, k.conkey, k.confkey,
         k.convalidated, k.condeferrable, k.condeferred, k.confmatchtype, k.confupdtype, k.confdeltype,
         n.nspname, c.relname
  FROM pg_constraint k
  JOIN pg_class c ON c.oid = k.conrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE k.contype IN ('p', 'f', 'u', 'c', 'x')
    AND k.conparentid = 0
    AND k.conislocal
    AND c.relkind IN ('r', 'p')
    AND n.nspname NOT LIKE 'pg\_%'
    AND n.nspname <> 'information_schema'
    AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
    AND ($2::text[] IS NULL OR n.nspname <> ALL ($2::text[]))
    AND c.relname <> ALL ($3::text[])
    AND NOT EXISTS (SELECT 1 FROM pg_depend e
                    WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
),
-- Column names for conkey and confkey of all constraints at once: one join, one aggregate.
cols AS (
  SELECT u.oid,
         array_agg(a.attname::text ORDER BY u.ord) FILTER (WHERE NOT u.referenced) AS names,
         array_agg(a.attname::text ORDER BY u.ord) FILTER (WHERE u.referenced) AS ref_names
  FROM (SELECT c.oid, false AS referenced, c.conrelid AS relid, k.attnum, k.ord
        FROM con c CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
        UNION ALL
        SELECT c.oid, true, c.confrelid, k.attnum, k.ord
        FROM con c CROSS JOIN LATERAL unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)
        WHERE c.contype = 'f') AS u
  JOIN pg_attribute a ON a.attrelid = u.relid AND a.attnum = u.attnum
  GROUP BY u.oid
)
SELECT c.nspname::text AS schema,
       c.relname::text AS table,
       c.conname::text AS name,
       c.contype::text AS type,
       pg_get_constraintdef(c.oid) AS definition,
       coalesce(cols.names, '{}') AS columns,
       c.convalidated AS validated,
       c.condeferrable AS deferrable,
       c.condeferred AS initially_deferred,
       fn.nspname::text AS ref_schema,
       fc.relname::text AS ref_table,
       cols.ref_names AS ref_columns,
       c.confmatchtype::text AS match,
       c.confupdtype::text AS on_update,
       c.confdeltype::text AS on_delete,
       d.description AS comment
FROM con c
LEFT JOIN cols ON cols.oid = c.oid
LEFT JOIN pg_class fc ON fc.oid = c.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
LEFT JOIN pg_description d
       ON d.classoid = 'pg_constraint'::regclass AND d.objoid = c.oid AND d.objsubid = 0;
