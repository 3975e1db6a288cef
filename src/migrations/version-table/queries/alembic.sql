-- Alembic: one row per applied head (several when several branches are applied).
SELECT version_num::text AS version FROM {{table}} ORDER BY 1;
