-- Flyway: one row per run, failed runs included (success = false), in the order they ran.
SELECT version::text AS version, type::text AS type, description::text AS description, success
  FROM {{table}}
 ORDER BY installed_rank;
