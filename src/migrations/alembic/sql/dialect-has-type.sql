-- PGDialect.has_type(): whether a type of this name exists, in the schema given or visible on the search path.
SELECT EXISTS (
  SELECT 1
  FROM pg_catalog.pg_type t
  JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
  WHERE t.typname = $1 AND (CASE WHEN $2::text IS NULL THEN pg_catalog.pg_type_is_visible(t.oid) ELSE n.nspname = $2::text END)
) AS found
