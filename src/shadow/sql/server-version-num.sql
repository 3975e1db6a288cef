-- The server's version as a number, e.g. 180004 (DROP DATABASE … WITH (FORCE) needs 130000).
SELECT current_setting('server_version_num')::int AS server_version_num
