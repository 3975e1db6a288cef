-- Run in the first session, inside its REPEATABLE READ READ ONLY transaction (begin-read-only.sql):
-- names that transaction's snapshot so that other sessions can read exactly the same state of
-- the database (import-snapshot.sql). Allowed in a read-only transaction and for any role; the
-- name stays valid while this transaction is open.
SELECT pg_export_snapshot() AS snapshot;
