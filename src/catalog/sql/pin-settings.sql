-- The session settings that change how catalog functions print (pg_get_expr, format_type,
-- pg_get_constraintdef, pg_get_indexdef, pg_get_viewdef, partition bounds…). With an empty
-- search_path every user object is schema-qualified; the time zone and date/interval styles
-- decide how constants such as '2024-01-01'::timestamptz are spelled, bytea_output how a bytea
-- constant is ('\xff' or '\377'), standard_conforming_strings whether a backslash in a literal
-- is doubled, quote_all_identifiers whether every name is quoted. Pinned to the same
-- values everywhere, the same schema prints the same text on every server and session.
-- JIT does not change any text, only speed: the catalog queries are short, and compiling them
-- (which the planner starts once a large catalog makes their estimated cost high enough) can
-- cost more than running them.
-- Parameters: $1 search_path, $2 TimeZone, $3 DateStyle, $4 IntervalStyle, $5 extra_float_digits,
-- $6 jit, $7 bytea_output, $8 standard_conforming_strings, $9 quote_all_identifiers (introspect
-- pins '', 'UTC', 'ISO, MDY', 'postgres', '1', 'off', 'hex', 'on', 'off' and afterwards restores
-- the old values).
SELECT set_config('search_path', $1::text, false) AS search_path,
       set_config('TimeZone', $2::text, false) AS timezone,
       set_config('DateStyle', $3::text, false) AS datestyle,
       set_config('IntervalStyle', $4::text, false) AS intervalstyle,
       set_config('extra_float_digits', $5::text, false) AS extra_float_digits,
       set_config('jit', $6::text, false) AS jit,
       set_config('bytea_output', $7::text, false) AS bytea_output,
       set_config('standard_conforming_strings', $8::text, false) AS standard_conforming_strings,
       set_config('quote_all_identifiers', $9::text, false) AS quote_all_identifiers;
