-- Installed extensions. plpgsql is part of every database (template1), so it is never news.
-- The schema filter applies to the schema the extension was installed in.
-- Parameters: $1 text[] include schemas or NULL, $2 text[] exclude schemas or NULL.
SELECT x.extname::text AS name,
       x.extversion AS version,
       n.nspname::text AS schema
FROM pg_extension x
JOIN pg_namespace n ON n.oid = x.extnamespace
WHERE x.extname <> 'plpgsql'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND ($2::text[] IS NULL OR n.nspname <> ALL ($2::text[]));
