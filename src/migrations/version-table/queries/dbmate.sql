-- dbmate: one row per applied migration.
SELECT version::text AS version FROM {{table}} ORDER BY 1;
