import type { DriftCase } from '../support/case.js';
import { changed, missing, unexpected } from '../support/expect.js';

const RLS = `CREATE TABLE t (a int, owner text);
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON t USING (owner = current_user)`;
const pol = (...props: string[]) => changed('policy', 'policy:{s}.t.p', ...props);
/** The base has policy `p`; the change re-creates it as `definition` (after `CREATE POLICY p ON t`). */
const repolicy = (name: string, definition: string, ...props: string[]) => ({
  name,
  base: RLS,
  change: `DROP POLICY p ON t; CREATE POLICY p ON t ${definition}`,
  expect: [pol(...props)],
});
const T = 'CREATE TABLE t (a int, b text)';
const F = 'CREATE FUNCTION f(x integer) RETURNS integer LANGUAGE sql AS $$ SELECT x $$';

/**
 * Row-level security policies and grants.
 * Run by `changes-security.test.ts` (drift reports) and `test/ddl/round-trip-security.test.ts` (DDL round trips).
 */
export const securityCases: readonly DriftCase[] = [
  { name: 'policy added', base: RLS, change: 'CREATE POLICY p2 ON t FOR SELECT USING (true)', expect: [unexpected('policy', 'policy:{s}.t.p2')] },
  { name: 'policy dropped', base: RLS, change: 'DROP POLICY p ON t', expect: [missing('policy', 'policy:{s}.t.p')] },
  repolicy('policy command ALL to SELECT', 'FOR SELECT USING (owner = current_user)', 'command'),
  repolicy('policy command ALL to DELETE', 'FOR DELETE USING (owner = current_user)', 'command'),
  repolicy('policy PERMISSIVE to RESTRICTIVE', 'AS RESTRICTIVE USING (owner = current_user)', 'permissive'),
  { name: 'policy roles', base: RLS, change: 'ALTER POLICY p ON t TO {r1}', expect: [pol('roles')] },
  {
    name: 'policy roles: one more role',
    base: `${RLS.replace('USING', 'TO {r1} USING')}`,
    change: 'ALTER POLICY p ON t TO {r1}, {r2}',
    expect: [pol('roles')],
  },
  { name: 'policy USING changed', base: RLS, change: "ALTER POLICY p ON t USING (owner = current_user OR owner = 'admin')", expect: [pol('using')] },
  { name: 'policy WITH CHECK added', base: RLS, change: 'ALTER POLICY p ON t WITH CHECK (a > 0)', expect: [pol('withCheck')] },
  {
    name: 'policy WITH CHECK changed',
    base: `${RLS} WITH CHECK (a > 0)`,
    change: 'ALTER POLICY p ON t WITH CHECK (a >= 0)',
    expect: [pol('withCheck')],
  },
  { name: 'grant table SELECT', base: T, change: 'GRANT SELECT ON t TO {r1}', expect: [unexpected('grant', 'grant:table {s}.t to {r1} SELECT')] },
  {
    name: 'grant table SELECT revoked',
    base: `${T}; GRANT SELECT ON t TO {r1}`,
    change: 'REVOKE SELECT ON t FROM {r1}',
    expect: [missing('grant', 'grant:table {s}.t to {r1} SELECT')],
  },
  {
    name: 'grant table: one privilege more',
    base: `${T}; GRANT SELECT ON t TO {r1}`,
    change: 'GRANT INSERT, DELETE ON t TO {r1}',
    expect: [unexpected('grant', 'grant:table {s}.t to {r1} INSERT'), unexpected('grant', 'grant:table {s}.t to {r1} DELETE')],
  },
  { name: 'grant table to PUBLIC', base: T, change: 'GRANT SELECT ON t TO PUBLIC', expect: [unexpected('grant', 'grant:table {s}.t to public SELECT')] },
  { name: 'grant to another role', base: `${T}; GRANT SELECT ON t TO {r1}`, change: 'REVOKE SELECT ON t FROM {r1}; GRANT SELECT ON t TO {r2}', expect: [missing('grant', 'grant:table {s}.t to {r1} SELECT'), unexpected('grant', 'grant:table {s}.t to {r2} SELECT')] },
  { name: 'grant on a view', base: `${T}; CREATE VIEW v AS SELECT a FROM t`, change: 'GRANT SELECT ON v TO {r1}', expect: [unexpected('grant', 'grant:table {s}.v to {r1} SELECT')] },
  { name: 'grant column UPDATE (a)', base: T, change: 'GRANT UPDATE (a) ON t TO {r1}', expect: [unexpected('grant', 'grant:column {s}.t.a to {r1} UPDATE')] },
  {
    name: 'grant column moved to another column',
    base: `${T}; GRANT SELECT (a) ON t TO {r1}`,
    change: 'REVOKE SELECT (a) ON t FROM {r1}; GRANT SELECT (b) ON t TO {r1}',
    expect: [missing('grant', 'grant:column {s}.t.a to {r1} SELECT'), unexpected('grant', 'grant:column {s}.t.b to {r1} SELECT')],
  },
  { name: 'grant schema USAGE', base: '', change: 'GRANT USAGE ON SCHEMA {s} TO {r1}', expect: [unexpected('grant', 'grant:schema {s} to {r1} USAGE')] },
  { name: 'grant schema CREATE', base: '', change: 'GRANT CREATE ON SCHEMA {s} TO {r1}', expect: [unexpected('grant', 'grant:schema {s} to {r1} CREATE')] },
  {
    name: 'grant sequence USAGE',
    base: 'CREATE SEQUENCE q',
    change: 'GRANT USAGE ON SEQUENCE q TO {r1}',
    expect: [unexpected('grant', 'grant:sequence {s}.q to {r1} USAGE')],
  },
  { name: 'grant function EXECUTE', base: F, change: 'GRANT EXECUTE ON FUNCTION f(integer) TO {r1}', expect: [unexpected('grant', 'grant:function {s}.f(x integer) to {r1} EXECUTE')] },
  {
    name: 'REVOKE EXECUTE FROM PUBLIC',
    base: F,
    change: 'REVOKE EXECUTE ON FUNCTION f(integer) FROM PUBLIC',
    expect: [missing('grant', 'grant:function {s}.f(x integer) to public EXECUTE')],
  },
  {
    name: 'WITH GRANT OPTION',
    base: `${T}; GRANT SELECT ON t TO {r1}`,
    change: 'GRANT SELECT ON t TO {r1} WITH GRANT OPTION',
    expect: [changed('grant', 'grant:table {s}.t to {r1} SELECT', 'grantable')],
  },
  {
    name: 'grant option revoked',
    base: `${T}; GRANT SELECT ON t TO {r1} WITH GRANT OPTION`,
    change: 'REVOKE GRANT OPTION FOR SELECT ON t FROM {r1}',
    expect: [changed('grant', 'grant:table {s}.t to {r1} SELECT', 'grantable')],
  },
  {
    name: 'privilege revoked from the owner itself',
    base: `${T}; ALTER TABLE t OWNER TO {r3}`,
    change: 'REVOKE DELETE ON t FROM {r3}',
    expect: [missing('grant', 'grant:table {s}.t to {r3} DELETE')],
  },
  {
    name: 'privilege revoked from the owner, with grants to others',
    base: `${T}; ALTER TABLE t OWNER TO {r3}; GRANT SELECT ON t TO {r1}`,
    change: 'REVOKE TRUNCATE ON t FROM {r3}',
    expect: [missing('grant', 'grant:table {s}.t to {r3} TRUNCATE')],
  },
  {
    name: 'privilege revoked from the owner of a sequence',
    base: 'CREATE SEQUENCE q; ALTER SEQUENCE q OWNER TO {r3}',
    change: 'REVOKE UPDATE ON SEQUENCE q FROM {r3}',
    expect: [missing('grant', 'grant:sequence {s}.q to {r3} UPDATE')],
  },
  {
    name: 'privilege revoked from the owner of a schema',
    base: 'CREATE SCHEMA {s}_own; ALTER SCHEMA {s}_own OWNER TO {r3}',
    change: 'REVOKE CREATE ON SCHEMA {s}_own FROM {r3}',
    expect: [missing('grant', 'grant:schema {s}_own to {r3} CREATE')],
  },
  {
    name: 'grant option given to the owner',
    base: `${T}; ALTER TABLE t OWNER TO {r3}`,
    change: 'REVOKE SELECT ON t FROM {r3}; GRANT SELECT ON t TO {r3} WITH GRANT OPTION',
    expect: [changed('grant', 'grant:table {s}.t to {r3} SELECT', 'grantable')],
  },
];
