-- SET LOCAL for the current transaction, written as set_config so the values can be parameters.
-- Waiting for a lock held by running DDL must end soon, and so must any single query.
-- Parameters: $1 lock_timeout (e.g. '5000ms'), $2 statement_timeout (e.g. '60000ms').
SELECT set_config('lock_timeout', $1::text, true) AS lock_timeout,
       set_config('statement_timeout', $2::text, true) AS statement_timeout;
