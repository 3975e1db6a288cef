-- Views and materialized views, without those owned by extensions. A view's WITH CHECK OPTION
-- is stored as the reloption check_option=… and so appears among the options. Comments on the
-- columns come as a json array of { name, comment }, only the commented ones, in attnum order.
-- A relation another session dropped after this transaction's snapshot was taken is still in
-- the snapshot's pg_class, but the deparse functions look it up in the server's current catalog
-- and fail on it: rows of a relation the server's catalog cache no longer has
-- (pg_table_is_visible is NULL, a cache lookup) are left out, and introspection then reads again
-- or leaves the relation out whole (dropped-while-reading.sql).
-- Parameters: $1 text[] include schemas or NULL, $2 text[] exclude schemas or NULL.
SELECT n.nspname::text AS schema,
       c.relname::text AS name,
       c.relkind = 'm' AS materialized,
       pg_get_viewdef(c.oid, true) AS definition,
       coalesce(c.reloptions, '{}')::text[] AS options,
       pg_get_userbyid(c.relowner)::text AS owner,
       d.description AS comment,
       coalesce((SELECT json_agg(json_build_object('name', a.attname::text, 'comment', cd.description) ORDER BY a.attnum)
                 FROM pg_attribute a
                 JOIN pg_description cd
                   ON cd.classoid = 'pg_class'::regclass AND cd.objoid = c.oid AND cd.objsubid = a.attnum
                 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '[]') AS column_comments
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description d
       ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid AND d.objsubid = 0
WHERE c.relkind IN ('v', 'm')
  AND n.nspname NOT LIKE 'pg\_%'
  AND n.nspname <> 'information_schema'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND ($2::text[] IS NULL OR n.nspname <> ALL ($2::text[]))
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
  -- pg_get_viewdef opens the view first thing; pg_relation_size opens it the same way (taking
  -- in the catalog changes committed meanwhile) but gives NULL where the view is gone.
  AND pg_relation_size(c.oid) IS NOT NULL;
