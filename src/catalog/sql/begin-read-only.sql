-- The whole introspection is one read-only transaction: it cannot write, and REPEATABLE READ
-- gives one consistent picture of the catalog even while DDL runs elsewhere.
BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
