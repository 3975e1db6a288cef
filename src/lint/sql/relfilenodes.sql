-- The storage file of every table and materialized view: a statement that rewrites a table
-- gives it a new relfilenode (even an empty one), one that only scans or locks it does not.
-- Partitioned tables have no storage of their own (relfilenode 0): their partitions are listed.
SELECT c.oid::bigint AS oid, c.relfilenode::bigint AS relfilenode
FROM pg_catalog.pg_class c
WHERE c.relkind IN ('r', 'm', 't')
  AND c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace);
