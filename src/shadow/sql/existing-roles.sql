-- Which of the roles named in $1 (text[]) already exist in the cluster.
SELECT rolname
FROM pg_catalog.pg_roles
WHERE rolname = ANY ($1::text[])
