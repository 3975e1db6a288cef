-- Indexes on tables, partitioned tables and materialized views. Each key is the column name,
-- or for an expression the text pg_get_indexdef(oid, n, true) prints for it, followed by what
-- pg_get_indexdef(oid) prints for the whole index and that function leaves out for a single
-- column: a collation that is not the key's own, a non-default operator class, the sort order.
-- Keys are computed for all indexes at once (joins, then one aggregate), not per index; the
-- column behind a key is looked up through pg_attribute's index (a hash join with the whole
-- pg_attribute costs more). The tables are chosen first (one extension-membership probe per
-- table, not per index), and only the narrow pg_index columns the keys need go through the
-- aggregate.
-- A relation another session dropped after this transaction's snapshot was taken is still in
-- the snapshot's pg_class, but the deparse functions look it up in the server's current catalog
-- and fail on it: rows of a relation the server's catalog cache no longer has
-- (pg_table_is_visible is NULL, a cache lookup) are left out, and introspection then reads again
-- or leaves the relation out whole (dropped-while-reading.sql).
-- Parameters: $1 text[] include schemas or NULL, $2 text[] exclude schemas or NULL,
-- $3 text[] bookkeeping table names to leave out.
WITH tbl AS MATERIALIZED (
  SELECT t.oid, t.relname, n.nspname
  FROM pg_class t
  JOIN pg_namespace n ON n.oid = t.relnamespace
  WHERE t.relkind IN ('r', 'p', 'm')
    AND n.nspname NOT LIKE 'pg\_%'
    AND n.nspname <> 'information_schema'
    AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
    AND ($2::text[] IS NULL OR n.nspname <> ALL ($2::text[]))
    AND t.relname <> ALL ($3::text[])
    AND NOT EXISTS (SELECT 1 FROM pg_depend e
                    WHERE e.classid = 'pg_class'::regclass AND e.objid = t.oid AND e.deptype = 'e')
    AND pg_table_is_visible(t.oid) IS NOT NULL
),
idx AS MATERIALIZED (
  SELECT x.indexrelid, x.indrelid, x.indkey, x.indclass, x.indoption, x.indcollation, x.indnkeyatts,
         x.indisunique, x.indisvalid, x.indpred, tbl.nspname, tbl.relname
  FROM pg_index x
  JOIN tbl ON tbl.oid = x.indrelid
  WHERE pg_table_is_visible(x.indexrelid) IS NOT NULL
),
key AS (
  SELECT i.indexrelid, i.indrelid, i.nspname, i.relname, i.indisunique, i.indisvalid, i.indpred,
         k.n, k.n > i.indnkeyatts AS included,
         -- pg_get_indexdef deparses the whole index on every call: only expressions need it.
         CASE WHEN k.attnum = 0 THEN pg_get_indexdef(i.indexrelid, k.n::int, true)
              ELSE quote_ident((SELECT ta.attname FROM pg_attribute ta
                                WHERE ta.attrelid = i.indrelid AND ta.attnum = k.attnum)) END
         || CASE WHEN co.oid IS NOT NULL
                  AND co.oid <> CASE WHEN k.attnum <> 0
                                     THEN (SELECT ta.attcollation FROM pg_attribute ta
                                           WHERE ta.attrelid = i.indrelid AND ta.attnum = k.attnum)
                                     -- An expression's own collation is its type's: the index's
                                     -- pg_attribute row has the type.
                                     ELSE (SELECT et.typcollation FROM pg_attribute ea
                                           JOIN pg_type et ON et.oid = ea.atttypid
                                           WHERE ea.attrelid = i.indexrelid AND ea.attnum = k.n) END
                 THEN ' COLLATE ' || CASE WHEN con.nspname = 'pg_catalog' THEN quote_ident(co.collname)
                                          ELSE quote_ident(con.nspname) || '.' || quote_ident(co.collname) END
                 ELSE '' END
         || CASE WHEN NOT opc.opcdefault
                 THEN ' ' || CASE WHEN opn.nspname = 'pg_catalog' THEN quote_ident(opc.opcname)
                                  ELSE quote_ident(opn.nspname) || '.' || quote_ident(opc.opcname) END
                 ELSE '' END
         || CASE WHEN (i.indoption[(k.n - 1)::int] & 1) = 1
                 THEN ' DESC' || CASE WHEN (i.indoption[(k.n - 1)::int] & 2) = 0 THEN ' NULLS LAST' ELSE '' END
                 WHEN (i.indoption[(k.n - 1)::int] & 2) = 2 THEN ' NULLS FIRST'
                 ELSE '' END AS text
  FROM idx i
  CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
  -- INCLUDE columns (n > indnkeyatts) have no opclass, collation or order: these stay NULL.
  LEFT JOIN pg_opclass opc ON k.n <= i.indnkeyatts AND opc.oid = i.indclass[(k.n - 1)::int]
  LEFT JOIN pg_namespace opn ON opn.oid = opc.opcnamespace
  LEFT JOIN pg_collation co ON k.n <= i.indnkeyatts AND co.oid = i.indcollation[(k.n - 1)::int]
  LEFT JOIN pg_namespace con ON con.oid = co.collnamespace
),
-- One row per index carries everything the result needs, so the joins below are index
-- lookups or small hashes whatever the planner guesses for the row counts: joining two CTEs
-- (estimated at a fifth of their rows) made it loop over one for each row of the other, 1.1 s
-- for 8,000 indexes instead of 0.2 s.
keys AS (
  SELECT indexrelid, indrelid, nspname, relname, indisunique, indisvalid,
         array_agg(text ORDER BY n) FILTER (WHERE NOT included) AS keys,
         array_agg(text ORDER BY n) FILTER (WHERE included) AS include,
         -- Every index has a first key: its predicate is printed once, there.
         max(pg_get_expr(indpred, indrelid, true)) FILTER (WHERE n = 1) AS predicate
  FROM key
  GROUP BY indexrelid, indrelid, nspname, relname, indisunique, indisvalid
)
SELECT x.nspname::text AS schema,
       x.relname::text AS table,
       ic.relname::text AS name,
       pg_get_indexdef(x.indexrelid) AS definition,
       am.amname::text AS method,
       x.indisunique AS unique,
       coalesce(x.keys, '{}') AS keys,
       coalesce(x.include, '{}') AS include,
       x.predicate,
       x.indisvalid AS valid,
       k.conname::text AS constraint,
       coalesce(ic.reloptions, '{}')::text[] AS options,
       (SELECT d.description FROM pg_description d
        WHERE d.classoid = 'pg_class'::regclass AND d.objoid = x.indexrelid AND d.objsubid = 0) AS comment
FROM keys x
JOIN pg_class ic ON ic.oid = x.indexrelid
JOIN pg_am am ON am.oid = ic.relam
LEFT JOIN pg_constraint k
       ON k.conindid = x.indexrelid AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x');
