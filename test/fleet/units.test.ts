import { InputError } from '../../src/errors.js';
import { emptySnapshot, type Snapshot } from '../../src/model/snapshot.js';
import { mapWithLimit } from '../../src/fleet/pool.js';
import { parseShard, shardOf } from '../../src/fleet/shard.js';
import { collectTargets, parseTargetList } from '../../src/fleet/targets.js';
import { mapText, mapToSchema, tenantTemplate } from '../../src/fleet/tenants.js';
import { table as tableOf } from '../compare/builders.js';

/*
 * The parts of a fleet check that need no database: --shard, the database lists, the bounded
 * pool, and the renaming of a template schema onto tenant schemas.
 */

describe('--shard I/N', () => {
  test.each([
    ['1/1', 1, 1],
    ['2/4', 2, 4],
    [' 3 / 3 ', 3, 3],
  ])('%s is accepted', (spec, index, count) => {
    expect(parseShard(spec)).toEqual({ index, count });
  });

  test.each(['0/4', '5/4', '1/0', '0/0', 'a/b', '1/2/3', '-1/4', '1.5/4', '', '1'])('%p is refused (exit 2)', (spec) => {
    expect(() => parseShard(spec)).toThrow(InputError);
  });

  test('N shards cover the sorted list exactly once, whatever order it was given in, and differ in size by at most one', () => {
    const targets = Array.from({ length: 23 }, (_, i) => `postgres://db${(i * 7) % 23}/app`);
    const shuffled = [...targets].reverse();
    for (const count of [1, 2, 3, 4, 23, 30]) {
      const parts = Array.from({ length: count }, (_, i) => shardOf(targets, { index: i + 1, count }));
      expect(parts.flat().sort()).toEqual([...targets].sort());
      const sizes = parts.map((p) => p.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      // The same list in another order gives every job the same part.
      expect(Array.from({ length: count }, (_, i) => shardOf(shuffled, { index: i + 1, count }))).toEqual(parts);
    }
  });
});

describe('database lists', () => {
  test('one connection string per line; # comments, blank lines and surrounding spaces are skipped', () => {
    const text = '# staging\npostgres://db1/app\n\n   host=db2 dbname=app  \r\n  # postgres://commented/out\n';
    expect(parseTargetList(text, 'dbs.txt')).toEqual(['postgres://db1/app', 'host=db2 dbname=app']);
  });

  test('a line that is no connection string names file:line, never the password', () => {
    expect(() => parseTargetList('postgres://a/b\nnot a url:Secret\n', 'dbs.txt')).toThrow(/^dbs\.txt:2: not a postgres/);
    expect(() => parseTargetList('postgres://u:Secret1@a/b\npostgres://u:Secret1@a/b\n', 'dbs.txt')).toThrow('dbs.txt:2: postgres://u:***@a/b is already on line 1; give each database once');
  });

  test('a command runs only when given, and what it prints is the list', async () => {
    expect(await collectTargets({ db: ['postgres://a/x'], dbListCommand: "printf 'postgres://b/x\\n# c\\n'" })).toEqual(['postgres://a/x', 'postgres://b/x']);
    await expect(collectTargets({ dbListCommand: 'echo oops >&2; exit 3' })).rejects.toThrow('--db-list-cmd failed with exit code 3: oops');
    await expect(collectTargets({ dbListCommand: 'true' })).rejects.toThrow(/^--db-list-cmd printed no database/);
    await expect(collectTargets({ dbListCommand: 'sleep 5', commandTimeoutMs: 200 })).rejects.toThrow(/timed out/);
    await expect(collectTargets({ db: ['postgres://a/x'], dbListCommand: 'echo postgres://a/x' })).rejects.toThrow('postgres://a/x is given twice (--db and --db-list-cmd)');
  });
});

test('the pool never runs more than `jobs` tasks at once, and keeps the order of the items', async () => {
  let running = 0;
  let most = 0;
  const results = await mapWithLimit([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
    running++;
    most = Math.max(most, running);
    await new Promise((r) => setImmediate(r));
    running--;
    return n * 10;
  });
  expect(results).toEqual([10, 20, 30, 40, 50, 60, 70]);
  expect(most).toBe(3);
});

describe('mapping the template schema onto a tenant', () => {
  const declared = new Set(['account', 'account_id_seq', 'status', 'touch']);
  const map = (t: string) => mapText(t, 'public', 'tenant_a', declared);

  test.each([
    ["nextval('public.account_id_seq'::regclass)", "nextval('tenant_a.account_id_seq'::regclass)"],
    ['FOREIGN KEY (parent) REFERENCES public.account(id)', 'FOREIGN KEY (parent) REFERENCES tenant_a.account(id)'],
    ["'active'::public.status", "'active'::tenant_a.status"],
    ['public.status[]', 'tenant_a.status[]'],
    // An extension's type in public is shared by every tenant: it stays.
    ['public.citext', 'public.citext'],
    // Data is data: a literal that is not a name cast stays as written.
    ["CHECK ((note <> 'public.account'::text))", "CHECK ((note <> 'public.account'::text))"],
    ['(x).public', '(x).public'],
  ])('%s → %s', (from, to) => {
    expect(map(from)).toBe(to);
  });

  test('a tenant name that needs quoting is quoted as the catalog prints it', () => {
    expect(mapText('public.account', 'public', 'Tenant A', declared)).toBe('"Tenant A".account');
  });

  test('the template name used as something other than a schema (an alias, a column) is refused', () => {
    expect(() => map('SELECT public.id FROM x public')).toThrow(InputError);
    expect(() => map('lower(public)')).toThrow(InputError);
  });

  const source = { kind: 'sql', description: 'tenant.sql', serverVersionNum: 180000 };
  const table = (schema: string, name: string) => tableOf({ schema, name, columns: [] });
  const fn = (body: string, config: string[] = []) => ({
    schema: 'public',
    name: 'touch',
    kind: 'function' as const,
    identityArguments: '',
    arguments: '',
    returns: 'trigger',
    language: 'plpgsql',
    body,
    volatility: 'volatile' as const,
    strict: false,
    securityDefiner: false,
    leakproof: false,
    parallel: 'unsafe' as const,
    config,
    owner: null,
    comment: null,
  });
  const snap = (parts: Partial<Snapshot>): Snapshot => ({ ...emptySnapshot(source), ...parts });

  test('the template is the one schema the expected side has objects in; its extensions are left out', () => {
    const t = tenantTemplate(snap({ tables: [table('public', 'account')], extensions: [{ name: 'citext', schema: 'public', version: null }] }));
    expect(t.schema).toBe('public');
    const mapped = mapToSchema(t, 'tenant_b');
    expect(mapped.tables.map((x) => `${x.schema}.${x.name}`)).toEqual(['tenant_b.account']);
    expect(mapped.extensions).toEqual([]);
  });

  test.each([
    ['no object at all', snap({}), /declares no table/],
    ['objects in two schemas', snap({ tables: [table('public', 'account'), table('billing', 'invoice')] }), /has objects in billing, public; choose the template with --schema NAME/],
    ['a function body naming a template object with its schema', snap({ tables: [table('public', 'account')], functions: [fn('BEGIN UPDATE public.account SET x = 1; END')] }), /body of function public\.touch/],
    ['a search_path naming the template schema', snap({ functions: [fn('BEGIN RETURN NEW; END', ['search_path=public, pg_temp'])] }), /sets search_path to public/],
    ['an object named like the schema', snap({ tables: [table('public', 'public')] }), /has an object named public/],
  ])('refused (exit 2): %s', (_what, expected, message) => {
    expect(() => tenantTemplate(expected)).toThrow(message);
  });

  test('a function body that leaves names unqualified maps', () => {
    const t = tenantTemplate(snap({ tables: [table('public', 'account')], functions: [fn('BEGIN NEW.at = now(); PERFORM public.citext_hash(x); RETURN NEW; END')] }));
    expect(mapToSchema(t, 'tenant_a').functions[0]?.schema).toBe('tenant_a');
  });
});
