-- Privileges on schemas, tables/views, columns, sequences and functions, one row per grantee
-- and privilege. A NULL ACL means the built-in defaults (acldefault), which for functions
-- include EXECUTE to PUBLIC: expanding them is what makes a REVOKE … FROM PUBLIC visible.
-- The owner's own rights are left out while they are the built-in full set: a GRANT to anyone
-- writes the owner's full entry into the ACL, which says nothing. Once something was revoked
-- from the owner, its remaining privileges are listed (what is missing then shows). Left out
-- too: every object the other queries leave out (extension members, bookkeeping tables,
-- identity sequences).
-- Parameters: $1 text[] include schemas or NULL, $2 text[] exclude schemas or NULL,
-- $3 text[] bookkeeping table names to leave out.
WITH acl AS (
  SELECT 'schema' AS object_type, n.nspname::text AS schema, n.nspname::text AS object,
         NULL::text AS column, n.nspowner AS owner,
         coalesce(n.nspacl, acldefault('n', n.nspowner)) AS acl,
         acldefault('n', n.nspowner) AS default_acl
  FROM pg_namespace n
  WHERE n.nspname NOT LIKE 'pg\_%'
    AND n.nspname <> 'information_schema'
    AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
    AND ($2::text[] IS NULL OR n.nspname <> ALL ($2::text[]))
    AND NOT EXISTS (SELECT 1 FROM pg_depend e
                    WHERE e.classid = 'pg_namespace'::regclass AND e.objid = n.oid AND e.deptype = 'e')
  UNION ALL
  SELECT CASE WHEN c.relkind = 'S' THEN 'sequence' ELSE 'table' END, n.nspname::text, c.relname::text,
         NULL::text, c.relowner,
         coalesce(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner)),
         acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner)
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_depend o
         ON c.relkind = 'S' AND o.classid = 'pg_class'::regclass AND o.objid = c.oid
        AND o.refclassid = 'pg_class'::regclass AND o.refobjsubid > 0 AND o.deptype IN ('a', 'i')
  LEFT JOIN pg_class tc ON tc.oid = o.refobjid
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')
    -- The default ACL of a table or sequence holds the owner's full rights only: nothing to report.
    AND c.relacl IS NOT NULL
    AND (o.deptype IS NULL OR o.deptype = 'a')
    AND c.relname <> ALL ($3::text[])
    AND (tc.relname IS NULL OR tc.relname <> ALL ($3::text[]))
    AND n.nspname NOT LIKE 'pg\_%'
    AND n.nspname <> 'information_schema'
    AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
    AND ($2::text[] IS NULL OR n.nspname <> ALL ($2::text[]))
    AND NOT EXISTS (SELECT 1 FROM pg_depend e
                    WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
  UNION ALL
  SELECT 'column', n.nspname::text, c.relname::text, a.attname::text, c.relowner, a.attacl,
         acldefault('c', c.relowner)
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE a.attacl IS NOT NULL
    AND a.attnum > 0
    AND NOT a.attisdropped
    AND c.relkind IN ('r', 'p', 'v', 'm')
    AND c.relname <> ALL ($3::text[])
    AND n.nspname NOT LIKE 'pg\_%'
    AND n.nspname <> 'information_schema'
    AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
    AND ($2::text[] IS NULL OR n.nspname <> ALL ($2::text[]))
    AND NOT EXISTS (SELECT 1 FROM pg_depend e
                    WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
  UNION ALL
  SELECT 'function', n.nspname::text, p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
         NULL::text, p.proowner, coalesce(p.proacl, acldefault('f', p.proowner)),
         acldefault('f', p.proowner)
  FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE n.nspname NOT LIKE 'pg\_%'
    AND n.nspname <> 'information_schema'
    AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
    AND ($2::text[] IS NULL OR n.nspname <> ALL ($2::text[]))
    AND NOT EXISTS (SELECT 1 FROM pg_depend e
                    WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e')
),
-- Decided once per object (MATERIALIZED: inlined, the comparison ran once per privilege row),
-- and without expanding anything when the ACL is the default one (no GRANT or REVOKE ever ran,
-- the common case).
owner_rights AS MATERIALIZED (
  SELECT acl.*,
         CASE WHEN acl.acl = acl.default_acl THEN true
              ELSE ARRAY(SELECT DISTINCT o.privilege_type || ' ' || o.is_grantable::text
                         FROM aclexplode(acl.acl) AS o WHERE o.grantee = acl.owner ORDER BY 1)
                   = ARRAY(SELECT DISTINCT o.privilege_type || ' ' || o.is_grantable::text
                           FROM aclexplode(acl.default_acl) AS o WHERE o.grantee = acl.owner ORDER BY 1)
         END AS owner_default
  FROM acl
)
-- The same privilege granted by several grantors is one fact about the grantee.
SELECT acl.object_type,
       acl.schema,
       acl.object,
       acl.column,
       CASE WHEN x.grantee = 0 THEN 'public' ELSE pg_get_userbyid(x.grantee)::text END AS grantee,
       x.privilege_type AS privilege,
       bool_or(x.is_grantable) AS grantable
FROM owner_rights AS acl
CROSS JOIN LATERAL aclexplode(acl.acl) AS x
WHERE x.grantee <> acl.owner OR NOT acl.owner_default
GROUP BY 1, 2, 3, 4, 5, 6;
