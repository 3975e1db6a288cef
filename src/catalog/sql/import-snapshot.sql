-- Starts the transaction of a further session on the snapshot the first session exported
-- (export-snapshot.sql): read-only, REPEATABLE READ, and seeing exactly what the first sees, so
-- that catalog queries spread over several sessions still give one consistent picture.
-- SET TRANSACTION SNAPSHOT must come before any other query of the transaction and is a
-- utility statement, which takes no parameters: the placeholder after SNAPSHOT is replaced by
-- the quoted name pg_export_snapshot() returned (checked to be only hexadecimal digits and
-- dashes first).
BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
SET TRANSACTION SNAPSHOT :snapshot;
