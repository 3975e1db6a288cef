-- Server facts read once before the object queries: the version picks version-specific
-- queries, current_user decides which owners a shadow database did not declare, and the
-- session settings that shape catalog text are saved so introspect can restore them after
-- pinning them (pin-settings.sql).
SELECT current_setting('server_version_num')::int AS server_version_num,
       current_user::text AS current_user,
       current_setting('search_path') AS search_path,
       current_setting('TimeZone') AS timezone,
       current_setting('DateStyle') AS datestyle,
       current_setting('IntervalStyle') AS intervalstyle,
       current_setting('extra_float_digits') AS extra_float_digits,
       current_setting('jit') AS jit,
       current_setting('bytea_output') AS bytea_output,
       current_setting('standard_conforming_strings') AS standard_conforming_strings,
       current_setting('quote_all_identifiers') AS quote_all_identifiers;
