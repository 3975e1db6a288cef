-- Inspector.get_indexes(): a table's indexes except its primary key, with key and INCLUDE columns
-- (NULL for an expression), method, predicate and the constraint an index backs.
-- Arrays are of text, not name: a server session (node-postgres) returns name[] as one unparsed string.
SELECT i.relname AS name,
       ix.indisunique AS "unique",
       ARRAY(SELECT CASE WHEN k.attnum = 0 THEN NULL ELSE a.attname::text END
             FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
             LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
             WHERE k.ord <= ix.indnkeyatts ORDER BY k.ord) AS column_names,
       ARRAY(SELECT a.attname::text
             FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
             WHERE k.ord > ix.indnkeyatts ORDER BY k.ord) AS include_columns,
       ARRAY(SELECT pg_get_indexdef(ix.indexrelid, k.ord::int, true)
             FROM generate_series(1, ix.indnkeyatts) AS k(ord)) AS expressions,
       am.amname AS method,
       pg_get_expr(ix.indpred, ix.indrelid) AS predicate,
       con.conname AS constraint_name
FROM pg_catalog.pg_index ix
JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid
JOIN pg_catalog.pg_class t ON t.oid = ix.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
JOIN pg_catalog.pg_am am ON am.oid = i.relam
LEFT JOIN pg_catalog.pg_constraint con ON con.conindid = ix.indexrelid AND con.contype IN ('u', 'x')
WHERE n.nspname = $1 AND t.relname = $2 AND NOT ix.indisprimary
ORDER BY i.relname
