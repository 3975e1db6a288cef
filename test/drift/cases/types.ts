import type { DriftCase } from '../support/case.js';
import type { Change } from '../../../src/compare/change.js';
import { changed, missing, unexpected } from '../support/expect.js';

const E = "CREATE TYPE e AS ENUM ('a', 'b')";
const en = (...props: string[]) => changed('enum', 'enum:{s}.e', ...props);
const D = 'CREATE DOMAIN d AS integer';
const dom = (...props: string[]) => changed('domain', 'domain:{s}.d', ...props);
const C = 'CREATE TYPE ct AS (x integer, y text)';
const comp = (...props: string[]) => changed('composite type', 'composite type:{s}.ct', ...props);
/** Extensions are database-wide: the case names the one it owns. */
const extension = (name: string) => (c: Change) => c.id === `extension:${name}`;

/**
 * Enums, domains, composite types, extensions and schemas.
 * Run by `changes-types.test.ts` (drift reports) and `test/ddl/round-trip-types.test.ts` (DDL round trips).
 */
export const typeCases: readonly DriftCase[] = [
  { name: 'enum added', base: '', change: E, expect: [unexpected('enum', 'enum:{s}.e')] },
  { name: 'enum dropped', base: E, change: 'DROP TYPE e', expect: [missing('enum', 'enum:{s}.e')] },
  { name: 'enum label added', base: E, change: ["ALTER TYPE e ADD VALUE 'c'"], expect: [en('labels')] },
  { name: 'enum label added BEFORE (order)', base: E, change: ["ALTER TYPE e ADD VALUE 'z' BEFORE 'a'"], expect: [en('labels')] },
  {
    name: 'enum label order only',
    base: "CREATE TYPE e AS ENUM ('a', 'b', 'c')",
    change: "DROP TYPE e; CREATE TYPE e AS ENUM ('a', 'c', 'b')",
    expect: [en('labels')],
  },
  { name: 'enum label renamed', base: E, change: "ALTER TYPE e RENAME VALUE 'b' TO 'bb'", expect: [en('labels')] },
  { name: 'domain added', base: '', change: D, expect: [unexpected('domain', 'domain:{s}.d')] },
  { name: 'domain dropped', base: D, change: 'DROP DOMAIN d', expect: [missing('domain', 'domain:{s}.d')] },
  { name: 'domain base type', base: D, change: 'DROP DOMAIN d; CREATE DOMAIN d AS bigint', expect: [dom('baseType')] },
  { name: 'domain base type length', base: 'CREATE DOMAIN d AS varchar(10)', change: 'DROP DOMAIN d; CREATE DOMAIN d AS varchar(20)', expect: [dom('baseType')] },
  { name: 'domain default added', base: D, change: 'ALTER DOMAIN d SET DEFAULT 0', expect: [dom('default')] },
  { name: 'domain default changed', base: `${D} DEFAULT 0`, change: 'ALTER DOMAIN d SET DEFAULT 1', expect: [dom('default')] },
  { name: 'domain NOT NULL', base: D, change: 'ALTER DOMAIN d SET NOT NULL', expect: [dom('notNull')] },
  { name: 'domain check added', base: D, change: 'ALTER DOMAIN d ADD CONSTRAINT d_pos CHECK (VALUE > 0)', expect: [dom('checks')] },
  { name: 'domain check added NOT VALID', base: D, change: 'ALTER DOMAIN d ADD CONSTRAINT d_pos CHECK (VALUE > 0) NOT VALID', expect: [dom('checks')] },
  {
    name: 'domain check NOT VALID instead of validated',
    base: `${D} CONSTRAINT d_pos CHECK (VALUE > 0)`,
    change: 'ALTER DOMAIN d DROP CONSTRAINT d_pos; ALTER DOMAIN d ADD CONSTRAINT d_pos CHECK (VALUE > 0) NOT VALID',
    expect: [dom('checks')],
  },
  {
    name: 'domain check expression changed',
    base: `${D} CONSTRAINT d_pos CHECK (VALUE > 0)`,
    change: 'ALTER DOMAIN d DROP CONSTRAINT d_pos; ALTER DOMAIN d ADD CONSTRAINT d_pos CHECK (VALUE >= 0)',
    expect: [dom('checks')],
  },
  { name: 'domain check dropped', base: `${D} CONSTRAINT d_pos CHECK (VALUE > 0)`, change: 'ALTER DOMAIN d DROP CONSTRAINT d_pos', expect: [dom('checks')] },
  { name: 'domain collation', base: 'CREATE DOMAIN d AS text', change: 'DROP DOMAIN d; CREATE DOMAIN d AS text COLLATE "C"', expect: [dom('collation')] },
  { name: 'composite type added', base: '', change: C, expect: [unexpected('composite type', 'composite type:{s}.ct')] },
  { name: 'composite type dropped', base: C, change: 'DROP TYPE ct', expect: [missing('composite type', 'composite type:{s}.ct')] },
  { name: 'composite attribute added', base: C, change: 'ALTER TYPE ct ADD ATTRIBUTE z date', expect: [comp('attributes')] },
  { name: 'composite attribute type changed', base: C, change: 'ALTER TYPE ct ALTER ATTRIBUTE x TYPE bigint', expect: [comp('attributes')] },
  { name: 'composite attribute dropped', base: C, change: 'ALTER TYPE ct DROP ATTRIBUTE y', expect: [comp('attributes')] },
  { name: 'composite attribute collation', base: C, change: 'ALTER TYPE ct ALTER ATTRIBUTE y TYPE text COLLATE "C"', expect: [comp('attributes')] },
  { name: 'composite attribute renamed', base: C, change: 'ALTER TYPE ct RENAME ATTRIBUTE y TO w', expect: [comp('attributes')] },
  { name: 'extension created (pg_trgm)', base: '', change: 'CREATE EXTENSION pg_trgm', expect: [unexpected('extension', 'extension:pg_trgm')], claims: extension('pg_trgm') },
  { name: 'extension dropped (hstore)', base: 'CREATE EXTENSION hstore', change: 'DROP EXTENSION hstore', expect: [missing('extension', 'extension:hstore')], claims: extension('hstore') },
  {
    name: 'extension moved to another schema (citext)',
    base: 'CREATE EXTENSION citext',
    change: 'CREATE SCHEMA {s}_x; ALTER EXTENSION citext SET SCHEMA {s}_x',
    expect: [changed('extension', 'extension:citext', 'schema'), unexpected('schema', 'schema:{s}_x')],
    claims: extension('citext'),
  },
  { name: 'schema added', base: '', change: 'CREATE SCHEMA {s}_x', expect: [unexpected('schema', 'schema:{s}_x')] },
  { name: 'schema dropped', base: 'CREATE SCHEMA {s}_x', change: 'DROP SCHEMA {s}_x', expect: [missing('schema', 'schema:{s}_x')] },
  {
    name: 'schema dropped with its objects',
    base: 'CREATE SCHEMA {s}_x; CREATE TABLE {s}_x.t (a int); CREATE VIEW {s}_x.v AS SELECT a FROM {s}_x.t',
    change: 'DROP SCHEMA {s}_x CASCADE',
    expect: [missing('schema', 'schema:{s}_x'), missing('table', 'table:{s}_x.t'), missing('view', 'view:{s}_x.v')],
  },
  { name: 'schema comment', base: 'CREATE SCHEMA {s}_x', change: "COMMENT ON SCHEMA {s}_x IS 'x'", expect: [changed('schema', 'schema:{s}_x', 'comment')] },
  { name: 'schema owner', base: 'CREATE SCHEMA {s}_x', change: 'ALTER SCHEMA {s}_x OWNER TO {r1}', expect: [changed('schema', 'schema:{s}_x', 'owner')] },
  {
    name: 'extension version (btree_gin 1.2 instead of the default)',
    base: 'CREATE EXTENSION btree_gin',
    change: "DROP EXTENSION btree_gin; CREATE EXTENSION btree_gin VERSION '1.2'",
    expect: [changed('extension', 'extension:btree_gin', 'version')],
    claims: extension('btree_gin'),
  },
  {
    name: 'domain over another domain',
    base: 'CREATE DOMAIN d0 AS int; CREATE DOMAIN d1 AS int; CREATE DOMAIN d AS d0',
    change: 'DROP DOMAIN d; CREATE DOMAIN d AS d1',
    expect: [dom('baseType')],
  },
];
