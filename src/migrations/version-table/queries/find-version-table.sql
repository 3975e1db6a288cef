-- The migration tool's bookkeeping table: the one an unqualified name resolves to (first in
-- search_path), else the first schema holding a table of that name. Also its column names,
-- which tell golang-migrate's schema_migrations (version, dirty) from dbmate's (version).
-- Parameters: $1 table name, $2 schema name or NULL for any.
SELECT n.nspname::text AS schema,
       c.relname::text AS name,
       ARRAY(SELECT a.attname::text
               FROM pg_catalog.pg_attribute a
              WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
              ORDER BY a.attnum) AS columns
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relname = $1
   AND c.relkind IN ('r', 'p')
   AND ($2::text IS NULL OR n.nspname = $2::text)
 ORDER BY array_position(pg_catalog.current_schemas(false), n.nspname) NULLS LAST, n.nspname
 LIMIT 1;
