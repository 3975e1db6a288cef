-- For SET NOT NULL on column $2 of table $1: is the column NOT NULL already, and does a
-- validated CHECK (column IS NOT NULL) let PostgreSQL skip the scan (12 and later)?
SELECT a.attnotnull AS not_null,
       EXISTS (
         SELECT 1
         FROM pg_catalog.pg_constraint k
         WHERE k.conrelid = a.attrelid
           AND k.contype = 'c'
           AND k.convalidated
           AND pg_catalog.regexp_replace(pg_catalog.pg_get_expr(k.conbin, k.conrelid), '[()\s]', '', 'g')
               = pg_catalog.quote_ident(a.attname) || 'ISNOTNULL'
       ) AS proven
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = $1::bigint::oid AND a.attname = $2 AND NOT a.attisdropped;
