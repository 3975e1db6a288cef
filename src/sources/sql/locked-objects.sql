-- What another session holds an ACCESS EXCLUSIVE lock on in this database: the only lock mode
-- that blocks the ACCESS SHARE locks a catalog read takes, so what a read that ran into its
-- lock timeout was waiting for. Named fully qualified, as "table public.orders".
SELECT o.type || ' ' || o.identity AS object, l.pid
FROM pg_locks l
CROSS JOIN LATERAL pg_identify_object(COALESCE(l.classid, 'pg_class'::regclass), COALESCE(l.objid, l.relation), COALESCE(l.objsubid, 0)) o
WHERE l.granted
  AND l.mode = 'AccessExclusiveLock'
  AND l.locktype IN ('relation', 'object')
  AND l.pid <> pg_backend_pid()
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND o.identity IS NOT NULL
ORDER BY 1, 2
LIMIT 6;
