-- Run once the read transaction has ended, with the OIDs read-oids.sql returned inside it: those
-- of the relations and routines another session dropped while the catalog was being read. A new
-- transaction sees every drop committed since (the catalog functions that failed or gave NULL
-- for them saw the same, the read transaction's snapshot did not).
-- Parameters: $1 oid[] relations and routines.
SELECT o.oid::text AS oid
FROM unnest($1::oid[]) AS o(oid)
WHERE NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = o.oid)
  AND NOT EXISTS (SELECT 1 FROM pg_proc p WHERE p.oid = o.oid);
