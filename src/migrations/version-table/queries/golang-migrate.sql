-- golang-migrate: a single row, the last version run and whether that run failed half-way.
SELECT version::text AS version, dirty FROM {{table}} ORDER BY version;
