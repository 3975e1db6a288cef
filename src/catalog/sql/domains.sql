-- Domains with their CHECK constraints (NOT NULL is typnotnull; from PostgreSQL 17 it is also
-- a contype 'n' row, left out here), without domains owned by extensions.
-- Parameters: $1 text[] include schemas or NULL, $2 text[] exclude schemas or NULL.
SELECT n.nspname::text AS schema,
       t.typname::text AS name,
       format_type(t.typbasetype, t.typtypmod) AS base_type,
       CASE WHEN t.typcollation <> bt.typcollation THEN
         CASE WHEN cn.nspname = 'pg_catalog' THEN quote_ident(co.collname)
              ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END
       END AS collation,
       pg_get_expr(t.typdefaultbin, 0) AS default,
       t.typnotnull AS not_null,
       coalesce(k.checks, '[]') AS checks,
       pg_get_userbyid(t.typowner)::text AS owner,
       d.description AS comment
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_type bt ON bt.oid = t.typbasetype
LEFT JOIN pg_collation co ON co.oid = t.typcollation
LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
LEFT JOIN LATERAL (
  SELECT json_agg(json_build_object('name', c.conname::text,
                                    'definition', pg_get_constraintdef(c.oid),
                                    'validated', c.convalidated,
                                    'comment', cd.description)
                  ORDER BY c.conname) AS checks
  FROM pg_constraint c
  LEFT JOIN pg_description cd
         ON cd.classoid = 'pg_constraint'::regclass AND cd.objoid = c.oid AND cd.objsubid = 0
  WHERE c.contypid = t.oid AND c.contype = 'c'
) k ON true
LEFT JOIN pg_description d
       ON d.classoid = 'pg_type'::regclass AND d.objoid = t.oid AND d.objsubid = 0
WHERE t.typtype = 'd'
  AND n.nspname NOT LIKE 'pg\_%'
  AND n.nspname <> 'information_schema'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND ($2::text[] IS NULL OR n.nspname <> ALL ($2::text[]))
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e');
