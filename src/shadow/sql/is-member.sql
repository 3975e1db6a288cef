-- Whether the session's role has the privileges of role $1 (text), through membership: only
-- then may pgdrift hand an object to $1 on its behalf.
SELECT pg_has_role(current_user, $1::text, 'USAGE') AS member
