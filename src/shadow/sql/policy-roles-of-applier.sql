-- A confined server shadow runs the SQL as a throwaway role, so a policy declared
-- `TO CURRENT_USER` names that role. The statements that hand such policies to $1 (text), the
-- role the SQL is deemed applied by (the --shadow-url role, as the embedded shadow's postgres),
-- so that the schema read back does not depend on a random name. 0 in polroles is PUBLIC.
SELECT format('ALTER POLICY %I ON %I.%I TO %s', pol.polname, n.nspname, c.relname,
              (SELECT string_agg(CASE WHEN r.oid = 0 THEN 'PUBLIC'
                                      WHEN r.oid = u.oid THEN quote_ident($1::text)
                                      ELSE quote_ident(a.rolname) END, ', ' ORDER BY r.ord)
               FROM unnest(pol.polroles) WITH ORDINALITY AS r(oid, ord)
               LEFT JOIN pg_roles a ON a.oid = r.oid)) AS sql
FROM pg_policy pol
JOIN pg_class c ON c.oid = pol.polrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_roles u ON u.rolname = current_user
WHERE u.oid = ANY (pol.polroles)
