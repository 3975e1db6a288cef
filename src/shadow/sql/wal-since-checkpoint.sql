-- Bytes of WAL written since the last checkpoint's redo point: what a checkpoint now would let
-- the embedded shadow remove or recycle. Qualified: the script applied may create functions.
SELECT pg_catalog.pg_wal_lsn_diff(pg_catalog.pg_current_wal_insert_lsn(), redo_lsn)::float8 AS bytes
FROM pg_catalog.pg_control_checkpoint()
