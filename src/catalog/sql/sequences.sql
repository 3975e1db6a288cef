-- Sequences, without identity sequences (reported as the column's identity), sequences owned
-- by extensions, and sequences OWNED BY a bookkeeping table's column. ownedBy is the
-- `schema.table.column` of a serial column's sequence.
-- Parameters: $1 text[] include schemas or NULL, $2 text[] exclude schemas or NULL,
-- $3 text[] bookkeeping table names to leave out.
SELECT n.nspname::text AS schema,
       c.relname::text AS name,
       format_type(s.seqtypid, NULL) AS type,
       s.seqstart::text AS start,
       s.seqincrement::text AS increment,
       s.seqmin::text AS min,
       s.seqmax::text AS max,
       s.seqcache::text AS cache,
       s.seqcycle AS cycle,
       CASE WHEN tc.oid IS NOT NULL THEN tn.nspname || '.' || tc.relname || '.' || ta.attname END AS owned_by,
       pg_get_userbyid(c.relowner)::text AS owner,
       d.description AS comment
FROM pg_sequence s
JOIN pg_class c ON c.oid = s.seqrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_depend o
       ON o.classid = 'pg_class'::regclass AND o.objid = c.oid
      AND o.refclassid = 'pg_class'::regclass AND o.refobjsubid > 0 AND o.deptype IN ('a', 'i')
LEFT JOIN pg_class tc ON tc.oid = o.refobjid
LEFT JOIN pg_namespace tn ON tn.oid = tc.relnamespace
LEFT JOIN pg_attribute ta ON ta.attrelid = o.refobjid AND ta.attnum = o.refobjsubid
LEFT JOIN pg_description d
       ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid AND d.objsubid = 0
WHERE (o.deptype IS NULL OR o.deptype = 'a')
  AND (tc.relname IS NULL OR tc.relname <> ALL ($3::text[]))
  AND n.nspname NOT LIKE 'pg\_%'
  AND n.nspname <> 'information_schema'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND ($2::text[] IS NULL OR n.nspname <> ALL ($2::text[]))
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e');
