-- What opening a server shadow needs to know: the server's clock (stale shadows are those made
-- before it), its version, and whether the --shadow-url role is a superuser.
SELECT statement_timestamp() AS started,
       current_setting('server_version_num')::int AS server_version_num,
       current_user::text AS current_user,
       (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser
