import type { DriftCase } from '../support/case.js';
import { changed, missing, unexpected } from '../support/expect.js';

const F = 'CREATE FUNCTION f(a integer) RETURNS integer LANGUAGE sql AS $$ SELECT a + 1 $$';
const fn = (...props: string[]) => changed('function', 'function:{s}.f(a integer)', ...props);
const PL = `CREATE FUNCTION g(a integer) RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
  RETURN a + 1;
END
$$`;
const P = 'CREATE TABLE log (m text); CREATE PROCEDURE pr(m text) LANGUAGE sql AS $$ INSERT INTO log VALUES (m) $$';

const TRIGGER_FN = `CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE FUNCTION tf2() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TABLE t (a int, b int)`;
const TR = `${TRIGGER_FN}; CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf()`;
const trg = (...props: string[]) => changed('trigger', 'trigger:{s}.t.tr', ...props);
/** The base has trigger `tr`; the change re-creates it as `definition` (after `CREATE TRIGGER tr`). */
const retrigger = (name: string, definition: string, ...props: string[]) => ({
  name,
  base: TR,
  change: `DROP TRIGGER tr ON t; CREATE TRIGGER tr ${definition}`,
  expect: [trg('definition', ...props)],
});

/**
 * Functions, procedures and triggers.
 * Run by `changes-routines.test.ts` (drift reports) and `test/ddl/round-trip-routines.test.ts` (DDL round trips).
 */
export const routineCases: readonly DriftCase[] = [
  { name: 'function added', base: '', change: F, expect: [unexpected('function', 'function:{s}.f(a integer)')] },
  { name: 'function dropped', base: F, change: 'DROP FUNCTION f(integer)', expect: [missing('function', 'function:{s}.f(a integer)')] },
  { name: 'function body (sql)', base: F, change: 'CREATE OR REPLACE FUNCTION f(a integer) RETURNS integer LANGUAGE sql AS $$ SELECT a + 2 $$', expect: [fn('body')] },
  {
    name: 'function body (plpgsql)',
    base: PL,
    change: PL.replace('CREATE', 'CREATE OR REPLACE').replace('a + 1', 'a + 2'),
    expect: [changed('function', 'function:{s}.g(a integer)', 'body')],
  },
  {
    name: 'function body (SQL-standard BEGIN ATOMIC)',
    minVersion: 140000,
    base: 'CREATE TABLE t (a int); CREATE FUNCTION h() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM t; END',
    change: 'CREATE OR REPLACE FUNCTION h() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM t WHERE a > 0; END',
    expect: [changed('function', 'function:{s}.h()', 'body')],
  },
  {
    name: 'function body (SQL-standard RETURN)',
    minVersion: 140000,
    base: 'CREATE FUNCTION h(x int) RETURNS int LANGUAGE sql RETURN x * 2',
    change: 'CREATE OR REPLACE FUNCTION h(x int) RETURNS int LANGUAGE sql RETURN x * 3',
    expect: [changed('function', 'function:{s}.h(x integer)', 'body')],
  },
  { name: 'volatility IMMUTABLE', base: F, change: 'ALTER FUNCTION f(integer) IMMUTABLE', expect: [fn('volatility')] },
  { name: 'volatility STABLE', base: F, change: 'ALTER FUNCTION f(integer) STABLE', expect: [fn('volatility')] },
  { name: 'STRICT', base: F, change: 'ALTER FUNCTION f(integer) STRICT', expect: [fn('strict')] },
  { name: 'SECURITY DEFINER', base: F, change: 'ALTER FUNCTION f(integer) SECURITY DEFINER', expect: [fn('securityDefiner')] },
  { name: 'config search_path set', base: F, change: 'ALTER FUNCTION f(integer) SET search_path = pg_catalog, pg_temp', expect: [fn('config')] },
  {
    name: 'config search_path changed',
    base: `${F} SET search_path = pg_catalog`,
    change: 'ALTER FUNCTION f(integer) SET search_path = public',
    expect: [fn('config')],
  },
  { name: 'config work_mem reset', base: `${F} SET work_mem = '64MB'`, change: 'ALTER FUNCTION f(integer) RESET work_mem', expect: [fn('config')] },
  { name: 'PARALLEL SAFE', base: F, change: 'ALTER FUNCTION f(integer) PARALLEL SAFE', expect: [fn('parallel')] },
  { name: 'LEAKPROOF', base: F, change: 'ALTER FUNCTION f(integer) LEAKPROOF', expect: [fn('leakproof')] },
  {
    name: 'return type',
    base: F,
    change: 'DROP FUNCTION f(integer); CREATE FUNCTION f(a integer) RETURNS bigint LANGUAGE sql AS $$ SELECT a + 1 $$',
    expect: [fn('returns')],
  },
  {
    name: 'return type: SETOF',
    base: F,
    change: 'DROP FUNCTION f(integer); CREATE FUNCTION f(a integer) RETURNS SETOF integer LANGUAGE sql AS $$ SELECT a + 1 $$',
    expect: [fn('returns')],
  },
  {
    name: 'language sql to plpgsql',
    base: F,
    change: 'CREATE OR REPLACE FUNCTION f(a integer) RETURNS integer LANGUAGE plpgsql AS $$ BEGIN RETURN a + 1; END $$',
    expect: [fn('language', 'body')],
  },
  {
    name: 'argument default changed',
    base: 'CREATE FUNCTION f(a integer DEFAULT 1) RETURNS integer LANGUAGE sql AS $$ SELECT a $$',
    change: 'DROP FUNCTION f(integer); CREATE FUNCTION f(a integer DEFAULT 2) RETURNS integer LANGUAGE sql AS $$ SELECT a $$',
    expect: [fn('arguments')],
  },
  { name: 'new overload', base: F, change: 'CREATE FUNCTION f(a text) RETURNS text LANGUAGE sql AS $$ SELECT a $$', expect: [unexpected('function', 'function:{s}.f(a text)')] },
  {
    name: 'procedure body',
    base: P,
    change: "CREATE OR REPLACE PROCEDURE pr(m text) LANGUAGE sql AS $$ INSERT INTO log VALUES (upper(m)) $$",
    expect: [changed('procedure', 'procedure:{s}.pr(', 'body')],
  },
  { name: 'procedure added', base: 'CREATE TABLE log (m text)', change: P.replace('CREATE TABLE log (m text); ', ''), expect: [unexpected('procedure', 'procedure:{s}.pr(')] },
  { name: 'procedure SECURITY DEFINER', base: P, change: 'ALTER PROCEDURE pr(text) SECURITY DEFINER', expect: [changed('procedure', 'procedure:{s}.pr(', 'securityDefiner')] },
  {
    name: 'aggregate added',
    base: '',
    change: 'CREATE AGGREGATE agg_sum(integer) (SFUNC = int4pl, STYPE = integer)',
    expect: [unexpected('function', 'function:{s}.agg_sum(integer)')],
  },
  { name: 'trigger added', base: TRIGGER_FN, change: 'CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf()', expect: [unexpected('trigger', 'trigger:{s}.t.tr')] },
  { name: 'trigger dropped', base: TR, change: 'DROP TRIGGER tr ON t', expect: [missing('trigger', 'trigger:{s}.t.tr')] },
  retrigger('trigger timing BEFORE to AFTER', 'AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf()', 'timing'),
  retrigger('trigger events: UPDATE added', 'BEFORE INSERT OR UPDATE ON t FOR EACH ROW EXECUTE FUNCTION tf()', 'events'),
  retrigger('trigger events: UPDATE OF a column', 'BEFORE INSERT OR UPDATE OF a ON t FOR EACH ROW EXECUTE FUNCTION tf()'),
  retrigger('trigger condition added', 'BEFORE INSERT ON t FOR EACH ROW WHEN (NEW.a > 0) EXECUTE FUNCTION tf()', 'condition'),
  retrigger('trigger level row to statement', 'BEFORE INSERT ON t FOR EACH STATEMENT EXECUTE FUNCTION tf()', 'level'),
  retrigger('trigger function changed', 'BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf2()', 'function'),
  retrigger('trigger function arguments', "BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf('audit')"),
  {
    name: 'trigger condition changed',
    base: `${TRIGGER_FN}; CREATE TRIGGER tr BEFORE UPDATE ON t FOR EACH ROW WHEN (OLD.a IS DISTINCT FROM NEW.a) EXECUTE FUNCTION tf()`,
    change: 'DROP TRIGGER tr ON t; CREATE TRIGGER tr BEFORE UPDATE ON t FOR EACH ROW WHEN (OLD.b IS DISTINCT FROM NEW.b) EXECUTE FUNCTION tf()',
    expect: [trg('definition', 'condition')],
  },
  { name: 'trigger disabled', base: TR, change: 'ALTER TABLE t DISABLE TRIGGER tr', expect: [trg('enabled')] },
  { name: 'trigger ENABLE ALWAYS', base: TR, change: 'ALTER TABLE t ENABLE ALWAYS TRIGGER tr', expect: [trg('enabled')] },
  { name: 'trigger ENABLE REPLICA', base: TR, change: 'ALTER TABLE t ENABLE REPLICA TRIGGER tr', expect: [trg('enabled')] },
  {
    name: 'trigger re-enabled',
    base: `${TR}; ALTER TABLE t DISABLE TRIGGER tr`,
    change: 'ALTER TABLE t ENABLE TRIGGER tr',
    expect: [trg('enabled')],
  },
  {
    name: 'constraint trigger DEFERRABLE',
    base: `${TRIGGER_FN}; CREATE CONSTRAINT TRIGGER ct AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf()`,
    change: 'DROP TRIGGER ct ON t; CREATE CONSTRAINT TRIGGER ct AFTER INSERT ON t DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION tf()',
    expect: [changed('trigger', 'trigger:{s}.t.ct', 'definition')],
  },
  {
    name: 'trigger on a view (INSTEAD OF) added',
    base: `${TRIGGER_FN}; CREATE VIEW v AS SELECT a, b FROM t`,
    change: 'CREATE TRIGGER vt INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION tf()',
    expect: [unexpected('trigger', 'trigger:{s}.v.vt')],
  },
  {
    name: 'OUT parameter added',
    base: 'CREATE FUNCTION o(a int, OUT b int) LANGUAGE sql AS $$ SELECT a $$',
    change: 'DROP FUNCTION o(int); CREATE FUNCTION o(a int, OUT b int, OUT c int) LANGUAGE sql AS $$ SELECT a, a $$',
    // pg_get_function_identity_arguments lists OUT parameters too, so the function is reported by two signatures.
    expect: [missing('function', 'function:{s}.o(a integer, OUT b integer)'), unexpected('function', 'function:{s}.o(a integer, OUT b integer, OUT c integer)')],
  },
  {
    name: 'argument type changed (another signature)',
    base: F,
    change: 'DROP FUNCTION f(integer); CREATE FUNCTION f(a bigint) RETURNS integer LANGUAGE sql AS $$ SELECT a::int + 1 $$',
    expect: [missing('function', 'function:{s}.f(a integer)'), unexpected('function', 'function:{s}.f(a bigint)')],
  },
  {
    name: 'VARIADIC',
    base: 'CREATE FUNCTION va(a int[]) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$',
    change: 'DROP FUNCTION va(int[]); CREATE FUNCTION va(VARIADIC a int[]) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$',
    expect: [missing('function', 'function:{s}.va(a integer[])'), unexpected('function', 'function:{s}.va(VARIADIC a integer[])')],
  },
];
