-- Stand-alone composite types (CREATE TYPE … AS (…)); a table's row type is not one of them.
-- Attributes in attnum order, dropped ones left out.
-- Parameters: $1 text[] include schemas or NULL, $2 text[] exclude schemas or NULL.
SELECT n.nspname::text AS schema,
       t.typname::text AS name,
       coalesce(a.attributes, '[]') AS attributes,
       pg_get_userbyid(t.typowner)::text AS owner,
       d.description AS comment
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
LEFT JOIN LATERAL (
  SELECT json_agg(json_build_object(
           'name', a.attname::text,
           'type', format_type(a.atttypid, a.atttypmod),
           'collation', CASE WHEN a.attcollation <> at.typcollation THEN
                          CASE WHEN cn.nspname = 'pg_catalog' THEN quote_ident(co.collname)
                               ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END
                        END)
           ORDER BY a.attnum) AS attributes
  FROM pg_attribute a
  JOIN pg_type at ON at.oid = a.atttypid
  LEFT JOIN pg_collation co ON co.oid = a.attcollation
  LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
) a ON true
LEFT JOIN pg_description d
       ON d.classoid = 'pg_type'::regclass AND d.objoid = t.oid AND d.objsubid = 0
WHERE t.typtype = 'c'
  AND n.nspname NOT LIKE 'pg\_%'
  AND n.nspname <> 'information_schema'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND ($2::text[] IS NULL OR n.nspname <> ALL ($2::text[]))
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e');
