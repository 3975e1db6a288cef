-- Enum types with their labels in sort order, without enums owned by extensions.
-- Parameters: $1 text[] include schemas or NULL, $2 text[] exclude schemas or NULL.
SELECT n.nspname::text AS schema,
       t.typname::text AS name,
       coalesce(l.labels, '{}') AS labels,
       pg_get_userbyid(t.typowner)::text AS owner,
       d.description AS comment
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN LATERAL (
  SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
  FROM pg_enum e
  WHERE e.enumtypid = t.oid
) l ON true
LEFT JOIN pg_description d
       ON d.classoid = 'pg_type'::regclass AND d.objoid = t.oid AND d.objsubid = 0
WHERE t.typtype = 'e'
  AND n.nspname NOT LIKE 'pg\_%'
  AND n.nspname <> 'information_schema'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND ($2::text[] IS NULL OR n.nspname <> ALL ($2::text[]))
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e');
