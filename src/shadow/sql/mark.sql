-- The comment that marks a database or role as a pgdrift shadow: its creation time on the
-- server's clock, and which process on which host made it. $1: 'DATABASE' or 'ROLE',
-- $2: the name, $3: pid, $4: host. Returns the statement to run (COMMENT takes no parameters).
SELECT format('COMMENT ON %s %I IS %L', $1::text, $2::text,
              'pgdrift-shadow ' || json_build_object('created', statement_timestamp(), 'pid', $3::int, 'host', $4::text)::text) AS sql
