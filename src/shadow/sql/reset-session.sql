-- Between two scripts: undo the session state one may leave behind (SET ROLE,
-- SET search_path = '', SET SESSION AUTHORIZATION…), as if each ran in a session of its own.
RESET SESSION AUTHORIZATION;
RESET ROLE;
RESET ALL;
