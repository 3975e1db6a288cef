-- Kysely: one row per applied migration, named after its module.
SELECT name::text AS version FROM {{table}} ORDER BY 1;
