import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { loadJsonSchema } from '../../src/model/schema-files.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/*
 * Fleet checks end to end against a real PostgreSQL: tenant schemas mapped from one schema
 * written for public (exactly one drifted), several databases against one migrations folder with
 * one of them unreachable, --db-list, --db-list-cmd, --shard, and the bad inputs that must be
 * refused before any verdict (exit 2, one line, never a password). Few CLI runs: each builds a
 * shadow.
 */

const TIMEOUT = 120_000;
const TENANT_SQL = join('fixtures', 'fleet', 'tenant.sql');
const GOLANG = join('fixtures', 'migrations', 'golang-migrate');
const SECRET = 'Fl33tSecret';
const UNREACHABLE = `postgres://app:${SECRET}@127.0.0.1:1/app`;
const scratch = mkdtempSync(join(tmpdir(), 'pgdrift-fleet-'));
const databases: TestDatabase[] = [];

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strict: true });
ajv.addSchema(loadJsonSchema('report.schema.json'));
ajv.addSchema(JSON.parse(readFileSync(join(repoRoot, 'schemas/status.schema.json'), 'utf8')));
const validateFleet = ajv.compile(JSON.parse(readFileSync(join(repoRoot, 'schemas/fleet.schema.json'), 'utf8')));

let tenants: TestDatabase;
let migrated: TestDatabase[];

beforeAll(async () => {
  // One database of tenant schemas, exactly one of them (tenant_c) drifted; and a schema the glob leaves out.
  tenants = await createTestDatabase('pgdrift_fleet');
  const tenantSql = readFileSync(join(repoRoot, TENANT_SQL), 'utf8');
  const perTenant = tenantSql.slice(tenantSql.indexOf('CREATE TYPE status'));
  await tenants.exec(
    [
      "CREATE SCHEMA shared; CREATE TYPE shared.currency AS ENUM ('EUR', 'USD');",
      ...['a', 'b', 'c', 'd'].map((t) => `CREATE SCHEMA tenant_${t}; SET search_path = tenant_${t};\n${perTenant}`),
      'RESET search_path;',
      'ALTER TABLE tenant_c.invoice ADD COLUMN extra integer; DROP INDEX tenant_c.invoice_open;',
      'CREATE SCHEMA other; CREATE TABLE other.unrelated (id int);',
    ].join('\n'),
  );
  // Two databases at the head of the golang-migrate fixture; the second with a column too many.
  const sql = ['000001_create_users', '000002_add_posts', '000003_users_display_name'].map((n) => readFileSync(join(repoRoot, GOLANG, `${n}.up.sql`), 'utf8')).join('\n');
  const bookkeeping = 'CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL); INSERT INTO schema_migrations VALUES (3, false);';
  migrated = await Promise.all([createTestDatabase('pgdrift_fleet'), createTestDatabase('pgdrift_fleet')]);
  await migrated[0]!.exec(`${sql}\n${bookkeeping}`);
  await migrated[1]!.exec(`${sql}\n${bookkeeping}\nALTER TABLE users ADD COLUMN nickname text;`);
  databases.push(tenants, ...migrated);
}, TIMEOUT);

afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
  rmSync(scratch, { recursive: true, force: true });
});

interface FleetJson {
  status: string;
  exitCode: number;
  summary: Record<string, number>;
  entries: { target: string; schema: string | null; verdict: string; exitCode: number; changes: number | null; error: string | null; report: { changes: { id: string }[] } | null }[];
}

function parse(stdout: string): FleetJson {
  const json = JSON.parse(stdout) as FleetJson;
  expect(validateFleet(json) ? null : ajv.errorsText(validateFleet.errors)).toBeNull();
  return json;
}

test(
  'tenant schemas: every tenant_* schema against one schema written for public; exactly the drifted one is named (exit 1)',
  async () => {
    const text = join(scratch, 'tenants.txt');
    const r = await runCli(['check', '--db', tenants.url, '--schemas', 'tenant_*', '--expected', TENANT_SQL, '--schema', 'public', '--format', 'json', '--format-file', `text=${text}`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const json = parse(r.stdout);
    expect(json.entries.map((e) => [e.schema, e.verdict])).toEqual([
      ['tenant_a', 'ok'],
      ['tenant_b', 'ok'],
      ['tenant_c', 'drift'],
      ['tenant_d', 'ok'],
    ]);
    expect(json.entries.find((e) => e.schema === 'tenant_c')?.report?.changes.map((c) => c.id).sort()).toEqual(['column:tenant_c.invoice.extra', 'index:tenant_c.invoice.invoice_open']);
    expect(json.summary).toMatchObject({ databases: 1, entries: 4, ok: 3, drift: 1 });
    const table = readFileSync(text, 'utf8');
    expect(table).toMatch(/^✗ drift: 1 database, 4 schemas: 3 ok, 1 drift/);
    expect(table).toMatch(/tenant_c\s+drift\s+2\n/);
    expect(table).not.toMatch(/drift: .*tenant_[abd]/);
  },
  TIMEOUT,
);

test(
  'several databases against one migrations folder, from a --db-list with comments: a drifted one is 1, an unreachable one 3 and does not stop the others',
  async () => {
    const list = join(scratch, 'databases.txt');
    writeFileSync(list, `# production\n${migrated[0]!.url}\n\n${UNREACHABLE}\n  ${migrated[1]!.url}  \n`);
    const r = await runCli(['check', '--db-list', list, '--migrations', GOLANG, '--jobs', '2', '--connect-timeout', '5s', '--format', 'json', '--no-cache']);
    expect(r.code).toBe(3);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    const json = parse(r.stdout);
    expect(json.status).toBe('incomplete');
    const verdicts = Object.fromEntries(json.entries.map((e) => [e.target, e.verdict]));
    expect(verdicts).toEqual({
      [migrated[0]!.url.replace(/:[^:@/]*@/, ':***@')]: 'ok',
      [migrated[1]!.url.replace(/:[^:@/]*@/, ':***@')]: 'drift',
      'postgres://app:***@127.0.0.1:1/app': 'unreachable',
    });
    expect(json.entries.find((e) => e.verdict === 'unreachable')?.error).toMatch(/^cannot connect to postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/app/);
  },
  TIMEOUT,
);

test(
  '--db-list-cmd prints the list; --shard 2/2 takes the second of the sorted list',
  async () => {
    const [first, second] = [migrated[0]!.url, migrated[1]!.url].sort();
    const r = await runCli(['check', '--db-list-cmd', `printf '%s\\n' '${second}' '${first}'`, '--shard', '2/2', '--migrations', GOLANG, '--format', 'json']);
    expect(r.stderr).toBe('');
    const json = parse(r.stdout);
    expect(json.entries.map((e) => e.target)).toEqual([second!.replace(/:[^:@/]*@/, ':***@')]);
    expect(r.code).toBe(second === migrated[1]!.url ? 1 : 0);
  },
  TIMEOUT,
);

describe('refused before any verdict: exit 2, one line, no stack trace, no password', () => {
  const empty = join(scratch, 'empty.txt');
  writeFileSync(empty, '# nothing yet\n\n');
  test.each([
    ['a bad --shard', () => ['check', '--db', UNREACHABLE, '--db', `${UNREACHABLE}2`, '--expected', TENANT_SQL, '--shard', '3/2'], /^pgdrift: --shard 3\/2: I must be between 1 and 2\n$/],
    ['an empty --db-list', () => ['check', '--db-list', empty, '--expected', TENANT_SQL], /^pgdrift: --db-list .*empty\.txt: no database in it/],
    ['a glob matching no schema', () => ['check', '--db', tenants.url, '--schemas', 'nobody_*', '--expected', TENANT_SQL, '--schema', 'public'], /no schema matches --schemas 'nobody_\*'/],
    ['a template that cannot be mapped', () => ['check', '--db', UNREACHABLE, '--schemas', 'tenant_*', '--expected', TENANT_SQL], /^pgdrift: --schemas maps one expected schema onto each tenant schema, but the expected side has objects in public, shared/],
    ['a CI format', () => ['check', '--db', UNREACHABLE, '--db', tenants.url, '--expected', TENANT_SQL, '--format', 'sarif'], /^pgdrift: --format sarif is not available for a fleet check/],
  ])(
    '%s',
    async (_what, args, message) => {
      const r = await runCli(args());
      expect(r.code).toBe(2);
      expect(r.stdout + r.stderr).not.toContain(SECRET);
      expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout + r.stderr).toMatch(message);
    },
    TIMEOUT,
  );
});
